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
