import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct Integrity {
    func submitted(_ store: SQLiteStore) throws -> String {
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]).id
        _ = try store.submit(id, by: "anna")
        return id
    }

    @Test func aHealthyStoreVerifies() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        _ = try submitted(store)
        #expect(try store.verify().isEmpty)
    }

    /// A changed byte inside a frozen version passes SQLite's own check; its hash shows it.
    @Test func aVersionChangedOutsideBarnkollIsNamed() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try submitted(store)
        try store.pool.write { db in
            // As someone with the file and the sqlite3 shell could: drop the guard, change the text.
            try db.execute(sql: "DROP TRIGGER version_never_updated")
            try db.execute(sql: "UPDATE version SET answers = replace(answers, 'bo kvar', 'flytta') WHERE analysis_id = ?", arguments: [id])
        }
        let problems = try store.verify()
        #expect(problems.first == "version \(id) v1: its content does not match its hash (changed outside barnkoll)")
    }

    /// A damaged search index is named, after what the read snapshot found. (An index merely out
    /// of step with the answers passes FTS5's own check in SQLite 3.40: measured.)
    @Test func aDamagedSearchIndexIsNamed() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                             answers: ["view": .text("Hon vill bo kvar.")])
        try store.pool.write { db in
            try db.execute(sql: "UPDATE answer_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
        }
        let problems = try store.verify()
        #expect(problems.last?.hasPrefix("full-text index: ") == true, "\(problems)")
    }

    @Test func aBackupIsAWholeCheckedStore0600() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try submitted(store)
        let copy = folder.file("backup.sqlite")
        try store.backup(to: copy)
        var info = stat()
        #expect(stat(copy, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))
        // Restoring is opening the copy as the store: everything is there and verifies.
        let restored = try SQLiteStore.open(path: copy, kind: .real, account: "anna")
        #expect(try restored.analysis(id, readBy: "anna").answers["view"] == .text("Hon vill bo kvar."))
        #expect(try restored.verify().isEmpty)
        // A place that cannot be written: one clear refusal, nothing left behind.
        #expect(throws: StoreError.self) { try store.backup(to: folder.file("missing/folder/backup.sqlite")) }
    }

    /// In a folder others may write (a 2770 team folder), a member can plant symlinks at the names
    /// a backup would use beside its destination. The copy is built in a fresh `mkdtemp` folder
    /// instead: nothing planted is written through, and nothing is left behind.
    @Test func symlinksPlantedBesideTheBackupAreNeverWrittenThrough() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try submitted(store)
        let victim = folder.file("victim.txt")
        try Data("intakt".utf8).write(to: URL(fileURLWithPath: victim))
        // The names the backup used before (.NAME.PID.partial, and SQLite's journal beside it).
        let planted = [".backup.sqlite.\(getpid()).partial", ".backup.sqlite.\(getpid()).partial-journal"].map { folder.file($0) }
        for link in planted { #expect(symlink(victim, link) == 0) }
        try store.backup(to: folder.file("backup.sqlite"))
        #expect(FileManager.default.contents(atPath: victim) == Data("intakt".utf8))
        for link in planted { #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == victim) }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".barnkoll-backup-") }
        #expect(left.isEmpty)
        let restored = try SQLiteStore.open(path: folder.file("backup.sqlite"), kind: .real, account: "anna")
        #expect(try restored.header(id).summary.status == .submitted)
    }
}

@Suite struct OpenTwice {
    /// A second open in the same process must not touch the file: closing any descriptor of it
    /// would drop the first pool's locks, and its next write failed with "malformed".
    @Test func aStoreOpenedAgainInTheSameProcessIsTheSameStore() throws {
        let folder = TemporaryFolder()
        let first = try openStore(folder)
        let again = try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: .real, account: "anna")
        #expect(first === again)
        #expect(throws: StoreError.self) { try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: .training) }
        _ = try first.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna")
        #expect(try first.verify() == [])
    }
}
