import BarnkollCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension SQLiteStore {
    /// The indicator records of the analyses first submitted in `years`, year by year.
    ///
    /// Only supervisors and admins may read them, and only from a real store. They are read from
    /// the counted items each version left in `indicator_version` when it was frozen, so neither
    /// the free text nor a child's alias is read at all. One audit event "stats.read" is written,
    /// not one per analysis: the output is aggregates only.
    ///
    /// Each year is read in one transaction, and the years at once by as many readers (a year is
    /// one range of its own rows: two years take the time of one on two cores). A save landing
    /// between two years' reads shows in the later one only; within a year, none is half seen.
    public func readIndicatorRecords(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                                     loggedFor account: String) throws(StoreError) -> [IndicatorRecord] {
        let read = try readYears(years, unit: unit, loggedFor: account) { db, year in
            try Self.fetchIndicatorRecords(db, years: year...year, unit: unit, units: scope?.units,
                                           known: self.parsedDefinition, keep: self.keepParsedDefinition)
        } then: { _, _ in }
        return read.flatMap { $0 }
    }

    /// The same counted, from the units' tallies kept in `indicator_tally` (v22): only a unit's
    /// year changed since the last read is counted from its rows, and kept again.
    public func readIndicatorTallies(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                                     loggedFor account: String) throws(StoreError) -> [Int: Indicators.Tally] {
        let read = try readYears(years, unit: unit, loggedFor: account) { db, year in
            try IndicatorTallies.read(db, year: year, unit: unit, units: scope?.units,
                                      known: self.parsedDefinition, keep: self.keepParsedDefinition)
        } then: { db, read in
            try IndicatorTallies.keep(db, read.flatMap(\.counted))
        }
        var tallies: [Int: Indicators.Tally] = [:]
        for (year, each) in zip(years, read) { tallies[year] = each.tally }
        return tallies
    }

    /// A definition parsed before, by its hash (a hash names one source forever).
    private func parsedDefinition(_ hash: String) -> Checklist? { definitions.withLock { $0[hash] } }
    private func keepParsedDefinition(_ hash: String, _ parsed: Checklist) { definitions.withLock { $0[hash] = parsed } }

    /// Each year of `years` read by `body` in a read transaction of its own, the years at once by
    /// as many readers (a year is one range of its own rows: two years take the time of one on
    /// two cores); then, in one write, `then` with what they read, and the audit event.
    private func readYears<T: Sendable>(_ years: ClosedRange<Int>, unit: String?, loggedFor account: String,
                                        _ body: @Sendable @escaping (Database, Int) throws -> T,
                                        then: @Sendable @escaping (Database, [T]) throws -> Void) throws(StoreError) -> [T] {
        try openWriter()   // its pool reads the years at once; the read is logged through it
        do {
            let each = Array(years)
            let results = Mutex<[Int: Result<T, any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: each.count) { index in
                let result = Result { try self.connections.read { db in try body(db, each[index]) } }
                results.withLock { $0[index] = result }
            }
            var read: [T] = []
            for index in each.indices {
                if let result = results.withLock({ $0[index] }) { read.append(try result.get()) }
            }
            let detail = Indicators.readDetail(years: years, unit: unit)
            let done = read
            try write { db in
                try then(db, done)
                try Self.audit(db, account: account, action: "stats.read", analysis: nil, detail: detail)
            }
            return read
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// `units`: only these units' analyses (a unit supervisor's figures); nil for all.
    static func fetchIndicatorRecords(_ db: Database, years: ClosedRange<Int>, unit: String?, units: [String]? = nil,
                                      known: (String) -> Checklist? = { _ in nil },
                                      keep: (String, Checklist) -> Void = { _, _ in }) throws -> [IndicatorRecord] {
        // Hard stops are judged again per definition, parsed once each, from only the items they read.
        // Every definition (a handful): picking the year's out of the versions costs more than parsing all.
        // A hash names one source forever, so a definition parsed before is not read or parsed
        // again (parsing them was a sixth of a read at 10,000 analyses; measured).
        var hashes: [String] = []
        var shapes: [CountedDefinition?] = []
        for hash in try String.fetchAll(db, sql: "SELECT hash FROM checklist_definition") {
            hashes.append(hash)
            if let checklist = known(hash) {
                shapes.append(CountedDefinition(checklist))
                continue
            }
            let source = try String.fetchOne(db, sql: "SELECT source FROM checklist_definition WHERE hash = ?", arguments: [hash]) ?? ""
            let checklist = try? ChecklistLoader.load(yaml: source, file: "definition \(hash.prefix(12))")
            if let checklist { keep(hash, checklist) }
            shapes.append(checklist.map(CountedDefinition.init))
        }
        let definitions = ByteKeys(hashes)
        let places = IndicatorCounts.places(years)
        var arguments: StatementArguments = [places.from, places.to]
        var unitClause = ""
        if let unit {
            unitClause = " AND unit = ?"
            _ = arguments.append(contentsOf: [unit])
        }
        if let units {
            unitClause += " AND unit IN (SELECT value FROM json_each(?))"
            _ = arguments.append(contentsOf: [CanonicalJSON.encode(units, fallback: "[]")])
        }
        // One range of the per-analysis rows, by their places (IndicatorCounts, v20).
        let sql = """
            SELECT checklist_id, unit, status, created_at, first_submitted, definition_hash,
              scalars, children, articles, measures, approved_at, returns, returned_items, overrides,
              -- The decision's outcome: the latest note of it (a correction is a new note).
              (SELECT n.outcome FROM note n WHERE n.analysis_id = indicator_analysis.analysis_id AND n.kind = 'outcome'
                 ORDER BY n.id DESC LIMIT 1),
              analysis_id,
              EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = indicator_analysis.analysis_id AND n.kind = 'feedback')
            FROM indicator_analysis
            WHERE place >= ? AND place < ?\(unitClause)
            """
        var records: [IndicatorRecord] = []
        var ids: [String] = []
        // Units and checklist ids repeat on every row: one string each, shared by the records.
        var names = InternedStrings()
        let statement = try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while try cursor.next() != nil {
            // Straight from SQLite's row, by position in the order of the SELECT, as the bytes it
            // holds: a string (or a Data) per column and row was most of the time (measured).
            let row = Columns(statement.sqliteStatement)
            let definition = row.bytes(5).flatMap(definitions.index)
            var read = CountedRow(definition.flatMap { shapes[$0] })
            CountedText.read(scalars: row.bytes(6), children: row.bytes(7), articles: row.bytes(8), measures: row.int(9), into: &read)
            let (counted, hardStopsMet) = read.finish()
            records.append(IndicatorRecord(
                checklistID: row.bytes(0).map { names.string($0) } ?? "", unit: row.bytes(1).map { names.string($0) } ?? "",
                status: row.bytes(2).flatMap { AnalysisStatus(rawValue: String(decoding: $0, as: UTF8.self)) } ?? .submitted,
                counted: counted,
                year: row.bytes(4).flatMap(IndicatorRecord.year),
                createdDay: row.bytes(3).flatMap(IndicatorRecord.day),
                approvedDay: row.bytes(10).flatMap(IndicatorRecord.day),
                returns: row.int(11) ?? 0, returnedItems: row.bytes(12).map { names.strings($0, separator: fieldByte) } ?? [],
                hardStopsMet: hardStopsMet,
                overrides: Set(row.bytes(13).map { names.strings($0, separator: fieldByte) } ?? []),
                outcome: row.bytes(14).flatMap { DecisionOutcome(rawValue: String(decoding: $0, as: UTF8.self)) }))
            if row.int(16) == 1 { records[records.count - 1].feedbackNoted = true }
            ids.append(row.bytes(15).map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        // The kind of each decision granted wholly or partly, for its children counted once per kind.
        var granted: [String: String] = [:]
        for (record, id) in zip(records, ids) where record.outcome == .granted || record.outcome == .partly {
            granted[id] = record.counted.decisionKind ?? "not_recorded"
        }
        let seen = try childrenSeenBefore(db, year: arguments, unitClause: unitClause, granted: granted)
        for index in records.indices {
            if let count = seen.any[ids[index]] { records[index].childrenSeenBefore = count }
            if let count = seen.granted[ids[index]] { records[index].grantedChildrenSeenBefore = count }
        }
        return records
    }

    /// For each impact analysis of the range, how many of its children an earlier one of the same
    /// case, unit and year already named: a child is its case reference and its alias (trimmed,
    /// any case), as the alias item's help asks. Counted here so that no alias leaves the store.
    /// Only cases with more than one analysis in the range read their analyses' answers.
    /// `arguments`: the range and the unit clause's values, as `fetchIndicatorRecords` bound them.
    /// `granted`: the kind of each decision granted wholly or partly; `granted` in the result: how
    /// many of its children living in the household an earlier granted decision of the same kind
    /// and case already named (`children_granted_by_kind` counts each child once per kind).
    static func childrenSeenBefore(_ db: Database, year arguments: StatementArguments, unitClause: String,
                                   granted: [String: String]) throws -> (any: [String: Int], granted: [String: Int]) {
        let analyses = try Row.fetchAll(db, sql: """
            SELECT i.analysis_id, i.unit, a.case_ref FROM indicator_analysis i JOIN analysis a ON a.id = i.analysis_id
            WHERE i.place >= ? AND i.place < ?\(unitClause.replacingOccurrences(of: " unit", with: " i.unit"))
              AND i.checklist_id = '\(Indicators.impactAnalysis)' AND i.status <> 'closed'
            ORDER BY i.first_submitted, i.analysis_id
            """, arguments: arguments)
        var perCase: [ChildKey.Case: [String]] = [:]
        for row in analyses { perCase[ChildKey.Case(unit: row[1], caseRef: row[2]), default: []].append(row[0]) }
        var firstNamedIn: [ChildKey: String] = [:]
        var grantedBefore: Set<GrantedChild> = []
        var seen: [String: Int] = [:]
        var seenGranted: [String: Int] = [:]
        for (caseKey, ids) in perCase where ids.count > 1 {
            // In order of first submission: the earliest analysis naming a child counts it.
            for id in ids {
                let children = try Row.fetchAll(db, sql: """
                    SELECT coalesce(json_extract(c.value, '$.alias'), ''), json_extract(c.value, '$.lives_in_household') FROM analysis a
                    JOIN version v ON v.analysis_id = a.id AND v.number = a.versions, json_each(v.answers, '$.children') c
                    WHERE a.id = ?
                    """, arguments: [id])
                for child in children {
                    guard let key = ChildKey(caseKey, alias: child[0]) else { continue }
                    let first = firstNamedIn[key, default: id]
                    firstNamedIn[key] = first
                    if first != id { seen[id, default: 0] += 1 }
                    if let kind = granted[id], (child[1] as String?) == "yes",
                       !grantedBefore.insert(GrantedChild(child: key, kind: kind)).inserted {
                        seenGranted[id, default: 0] += 1
                    }
                }
            }
        }
        return (seen, seenGranted)
    }

    /// A child living with a parent granted help of one kind.
    struct GrantedChild: Hashable {
        var child: ChildKey
        var kind: String
    }

    /// The current row of a statement being stepped, read in place. The bytes are valid until
    /// the next step.
    struct Columns {
        let statement: SQLiteStatement

        init(_ statement: SQLiteStatement) { self.statement = statement }

        /// A text column's bytes; nil for NULL.
        func bytes(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard sqlite3_column_type(statement, index) != SQLITE_NULL else { return nil }
            // The text first, then its length (SQLite's documented order).
            let text = sqlite3_column_text(statement, index)
            return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index)))
        }

        func int(_ index: Int32) -> Int? {
            sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, index))
        }
    }

    static let fieldByte = CountedText.fieldByte
    static let recordByte = CountedText.recordByte
}
