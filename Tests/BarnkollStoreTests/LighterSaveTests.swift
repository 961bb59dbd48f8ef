import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// v25: a save writes no page only kept for what no one reads (the audit table's row in
/// `sqlite_sequence`, the search index's size of each answer), and a store made before it keeps
/// every chain row and every word.
@Suite struct LighterSaves {
    /// The pages one save adds to the write-ahead log, counted from the log's size.
    func pagesWritten(by save: () throws -> Void, _ store: SQLiteStore) throws -> Int {
        let log = store.path + "-wal"
        try store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        #expect(FileManager.default.fileSize(log) == 0)
        try save()
        let header = 32, frameHeader = 24
        let pageSize = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096 }
        return (FileManager.default.fileSize(log) - header) / (frameHeader + pageSize)
    }

    /// The answer, the search index's structure, its new segment and that segment's entry, the
    /// chain's row: seven pages on a small store before v25.
    @Test func aSaveWritesFivePages() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["view": .text("Hon vill bo kvar hos mormor.")]).id
        let pages = try pagesWritten(by: { try store.save(id, item: "view", value: .text("Hon vill bo hos mormor."), by: "anna") }, store)
        #expect(pages == 5)
    }

    /// As v24 left a store: the audit table with AUTOINCREMENT (its row in `sqlite_sequence`), the
    /// search index with the size of each answer.
    static let asV24 = """
    CREATE TABLE audit_v24 (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, account TEXT NOT NULL, action TEXT NOT NULL,
        analysis_id TEXT, detail TEXT, digest BLOB, hash BLOB NOT NULL
    );
    INSERT INTO audit_v24 SELECT * FROM audit;
    DROP TABLE audit;
    ALTER TABLE audit_v24 RENAME TO audit;
    \(AuditChainMigration.auditTriggers)
    DROP TABLE answer_fts;
    CREATE VIRTUAL TABLE answer_fts USING fts5(
        search_text, content='answer', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
    );
    INSERT INTO answer_fts(answer_fts) VALUES ('rebuild');
    DELETE FROM grdb_migrations WHERE identifier = 'v25-lighter-saves';
    """

    @Test func aStoreMadeBeforeV25KeepsEveryChainRowAndWord() throws {
        let folder = TemporaryFolder()
        var store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar hos mormor.")]).id
        _ = try store.submit(id, by: "anna")
        try store.approve(id, by: "bertil", comment: nil)
        try store.pool.write { db in try db.execute(sql: Self.asV24) }
        let chain = { (store: SQLiteStore) in
            try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id") }
        }
        let before = try chain(store)
        #expect(try store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_sequence") }.contains("audit"))
        try store.closeConnections()

        store = try openStore(folder)
        let schema = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE name IN ('audit', 'answer_fts') ORDER BY name")
        }
        #expect(schema.count == 2 && schema.allSatisfy { !$0.contains("AUTOINCREMENT") } && schema[0].contains("columnsize=0"))
        #expect(try store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_sequence") }.contains("audit") == false)
        #expect(Array(try chain(store).prefix(before.count)) == before)
        #expect(try store.list(AnalysisFilter(search: "mormor")).map(\.id) == [id])
        #expect(try store.verify() == [])

        // The chain goes on from its last row.
        let draft = try store.create(checklist: testChecklist(), caseRef: "R2", unit: "U", author: "anna", answers: [:]).id
        try store.save(draft, item: "view", value: .text("Han vill träffa morfar."), by: "anna")
        let ids = try store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM audit ORDER BY id") }
        #expect(ids == Array(1...Int64(ids.count)))
        #expect(try store.list(AnalysisFilter(search: "morfar")).map(\.id) == [draft])
        #expect(try store.verify() == [])
    }
}

private extension FileManager {
    func fileSize(_ path: String) -> Int {
        ((try? attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
