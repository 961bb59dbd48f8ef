import Foundation
import Yams

/// A value that does not fit its item, with a message for people.
public struct AnswerProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var item: String
    public var message: String

    public init(item: String, message: String) {
        self.item = item
        self.message = message
    }

    public var description: String { "item '\(item)': \(message)" }
}

/// Every answer that comes in goes through here: text is sanitised and NFC-normalised, values
/// are checked against the item they answer.
public enum AnswerInput {
    /// The answer cleaned and checked for `item`, or nil when it is empty (clearing the item).
    public static func check(_ value: AnswerValue, for item: Item, path: String? = nil) throws(AnswerProblem) -> AnswerValue? {
        let name = path ?? item.id
        func fail(_ message: String) -> AnswerProblem { AnswerProblem(item: name, message: message) }
        switch (item.type, value) {
        case (.text, .text(let text)), (.longText, .text(let text)):
            let clean = TextHygiene.sanitize(text, multiline: item.type == .longText)
            return clean.allSatisfy(\.isWhitespace) ? nil : .text(clean)
        case (.text, .number(let number)), (.longText, .number(let number)):
            return .text(String(number))
        case (.choice, .text(let raw)), (.yesNoNA, .text(let raw)):
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let chosen = choiceValue(text, for: item) else {
                throw fail("'\(TextHygiene.forOutput(text, multiline: false))' is not one of \(item.allowedValues?.joined(separator: ", ") ?? "")")
            }
            return .text(chosen)
        case (.multiChoice, .text(let text)):
            return try check(.choices([text]), for: item, path: path)
        case (.multiChoice, .choices(let values)):
            var chosen: [String] = []
            for raw in values {
                let text = raw.trimmingCharacters(in: .whitespaces)
                guard let value = choiceValue(text, for: item) else {
                    throw fail("'\(TextHygiene.forOutput(text, multiline: false))' is not one of \(item.allowedValues?.joined(separator: ", ") ?? "")")
                }
                if !chosen.contains(value) { chosen.append(value) }
            }
            return chosen.isEmpty ? nil : .choices(chosen)
        case (.date, .text(let raw)):
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard ISODate.isValid(text) else {
                throw fail("'\(TextHygiene.forOutput(text, multiline: false))' is not a date; write it as YYYY-MM-DD")
            }
            return .text(text)
        case (.number, .number(let number)):
            if let min = item.min, number < min { throw fail("\(number) is less than \(min)") }
            if let max = item.max, number > max { throw fail("\(number) is more than \(max)") }
            return .number(number)
        case (.number, .text(let raw)):
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let number = Int(text) else { throw fail("'\(TextHygiene.forOutput(text, multiline: false))' is not a whole number") }
            return try check(.number(number), for: item, path: path)
        case (.group, .entries(let entries)):
            var cleaned: [[String: AnswerValue]] = []
            for (index, entry) in entries.enumerated() {
                var values: [String: AnswerValue] = [:]
                for key in entry.keys.sorted() {
                    guard let sub = item.items.first(where: { $0.id == key }) else {
                        throw fail("entry \(index + 1) has an unknown item '\(key)' (known: \(item.items.map(\.id).joined(separator: ", ")))")
                    }
                    if let raw = entry[key], let value = try check(raw, for: sub, path: "\(item.id)[\(index + 1)].\(key)") {
                        values[key] = value
                    }
                }
                cleaned.append(values)
            }
            return cleaned.isEmpty ? nil : .entries(cleaned)
        default:
            throw fail("expects \(expectation(item.type))")
        }
    }

    /// A choice accepts its value, and for yes/no/not applicable also the Swedish and English words.
    static func choiceValue(_ text: String, for item: Item) -> String? {
        if item.type == .yesNoNA {
            switch text.lowercased() {
            case "yes", "ja", "true", "j", "y": return YesNoNA.yes.rawValue
            case "no", "nej", "false", "n": return YesNoNA.no.rawValue
            case "na", "n/a", "ej aktuellt", "not applicable": return YesNoNA.na.rawValue
            default: return nil
            }
        }
        if let option = item.options.first(where: { $0.value == text }) { return option.value }
        // YAML reads a bare yes/no as true/false: accept those for options named yes and no.
        switch text.lowercased() {
        case "true": return item.options.first { $0.value == "yes" }?.value
        case "false": return item.options.first { $0.value == "no" }?.value
        default: return nil
        }
    }

    static func expectation(_ type: ItemType) -> String {
        switch type {
        case .text, .longText: "a text"
        case .choice: "one of its options"
        case .multiChoice: "a list of its options"
        case .yesNoNA: "yes, no or na"
        case .date: "a date YYYY-MM-DD"
        case .number: "a whole number"
        case .group: "a list of entries"
        }
    }

    /// Reads a YAML or JSON file of answers keyed by item id. Throws every problem, each with its position.
    public static func readFile(_ data: Data, file: String, checklist: Checklist) throws(Problems) -> Answers {
        let text = try decodeUTF8(data, file: file)
        var reader = YAMLReader(file: file)
        guard let root = reader.compose(text) else { throw Problems(reader.problems) }
        guard case .mapping(let mapping) = root else {
            throw Problems([Problem(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1,
                                    message: "the answers must be a mapping of item ids to answers")])
        }
        var answers: Answers = [:]
        var problems: [Problem] = []
        for (key, node) in mapping {
            let line = key.mark?.line ?? 1
            let column = key.mark?.column ?? 1
            guard let id = key.scalar?.string else {
                problems.append(Problem(file: file, line: line, column: column, message: "an item id must be a plain word"))
                continue
            }
            guard let item = checklist.item(id) else {
                problems.append(Problem(file: file, line: line, column: column,
                                        message: "unknown item '\(TextHygiene.forOutput(id, multiline: false))' in checklist '\(checklist.id)'"))
                continue
            }
            do {
                let raw = try value(from: node, item: item)
                if let value = try check(raw, for: item) { answers[id] = value }
            } catch {
                problems.append(Problem(file: file, line: node.mark?.line ?? line, column: node.mark?.column ?? column,
                                        message: error.description))
            }
        }
        if !problems.isEmpty { throw Problems(problems) }
        return answers
    }

    /// Decodes UTF-8, naming the line and column of the first invalid byte.
    public static func decodeUTF8(_ data: Data, file: String) throws(Problems) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        var line = 1
        var column = 1
        var index = data.startIndex
        while index < data.endIndex {
            let length = utf8SequenceLength(data, at: index)
            if length == 0 { break }
            if data[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        throw Problems([Problem(file: file, line: line, column: column, message: "the file is not valid UTF-8 text")])
    }

    private static func utf8SequenceLength(_ data: Data, at index: Data.Index) -> Int {
        let lead = data[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= data.endIndex else { return 0 }
        let bytes = data[index..<(index + length)]
        return String(data: Data(bytes), encoding: .utf8) == nil ? 0 : length
    }

    static func value(from node: Node, item: Item) throws(AnswerProblem) -> AnswerValue {
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return .text("") }
            if item.type == .number, let number = Int(scalar.string) { return .number(number) }
            return .text(scalar.string)
        case .sequence(let sequence):
            if item.type == .group {
                var entries: [[String: AnswerValue]] = []
                for (index, entryNode) in sequence.enumerated() {
                    guard case .mapping(let mapping) = entryNode else {
                        throw AnswerProblem(item: item.id, message: "entry \(index + 1) must be a mapping of its items")
                    }
                    var entry: [String: AnswerValue] = [:]
                    for (key, valueNode) in mapping {
                        let name = key.scalar?.string ?? ""
                        guard let sub = item.items.first(where: { $0.id == name }) else {
                            throw AnswerProblem(item: item.id, message: "entry \(index + 1) has an unknown item '\(TextHygiene.forOutput(name, multiline: false))'")
                        }
                        entry[name] = try value(from: valueNode, item: sub)
                    }
                    entries.append(entry)
                }
                return .entries(entries)
            }
            var values: [String] = []
            for element in sequence {
                guard let text = element.scalar?.string else {
                    throw AnswerProblem(item: item.id, message: "expects \(expectation(item.type))")
                }
                values.append(text)
            }
            return .choices(values)
        default:
            throw AnswerProblem(item: item.id, message: "expects \(expectation(item.type))")
        }
    }
}
