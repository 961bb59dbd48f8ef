import BarnkollCore
import Foundation

/// The yearly indicators: the records one statement reads (`indicator_read`), and the units'
/// tallies the database keeps (`indicator_tallies`, Migration 32), counted again from the same
/// rows only where a unit's year changed since.
extension PostgresStore {
    /// One statement (`indicator_read`, Migration 26's): a year's records without a call per
    /// analysis, one row each from `indicator_analysis`, whose answers are the lean text SQLite's
    /// rows keep (no free text, no alias), so the server parses no version's answers.
    public func readIndicatorRecords(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                                     loggedFor account: String) throws(StoreError) -> [IndicatorRecord] {
        try transaction(as: account) { tx throws(StoreError) in
            var rows = IndicatorRows(self, tx)
            let items = try rows.items()
            var held: PQResult?
            try tx.stream([("SELECT * FROM barnkoll.indicator_read($1, $2, $3, $4, $5::text[])",
                            ["\(years.lowerBound)-01-01", "\(years.upperBound + 1)-01-01", unit, Indicators.readDetail(years: years, unit: unit),
                             Self.arrayLiteral(items)], nil)]) { _, result in held = result }
            guard let result = held else { return [] }
            var records: [IndicatorRecord] = []
            records.reserveCapacity(Int(result.count))
            for row in 0..<result.count {
                if let record = try rows.record(result, row, from: 0, scope: scope) { records.append(record) }
            }
            return records
        }
    }

    /// The same counted, from the units' tallies kept in `indicator_tally`: one statement returns
    /// the kept tallies and the rows of the units' years changed since, in one snapshot; those are
    /// counted here and kept with the commit, each only if its unit's year has not changed since.
    public func readIndicatorTallies(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                                     loggedFor account: String) throws(StoreError) -> [Int: Indicators.Tally] {
        var recount: [String] = []
        while true {
            let read = try transaction(as: account) { tx throws(StoreError) in
                try readTallies(tx, years: years, unit: unit, scope: scope, recount: recount)
            }
            // A kept tally this build cannot read (not one of its format): those units counted
            // again in another read (another "stats.read" in the chain). A unit asked to be
            // counted again is never unreadable, so each round adds units and the rounds end.
            guard let unreadable = read.unreadable else { return read.tallies }
            recount += unreadable
        }
    }

    private func readTallies(_ tx: Tx, years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                             recount: [String]) throws(StoreError) -> (tallies: [Int: Indicators.Tally], unreadable: [String]?) {
        var rows = IndicatorRows(self, tx)
        var held: PQResult?
        try tx.stream([("SELECT * FROM barnkoll.indicator_tallies($1, $2, $3, $4, $5, $6::text[])",
                        [String(years.lowerBound), String(years.upperBound), unit, Indicators.readDetail(years: years, unit: unit),
                         String(Indicators.Tally.format), Self.arrayLiteral(recount)], nil)]) { _, result in held = result }
        guard let result = held else { return ([:], nil) }
        var tallies: [Int: Indicators.Tally] = [:]
        var stale: [TallyPlace: Int] = [:]   // the generation each was read at
        var unreadable: [String] = []
        // The units' kept tallies first (a row with a generation), then the rows to count.
        for row in 0..<result.count where !result.isNull(row, 2) {
            let place = TallyPlace(result, row)
            if let scope, !scope.units.contains(place.unit) { continue }
            guard !result.isNull(row, 3) else {
                stale[place] = Self.integer(result.bytes(row, 2))
                tallies[place.year] = tallies[place.year] ?? Indicators.Tally()
                continue
            }
            guard let kept = Indicators.Tally(encoded: Data(result.bytes(row, 3))) else {
                unreadable.append(place.unit)
                continue
            }
            tallies[place.year, default: Indicators.Tally()].merge(kept)
        }
        if !unreadable.isEmpty { return ([:], unreadable) }
        // A row of a unit's year that did not change is read along with its other year: not counted.
        let counted = try rows.tallies(result, rowsWhere: { result.isNull($0, 2) }, of: { stale[$0] != nil }, scope: scope)
        var keep: (years: [String], units: [String], generations: [String], tallies: [String]) = ([], [], [], [])
        for (place, generation) in stale.sorted(by: { ($0.key.year, $0.key.unit) < ($1.key.year, $1.key.unit) }) {
            let tally = counted[place] ?? Indicators.Tally()
            tallies[place.year, default: Indicators.Tally()].merge(tally)
            guard let data = tally.encoded() else { continue }
            keep.years.append(String(place.year))
            keep.units.append(place.unit)
            keep.generations.append(String(generation))
            keep.tallies.append(String(decoding: data, as: UTF8.self))
        }
        if !keep.units.isEmpty {
            tx.later("SELECT barnkoll.indicator_tally_keep($1::integer[], $2::text[], $3::bigint[], $4, $5::text[])",
                     [Self.arrayLiteral(keep.years), Self.arrayLiteral(keep.units), Self.arrayLiteral(keep.generations),
                      String(Indicators.Tally.format), Self.arrayLiteral(keep.tallies)])
        }
        return (tallies, nil)
    }

    /// The kept tallies counted again from their rows and held against what is kept (`verify`): a
    /// statistics reader keeps the tallies it counts (`indicator_tally_keep`), so one could keep a
    /// wrong one, and it would stand until its unit's year changes; a past year's never does. One
    /// statement (`indicator_tally_check`, Migration 36) returns the kept tallies, with who kept
    /// each, and the rows of their units' years, in one snapshot; to an admin only (an auditor
    /// checks the chain, not the figures). A kept tally of another format is counted again at the
    /// next read anyway, so it is not held.
    func tallyProblems() throws(StoreError) -> [Localized] {
        try transaction(anchoring: false) { tx throws(StoreError) in
            var rows = IndicatorRows(self, tx)
            var held: PQResult?
            try tx.stream([("SELECT * FROM barnkoll.indicator_tally_check($1, $2)",
                            [String(Indicators.Tally.format), "verify kept tallies"], nil)]) { _, result in held = result }
            guard let result = held else { return [] }
            var kept: [TallyPlace: (tally: Indicators.Tally, keptBy: String)] = [:]
            for row in 0..<result.count where !result.isNull(row, 3) {
                guard let tally = Indicators.Tally(encoded: Data(result.bytes(row, 3))) else { continue }
                kept[TallyPlace(result, row)] = (tally, result.isNull(row, 2) ? "?" : String(decoding: result.bytes(row, 2), as: UTF8.self))
            }
            let counted = try rows.tallies(result, rowsWhere: { result.isNull($0, 3) }, of: { kept[$0] != nil }, scope: nil)
            return kept.sorted { ($0.key.year, $0.key.unit) < ($1.key.year, $1.key.unit) }.compactMap { place, kept in
                guard kept.tally != counted[place] ?? Indicators.Tally() else { return nil }
                let (unit, year, by) = (place.unit, place.year, TextHygiene.sanitize(kept.keptBy, multiline: false))
                return Localized(sv: "indicator_tally: talen för \(unit) år \(year), sparade av \(by), stämmer inte med enhetens analyser, så de årliga indikatorerna räknar fel; ta reda på hur de kom dit",
                                 en: "indicator_tally: the figures of \(unit) for \(year), kept by \(by), do not match the unit's analyses, so the yearly indicators count wrongly; find out how they got there")
            }
        }
    }

    /// Only an admin's verify counts the kept tallies again (`tallyProblems`); an auditor's is told
    /// so, or its "all holds" would speak for figures it never counted.
    public func verifyLeftUnchecked() throws(StoreError) -> [Localized] {
        let admin = try transaction { tx throws(StoreError) in
            try tx.query("SELECT 1 FROM barnkoll.actor_roles(session_user) WHERE role = 'admin' AND unit = ''").rows.isEmpty == false
        }
        return admin ? [] : [Localized(sv: "de sparade indikatortalen räknades inte om; det gör en administratörs verify",
                                       en: "the kept indicator tallies were not counted again; an admin's verify does that")]
    }

    /// A whole number's text as libpq gives it; 0 for NULL or anything else.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return bytes.isEmpty ? 0 : Int(String(decoding: bytes, as: UTF8.self)) ?? 0 }
            value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }
}

/// A unit's year, as the first two columns of `indicator_tallies` and `indicator_tally_check` give it.
struct TallyPlace: Hashable {
    var year: Int
    var unit: String

    init(_ result: PQResult, _ row: Int32) {
        year = PostgresStore.integer(result.bytes(row, 0))
        unit = String(decoding: result.bytes(row, 1), as: UTF8.self)
    }
}

/// Indicator rows as `indicator_read_rows` returns them (Migration 32), read into Core's records
/// from the bytes libpq holds (`CountedText` into `CountedRow`, as SQLite's rows are): no string
/// per field and no dictionary of answers per record. Each definition's shape is made once.
struct IndicatorRows {
    private let store: PostgresStore
    private let tx: Tx
    private var shapes: [String: (shape: CountedDefinition, checks: [String])] = [:]
    /// Units, checklist ids, hashes and item ids repeat on every row: one string each.
    private var names = InternedStrings()

    init(_ store: PostgresStore, _ tx: Tx) {
        self.store = store
        self.tx = tx
    }

    /// The items every definition's hard stops and checks and Core's counts read (what
    /// `indicator_read` is told; the tallies' read is not).
    mutating func items() throws(StoreError) -> [String] {
        var items = Set(CountedAnswers.scalarItemIDs + CountedAnswers.groupItemIDs)
        for hash in try tx.query("SELECT barnkoll.definition_hashes()").rows.compactMap({ $0.first ?? nil }) {
            let made = try shape(hash)
            items.formUnion(made.shape.memo.items)
            items.formUnion(made.checks)
        }
        return items.sorted()
    }

    private mutating func shape(_ hash: String) throws(StoreError) -> (shape: CountedDefinition, checks: [String]) {
        if let known = shapes[hash] { return known }
        let checklist = try store.definition(tx, hash: hash, id: nil)
        let made = (CountedDefinition(checklist), CountedAnswers.checkItemIDs(checklist))
        shapes[hash] = made
        return made
    }

    /// The tallies of the places `of` accepts, counted from the rows of `result` that `rowsWhere`
    /// picks (their place in the first two columns, their record from the fifth), as
    /// `indicator_tallies` and `indicator_tally_check` return them.
    mutating func tallies(_ result: PQResult, rowsWhere isRecord: (Int32) -> Bool, of wanted: (TallyPlace) -> Bool,
                          scope: VisibilityScope?) throws(StoreError) -> [TallyPlace: Indicators.Tally] {
        var counted: [TallyPlace: Indicators.Tally] = [:]
        for row in 0..<result.count where isRecord(row) {
            let place = TallyPlace(result, row)
            guard wanted(place), let record = try record(result, row, from: 4, scope: scope) else { continue }
            counted[place, default: Indicators.Tally()].add(record)
        }
        return counted
    }

    /// The record of `row`, its columns from `start`; nil when its unit is outside `scope`.
    mutating func record(_ result: PQResult, _ row: Int32, from start: Int32, scope: VisibilityScope?) throws(StoreError) -> IndicatorRecord? {
        func bytes(_ field: Int32) -> UnsafeBufferPointer<UInt8>? { result.isNull(row, start + field) ? nil : result.bytes(row, start + field) }
        func value(_ field: Int32) -> UnsafeBufferPointer<UInt8> { result.bytes(row, start + field) }
        let unitName = names.string(value(1))
        if let scope, !scope.units.contains(unitName) { return nil }
        let definition = try shape(names.string(value(5)))
        var read = CountedRow(definition.shape)
        // The lean text SQLite's rows carry (Migration 26), read by the same reader.
        CountedText.read(scalars: bytes(6), children: bytes(7), articles: bytes(8),
                         measures: bytes(9).map(PostgresStore.integer), into: &read)
        let (counted, hardStopsMet) = read.finish()
        var record = IndicatorRecord(
            checklistID: names.string(value(0)), unit: unitName,
            status: AnalysisStatus(rawValue: String(decoding: value(2), as: UTF8.self)) ?? .submitted,
            counted: counted, year: IndicatorRecord.year(value(4)),
            createdDay: IndicatorRecord.day(value(3)), approvedDay: bytes(10).flatMap(IndicatorRecord.day),
            returns: PostgresStore.integer(value(11)),
            returnedItems: names.strings(value(12), separator: UInt8(ascii: " ")).filter { !$0.isEmpty },
            hardStopsMet: hardStopsMet,
            overrides: Set(names.strings(value(13), separator: UInt8(ascii: " ")).filter { !$0.isEmpty }),
            outcome: bytes(14).flatMap { DecisionOutcome(rawValue: String(decoding: $0, as: UTF8.self)) })
        // A child met again in the same case, worked out in the database: only counts come back.
        record.childrenSeenBefore = PostgresStore.integer(value(16))
        if value(17).first == UInt8(ascii: "t") { record.feedbackNoted = true }
        record.grantedChildrenSeenBefore = PostgresStore.integer(value(18))
        return record
    }
}
