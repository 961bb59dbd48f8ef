import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import Synchronization
import Testing

/// What the PostgreSQL store's database enforces itself, whoever connects with whatever client:
/// psql or libpq as a member of staff, beside barnkoll. Needs a test cluster (BARNKOLL_PG_SOCKET).
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresRules {
    static let complete: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar.")]

    /// Norr and Söder; anna admin, nora caseworker in Norr, sven in Söder, nils supervisor of Norr.
    func unitStore(_ folder: TemporaryFolder) throws -> (store: PostgresStore, conninfo: String) {
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "sven", granted: true, by: "anna", unit: "Söder")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        return (store, conninfo)
    }

    /// The SQLSTATE a statement fails with, or nil when it succeeds.
    func sqlstate(_ connection: PQConnection, _ sql: String, _ parameters: [String?] = []) -> String? {
        do {
            try connection.query(sql, parameters)
            return nil
        } catch {
            return error.sqlstate
        }
    }

    /// psql itself, as `role`: its exit status and what it printed.
    func psql(_ conninfo: String, as role: String, _ sql: String) throws -> (status: Int32, output: String) {
        let bin = try #require(try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/lib/postgresql/\(bin)/bin/psql")
        process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "\(conninfo) user=\(role)", "-c", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func anotherUnitsCaseworkerReadsNothingThroughPsql() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let norr = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        _ = try store.submit(norr, by: "nora")
        try store.approve(norr, by: "nils", comment: "Bra.")
        // Table by table: no table of the schema gives sven a row.
        let superuser = try PostgresCluster.superuser(of: store)
        let tables = try superuser.query("SELECT tablename FROM pg_tables WHERE schemaname = 'barnkoll' ORDER BY 1").rows
            .compactMap { $0.first ?? nil }
        #expect(tables.count >= 10)
        // Except the schema's version list, which every client reads to refuse a newer schema.
        for table in tables where table != "schema_migration" {
            let result = try psql(conninfo, as: "sven", "SELECT count(*) FROM barnkoll.\(table)")
            #expect(result.status != 0 && result.output.contains("permission denied"), "\(table): \(result.output)")
        }
        // And through the functions: the list holds none of Norr's, the record is refused.
        #expect(try psql(conninfo, as: "sven", "SELECT count(*) FROM barnkoll.analysis_summaries()").output
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let read = try psql(conninfo, as: "sven", "SELECT barnkoll.analysis_record('\(norr)', true)")
        #expect(read.status != 0 && !read.output.contains("Vill bo kvar"))
        // Nora, of Norr, reads it through the same door, and the read is logged.
        #expect(try psql(conninfo, as: "nora", "SELECT barnkoll.analysis_record('\(norr)', true)").output.contains("Vill bo kvar"))
        #expect(try store.auditEvents(for: norr).last?.action == "analysis.read")
    }

    @Test func rowLevelSecurityHoldsShouldATableEverBeGranted() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let norr = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        let soder = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Söder", author: "sven", answers: Self.complete).id
        // A DBA's mistake: staff granted the tables themselves.
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("GRANT SELECT ON barnkoll.analysis, barnkoll.answer TO barnkoll_staff")
        let sven = try PQConnection(conninfo, user: "sven", location: "test")
        #expect(try sven.query("SELECT id FROM barnkoll.analysis").rows.map { $0.first ?? nil } == [soder])
        #expect(try sven.query("SELECT DISTINCT analysis_id FROM barnkoll.answer").rows.map { $0.first ?? nil } == [soder])
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(try nora.query("SELECT id FROM barnkoll.analysis").rows.map { $0.first ?? nil } == [norr])
    }

    @Test func aCaseworkersDeleteOfTheAuditAndSelectOfAnswersAreRefused() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete)
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(sqlstate(nora, "DELETE FROM barnkoll.audit") == "42501")
        #expect(sqlstate(nora, "SELECT * FROM barnkoll.answer") == "42501")
        #expect(sqlstate(nora, "SELECT * FROM barnkoll.analysis_key") == "42501")
        #expect(sqlstate(nora, "SELECT barnkoll.audit_append('analysis.read', NULL, NULL)") == "42501")
        // Not even the owner's functions get past the triggers: the audit is append-only.
        let superuser = try PostgresCluster.superuser(of: store)
        #expect(sqlstate(superuser, "SET ROLE barnkoll_owner") == nil)
        #expect(sqlstate(superuser, "DELETE FROM barnkoll.audit") == "BK409")
        #expect(sqlstate(superuser, "UPDATE barnkoll.audit SET account = 'x'") == "BK409")
        #expect(sqlstate(superuser, "TRUNCATE barnkoll.audit") == "BK409")
        // The store maps a refused right onto a message that names it.
        let denied = PostgresStore.map(PQError(sqlstate: "42501", message: "permission denied for table answer"), location: "x")
        #expect(denied.message(.sv).contains("databasen nekade behörighet: permission denied for table answer"))
        #expect(denied.message(.en).contains("the database denied permission: permission denied for table answer"))
    }

    /// Migration 7: a group analysis (issue 22) is read by everyone and reviewed by any supervisor
    /// or admin but its author, in the database itself, whoever calls its functions.
    @Test func theDatabaseOpensGroupAnalysesToEveryoneAndToAnySupervisorsReview() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        try store.setRole(.supervisor, for: "siv", granted: true, by: "anna", unit: "Söder")
        let checklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID)
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-gruppanalys.yaml").path
        let answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: path)), file: path,
                                               checklist: checklist)
        let group = try store.create(checklist: checklist, caseRef: "SN 2026/0412", unit: "Norr", author: "nora", answers: answers).id
        let norr = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        _ = try store.submit(group, by: "nora")
        _ = try store.submit(norr, by: "nora")
        // sven of Söder reads the group analysis through psql, and nothing of Norr's own.
        #expect(try psql(conninfo, as: "sven", "SELECT id FROM barnkoll.analysis_summaries()").output
            .trimmingCharacters(in: .whitespacesAndNewlines) == group)
        #expect(try psql(conninfo, as: "sven", "SELECT barnkoll.analysis_record('\(group)', true)").output.contains("ungdomsrådet"))
        // Row-level security agrees, should a table ever be granted.
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("GRANT SELECT ON barnkoll.analysis TO barnkoll_staff")
        let sven = try PQConnection(conninfo, user: "sven", location: "test")
        #expect(try sven.query("SELECT id FROM barnkoll.analysis").rows.map { $0.first ?? nil } == [group])
        // Reviews, past Core: a caseworker and the author are refused; a supervisor of Söder approves
        // the group analysis of Norr, but not Norr's individual one.
        let approve = "SELECT * FROM barnkoll.record_review($1, 'approve', 1, NULL, '{}', NULL, 'approved', NULL)"
        #expect(sqlstate(sven, approve, [group]) == "BK401")
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(sqlstate(nora, approve, [group]) == "BK401")
        let siv = try PQConnection(conninfo, user: "siv", location: "test")
        #expect(sqlstate(siv, approve, [norr]) != nil)
        #expect(sqlstate(siv, approve, [group]) == nil)
        #expect(try store.header(group).summary.status == .approved)
        #expect(try store.header(norr).summary.status == .submitted)
    }

    @Test func anAuthorCannotApproveTheirOwnEvenByCallingTheFunction() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        try store.setRole(.caseworker, for: "nils", granted: true, by: "anna", unit: "Norr")
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nils", answers: Self.complete).id
        _ = try store.submit(id, by: "nils")
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        let approve = "SELECT * FROM barnkoll.record_review($1, 'approve', 1, NULL, '{}', NULL, 'approved', NULL)"
        #expect(sqlstate(nils, approve, [id]) == "BK401")
        // A caseworker is no reviewer either.
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(sqlstate(nora, approve, [id]) == "BK401")
        #expect(try store.header(id).summary.status == .submitted)
        // The trigger holds even for the owner's own statements.
        let superuser = try PostgresCluster.superuser(of: store)
        #expect(sqlstate(superuser, "INSERT INTO barnkoll.review (analysis_id, version, reviewer, decision, at) VALUES ($1, 1, 'nils', 'approve', 'x')",
                         [id]) == "BK401")
    }

    /// Migration 21: past 9,999 analyses of a kind in a year the number is written whole (lpad cut
    /// it to four digits, so the 10,000th took the 1,000th's id and was refused as a duplicate).
    @Test func theTenThousandthAnalysisOfAYearKeepsItsWholeNumber() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let first = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: [:]).id
        let parts = first.split(separator: "-")
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("UPDATE barnkoll.id_sequence SET next = 10000 WHERE prefix = $1 AND year = $2",
                            [String(parts[0]), String(parts[1])])
        let next = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: [:]).id
        #expect(next == "\(parts[0])-\(parts[1])-10000")
        let after = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: [:]).id
        #expect(after == "\(parts[0])-\(parts[1])-10001")
        #expect(try superuser.query("SELECT barnkoll.number_text(7), barnkoll.number_text(123456)").rows.first == ["0007", "123456"])
    }

    /// Migration 13: a colleague and a supervisor who see a draft cannot write in it, even by
    /// calling the save function themselves; the author can.
    @Test func onlyTheAuthorWritesEvenByCallingTheFunction() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora",
                                  answers: ["view": .text("Vill bo kvar.")]).id
        let save = "SELECT barnkoll.save_answer($1, 'view', '\"Ändrat\"', 'Ändrat')"
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        #expect(sqlstate(nils, save, [id]) == "BK401")
        #expect(try store.analysis(id, readBy: "nora").answers["view"] == .text("Vill bo kvar."))
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(sqlstate(nora, save, [id]) == nil)
        #expect(try store.analysis(id, readBy: "nora").answers["view"] == .text("Ändrat"))
    }

    /// A hard stop is overridden only on an accepted ground, in the database as in Core.
    @Test func anOverrideWithoutAnAcceptedGroundIsRefusedByTheDatabase() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora",
                                  answers: Self.complete.merging(["care": .text("yes")]) { $1 }).id
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        let override = "SELECT * FROM barnkoll.record_review($1, 'override', 0, 'Skäl', '{}', 'care-stop', NULL, $2)"
        #expect(sqlstate(nils, override.replacingOccurrences(of: "$2", with: "NULL"), [id]) == "BK401")
        #expect(sqlstate(nils, override, [id, "because"]) == "23514")
        let approveWithGround = "SELECT * FROM barnkoll.record_review($1, 'approve', 0, NULL, '{}', NULL, 'approved', 'to_board')"
        #expect(sqlstate(nils, approveWithGround, [id]) == "BK401")
        #expect(sqlstate(nils, override, [id, "to_board"]) == nil)
        #expect(try store.analysis(id, readBy: "nils").reviews.map(\.ground) == [.toBoard])
    }

    @Test func fourWritersAtOnceLeaveAVerifyingChain() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let writers = ["anna", "nora", "nils", "sven"]
        for writer in ["nils"] { try store.setRole(.caseworker, for: writer, granted: true, by: "anna", unit: "Norr") }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers.count) { index in
            do {
                let writer = writers[index]
                let own = try PostgresStore.open(conninfo: conninfo + " user=\(writer)", kind: .real)
                let id = try own.create(checklist: testChecklist(), caseRef: "R-\(index)", unit: writer == "sven" ? "Söder" : "Norr",
                                        author: writer).id
                for round in 0..<25 {
                    try own.save(id, item: "view", value: .text("Runda \(round) av \(writer)."), by: writer)
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try store.verify().isEmpty)
        let superuser = try PostgresCluster.superuser(of: store)
        let counts = try superuser.query("SELECT count(*), max(id), count(DISTINCT prev) FROM barnkoll.audit").first ?? []
        #expect(counts[0] == counts[1] && counts[0] == counts[2])
        #expect(try store.auditEvents().filter { $0.action == "answer.save" }.count == 100)
    }

    /// Migration 27: the database itself refuses a row that forks or breaks the chain, without a
    /// unique index on `prev`: each row must follow the row numbered before it.
    @Test func aForkingAuditRowIsRefusedByTheDatabase() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora").id
        try store.save(id, item: "view", value: .text("Barnet vill bo kvar."), by: "nora")
        let superuser = try PostgresCluster.superuser(of: store)
        // The index that used to guard against forks is gone (no random leaf per save).
        #expect(try superuser.query("SELECT count(*) FROM pg_indexes WHERE schemaname = 'barnkoll' AND tablename = 'audit' AND indexdef LIKE '%(prev)%'").value == "0")
        let last = try superuser.query("SELECT id, encode(hash, 'hex'), encode(prev, 'hex') FROM barnkoll.audit ORDER BY id DESC LIMIT 1").first ?? []
        let lastID = Int(last[0] ?? "") ?? 0
        #expect(lastID > 2)
        let (head, before) = (last[1] ?? "", last[2] ?? "")
        func refusal(_ rowID: Int, prev: String) -> String? {
            do {
                try superuser.query("""
                    INSERT INTO barnkoll.audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
                    VALUES ($1, '2026-03-01T09:30:00.000Z', 'nora', 'answer.save', $2, 'view', NULL, decode(repeat('cd', 32), 'hex'), decode($3, 'hex'))
                    """, [String(rowID), id, prev])
                return nil
            } catch {
                return error.sqlstate + " " + error.message
            }
        }
        // A second row after the last row's predecessor: a fork, as UNIQUE (prev) refused it.
        #expect(refusal(lastID + 1, prev: before)?.hasPrefix("23505 audit row \(lastID + 1) does not follow") == true)
        // The same row at the last row's place: the primary key.
        #expect(refusal(lastID, prev: before)?.hasPrefix("23505 duplicate key") == true)
        // A row after a gap, or after nothing: the chain would break.
        #expect(refusal(lastID + 2, prev: head)?.hasPrefix("23505 audit row \(lastID + 2) does not follow") == true)
        #expect(refusal(1, prev: String(repeating: "00", count: 32))?.hasPrefix("23505 duplicate key") == true)
        #expect(try superuser.query("SELECT count(*), count(DISTINCT prev), max(id) FROM barnkoll.audit").first == [String(lastID), String(lastID), String(lastID)])
        // The check refuses only what breaks the chain: a row following the head goes in (rolled back).
        try superuser.query("BEGIN")
        #expect(refusal(lastID + 1, prev: head) == nil)
        try superuser.query("ROLLBACK")
        #expect(try store.verify().isEmpty)
    }

    @Test func theChainIsTheSameBytesUnderEveryTimeZone() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        // The server's own canonical bytes and hash against Core's test vector.
        let superuser = try PQConnection(conninfo, user: "postgres", location: "test")
        let row = AuditChain.Row(id: 7, at: "2026-03-01T09:30:00.000Z", account: "anna", action: "answer.save",
                                 analysisID: "BKA-2026-0001", detail: "view", digest: Data(repeating: 0xab, count: 32))
        for zone in ["UTC", "Europe/Stockholm"] {
            try superuser.query("SET TimeZone = '\(zone)'")
            let sql = "SELECT encode(barnkoll.canonical(7, $1, 'anna', 'answer.save', 'BKA-2026-0001', 'view', decode(repeat('ab', 32), 'hex')), 'hex')"
            #expect(try superuser.query(sql, [row.at]).value == AuditChain.hex(Data(AuditChain.canonical(row))))
        }
        // Written under Stockholm's time, verified in Swift; the times stamped in UTC.
        let stockholm = try PostgresStore.open(conninfo: conninfo + " user=anna options='-c TimeZone=Europe/Stockholm'",
                                               kind: .real, identities: .connectAsEach)
        try stockholm.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let id = try stockholm.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna", answers: Self.complete).id
        _ = try stockholm.submit(id, by: "anna")
        try stockholm.approve(id, by: "bertil", comment: "Bra.")
        #expect(try stockholm.verify().isEmpty)
        let utc = try PostgresStore.open(conninfo: conninfo + " user=anna options='-c TimeZone=UTC'", kind: .real)
        #expect(try utc.verify().isEmpty)
        let events = try utc.auditEvents()
        #expect(events.allSatisfy { $0.at.hasSuffix("Z") && $0.at.count == 24 })
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).hour ?? -1
        #expect(events.last.map { Int($0.at.dropFirst(11).prefix(2)) == hour || hour == 0 } == true)
    }

    @Test func theServersDigestsAreCoresBytes() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let id = try store.create(checklist: testChecklist(), caseRef: "EB-1", unit: "Norr", author: "nora").id
        try store.saveAll(id, answers: Self.complete, by: "nora")
        try store.reassign(id, to: "cecilia", reason: "Nora är sjuk.", by: "anna")
        _ = try store.submit(id, by: "cecilia")
        try store.return(id, by: "bertil", comment: "Mer om barnets röst.", itemComments: ["view": "Utveckla."])
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Söder")
        try store.move(id, toUnit: "Söder", reason: "Fel enhet.", by: "anna")
        // The key, which only the superuser can read, recomputes every digest in Swift.
        let superuser = try PQConnection(conninfo, user: "postgres", location: "test")
        let key = try #require(try superuser.query("SELECT encode(key, 'hex') FROM barnkoll.analysis_key WHERE analysis_id = $1", [id]).value
            .flatMap(PostgresStore.bytes))
        let header = try store.header(id)
        let contentHash = try #require(try store.analysis(id, readBy: "anna").versions.first?.contentHash)
        let expected: [String: AuditChain.Content] = [
            "analysis.create": .creation(author: "nora", caseRef: "EB-1", unit: "Norr",
                                         definitionHash: Casework.definitionHash(header.checklist)),
            "analysis.reassign": .reassignment(from: "nora", to: "cecilia", reason: "Nora är sjuk."),
            "analysis.move": .unitMove(from: "Norr", to: "Söder", reason: "Fel enhet."),
            "analysis.submitted": .version(number: 1, status: "submitted", contentHash: contentHash),
            "analysis.returned": .review(version: 1, reviewer: "bertil", decision: "return", comment: "Mer om barnets röst.",
                                         itemComments: #"{"view":"Utveckla."}"#, rule: nil),
        ]
        let rows = try superuser.query("SELECT action, detail, encode(digest, 'hex') FROM barnkoll.audit WHERE analysis_id = $1 ORDER BY id", [id]).rows
        for (action, content) in expected {
            let digest = rows.first { $0[0] == action }.flatMap { $0[2] ?? nil }
            #expect(digest == AuditChain.hex(AuditChain.digest(content, key: key)), "\(action)")
        }
        let saved = rows.filter { $0[0] == "answer.save" && $0[1] == "view" }.last.flatMap { $0[2] ?? nil }
        #expect(saved == AuditChain.hex(AuditChain.digest(.answer(item: "view", json: AnswerValue.text("Vill bo kvar.").canonicalJSON()), key: key)))
        #expect(try store.verify().isEmpty)
    }

    @Test func migrationsAreRecordedAndANewerSchemaIsRefused() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        #expect(try PostgresStore.migrate(conninfo: conninfo + " user=postgres").isEmpty)   // applied once only
        let superuser = try PQConnection(conninfo, user: "postgres", location: "test")
        #expect(try superuser.query("SELECT checksum FROM barnkoll.schema_migration WHERE version = 1").value
            == Casework.sha256(Migrations.m001))
        // Staff cannot migrate: they are not members of the owning role. The refusal names the role,
        // not the first migration, which was applied long ago.
        #expect {
            try PostgresStore.migrate(conninfo: conninfo + " user=nora")
        } throws: { error in
            let message = (error as? StoreError)?.message(.sv) ?? ""
            return message.contains("barnkoll_owner") && !message.contains("migration 1")
        }
        try superuser.query("INSERT INTO barnkoll.schema_migration (version, name, checksum) VALUES (99, 'future', '-')")
        #expect {
            try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real)
        } throws: { error in
            (error as? StoreError)?.message(.sv).contains("nyare än denna barnkoll") == true
                && "\(error)".contains("is newer than this barnkoll")
        }
        try superuser.query("DELETE FROM barnkoll.schema_migration WHERE version = 99")
        try superuser.query("UPDATE barnkoll.schema_migration SET checksum = 'changed' WHERE version = 1")
        #expect(throws: StoreError.self) { try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real) }
    }

    @Test func aStoreActsOnlyAsItsSessionUser() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real)
        #expect(store.account == "anna")
        #expect(throws: StoreError.self) {
            try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora")
        }
        #expect(throws: StoreError.self) { try PostgresStore.open(conninfo: conninfo + " user=nora", kind: .real, expected: "anna") }
        #expect(throws: StoreError.self) { try PostgresStore.open(conninfo: conninfo + " user=nora", kind: .training) }
    }

    @Test func anAuditorVerifiesButReadsNoContent() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        let auditor = try PostgresStore.open(conninfo: conninfo + " user=auditor", kind: .real)
        #expect(try auditor.verify().isEmpty)
        #expect(try auditor.checkAnchors([try store.chainHead()]).problems.isEmpty)
        #expect(throws: StoreError.self) { try auditor.analysis(id, readBy: "auditor") }
        // A caseworker does not verify: the chain's rows are for admins and auditors.
        let nora = try PostgresStore.open(conninfo: conninfo + " user=nora", kind: .real)
        #expect(throws: StoreError.self) { try nora.verify() }
        // Nor reads the records or an imported chain by calling their functions (Migration 37 asks
        // the right once, where it built the whole chain to ask it).
        let database = try #require(try PostgresCluster.superuser(of: store).query("SELECT current_database()").value)
        let noraSQL = try PostgresCluster.connection(database: database, user: "nora")
        let auditorSQL = try PostgresCluster.connection(database: database, user: "auditor")
        for function in ["chain_records", "imported_audit_rows"] {
            do {
                try noraSQL.query("SELECT * FROM barnkoll.\(function)()")
                Issue.record("\(function) answered a caseworker")
            } catch {
                #expect(error.message == "only an admin or an auditor verifies the store" && error.sqlstate == "BK401", "\(error)")
            }
            #expect(try auditorSQL.query("SELECT count(*) FROM barnkoll.\(function)()").value != nil)
        }
    }

    @Test func theIndicatorsCountWhatTheSQLiteStoreCounts() throws {
        let folder = TemporaryFolder()
        let postgres = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                              identities: .connectAsEach)
        let sqlite = try SQLiteStore.open(path: folder.file("indicators.sqlite"), kind: .real, account: "anna")
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        var records: [[IndicatorRecord]] = []
        for store in [postgres, sqlite] as [any CaseworkStore] {
            try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
            let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna", answers: Self.complete).id
            _ = try store.submit(id, by: "anna")
            try store.return(id, by: "bertil", comment: "Mer.", itemComments: ["view": "Utveckla."])
            _ = try store.submit(id, by: "anna")
            try store.approve(id, by: "bertil", comment: nil)
            _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Söder", author: "anna", answers: Self.complete)
            // A hard stop overridden and submitted, with children and a long free text the indicators never read (the bulk read sends only counted items).
            let stopped = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                           answers: Self.complete.merging([
                                               "care": .text("yes"), "view": .text(String(repeating: "Vill bo kvar. ", count: 500)),
                                               "children": .entries([["alias": .text("Kim"), "age": .number(7)], ["alias": .text("Noa ")]]),
                                           ]) { $1 }).id
            try store.override(stopped, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Beslutet skyddar barnet.")
            _ = try store.submit(stopped, by: "anna")
            let again = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                         answers: Self.complete.merging(["children": .entries([["alias": .text("kim")]])]) { $1 }).id
            _ = try store.submit(again, by: "anna")
            records.append(try store.indicatorRecords(years: year...year, unit: nil, by: "bertil"))
        }
        #expect(records[0].count == 3)
        #expect(records[0].contains { !$0.hardStopsMet.isEmpty && $0.overrides == ["care-stop"] })
        #expect(records[0] == records[1])
        #expect(try postgres.auditEvents().last?.action == "stats.read")
    }

    /// An export reads in bulk (Migration 17): what it reads is what reading each analysis alone
    /// reads, only what the reader may see, each read logged in the chain, which then verifies.
    @Test func anExportReadsInBulkWhatEachReadAloneReads() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let approved = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "nora", answers: Self.complete).id
        _ = try store.submit(approved, by: "nora")
        try store.approve(approved, by: "nils", comment: "Bra.")
        _ = try store.addNote(approved, NewNote(kind: .feedback, date: "2026-01-10", outcome: nil, text: "Återkoppling given."),
                              by: "nora", today: "2026-02-01")
        let returned = try store.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "nora", answers: Self.complete).id
        _ = try store.submit(returned, by: "nora")
        try store.return(returned, by: "nils", comment: "Mer.", itemComments: ["view": "Utveckla \"varför\"."])
        let draft = try store.create(checklist: testChecklist(), caseRef: "R-3", unit: "Norr", author: "nora",
                                     answers: ["view": .text("Utkast med \"citat\", \\ och radbrytning\n.")]).id
        let elsewhere = try store.create(checklist: testChecklist(), caseRef: "R-4", unit: "Söder", author: "sven", answers: Self.complete).id

        let before = try store.auditEvents().filter { $0.action == "analysis.read" }.count
        let bulk = try store.analyses(AnalysisFilter(), readBy: "nora")
        #expect(Set(bulk.map(\.summary.id)) == [approved, returned, draft], "sven's analysis is not nora's to read")
        #expect(!bulk.map(\.summary.id).contains(elsewhere))
        let logged = try store.auditEvents().filter { $0.action == "analysis.read" }
        #expect(logged.count == before + 3)
        #expect(Set(logged.suffix(3).compactMap(\.analysisID)) == [approved, returned, draft] && logged.suffix(3).allSatisfy { $0.account == "nora" })
        for analysis in bulk {
            let alone = try store.analysis(analysis.summary.id, readBy: "nora")
            #expect(analysis.summary == alone.summary && analysis.answers == alone.answers && analysis.position == alone.position)
            #expect(analysis.versions.map(\.number) == alone.versions.map(\.number)
                    && analysis.versions.map(\.answers) == alone.versions.map(\.answers)
                    && analysis.versions.map(\.contentHash) == alone.versions.map(\.contentHash))
            #expect(analysis.reviews.map(\.itemComments) == alone.reviews.map(\.itemComments)
                    && analysis.reviews.map(\.comment) == alone.reviews.map(\.comment)
                    && analysis.reviews.map(\.decision) == alone.reviews.map(\.decision))
            #expect(analysis.notes.map(\.text) == alone.notes.map(\.text) && analysis.checklist.id == alone.checklist.id)
        }
        #expect(bulk.first { $0.summary.id == approved }?.notes.count == 1)
        // Without history, no versions or reviews; the order is the list's.
        let plain = try store.analyses(AnalysisFilter(), readBy: "nora", history: false)
        #expect(plain.map(\.summary.id) == bulk.map(\.summary.id) && plain.allSatisfy { $0.versions.isEmpty && $0.reviews.isEmpty })
        #expect(try store.analyses(AnalysisFilter(author: "nobody"), readBy: "nora").isEmpty)
        #expect(try store.verify() == [])
    }

    @Test func aSearchFindsWhatTheSQLiteStoreFinds() throws {
        let folder = TemporaryFolder()
        let postgres = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real)
        let sqlite = try SQLiteStore.open(path: folder.file("search.sqlite"), kind: .real, account: "anna")
        var found: [[[String]]] = []
        for store in [postgres, sqlite] as [any CaseworkStore] {
            var ids: [String] = []
            for text in ["Vill till mormor.", "Bor hos farmor.", "Åsa (8 år) hörd 2026-03-01."] {
                ids.append(try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                            answers: ["view": .text(text)]).id)
            }
            found.append(try ["mor", "MORMOR", "till mor", "far", "åsa", "ÅSA 8", "2026-03", "03 01", "ormor", "mor-far"].map { search in
                try store.list(AnalysisFilter(search: search)).map { ids.firstIndex(of: $0.id).map(String.init) ?? "?" }.sorted()
            })
        }
        #expect(found[0] == found[1])
        #expect(found[0].first == ["0"])
    }

    /// Each typed word is a prefix of a word in the `simple` vector or of a stem in the `swedish`
    /// one: the longer form by the first, an inflection by the second.
    @Test func aSearchInSwedishFindsLongerWordsAndInflections() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        var ids: [String] = []
        for text in ["Barnkonsekvensanalysen är gjord.", "Flickorna vill bo kvar.", "Föräldrarna och skolan är överens."] {
            ids.append(try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora",
                                        answers: ["view": .text(text)]).id)
        }
        func found(_ search: String) throws -> [String] {
            try store.list(AnalysisFilter(search: search)).map { ids.firstIndex(of: $0.id).map(String.init) ?? "?" }.sorted()
        }
        #expect(try found("barnkonsekvensanalys") == ["0"])
        #expect(try found("BARNKONSEKVENS") == ["0"])
        // "flicka" is stemmed to "flick", which starts the stem of "flickorna"; no word starts "flicka".
        #expect(try found("flicka") == ["1"])
        #expect(try found("flickor kvar") == ["1"])
        #expect(try found("förälder") == ["2"])
        // A stop word, which the Swedish stemmer drops, is found as a word.
        #expect(try found("och") == ["2"])
        #expect(try found("flicka skolan") == [])
        #expect(try found("pojke") == [])
        // Quotes and operators typed are words, never tsquery syntax.
        #expect(try found("flick' | & ! :* (") == ["1"])
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        #expect(try nora.query("SELECT count(*) FROM barnkoll.search_ids($1::text[])", [#"{"o'\\\"", "&|!", ":*", ""}"#]).value == "0")
        // Both vectors are indexed with GIN.
        let superuser = try PostgresCluster.superuser(of: store)
        let indexes = try superuser.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'barnkoll' AND tablename = 'answer'")
            .rows.compactMap { $0.first ?? nil }
        #expect(indexes.contains { $0.contains("USING gin (search_swedish)") })
        #expect(indexes.contains { $0.contains("USING gin (search_simple)") })
    }

    /// The search finds only what the reader may see, through the store and through psql.
    @Test func aSearchNeverFindsWhatRowLevelSecurityHides() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let norr = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora",
                                    answers: ["view": .text("Flickorna vill bo hos mormor.")]).id
        let soder = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Söder", author: "sven",
                                     answers: ["view": .text("Flickan vill bo hos mormor.")]).id
        let search = AnalysisFilter(search: "mormor flicka")
        #expect(try store.list(search).map(\.id).sorted() == [norr, soder].sorted())
        let sven = try PostgresStore.open(conninfo: conninfo + " user=sven", kind: .real)
        #expect(try sven.list(search).map(\.id) == [soder])
        #expect(try sven.count(search) == 1)
        let nils = try PostgresStore.open(conninfo: conninfo + " user=nils", kind: .real)
        #expect(try nils.list(search).map(\.id) == [norr])
        let direct = try psql(conninfo, as: "sven", "SELECT analysis_id FROM barnkoll.search_ids('{mormor,flicka}')")
        #expect(direct.status == 0 && direct.output.trimmingCharacters(in: .whitespacesAndNewlines) == soder)
        // Not through the tables either, whatever a search could reach.
        #expect(try psql(conninfo, as: "sven", "SELECT count(*) FROM barnkoll.answer WHERE search_simple @@ 'mormor'").output
            .contains("permission denied"))
    }

    /// Lists that update themselves: a supervisor's store sees its change token move when a
    /// caseworker submits and when an analysis is returned or approved; what LISTEN hears is a unit.
    @Test func theChangeTokenMovesOnSubmitReturnAndApprove() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        let nils = try PostgresStore.open(conninfo: conninfo + " user=nils", kind: .real)
        let sven = try PQConnection(conninfo, user: "sven", location: "test")
        try sven.query("LISTEN \(PostgresStore.listChannel)")
        var last = try nils.changeToken()
        /// Whether the token moves within a few seconds (a NOTIFY arrives after its commit).
        func moved() throws -> Bool {
            for _ in 0..<100 {
                let token = try nils.changeToken()
                if token != last {
                    last = token
                    return true
                }
                usleep(50_000)
            }
            return false
        }
        #expect(try nils.changeToken() == last)
        _ = try store.submit(id, by: "nora")
        #expect(try moved())
        try store.return(id, by: "nils", comment: "Komplettera.", itemComments: [:])
        #expect(try moved())
        _ = try store.submit(id, by: "nora")
        #expect(try moved())
        _ = try store.approve(id, by: "nils", comment: nil)
        #expect(try moved())
        #expect(try nils.changeToken() == last)
        // Anyone on staff may LISTEN: all sven hears of Norr's analysis is its unit's name.
        usleep(200_000)
        let heard = try sven.notifications()
        #expect(!heard.isEmpty && heard.allSatisfy { $0 == "Norr" }, "\(heard)")
    }

    /// Retention: the purge deletes and leaves its tombstones in one transaction, then VACUUMs the
    /// tables it deleted from when the account may (a member of barnkoll_owner, the DBA); an
    /// admin who is not one purges all the same, and autovacuum is left to do the rest.
    @Test func aPurgeVacuumsWhatItTouchedWhenTheAccountOwnsTheTables() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let superuser = try PostgresCluster.superuser(of: store)
        // disa, only in this test, is the DBA: the tables' owner's member, and an admin of the store.
        try superuser.query("GRANT barnkoll_owner TO disa")
        try store.setRole(.admin, for: "disa", granted: true, by: "anna")
        func decided() throws -> String {
            let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
            _ = try store.submit(id, by: "nora")
            _ = try store.approve(id, by: "nils", comment: nil)
            return id
        }
        func lastVacuum(_ table: String = "answer") throws -> String? {
            try superuser.query("SELECT last_vacuum FROM pg_stat_user_tables WHERE schemaname = 'barnkoll' AND relname = $1", [table]).value
        }
        let first = try decided()
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [first])
        #expect(store.vacuumedAfterPurge == false)
        #expect(try lastVacuum() == nil)
        let second = try decided()
        #expect(try store.purge(before: "2999-01-01", by: "disa") == [second])
        #expect(store.vacuumedAfterPurge == true)
        #expect(try lastVacuum() != nil)
        // The indicator rows left with the analysis by cascade; they name children, so they go too.
        #expect(try lastVacuum("indicator_version") != nil)
        #expect(try lastVacuum("indicator_analysis") != nil)
        // disa's session is back in her own role; the tombstones are in the chain, which verifies.
        #expect(try store.transaction(as: "disa") { tx throws(StoreError) in try tx.query("SELECT current_user").value } == "disa")
        #expect(try store.verify().isEmpty)
        #expect(try store.auditEvents().filter { $0.action == "analysis.purged" }.compactMap(\.analysisID) == [first, second])
    }

    @Test func anApprovalSendsTheChainHeadToTheServerLog() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        _ = try store.submit(id, by: "nora")
        let anchor = try store.approve(id, by: "nils", comment: nil)
        // The server's log, where .ci/pg-cluster keeps it (beside the socket folder).
        let log = URL(fileURLWithPath: try #require(PostgresCluster.socket)).deletingLastPathComponent().appendingPathComponent("log").path
        try #require(FileManager.default.fileExists(atPath: log), "no server log at \(log) (a cluster made by .ci/pg-cluster has one)")
        var heads: [ChainHead] = []
        for _ in 0..<50 where !heads.contains(anchor.head) {
            heads = ChainHead.heads(in: String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self))
            usleep(20_000)
        }
        #expect(heads.contains(anchor.head))
        let checked = try store.checkAnchors(heads)
        #expect(checked.checked >= 1 && checked.problems.isEmpty)
    }

    /// Issue 24: the database itself keeps training and real records apart, as Core does, for a
    /// client that calls its functions without barnkoll (migration 6).
    @Test func theDatabaseRefusesTrainingIDsInARealStoreAndRealIDsInATrainingOne() throws {
        let folder = TemporaryFolder()
        let (_, conninfo) = try unitStore(folder)
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        let create = "SELECT barnkoll.create_analysis('t', 1, $1, 'källa', $2, 'Norr')"
        #expect(sqlstate(nora, create, ["ÖVN", "R"]) == "BK410")
        #expect(sqlstate(nora, create, ["BKA", "övning-ABC123"]) == "BK411")
        #expect(sqlstate(nora, create, ["BKA", "R"]) == nil)
        // In barnkoll's words, through the store's own mapping.
        #expect(PostgresStore.map(PQError(sqlstate: "BK410", message: "ÖVN-2026-0001"), location: "x")
            .message(.sv).contains("--training"))

        let trainingInfo = try PostgresCluster.database(folder, kind: .training, admin: "anna")
        let anna = try PQConnection(trainingInfo, user: "anna", location: "test")
        #expect(sqlstate(anna, "SELECT barnkoll.create_analysis('t', 1, 'BKA', 'källa', 'R', '')") == "BK412")
        #expect(sqlstate(anna, "SELECT barnkoll.create_analysis('t', 1, 'ÖVN', 'källa', 'R', '')") == nil)
    }
}
