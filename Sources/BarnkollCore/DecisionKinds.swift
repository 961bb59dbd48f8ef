import Foundation

/// The kinds of decision an analysis or a checklist records (issue 22), kept as data beside the
/// checklists (`checklists/decision-kinds.yaml`) so a unit can adapt the list in its own folder.
/// A checklist item asks for one with `options_from: decision_kinds`; the list is written into the
/// checklist's text as it is loaded, so the definition stored with an analysis holds the options
/// it was answered with, and a later change of the list never changes an approved analysis.
public enum DecisionKinds {
    public static let fileName = "decision-kinds.yaml"
    /// The one list an item may take its options from.
    public static let listName = "decision_kinds"

    /// Parses and validates the list. Every problem is one line: FILE:LINE:COL: message.
    public static func load(yaml: String, file: String) throws(Problems) -> [ChoiceOption] {
        var reader = YAMLReader(file: file)
        guard let root = reader.compose(yaml),
              let top = reader.mapping(root, what: Named(sv: "listan över slag av beslut", en: "the list of decision kinds"), allowed: [listName]),
              let list = top[listName].flatMap({ reader.sequence($0, what: Named(key: listName)) })
        else {
            throw Problems(reader.problems.isEmpty
                ? [Problem(file: file, line: 1, column: 1, words: Localized(sv: "\(listName) saknas", en: "\(listName) is missing"))]
                : reader.problems)
        }
        if list.isEmpty { reader.report(root, sv: "\(listName) behöver minst ett slag av beslut", en: "\(listName) needs at least one kind of decision") }
        var kinds: [ChoiceOption] = []
        var seen: Set<String> = []
        for node in list {
            guard let keys = reader.mapping(node, what: Named(sv: "ett slag av beslut", en: "a kind of decision"), allowed: ["value", "label"]),
                  let value = reader.string(keys["value"], what: "value", at: node),
                  let label = reader.localized(keys["label"], what: Named(sv: "etiketten för '\(value)'", en: "label of '\(value)'"), at: node)
            else { continue }
            // The value is what the stores keep and count: a plain word, like an item id.
            if value.isEmpty || !value.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
                let shown = TextHygiene.forOutput(value, multiline: false)
                reader.report(keys["value"], sv: "värdet '\(shown)' får bara innehålla a-z, 0-9 och _", en: "value '\(shown)' may hold only a-z, 0-9 and _")
            }
            if !seen.insert(value).inserted { reader.report(keys["value"], sv: "slaget av beslut '\(value)' finns två gånger", en: "duplicate kind of decision '\(value)'") }
            if label.en == nil { reader.report(keys["label"], sv: "etiketten för '\(value)' har ingen engelsk text (en)", en: "label of '\(value)' has no English text (en)") }
            kinds.append(ChoiceOption(value: value, label: label))
        }
        if !reader.problems.isEmpty { throw Problems(reader.problems) }
        return kinds
    }

    /// Reads the list from a file.
    public static func loadFile(_ path: String) throws(Problems) -> [ChoiceOption] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problems([Problem(file: path, line: 1, column: 1, words: Problem.cannotRead)])
        }
        return try load(yaml: try AnswerInput.decodeUTF8(data, file: path), file: path)
    }

    /// The checklist's text with each `options_from: decision_kinds` line replaced by the options,
    /// written on that one line so every other line keeps its number in the loader's messages.
    static func expand(_ yaml: String, kinds: [ChoiceOption]) -> String {
        guard yaml.contains("options_from:") else { return yaml }
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }
            guard line.dropFirst(indent.count).trimmingCharacters(in: .whitespaces) == "options_from: \(listName)" else { continue }
            lines[index] = indent + "options: [" + kinds.map(flow).joined(separator: ", ") + "]"
        }
        return lines.joined(separator: "\n")
    }

    /// One option as a YAML flow mapping; JSON's quoted strings are YAML's double-quoted ones.
    private static func flow(_ option: ChoiceOption) -> String {
        func quoted(_ text: String) -> String {
            var out: [UInt8] = []
            JSONText.string(text, into: &out, escapingInvisible: true)
            return String(decoding: out, as: UTF8.self)
        }
        let english = option.label.en.map { ", en: " + quoted($0) } ?? ""
        return "{value: \(quoted(option.value)), label: {sv: \(quoted(option.label.sv))\(english)}}"
    }
}
