import BarnkollCore
import Crypto
import Foundation
import GRDB

/// The audit trail as a hash chain. Each row's `hash` is SHA-256 over the previous row's hash and
/// the row itself, so an edited, inserted or removed row breaks every hash after it. Content is in
/// the chain only as a keyed digest (HMAC-SHA-256 with a key of its own per analysis): a retention
/// purge deletes the content and the key, the chain still verifies, and what is left reveals
/// nothing about what was written (a plain hash of a short answer could be guessed).
enum AuditChain {
    /// The "previous hash" of the first row.
    static let genesis = Data(repeating: 0, count: 32)

    struct Row {
        var id: Int64
        var at: String
        var account: String
        var action: String
        var analysisID: String?
        var detail: String?
        var digest: Data?
    }

    static func hash(previous: Data, _ row: Row) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical(row))
        return Data(hasher.finalize())
    }

    /// Every field length-prefixed, so no two different rows read the same.
    static func canonical(_ row: Row) -> Data {
        var text = "audit \(row.id)\n"
        for field in [row.at, row.account, row.action, row.analysisID, row.detail, row.digest.map(hex)] {
            if let field {
                text += "\(field.utf8.count):\(field)\n"
            } else {
                text += "-\n"
            }
        }
        return Data(text.utf8)
    }

    /// What an event wrote, keyed with its analysis's key.
    enum Content {
        case answer(item: String, json: String?)
        case version(number: Int, status: String, contentHash: String)
        case review(version: Int, reviewer: String, decision: String, comment: String?, itemComments: String, rule: String?)

        var text: String {
            switch self {
            case .answer(let item, let json):
                return "answer\n\(item)\n\(json ?? "")"
            case .version(let number, let status, let contentHash):
                return "version\n\(number)\n\(status)\n\(contentHash)"
            case .review(let version, let reviewer, let decision, let comment, let itemComments, let rule):
                // Free text last and length-prefixed, so no comment can pose as another field.
                return "review\n\(version)\n\(reviewer)\n\(decision)\n\(rule ?? "-")\n"
                    + "\(comment.map { "\($0.utf8.count):\($0)" } ?? "-")\n\(itemComments.utf8.count):\(itemComments)"
            }
        }

        /// What a stored version holds, as its digest was taken.
        static func of(version row: GRDB.Row) -> Content {
            .version(number: row["number"], status: row["status"], contentHash: row["content_hash"])
        }

        /// What a stored review holds, as its digest was taken.
        static func of(review row: GRDB.Row) -> Content {
            .review(version: row["version"], reviewer: row["reviewer"], decision: row["decision"], comment: row["comment"],
                    itemComments: row["item_comments"], rule: row["rule"])
        }
    }

    static func digest(_ content: Content, key: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(content.text.utf8), using: SymmetricKey(data: key)))
    }

    static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count * 2)
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Inside write transactions

    /// Appends a row to the chain. Runs inside the caller's write transaction (GRDB's are
    /// IMMEDIATE), so the head read here is the head the row is written after, across processes.
    static func append(_ db: Database, account: String, action: String, analysis: String?, detail: String?,
                       content: Content? = nil) throws {
        let head = try GRDB.Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"))
        let previous: Data = head?["hash"] ?? genesis
        let digest = try content.map { content -> Data in
            guard let analysis, let key = try self.key(db, analysis: analysis) else {
                throw StoreError.notAllowed("the audit key of \(analysis ?? "an analysis") is missing from the store; run barnkoll verify")
            }
            return self.digest(content, key: key)
        }
        let row = Row(id: (head?["id"] as Int64? ?? 0) + 1, at: Clock.timestamp(), account: account, action: action,
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
        try Data.fetchOne(db.cachedStatement(sql: "SELECT key FROM analysis_key WHERE analysis_id = ?"), arguments: [analysis])
    }

    static func createKey(_ db: Database, analysis: String) throws {
        try db.cachedStatement(sql: "INSERT INTO analysis_key (analysis_id, key) VALUES (?, ?)")
            .execute(arguments: [analysis, newKey()])
    }
}
