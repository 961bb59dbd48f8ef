import BarnkollCore
import Foundation
import GRDB

/// Retention (gallring): decided analyses past their time are deleted with everything they hold.
/// Only what is decided (approved, or closed as not applicable) and untouched since before the
/// cut-off goes; work still open never does, and an analysis marked exempt stays until unmarked.
extension SQLiteStore {
    public func retention(before date: String) throws(StoreError) -> RetentionPlan {
        try read { db in try Self.retentionPlan(db, before: date) }
    }

    /// Deletes what `retention(before:)` lists: answers, versions, reviews, the analysis and its
    /// audit key, in one transaction. Deleted pages are zeroed (secure_delete), the search index
    /// is rebuilt so no segment keeps a deleted word, the write-ahead log is emptied into the file,
    /// and each analysis leaves a tombstone in the audit chain: its id, who, when; no content.
    /// The chain still verifies: its digests of the content are keyed, and the keys are gone.
    public func deleteForRetention(before date: String, by account: String) throws(StoreError) -> [String] {
        let purged = try write { db in
            let ids = try Self.retentionPlan(db, before: date).due.map(\.id)
            guard !ids.isEmpty else { return ids }
            try Self.deleteAnalyses(db, ids, listedIn: "retention_purge")
            for id in ids {
                try Self.audit(db, account: account, action: "analysis.purged", analysis: id, detail: "retention before \(date)")
            }
            return ids
        }
        do {
            try connections.pool().writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw Self.map(error, path: path)
        }
        return purged
    }

    public func recordRetentionExempt(_ id: String, reason: String?, by account: String) throws(StoreError) {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM analysis WHERE id = ?)", arguments: [id]) == true else {
                throw StoreError.notFound(id)
            }
            try db.execute(sql: "UPDATE analysis SET retention_exempt = ? WHERE id = ?", arguments: [reason, id])
            try Self.audit(db, account: account, action: reason == nil ? "retention.unexempt" : "retention.exempt",
                           analysis: id, detail: nil)
        }
    }

    /// Deletes analyses with all they hold, inside a purge's transaction. They are listed in the
    /// purge's own table while it runs: the never-deleted triggers let through only what is there.
    static func deleteAnalyses(_ db: Database, _ ids: [String], listedIn table: String) throws {
        try db.execute(sql: "DELETE FROM \(table)")
        for id in ids {
            try db.execute(sql: "INSERT INTO \(table) (analysis_id) VALUES (?)", arguments: [id])
        }
        let listed = "IN (SELECT analysis_id FROM \(table))"
        for child in ["workshop_participant", "answer", "indicator_analysis", "indicator_version", "version", "review", "note",
                      "transfer", "analysis_key"] {
            try db.execute(sql: "DELETE FROM \(child) WHERE analysis_id \(listed)")
        }
        try db.execute(sql: "DELETE FROM analysis WHERE id \(listed)")
        try db.execute(sql: "DELETE FROM \(table)")
        // An external-content FTS5 index only marks deletions; older segments keep the words
        // until merged. A rebuild from the remaining answers leaves none of the purged ones; the
        // search words are then taken from the rebuilt index.
        try db.execute(sql: "INSERT INTO answer_fts(answer_fts) VALUES ('rebuild')")
        try SearchTerms.rebuild(db)
    }

    static func retentionPlan(_ db: Database, before date: String) throws -> RetentionPlan {
        let past = "status IN ('approved', 'closed') AND updated_at < ?"
        let due = try Row.fetchAll(db, sql: "SELECT \(summaryColumns) FROM analysis WHERE \(past) AND retention_exempt IS NULL ORDER BY updated_at, id",
                                   arguments: [date]).map(summary)
        let exempt = try Row.fetchAll(db, sql: "SELECT id, retention_exempt FROM analysis WHERE \(past) AND retention_exempt IS NOT NULL ORDER BY id",
                                      arguments: [date]).map { (id: $0["id"] as String, reason: $0["retention_exempt"] as String) }
        return RetentionPlan(due: due, exempt: exempt)
    }
}
