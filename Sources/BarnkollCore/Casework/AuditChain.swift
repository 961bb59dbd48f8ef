import Crypto
import Foundation

/// The audit trail as a hash chain. Each row's `hash` is SHA-256 over the previous row's hash and
/// the row itself, so an edited, inserted or removed row breaks every hash after it. Content is in
/// the chain only as a keyed digest (HMAC-SHA-256 with a key of its own per analysis): a retention
/// purge deletes the content and the key, the chain still verifies, and what is left reveals
/// nothing about what was written (a plain hash of a short answer could be guessed).
///
/// The events, decided here once for every store (`action`, what `detail` holds, and the keyed
/// content where there is one):
/// - `store.create` (kind); `definition.add` (checklist id, version and the hash of its text);
/// - `analysis.create` (checklist id; content `creation`: author, case reference, unit, definition);
/// - `answer.save` (item; content `answer`); `analysis.read`; `analysis.hard_stop` (rules);
/// - `analysis.submitted`, `analysis.closed`, `analysis.draft` (vN; content `version` on a freeze);
/// - `analysis.approved`, `analysis.returned`, `analysis.override` (vN or rule; content `review`);
/// - `analysis.reassign` (new author; content `reassignment`); `analysis.purged`;
/// - `analysis.move` (new unit; content `unitMove`: the old unit, the new, the reason), then the
///   unit's answer as an `answer.save` and the filing;
/// - `analysis.note` (kind and date; content `note`: a note after the decision);
/// - `analysis.definition` (checklist id, old and new version, the new definition's hash: a draft
///   moved onto a newer definition; the answers it clears are `answer.save` events of their own);
/// - `analysis.filed` (author; content `creation` of the filing as it now is), after a hand-over or a unit's move;
/// - `role.grant`, `role.revoke` (role, account, and unit for a membership; a new store's first admin too);
/// - written once by the migrations that made and then replay the chain, for what was there before:
///   `version.sealed`, `review.sealed`, `answer.sealed`; `definition.sealed`, `roles.sealed` and `role.sealed`;
/// - `unit.add`, `unit.rename`, `unit.map` (names, and how many analyses moved);
/// - `workshop.start`, `workshop.join`, `workshop.purge`; `stats.read`; `retention.exempt`.
/// - `store.import` (the imported store's id, its chain's last row and hash: that chain is kept
///   beside this one); each analysis it brought is recorded as `analysis.create`, `analysis.filed`,
///   seals of its versions, reviews and answers, its notes, and `analysis.imported` (status and
///   the id it had) (`StoreImport.swift`).
/// Each store computes the same bytes for the same event (the test vectors in the contract suite).
/// `ChainReplay` replays these events against what a store holds (`barnkoll verify`).
public enum AuditChain {
    /// The "previous hash" of the first row.
    public static let genesis = Data(repeating: 0, count: 32)

    /// One row of the chain, as its hash covers it.
    public struct Row: Sendable, Hashable {
        public var id: Int64
        public var at: String
        public var account: String
        public var action: String
        public var analysisID: String?
        public var detail: String?
        public var digest: Data?

        public init(id: Int64, at: String, account: String, action: String, analysisID: String?, detail: String?,
                    digest: Data?) {
            self.id = id
            self.at = at
            self.account = account
            self.action = action
            self.analysisID = analysisID
            self.detail = detail
            self.digest = digest
        }
    }

    public static func hash(previous: Data, _ row: Row) -> Data {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        canonical(row).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Data($0) }
    }

    /// Every field length-prefixed, so no two different rows read the same. Built as bytes: a
    /// string put together by interpolation was a tenth of an audit row's cost.
    public static func canonical(_ row: Row) -> [UInt8] {
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
    public enum Content: Sendable, Hashable {
        case answer(item: String, json: String?)
        case version(number: Int, status: String, contentHash: String)
        /// A review; an override's ground last, and only when there is one, so that reviews made
        /// before grounds were asked keep their digests.
        case review(version: Int, reviewer: String, decision: String, comment: String?, itemComments: String, rule: String?,
                    ground: String? = nil)
        /// An analysis's creation: who, under which case reference and unit, on which definition.
        case creation(author: String, caseRef: String, unit: String, definitionHash: String)
        /// An analysis handed to another author.
        case reassignment(from: String, to: String, reason: String)
        /// An analysis filed under another of the administration's units.
        case unitMove(from: String, to: String, reason: String)
        /// A note after the decision.
        case note(kind: String, date: String, outcome: String?, text: String)

        public var text: String {
            switch self {
            case .answer(let item, let json):
                return "answer\n\(item)\n\(json ?? "")"
            case .version(let number, let status, let contentHash):
                return "version\n\(number)\n\(status)\n\(contentHash)"
            case .review(let version, let reviewer, let decision, let comment, let itemComments, let rule, let ground):
                // Free text length-prefixed, so no comment can pose as another field.
                return "review\n\(version)\n\(reviewer)\n\(decision)\n\(rule ?? "-")\n"
                    + "\(comment.map { "\($0.utf8.count):\($0)" } ?? "-")\n\(itemComments.utf8.count):\(itemComments)"
                    + (ground.map { "\n\($0)" } ?? "")
            case .creation(let author, let caseRef, let unit, let definitionHash):
                return "creation\n\(definitionHash)\n\(author.utf8.count):\(author)\n"
                    + "\(caseRef.utf8.count):\(caseRef)\n\(unit.utf8.count):\(unit)"
            case .reassignment(let from, let to, let reason):
                return "reassignment\n\(from.utf8.count):\(from)\n\(to.utf8.count):\(to)\n\(reason.utf8.count):\(reason)"
            case .unitMove(let from, let to, let reason):
                return "move\n\(from.utf8.count):\(from)\n\(to.utf8.count):\(to)\n\(reason.utf8.count):\(reason)"
            case .note(let kind, let date, let outcome, let text):
                return "note\n\(kind)\n\(date)\n\(outcome ?? "-")\n\(text.utf8.count):\(text)"
            }
        }
    }

    public static func digest(_ content: Content, key: Data) -> Data {
        hmacSHA256(key: key, message: content.text)
    }

    /// HMAC-SHA-256 (RFC 2104). Our keys are 32 bytes, within SHA-256's block, so it is two hashes
    /// over the key padded with 0x36 and 0x5c, written here over swift-crypto's SHA-256: its
    /// generic `HMAC` spent 20 µs of every save preparing the key. The tests hold it to RFC 4231's
    /// vectors and equal to `HMAC<SHA256>`; a key longer than a block goes to `HMAC<SHA256>`.
    public static func hmacSHA256(key: Data, message: String) -> Data {
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

    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// Lower-case hexadecimal, the one encoder of hashes and digests.
    public static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count * 2)
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
