import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct StoreOpening {
    @Test func createsFile0600InFolder0700WithOurIdentity() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder.file("store"))
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        let (applicationID, journal, synchronous, secureDelete) = try store.pool.write { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try Int.fetchOne(db, sql: "PRAGMA secure_delete"))
        }
        #expect(applicationID == Schema.applicationID)
        #expect(journal == "wal")
        #expect(synchronous == 2) // FULL
        #expect(secureDelete == 1)
    }

    @Test func migratesAnEmptyFile() throws {
        let folder = TemporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.file("empty.sqlite"), contents: Data())
        let store = try SQLiteStore.open(path: folder.file("empty.sqlite"), kind: .real, account: "anna")
        #expect(try store.count(AnalysisFilter()) == 0)
    }

    @Test func reopensAndKeepsEverything() throws {
        let folder = TemporaryFolder()
        let id: String
        do {
            let store = try openStore(folder)
            id = try store.create(checklist: testChecklist(), caseRef: "ÄR-1", unit: "Ekonomiskt bistånd", author: "anna", answers: [:]).id
            try store.save(id, item: "view", value: .text("Hon vill bo kvar hos mormor."), by: "anna")
        }
        let reopened = try openStore(folder)
        #expect(try reopened.analysis(id, readBy: "anna").answers["view"] == .text("Hon vill bo kvar hos mormor."))
    }

    /// The home screen, `list`, the queue and `verify` only read: they open no writer, change no
    /// byte of the file and leave no WAL beside it; the first save opens the writer.
    /// Lists that update themselves: the change token (PRAGMA data_version) moves when another
    /// connection to the file commits (here a plain one, as another process's barnkoll would be),
    /// on the plain reader and on the writer once that is open.
    @Test func theChangeTokenMovesWhenAnotherConnectionWrites() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        try store.closeConnections()
        func writeFromElsewhere(_ word: String) throws {
            let queue = try DatabaseQueue(path: store.location)
            try queue.write { db in try db.execute(sql: "INSERT INTO search_term (term) VALUES (?)", arguments: [word]) }
            try queue.close()
        }
        let first = try store.changeToken()
        #expect(try store.changeToken() == first)
        try writeFromElsewhere("annanstans")
        let second = try store.changeToken()
        #expect(second != first)
        #expect(try store.changeToken() == second)
        try store.openWriter()
        let writing = try store.changeToken()
        #expect(try store.changeToken() == writing)
        try writeFromElsewhere("igen")
        #expect(try store.changeToken() != writing)
    }

    @Test func readingOpensNoWriterAndLeavesNoWAL() throws {
        let folder = TemporaryFolder()
        let id: String
        do {
            let store = try openStore(folder)
            id = try store.create(checklist: testChecklist(), caseRef: "ÄR-1", unit: "Norr", author: "anna", answers: [:]).id
            try store.closeConnections()
        }
        let path = folder.file("store/barnkoll.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let before = sha(path)
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(try store.list(AnalysisFilter(), for: "anna").map(\.id) == [id])
        #expect(try store.page(AnalysisFilter(status: .submitted), for: "anna").total == 0)
        _ = try store.followUps(today: "2026-12-02", for: "anna")
        _ = try store.roles()
        #expect(try store.verify().isEmpty)
        #expect(!store.connections.hasWriter)
        try store.closeConnections()
        #expect(sha(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))

        let writing = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        try writing.save(id, item: "view", value: .text("Vill bo kvar."), by: "anna")
        #expect(writing.connections.hasWriter)
        try writing.closeConnections()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(try SQLiteStore.open(path: path, kind: .real, account: "anna").analysis(id, readBy: "anna").answers["view"] == .text("Vill bo kvar."))
    }

    @Test func refusesANewerStoreAndLeavesItUntouched() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
        }
        try store.closeConnections()
        let before = sha(store.path)
        let storeFolder = folder.file("store")
        let folderBefore = try FileManager.default.contentsOfDirectory(atPath: storeFolder).sorted()
        #expect(!folderBefore.contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") })
        #expect {
            _ = try openStore(folder)
        } throws: { error in
            guard case StoreError.newerStore = error else { return false }
            return "\(error)".contains("newer barnkoll")
        }
        #expect(sha(store.path) == before)
        // The empty -wal and -shm the check's reader made are gone with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: storeFolder).sorted() == folderBefore)
    }

    /// A newer store whose last writes are still in its WAL (as a crash leaves it) is refused, and
    /// neither file changes: the reader that checked it closes without moving the WAL's frames into
    /// the store's file, as the last connection to close otherwise does.
    @Test func refusesANewerStoreLeftWithAWALAndLeavesBothFiles() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
        }
        // The files as a crash would leave them: the future migration only in the WAL.
        let crashed = folder.file("crashed/barnkoll.sqlite")
        try FileManager.default.createDirectory(atPath: folder.file("crashed"), withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] { try FileManager.default.copyItem(atPath: store.path + suffix, toPath: crashed + suffix) }
        let (file, wal) = (sha(crashed), sha(crashed + "-wal"))
        #expect((wal?.count ?? 0) > 0)
        #expect {
            _ = try SQLiteStore.open(path: crashed, kind: .real, account: "anna")
        } throws: { error in
            guard case StoreError.newerStore = error else { return false }
            return true
        }
        #expect(sha(crashed) == file)
        #expect(sha(crashed + "-wal") == wal)
        // Copied without its lock file: the one the refused open made is gone with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("crashed")).sorted()
                == ["barnkoll.sqlite", "barnkoll.sqlite-shm", "barnkoll.sqlite-wal"])
    }

    @Test(arguments: [
        ("text", Data("Det här är en anteckning, ingen databas.\n".utf8)),
        ("short", Data("SQLite format 3\0".utf8)),
        ("header", Data(repeating: 0x41, count: 4096)),
    ])
    func refusesAFileThatIsNotOurs(name: String, contents: Data) throws {
        let folder = TemporaryFolder()
        let path = folder.file("\(name).sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: contents)
        #expect {
            _ = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        } throws: { error in
            guard case StoreError.cannotOpen = error else { return false }
            return "\(error)".contains("not a barnkoll store")
        }
        #expect(sha(path) == contents)
        // Nothing beside it either: no lock file, no -wal or -shm.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["\(name).sqlite"])
    }

    @Test func refusesAnotherProgramsSQLiteDatabase() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('kanelbullar')") }
        try queue.close()
        let before = sha(path)
        #expect(throws: StoreError.self) { _ = try SQLiteStore.open(path: path, kind: .real, account: "anna") }
        #expect(sha(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["other.sqlite"])
    }

    @Test func theKindIsFixedAtCreation() throws {
        let folder = TemporaryFolder()
        _ = try openStore(folder, kind: .real)
        #expect {
            _ = try openStore(folder, kind: .training)
        } throws: { error in
            guard case StoreError.wrongKind(_, .training, .real) = error else { return false }
            return true
        }
        let training = TemporaryFolder()
        try openStore(training, kind: .training).closeConnections()
        #expect {
            _ = try openStore(training, kind: .real)
        } throws: { error in
            guard case StoreError.wrongKind(_, .real, .training) = error else { return false }
            return "\(error)".contains("training store")
        }
        // A copy without its lock file is refused as it is, nothing made beside it.
        let copy = TemporaryFolder()
        try FileManager.default.copyItem(atPath: training.file("store/barnkoll.sqlite"), toPath: copy.file("barnkoll.sqlite"))
        #expect(throws: StoreError.self) { _ = try SQLiteStore.open(path: copy.file("barnkoll.sqlite"), kind: .real, account: "anna") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy.path) == ["barnkoll.sqlite"])
    }
}

@Suite struct Analyses {
    @Test func idsAreShortHumanAndSequential() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let first = try store.create(checklist: testChecklist(), caseRef: "R1", unit: "U", author: "anna", answers: [:])
        let second = try store.create(checklist: testChecklist(), caseRef: "R2", unit: "U", author: "anna", answers: [:])
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(first.id == "BKA-\(year)-0001")
        #expect(second.id == "BKA-\(year)-0002")
    }

    @Test func swedishTextRoundTripsAndIsStoredAsNFC() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna", answers: [:]).id
        let decomposed = "Pojken vill fo\u{0308}rsta\u{030A} varfo\u{0308}r han ma\u{030A}ste flytta.\r\nHan är 7 år."
        try store.save(id, item: "view", value: .text(decomposed), by: "anna")
        let stored = try store.analysis(id, readBy: "anna").answers["view"]?.text
        #expect(stored == "Pojken vill förstå varför han måste flytta.\nHan är 7 år.")
        #expect(stored?.unicodeScalars.contains("\u{0308}") == false)
        let raw = try store.pool.read { try String.fetchOne($0, sql: "SELECT value FROM answer WHERE item_id = 'view'") }
        #expect(raw?.unicodeScalars.contains("\u{00F6}") == true)
    }

    @Test func aCaseReferenceThatIsAPersonnummerIsRefused() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let number = Personnummer.withCheckDigit("121212121")
        #expect(throws: StoreError.self) {
            _ = try store.create(checklist: testChecklist(), caseRef: number, unit: "U", author: "anna", answers: [:])
        }
        #expect(try store.count(AnalysisFilter()) == 0)
    }

    @Test func answersAreCheckedAgainstTheirItem() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna", answers: [:]).id
        #expect(throws: StoreError.self) { try store.save(id, item: "affected", value: .text("kanske"), by: "anna") }
        #expect(throws: StoreError.self) { try store.save(id, item: "nonexistent", value: .text("x"), by: "anna") }
        #expect(throws: StoreError.self) {
            try store.save(id, item: "children", value: .entries([["alias": .text("A"), "age": .number(40)]]), by: "anna")
        }
        try store.save(id, item: "affected", value: .text("yes"), by: "anna")
        try store.save(id, item: "affected", value: nil, by: "anna")
        #expect(try store.analysis(id, readBy: "anna").answers.isEmpty)
    }

    @Test func anAnalysisKeepsTheDefinitionItWasMadeWith() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let old = try store.create(checklist: testChecklist(version: 1, prompt: "Gammal fråga"), caseRef: "R", unit: "U",
                                   author: "anna", answers: ["view": .text("svar")]).id
        let new = try store.create(checklist: testChecklist(version: 2, prompt: "Ny fråga"), caseRef: "R", unit: "U",
                                   author: "anna", answers: [:]).id
        let oldAnalysis = try store.analysis(old, readBy: "anna")
        #expect(oldAnalysis.checklist.version == 1)
        #expect(oldAnalysis.checklist.item("view")?.prompt.sv == "Gammal fråga")
        #expect(try store.analysis(new, readBy: "anna").checklist.item("view")?.prompt.sv == "Ny fråga")
    }
}

@Suite struct Transitions {
    func complete(_ store: SQLiteStore) throws -> String {
        try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                         answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]).id
    }

    @Test func theWholeCycle() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try complete(store)
        #expect(try store.submit(id, by: "anna") == .submitted)
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("ändrad"), by: "anna") }
        try store.return(id, by: "bertil", comment: "Beskriv barnets åsikt med egna ord.", itemComments: ["view": "Citera barnet."])
        let returned = try store.analysis(id, readBy: "anna")
        #expect(returned.summary.status == .returned)
        #expect(returned.latestReturn?.itemComments["view"] == "Citera barnet.")
        try store.save(id, item: "view", value: .text("”Jag vill bo kvar hos mormor”, säger hon."), by: "anna")
        #expect(try store.submit(id, by: "anna") == .submitted)
        try store.approve(id, by: "bertil", comment: nil)
        let approved = try store.analysis(id, readBy: "anna")
        #expect(approved.summary.status == .approved)
        #expect(approved.versions.map(\.number) == [1, 2])
        #expect(approved.versions[0].answers["view"] == .text("Hon vill bo kvar."))
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("efteråt"), by: "anna") }
        try store.revise(id, by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.status == .draft)
    }

    @Test func forbiddenMovesAreRefusedByCode() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try complete(store)
        #expect(throws: StoreError.self) { try store.approve(id, by: "bertil", comment: nil) }      // draft → approved
        #expect(throws: StoreError.self) { try store.return(id, by: "bertil", comment: "x", itemComments: [:]) }
        #expect(throws: StoreError.self) { try store.revise(id, by: "anna") }                       // draft → draft
        _ = try store.submit(id, by: "anna")
        #expect(throws: StoreError.self) { _ = try store.submit(id, by: "anna") }                  // submitted → submitted
        #expect(throws: StoreError.self) { try store.revise(id, by: "anna") }                       // submitted → draft
    }

    @Test func nobodyReviewsTheirOwnAndReturningNeedsAComment() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try complete(store)
        _ = try store.submit(id, by: "anna")
        try store.setRole(.supervisor, for: "anna", granted: true, by: "anna")   // a supervisor, but the author
        #expect {
            try store.approve(id, by: "anna", comment: nil)
        } throws: { "\($0)".contains("own analysis") }
        #expect(throws: StoreError.self) { try store.return(id, by: "bertil", comment: "  ", itemComments: [:]) }
        #expect(throws: StoreError.self) { _ = try store.submit(id, by: "bertil") }
    }

    @Test func anIncompleteAnalysisListsWhatIsMissing() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna", answers: [:]).id
        #expect {
            _ = try store.submit(id, by: "anna")
        } throws: { error in
            guard case StoreError.incomplete(_, let missing, _) = error else { return false }
            return missing.map(\.path.item) == ["affected", "view"]
        }
        #expect(try store.analysis(id, readBy: "anna").summary.status == .draft)
    }

    @Test func noChildAffectedClosesAsNotApplicable() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("no"), "reason": .text("Beslutet gäller en vuxen utan barn.")]).id
        #expect(try store.submit(id, by: "anna") == .closed)
        #expect(throws: StoreError.self) { try store.approve(id, by: "bertil", comment: nil) }
    }

    @Test func aHardStopBlocksUntilASupervisorOverridesIt() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Vill inte flytta."), "care": .text("yes")]).id
        #expect {
            _ = try store.submit(id, by: "anna")
        } throws: { error in
            guard case StoreError.incomplete(_, let missing, let stops) = error else { return false }
            return missing.isEmpty && stops.map(\.rule) == ["care-stop"]
        }
        #expect(throws: StoreError.self) { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "anna", reason: "egen") }
        #expect(throws: StoreError.self) { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "") }
        #expect(throws: StoreError.self) { try store.override(id, rule: "no-such-rule", ground: .proposalChanged, by: "bertil", reason: "x") }
        try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Placeringen är akut; uppföljning om en vecka.")
        #expect(try store.submit(id, by: "anna") == .submitted)
    }
}

@Suite struct Triggers {
    func submitted(_ store: SQLiteStore) throws -> String {
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]).id
        _ = try store.submit(id, by: "anna")
        return id
    }

    func refused(_ store: SQLiteStore, _ sql: String, _ arguments: StatementArguments = []) -> Bool {
        do {
            try store.pool.write { try $0.execute(sql: sql, arguments: arguments) }
            return false
        } catch {
            return (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
        }
    }

    @Test func statusMovesOnlyAlongAllowedTransitionsInTheDatabase() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        // From each state the store can reach, try every other state with plain SQL.
        let reach: [AnalysisStatus: (SQLiteStore) throws -> String] = [
            .draft: { try $0.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna", answers: [:]).id },
            .submitted: { try submitted($0) },
            .returned: { store in
                let id = try submitted(store)
                try store.return(id, by: "bertil", comment: "Mer.", itemComments: [:])
                return id
            },
            .approved: { store in
                let id = try submitted(store)
                try store.approve(id, by: "bertil", comment: nil)
                return id
            },
        ]
        for (from, make) in reach {
            for to in AnalysisStatus.allCases where to != from {
                let id = try make(store)
                let allowed = AnalysisStatus.allowedTransitions.contains(.init(from: from, to: to))
                let wasRefused = refused(store, "UPDATE analysis SET status = ? WHERE id = ?", [to.rawValue, id])
                #expect(wasRefused == !allowed, "\(from) → \(to)")
            }
        }
    }

    @Test func frozenThingsNeverChange() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try submitted(store)
        try store.return(id, by: "bertil", comment: "Mer om barnets vardag.", itemComments: [:])
        _ = try store.submit(id, by: "anna")
        #expect(refused(store, "UPDATE version SET answers = '{}' WHERE analysis_id = ?", [id]))
        #expect(refused(store, "DELETE FROM version WHERE analysis_id = ?", [id]))
        #expect(refused(store, "UPDATE review SET comment = 'ok' WHERE analysis_id = ?", [id]))
        #expect(refused(store, "DELETE FROM review"))
        #expect(refused(store, "UPDATE audit SET account = 'someone'"))
        #expect(refused(store, "DELETE FROM audit"))
        #expect(refused(store, "DELETE FROM analysis"))
        #expect(refused(store, "UPDATE analysis SET author = 'someone'"))
        #expect(refused(store, "UPDATE analysis SET case_ref = 'other' WHERE id = ?", [id]))
        #expect(refused(store, "UPDATE answer SET value = '\"x\"' WHERE analysis_id = ?", [id]))
        #expect(refused(store, "DELETE FROM answer WHERE analysis_id = ?", [id]))
        #expect(refused(store, "INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by) VALUES (?, 'care', '\"no\"', '', '', 'x')", [id]))
    }
}

@Suite struct AuditAndSearch {
    @Test func everySaveAndStateChangeIsAuditedWithoutContent() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna", answers: [:]).id
        try store.save(id, item: "affected", value: .text("yes"), by: "anna")
        try store.save(id, item: "view", value: .text("Hemlig önskan om hunden Sigge"), by: "anna")
        _ = try store.submit(id, by: "anna")
        _ = try store.analysis(id, readBy: "bertil")
        let events = try store.auditEvents(for: id)
        #expect(events.map(\.action) == ["analysis.create", "answer.save", "answer.save", "analysis.submitted", "analysis.read"])
        #expect(events.map(\.account) == ["anna", "anna", "anna", "anna", "bertil"])
        #expect(events[2].detail == "view")
        let everything = try store.pool.read { try String.fetchAll($0, sql: "SELECT at || account || action || IFNULL(analysis_id,'') || IFNULL(detail,'') FROM audit") }
        #expect(!everything.contains { $0.contains("Sigge") || $0.contains("önskan") })
    }

    /// An export's text is made while its reads are logged, and handed back only once they are.
    @Test func manyAnalysesAreDeliveredOnlyWithEveryReadLogged() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let ids = try (0..<3).map { number in
            try store.create(checklist: testChecklist(), caseRef: "R-\(number)", unit: "U", author: "anna", answers: [:]).id
        }
        // Read in id order, delivered in the filter's: the latest written first.
        let delivered = try store.analyses(AnalysisFilter(), readBy: "bertil") { $0.map(\.summary.id) }
        #expect(delivered == ids.reversed())
        #expect(delivered == (try store.list(AnalysisFilter())).map(\.id))
        for id in ids {
            #expect(try store.auditEvents(for: id).filter { $0.action == "analysis.read" }.map(\.account) == ["bertil"])
        }
        // The log refuses: the caller gets the error, not the text.
        try store.pool.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER refuse_reads BEFORE INSERT ON audit WHEN NEW.action = 'analysis.read'
                BEGIN SELECT RAISE(ABORT, 'the log is full'); END
                """)
        }
        #expect(throws: StoreError.self) {
            _ = try store.analyses(AnalysisFilter(), readBy: "bertil") { $0.count }
        }
        #expect(try store.verify() == [])
    }

    @Test func searchFollowsTheAnswers() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let first = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                     answers: ["view": .text("Han saknar fotbollsträningen i Åby.")]).id
        let second = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                      answers: ["children": .entries([["alias": .text("Lillan"), "age": .number(4)]])]).id
        func search(_ text: String) throws -> [String] {
            try store.list(AnalysisFilter(search: text)).map(\.id).sorted()
        }
        #expect(try search("fotboll") == [first])
        #expect(try search("åby") == [first])
        #expect(try search("lillan") == [second])
        #expect(try search("träning saknar") == [])
        #expect(try search("saknar fotbollsträningen") == [first])
        try store.save(first, item: "view", value: .text("Han vill börja i simklubben."), by: "anna")
        #expect(try search("fotboll") == [])
        #expect(try search("simklubben") == [first])
        try store.save(first, item: "view", value: nil, by: "anna")
        #expect(try search("simklubben") == [])
        let integrity = try store.pool.write { db in
            try db.execute(sql: "INSERT INTO answer_fts(answer_fts, rank) VALUES ('integrity-check', 1)")
            return true
        }
        #expect(integrity)
    }

    @Test func listsFilterByEveryField() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let a = try store.create(checklist: testChecklist(), caseRef: "R1", unit: "Vuxen", author: "anna", answers: [:]).id
        let b = try store.create(checklist: testChecklist(), caseRef: "R2", unit: "Bistånd", author: "cecilia", answers: [:]).id
        #expect(try store.list(AnalysisFilter(author: "cecilia")).map(\.id) == [b])
        #expect(try store.list(AnalysisFilter(unit: "Vuxen")).map(\.id) == [a])
        #expect(try store.list(AnalysisFilter(status: .draft)).count == 2)
        #expect(try store.list(AnalysisFilter(status: .approved)).isEmpty)
        #expect(try store.list(AnalysisFilter(checklist: "testlista")).count == 2)
        #expect(try store.list(AnalysisFilter(checklist: "annan")).isEmpty)
        #expect(try store.list(AnalysisFilter(since: "2999-01-01")).isEmpty)
        #expect(try store.list(AnalysisFilter(limit: 1)).map(\.id) == [b])
        #expect(try store.list(AnalysisFilter(limit: 1, offset: 1)).map(\.id) == [a])
    }
}

@Suite struct Roles {
    @Test func theCreatorIsTheFirstAdminAndRoleChangesAreAudited() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        #expect(try store.hasRole("anna", .admin))
        #expect(try store.hasRole("bertil", .supervisor))
        #expect(try !store.hasRole("bertil", .admin))
        try store.setRole(.trainer, for: "cecilia", granted: true, by: "anna")
        try store.setRole(.trainer, for: "cecilia", granted: false, by: "anna")
        let events = try store.auditEvents().filter { $0.action.hasPrefix("role.") }
        // The first admin is recorded too: `verify` replays the roles from the chain alone.
        #expect(events.map(\.action) == ["role.grant", "role.grant", "role.grant", "role.revoke"])
        #expect(events.map(\.detail) == ["admin anna", "supervisor bertil", "trainer cecilia", "trainer cecilia"])
        #expect(try store.roles().map { "\($0.account):\($0.role.rawValue)" } == ["anna:admin", "bertil:supervisor"])
    }

    @Test func onlyAnAdminChangesRolesAndTheLastAdminStays() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        #expect(throws: StoreError.self) { try store.setRole(.admin, for: "bertil", granted: true, by: "bertil") }
        #expect(throws: StoreError.self) { try store.setRole(.admin, for: "anna", granted: false, by: "anna") }
        try store.setRole(.admin, for: "bertil", granted: true, by: "anna")
        try store.setRole(.admin, for: "anna", granted: false, by: "anna")
        #expect(try !store.hasRole("anna", .admin))
    }

    @Test func onlySupervisorsReview() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]).id
        _ = try store.submit(id, by: "anna")
        #expect {
            try store.approve(id, by: "cecilia", comment: nil)
        } throws: { "\($0)".contains("only a supervisor can review") }
        #expect(throws: StoreError.self) { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "cecilia", reason: "x") }
        try store.approve(id, by: "bertil", comment: "Bra underlag.")
        #expect(try store.analysis(id, readBy: "anna").summary.status == .approved)
    }
}

@Suite struct Timestamps {
    /// The stamps every record carries, digit by digit, against Foundation's own ISO 8601 form.
    @Test func matchFoundationsISO8601() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SplitMix64(seed: 7)
        let edges = [0, 951_782_400, 1_709_164_799, 4_102_444_799, 253_402_300_799]   // 1970, two 29 Februarys, 2099, 9999
        for seconds in edges + (0..<2_000).map({ _ in Int(random.next() % 4_102_444_800) }) {
            for milliseconds in [0, 7, 45, 999] {
                let date = Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000 + 0.0001)
                #expect(Clock.format(seconds: seconds, milliseconds: milliseconds) == formatter.string(from: date))
            }
        }
    }
}
