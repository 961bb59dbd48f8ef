import BarnkollCore
import Foundation
import GRDB

/// v15: `verify` replays the chain, so what the chain of an older store cannot vouch for is sealed
/// into it once, as it is when the store is upgraded (as v8 sealed versions, reviews and answers):
/// every analysis's filing (author, case reference, unit, definition: `analysis.filed`), the roles
/// and memberships (`roles.sealed`, then one `role.sealed` each: a store's first admin and roles
/// from before roles were audited were never recorded), and definitions stored before they were
/// recorded (`definition.sealed`). A new store has nothing to seal: its chain records all from its
/// first row. Shipped migrations are never edited; this one is v15's whole text.
enum ChainReplayMigration {
    static func run(_ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit)") == true else { return }
        let recorded = Set(try String.fetchAll(db, sql: "SELECT detail FROM audit WHERE action = 'definition.add' AND detail IS NOT NULL")
            .compactMap { $0.split(separator: " ").last.map(String.init) })
        for row in try Row.fetchAll(db, sql: "SELECT hash, checklist_id, version FROM checklist_definition ORDER BY hash") {
            let hash: String = row[0]
            guard !recorded.contains(hash) else { continue }
            try AuditChain.append(db, account: "barnkoll", action: "definition.sealed", analysis: nil,
                                  detail: "\(row[1] as String) v\(row[2] as Int) \(hash)")
        }
        let grants = try SQLiteStore.grants(db)
        try AuditChain.append(db, account: "barnkoll", action: "roles.sealed", analysis: nil, detail: String(grants.count))
        for grant in grants {
            try AuditChain.append(db, account: "barnkoll", action: "role.sealed", analysis: nil,
                                  detail: "\(grant.role.rawValue) \(grant.account)" + (grant.unit.map { " unit \($0)" } ?? ""))
        }
        for id in try String.fetchAll(db, sql: "SELECT id FROM analysis ORDER BY id") {
            try SQLiteStore.file(db, id, by: "barnkoll")
        }
    }
}
