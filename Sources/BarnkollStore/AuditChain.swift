import BarnkollCore
import Crypto
import Foundation
import GRDB

/// The audit chain inside SQLite transactions; its bytes are defined in Core (`AuditChain`).
extension AuditChain {
    // MARK: - Inside write transactions

    /// Appends a row to the chain. Runs inside the caller's write transaction (GRDB's are
    /// IMMEDIATE), so the head read here is the head the row is written after, across processes.
    static func append(_ db: Database, account: String, action: String, analysis: String?, detail: String?,
                       content: Content? = nil) throws {
        // Read in place by position: a fetched row is a copy with its columns looked up by name.
        let heads = try GRDB.Row.fetchCursor(db.cachedStatement(sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"))
        var (last, previous): (Int64, Data) = (0, genesis)
        if let head = try heads.next() { (last, previous) = (head[0], head[1]) }
        let digest = try content.map { content -> Data in
            guard let analysis, let key = try self.key(db, analysis: analysis) else {
                throw StoreError.notAllowed(sv: "granskningsloggens nyckel för \(analysis ?? "en analys") saknas i lagret; kör barnkoll verify",
                                            en: "the audit key of \(analysis ?? "an analysis") is missing from the store; run barnkoll verify")
            }
            return self.digest(content, key: key)
        }
        let row = Row(id: last + 1, at: Clock.timestamp(), account: account, action: action,
                      analysisID: analysis, detail: detail, digest: digest)
        try db.cachedStatement(sql: """
            INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [row.id, row.at, row.account, row.action, row.analysisID, row.detail, row.digest,
                                     hash(previous: previous, row)])
    }

    /// The last row of the chain, named with the store it belongs to.
    static func head(_ db: Database) throws -> ChainHead {
        let store = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'store_id'") ?? "-"
        let row = try GRDB.Row.fetchOne(db, sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
        return ChainHead(store: store, id: row?["id"] ?? 0, hash: hex(row?["hash"] ?? genesis))
    }

    static func key(_ db: Database, analysis: String) throws -> Data? {
        try db.cachedStatement(sql: "SELECT key FROM analysis_key WHERE analysis_id = ?").firstValue([analysis])
    }

    static func createKey(_ db: Database, analysis: String) throws {
        try db.cachedStatement(sql: "INSERT INTO analysis_key (analysis_id, key) VALUES (?, ?)")
            .execute(arguments: [analysis, newKey()])
    }
}

extension AuditChain.Content {
    /// What a stored version holds, as its digest was taken.
    static func of(version row: GRDB.Row) -> AuditChain.Content {
        .version(number: row["number"], status: row["status"], contentHash: row["content_hash"])
    }

    /// What a stored review holds, as its digest was taken.
    static func of(review row: GRDB.Row) -> AuditChain.Content {
        .review(version: row["version"], reviewer: row["reviewer"], decision: row["decision"], comment: row["comment"],
                itemComments: row["item_comments"], rule: row["rule"], ground: row["ground"])
    }
}
