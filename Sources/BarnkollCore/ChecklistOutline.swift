import Foundation

/// A checklist laid out for reading (`checklists show`) or as JSON for scripts.
public struct ChecklistOutline: Sendable {
    public var checklist: Checklist
    public var language: Language
    public var references: [String: LegalReference]

    public init(checklist: Checklist, language: Language, references: [String: LegalReference] = [:]) {
        self.checklist = checklist
        self.language = language
        self.references = references
    }

    public func text() -> String {
        var lines = ["\(checklist.title.text(language)) (\(checklist.id) v\(checklist.version))"]
        if let description = checklist.description { lines.append(description.text(language)) }
        for (number, section) in checklist.sections.enumerated() {
            lines.append("")
            lines.append("\(number). \(section.title.text(language)) [\(section.id)]")
            for item in section.items {
                lines += describe(item, indent: "  ")
                for sub in item.items { lines += describe(sub, indent: "      ") }
            }
        }
        if !checklist.rules.isEmpty {
            lines.append("")
            lines.append(language == .sv ? "Regler" : "Rules")
            for rule in checklist.rules {
                lines.append("  \(rule.id) (\(rule.kind.rawValue)): \(rule.message.text(language))")
            }
        }
        return lines.map { TextHygiene.forOutput($0, multiline: false) }.joined(separator: "\n") + "\n"
    }

    func describe(_ item: Item, indent: String) -> [String] {
        let mark: String
        switch item.required {
        case .always: mark = " *"
        case .when: mark = language == .sv ? " (*)" : " (*)"
        case .never: mark = ""
        }
        let each = item.each.map { language == .sv ? ", för varje post i \($0)" : ", for each entry of \($0)" } ?? ""
        var line = "\(indent)- \(item.id) [\(item.type.rawValue)\(each)]\(mark): \(item.prompt.text(language))"
        if !item.articles.isEmpty { line += " (art. \(item.articles.map(String.init).joined(separator: ", ")))" }
        var lines = [line]
        for id in item.references {
            if let reference = references[id] { lines.append("\(indent)    § \(reference.display(language))") }
        }
        if let values = item.allowedValues, item.type != .yesNoNA {
            lines.append("\(indent)    " + values.map { "\($0) = \(item.label(for: $0, language))" }.joined(separator: ", "))
        }
        return lines
    }

    public var jsonObject: [String: Any] {
        [
            "id": checklist.id, "version": checklist.version, "id_prefix": checklist.idPrefix,
            "title": checklist.title.text(language),
            "not_applicable": checklist.notApplicable.map {
                ["when": $0.when.jsonObject, "reason": $0.reasonItem] as [String: Any]
            } ?? NSNull(),
            "sections": checklist.sections.map { section -> [String: Any] in
                var object: [String: Any] = ["id": section.id, "title": section.title.text(language),
                                             "filled_by": section.filledBy.rawValue,
                                             "items": section.items.map(itemObject)]
                if let showWhen = section.showWhen { object["show_when"] = showWhen.jsonObject }
                return object
            },
            "rules": checklist.rules.map { rule -> [String: Any] in
                ["id": rule.id, "kind": rule.kind.rawValue, "item": rule.item ?? "", "when": rule.when.jsonObject,
                 "message": rule.message.text(language)]
            },
        ]
    }

    func itemObject(_ item: Item) -> [String: Any] {
        var object: [String: Any] = ["id": item.id, "type": item.type.rawValue, "prompt": item.prompt.text(language)]
        switch item.required {
        case .always: object["required"] = true
        case .never: object["required"] = false
        case .when(let condition): object["required"] = condition.jsonObject
        }
        if let showWhen = item.showWhen { object["condition"] = showWhen.jsonObject }
        if !item.articles.isEmpty { object["articles"] = item.articles }
        if !item.references.isEmpty { object["references"] = item.references }
        if item.starred { object["starred"] = true }
        if let values = item.allowedValues {
            object["options"] = values.map { ["value": $0, "label": item.label(for: $0, language)] }
        }
        if let min = item.min { object["min"] = min }
        if let max = item.max { object["max"] = max }
        if item.type == .group { object["items"] = item.items.map(itemObject) }
        if let each = item.each { object["each"] = each }
        return object
    }

    public func json() -> String { AnalysisDocument.serialize(jsonObject) }
}

extension Condition {
    /// The condition in the same shape as it is written in YAML.
    public var jsonObject: [String: Any] {
        switch self {
        case .equals(let item, let value): ["item": item, "equals": value]
        case .oneOf(let item, let values): ["item": item, "one_of": values]
        case .answered(let item, let value): ["item": item, "answered": value]
        case .fewerThan(let item, let count): ["item": item, "fewer_than": count]
        case .sameTextAs(let item, let other): ["item": item, "same_text_as": other]
        case .daysAfter(let item, let other, let days): ["item": item, "days_after": other, "more_than": days]
        case .lessThan(let item, let other): ["item": item, "less_than": other]
        case .someEntry(let group, let inner): ["some_entry": group, "where": inner.jsonObject]
        case .not(let inner): ["not": inner.jsonObject]
        case .all(let conditions): ["all": conditions.map(\.jsonObject)]
        case .any(let conditions): ["any": conditions.map(\.jsonObject)]
        }
    }
}
