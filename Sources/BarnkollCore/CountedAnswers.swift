/// What the yearly indicators count of one analysis's latest frozen answers, and nothing more:
/// choices by their value, dates as day numbers, of a free text only whether it was written, of a
/// child only the age and how the decision touches them.
///
/// Plain fields rather than a dictionary of answers: a year's indicators go through some 60,000
/// of these, and building, hashing into and freeing a dictionary per analysis was most of their
/// time (measured: 1.7–1.9 → 0.75 s a year at 100,000 analyses, docs/benchmarks-history.md,
/// "Indicators").
public struct CountedAnswers: Sendable, Hashable {
    public struct Child: Sendable, Hashable {
        public var age: Int?
        /// "direct" or "indirect" as answered; anything else counts as unknown.
        public var effect: String?
        /// The child's own voice, where the definition asks it for each child (version 5 on):
        /// the values of `heard`, `informed`, `not_heard_reason` and `differs_from_view`.
        public var heard: String?
        public var informed: String?
        public var notHeardReason: String?
        public var differsFromView: String?
        /// Whether the reasons for deciding against this child's view were written.
        public var differsReasons = false
        /// "yes" (lives in the household), "no", or "contact_visits" (visits), as answered.
        public var household: String?
        /// Whether the child's views were written in the child's own words, or, for a child not
        /// heard, how the child's position was found out otherwise (only that it was written).
        public var viewsWritten = false
        public var positionWritten = false

        public init(age: Int? = nil, effect: String? = nil, heard: String? = nil, informed: String? = nil,
                    notHeardReason: String? = nil, differsFromView: String? = nil, differsReasons: Bool = false,
                    household: String? = nil, viewsWritten: Bool = false, positionWritten: Bool = false) {
            self.age = age
            self.effect = effect
            self.heard = heard
            self.informed = informed
            self.notHeardReason = notHeardReason
            self.differsFromView = differsFromView
            self.differsReasons = differsReasons
            self.household = household
            self.viewsWritten = viewsWritten
            self.positionWritten = positionWritten
        }

        /// Whether what the child thinks is documented: in the child's own words, or for a child not
        /// heard, how the child's position was found out otherwise.
        var viewDocumented: Bool { heard == "no" ? positionWritten : heard != nil && viewsWritten }

        /// The fields a stored row keeps of a child, in order (IndicatorCounts); of the free texts
        /// (`writtenFields`) only that they were written.
        public static let storedFields = ["age", "effect", "heard", "informed", "not_heard_reason", "differs_from_view",
                                          "differs_reasons", "lives_in_household", "views_own_words", "position_otherwise"]
        public static let writtenFields: Set<String> = ["differs_reasons", "views_own_words", "position_otherwise"]

        /// A child from its stored fields, in `storedFields`' order; rows made before the voice
        /// was asked per child have only the first two, rows made before the household was
        /// counted (issue 22) only the first seven, and rows made before the documented views were
        /// (v18-indicator-extras) only the first eight.
        public init(stored fields: [String?]) {
            func field(_ index: Int) -> String? {
                guard index < fields.count, let value = fields[index], !value.isEmpty else { return nil }
                return value
            }
            self.init(age: field(0).flatMap { Int($0) }, effect: field(1), heard: field(2), informed: field(3),
                      notHeardReason: field(4), differsFromView: field(5), differsReasons: field(6) != nil,
                      household: field(7), viewsWritten: field(8) != nil, positionWritten: field(9) != nil)
        }
    }

    public var depth: String?
    public var heard: String?
    public var notHeardReason: String?
    public var informed: String?
    public var inLine: String?
    public var differsFromView: String?
    /// Whether the reasons for deciding against the child's view were written.
    public var differsReasons = false
    public var concern: String?
    public var reportMade: String?
    /// Whether the best-interest assessment was written (only that it was).
    public var bestInterest = false
    /// Analyses made before the voice was asked per child: whether the child's views, or how the
    /// child's position was found out otherwise, were written.
    public var viewsWritten = false
    public var positionWritten = false
    /// Whether budget or guidelines were named among the interests conflicting with the child's.
    public var budgetOrGuidelines = false
    /// Whether the child or the family needed an interpreter, and who interpreted (`interpreter`).
    public var interpreter: String?
    /// A group analysis's kind of decision and whether children were asked (issue 22).
    public var decisionType: String?
    /// The kind of decision about one case, from the unit's list (`DecisionKinds`).
    public var decisionKind: String?
    public var consulted: String?
    /// How many compensatory measures were planned.
    public var compensatoryMeasures = 0
    /// Days since 1970-01-01 (`ISODate.dayNumber`).
    public var feedbackPlanned: Int?
    public var feedbackDone: Int?
    public var followUp: Int?
    public var followUpDone: Int?
    public var children: [Child] = []
    /// The other articles named, each once.
    public var articles: [String] = []
    /// A barnchecklista's answers to its Ja / Nej / Ej aktuellt questions (issue 22).
    public var checks: [Check] = []

    public struct Check: Sendable, Hashable {
        public var item: String
        /// `yes`, `no` or `na`.
        public var value: String

        public init(item: String, value: String) {
            self.item = item
            self.value = value
        }
    }

    /// The Ja / Nej / Ej aktuellt questions of a child checklist, whose answers `checks` keeps
    /// (none of other checklists: only the child checklist's are counted).
    public static func checkItemIDs(_ checklist: Checklist) -> [String] {
        guard checklist.id == Indicators.childChecklist else { return [] }
        return checklist.allItems.filter { $0.type == .yesNoNA }.map(\.id)
    }

    /// Keeps the answers to `items` (`checkItemIDs` of the analysis's definition).
    public mutating func takeChecks(_ answers: Answers, items: [String]) {
        for item in items {
            if case .text(let value)? = answers[item], !value.isEmpty { checks.append(Check(item: item, value: value)) }
        }
        checks.sort { $0.item < $1.item }
    }
    /// The life areas judged negative, as the item id's middle (`family` of `fact_family_impact`),
    /// in the checklist's order.
    public var negativeAreas: [String] {
        get { Self.areas.indices.filter { negativeAreaBits & (1 << $0) != 0 }.map { Self.areas[$0] } }
        set { negativeAreaBits = newValue.reduce(0) { bits, name in bits | (Self.areas.firstIndex(of: name).map { 1 << $0 } ?? 0) } }
    }
    /// One bit per area of `areas`: no array per analysis, and the same whatever the answers' order.
    private var negativeAreaBits: UInt32 = 0

    public init() {}

    /// The counted part of whole answers: what the store's indicator rows give for the same answers.
    public init(_ answers: Answers) {
        for (id, field) in Self.scalarFields {
            guard case .text(var text)? = answers[id] else { continue }
            text.withUTF8 { take(field, value: $0) }
        }
        if case .entries(let entries)? = answers["children"] {
            children = entries.map { entry in
                let age: Int? = switch entry["age"] {
                case .number(let age)?: age
                case .text(let text)?: Int(text)
                default: nil
                }
                return Child(age: age, effect: entry["effect"]?.text, heard: entry["heard"]?.text,
                             informed: entry["informed"]?.text, notHeardReason: entry["not_heard_reason"]?.text,
                             differsFromView: entry["differs_from_view"]?.text,
                             differsReasons: !(entry["differs_reasons"]?.isEmpty ?? true),
                             household: entry["lives_in_household"]?.text,
                             viewsWritten: !(entry["views_own_words"]?.isEmpty ?? true),
                             positionWritten: !(entry["position_otherwise"]?.isEmpty ?? true))
            }
        }
        takeVoiceFromChildren()
        if case .choices(let values)? = answers["conflicts"] {
            budgetOrGuidelines = values.contains { Self.budgetOrGuidelinesValues.contains($0) }
        }
        if case .entries(let entries)? = answers["other_articles"] {
            for article in entries.compactMap({ $0["article"]?.text }) { addArticle(article) }
        }
        if case .entries(let entries)? = answers["compensatory_measures"] { compensatoryMeasures = entries.count }
    }

    /// Where the voice is asked for each child, the analysis counts as the children together did,
    /// until the indicators count each child (issue 22): heard in the most direct way any child
    /// was, or not heard with the first child's reason; informed only if every child was; against
    /// the child's view if it went against any child's.
    public mutating func takeVoiceFromChildren() {
        guard heard == nil, informed == nil, differsFromView == nil, children.contains(where: { $0.heard != nil }) else { return }
        // One pass over the children, no arrays (every row with children comes here).
        var firstHeard: String?
        var heardRank = Self.heardOrder.count
        var firstReason: String?
        var anyInformed = false
        var informedNo = false
        var differsRank = Self.differsOrder.count
        var anyReasons = false
        for child in children {
            if let value = child.heard {
                if firstHeard == nil { firstHeard = value }
                if let rank = Self.heardOrder.firstIndex(of: value), rank < heardRank { heardRank = rank }
            }
            if firstReason == nil { firstReason = child.notHeardReason }
            if let value = child.informed {
                anyInformed = true
                if value == "no" { informedNo = true }
            }
            if let value = child.differsFromView, let rank = Self.differsOrder.firstIndex(of: value), rank < differsRank {
                differsRank = rank
            }
            if child.differsReasons { anyReasons = true }
        }
        heard = heardRank < Self.heardOrder.count ? Self.heardOrder[heardRank] : firstHeard
        if heard == "no" { notHeardReason = firstReason }
        informed = anyInformed ? (informedNo ? "no" : "yes") : nil
        differsFromView = differsRank < Self.differsOrder.count ? Self.differsOrder[differsRank] : nil
        differsReasons = differsReasons || anyReasons
    }

    /// Heard in the most direct way any child was; against the child's view if against any child's.
    private static let heardOrder = ["directly", "in_writing", "via_representative", "no"]
    private static let differsOrder = ["yes", "partly", "no", "unknown"]

    /// One scalar answer by its item id, both as UTF-8 bytes; items not counted are left alone.
    /// Returns whether the item is counted.
    @discardableResult
    public mutating func take(item: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let index = Self.scalarKeys.index(of: item) else { return false }
        take(Self.scalarFields[index].field, value: value)
        return true
    }

    /// The options of `conflicts` that weigh budget or guidelines against the child's interest.
    static let budgetOrGuidelinesValues: Set<String> = ["child_budget", "child_guidelines"]
    /// The same as they stand in a stored JSON list, quoted.
    static let budgetOrGuidelinesQuoted: [[UInt8]] = budgetOrGuidelinesValues.sorted().map { Array("\"\($0)\"".utf8) }

    static func bytes(_ haystack: UnsafeBufferPointer<UInt8>, contain needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, needle.indices.allSatisfy({ haystack[index + $0] == needle[$0] }) { return true }
            index += 1
        }
        return false
    }

    /// What a case documents of the three things Helsingborg's plan asks of every case: the best
    /// interest, the child's view, and how the child took part. Nil for a case without children.
    public struct Documented: Sendable, Hashable {
        public var bestInterest: Bool
        public var view: Bool
        public var participation: Bool
        public var all: Bool { bestInterest && view && participation }

        public init(bestInterest: Bool, view: Bool, participation: Bool) {
            self.bestInterest = bestInterest
            self.view = view
            self.participation = participation
        }
    }

    /// An impact analysis: the best interest written; each child's view in the child's own words
    /// (or, for a child not heard, how the position was found out); whether each child was
    /// informed and heard recorded. Analyses that asked the voice once for all children are read
    /// through those answers. A child checklist: its answers Ja to "the file says the best
    /// interest", "the child's views are in the file", and "the child expressed views" (or "the
    /// file says why not, and how they were found out otherwise").
    public func documented(childChecklist: Bool) -> Documented? {
        guard !children.isEmpty else { return nil }
        if childChecklist {
            func yes(_ item: String) -> Bool { checks.contains { $0.item == item && $0.value == "yes" } }
            return Documented(bestInterest: yes("best_interest_stated"), view: yes("views_recorded"),
                              participation: yes("heard") || yes("heard_otherwise"))
        }
        let perChild = children.contains { $0.heard != nil }
        return Documented(
            bestInterest: bestInterest,
            view: perChild ? children.allSatisfy(\.viewDocumented) : (heard == "no" ? positionWritten : heard != nil && viewsWritten),
            participation: perChild ? children.allSatisfy { $0.heard != nil && $0.informed != nil } : heard != nil && informed != nil)
    }

    public mutating func addArticle(_ article: String) {
        if !article.isEmpty, !articles.contains(article) { articles.append(article) }
    }

    // MARK: - Scalar items

    enum Field: Sendable {
        case depth, heard, notHeardReason, informed, inLine, differsFromView, differsReasons, concern, reportMade
        case bestInterest, viewsWritten, positionWritten, conflicts, interpreter
        case decisionType, decisionKind, consulted
        case feedbackPlanned, feedbackDone, followUp, followUpDone
        case area(Int)
    }

    static let scalarFields: [(id: String, field: Field)] = [
        ("depth", .depth), ("heard", .heard), ("not_heard_reason", .notHeardReason), ("informed", .informed),
        ("in_line", .inLine), ("differs_from_view", .differsFromView), ("differs_reasons", .differsReasons),
        ("concern", .concern), ("report_made", .reportMade), ("decision_type", .decisionType),
        ("decision_kind", .decisionKind), ("consulted", .consulted),
        ("best_interest", .bestInterest), ("views_own_words", .viewsWritten), ("position_otherwise", .positionWritten),
        ("conflicts", .conflicts), ("interpreter", .interpreter),
        ("feedback_planned_date", .feedbackPlanned), ("feedback_done_date", .feedbackDone),
        ("follow_up_date", .followUp), ("follow_up_done_date", .followUpDone),
    ] + Indicators.areaItemIDs.indices.map { (Indicators.areaItemIDs[$0], .area($0)) }

    static let areas = Indicators.areaItemIDs.map { String($0.dropFirst(5).dropLast(7)) }

    static let scalarKeys = ByteKeys(scalarFields.map(\.id))
    static let negative = ByteKeys(["negative"])

    /// The scalar items counted; groups (children, articles, measures) are read apart.
    public static var scalarItemIDs: [String] { scalarFields.map(\.id) }
    /// The groups counted (`init(_:)`): with `scalarItemIDs`, every item whole answers are read for.
    public static let groupItemIDs = ["children", "conflicts", "other_articles", "compensatory_measures"]

    private mutating func take(_ field: Field, value: UnsafeBufferPointer<UInt8>) {
        // An answer of only blanks counts as none, as everywhere else.
        guard !Self.isBlank(value) else { return }
        func text() -> String { String(decoding: value, as: UTF8.self) }
        switch field {
        case .depth: depth = text()
        case .heard: heard = text()
        case .notHeardReason: notHeardReason = text()
        case .informed: informed = text()
        case .inLine: inLine = text()
        case .differsFromView: differsFromView = text()
        case .differsReasons: differsReasons = true
        case .concern: concern = text()
        case .reportMade: reportMade = text()
        case .bestInterest: bestInterest = true
        case .viewsWritten: viewsWritten = true
        case .positionWritten: positionWritten = true
        // A stored row keeps the choices as their JSON array (IndicatorCounts); whole answers
        // give them apart, in `init(_:)`.
        case .conflicts:
            // Searched in the bytes: Foundation's `contains` on a String went through NSString and
            // a locale, for every row.
            budgetOrGuidelines = budgetOrGuidelines || Self.budgetOrGuidelinesQuoted.contains { Self.bytes(value, contain: $0) }
        case .interpreter: interpreter = text()
        case .decisionType: decisionType = text()
        case .decisionKind: decisionKind = text()
        case .consulted: consulted = text()
        case .feedbackPlanned: feedbackPlanned = ISODate.dayNumber(utf8: value)
        case .feedbackDone: feedbackDone = ISODate.dayNumber(utf8: value)
        case .followUp: followUp = ISODate.dayNumber(utf8: value)
        case .followUpDone: followUpDone = ISODate.dayNumber(utf8: value)
        case .area(let index): if Self.negative.index(of: value) != nil { negativeAreaBits |= 1 << index }
        }
    }

    private static func isBlank(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if value.allSatisfy({ $0 < 0x80 }) { return value.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) } }
        return String(decoding: value, as: UTF8.self).allSatisfy(\.isWhitespace)
    }
}
