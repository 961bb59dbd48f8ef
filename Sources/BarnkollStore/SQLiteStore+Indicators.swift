import BarnkollCore
import Foundation
import GRDB

extension SQLiteStore {
    /// The indicator records of the analyses first submitted in `years`, read in one transaction.
    ///
    /// Only supervisors and admins may read them, and only from a real store. They are read from
    /// the counted items each version left in `indicator_version` when it was frozen, so neither
    /// the free text nor a child's alias is read at all. One audit event "stats.read" is written,
    /// not one per analysis: the output is aggregates only.
    public func indicatorRecords(years: ClosedRange<Int>, unit: String?, by account: String) throws(StoreError) -> [IndicatorRecord] {
        guard kind == .real else {
            throw .notAllowed("statistics are read from the real store only; training records are never counted")
        }
        let records: [IndicatorRecord]
        do {
            records = try pool.read { db in
                let supervisor = try Self.has(db, account, .supervisor)
                guard try supervisor || Self.has(db, account, .admin) else {
                    throw StoreError.notAllowed("only a supervisor or an admin can read statistics; \(account) is neither (an admin grants it: barnkoll admin grant supervisor \(account))")
                }
                return try Self.fetchIndicatorRecords(db, years: years, unit: unit)
            }
            let detail = "years \(years.lowerBound)-\(years.upperBound)" + (unit.map { " unit \(TextHygiene.sanitize($0, multiline: false))" } ?? "")
            try pool.write { db in
                try Self.audit(db, account: account, action: "stats.read", analysis: nil, detail: detail)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
        return records
    }

    static let separator = "\u{1F}"
    static let recordSeparator = "\u{1E}"

    static func fetchIndicatorRecords(_ db: Database, years: ClosedRange<Int>, unit: String?) throws -> [IndicatorRecord] {
        // Hard stops are evaluated per definition: parsed once each, with the items they read.
        // Every definition (a handful): picking the year's out of the versions costs more than parsing all.
        var checks: [String: HardStopCheck] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT hash, source FROM checklist_definition") {
            let hash: String = row["hash"]
            if let checklist = try? ChecklistLoader.load(yaml: row["source"], file: "definition \(hash.prefix(12))") {
                checks[hash] = HardStopCheck(checklist: checklist)
            }
        }
        var arguments: StatementArguments = [start(years.lowerBound), start(years.upperBound + 1)]
        var unitClause = ""
        if let unit {
            unitClause = " AND unit = ?"
            _ = arguments.append(contentsOf: [unit])
        }
        // One range of the per-analysis rows (IndicatorCounts); groups' entries are rebuilt below.
        let sql = """
            SELECT checklist_id, unit, status, created_at, first_submitted, definition_hash,
              scalars, children, articles, measures, approved_at, returns, returned_items, overrides
            FROM indicator_analysis
            WHERE first_submitted >= ? AND first_submitted < ?\(unitClause)
            """
        var records: [IndicatorRecord] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() {
            // By position, in the order of the SELECT: a lookup by name per column and row was
            // a tenth of the time.
            var answers: Answers = [:]
            answers.reserveCapacity(32)
            if let scalars: String = row[6] { scalarAnswers(scalars, into: &answers) }
            if let children: String = row[7] {
                answers["children"] = .entries(fields(children[...], recordByte).map { child in
                    let parts = fields(child, fieldByte)
                    var entry: [String: AnswerValue] = [:]
                    if let age = parts.first.flatMap({ Int($0) }) { entry["age"] = .number(age) }
                    if parts.count > 1, !parts[1].isEmpty { entry["effect"] = .text(String(parts[1])) }
                    return entry
                })
            }
            if let articles: String = row[8] {
                answers["other_articles"] = .entries(fields(articles[...], fieldByte).filter { !$0.isEmpty }.map { ["article": .text(String($0))] })
            }
            if let measures: Int = row[9], measures > 0 {
                answers["compensatory_measures"] = .entries(Array(repeating: [:], count: measures))
            }
            let hash: String = row[5]
            records.append(IndicatorRecord(
                checklistID: row[0], unit: row[1],
                status: AnalysisStatus(rawValue: row[2]) ?? .submitted, answers: answers,
                createdAt: row[3], firstSubmittedAt: row[4], approvedAt: row[10],
                returns: row[11], returnedItems: split(row[12]),
                hardStopsMet: checks[hash]?.met(answers) ?? [], overrides: Set(split(row[13]))))
        }
        return records
    }

    /// `key ␟ type ␟ value` records separated by ␞, as `IndicatorCounts` wrote them, read in one
    /// pass over the bytes.
    static func scalarAnswers(_ text: String, into answers: inout Answers) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var separators: [Int] = []
            separators.reserveCapacity(2)
            func string(_ from: Int, _ to: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
            }
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : recordByte
                if byte == fieldByte && separators.count < 2 {
                    separators.append(index)
                } else if byte == recordByte {
                    if separators.count == 2 {
                        let value = string(separators[1] + 1, index)
                        let isInteger = separators[1] - separators[0] - 1 == 7 && bytes[separators[0] + 1] == UInt8(ascii: "i")
                        answers[string(start, separators[0])] = isInteger ? Int(value).map(AnswerValue.number) ?? .text(value) : .text(value)
                    }
                    separators.removeAll(keepingCapacity: true)
                    start = index + 1
                }
            }
        }
    }

    static let fieldByte: UInt8 = 0x1F
    static let recordByte: UInt8 = 0x1E

    /// Splits at an ASCII separator byte, empty parts kept; a byte scan, not a walk by Character,
    /// which is most of the time of reading a year's records otherwise.
    static func fields(_ text: Substring, _ byte: UInt8, limit: Int = .max) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = start
        let utf8 = text.utf8
        while index < text.endIndex, parts.count < limit - 1 {
            if utf8[index] == byte {
                parts.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }

    static func split(_ text: String?) -> [String] {
        text.map { $0.split(separator: Character(separator)).map(String.init) } ?? []
    }

    /// Timestamps are stored as UTC ISO 8601 text, so a year is a range of strings.
    static func start(_ year: Int) -> String {
        String(format: "%04d-01-01", year)
    }
}
