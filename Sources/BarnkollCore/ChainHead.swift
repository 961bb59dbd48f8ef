import Foundation

/// An approval's receipt: the chain head it left, and why the system log does not have it, if not.
public struct ChainAnchor: Sendable {
    public var head: ChainHead
    public var notLogged: String?

    public init(head: ChainHead, notLogged: String?) {
        self.head = head
        self.notLogged = notLogged
    }
}

/// The last row of the audit chain: what is sent to the system log on every approval, and what
/// `verify --anchor` looks for again.
public struct ChainHead: Sendable, Hashable {
    public var store: String
    public var id: Int64
    public var hash: String

    public init(store: String, id: Int64, hash: String) {
        self.store = store
        self.id = id
        self.hash = hash
    }

    /// The line written to the system log, and read back from it.
    public var logLine: String { "barnkoll chain head store=\(store) audit=\(id) hash=\(hash)" }

    /// What is wrong with this head against the store's chain: `hash`, the hash of its row there
    /// (nil when the row is gone), `lastRow` the chain's last; nil when the row is still the one logged.
    public func problem(hash stored: String?, lastRow: Int64) -> Localized? {
        guard let stored else {
            return Localized(sv: "granskningsloggens rad \(id): loggad som kedjans huvud, men lagrets kedja slutar vid rad \(lastRow) (rader togs bort)",
                             en: "audit row \(id): logged as a chain head, but the store's chain ends at row \(lastRow) (rows were removed)")
        }
        guard stored != hash else { return nil }
        return Localized(sv: "granskningsloggens rad \(id): inte den rad vars hash systemloggen har (kedjan skrevs om)",
                         en: "audit row \(id): not the row whose hash the system log holds (the chain was rewritten)")
    }

    /// The heads in a log's text (a syslog file, or `journalctl` output): lines in any syslog
    /// format that hold `logLine`.
    public static func heads(in log: String) -> [ChainHead] {
        var heads: [ChainHead] = []
        for line in log.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: "barnkoll chain head ") else { continue }
            var fields: [Substring: Substring] = [:]
            for pair in line[range.upperBound...].split(separator: " ") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                fields[pair[..<equals]] = pair[pair.index(after: equals)...]
            }
            guard let store = fields["store"], let id = fields["audit"].flatMap({ Int64($0) }), let hash = fields["hash"],
                  hash.count == 64, hash.allSatisfy(\.isHexDigit)
            else { continue }
            heads.append(ChainHead(store: String(store), id: id, hash: String(hash)))
        }
        return heads
    }
}

/// How often the chain head goes to the system log besides every approval: a cut tail or a store
/// put back to an earlier copy then loses at most this much unanchored work, which `verify --anchor`
/// cannot see. Every store applies it after each write that extends the chain.
public enum AnchorPolicy {
    /// At most this many events unanchored.
    public static let events: Int64 = 50
    /// And none of them older than this (seconds): the first unanchored event's time is the test.
    public static let seconds = 300

    /// Whether the head must be logged now: `unanchored` events since the last logged head, the
    /// oldest written at `oldest` (stored timestamp form), `cutoff` being the stored form of
    /// `seconds` ago (timestamps sort as text).
    public static func isDue(unanchored: Int64, oldest: String, cutoff: String) -> Bool {
        unanchored >= events || (unanchored > 0 && oldest <= cutoff)
    }
}

extension ChainHead {
    /// A head line in the journal that was not counted, and who sent it.
    public struct Ignored: Sendable, Hashable {
        public var head: ChainHead
        /// The sender's uid as journald recorded it; nil when the entry has none.
        public var uid: UInt32?
    }

    /// The heads in `journalctl -o json` output (one JSON object per line), each counted only when
    /// journald's `_UID`, which it takes from the sending process's credentials and no sender can
    /// set, is one that `trusted` accepts. The log socket is open to every account, so anyone can
    /// send a line that looks like a head; only its credentials tell ours from theirs.
    public static func heads(inJournal json: String, trusted: (UInt32) -> Bool) -> (heads: [ChainHead], ignored: [Ignored]) {
        var heads: [ChainHead] = []
        var ignored: [Ignored] = []
        for line in json.split(whereSeparator: \.isNewline) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { continue }
            // journalctl writes MESSAGE as a string, or as an array of bytes when it is not clean UTF-8.
            let message: String
            if let text = object["MESSAGE"] as? String {
                message = text
            } else if let bytes = object["MESSAGE"] as? [NSNumber] {
                message = String(decoding: bytes.map { $0.uint8Value }, as: UTF8.self)
            } else {
                continue
            }
            for head in Self.heads(in: message) {
                let uid = (object["_UID"] as? String).flatMap { UInt32($0) }
                if let uid, trusted(uid) { heads.append(head) } else { ignored.append(Ignored(head: head, uid: uid)) }
            }
        }
        return (heads, ignored)
    }
}
