import BarnkollCore
import Foundation
import GRDB

/// The chain head logged as `AnchorPolicy` says, inside the write transaction that extended the
/// chain: the head is marked anchored there, and sent to the system log only once the transaction
/// has committed, so a logged head is always a committed row (a rolled-back one would later read
/// as a rewritten chain).
enum Anchoring {
    /// The head to send after this transaction commits, or nil when none is due.
    static func due(_ db: Database) throws -> ChainHead? {
        let head: Int64 = try db.cachedStatement(sql: "SELECT max(id) FROM audit").firstValue([]) ?? 0
        let anchored = Int64(try db.cachedStatement(sql: "SELECT value FROM store_meta WHERE key = 'anchored_id'")
            .firstValue([]) as String? ?? "0") ?? 0
        guard head > anchored else { return nil }
        let oldest: String = try db.cachedStatement(sql: "SELECT at FROM audit WHERE id > ? ORDER BY id LIMIT 1")
            .firstValue([anchored]) ?? ""
        guard AnchorPolicy.isDue(unanchored: head - anchored, oldest: oldest, cutoff: Clock.timestamp(secondsAgo: AnchorPolicy.seconds))
        else { return nil }
        try mark(db, head)
        return try AuditChain.head(db)
    }

    /// Records `id` as the last head sent (an approval sends its own).
    static func mark(_ db: Database, _ id: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO store_meta (key, value) VALUES ('anchored_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .execute(arguments: [String(id)])
    }
}
