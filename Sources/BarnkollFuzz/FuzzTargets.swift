import BarnkollCore
import Foundation

/// What the fuzzer (`barnkoll-fuzz`, built with libFuzzer) and the property tests check on any input:
/// nothing crashes, and the input either gives a result that holds up or problems that each name a
/// place in the file in one clean line. Each check returns what is wrong, or nil.
public enum FuzzTargets {
    public static let names = ["checklist", "answers", "stored-json"]

    public static func run(_ name: String, _ data: Data) -> String? {
        switch name {
        case "checklist": checklist(data)
        case "answers": answers(data)
        case "stored-json": storedJSON(data)
        default: "unknown fuzz target '\(name)' (known: \(names.joined(separator: ", ")))"
        }
    }

    static let file = "fuzz.yaml"

    /// A checklist definition: loads (the same again on a second load, and evaluates with no answers)
    /// or fails with located problems.
    static func checklist(_ data: Data) -> String? {
        let text: String
        do {
            text = try AnswerInput.decodeUTF8(data, file: file)
        } catch {
            return located(error.problems, in: data)
        }
        do {
            let checklist = try ChecklistLoader.load(yaml: text, file: file)
            guard (try? ChecklistLoader.load(yaml: text, file: file)) == checklist else { return "a second load gave another checklist" }
            _ = Worksheet(checklist: checklist, answers: [:]).evaluate()
            for item in checklist.allItems where !isClean(item.prompt.sv) { return "item \(item.id): its prompt kept a control" }
            return nil
        } catch {
            return located(error.problems, in: data)
        }
    }

    /// An answers file for the shipped barnkonsekvensanalys: read (every text clean, every value back
    /// the same from its stored JSON, the worksheet evaluates) or refused with located problems.
    static func answers(_ data: Data) -> String? {
        guard let checklist = shippedChecklist else { return "the shipped checklist barnkonsekvensanalys was not found" }
        do {
            let answers = try AnswerInput.readFile(data, file: file, checklist: checklist)
            for (id, value) in answers {
                if let problem = unclean(value) { return "\(id): \(problem)" }
                if AnswerValue.fromJSON(value.canonicalJSON()) != value { return "\(id): its stored JSON reads back as something else" }
            }
            if AnswerValue.answersFromJSON(CanonicalJSON.encode(answers, fallback: "{}")) != answers {
                return "the answers' stored JSON reads back as something else"
            }
            _ = Worksheet(checklist: checklist, answers: answers).evaluate()
            return nil
        } catch {
            return located(error.problems, in: data)
        }
    }

    /// Stored answer JSON from a store barnkoll did not write: read or not, never a crash; what is read
    /// writes back to JSON that reads back the same.
    static func storedJSON(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        if let value = AnswerValue.fromJSON(text), AnswerValue.fromJSON(value.canonicalJSON()) != value {
            return "a stored value does not read back the same from its own JSON"
        }
        if let answers = AnswerValue.answersFromJSON(text),
           AnswerValue.answersFromJSON(CanonicalJSON.encode(answers, fallback: "{}")) != answers {
            return "stored answers do not read back the same from their own JSON"
        }
        return nil
    }

    static let shippedChecklist: Checklist? = ChecklistCatalog.shippedDirectory().flatMap {
        try? ChecklistCatalog.loadFile($0.appendingPathComponent("barnkonsekvensanalys.yaml").path)
    }

    /// Problems must exist, point inside the file (line 1 up to its last line break + 1, column 1 up)
    /// and read as one line without controls.
    static func located(_ problems: [Problem], in data: Data) -> String? {
        guard !problems.isEmpty else { return "refused without saying why" }
        // YAML breaks lines at LF, CR, NEL, LS and PS; counting every one bounds the last line.
        var breaks = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in data {
            if byte == 0x0A || byte == 0x0D || (previous == 0xC2 && byte == 0x85)
                || (beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9)) { breaks += 1 }
            beforePrevious = previous
            previous = byte
        }
        for problem in problems {
            if problem.file != file { return "a problem names the file '\(problem.file)'" }
            if problem.line < 1 || problem.line > breaks + 2 || problem.column < 1 {
                return "a problem is placed outside the file (\(problem.line):\(problem.column), \(breaks) line breaks): \(problem.message)"
            }
            for line in [problem.text(.sv), problem.text(.en)] where !isClean(line) || line.contains("\n") {
                return "a problem is not one clean line: \(line.debugDescription)"
            }
        }
        return nil
    }

    static func isClean(_ text: String) -> Bool {
        TextHygiene.forOutput(text).unicodeScalars.elementsEqual(text.unicodeScalars)
    }

    static func unclean(_ value: AnswerValue) -> String? {
        switch value {
        case .text(let text): isClean(text) ? nil : "a text kept a control: \(text.debugDescription)"
        case .choices, .number: nil
        case .entries(let entries): entries.lazy.flatMap(\.values).compactMap(unclean).first
        }
    }
}
