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
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        canonical(row).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Data($0) }
    }

    /// Every field length-prefixed, so no two different rows read the same. Built as bytes: a
    /// string put together by interpolation was a tenth of an audit row's cost.
    static func canonical(_ row: Row) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes += "audit \(row.id)\n".utf8
        for field in [row.at, row.account, row.action, row.analysisID, row.detail, row.digest.map(hex)] {
            if let field {
                bytes += String(field.utf8.count).utf8
                bytes.append(UInt8(ascii: ":"))
                bytes += field.utf8
                bytes.append(UInt8(ascii: "\n"))
            } else {
                bytes += "-\n".utf8
            }
        }
        return bytes
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
        hmacSHA256(key: key, message: content.text)
    }

    /// HMAC-SHA-256 (RFC 2104). Our keys are 32 bytes, within SHA-256's block, so it is two hashes
    /// over the key padded with 0x36 and 0x5c, written here over swift-crypto's SHA-256: its
    /// generic `HMAC` spent 20 µs of every save preparing the key. The tests hold it to RFC 4231's
    /// vectors and equal to `HMAC<SHA256>`; a key longer than a block goes to `HMAC<SHA256>`.
    static func hmacSHA256(key: Data, message: String) -> Data {
        let block = SHA256.blockByteCount
        guard key.count <= block else {
            return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key)))
        }
        var pad = [UInt8](repeating: 0x36, count: block)
        for (index, byte) in key.enumerated() { pad[index] ^= byte }
        var inner = SHA256()
        pad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        var message = message
        message.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let innerDigest = inner.finalize()
        for index in pad.indices { pad[index] ^= 0x36 ^ 0x5c }
        var outer = SHA256()
        pad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { Data($0) }
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
        // Read in place by position: a fetched row is a copy with its columns looked up by name.
        let heads = try GRDB.Row.fetchCursor(db.cachedStatement(sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"))
        var (last, previous): (Int64, Data) = (0, genesis)
        if let head = try heads.next() { (last, previous) = (head[0], head[1]) }
        let digest = try content.map { content -> Data in
            guard let analysis, let key = try self.key(db, analysis: analysis) else {
                throw StoreError.notAllowed("the audit key of \(analysis ?? "an analysis") is missing from the store; run barnkoll verify")
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
