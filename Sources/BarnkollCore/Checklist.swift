/// The language a person reads barnkoll in. Swedish is the default.
public enum Language: String, Sendable, Codable, CaseIterable {
    case sv, en

    /// Picks the language from a `LANG`-style value: English only when it clearly says so.
    public static func fromLocale(_ value: String?) -> Language {
        guard let value, value.lowercased().hasPrefix("en") else { return .sv }
        return .en
    }
}

/// A text a user reads, in Swedish and (optionally) English.
public struct Localized: Sendable, Hashable, Codable {
    public var sv: String
    public var en: String?

    public init(sv: String, en: String? = nil) {
        self.sv = sv
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .sv: sv
        case .en: en ?? sv
        }
    }
}

public enum ItemType: String, Sendable, Codable, CaseIterable {
    case text
    case longText = "long_text"
    case choice
    case multiChoice = "multi_choice"
    case yesNoNA = "yes_no_na"
    case date
    case number
    case group

    public var isText: Bool { self == .text || self == .longText }
}

public struct ChoiceOption: Sendable, Hashable, Codable {
    public var value: String
    public var label: Localized

    public init(value: String, label: Localized) {
        self.value = value
        self.label = label
    }
}

/// When an item is shown or required, or when a rule applies.
public indirect enum Condition: Sendable, Hashable {
    case equals(item: String, value: String)
    case oneOf(item: String, values: [String])
    case answered(item: String, Bool)
    case fewerThan(item: String, count: Int)
    case sameTextAs(item: String, other: String)
    case daysAfter(item: String, other: String, moreThan: Int)
    /// Number `item` is less than number `other` ("age to" below "age from").
    case lessThan(item: String, other: String)
    /// Some entry of the group answers the condition, its sub-items read within that one entry
    /// ("the option proposed is one that weakens a right").
    case someEntry(group: String, where: Condition)
    case not(Condition)
    case all([Condition])
    case any([Condition])

    /// The item a single test reads first; nil for `not`, `all` and `any`.
    public var leafItem: String? {
        switch self {
        case .equals(let item, _), .oneOf(let item, _), .answered(let item, _), .fewerThan(let item, _),
             .sameTextAs(let item, _), .daysAfter(let item, _, _), .lessThan(let item, _):
            item
        case .someEntry, .not, .all, .any:
            nil
        }
    }

    /// Every item id the condition reads.
    public var itemIDs: [String] {
        switch self {
        case .equals(let item, _), .oneOf(let item, _), .answered(let item, _), .fewerThan(let item, _):
            [item]
        case .sameTextAs(let item, let other), .daysAfter(let item, let other, _), .lessThan(let item, let other):
            [item, other]
        case .someEntry(let group, let inner):
            [group] + inner.itemIDs
        case .not(let inner):
            inner.itemIDs
        case .all(let conditions), .any(let conditions):
            conditions.flatMap(\.itemIDs)
        }
    }
}

public enum Requirement: Sendable, Hashable {
    case never
    case always
    case when(Condition)
}

public struct Quality: Sendable, Hashable {
    public var minWords: Int?
    public var placeholders: [String]

    public init(minWords: Int? = nil, placeholders: [String] = []) {
        self.minWords = minWords
        self.placeholders = placeholders
    }
}

public struct Item: Sendable, Hashable {
    public var id: String
    public var type: ItemType
    public var prompt: Localized
    public var help: Localized?
    public var required: Requirement
    public var showWhen: Condition?
    public var articles: [Int]
    public var references: [String]
    public var starred: Bool
    public var options: [ChoiceOption]
    public var min: Int?
    public var max: Int?
    public var quality: Quality
    /// Sub-items of a repeatable group, answered once per entry.
    public var items: [Item]
    /// For a group repeated for each entry of another group (each child's voice for each child):
    /// that group's id. Its sub-items are answered in that group's entries; it has no answer of its own.
    public var each: String?
    /// Of a group other groups are repeated for: their sub-items, which its entries also hold.
    public var repeatedItems: [Item] = []
    /// Everything an entry of this group may hold: its sub-items and those repeated for it.
    public var entryItems: [Item] { items + repeatedItems }

    public init(
        id: String, type: ItemType, prompt: Localized, help: Localized? = nil,
        required: Requirement = .never, showWhen: Condition? = nil, articles: [Int] = [],
        references: [String] = [], starred: Bool = false, options: [ChoiceOption] = [],
        min: Int? = nil, max: Int? = nil, quality: Quality = Quality(), items: [Item] = [], each: String? = nil
    ) {
        self.id = id
        self.type = type
        self.prompt = prompt
        self.help = help
        self.required = required
        self.showWhen = showWhen
        self.articles = articles
        self.references = references
        self.starred = starred
        self.options = options
        self.min = min
        self.max = max
        self.quality = quality
        self.items = items
        self.each = each
    }

    /// The values a choice-like item can take.
    public var allowedValues: [String]? {
        switch type {
        case .choice, .multiChoice: options.map(\.value)
        case .yesNoNA: YesNoNA.allCases.map(\.rawValue)
        default: nil
        }
    }

    public func label(for value: String, _ language: Language) -> String {
        if type == .yesNoNA, let answer = YesNoNA(rawValue: value) {
            return answer.label.text(language)
        }
        return options.first { $0.value == value }?.label.text(language) ?? value
    }
}

public enum YesNoNA: String, Sendable, CaseIterable {
    case yes, no, na

    public var label: Localized {
        switch self {
        case .yes: Localized(sv: "Ja", en: "Yes")
        case .no: Localized(sv: "Nej", en: "No")
        case .na: Localized(sv: "Ej aktuellt", en: "Not applicable")
        }
    }
}

public enum FilledBy: String, Sendable, Hashable {
    case caseworker, supervisor
}

public struct Section: Sendable, Hashable {
    public var id: String
    public var title: Localized
    public var help: Localized?
    public var showWhen: Condition?
    public var filledBy: FilledBy
    public var items: [Item]
}

public enum RuleKind: String, Sendable, Hashable, CaseIterable {
    /// While it holds the analysis is incomplete.
    case missing
    /// A quality warning; never blocks.
    case warning
    /// Blocks submission until a supervisor overrides it with a written reason.
    case hardStop = "hard_stop"
}

public struct Rule: Sendable, Hashable {
    public var id: String
    public var kind: RuleKind
    public var item: String?
    public var when: Condition
    public var message: Localized
    /// A few words naming the rule where its message would not fit: a column of the supervisor's
    /// follow-up list. Optional; without it the rule is named by its id.
    public var title: Localized?
}

/// When an analysis may close as not applicable, and which item holds the reason.
public struct NotApplicable: Sendable, Hashable {
    public var when: Condition
    public var reasonItem: String
}

/// A checklist definition, loaded from YAML.
public struct Checklist: Sendable, Hashable {
    /// The analysis of a decision about children as a group (issue 22): it names no child, anyone
    /// in the administration reads it, any supervisor or admin but its author reviews it, and text
    /// that looks like a personnummer is refused in it. Known by its id, as the stores know it
    /// (PostgreSQL's `group_checklist()`); a unit's own version keeps the id.
    public static let groupAnalysisID = "gruppanalys"

    public var id: String
    public var version: Int
    public var idPrefix: String
    public var title: Localized
    public var description: Localized?
    public var placeholders: [String]
    public var notApplicable: NotApplicable?
    public var sections: [Section]
    public var rules: [Rule]
    /// The YAML text it was loaded from; stored with every analysis made with it.
    public var source: String

    /// Top-level items by id, with their section.
    public var itemIndex: [String: (section: Section, item: Item)] {
        var index: [String: (section: Section, item: Item)] = [:]
        for section in sections {
            for item in section.items { index[item.id] = (section, item) }
        }
        return index
    }

    public func item(_ id: String) -> Item? {
        for section in sections {
            if let item = section.items.first(where: { $0.id == id }) { return item }
        }
        return nil
    }

    public func section(containing itemID: String) -> Section? {
        sections.first { $0.items.contains { $0.id == itemID } }
    }

    public var allItems: [Item] { sections.flatMap(\.items) }

    /// Definitions each once, in the order they first come: a checklist's version names one
    /// definition (a bulk read's definitions, an export's columns).
    public static func eachOnce(_ definitions: some Sequence<Checklist>) -> [Checklist] {
        var seen: Set<String> = []
        return definitions.filter { seen.insert("\($0.id)\u{0}\($0.version)").inserted }
    }

    /// The definitions of these analyses, each once, in the order of first use.
    public static func firstUsed(_ analyses: some Collection<Analysis>) -> [Checklist] {
        eachOnce(analyses.lazy.map(\.checklist))
    }

    /// The group that asks `id` in its entries, when `id` is not an item of a section (a question
    /// asked for each child is opened at the first child's).
    public func groupAsking(_ id: String) -> Item? {
        item(id) == nil ? allItems.first { $0.items.contains { $0.id == id } } : nil
    }

    /// The item whose answer holds a group's entries: the group itself, or the group it is repeated for.
    public func entriesItem(of id: String) -> String {
        item(id)?.each ?? id
    }

    /// The entries a group shows: its own, or those of the group it is repeated for.
    public func entries(of id: String, in answers: Answers) -> [[String: AnswerValue]] {
        if case .entries(let entries)? = answers[entriesItem(of: id)] { return entries }
        return []
    }

    /// The group that asks `key` in an entry stored under `storage`: the group itself, or one
    /// repeated for it (for a path to what people see).
    public func group(asking key: String, storedIn storage: String) -> String {
        guard let group = item(storage), !group.items.contains(where: { $0.id == key }) else { return storage }
        return allItems.first { $0.each == storage && $0.items.contains { $0.id == key } }?.id ?? storage
    }

    /// A question as people find it: its prompt, and for a question in a group's entry, the entry
    /// before it: the entry's name ("Bo · Fick barnet …", "Bo · Ålder"), otherwise the group's
    /// prompt ("Barnen som berörs · Alias").
    public func prompt(at path: ItemPath, in answers: Answers, _ language: Language) -> String {
        guard let group = item(path.item) else { return path.item }
        guard let id = path.subItem, let sub = group.items.first(where: { $0.id == id }) else { return group.prompt.text(language) }
        let name = path.entry.flatMap { entryName(of: group.id, at: $0, beside: id, in: answers, language) } ?? group.prompt.text(language)
        return name + " · " + sub.prompt.text(language)
    }

    /// The name of entry `index` of a group, shown beside its field `field`: for a group asked for
    /// each entry of another, that entry's name ("Alva"); for any other group, the entry's own first
    /// answer ("Alva" beside "Ålder"). nil where the entry has no name yet, beside the field that
    /// names it, or for an entry that is not there.
    public func entryName(of group: String, at index: Int, beside field: String? = nil, in answers: Answers,
                          _ language: Language) -> String? {
        guard let item = item(group) else { return nil }
        let entries = entries(of: group, in: answers)
        guard entries.indices.contains(index) else { return nil }
        let entry = entries[index]
        if let base = item.each { return entryName(entry, number: index + 1, of: base, language) }
        // Named by its own first answer only once there is one, and not beside that field itself.
        guard let first = item.items.first, first.id != field, entry[first.id]?.isEmpty == false else { return nil }
        return entryName(entry, number: index + 1, of: group, language)
    }

    /// How an entry of a group is named where another group is repeated for it: its first
    /// sub-item's answer ("Alva"), or its number.
    public func entryName(_ entry: [String: AnswerValue], number: Int, of group: String, _ language: Language) -> String {
        let first = item(group)?.items.first
        if let first, let value = entry[first.id], !value.isEmpty {
            return AnalysisDocument.display(value, item: first, language: language)
        }
        return (language == .sv ? "Post " : "Entry ") + String(number)
    }

    /// The items that answer the analysis's case reference (a diary number for a group), where
    /// the checklist has them: the case reference follows what they are saved as.
    public static let caseReferenceItemIDs: Set<String> = ["case_ref", "diary_number"]
    /// The item that names the unit an analysis is filed under.
    public static let unitItemID = "unit"

    public func isCaseReferenceItem(_ id: String) -> Bool {
        Self.caseReferenceItemIDs.contains(id) && item(id) != nil
    }

    /// An analysis's case reference and unit also answer the checklist's items of those names,
    /// unless the answers already do. A decision about children as a group has a diary number
    /// where a case has its reference.
    public func withCaseAnswers(caseRef: String?, unit: String?, into answers: Answers) -> Answers {
        var answers = answers
        for (id, value) in Self.caseReferenceItemIDs.sorted().map({ ($0, caseRef) }) + [(Self.unitItemID, unit)] {
            guard let value, !value.isEmpty, item(id) != nil, answers[id] == nil else { continue }
            answers[id] = .text(value)
        }
        return answers
    }
}

/// A legal reference, shown to users by the institution's name.
/// A rule of law a question rests on, from `checklists/references.yaml`: the institution and the
/// law in force are always shown; the paragraph only once someone has compared it with the law's
/// text (`verified`, `checked`, `source`), so a document never cites a guessed or repealed one.
public struct LegalReference: Sendable, Hashable {
    public var id: String
    public var institution: Localized
    /// The law in force, by name: "socialtjänstlagen (2025:400)".
    public var law: Localized
    /// The paragraph in the law in force ("1 § femte stycket"), shown only when verified.
    public var section: String?
    public var verified: Bool
    /// When the paragraph was compared with the law's text, and where.
    public var checked: String?
    public var source: String?
    /// The citation before a law was replaced, for history; never shown as the law in force.
    public var repealed: String?
    /// Why no question cites it any more: kept so older checklists load, never shown.
    public var withdrawn: String?

    public init(id: String, institution: Localized, law: Localized, section: String?, verified: Bool,
                checked: String?, source: String?, repealed: String?, withdrawn: String? = nil) {
        self.id = id
        self.institution = institution
        self.law = law
        self.section = section
        self.verified = verified
        self.checked = checked
        self.source = source
        self.repealed = repealed
        self.withdrawn = withdrawn
    }

    /// "Barnets bästa, socialtjänstlagen (2025:400)"; with a verified paragraph
    /// "Barnets bästa avgörande vid beslut enligt LVU, 1 § femte stycket lagen (1990:52) …".
    public func display(_ language: Language) -> String {
        let where_ = verified ? section.map { "\($0) " } ?? "" : ""
        return "\(institution.text(language)), \(where_)\(law.text(language))"
    }
}

extension Checklist {
    /// A rule as a list or a document names it: its title, or its id without one.
    public func ruleName(_ rule: String, _ language: Language) -> String {
        rules.first { $0.id == rule }?.title?.text(language) ?? rule
    }
}
