import BarnkollCore
import Foundation

/// A unit's SQLite store moved in: Core's plan sent in parts (Migration 17: `import_begin`, each
/// part of the analyses, each part of the source chain, `import_end`), all in one transaction.
extension PostgresStore: ImportRecords {
    public func recordImport(by admin: String,
                             _ decide: @Sendable (Actor, ImportTarget) throws(StoreError) -> ImportPlan) throws(StoreError) -> [ImportedID] {
        try transaction(as: admin) { tx throws(StoreError) in
            let units = try tx.query("SELECT barnkoll.unit_names()").rows.compactMap { $0.first ?? nil }
            let stores = Set(try tx.query("SELECT barnkoll.imported_stores()").rows.compactMap { $0.first ?? nil })
            let plan = try decide(try self.actor(tx, admin), ImportTarget(units: units, importedStores: stores))
            let store = plan.storeID
            try tx.query("SELECT barnkoll.import_begin($1)", [plan.header])
            // The kept items of the definitions the import brought (Migration 26), before the rows are
            // made: registered later, every imported row would be made twice, out of order.
            try Migrations.registerIndicatorItems { (sql, parameters) throws(StoreError) in try tx.query(sql, parameters) }
            var moved: [ImportedID] = []
            moved.reserveCapacity(plan.analyses)
            for index in 0..<plan.analysisPartCount {
                for row in try tx.query("SELECT from_id, to_id FROM barnkoll.import_analyses($1, $2)",
                                        [store, plan.analysisPart(index)]).rows {
                    moved.append(ImportedID(old: row[0] ?? "", new: row[1] ?? "", source: store, at: "", file: plan.file))
                }
            }
            for index in 0..<plan.auditPartCount {
                try tx.query("SELECT barnkoll.import_audit($1, $2)", [store, plan.auditPart(index)])
            }
            try tx.query("SELECT barnkoll.import_end($1, $2, $3, $4)",
                         [store, String(plan.head.id), plan.head.hash, String(plan.analyses)])
            _ = try tx.query("SELECT barnkoll.record_imported_file($1, $2)", [store, plan.file])
            return moved
        }
    }

    public func importedIDs(old: String?) throws(StoreError) -> [ImportedID] {
        try query("SELECT old_id, new_id, source_store, file, imported_at FROM barnkoll.imported_from($1)", [old]).rows.map {
            ImportedID(old: $0[0] ?? "", new: $0[1] ?? "", source: $0[2] ?? "", at: $0[4] ?? "", file: $0[3] ?? nil)
        }
    }

    /// "store row hash n", as `store.import` writes it.
    static func importedHead(_ detail: String?) -> ChainHead? {
        let parts = (detail ?? "").split(separator: " ")
        guard parts.count >= 3, let id = Int64(parts[1]) else { return nil }
        return ChainHead(store: String(parts[0]), id: id, hash: String(parts[2]))
    }

    /// Each imported chain followed to the head its import recorded; a chain kept with no import
    /// recorded is one added outside barnkoll.
    func importedChainProblems(_ heads: [ChainHead]) throws(StoreError) -> [Localized] {
        var chains: [String: ImportedChainWalk] = [:]
        try inParts("SELECT * FROM barnkoll.imported_audit_rows()") { rows in
            for r in rows {
                let row = AuditChain.Row(id: Int64(r[1] ?? "0") ?? 0, at: r[2] ?? "", account: r[3] ?? "", action: r[4] ?? "",
                                         analysisID: r[5] ?? nil, detail: r[6] ?? nil, digest: (r[7] ?? nil).flatMap(Self.bytes))
                chains[r[0] ?? "", default: ImportedChainWalk()].add(ImportedAuditRow(row: row, hash: Self.bytes(r[8] ?? "") ?? Data(),
                                                                                      previous: Self.bytes(r[9] ?? "") ?? Data()))
            }
        }
        var problems: [Localized] = []
        for head in heads {
            if let problem = (chains[head.store] ?? ImportedChainWalk()).problem(head: head) { problems.append(problem) }
            chains[head.store] = nil
        }
        for store in chains.keys.sorted() {
            problems.append(Localized(sv: "det inflyttade lagret \(store): dess kedja finns men ingen import av den är registrerad (tillagd utanför barnkoll)",
                                      en: "the imported store \(store): its chain is kept but no import of it is recorded (added outside barnkoll)"))
        }
        return problems
    }
}
