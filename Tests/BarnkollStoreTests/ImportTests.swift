import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import Testing

/// `barnkoll admin import`: units' SQLite stores moved into one PostgreSQL store, against real
/// files and the real server (BARNKOLL_PG_SOCKET).
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct StoreImportTests {
    /// A unit's store: anna (its creator and admin) writes, bertil supervises; BKA-2026-0001
    /// approved, with a note; BKA-2026-0002 returned; BKA-2026-0003 a draft.
    func unitFile(_ folder: TemporaryFolder, name: String, unit: String) throws -> (path: String, ids: [String]) {
        let path = folder.file("\(name)/barnkoll.sqlite")
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        try store.setRole(.caseworker, for: "cilla", granted: true, by: "anna")
        let approved = try store.create(checklist: testChecklist(), caseRef: "R-\(name)-1", unit: unit, author: "anna",
                                        answers: PostgresRules.complete).id
        _ = try store.submit(approved, by: "anna")
        _ = try store.approve(approved, by: "bertil", comment: "Bra.")
        _ = try store.addNote(approved, NewNote(kind: .feedback, date: "2026-01-10", outcome: nil, text: "Återkoppling given."), by: "anna",
                              today: "2026-02-01")
        let returned = try store.create(checklist: testChecklist(), caseRef: "R-\(name)-2", unit: unit, author: "anna",
                                        answers: PostgresRules.complete).id
        _ = try store.submit(returned, by: "anna")
        try store.return(returned, by: "bertil", comment: "Komplettera.", itemComments: ["view": "Mer om barnets vilja."])
        try store.save(returned, item: "view", value: .text("Vill bo kvar hos mormor."), by: "anna")
        let draft = try store.create(checklist: testChecklist(), caseRef: "R-\(name)-3", unit: unit, author: "anna",
                                     answers: ["view": .text("Utkast.")]).id
        #expect(try store.verify().isEmpty)
        return (path, [approved, returned, draft])
    }

    /// The database's units.
    static let units = ["Norr", "Söder", "Socialpsykiatri"]

    /// Norr, Söder and Socialpsykiatri; anna its admin. `through`: the schema as that migration
    /// left it (opened without checking it).
    func database(_ folder: TemporaryFolder, through: Int? = nil) throws -> (store: PostgresStore, conninfo: String) {
        let conninfo = try PostgresCluster.database(folder, through: through)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach,
                                           checkingSchema: through == nil)
        for unit in Self.units { try store.addUnit(unit, by: "anna") }
        return (store, conninfo)
    }

    /// What an import must leave as it was when it fails: every row of the chain, analyses and roles.
    func snapshot(_ store: PostgresStore) throws -> [String] {
        let superuser = try PostgresCluster.superuser(of: store)
        return try ["audit", "analysis", "role", "version", "review", "answer", "imported_audit", "imported_analysis", "id_sequence"].map { table in
            "\(table) " + (try superuser.query("SELECT count(*) FROM barnkoll.\(table)").first?.first.flatMap { $0 } ?? "?")
        } + [try superuser.query("SELECT encode(hash, 'hex') FROM barnkoll.chain_head").first?.first.flatMap { $0 } ?? "?"]
    }

    @Test func twoUnitsWithOverlappingIdsMoveInAndAllThreeVerify() throws {
        let folder = TemporaryFolder()
        let north = try unitFile(folder, name: "norr", unit: "Norr")
        let social = try unitFile(folder, name: "socpsyk", unit: "socpsyk")
        #expect(north.ids == social.ids && north.ids[0] == "BKA-2026-0001")
        let files = [north.path, social.path].flatMap { [$0, $0 + "-wal", $0 + "-shm"] }
        let before = files.map(sha)
        let (store, _) = try database(folder)

        let first = try store.importStore(try SQLiteStore.importSource(path: north.path), mapping: ImportMapping(), by: "anna")
        #expect(first.map(\.old) == north.ids && first.allSatisfy { !$0.renumbered }, "\(first)")
        // The second unit's anna is another person: she is nora here, and its bertil is nils.
        let mapping = try ImportMapping.parse(accounts: ["anna=nora", "bertil=nils", "cilla=sven"], units: ["socpsyk=Socialpsykiatri"])
        // Sent one analysis a part (and 10 chain rows a part): the renumbering runs on across parts.
        let second = try store.importStore(try SQLiteStore.importSource(path: social.path), mapping: mapping, by: "anna", partSize: 1)
        #expect(second.map(\.old) == social.ids && second.allSatisfy(\.renumbered), "\(second)")
        #expect(Set(second.map(\.new)).isDisjoint(with: Set(first.map(\.new))))

        // The files are as they were, and verify on each of the three.
        #expect(files.map(sha) == before)
        for path in [north.path, social.path] {
            #expect(try SQLiteStore.open(path: path, kind: .real, account: "anna").verify().isEmpty)
        }
        #expect(try store.verify() == [])

        // Findable by the old id: both that had it, and where each went.
        let found = try store.importedIDs(old: "BKA-2026-0001")
        #expect(Set(found.map(\.new)) == [first[0].new, second[0].new])
        let moved = try store.list(AnalysisFilter())
        #expect(moved.count == 6)
        let renumbered = try #require(moved.first { $0.id == second[0].new })
        #expect(renumbered.author == "nora" && renumbered.unit == "Socialpsykiatri" && renumbered.status == .approved)
        let analysis = try store.analysis(second[0].new, readBy: "anna")
        #expect(analysis.reviews.first?.reviewer == "nils" && analysis.versions.count == 1)
        let returned = try store.analysis(second[1].new, readBy: "anna")
        #expect(returned.summary.status == .returned && returned.answers["view"] == .text("Vill bo kvar hos mormor."))
        #expect(try store.grants().contains(Grant(account: "nils", role: .supervisor)))
        #expect(!(try store.grants().contains(Grant(account: "nora", role: .admin))), "a unit file's admin is not the administration's")
        // The work goes on in PostgreSQL: the returned one is submitted again, and reviewed there.
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Socialpsykiatri")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Socialpsykiatri")
        _ = try store.submit(second[1].new, by: "nora")
        _ = try store.approve(second[1].new, by: "nils", comment: nil)
        #expect(try store.verify() == [])

        // The file's chain, kept beside, is checked too: a row changed behind barnkoll is found.
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("ALTER TABLE barnkoll.imported_audit DISABLE TRIGGER imported_audit_append_only")
        try superuser.query("UPDATE barnkoll.imported_audit SET account = 'mallory' WHERE id = 2 AND source_store = $1",
                            [try SQLiteStore.importSource(path: north.path).storeID])
        try superuser.query("ALTER TABLE barnkoll.imported_audit ENABLE TRIGGER imported_audit_append_only")
        let problems = try store.verify()
        #expect(problems.count == 1 && problems.allSatisfy { $0.contains("the imported store") && $0.contains("row 2") }, "\(problems)")

        // The same file twice is refused, in one Swedish line.
        do {
            _ = try store.importStore(try SQLiteStore.importSource(path: north.path), mapping: ImportMapping(), by: "anna")
            Issue.record("a store imported twice")
        } catch {
            #expect(error.message(.sv).contains("redan inflyttat") && !error.message(.sv).contains("\n"), "\(error.message(.sv))")
        }
    }

    /// Migration 33: an import's one transaction runs ANALYZE on `analysis` as the analyses it
    /// brought pass each power of two, so the plans PL/pgSQL keeps for the session (made while the
    /// table was nearly empty) are made again; and the next numbers, kept once a part, still follow
    /// the imported ids.
    @Test func anImportTellsThePlannerHowManyAnalysesItHasBroughtSoFar() throws {
        let folder = TemporaryFolder()
        let north = try unitFile(folder, name: "norr", unit: "Norr")
        let (store, _) = try database(folder)
        let superuser = try PostgresCluster.superuser(of: store)
        func reltuples() throws -> String? {
            try superuser.query("SELECT reltuples::integer FROM pg_class WHERE oid = 'barnkoll.analysis'::regclass").first?.first ?? nil
        }
        #expect(try reltuples() != "2")

        // One analysis a part: ANALYZE after the first part and at the second (two analyses), not
        // at the third. The rows counted are the import's own, not yet committed.
        _ = try store.importStore(try SQLiteStore.importSource(path: north.path), mapping: ImportMapping(), by: "anna", partSize: 1)
        #expect(try reltuples() == "2")

        try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Norr")
        let next = try store.create(checklist: testChecklist(), caseRef: "R-ny", unit: "Norr", author: "anna", answers: [:])
        #expect(next.id == "BKA-2026-0004")
        #expect(try store.verify() == [])
    }

    /// The file is read part by part as the parts are sent, not held whole (a store of 100,000
    /// analyses held whole took 11.7 GB), and every part from one state of the file, even while a
    /// caseworker writes to it.
    @Test func theFileIsReadPartByPartFromOneStateOfIt() throws {
        let folder = TemporaryFolder()
        let north = try unitFile(folder, name: "norr", unit: "Norr")
        // Open in a writer meanwhile: its -wal is there, so the import reads through it.
        let writer = try SQLiteStore.open(path: north.path, kind: .real, account: "anna")
        try writer.save(north.ids[2], item: "view", value: .text("Före importen."), by: "anna")
        let source = try SQLiteStore.importSource(path: north.path)
        #expect(source.analyses.map(\.id) == north.ids)
        // What the import checks is read; the bulk is not, yet.
        #expect(source.analyses.allSatisfy { $0.answers.isEmpty && $0.versions.isEmpty && $0.notes.isEmpty })
        #expect(source.analyses[0].reviews.count == 1 && source.analyses[0].key != nil)
        try writer.save(north.ids[2], item: "view", value: .text("Under importen."), by: "anna")
        let whole = try source.fill(source.analyses)
        #expect(whole.map(\.id) == north.ids)
        #expect(whole[0].versions.count == 1 && whole[0].notes.count == 1 && !whole[0].answers.isEmpty)
        let view = whole[2].answers.first { $0.item == "view" }?.value ?? ""
        #expect(view.contains("Före importen.") && !view.contains("Under"), "\(view)")
        // Sent one analysis a part, each read as it goes: the database keeps the file's state, and verifies.
        let (store, _) = try database(folder)
        let moved = try store.importStore(source, mapping: ImportMapping(), by: "anna", partSize: 1)
        #expect(moved.count == 3)
        #expect(try store.verify() == [])
        let draft = try store.analysis(try #require(moved.first { $0.old == north.ids[2] }).new, readBy: "anna")
        #expect(draft.answers["view"] == .text("Före importen."))
    }

    @Test func aFailedImportLeavesTheDatabaseAsItWas() throws {
        let folder = TemporaryFolder()
        let file = try unitFile(folder, name: "okand", unit: "Okänd enhet")
        let (store, conninfo) = try database(folder)
        let source = try SQLiteStore.importSource(path: file.path)
        let untouched = try snapshot(store)

        // A unit not on the list, named in one Swedish line.
        do {
            _ = try store.importStore(source, mapping: ImportMapping(), by: "anna")
            Issue.record("an unknown unit imported")
        } catch {
            let words = error.message(.sv)
            #expect(words.contains("\"Okänd enhet\"") && words.contains("finns inte på enhetslistan") && !words.contains("\n"), "\(words)")
        }
        #expect(try snapshot(store) == untouched)

        // Two accounts mapped onto one would make a reviewer the author: four eyes hold after the mapping.
        do {
            _ = try store.importStore(source, mapping: ImportMapping(accounts: ["bertil": "anna"], unit: "Norr"), by: "anna")
            Issue.record("an author's own review imported")
        } catch {
            #expect(error.message(.sv).contains("ingen granskar sin egen analys") && !error.message(.sv).contains("\n"), "\(error.message(.sv))")
        }
        #expect(try snapshot(store) == untouched)

        // Not an admin: Core refuses, and so does the database when its function is called directly.
        do {
            _ = try store.importStore(source, mapping: ImportMapping(unit: "Norr"), by: "nora")
            Issue.record("a caseworker imported")
        } catch {
            #expect(error.message(.sv).contains("admin") && !error.message(.sv).contains("\n"), "\(error.message(.sv))")
        }
        let plan = try Casework.importPlan(source, mapping: ImportMapping(unit: "Norr"), targetUnits: ["Norr"], targetKind: .real)
        let nora = try PostgresStore.open(conninfo: conninfo + " user=nora", kind: .real)
        #expect(throws: StoreError.self) { try nora.query("SELECT barnkoll.import_begin($1)", [plan.header]) }
        #expect(throws: StoreError.self) { try nora.query("SELECT * FROM barnkoll.import_analyses($1, $2)", [plan.storeID, plan.analysisPart(0)]) }
        #expect(try snapshot(store) == untouched)

        // An import begun and not ended does not commit, even by an admin calling the functions.
        let admin = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real)
        #expect(throws: StoreError.self) {
            try admin.transaction(anchoring: false) { tx throws(StoreError) in
                try tx.query("SELECT barnkoll.import_begin($1)", [plan.header])
                try tx.query("SELECT * FROM barnkoll.import_analyses($1, $2)", [plan.storeID, plan.analysisPart(0)])
            }
        }
        #expect(try snapshot(store) == untouched)

        // A failure midway, after the first analysis is in: nothing of it stays.
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("""
            CREATE FUNCTION barnkoll.fail_second() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id LIKE '%0002' THEN RAISE EXCEPTION 'injected failure'; END IF;
                RETURN NEW;
            END $$
            """)
        try superuser.query("""
            CREATE TRIGGER fail_second BEFORE INSERT ON barnkoll.analysis FOR EACH ROW EXECUTE FUNCTION barnkoll.fail_second();
            """)
        #expect(throws: StoreError.self) { _ = try store.importStore(source, mapping: ImportMapping(unit: "Norr"), by: "anna") }
        #expect(try snapshot(store) == untouched)
        // The same in parts of one analysis: the first part was kept in the transaction, then undone.
        #expect(throws: StoreError.self) { _ = try store.importStore(source, mapping: ImportMapping(unit: "Norr"), by: "anna", partSize: 1) }
        #expect(try snapshot(store) == untouched)
        try superuser.query("DROP TRIGGER fail_second ON barnkoll.analysis")
        let moved = try store.importStore(source, mapping: ImportMapping(unit: "Norr"), by: "anna")
        #expect(moved.count == 3)
        #expect(try store.verify() == [])
    }

    /// Sent in parts (Migration 17), an import records in the chain exactly the events Migration
    /// 15's import_store recorded of the same plan sent whole, in the same order, digests and all.
    /// import_store is called where it still is, in a database as Migration 29 left it; Migration 30
    /// then drops it, and the database upgraded keeps its chain and verifies.
    @Test func anImportInPartsRecordsTheChainTheWholePlanRecorded() throws {
        let folder = TemporaryFolder()
        let north = try unitFile(folder, name: "norr", unit: "Norr")
        let source = try SQLiteStore.importSource(path: north.path)
        let (parts, _) = try database(folder)
        _ = try parts.importStore(source, mapping: ImportMapping(), by: "anna", partSize: 1)

        let other = TemporaryFolder()
        let (older, conninfo) = try database(other, through: 29)
        let plan = try Casework.importPlan(source, mapping: ImportMapping(), targetUnits: Self.units,
                                           targetKind: .real, partSize: 1)
        #expect(plan.analysisPartCount == 3 && plan.auditPartCount >= 2, "\(source.auditCount) rows")
        func array(_ text: String) throws -> [Any] { try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]) }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(plan.header.utf8)) as? [String: Any])
        object["analyses"] = try (0..<plan.analysisPartCount).flatMap { try array(plan.analysisPart($0)) }
        object["audit"] = try (0..<plan.auditPartCount).flatMap { try array(plan.auditPart($0)) }
        object["head_id"] = plan.head.id
        object["head_hash"] = plan.head.hash
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try older.transaction(anchoring: false) { tx throws(StoreError) in
            try tx.query("SELECT * FROM barnkoll.import_store($1)", [json])
            try tx.query("SELECT barnkoll.record_imported_file($1, $2)", [plan.storeID, plan.file])
        }
        #expect(try PostgresStore.migrate(conninfo: conninfo + " user=postgres", kind: .real) == Migrations.all.map(\.version).filter { $0 > 29 })
        let whole = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        #expect(try PostgresCluster.superuser(of: whole).query(
            "SELECT to_regprocedure('barnkoll.import_store(text)') IS NULL").value == "t")

        // Migration 45's mark of where hand-overs keep their rows falls before the import in a new
        // database and after it in the migrated one: the rest must be the same, in the same order.
        func chain(_ store: PostgresStore) throws -> [[String?]] {
            try PostgresCluster.superuser(of: store).query(
                "SELECT account, action, analysis_id, detail, encode(digest, 'hex') FROM barnkoll.audit WHERE action <> 'transfers.kept' ORDER BY id").rows
        }
        let recorded = try chain(parts)
        #expect(recorded.contains { $0[1] == "store.import" } && recorded.count > 20)
        #expect(recorded == (try chain(whole)))
        func kept(_ store: PostgresStore) throws -> [[String?]] {
            try PostgresCluster.superuser(of: store).query(
                "SELECT id::text, account, action, encode(hash, 'hex') FROM barnkoll.imported_audit ORDER BY id").rows
        }
        #expect(try kept(parts) == (try kept(whole)))
        #expect(try parts.verify() == [] && (try whole.verify()) == [])
    }

    /// An id an import renumbered is told where it is asked for: beside the analysis that holds it
    /// now, naming the file and the new id; where no analysis holds it (its first holder purged),
    /// that line is the refusal instead of "no analysis".
    @Test func aRenumberedIdIsToldWithItsFileWhereverItIsRead() throws {
        let folder = TemporaryFolder()
        let social = try unitFile(folder, name: "socpsyk", unit: "Socialpsykiatri")
        let (store, _) = try database(folder)
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        // BKA-2026-0001 was the database's own, decided and purged: its id stays taken.
        let purged = try store.create(checklist: testChecklist(), caseRef: "R-norr-1", unit: "Norr", author: "nora",
                                      answers: PostgresRules.complete).id
        _ = try store.submit(purged, by: "nora")
        _ = try store.approve(purged, by: "nils", comment: nil)
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [purged])
        let moved = try store.importStore(try SQLiteStore.importSource(path: social.path), mapping: ImportMapping(), by: "anna")
        #expect(purged == "BKA-2026-0001" && moved.map(\.old) == social.ids && moved.allSatisfy(\.renumbered), "\(moved)")
        let recorded = try store.importedIDs(old: nil)
        #expect(moved.allSatisfy { $0.file == social.path } && recorded.count == 3 && recorded.allSatisfy { $0.file == social.path })

        func read(_ id: String) throws(StoreError) -> (caseRef: String, notes: [String]) {
            var notes: [String] = []
            let analysis = try Casework.readingOldID(id, in: store, note: { notes.append($0.text(.sv)) }) { () throws(StoreError) in
                try store.analysis(id, readBy: "anna")
            }
            return (analysis.summary.caseRef, notes)
        }
        // Held by no analysis now: the renumbering is the refusal, one line.
        do {
            _ = try read(purged)
            Issue.record("a purged id read")
        } catch {
            #expect(error.message(.sv) == "\(purged) från \(social.path) heter nu \(moved[0].new)", "\(error.message(.sv))")
            #expect(error.message(.en) == "\(purged) from \(social.path) is now \(moved[0].new)", "\(error.message(.en))")
        }
        // Held by another analysis (the file's first, renumbered onto it): that one, with the note.
        let second = social.ids[1]
        #expect(moved[0].new == second)
        let shown = try read(second)
        #expect(shown.caseRef == "R-socpsyk-1" && shown.notes == ["\(second) från \(social.path) heter nu \(moved[1].new)"], "\(shown)")
        // An id no import renumbered away, and a store that takes no imports: nothing is said.
        #expect(try read(moved[2].new).notes.isEmpty)
        let file = try SQLiteStore.open(path: social.path, kind: .real, account: "anna")
        #expect(try Casework.renumbered(second, in: file) == nil)
    }

    /// A file with a personnummer where barnkoll refuses one when it is typed (changed by other
    /// hands than barnkoll's) is refused by Core before anything is sent, named by file and
    /// analysis in one line; the database is left as it was. The number is built in the test.
    @Test func aFileWithAPersonnummerWhereBarnkollRefusesOneIsRefusedAndLeftAsItWas() throws {
        let folder = TemporaryFolder()
        let (store, _) = try database(folder)
        let untouched = try snapshot(store)
        let number = Personnummer.withCheckDigit("850412123")
        let escaped = "\"Se " + number.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined() + "\""
        let group = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID)
        let cases: [(name: String, sql: (_ ids: [String], _ group: String) -> [String], refusal: Localized)] = [
            ("ref", { ids, _ in ["UPDATE analysis SET case_ref = 'Ärende \(number)' WHERE id = '\(ids[2])'"] },
             Casework.caseReferenceIsPersonnummer),
            ("note", { ids, _ in ["UPDATE note SET text = 'Ringt \(number).' WHERE analysis_id = '\(ids[0])'"] },
             Casework.personnummerInFreeText(number)),
            ("move", { ids, _ in ["INSERT INTO transfer (analysis_id, kind, from_value, to_value, reason, made_by, made_at) "
                                  + "VALUES ('\(ids[2])', 'move', 'Norr', 'Norr', 'Gäller \(number)', 'anna', '2026-02-01T10:00:00Z')"] },
             Casework.personnummerInFreeText(number)),
            ("group", { _, group in ["UPDATE answer SET value = '\(escaped)', search_text = '' WHERE analysis_id = '\(group)' AND item_id = 'proposal'"] },
             Casework.groupIdentityRefusal(number)),
        ]
        for (name, sql, refusal) in cases {
            let file = try unitFile(folder, name: name, unit: "Norr")
            let source = try SQLiteStore.open(path: file.path, kind: .real, account: "anna")
            let groupID = try source.create(checklist: group, caseRef: "SN 2026/0412", unit: "Norr", author: "anna",
                                            answers: ["proposal": .text("En riktlinje")]).id
            try ContractStore.sqlite.intrude(source, sql(file.ids, groupID))
            do {
                _ = try store.importStore(try SQLiteStore.importSource(path: file.path), mapping: ImportMapping(), by: "anna")
                Issue.record("\(name): a personnummer imported")
            } catch {
                let words = error.message(.sv)
                let id = name == "group" ? groupID : name == "note" ? file.ids[0] : file.ids[2]
                #expect(words.hasPrefix("\(file.path): \(id): ") && words.contains(refusal.text(.sv)) && words.hasSuffix("(inget ändrades)")
                        && !words.contains("\n"), "\(name): \(words)")
                #expect(error.message(.en).contains(refusal.text(.en)), "\(name): \(error.message(.en))")
            }
            #expect(try snapshot(store) == untouched, "\(name)")
        }
    }

    /// A group analysis approved with a personnummer in the supervisor's comment, as barnkoll let
    /// one be written there before it refused it (Migration 47). The comment is a record no one may
    /// change, so the file moves in with it as written (Migration 48); `verify` passes on both, and
    /// every document handed out masks it. A new comment with one is still refused, by Core and by
    /// the database. The number is built in the test.
    @Test func aGroupAnalysisCommentWrittenBeforeItWasRefusedMovesInAsWrittenAndIsMasked() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try database(folder)
        let file = try unitFile(folder, name: "norr", unit: "Norr")
        let source = try SQLiteStore.open(path: file.path, kind: .real, account: "anna")
        let group = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID)
        let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/complete-gruppanalys.yaml").path
        var answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: fixture)), file: fixture,
                                               checklist: group)
        answers["unit"] = .text("Norr")
        let id = try source.create(checklist: group, caseRef: "SN 2026/0412", unit: "Norr", author: "anna", answers: answers).id
        #expect(try source.submit(id, by: "anna") == .submitted)
        let number = Personnummer.withCheckDigit("640823323")
        // As the barnkoll before it recorded it: the store keeps what the review's decision returns.
        _ = try source.recordReview(id, by: "bertil") { analysis, _ throws(StoreError) in
            ReviewChange(decision: .approve, version: analysis.summary.versions, comment: "Se \(number).", itemComments: [:],
                         rule: nil, moveTo: .approved)
        }
        #expect(try source.verify().isEmpty)

        let moved = try store.importStore(try SQLiteStore.importSource(path: file.path), mapping: ImportMapping(), by: "anna")
        let imported = try #require(moved.first { $0.old == id }?.new)
        let read = try store.analysis(imported, readBy: "anna")
        #expect(read.summary.status == .approved && read.reviews.map(\.comment) == ["Se \(number)."])
        #expect(try store.verify().isEmpty && source.verify().isEmpty)
        // verify names where it is kept, on both stores, by place alone.
        #expect(try source.readKeptPersonnummer() == [KeptPersonnummer(analysisID: id, places: [.reviewComment(version: 1)])])
        #expect(try store.readKeptPersonnummer() == [KeptPersonnummer(analysisID: imported, places: [.reviewComment(version: 1)])])
        let document = AnalysisDocument(analysis: read, language: .sv)
        #expect(document.maskedPlaces == [.reviewComment(version: 1)])
        for shown in [document.text(), document.markdown(), document.html()] {
            #expect(!shown.contains(number) && shown.contains("personnummer maskerat"))
        }

        // Only the import moves one in: a new review's comment with one is refused by Core, and by
        // the database from a supervisor's own connection.
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        let next = try store.create(checklist: group, caseRef: "SN 2026/0413", unit: "Norr", author: "anna", answers: answers).id
        #expect(try store.submit(next, by: "anna") == .submitted)
        #expect(throws: StoreError.self) { try store.approve(next, by: "nils", comment: "Se \(number).") }
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        #expect(PostgresRules().sqlstate(nils, "SELECT barnkoll.record_review($1, 'approve', 1, $2, '{}', NULL, 'approved', NULL)",
                                       [next, "Se \(number)."]) == "BK418")
        // Only an admin or an auditor is told where, as only they verify.
        #expect(PostgresRules().sqlstate(nils, "SELECT * FROM barnkoll.kept_personnummer()") == "BK401")
    }

    /// Where an imported analysis went, and the file it came from, is told to whom may see the
    /// analysis: its unit's caseworker, an admin; not a caseworker of another unit, even by calling
    /// the database's function directly.
    @Test func whereAnImportedAnalysisWentIsToldOnlyToWhomMaySeeIt() throws {
        let folder = TemporaryFolder()
        let north = try unitFile(folder, name: "norr", unit: "Norr")
        let (store, conninfo) = try database(folder)
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "sven", granted: true, by: "anna", unit: "Söder")
        _ = try store.importStore(try SQLiteStore.importSource(path: north.path), mapping: ImportMapping(), by: "anna")
        func rows(_ account: String, _ sql: String) throws -> Int {
            try PQConnection(conninfo, user: account, location: "test").query(sql).rows.count
        }
        let sql = "SELECT * FROM barnkoll.imported_from(NULL)"
        #expect(try rows("anna", sql) == 3 && rows("nora", sql) == 3 && rows("sven", sql) == 0)
    }

    /// A file of another schema version is refused in one line, nothing imported and the file as it
    /// was: a newer barnkoll's (a migration this one does not know) and an older one's (its last
    /// migration not applied). The older one moves in once this barnkoll has opened it, as verify does.
    @Test func aFileOfAnotherSchemaVersionIsRefusedAndLeftAsItWas() throws {
        let folder = TemporaryFolder()
        let older = try unitFile(folder, name: "norr", unit: "Norr")
        let newer = try unitFile(folder, name: "soder", unit: "Söder")
        // The barnkoll before v20 left v19's table of indicator rows and no v20 row; a newer one
        // leaves the row of a migration this one does not know.
        let olderSQL = "DROP TABLE indicator_analysis; \(IndicatorCounts.analysisSchemaV19) \(IndicatorCounts.analysisIndexesV19)"
            + " DELETE FROM grdb_migrations WHERE identifier = 'v20-indicator-rows-by-day'"
        for (path, sql) in [(older.path, olderSQL),
                            (newer.path, "INSERT INTO grdb_migrations (identifier) VALUES ('v21-from-a-newer-barnkoll')")] {
            let file = try SQLiteStore.open(path: path, kind: .real, account: "anna")
            try file.pool.write { db in
                if path == older.path { try asBeforeV22(db) }
                try db.execute(sql: sql)
                if path == older.path { try IndicatorCounts.insertAnalyses(db, where: "1", arguments: []) }
            }
            try file.closeConnections()
        }
        let (store, _) = try database(folder)
        let before = try snapshot(store)
        for (path, words) in [(older.path, "äldre barnkoll"), (newer.path, "nyare barnkoll")] {
            let files = [path, path + "-wal", path + "-shm"]
            let unchanged = files.map(sha)
            do {
                _ = try store.importStore(try SQLiteStore.importSource(path: path), mapping: ImportMapping(), by: "anna")
                Issue.record("\(path) imported")
            } catch {
                #expect(error.message(.sv).contains(words) && error.message(.sv).contains("inget ändrades")
                        && !error.message(.sv).contains("\n"), "\(error.message(.sv))")
            }
            #expect(files.map(sha) == unchanged)
        }
        #expect(try snapshot(store) == before)

        // Opened once by this barnkoll (verify does), the older file is brought up to date and moves in.
        #expect(try SQLiteStore.open(path: older.path, kind: .real, account: "anna").verify().isEmpty)
        let moved = try store.importStore(try SQLiteStore.importSource(path: older.path), mapping: ImportMapping(), by: "anna")
        #expect(moved.map(\.old) == older.ids)
        #expect(try store.verify() == [])
    }

    @Test func aFileThatIsNoStoreIsRefusedAndLeftAsItWas() throws {
        let folder = TemporaryFolder()
        let path = folder.file("anteckningar.sqlite")
        try Data("inte en databas, bara text som är längre än hundra tecken för att kunna läsas som ett huvud av en SQLite-fil ....".utf8)
            .write(to: URL(fileURLWithPath: path))
        let before = sha(path)
        do {
            _ = try SQLiteStore.importSource(path: path)
            Issue.record("not a store, imported")
        } catch {
            #expect(error.message(.sv).contains("inget barnkoll-lager") && !error.message(.sv).contains("\n"), "\(error.message(.sv))")
        }
        #expect(sha(path) == before)
    }
}
