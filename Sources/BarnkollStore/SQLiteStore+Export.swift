import BarnkollCore
import Foundation
import GRDB

extension SQLiteStore {
    /// A store file read for `barnkoll admin import`, only read: opened read-only, never
    /// migrated, so the file is as it was. A file that is not a barnkoll store, a newer store's or
    /// one this barnkoll has not brought up to date is refused (nothing changed).
    public static func importSource(path: String) throws(StoreError) -> ImportSource {
        try requireOurHeader(path: path)
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        // The import reads in one transaction, left open between its parts (below).
        config.allowsUnsafeTransactions = true
        do {
            // With no -wal beside it every commit is in the main file: opened immutable, SQLite
            // makes no -wal or -shm either. A -wal there means the store is in use or was not
            // closed cleanly: read through it (SQLite then makes its -shm).
            let immutable = !FileManager.default.fileExists(atPath: path + "-wal")
            let location = immutable ? "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1" : path
            let queue = try DatabaseQueue(path: location, configuration: config)
            // One read transaction for the whole import, so every part is read from the same state
            // of the file; it ends when the import lets go of the source (the queue closes).
            return try queue.inDatabase { db throws -> Result<ImportSource, StoreError> in
                try db.beginTransaction(.deferred)
                let known = Set(Schema.migrator.migrations)
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                if !applied.isSubset(of: known) { return .failure(.newerStore(store: path)) }
                guard applied == known else {
                    return .failure(.cannotOpen(store: path,
                        sv: "lagret är skrivet av en äldre barnkoll; öppna det en gång med denna (barnkoll verify --store \(path)) och flytta sedan in det (inget ändrades)",
                        en: "the store was written by an older barnkoll; open it once with this one (barnkoll verify --store \(path)), then import it (nothing was changed)"))
                }
                return .success(try read(db, path: path, queue: queue))
            }.get()
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: path)
        }
    }

    /// What the import checks, read now; the rest read from `queue` part by part, in the same transaction.
    private static func read(_ db: Database, path: String, queue: DatabaseQueue) throws -> ImportSource {
        let meta = Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM store_meta").map { ($0["key"] as String, $0["value"] as String) },
                              uniquingKeysWith: { first, _ in first })
        let definitions = try Row.fetchAll(db, sql: "SELECT hash, checklist_id, version, source FROM checklist_definition ORDER BY hash").map {
            ImportedDefinition(hash: $0["hash"], checklistID: $0["checklist_id"], version: $0["version"], source: $0["source"])
        }
        let grants = try Row.fetchAll(db, sql: "SELECT account, role, unit FROM role ORDER BY account, unit, role").compactMap { row -> Grant? in
            guard let role = Role(rawValue: row["role"]) else { return nil }
            let unit: String = row["unit"]
            return Grant(account: row["account"], role: role, unit: unit.isEmpty ? nil : unit)
        }
        // What the import checks, of every analysis: its row, key and reviews, grouped by id in one
        // pass over each table. The bulk is read part by part (`fill`).
        let reviews = try grouped(db, "SELECT * FROM review ORDER BY analysis_id, id") {
            ImportedAnalysis.Review(version: $0["version"], reviewer: $0["reviewer"], decision: $0["decision"], comment: $0["comment"],
                                    itemComments: $0["item_comments"], rule: $0["rule"], ground: $0["ground"], at: $0["at"])
        }
        let keys = Dictionary(try Row.fetchAll(db, sql: "SELECT analysis_id, key FROM analysis_key").map { ($0["analysis_id"] as String, $0["key"] as Data) },
                              uniquingKeysWith: { first, _ in first })
        let analyses = try Row.fetchAll(db, sql: "SELECT * FROM analysis ORDER BY created_at, id").map { row -> ImportedAnalysis in
            let id: String = row["id"]
            return ImportedAnalysis(id: id, checklistID: row["checklist_id"], checklistVersion: row["checklist_version"],
                                    definitionHash: row["definition_hash"], caseRef: row["case_ref"], unit: row["unit"], author: row["author"],
                                    status: row["status"], position: row["position"], hardStop: row["hard_stop"],
                                    retentionExempt: row["retention_exempt"], createdAt: row["created_at"], updatedAt: row["updated_at"],
                                    key: keys[id], answers: [], versions: [], reviews: reviews[id] ?? [], notes: [])
        }
        // The chain's ids only (8 bytes a row): its rows are read part by part by place.
        let auditIDs = try Int64.fetchAll(db, sql: "SELECT id FROM audit ORDER BY id")
        guard let kind = StoreKind(rawValue: meta["kind"] ?? "") else {
            throw SQLiteFileProblem.notOurs(path: path, why: .unknownKind(meta["kind"] ?? "-"))
        }
        @Sendable func reading<T>(_ body: @escaping (Database) throws -> T) throws(StoreError) -> T {
            do {
                return try queue.inDatabase(body)
            } catch {
                throw map(error, path: path)
            }
        }
        return ImportSource(location: path, storeID: meta["store_id"] ?? "-", kind: kind,
                            definitions: definitions, grants: grants, analyses: analyses, auditCount: auditIDs.count,
                            fill: { analyses throws(StoreError) in try reading { db in try fill(db, analyses) } },
                            auditRows: { places throws(StoreError) in try reading { db in try auditRows(db, ids: auditIDs, places) } })
    }

    /// The chain's rows at `places` in id order, each with the hash of the row before it.
    private static func auditRows(_ db: Database, ids: [Int64], _ places: Range<Int>) throws -> [ImportedAuditRow] {
        guard !places.isEmpty else { return [] }
        var previous = places.lowerBound == 0
            ? AuditChain.genesis
            : try Data.fetchOne(db, sql: "SELECT hash FROM audit WHERE id = ?", arguments: [ids[places.lowerBound - 1]]) ?? Data()
        var rows: [ImportedAuditRow] = []
        rows.reserveCapacity(places.count)
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT id, at, account, action, analysis_id, detail, digest, hash FROM audit WHERE id BETWEEN ? AND ? ORDER BY id
            """, arguments: [ids[places.lowerBound], ids[places.upperBound - 1]])
        while let row = try cursor.next() {
            let chained = AuditChain.Row(id: row["id"], at: row["at"], account: row["account"], action: row["action"],
                                         analysisID: row["analysis_id"], detail: row["detail"], digest: row["digest"])
            let hash: Data = row["hash"]
            rows.append(ImportedAuditRow(row: chained, hash: hash, previous: previous))
            previous = hash
        }
        return rows
    }

    /// The answers, versions, notes and transfers of some analyses (one part of an import), read by id.
    private static func fill(_ db: Database, _ analyses: [ImportedAnalysis]) throws -> [ImportedAnalysis] {
        let ids = analyses.map(\.id)
        let list = "(" + ids.map { _ in "?" }.joined(separator: ",") + ")"
        let arguments = StatementArguments(ids)
        let answers = try grouped(db, "SELECT * FROM answer WHERE analysis_id IN \(list) ORDER BY analysis_id, item_id", arguments) {
            ImportedAnalysis.Answer(item: $0["item_id"], value: $0["value"], searchText: $0["search_text"], updatedAt: $0["updated_at"],
                                    updatedBy: $0["updated_by"])
        }
        let versions = try grouped(db, "SELECT * FROM version WHERE analysis_id IN \(list) ORDER BY analysis_id, number", arguments) {
            ImportedAnalysis.Version(number: $0["number"], status: $0["status"], answers: $0["answers"], definitionHash: $0["definition_hash"],
                                     contentHash: $0["content_hash"], createdBy: $0["created_by"], createdAt: $0["created_at"])
        }
        let notes = try grouped(db, "SELECT * FROM note WHERE analysis_id IN \(list) ORDER BY analysis_id, id", arguments) {
            ImportedAnalysis.Note(kind: $0["kind"], date: $0["date"], outcome: $0["outcome"], text: $0["text"], writtenBy: $0["written_by"],
                                  writtenAt: $0["written_at"])
        }
        let transfers = try grouped(db, "SELECT * FROM transfer WHERE analysis_id IN \(list) ORDER BY analysis_id, id", arguments,
                                    SQLiteStore.transfer)
        return analyses.map { analysis in
            var whole = analysis
            (whole.answers, whole.versions, whole.notes) = (answers[analysis.id] ?? [], versions[analysis.id] ?? [], notes[analysis.id] ?? [])
            whole.transfers = transfers[analysis.id] ?? []
            return whole
        }
    }

    /// Rows grouped by their analysis, in one pass over the table.
    private static func grouped<T>(_ db: Database, _ sql: String, _ arguments: StatementArguments = [],
                                   _ make: (Row) -> T) throws -> [String: [T]] {
        var all: [String: [T]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { all[row["analysis_id"], default: []].append(make(row)) }
        return all
    }
}
