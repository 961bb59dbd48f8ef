import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct Retention {
    /// An approved analysis written `word` into, its last change moved back to `decided`.
    func decided(_ store: SQLiteStore, _ word: String, on decided: String?) throws -> String {
        let id = try store.create(checklist: testChecklist(), caseRef: "R-\(word)", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Barnet nämner \(word) ofta.")]).id
        _ = try store.submit(id, by: "anna")
        try store.approve(id, by: "bertil", comment: "Om \(word).")
        if let decided {
            try store.pool.write { db in
                try db.execute(sql: "UPDATE analysis SET updated_at = ? WHERE id = ?", arguments: [decided, id])
            }
        }
        return id
    }

    func bytes(_ store: SQLiteStore) -> Data {
        (FileManager.default.contents(atPath: store.path) ?? Data()) + (FileManager.default.contents(atPath: store.path + "-wal") ?? Data())
    }

    @Test func onlyDecidedAnalysesPastTheDateGoAndNoWordOfThemStays() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let old = try decided(store, "Zebrafink", on: "2015-03-01T10:00:00.000Z")
        let kept = try decided(store, "Kolibri", on: "2015-03-01T10:00:00.000Z")
        let recent = try decided(store, "Tofsvipa", on: nil)
        let open = try store.create(checklist: testChecklist(), caseRef: "R-open", unit: "U", author: "anna",
                                    answers: ["view": .text("Pelikan")]).id
        try store.pool.write { db in try db.execute(sql: "UPDATE analysis SET updated_at = '2015-01-01T00:00:00.000Z' WHERE id = ?", arguments: [open]) }
        try store.setRetentionExempt(kept, reason: "Överklagat", by: "anna")

        #expect(throws: StoreError.self) { try store.purge(before: "2020-01-01", by: "bertil") } // not an admin
        let plan = try store.retention(before: "2020-01-01")
        #expect(plan.due.map(\.id) == [old])
        #expect(plan.exempt.map(\.id) == [kept] && plan.exempt.first?.reason == "Överklagat")
        #expect(bytes(store).range(of: Data("Zebrafink".utf8)) != nil) // the scan below can see words
        #expect(bytes(store).range(of: Data("zebrafink".utf8)) != nil)

        #expect(try store.purge(before: "2020-01-01", by: "anna") == [old])
        #expect(throws: StoreError.self) { try store.analysis(old, readBy: "anna") }
        for id in [kept, recent, open] { _ = try store.analysis(id, readBy: "anna") }
        #expect(try store.list(AnalysisFilter(search: "Zebrafink")).isEmpty)
        #expect(try store.list(AnalysisFilter(search: "Kolibri")).map(\.id) == [kept])
        // Not in the file, the log or the search index's segments; the chain still verifies.
        // The index and its list of words hold them folded to lower case.
        #expect(bytes(store).range(of: Data("Zebrafink".utf8)) == nil && bytes(store).range(of: Data("zebrafink".utf8)) == nil)
        #expect(bytes(store).range(of: Data("Kolibri".utf8)) != nil && bytes(store).range(of: Data("kolibri".utf8)) != nil)
        #expect(try store.verify() == [])
        let tombstones = try store.auditEvents(for: old).filter { $0.action == "analysis.purged" }
        #expect(tombstones.map(\.account) == ["anna"] && tombstones.first?.detail == "retention before 2020-01-01")
        let (keys, digests) = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM analysis_key WHERE analysis_id = ?", arguments: [old]),
             try Int.fetchOne(db, sql: "SELECT count(digest) FROM audit WHERE action = 'analysis.purged'"))
        }
        #expect(keys == 0 && digests == 0)
        // Unmarked, the exempt one goes at the next purge.
        try store.setRetentionExempt(kept, reason: nil, by: "anna")
        #expect(try store.purge(before: "2020-01-01", by: "anna") == [kept])
        #expect(try store.verify() == [])
    }

    @Test func anExemptionNeedsAReasonAnAdminAndAnAnalysis() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try decided(store, "Trana", on: nil)
        #expect(throws: StoreError.self) { try store.setRetentionExempt(id, reason: "  ", by: "anna") }
        #expect(throws: StoreError.self) { try store.setRetentionExempt(id, reason: "Överklagat", by: "bertil") }
        #expect(throws: StoreError.self) { try store.setRetentionExempt("BKA-2026-9999", reason: "Överklagat", by: "anna") }
    }

    /// The exception in the never-deleted triggers is the purge's own table, filled only inside it.
    @Test func outsideAPurgeNothingIsDeletedEvenByHand() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try decided(store, "Trana", on: nil)
        #expect(throws: (any Error).self) {
            try store.pool.write { db in try db.execute(sql: "DELETE FROM analysis_key WHERE analysis_id = ?", arguments: [id]) }
        }
        #expect(throws: (any Error).self) {
            try store.pool.write { db in try db.execute(sql: "DELETE FROM version WHERE analysis_id = ?", arguments: [id]) }
        }
    }
}
