import Foundation
import Yams

/// A value that does not fit its item, with a message for people in both languages.
public struct AnswerProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var item: String
    public var message: Localized

    public init(item: String, message: Localized) {
        self.item = item
        self.message = message
    }

    public init(item: String, sv: String, en: String) {
        self.init(item: item, message: Localized(sv: sv, en: en))
    }

    public var description: String { description(.en) }

    /// The item and the message, one line.
    public func description(_ language: Language) -> String {
        (language == .sv ? "frågan '\(item)': " : "item '\(item)': ") + message.text(language)
    }
}

/// Every answer that comes in goes through here: text is sanitised and NFC-normalised, values
/// are checked against the item they answer.
public enum AnswerInput {
    /// The answer cleaned and checked for `item`, or nil when it is empty (clearing the item).
    public static func check(_ value: AnswerValue, for item: Item, path: String? = nil) throws(AnswerProblem) -> AnswerValue? {
        let name = path ?? item.id
        func fail(_ sv: String, _ en: String) -> AnswerProblem { AnswerProblem(item: name, sv: sv, en: en) }
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
                let allowed = item.allowedValues?.joined(separator: ", ") ?? ""
                throw fail("'\(TextHygiene.forOutput(text, multiline: false))' är inte ett av \(allowed)",
                           "'\(TextHygiene.forOutput(text, multiline: false))' is not one of \(allowed)")
            }
            return .text(chosen)
        case (.multiChoice, .text(let text)):
            return try check(.choices([text]), for: item, path: path)
        case (.multiChoice, .choices(let values)):
            var chosen: [String] = []
            for raw in values {
                let text = raw.trimmingCharacters(in: .whitespaces)
                guard let value = choiceValue(text, for: item) else {
                    let allowed = item.allowedValues?.joined(separator: ", ") ?? ""
                    throw fail("'\(TextHygiene.forOutput(text, multiline: false))' är inte ett av \(allowed)",
                               "'\(TextHygiene.forOutput(text, multiline: false))' is not one of \(allowed)")
                }
                if !chosen.contains(value) { chosen.append(value) }
            }
            return chosen.isEmpty ? nil : .choices(chosen)
        case (.date, .text(let raw)):
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            if let problem = ISODate.problem(text) { throw fail(problem.sv, problem.text(.en)) }
            return .text(text)
        case (.number, .number(let number)):
            if let min = item.min, number < min { throw fail("\(number) är mindre än \(min)", "\(number) is less than \(min)") }
            if let max = item.max, number > max { throw fail("\(number) är mer än \(max)", "\(number) is more than \(max)") }
            return .number(number)
        case (.number, .text(let raw)):
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let number = Int(text) else {
                let shown = TextHygiene.forOutput(text, multiline: false)
                if let min = item.min, let max = item.max {
                    throw fail("'\(shown)' är inget heltal från \(min) till \(max)", "'\(shown)' is not a whole number from \(min) to \(max)")
                }
                throw fail("'\(shown)' är inget heltal", "'\(shown)' is not a whole number")
            }
            return try check(.number(number), for: item, path: path)
        case (.group, .entries(let entries)):
            var cleaned: [[String: AnswerValue]] = []
            for (index, entry) in entries.enumerated() {
                var values: [String: AnswerValue] = [:]
                for key in entry.keys.sorted() {
                    guard let sub = item.entryItems.first(where: { $0.id == key }) else {
                        let known = item.entryItems.map(\.id).joined(separator: ", ")
                        throw fail("post \(index + 1) har en okänd fråga '\(key)' (kända: \(known))",
                                   "entry \(index + 1) has an unknown item '\(key)' (known: \(known))")
                    }
                    if let raw = entry[key], let value = try check(raw, for: sub, path: "\(item.id)[\(index + 1)].\(key)") {
                        values[key] = value
                    }
                }
                cleaned.append(values)
            }
            return cleaned.isEmpty ? nil : .entries(cleaned)
        default:
            throw fail("väntar \(expectation(item.type).sv)", "expects \(expectation(item.type).en ?? "")")
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

    static func expectation(_ type: ItemType) -> Localized {
        switch type {
        case .text, .longText: Localized(sv: "en text", en: "a text")
        case .choice: Localized(sv: "ett av sina alternativ", en: "one of its options")
        case .multiChoice: Localized(sv: "en lista av sina alternativ", en: "a list of its options")
        case .yesNoNA: Localized(sv: "ja, nej eller ej aktuellt (yes, no, na)", en: "yes, no or na")
        case .date: Localized(sv: "ett datum ÅÅÅÅ-MM-DD", en: "a date YYYY-MM-DD")
        case .number: Localized(sv: "ett heltal", en: "a whole number")
        case .group: Localized(sv: "en lista av poster", en: "a list of entries")
        }
    }

    /// Reads a YAML or JSON file of answers keyed by item id. Throws every problem, each with its
    /// position, in `language` (libyaml's own words stay in English).
    public static func readFile(_ data: Data, file: String, checklist: Checklist, language: Language = .en) throws(Problems) -> Answers {
        func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
        let text = try decodeUTF8(data, file: file)
        let root: Node
        // JSON is read by a JSON parser: YAML reads most JSON, but not all (a surrogate pair such
        // as \ud83d\ude00, which Python's json.dumps writes for an emoji, is a YAML error).
        let json = text.first(where: { !$0.isWhitespace && $0 != "\u{FEFF}" }) == "{"
        var keyLines: [String: Int] = [:]
        if json {
            root = try jsonNode(data, file: file, language: language)
            keyLines = firstLines(ofKeysIn: text)
        } else {
            var reader = YAMLReader(file: file)
            guard let composed = reader.compose(text) else { throw Problems(reader.problems) }
            root = composed
        }
        guard case .mapping(let mapping) = root else {
            throw Problems([Problem(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1,
                                    message: t("svaren ska vara frågornas id med sina svar (id: svar)",
                                               "the answers must be a mapping of item ids to answers"))])
        }
        var answers: Answers = [:]
        var problems: [Problem] = []
        for (key, node) in mapping {
            let line = key.mark?.line ?? key.scalar.flatMap { keyLines[$0.string] } ?? 1
            let column = key.mark?.column ?? 1
            guard let id = key.scalar?.string else {
                problems.append(Problem(file: file, line: line, column: column,
                                        message: t("en frågas id ska vara ett enkelt ord", "an item id must be a plain word")))
                continue
            }
            guard let item = checklist.item(id) else {
                let shown = TextHygiene.forOutput(id, multiline: false)
                problems.append(Problem(file: file, line: line, column: column,
                                        message: t("okänd fråga '\(shown)' i checklistan '\(checklist.id)'",
                                                   "unknown item '\(shown)' in checklist '\(checklist.id)'")))
                continue
            }
            do {
                let raw = try value(from: node, item: item)
                if let value = try check(raw, for: item) { answers[id] = value }
            } catch {
                problems.append(Problem(file: file, line: node.mark?.line ?? line, column: node.mark?.column ?? column,
                                        message: error.description(language)))
            }
        }
        if !problems.isEmpty { throw Problems(problems) }
        return answers
    }

    /// A JSON file's content as the YAML reader's nodes (without positions), so one reading serves both.
    static func jsonNode(_ data: Data, file: String, language: Language) throws(Problems) -> Node {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            // The YAML reader places what it can (a raw control character, a missing quote).
            var reader = YAMLReader(file: file)
            if reader.compose(String(decoding: data, as: UTF8.self)) == nil, !reader.problems.isEmpty {
                throw Problems(reader.problems)
            }
            let why = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw Problems([Problem(file: file, line: 1, column: 1,
                                    message: (language == .sv ? "filen är inte giltig JSON" : "the file is not valid JSON")
                                        + (why.map { " (\($0))" } ?? ""))])
        }
        func node(_ value: Any) -> Node {
            switch value {
            case let text as String: return .scalar(Node.Scalar(text, .implicit, .doubleQuoted))
            case let number as NSNumber:
                // A JSON true or false comes as an NSNumber of the boolean kind (1 and 0 do not).
                if type(of: number) == type(of: NSNumber(value: true)) { return .scalar(Node.Scalar(number.boolValue ? "true" : "false")) }
                return .scalar(Node.Scalar(number.stringValue))
            case let array as [Any]: return .sequence(Node.Sequence(array.map(node)))
            case let object as [String: Any]:
                return .mapping(Node.Mapping(object.keys.sorted().map { (node($0), node(object[$0] as Any)) }))
            default: return .scalar(Node.Scalar("null"))
            }
        }
        return node(object)
    }

    /// The line on which each key of a JSON text first appears, for problems to point at.
    static func firstLines(ofKeysIn text: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.firstIndex(of: "\"") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "\"") else { break }
                let key = String(after[..<close])
                let tail = after[after.index(after: close)...].drop(while: { $0 == " " || $0 == "\t" })
                if tail.first == ":", lines[key] == nil { lines[key] = index + 1 }
                rest = after[after.index(after: close)...]
            }
        }
        return lines
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
        throw Problems([Problem(file: file, line: line, column: column,
                                words: Localized(sv: "filen är inte giltig UTF-8-text", en: "the file is not valid UTF-8 text"))])
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
                        throw AnswerProblem(item: item.id, sv: "post \(index + 1) ska vara sina frågor med svar (id: svar)",
                                            en: "entry \(index + 1) must be a mapping of its items")
                    }
                    var entry: [String: AnswerValue] = [:]
                    for (key, valueNode) in mapping {
                        let name = key.scalar?.string ?? ""
                        guard let sub = item.entryItems.first(where: { $0.id == name }) else {
                            let shown = TextHygiene.forOutput(name, multiline: false)
                            throw AnswerProblem(item: item.id, sv: "post \(index + 1) har en okänd fråga '\(shown)'",
                                                en: "entry \(index + 1) has an unknown item '\(shown)'")
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
                    throw AnswerProblem(item: item.id, sv: "väntar \(expectation(item.type).sv)", en: "expects \(expectation(item.type).en ?? "")")
                }
                values.append(text)
            }
            return .choices(values)
        default:
            throw AnswerProblem(item: item.id, sv: "väntar \(expectation(item.type).sv)", en: "expects \(expectation(item.type).en ?? "")")
        }
    }
}
