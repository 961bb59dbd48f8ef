import Foundation

/// What the store hands over per analysis for the yearly indicators. Only what the indicators
/// read: never the case reference, the author, a child's alias or any free text beyond what a
/// count needs, so nothing identifying can reach a figure by mistake.
public struct IndicatorRecord: Sendable, Hashable {
    struct Fields: Sendable, Hashable {
        var checklistID: String
        var unit: String
        var status: AnalysisStatus
        var counted: CountedAnswers
        var year: Int?
        var createdDay: Int?
        var approvedDay: Int?
        var returns: Int
        var returnedItems: [String]
        var hardStopsMet: Set<String>
        var overrides: Set<String>
        var outcome: DecisionOutcome?
        var childrenSeenBefore: Int
        var feedbackNoted: Bool
        var grantedChildrenSeenBefore: Int
    }

    /// The fields in one box, copied on write: the indicators pass 60,000 records through many
    /// filters, and a copy is then one retain instead of one per field (measured: a fifth of the
    /// time of a year's indicators went to copying records). The box never changes, so reading
    /// it needs no exclusivity check (measured: 7 % of the indicators' time when it could).
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private mutating func change(_ body: (inout Fields) -> Void) {
        var fields = box.fields
        body(&fields)
        box = Box(fields)
    }

    public var checklistID: String { get { box.fields.checklistID } set { change { $0.checklistID = newValue } } }
    public var unit: String { get { box.fields.unit } set { change { $0.unit = newValue } } }
    /// The status now (an analysis counted for a year may have moved on since).
    public var status: AnalysisStatus { get { box.fields.status } set { change { $0.status = newValue } } }
    /// What the indicators count of the latest frozen version's answers, never the draft's.
    public var counted: CountedAnswers {
        // Lent in place, not copied: the indicators read these of every record many times.
        _read { yield box.fields.counted }
        set { change { $0.counted = newValue } }
    }
    /// The calendar year (UTC) version 1 was frozen: the year an analysis counts for; nil for a
    /// malformed timestamp.
    public var year: Int? { get { box.fields.year } set { change { $0.year = newValue } } }
    /// The day (`ISODate.dayNumber`) the analysis was created.
    public var createdDay: Int? { get { box.fields.createdDay } set { change { $0.createdDay = newValue } } }
    /// The day of the first approval, if any.
    public var approvedDay: Int? { get { box.fields.approvedDay } set { change { $0.approvedDay = newValue } } }
    public var returns: Int { get { box.fields.returns } set { change { $0.returns = newValue } } }
    /// The item ids commented on in returns, once per return that commented on them.
    public var returnedItems: [String] { get { box.fields.returnedItems } set { change { $0.returnedItems = newValue } } }
    /// Hard-stop rules that hold in the latest frozen version.
    public var hardStopsMet: Set<String> { get { box.fields.hardStopsMet } set { change { $0.hardStopsMet = newValue } } }
    /// Hard-stop rules a supervisor overrode.
    public var overrides: Set<String> { get { box.fields.overrides } set { change { $0.overrides = newValue } } }
    /// The decision's outcome, from the latest note of kind `outcome` after it (issue 22).
    public var outcome: DecisionOutcome? { get { box.fields.outcome } set { change { $0.outcome = newValue } } }
    /// How many of this analysis's children an earlier analysis of the same case, unit and year
    /// already named (the same case reference and alias). Worked out inside the store, so no
    /// alias or case reference reaches the indicators: only this count does (issue 22).
    public var childrenSeenBefore: Int { get { box.fields.childrenSeenBefore } set { change { $0.childrenSeenBefore = newValue } } }
    /// Whether a note after the decision says the child was given feedback (the analysis's own
    /// feedback date counts too: see `feedbackGiven`).
    public var feedbackNoted: Bool { get { box.fields.feedbackNoted } set { change { $0.feedbackNoted = newValue } } }

    /// How many of this decision's children living in the household an earlier decision of the
    /// same case, unit, year and kind, granted wholly or partly, already named (as `childrenSeenBefore`).
    public var grantedChildrenSeenBefore: Int {
        get { box.fields.grantedChildrenSeenBefore }
        set { change { $0.grantedChildrenSeenBefore = newValue } }
    }

    /// Feedback given: the date in the analysis, or a note of it after the decision.
    public var feedbackGiven: Bool { feedbackNoted || counted.feedbackDone != nil }

    public init(checklistID: String, unit: String, status: AnalysisStatus, counted: CountedAnswers, year: Int?,
                createdDay: Int?, approvedDay: Int? = nil, returns: Int = 0, returnedItems: [String] = [],
                hardStopsMet: Set<String> = [], overrides: Set<String> = [], outcome: DecisionOutcome? = nil) {
        box = Box(Fields(checklistID: checklistID, unit: unit, status: status, counted: counted, year: year,
                         createdDay: createdDay, approvedDay: approvedDay, returns: returns,
                         returnedItems: returnedItems, hardStopsMet: hardStopsMet, overrides: overrides, outcome: outcome,
                         childrenSeenBefore: 0, feedbackNoted: false, grantedChildrenSeenBefore: 0))
    }

    /// A record from whole answers, of which only the counted part is kept, and the store's
    /// timestamps (UTC ISO 8601), of which only the day.
    public init(checklistID: String, unit: String, status: AnalysisStatus, answers: Answers, createdAt: String,
                firstSubmittedAt: String, approvedAt: String? = nil, returns: Int = 0, returnedItems: [String] = [],
                hardStopsMet: Set<String> = [], overrides: Set<String> = [], outcome: DecisionOutcome? = nil) {
        self.init(checklistID: checklistID, unit: unit, status: status, counted: CountedAnswers(answers),
                  year: Self.bytes(firstSubmittedAt, Self.year), createdDay: Self.bytes(createdAt, Self.day),
                  approvedDay: approvedAt.flatMap { Self.bytes($0, Self.day) }, returns: returns,
                  returnedItems: returnedItems, hardStopsMet: hardStopsMet, overrides: overrides, outcome: outcome)
    }

    /// The day of a timestamp: its first ten bytes as a date.
    public static func day(_ timestamp: UnsafeBufferPointer<UInt8>) -> Int? {
        ISODate.dayNumber(utf8: UnsafeBufferPointer(rebasing: timestamp.prefix(10)))
    }

    /// The year of a timestamp: its first four bytes, all digits.
    public static func year(_ timestamp: UnsafeBufferPointer<UInt8>) -> Int? {
        guard timestamp.count >= 4 else { return nil }
        var year = 0
        for byte in timestamp[0..<4] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            year = year * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return year
    }

    static func bytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var text = text
        return text.withUTF8(body)
    }

    public static func == (left: IndicatorRecord, right: IndicatorRecord) -> Bool {
        left.box === right.box || left.box.fields == right.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }
}

/// One published cell. Small counts never exist as numbers here: they are `.suppressed` from the
/// moment they are computed, so no format can print them by mistake.
public enum Figure: Sendable, Hashable {
    case count(Int)
    /// A percentage, 0–100, rounded to one decimal.
    case share(Double)
    /// A number of days (a median may end in .5).
    case days(Double)
    case suppressed
    /// Hidden whatever its size, so that another hidden cell cannot be worked out from the total
    /// (secondary suppression): never shown as "<5", which would tell a size it may not have.
    case withheld

    public var isSuppressed: Bool { self == .suppressed || self == .withheld }

    /// The plain number, for change and for bars; nil when suppressed.
    public var number: Double? {
        switch self {
        case .count(let value): Double(value)
        case .share(let value), .days(let value): value
        case .suppressed, .withheld: nil
        }
    }
}

public struct IndicatorRow: Sendable, Hashable {
    public var category: String
    public var value: Figure
    /// The row's share of the indicator's denominator, when that share means something.
    public var share: Figure?

    public init(category: String, value: Figure, share: Figure? = nil) {
        self.category = category
        self.value = value
        self.share = share
    }
}

public struct Indicator: Sendable, Hashable {
    public var id: String
    public var rows: [IndicatorRow]
    /// Rows are a "most often" list, sorted by count, rather than fixed categories.
    public var ranked: Bool

    public init(id: String, rows: [IndicatorRow], ranked: Bool = false) {
        self.id = id
        self.rows = rows
        self.ranked = ranked
    }

    public func row(_ category: String) -> IndicatorRow? { rows.first { $0.category == category } }
}

/// The figures of one year, already suppressed.
public struct IndicatorFigures: Sendable, Hashable {
    public var year: Int
    /// Whether any analysis counts for the year (a year without any has no change to show).
    public var hasData: Bool
    public var indicators: [Indicator]

    public func indicator(_ id: String) -> Indicator? { indicators.first { $0.id == id } }

    public func value(_ id: String, _ category: String) -> Figure? { indicator(id)?.row(category)?.value }
}

public struct IndicatorReport: Sendable, Hashable {
    public var year: Int
    public var unit: String?
    /// The day overdue feedback and follow-ups were judged against (YYYY-MM-DD).
    public var today: String
    public var current: IndicatorFigures
    /// The year before, when it has data.
    public var previous: IndicatorFigures?

    /// The change from the previous year as people read it: "+3", "−2", "0", or "–" when either
    /// side is suppressed; nil when there is nothing to compare with.
    public func change(_ id: String, _ category: String) -> String? {
        guard let previous, previous.hasData else { return nil }
        guard let now = current.value(id, category) else { return nil }
        let before = previous.value(id, category) ?? Self.zero(like: now)
        guard let a = now.number, let b = before.number else { return "–" }
        let difference = a - b
        if case .count = now {
            let whole = Int(difference.rounded())
            return whole > 0 ? "+\(whole)" : whole < 0 ? "−\(-whole)" : "0"
        }
        let text = String(format: "%.1f", abs(difference))
        return difference > 0.05 ? "+\(text)" : difference < -0.05 ? "−\(text)" : "0"
    }

    /// A category the previous year never had (an article nobody named) was zero then, not unknown.
    static func zero(like figure: Figure) -> Figure {
        switch figure {
        case .count: .count(0)
        case .share: .share(0)
        case .days, .suppressed, .withheld: .suppressed
        }
    }
}

/// The yearly indicators of the domain brief, section 6: a pure computation over records.
///
/// Which analyses count for a year: records of the real store with at least one frozen version,
/// by the year of their first submission, read through their latest frozen version. Analyses
/// closed as not applicable are counted apart and left out of every other figure. Answer-level
/// figures (children, voice, best interests, feedback, follow-up, concern, articles, areas) come
/// from impact analyses only: the child checklist asks other questions, and a checklist and an
/// analysis of the same decision would count the same children twice.
public enum Indicators {
    /// Counts from 1 to `threshold - 1` are shown as "<5".
    public static let threshold = 5
    public static let impactAnalysis = "barnkonsekvensanalys"
    public static let childChecklist = "barnchecklista"

    /// The items the store extracts for the indicators: what `CountedAnswers` counts, the groups,
    /// and three that nothing counts now but the rows of every version frozen so far hold
    /// (kept, so that old and new rows stay alike).
    public static let itemIDs: [String] = CountedAnswers.scalarItemIDs + subItemIDs.keys.sorted()
        + ["decision_date", "care_measure", "children_affected"]

    public static let areaItemIDs: [String] = [
        "fact_identity_impact", "fact_family_impact", "fact_care_safety_impact", "fact_vulnerability_impact",
        "fact_health_impact", "fact_education_impact", "fact_housing_impact", "fact_leisure_impact",
    ]

    /// Sub-items kept in group entries; nothing else of an entry (an alias, a comment) is read.
    public static let subItemIDs: [String: [String]] = [
        "children": ["age", "effect"],
        "other_articles": ["article"],
        "compensatory_measures": [],
    ]

    public static let ageBands: [(category: String, range: ClosedRange<Int>)] = [
        ("0-5", 0...5), ("6-12", 6...12), ("13-17", 13...17),
    ]

    /// How many entries a "most often" list shows.
    public static let rankedLimit = 10

    public static func compute(records: [IndicatorRecord], year: Int, unit: String?, today: String) -> IndicatorReport {
        let mine = unit.map { unit in records.filter { $0.unit == unit } } ?? records
        // The two years at once, one per core: neither reads the other's records.
        let years = [year, year - 1]
        var results = [Tally?](repeating: nil, count: years.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: years.count) { index in
                output[index] = Tally(mine.filter { $0.year == years[index] })
            }
        }
        var tallies: [Int: Tally] = [:]
        for (year, tally) in zip(years, results) { tallies[year] = tally }
        return report(tallies: tallies, year: year, unit: unit, today: today)
    }

    /// What a read of the indicators records in the audit chain ("stats.read"), on every store.
    public static func readDetail(years: ClosedRange<Int>, unit: String?) -> String {
        "years \(years.lowerBound)-\(years.upperBound)" + (unit.map { " unit \(TextHygiene.sanitize($0, multiline: false))" } ?? "")
    }

    /// The report of `year` (and the year before, for the change) from each year's tally, however
    /// it was gathered: from records just read, or merged from tallies a store kept per unit.
    /// Overdue and not yet due are judged here, against `today`.
    public static func report(tallies: [Int: Tally], year: Int, unit: String?, today: String) -> IndicatorReport {
        let day = ISODate.dayNumber(today) ?? Int.max
        let current = tallies[year].map { $0.figures(year: year, today: day) } ?? Tally().figures(year: year, today: day)
        let before = tallies[year - 1].flatMap { $0.hasData ? $0.figures(year: year - 1, today: day) : nil }
        return IndicatorReport(year: year, unit: unit, today: today, current: current, previous: before)
    }

    // MARK: - Suppression

    public static func count(_ value: Int) -> Figure {
        value > 0 && value < threshold ? .suppressed : .count(value)
    }

    /// A share hides when its denominator is small, and when its numerator is, since the two
    /// together would give the hidden count back.
    public static func share(_ part: Int, of whole: Int) -> Figure {
        guard whole >= threshold, !(part > 0 && part < threshold) else { return .suppressed }
        return .share((Double(part) * 1000 / Double(whole)).rounded() / 10)
    }

    /// Secondary suppression: the categories of a set add up to (at most) a total shown elsewhere,
    /// so a set with exactly one hidden cell would give it back by subtraction. The smallest other
    /// non-zero cell is hidden with it, its share too; two hidden cells only tell their sum. A zero
    /// is never the second cell: hiding it would hide nothing.
    static func secondarySuppressed(_ indicator: Indicator, counts: [Int]) -> Indicator {
        let hidden = indicator.rows.indices.filter { indicator.rows[$0].value.isSuppressed }
        guard hidden.count == 1,
              let second = indicator.rows.indices.filter({ !hidden.contains($0) && counts[$0] > 0 }).min(by: { counts[$0] < counts[$1] })
        else { return indicator }
        var result = indicator
        result.rows[second].value = .withheld
        if result.rows[second].share != nil { result.rows[second].share = .withheld }
        if result.rows[hidden[0]].share != nil { result.rows[hidden[0]].share = .suppressed }
        return result
    }

    // MARK: - The figures of one year

    /// Per question of the child checklists (by item id), how many answers were `tally`'s value,
    /// and their share of that question's answers. Every question answered is listed, in id order:
    /// each row is a question of its own, so no row is another's remainder.
    static func questionRows(_ id: String, _ tally: [String: Int], answered: [String: Int]) -> Indicator {
        Indicator(id: id, rows: answered.keys.sorted().map { item in
            let n = tally[item] ?? 0
            return IndicatorRow(category: item, value: count(n), share: share(n, of: answered[item] ?? 0))
        })
    }

    /// Most often first. Hidden counts go last in name order: sorting them by their true size
    /// would hint at it.
    /// `limit`: how many rows at most (nil: all, for a list as short as a unit's kinds of decision).
    static func ranked(_ id: String, _ tally: [String: Int], limit: Int? = rankedLimit) -> Indicator {
        let shown = tally.filter { $0.value >= threshold }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let hidden = tally.filter { $0.value < threshold }.keys.sorted()
        let rows = shown.map { IndicatorRow(category: $0.key, value: .count($0.value)) }
            + hidden.map { IndicatorRow(category: $0, value: .suppressed) }
        return Indicator(id: id, rows: Array(rows.prefix(limit ?? rows.count)), ranked: true)
    }

    /// The median of values given as how many times each occurs.
    static func median(_ histogram: [Int: Int]) -> Double {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return 0 }
        let sorted = histogram.sorted { $0.key < $1.key }
        // The values at the sorted positions total/2 (and the one before it when even).
        func value(at position: Int) -> Int {
            var seen = 0
            for (value, n) in sorted {
                seen += n
                if position < seen { return value }
            }
            return 0
        }
        let middle = total / 2
        return total % 2 == 1 ? Double(value(at: middle)) : Double(value(at: middle - 1) + value(at: middle)) / 2
    }
}

extension CountedAnswers {
    /// Feedback or a follow-up as a tally keeps it: a category that no day changes, or the day
    /// it is planned for, overdue or not yet due depending on the day the figures are made.
    enum DueState: Equatable {
        case kept(String)
        case due(Int)
    }

    /// Feedback to the child: on time or late against its planned day, missing when none was
    /// planned, else due on that day.
    var feedbackState: DueState {
        guard let planned = feedbackPlanned else { return .kept("missing") }
        if let done = feedbackDone { return .kept(done <= planned ? "on_time" : "late") }
        return .due(planned)
    }

    var followUpState: DueState {
        if followUpDone != nil { return .kept("done") }
        guard let planned = followUp else { return .kept("missing") }
        return .due(planned)
    }
}

/// Which hard stops hold in a set of answers, built once per checklist definition: the store
/// runs it over thousands of versions, so the item index is made once, not per analysis.
public struct HardStopCheck: Sendable {
    let checklist: Checklist
    let index: [String: (section: Section, item: Item)]
    let askedBy: [String: String]
    let rules: [Rule]

    public init(checklist: Checklist) {
        self.checklist = checklist
        self.index = checklist.itemIndex
        self.askedBy = ConditionContext.askedBy(checklist)
        self.rules = checklist.rules.filter { $0.kind == .hardStop }
    }

    /// The items a hard stop's truth depends on: those its conditions read, and those that decide
    /// whether they are shown (a hidden item counts as unanswered), transitively. A sub-item named
    /// outside its group is read in every entry of the group, so it brings the group.
    public var itemIDs: Set<String> {
        var needed: Set<String> = []
        var queue = rules.flatMap(\.when.itemIDs)
        while let id = queue.popLast() {
            guard needed.insert(id).inserted else { continue }
            if let (section, item) = index[id] {
                queue += section.showWhen?.itemIDs ?? []
                queue += item.showWhen?.itemIDs ?? []
            } else if let group = askedBy[id] {
                queue.append(group)
            }
        }
        return needed
    }

    public func met(_ answers: Answers) -> Set<String> {
        guard !rules.isEmpty else { return [] }
        let context = ConditionContext(checklist: checklist, answers: answers, index: index, askedBy: askedBy)
        return Set(rules.filter { context.holds($0.when, entry: nil) }.map(\.id))
    }
}

extension HardStopCheck {
    /// An answer a hard stop reads that the yearly figures do not keep as the worksheet reads it
    /// (checklists/README.md, "Rules"): the stop works on the worksheet, but the figures cannot
    /// judge it the same way. `checklists validate` names each, so a checklist's author can move
    /// the item or make the rule a warning before the figures count it wrong.
    public struct UncountedRead: Sendable, Hashable {
        public let rule: String
        public let item: String
        /// The group the item is asked in, if any.
        public let group: String?
    }

    /// What each stop reads (its conditions, and those that decide whether the items it reads are
    /// shown) that the stores' indicator rows do not keep, in the rules' order, each once.
    public var uncountedReads: [UncountedRead] {
        var found: [UncountedRead] = []
        for rule in rules {
            var seen: Set<String> = []
            var reads: [UncountedRead] = []
            func note(_ item: String, _ group: String?) {
                let read = UncountedRead(rule: rule.id, item: item, group: group)
                if !reads.contains(read) { reads.append(read) }
            }
            func visit(_ condition: Condition, group: String?) {
                switch condition {
                case .someEntry(let name, let inner):
                    if Self.keptSubItems[name] == nil { note(name, nil) } else { read(name, in: nil, byAnswered: true) }
                    visit(inner, group: name)
                case .not(let inner):
                    visit(inner, group: group)
                case .all(let conditions), .any(let conditions):
                    for inner in conditions { visit(inner, group: group) }
                case .answered(let item, _), .fewerThan(let item, _):
                    read(item, in: group, byAnswered: true)
                case .equals, .oneOf, .sameTextAs, .daysAfter, .lessThan:
                    for id in condition.itemIDs { read(id, in: group, byAnswered: false) }
                }
            }
            func read(_ item: String, in group: String?, byAnswered: Bool) {
                let inGroup = group.flatMap { name in index[name]?.item.items.contains { $0.id == item } == true ? name : nil }
                if let owner = inGroup ?? (index[item] == nil ? askedBy[item] : nil) {
                    let kept = Self.keptSubItems[owner] ?? []
                    if !kept.contains(item) || (!byAnswered && CountedAnswers.Child.writtenFields.contains(item) && owner == "children") {
                        note(item, owner)
                    }
                    guard seen.insert(owner + "/" + item).inserted,
                          let sub = index[owner]?.item.items.first(where: { $0.id == item }) else { return }
                    if let shown = sub.showWhen { visit(shown, group: owner) }
                    read(owner, in: nil, byAnswered: true)
                    return
                }
                guard let (section, found) = index[item] else { return }
                if found.type == .group && Self.keptSubItems[item] == nil {
                    note(item, nil)
                } else if found.type.isText && !byAnswered {
                    note(item, nil)
                }
                guard seen.insert(item).inserted else { return }
                if let shown = section.showWhen { visit(shown, group: nil) }
                if let shown = found.showWhen { visit(shown, group: nil) }
            }
            visit(rule.when, group: nil)
            found += reads
        }
        return found
    }

    /// Of each group the rows keep, the sub-items they keep (`CountedAnswers.Child.storedFields`
    /// of a child; of `compensatory_measures` only how many there are).
    static let keptSubItems: [String: [String]] = [
        "children": CountedAnswers.Child.storedFields,
        "other_articles": ["article"],
        "compensatory_measures": [],
    ]
}

/// A definition's hard stops judged once per combination of the answers they read: whether they
/// hold depends on those answers only, and most analyses answer those few items alike (judging each
/// record again was much of a year's indicators, on either store). One reader's, not shared.
public final class HardStopMemo {
    public let check: HardStopCheck
    /// The items the stops read (and those that decide whether those are shown), in a fixed order.
    public let items: [String]
    private var judged: [[AnswerValue?]: Set<String>] = [:]

    public init(_ check: HardStopCheck) {
        self.check = check
        items = check.itemIDs.sorted()
    }

    /// The stops met when the items they read hold `values` (in an order the caller keeps the
    /// same); `answers` makes what the stops read only for a combination not judged before.
    public func met(_ values: [AnswerValue?], answers: () -> Answers) -> Set<String> {
        if let known = judged[values] { return known }
        let met = check.met(answers())
        judged[values] = met
        return met
    }

    /// The stops met by whole answers.
    public func met(in answers: Answers) -> Set<String> {
        guard !items.isEmpty else { return [] }
        let values = items.map { answers[$0] }
        return met(values) {
            var read: Answers = [:]
            for (id, value) in zip(items, values) { read[id] = value }
            return read
        }
    }
}

extension ConditionContext {
    init(checklist: Checklist, answers: Answers, index: [String: (section: Section, item: Item)], askedBy: [String: String]) {
        self.checklist = checklist
        self.answers = answers
        self.index = index
        self.askedBy = askedBy
    }
}

/// One child as the indicators tell children apart (issue 22): within a case, by the case
/// reference and the alias, which the alias item asks to keep across the case's decisions; in one
/// unit and one year. Used inside the stores only: the key never reaches a figure.
public struct ChildKey: Hashable, Sendable {
    public struct Case: Hashable, Sendable {
        public var unit: String
        public var caseRef: String

        public init(unit: String, caseRef: String) {
            self.unit = unit
            self.caseRef = caseRef
        }
    }

    public var caseKey: Case
    /// Trimmed and in lower case: "Noah " and "noah" are one child.
    public var alias: String

    /// Nil for a child without an alias: each such entry is a child of its own.
    public init?(_ caseKey: Case, alias: String) {
        let alias = alias.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !alias.isEmpty else { return nil }
        self.caseKey = caseKey
        self.alias = alias
    }
}
