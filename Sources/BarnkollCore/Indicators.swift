import Foundation

/// What the store hands over per analysis for the yearly indicators. Only what the indicators
/// read: never the case reference, the author, a child's alias or any free text beyond what a
/// count needs, so nothing identifying can reach a figure by mistake.
public struct IndicatorRecord: Sendable, Hashable {
    struct Fields: Sendable, Hashable {
        var checklistID: String
        var unit: String
        var status: AnalysisStatus
        var answers: Answers
        var createdAt: String
        var firstSubmittedAt: String
        var approvedAt: String?
        var returns: Int
        var returnedItems: [String]
        var hardStopsMet: Set<String>
        var overrides: Set<String>
    }

    /// The fields in one box, copied on write: the indicators pass 60,000 records through many
    /// filters, and a copy is then one retain instead of one per field (measured: a fifth of the
    /// time of a year's indicators went to copying records).
    private final class Box: @unchecked Sendable {
        // Changed only while uniquely referenced (see `change`), so shared boxes never change.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private mutating func change(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        body(&box.fields)
    }

    public var checklistID: String { get { box.fields.checklistID } set { change { $0.checklistID = newValue } } }
    public var unit: String { get { box.fields.unit } set { change { $0.unit = newValue } } }
    /// The status now (an analysis counted for a year may have moved on since).
    public var status: AnalysisStatus { get { box.fields.status } set { change { $0.status = newValue } } }
    /// The answers of the latest frozen version, never the draft's, reduced to `Indicators.itemIDs`;
    /// group entries keep only the sub-items in `Indicators.subItemIDs`.
    public var answers: Answers { get { box.fields.answers } set { change { $0.answers = newValue } } }
    public var createdAt: String { get { box.fields.createdAt } set { change { $0.createdAt = newValue } } }
    /// When version 1 was frozen: the year an analysis counts for.
    public var firstSubmittedAt: String { get { box.fields.firstSubmittedAt } set { change { $0.firstSubmittedAt = newValue } } }
    /// The first approval, if any.
    public var approvedAt: String? { get { box.fields.approvedAt } set { change { $0.approvedAt = newValue } } }
    public var returns: Int { get { box.fields.returns } set { change { $0.returns = newValue } } }
    /// The item ids commented on in returns, once per return that commented on them.
    public var returnedItems: [String] { get { box.fields.returnedItems } set { change { $0.returnedItems = newValue } } }
    /// Hard-stop rules that hold in the latest frozen version.
    public var hardStopsMet: Set<String> { get { box.fields.hardStopsMet } set { change { $0.hardStopsMet = newValue } } }
    /// Hard-stop rules a supervisor overrode.
    public var overrides: Set<String> { get { box.fields.overrides } set { change { $0.overrides = newValue } } }

    public init(checklistID: String, unit: String, status: AnalysisStatus, answers: Answers, createdAt: String,
                firstSubmittedAt: String, approvedAt: String? = nil, returns: Int = 0, returnedItems: [String] = [],
                hardStopsMet: Set<String> = [], overrides: Set<String> = []) {
        box = Box(Fields(checklistID: checklistID, unit: unit, status: status, answers: answers, createdAt: createdAt,
                         firstSubmittedAt: firstSubmittedAt, approvedAt: approvedAt, returns: returns,
                         returnedItems: returnedItems, hardStopsMet: hardStopsMet, overrides: overrides))
    }

    public static func == (left: IndicatorRecord, right: IndicatorRecord) -> Bool {
        left.box === right.box || left.box.fields == right.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }

    /// The calendar year of the first submission, or nil for a malformed timestamp.
    public var year: Int? { Int(firstSubmittedAt.prefix(4)) }
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

    public var isSuppressed: Bool { self == .suppressed }

    /// The plain number, for change and for bars; nil when suppressed.
    public var number: Double? {
        switch self {
        case .count(let value): Double(value)
        case .share(let value), .days(let value): value
        case .suppressed: nil
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
        case .days, .suppressed: .suppressed
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

    /// The items the indicators read; the store extracts only these.
    public static let itemIDs: [String] = [
        "depth", "decision_date", "children", "informed", "heard", "not_heard_reason", "in_line",
        "compensatory_measures", "differs_from_view", "differs_reasons", "feedback_planned_date",
        "feedback_done_date", "follow_up_date", "follow_up_done_date", "concern", "report_made",
        "other_articles", "care_measure", "children_affected",
    ] + areaItemIDs

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
        let current = figures(mine.filter { $0.year == year }, year: year, today: today)
        let before = figures(mine.filter { $0.year == year - 1 }, year: year - 1, today: today)
        return IndicatorReport(year: year, unit: unit, today: today, current: current,
                               previous: before.hasData ? before : nil)
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

    // MARK: - The figures of one year

    static func figures(_ records: [IndicatorRecord], year: Int, today: String) -> IndicatorFigures {
        let closed = records.filter { $0.status == .closed }
        let counted = records.filter { $0.status != .closed }
        let impact = counted.filter { $0.checklistID == impactAnalysis }
        let todayNumber = ISODate.dayNumber(today) ?? Int.max
        // Each impact analysis's answers looked up once, not once per category counted.
        let facts = impact.map { ImpactFacts($0, today: todayNumber) }
        var indicators: [Indicator] = []

        indicators.append(Indicator(id: "analyses", rows: [
            IndicatorRow(category: "total", value: count(counted.count)),
            IndicatorRow(category: "closed_not_applicable", value: count(closed.count)),
        ]))
        let checklists = Set(counted.map(\.checklistID)).sorted()
        indicators.append(Indicator(id: "analyses_by_checklist", rows: checklists.map { id in
            let n = counted.count(where: { $0.checklistID == id })
            return IndicatorRow(category: id, value: count(n), share: share(n, of: counted.count))
        }))
        indicators.append(fixed("analyses_by_status", ["submitted", "returned", "approved", "draft"], of: counted.count) { status in
            counted.count(where: { $0.status.rawValue == status })
        })
        indicators.append(fixed("depth", ["simple", "full"], of: impact.count) { depth in
            facts.count(where: { $0.depth == depth })
        })

        // Children: one per entry of each analysis, so a child in two decisions counts twice.
        let children = facts.flatMap(\.children)
        indicators.append(Indicator(id: "children", rows: [IndicatorRow(category: "total", value: count(children.count))]))
        let ages = children.map { entry -> Int? in
            switch entry["age"] {
            case .number(let age)?: age
            case .text(let text)?: Int(text)
            default: nil
            }
        }
        indicators.append(fixed("children_by_age", ageBands.map(\.category) + ["unknown"], of: children.count) { band in
            if let range = ageBands.first(where: { $0.category == band })?.range {
                return ages.count(where: { $0.map(range.contains) ?? false })
            }
            return ages.count(where: { age in !ageBands.contains { band in age.map(band.range.contains) ?? false } })
        })
        indicators.append(fixed("children_by_effect", ["direct", "indirect", "unknown"], of: children.count) { effect in
            children.count(where: { entry in
                let value = entry["effect"]?.text
                return effect == "unknown" ? (value != "direct" && value != "indirect") : value == effect
            })
        })

        // The child's voice.
        indicators.append(fixed("heard", ["directly", "via_representative", "in_writing", "no"], of: impact.count) { value in
            facts.count(where: { $0.heard == value })
        })
        let notHeard = facts.filter { $0.heard == "no" }
        indicators.append(fixed("not_heard_reason",
                                ["declined", "age_maturity", "guardian_objected", "risk_of_harm", "urgent", "other"],
                                of: notHeard.count) { reason in
            notHeard.count(where: { $0.notHeardReason == reason })
        })
        indicators.append(fixed("informed", ["yes", "no"], of: impact.count) { value in
            facts.count(where: { $0.informed == value })
        })

        // Best interests.
        indicators.append(fixed("in_line", ["yes", "partly", "no"], of: impact.count) { value in
            facts.count(where: { $0.inLine == value })
        })
        let against = facts.filter { $0.inLine == "partly" || $0.inLine == "no" }
        let withMeasures = against.count(where: \.hasMeasures)
        indicators.append(Indicator(id: "compensatory_measures", rows: [
            IndicatorRow(category: "partly_or_no", value: count(against.count)),
            IndicatorRow(category: "with_measures", value: count(withMeasures),
                         share: share(withMeasures, of: against.count)),
        ]))
        let asked = facts.filter { $0.differsFromView != nil }
        let differs = asked.filter { $0.differsFromView == "yes" }
        let reasoned = differs.count(where: \.hasReasons)
        indicators.append(Indicator(id: "differs_from_view", rows: [
            IndicatorRow(category: "differs", value: count(differs.count), share: share(differs.count, of: asked.count)),
            IndicatorRow(category: "with_reasons", value: count(reasoned), share: share(reasoned, of: differs.count)),
        ]))

        // Feedback and follow-up, judged against `today`.
        indicators.append(fixed("feedback", ["on_time", "late", "overdue", "missing", "not_yet_due"], of: impact.count) { state in
            facts.count(where: { $0.feedback == state })
        })
        indicators.append(fixed("follow_up", ["done", "overdue", "missing", "not_yet_due"], of: impact.count) { state in
            facts.count(where: { $0.followUp == state })
        })
        let concern = facts.filter { $0.concern == "yes" }
        let reported = concern.count(where: { $0.reportMade == "yes" })
        indicators.append(Indicator(id: "concern", rows: [
            IndicatorRow(category: "raised", value: count(concern.count), share: share(concern.count, of: impact.count)),
            IndicatorRow(category: "report_made", value: count(reported), share: share(reported, of: concern.count)),
        ]))

        // Review: every checklist.
        let stopped = counted.count(where: { !$0.hardStopsMet.isEmpty })
        let overridden = counted.count(where: { !$0.overrides.isEmpty })
        indicators.append(Indicator(id: "hard_stops", rows: [
            IndicatorRow(category: "met", value: count(stopped)),
            IndicatorRow(category: "overridden", value: count(overridden)),
        ]))
        let returned = counted.count(where: { $0.returns > 0 })
        indicators.append(Indicator(id: "returns", rows: [
            IndicatorRow(category: "returns", value: count(counted.reduce(0) { $0 + $1.returns })),
            IndicatorRow(category: "analyses_returned", value: count(returned), share: share(returned, of: counted.count)),
        ]))
        indicators.append(ranked("returned_items", counted.flatMap(\.returnedItems)))
        indicators.append(ranked("articles", facts.flatMap(\.articles)))
        indicators.append(ranked("negative_areas", facts.flatMap(\.negativeAreas)))

        let days = counted.compactMap { record -> Int? in
            guard let approved = record.approvedAt.flatMap({ ISODate.dayNumber(String($0.prefix(10))) }),
                  let created = ISODate.dayNumber(String(record.createdAt.prefix(10))) else { return nil }
            return max(0, approved - created)
        }
        indicators.append(Indicator(id: "days_to_approval", rows: [
            IndicatorRow(category: "approved", value: count(days.count)),
            IndicatorRow(category: "median", value: days.count >= threshold ? .days(median(days)) : .suppressed),
        ]))
        return IndicatorFigures(year: year, hasData: !records.isEmpty, indicators: indicators)
    }

    /// What the counts read of one impact analysis, each answer looked up once.
    struct ImpactFacts {
        var depth: String?
        var heard: String?
        var notHeardReason: String?
        var informed: String?
        var inLine: String?
        var differsFromView: String?
        var concern: String?
        var reportMade: String?
        var hasMeasures: Bool
        var hasReasons: Bool
        var feedback: String
        var followUp: String
        var children: [[String: AnswerValue]]
        var articles: [String]
        var negativeAreas: [String]

        init(_ record: IndicatorRecord, today: Int) {
            let answers = record.answers
            // An empty answer counts as none.
            func answer(_ item: String) -> String? { answers[item].flatMap { $0.isEmpty ? nil : $0.text } }
            func day(_ item: String) -> Int? { answer(item).flatMap(ISODate.dayNumber) }
            depth = answers["depth"]?.text
            heard = answer("heard")
            notHeardReason = answer("not_heard_reason")
            informed = answer("informed")
            inLine = answer("in_line")
            differsFromView = answer("differs_from_view")
            concern = answer("concern")
            reportMade = answer("report_made")
            hasMeasures = !(answers["compensatory_measures"]?.isEmpty ?? true)
            hasReasons = !(answers["differs_reasons"]?.isEmpty ?? true)
            let feedbackDone = day("feedback_done_date")
            if let planned = day("feedback_planned_date") {
                if let feedbackDone {
                    feedback = feedbackDone <= planned ? "on_time" : "late"
                } else {
                    feedback = planned < today ? "overdue" : "not_yet_due"
                }
            } else {
                feedback = "missing"
            }
            if day("follow_up_done_date") != nil {
                followUp = "done"
            } else if let planned = day("follow_up_date") {
                followUp = planned < today ? "overdue" : "not_yet_due"
            } else {
                followUp = "missing"
            }
            if case .entries(let entries)? = answers["children"] { children = entries } else { children = [] }
            if case .entries(let entries)? = answers["other_articles"] {
                articles = Array(Set(entries.compactMap { $0["article"]?.text }))
            } else {
                articles = []
            }
            negativeAreas = Indicators.areaItemIDs.compactMap { item in
                answers[item]?.text == "negative" ? String(item.dropFirst(5).dropLast(7)) : nil
            }
        }
    }

    static func fixed(_ id: String, _ categories: [String], of whole: Int, _ count: (String) -> Int) -> Indicator {
        Indicator(id: id, rows: categories.map { category in
            let n = count(category)
            return IndicatorRow(category: category, value: Self.count(n), share: share(n, of: whole))
        })
    }

    /// Most often first. Hidden counts go last in name order: sorting them by their true size
    /// would hint at it.
    static func ranked(_ id: String, _ values: [String]) -> Indicator {
        var tally: [String: Int] = [:]
        for value in values { tally[value, default: 0] += 1 }
        let shown = tally.filter { $0.value >= threshold }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let hidden = tally.filter { $0.value < threshold }.keys.sorted()
        let rows = shown.map { IndicatorRow(category: $0.key, value: .count($0.value)) }
            + hidden.map { IndicatorRow(category: $0, value: .suppressed) }
        return Indicator(id: id, rows: Array(rows.prefix(rankedLimit)), ranked: true)
    }

    static func median(_ values: [Int]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Which hard stops hold in a set of answers, built once per checklist definition: the store
/// runs it over thousands of versions, so the item index is made once, not per analysis.
public struct HardStopCheck: Sendable {
    let checklist: Checklist
    let index: [String: (section: Section, item: Item)]
    let rules: [Rule]

    public init(checklist: Checklist) {
        self.checklist = checklist
        self.index = checklist.itemIndex
        self.rules = checklist.rules.filter { $0.kind == .hardStop }
    }

    /// The items a hard stop's truth depends on: those its conditions read, and those that decide
    /// whether they are shown (a hidden item counts as unanswered), transitively.
    public var itemIDs: Set<String> {
        var needed: Set<String> = []
        var queue = rules.flatMap(\.when.itemIDs)
        while let id = queue.popLast() {
            guard needed.insert(id).inserted else { continue }
            if let (section, item) = index[id] {
                queue += section.showWhen?.itemIDs ?? []
                queue += item.showWhen?.itemIDs ?? []
            }
        }
        return needed
    }

    public func met(_ answers: Answers) -> Set<String> {
        guard !rules.isEmpty else { return [] }
        let context = ConditionContext(checklist: checklist, answers: answers, index: index)
        return Set(rules.filter { context.holds($0.when, entry: nil) }.map(\.id))
    }
}

extension ConditionContext {
    init(checklist: Checklist, answers: Answers, index: [String: (section: Section, item: Item)]) {
        self.checklist = checklist
        self.answers = answers
        self.index = index
    }
}
