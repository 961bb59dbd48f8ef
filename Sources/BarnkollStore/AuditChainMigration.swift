import BarnkollCore
import Foundation
import GRDB

/// v8: the audit trail becomes a hash chain over keyed digests, and analyses can be purged at
/// the end of their retention. Shipped migrations are never edited; this one is v8's whole text.
enum AuditChainMigration {
    static let schema = """
    -- One key per analysis for the digests of its content in the audit chain; deleted with the
    -- content when the analysis is purged, so the digests left behind say nothing.
    CREATE TABLE analysis_key (
        analysis_id TEXT PRIMARY KEY NOT NULL REFERENCES analysis(id),
        key BLOB NOT NULL
    );
    CREATE TRIGGER analysis_key_never_updated BEFORE UPDATE ON analysis_key BEGIN
        SELECT RAISE(ABORT, 'audit keys never change');
    END;
    CREATE TRIGGER analysis_key_never_deleted BEFORE DELETE ON analysis_key
    WHEN NOT (\(Schema.purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'audit keys are deleted only by a purge');
    END;

    -- Why an analysis is kept past its retention (a case still open elsewhere, an appeal); NULL for most.
    ALTER TABLE analysis ADD COLUMN retention_exempt TEXT;
    -- Filled and emptied inside a retention purge's transaction, like workshop_purge.
    CREATE TABLE retention_purge (
        analysis_id TEXT PRIMARY KEY NOT NULL
    );

    DROP TRIGGER analysis_never_deleted;
    CREATE TRIGGER analysis_never_deleted BEFORE DELETE ON analysis
    WHEN NOT (\(Schema.purgingV8("OLD.id")))
    BEGIN
        SELECT RAISE(ABORT, 'analyses are not deleted');
    END;
    DROP TRIGGER version_never_deleted;
    CREATE TRIGGER version_never_deleted BEFORE DELETE ON version
    WHEN NOT (\(Schema.purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'versions never change');
    END;
    DROP TRIGGER review_never_deleted;
    CREATE TRIGGER review_never_deleted BEFORE DELETE ON review
    WHEN NOT (\(Schema.purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'reviews never change');
    END;
    DROP TRIGGER answer_delete_only_when_editable;
    CREATE TRIGGER answer_delete_only_when_editable BEFORE DELETE ON answer
    WHEN (SELECT status FROM analysis WHERE id = OLD.analysis_id) NOT IN ('draft', 'returned')
      AND NOT (\(Schema.purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'the analysis is not editable');
    END;

    -- The audit trail again, with each row's keyed digest of what it wrote (NULL when it wrote no
    -- content, as a read) and its hash in the chain.
    CREATE TABLE audit_chained (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        analysis_id TEXT,
        detail TEXT,
        digest BLOB,
        hash BLOB NOT NULL
    );
    """

    static let auditTriggers = """
    CREATE INDEX audit_by_analysis ON audit(analysis_id);
    CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    """

    static func run(_ db: Database) throws {
        try db.execute(sql: schema)
        // The rows so far, chained in order. Copied into a new table rather than updated in
        // place: appending is sequential, and rows that grow in place would split every page.
        let insert = try db.makeStatement(sql: """
            INSERT INTO audit_chained (id, at, account, action, analysis_id, detail, digest, hash) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
            """)
        var previous = AuditChain.genesis
        let rows = try Row.fetchCursor(db, sql: "SELECT id, at, account, action, analysis_id, detail FROM audit ORDER BY id")
        while let row = try rows.next() {
            let chained = AuditChain.Row(id: row["id"], at: row["at"], account: row["account"], action: row["action"],
                                         analysisID: row["analysis_id"], detail: row["detail"], digest: nil)
            previous = AuditChain.hash(previous: previous, chained)
            try insert.execute(arguments: [chained.id, chained.at, chained.account, chained.action, chained.analysisID,
                                           chained.detail, previous])
        }
        try db.execute(sql: "DROP TABLE audit")
        try db.execute(sql: "ALTER TABLE audit_chained RENAME TO audit")
        try db.execute(sql: auditTriggers)

        try db.execute(sql: "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('store_id', ?)",
                       arguments: [UUID().uuidString.lowercased()])

        // Every analysis gets its key, and what it holds now is sealed into the chain: the
        // versions and reviews of all, and the current answers of those still being written.
        let ids = try String.fetchAll(db, sql: "SELECT id FROM analysis ORDER BY id")
        for id in ids { try AuditChain.createKey(db, analysis: id) }
        let versions = try Row.fetchCursor(db, sql: "SELECT analysis_id, number, status, content_hash FROM version ORDER BY analysis_id, number")
        while let row = try versions.next() {
            try AuditChain.append(db, account: "barnkoll", action: "version.sealed", analysis: row["analysis_id"],
                                  detail: "v\(row["number"] as Int)", content: .of(version: row))
        }
        let reviews = try Row.fetchCursor(db, sql: "SELECT * FROM review ORDER BY id")
        while let row = try reviews.next() {
            try AuditChain.append(db, account: "barnkoll", action: "review.sealed", analysis: row["analysis_id"],
                                  detail: "review \(row["id"] as Int64)", content: .of(review: row))
        }
        let answers = try Row.fetchCursor(db, sql: """
            SELECT answer.analysis_id, answer.item_id, answer.value FROM answer JOIN analysis ON analysis.id = answer.analysis_id
            WHERE analysis.status IN ('draft', 'returned') ORDER BY answer.analysis_id, answer.item_id
            """)
        while let row = try answers.next() {
            let item: String = row["item_id"]
            try AuditChain.append(db, account: "barnkoll", action: "answer.sealed", analysis: row["analysis_id"],
                                  detail: item, content: .answer(item: item, json: row["value"]))
        }
    }
}
