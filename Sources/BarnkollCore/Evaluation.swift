/// Where in an analysis something applies: an item, or a sub-item in one entry of a group.
public struct ItemPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var item: String
    /// The entry of a group, counted from 0.
    public var entry: Int?
    public var subItem: String?

    public init(item: String, entry: Int? = nil, subItem: String? = nil) {
        self.item = item
        self.entry = entry
        self.subItem = subItem
    }

    /// `children[2].age` counts entries from 1, as people do.
    public var description: String {
        guard let entry else { return item }
        return subItem.map { "\(item)[\(entry + 1)].\($0)" } ?? "\(item)[\(entry + 1)]"
    }

    public static func < (lhs: ItemPath, rhs: ItemPath) -> Bool { lhs.description < rhs.description }
}

public struct MissingItem: Sendable, Hashable {
    public var path: ItemPath
    public var section: String
    /// Why it is required, for people.
    public var reason: Localized
    /// The rule that makes it missing, when one does.
    public var rule: String?
}

public enum WarningKind: String, Sendable, Hashable, Codable {
    case placeholder
    case tooShort = "too_short"
    case personnummer
    case rule
}

public struct QualityWarning: Sendable, Hashable {
    public var path: ItemPath
    public var kind: WarningKind
    public var message: Localized
    public var rule: String?
}

public struct HardStop: Sendable, Hashable {
    public var rule: String
    public var item: String?
    public var message: Localized
    public var overridden: Bool
}

public struct SectionProgress: Sendable, Hashable {
    public var answered: Int
    public var required: Int
    public var isComplete: Bool { answered >= required }

    public init(answered: Int, required: Int) {
        self.answered = answered
        self.required = required
    }
}

/// What the engine says about one analysis: what is shown, required, missing and warned about.
public struct Evaluation: Sendable {
    public var visibleSections: [String]
    public var visibleItems: Set<String>
    public var requiredItems: Set<String>
    public var missing: [MissingItem]
    public var warnings: [QualityWarning]
    public var hardStops: [HardStop]
    /// No child is affected and the reason is given: the analysis may close as not applicable.
    public var closesAsNotApplicable: Bool
    public var progress: [String: SectionProgress]

    public var blockingHardStops: [HardStop] { hardStops.filter { !$0.overridden } }
    public var canSubmit: Bool { missing.isEmpty && blockingHardStops.isEmpty }
}

/// The worksheet engine: pure, given a checklist and answers.
public struct Worksheet: Sendable {
    public var checklist: Checklist
    public var answers: Answers

    public init(checklist: Checklist, answers: Answers) {
        self.checklist = checklist
        self.answers = answers
    }

    /// - Parameters:
    ///   - overrides: hard-stop rules a supervisor has overridden.
    ///   - role: whose sections count: a caseworker is not asked for the supervisor's review section.
    public func evaluate(overrides: Set<String> = [], role: FilledBy = .caseworker) -> Evaluation {
        let context = ConditionContext(checklist: checklist, answers: answers)
        let placeholders = placeholderKeys()
        var visibleSections: [String] = []
        var visibleItems: Set<String> = []
        var requiredItems: Set<String> = []
        var missing: [MissingItem] = []
        var warnings: [QualityWarning] = []
        var progress: [String: SectionProgress] = [:]

        for section in checklist.sections {
            guard context.isVisible(section: section) else { continue }
            visibleSections.append(section.id)
            var sectionProgress = SectionProgress(answered: 0, required: 0)
            let counts = section.filledBy == role
            for item in section.items where context.isVisible(item: item.id) {
                visibleItems.insert(item.id)
                if item.each != nil {
                    // Repeated for each entry of another group: required as its entries are, and
                    // answered when no entry lacks anything.
                    let before = missing.count
                    var asks = false
                    for (index, entry) in checklist.entries(of: item.id, in: answers).enumerated() {
                        let required = context.requiredSubItems(of: item, entry: entry)
                        asks = asks || !required.isEmpty
                        if counts { missing += missingItems(required, of: item, entry: (index, entry), section: section.id, context: context) }
                        warnings += qualityWarnings(of: item, entry: entry, index: index, context: context, placeholders: placeholders)
                    }
                    if counts, asks {
                        requiredItems.insert(item.id)
                        sectionProgress.required += 1
                        if missing.count == before { sectionProgress.answered += 1 }
                    }
                    continue
                }
                let value = answers[item.id].flatMap { $0.isEmpty ? nil : $0 }
                if context.requires(item.required, entry: nil) {
                    requiredItems.insert(item.id)
                    if counts {
                        sectionProgress.required += 1
                        if value == nil {
                            // Why it is required is put in words only for what is missing.
                            missing.append(MissingItem(path: ItemPath(item: item.id), section: section.id,
                                                       reason: context.reason(item.required, entry: nil)))
                        } else {
                            sectionProgress.answered += 1
                        }
                    }
                }
                if case .entries(let entries)? = value {
                    for (index, entry) in entries.enumerated() {
                        if counts {
                            missing += missingItems(context.requiredSubItems(of: item, entry: entry), of: item, entry: (index, entry),
                                                    section: section.id, context: context)
                        }
                        warnings += qualityWarnings(of: item, entry: entry, index: index, context: context, placeholders: placeholders)
                    }
                } else if item.type.isText, let text = value?.text {
                    warnings += qualityWarnings(text, item: item, path: ItemPath(item: item.id), placeholders: placeholders)
                }
            }
            progress[section.id] = sectionProgress
        }

        var hardStops: [HardStop] = []
        for rule in checklist.rules {
            let paths = context.places(rule.when, item: rule.item)
            guard !paths.isEmpty else { continue }
            switch rule.kind {
            case .missing:
                let section = checklist.section(containing: paths[0].item)?.id ?? ""
                // Listed with its section, after what else that section lacks: the list keeps the
                // checklist's order, as the worksheet's list and a refused submission read it.
                func rank(_ id: String) -> Int { checklist.sections.firstIndex { $0.id == id } ?? Int.max }
                let at = missing.lastIndex { rank($0.section) <= rank(section) }.map { $0 + 1 } ?? 0
                missing.insert(contentsOf: paths.map { MissingItem(path: $0, section: section, reason: rule.message, rule: rule.id) },
                               at: at)
            case .warning:
                warnings += paths.map { QualityWarning(path: $0, kind: .rule, message: rule.message, rule: rule.id) }
            case .hardStop:
                hardStops.append(HardStop(rule: rule.id, item: rule.item, message: rule.message,
                                          overridden: overrides.contains(rule.id)))
            }
        }
        warnings += personnummerWarnings()

        var closes = false
        if let notApplicable = checklist.notApplicable, context.holds(notApplicable.when, entry: nil) {
            closes = context.value(notApplicable.reasonItem, entry: nil) != nil
        }
        return Evaluation(visibleSections: visibleSections, visibleItems: visibleItems, requiredItems: requiredItems,
                          missing: missing, warnings: warnings, hardStops: hardStops,
                          closesAsNotApplicable: closes, progress: progress)
    }

    /// The sub-items of a group shown in one entry, with whether each is required there.
    public func subItems(of group: Item, entry: [String: AnswerValue]) -> [(item: Item, required: Bool)] {
        let context = ConditionContext(checklist: checklist, answers: answers)
        return group.items.filter { context.isVisible(sub: $0, in: group.id, entry: entry) }.map {
            ($0, context.requires($0.required, entry: (group.id, entry)))
        }
    }

    /// The required sub-items of one entry that are not answered.
    func missingItems(_ required: [(item: Item, answered: Bool)], of group: Item, entry: (index: Int, values: [String: AnswerValue]),
                      section: String, context: ConditionContext) -> [MissingItem] {
        required.filter { !$0.answered }.map {
            MissingItem(path: ItemPath(item: group.id, entry: entry.index, subItem: $0.item.id), section: section,
                        reason: context.reason($0.item.required, entry: (group.id, entry.values)))
        }
    }

    /// Placeholder and too-short warnings for the texts of one entry of a group.
    func qualityWarnings(of group: Item, entry: [String: AnswerValue], index: Int, context: ConditionContext,
                         placeholders: PlaceholderKeys) -> [QualityWarning] {
        group.items.filter { $0.type.isText && context.isVisible(sub: $0, in: group.id, entry: entry) }.flatMap { sub in
            entry[sub.id]?.text.map {
                qualityWarnings($0, item: sub, path: ItemPath(item: group.id, entry: index, subItem: sub.id), placeholders: placeholders)
            } ?? []
        }
    }

    /// The placeholders every text of this checklist is compared with, as comparison keys, with
    /// the longest key's length; made once per evaluation, not once per text.
    struct PlaceholderKeys {
        var keys: Set<String>
        var longest: Int

        init(_ keys: [String]) {
            self.keys = Set(keys)
            longest = keys.map(\.unicodeScalars.count).max() ?? 0
        }
    }

    func placeholderKeys() -> PlaceholderKeys {
        PlaceholderKeys(Self.defaultPlaceholderKeys + checklist.placeholders.map(TextHygiene.comparisonKey))
    }

    /// Placeholder and too-short warnings for one text.
    func qualityWarnings(_ text: String, item: Item, path: ItemPath, placeholders checklistKeys: PlaceholderKeys) -> [QualityWarning] {
        var placeholders = checklistKeys
        if !item.quality.placeholders.isEmpty {
            placeholders = PlaceholderKeys(Array(checklistKeys.keys) + item.quality.placeholders.map(TextHygiene.comparisonKey))
        }
        if let key = TextHygiene.comparisonKey(text, atMost: placeholders.longest * 2 + 2), placeholders.keys.contains(key) {
            return [QualityWarning(path: path, kind: .placeholder, message: Localized(
                sv: "Svaret ”\(text)” säger inget. Skriv vad som gäller för det här barnet.",
                en: "The answer “\(text)” says nothing. Write what applies to this child."))]
        }
        if let minimum = item.quality.minWords {
            let words = TextHygiene.wordCount(text)
            if words < minimum {
                return [QualityWarning(path: path, kind: .tooShort, message: Localized(
                    sv: "Kort svar (\(words) ord). Beskriv med minst \(minimum) ord.",
                    en: "A short answer (\(words) words). Use at least \(minimum) words."))]
            }
        }
        return []
    }

    /// Every personnummer in any answer, visible or not: it must never go unnoticed.
    func personnummerWarnings() -> [QualityWarning] {
        var warnings: [QualityWarning] = []
        func check(_ value: AnswerValue, _ path: @autoclosure () -> ItemPath) {
            switch value {
            case .text(let text):
                if !Personnummer.find(in: text).isEmpty {
                    warnings.append(QualityWarning(path: path(), kind: .personnummer, message: Self.personnummerMessage))
                }
            case .entries(let entries):
                let storage = path().item
                for (index, entry) in entries.enumerated() {
                    for key in entry.keys.sorted() {
                        // A repeated group's answer is found where it is asked (looked up only for a find).
                        if let sub = entry[key] {
                            check(sub, ItemPath(item: checklist.group(asking: key, storedIn: storage), entry: index, subItem: key))
                        }
                    }
                }
            case .choices, .number:
                break
            }
        }
        for item in checklist.allItems {
            if let value = answers[item.id] { check(value, ItemPath(item: item.id)) }
        }
        return warnings
    }

    public static let personnummerMessage = Localized(
        sv: "Texten innehåller något som ser ut som ett personnummer. Använd ärendets referens eller ett alias i stället.",
        en: "The text contains what looks like a personal identity number. Use the case reference or an alias instead.")

    static let defaultPlaceholderKeys = defaultPlaceholders.map(TextHygiene.comparisonKey)

    public static let defaultPlaceholders = [
        "-", ".", "x", "?", "ok", "se ovan", "enl. ovan", "enl ovan", "enligt ovan", "som ovan",
        "ingen kommentar", "inget", "saknas", "vet ej", "n/a",
    ]
}

/// Evaluates conditions over answers, with hidden items counting as unanswered.
struct ConditionContext {
    let checklist: Checklist
    let answers: Answers
    let index: [String: (section: Section, item: Item)]
    /// Of each sub-item id, the group that asks it (for a condition outside any group).
    let askedBy: [String: String]

    init(checklist: Checklist, answers: Answers) {
        self.checklist = checklist
        self.answers = answers
        self.index = checklist.itemIndex
        self.askedBy = Self.askedBy(checklist)
    }

    static func askedBy(_ checklist: Checklist) -> [String: String] {
        var askedBy: [String: String] = [:]
        for item in checklist.allItems where item.type == .group {
            for sub in item.items where askedBy[sub.id] == nil { askedBy[sub.id] = item.id }
        }
        return askedBy
    }

    /// The sub-items shown and required in one entry of a group, each with whether it is answered.
    func requiredSubItems(of group: Item, entry: [String: AnswerValue]) -> [(item: Item, answered: Bool)] {
        group.items.compactMap { sub in
            guard isVisible(sub: sub, in: group.id, entry: entry), requires(sub.required, entry: (group.id, entry)) else { return nil }
            return (sub, !(entry[sub.id]?.isEmpty ?? true))
        }
    }

    typealias Entry = (group: String, values: [String: AnswerValue])

    func isVisible(section: Section) -> Bool {
        section.showWhen.map { holds($0, entry: nil) } ?? true
    }

    func isVisible(item id: String) -> Bool {
        guard let (section, item) = index[id] else { return false }
        guard isVisible(section: section) else { return false }
        return item.showWhen.map { holds($0, entry: nil) } ?? true
    }

    func isVisible(sub: Item, in group: String, entry: [String: AnswerValue]) -> Bool {
        sub.showWhen.map { holds($0, entry: (group, entry)) } ?? true
    }

    /// Whether the item is required.
    func requires(_ requirement: Requirement, entry: Entry?) -> Bool {
        switch requirement {
        case .never: false
        case .always: true
        case .when(let condition): holds(condition, entry: entry)
        }
    }

    /// Why the item is required, in words (for one that `requires` says is).
    func reason(_ requirement: Requirement, entry: Entry?) -> Localized {
        switch requirement {
        case .never, .always:
            return Localized(sv: "Obligatorisk fråga.", en: "A required question.")
        case .when(let condition):
            return Localized(sv: "Krävs eftersom \(describe(condition, .sv, entry: entry)).",
                             en: "Required because \(describe(condition, .en, entry: entry)).")
        }
    }

    /// The answer an item has, or nil when it has none or is hidden.
    func value(_ name: String, entry: Entry?) -> AnswerValue? {
        if let entry, let group = index[entry.group]?.item {
            if let sub = group.items.first(where: { $0.id == name }) {
                guard isVisible(sub: sub, in: entry.group, entry: entry.values) else { return nil }
                return entry.values[name].flatMap { $0.isEmpty ? nil : $0 }
            }
            // An entry also holds the answers of its group and of every group repeated for it.
            let base = group.each ?? entry.group
            if let asker = askedBy[name].flatMap({ index[$0]?.item }), asker.id == base || asker.each == base,
               let sub = asker.items.first(where: { $0.id == name }) {
                guard isVisible(sub: sub, in: asker.id, entry: entry.values) else { return nil }
                return entry.values[name].flatMap { $0.isEmpty ? nil : $0 }
            }
        }
        guard isVisible(item: name) else { return nil }
        return answers[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The group and field a condition on one sub-item reads when it stands outside any group.
    func entryField(_ condition: Condition) -> (group: String, field: String)? {
        guard let name = condition.leafItem, index[name] == nil, let group = askedBy[name] else { return nil }
        return (group, name)
    }

    /// Where a condition standing outside any group holds; empty where it does not. One on a field
    /// of a group's entries holds at that field in each such entry ("Ålder till" in the second
    /// group), so the worksheet says it beside the answer to mend and the lists name the entry; any
    /// other at `item`, the rule's.
    func places(_ condition: Condition, item: String?) -> [ItemPath] {
        guard let (group, field) = entryField(condition) else {
            return holds(condition, entry: nil) ? [ItemPath(item: item ?? "")] : []
        }
        return checklist.entries(of: group, in: answers).enumerated().compactMap { number, entry in
            holds(condition, entry: (group, entry)) ? ItemPath(item: group, entry: number, subItem: field) : nil
        }
    }

    func holds(_ condition: Condition, entry: Entry?) -> Bool {
        // Outside any group, a condition on a sub-item holds when it holds in any entry.
        if entry == nil, let (group, _) = entryField(condition) {
            return checklist.entries(of: group, in: answers).contains { holds(condition, entry: (group, $0)) }
        }
        switch condition {
        case .equals(let item, let expected):
            return value(item, entry: entry)?.selected.contains(expected) ?? false
        case .oneOf(let item, let values):
            return value(item, entry: entry)?.selected.contains(where: values.contains) ?? false
        case .answered(let item, let expected):
            return (value(item, entry: entry) != nil) == expected
        case .fewerThan(let item, let count):
            return (value(item, entry: entry)?.count ?? 0) < count
        case .sameTextAs(let item, let other):
            guard let first = value(item, entry: entry)?.text, let second = value(other, entry: entry)?.text else {
                return false
            }
            let key = TextHygiene.comparisonKey(first)
            return !key.isEmpty && key == TextHygiene.comparisonKey(second)
        case .daysAfter(let item, let other, let limit):
            guard let later = value(item, entry: entry)?.text.flatMap(ISODate.dayNumber),
                  let earlier = value(other, entry: entry)?.text.flatMap(ISODate.dayNumber)
            else { return false }
            return later - earlier > limit
        case .lessThan(let item, let other):
            guard case .number(let first)? = value(item, entry: entry), case .number(let second)? = value(other, entry: entry) else {
                return false
            }
            return first < second
        case .someEntry(let group, let inner):
            return checklist.entries(of: group, in: answers).contains { holds(inner, entry: (group, $0)) }
        case .not(let inner):
            return !holds(inner, entry: entry)
        case .all(let conditions):
            return conditions.allSatisfy { holds($0, entry: entry) }
        case .any(let conditions):
            return conditions.contains { holds($0, entry: entry) }
        }
    }

    func item(_ name: String, entry: Entry?) -> Item? {
        if let entry, let sub = index[entry.group]?.item.items.first(where: { $0.id == name }) { return sub }
        if let item = index[name]?.item { return item }
        return askedBy[name].flatMap { index[$0]?.item.items.first { $0.id == name } }
    }

    /// The condition in words: "«Påverkas barn?» är «Nej»". Where it holds (not under a `not`), a
    /// choice that is answered is said as it was answered: "du svarade «Direkt» på «Fick barnet
    /// …?»", not "du har svarat på «Fick barnet …?» och du inte har svarat «Nej» på «Fick barnet …?»".
    func describe(_ condition: Condition, _ language: Language, entry: Entry?, negated: Bool = false) -> String {
        let and = language == .sv ? " och " : " and "
        let or = language == .sv ? " eller " : " or "
        func prompt(_ name: String) -> String {
            "«\(item(name, entry: entry)?.prompt.text(language) ?? name)»"
        }
        func label(_ name: String, _ value: String) -> String {
            "«\(item(name, entry: entry)?.label(for: value, language) ?? value)»"
        }
        let sv = language == .sv
        /// The labels of the choice `name` as answered, when it is one and is.
        func chosen(_ name: String) -> String? {
            guard !negated, item(name, entry: entry)?.allowedValues != nil,
                  let selected = value(name, entry: entry)?.selected, !selected.isEmpty else { return nil }
            return selected.map { label(name, $0) }.joined(separator: and)
        }
        // Said as what the caseworker did: "du svarade «Nej» på «Fick barnet …?»".
        switch condition {
        case .equals(let name, let value):
            return sv ? "du svarade \(label(name, value)) på \(prompt(name))" : "you answered \(label(name, value)) to \(prompt(name))"
        case .oneOf(let name, let values):
            let answers = values.map { label(name, $0) }.joined(separator: or)
            return sv ? "du svarade \(answers) på \(prompt(name))" : "you answered \(answers) to \(prompt(name))"
        // "Not «Nej»" with an answer is that answer; without one, it is said as not answered «Nej».
        case .answered(let name, true) where chosen(name) != nil, .not(.equals(let name, _)) where chosen(name) != nil,
             .not(.oneOf(let name, _)) where chosen(name) != nil:
            let answer = chosen(name) ?? ""
            return sv ? "du svarade \(answer) på \(prompt(name))" : "you answered \(answer) to \(prompt(name))"
        case .answered(let name, let expected):
            switch (expected, sv) {
            case (true, true): return "du har svarat på \(prompt(name))"
            case (true, false): return "you answered \(prompt(name))"
            case (false, true): return "du inte har svarat på \(prompt(name))"
            case (false, false): return "you have not answered \(prompt(name))"
            }
        case .fewerThan(let name, let count):
            return sv ? "\(prompt(name)) har färre än \(count) svar" : "\(prompt(name)) has fewer than \(count) answers"
        case .sameTextAs(let name, let other):
            return sv ? "\(prompt(name)) är samma text som \(prompt(other))"
                                   : "\(prompt(name)) is the same text as \(prompt(other))"
        case .daysAfter(let name, let other, let days):
            return sv ? "\(prompt(name)) är mer än \(days) dagar efter \(prompt(other))"
                                   : "\(prompt(name)) is more than \(days) days after \(prompt(other))"
        case .lessThan(let name, let other):
            return sv ? "\(prompt(name)) är mindre än \(prompt(other))" : "\(prompt(name)) is less than \(prompt(other))"
        case .someEntry(let group, let inner):
            let entry = checklist.entries(of: group, in: answers).first { holds(inner, entry: (group, $0)) }.map { (group, $0) }
            return (sv ? "i ett svar på \(prompt(group)) " : "in one answer to \(prompt(group)) ")
                + describe(inner, language, entry: entry, negated: negated)
        case .not(.equals(let name, let value)):
            return sv ? "du inte har svarat \(label(name, value)) på \(prompt(name))"
                      : "you have not answered \(label(name, value)) to \(prompt(name))"
        case .not(let inner):
            return (sv ? "det inte gäller att " : "it is not so that ") + describe(inner, language, entry: entry, negated: !negated)
        case .all(let conditions):
            // A choice said as answered already says what a "not «Nej»" on it beside it would.
            let said = Set(conditions.compactMap { condition -> String? in
                if case .answered(let name, true) = condition, chosen(name) != nil { return name }
                return nil
            })
            return conditions.filter { condition in
                switch condition {
                case .not(.equals(let name, _)), .not(.oneOf(let name, _)): !said.contains(name)
                default: true
                }
            }.map { describe($0, language, entry: entry, negated: negated) }.joined(separator: and)
        case .any(let conditions):
            return conditions.map { describe($0, language, entry: entry, negated: negated) }.joined(separator: or)
        }
    }
}
