import Foundation
import Yams

/// A fictional case for workshops (checklists/cases/*.yaml). Never a real person.
public struct TrainingCase: Sendable, Hashable {
    public struct Child: Sendable, Hashable {
        public var alias: String
        public var age: Int

        public init(alias: String, age: Int) {
            self.alias = alias
            self.age = age
        }
    }

    public var id: String
    public var title: Localized
    /// The unit that makes the decision, filled into the participant's analysis.
    public var unit: Localized
    public var description: Localized
    public var children: [Child]
    /// The decision on the table, filled into the participant's analysis.
    public var decision: Localized
    /// The checklist the participants fill.
    public var checklist: String
    /// For the trainer, shown once answers are in.
    public var discussion: [Localized]
    /// The checklist's rules a participant meets in this case (`barnkoll train cases` names them).
    public var rules: [String] = []
    /// The file it was read from.
    public var file: String

    /// The brief a participant reads while filling: title, children, decision and description.
    public func brief(_ language: Language) -> [String] {
        let sv = language == .sv
        var lines = [title.text(language), ""]
        lines.append((sv ? "Enhet: " : "Unit: ") + unit.text(language))
        let kids = children.map { sv ? "\($0.alias), \($0.age) år" : "\($0.alias), \($0.age)" }.joined(separator: "; ")
        if !children.isEmpty { lines.append((sv ? "Barn: " : "Children: ") + kids) }
        lines.append((sv ? "Beslut: " : "Decision: ") + decision.text(language))
        lines.append("")
        lines += description.text(language).components(separatedBy: "\n")
        return lines
    }
}

/// The case library: the shipped cases and a unit's own (`cases/` in each checklist folder).
public struct CaseLibrary: Sendable {
    /// By id; a later folder's case replaces an earlier one with the same id.
    public private(set) var cases: [String: TrainingCase] = [:]

    public init() {}

    public var sorted: [TrainingCase] { cases.values.sorted { $0.id < $1.id } }

    public func trainingCase(_ id: String) throws(CaseError) -> TrainingCase {
        guard let found = cases[id] else { throw .unknownCase(id, known: cases.keys.sorted()) }
        return found
    }

    /// Loads every `cases/*.yaml` under the folders, in order; a folder without `cases/` is fine.
    /// `checklists`: the ids a case may name. Throws every problem in every file.
    public static func load(directories: [URL], checklists: Set<String>,
                            rules: [String: Set<String>] = [:]) throws(Problems) -> CaseLibrary {
        var library = CaseLibrary()
        var problems: [Problem] = []
        for directory in directories {
            let folder = directory.appendingPathComponent("cases")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            var seen: Set<String> = []
            for name in names.sorted() where name.hasSuffix(".yaml") {
                let path = folder.appendingPathComponent(name).path
                do {
                    let loaded = try loadFile(path, checklists: checklists, rules: rules)
                    if !seen.insert(loaded.id).inserted {
                        problems.append(Problem(file: path, line: 1, column: 1,
                                                words: Localized(sv: "fallets id '\(loaded.id)' finns två gånger i \(folder.path)",
                                                                 en: "duplicate case id '\(loaded.id)' in \(folder.path)")))
                    }
                    library.cases[loaded.id] = loaded
                } catch {
                    problems += error.problems
                }
            }
        }
        if !problems.isEmpty { throw Problems(problems) }
        return library
    }

    public static func loadFile(_ path: String, checklists: Set<String>,
                                rules: [String: Set<String>] = [:]) throws(Problems) -> TrainingCase {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problems([Problem(file: path, line: 1, column: 1, words: Problem.cannotRead)])
        }
        let text = try AnswerInput.decodeUTF8(data, file: path)
        return try CaseLoader.load(yaml: text, file: path, checklists: checklists, rules: rules)
    }
}

public enum CaseError: Error, Sendable, CustomStringConvertible {
    case unknownCase(String, known: [String])

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        switch self {
        case .unknownCase(let id, let known):
            let id = TextHygiene.forOutput(id, multiline: false)
            let known = known.joined(separator: ", ")
            return language == .sv ? "okänt övningsfall '\(id)' (kända: \(known)); se `barnkoll train cases`"
                                   : "unknown training case '\(id)' (known: \(known)); see `barnkoll train cases`"
        }
    }
}

/// Reads one case file with the same reader, and the same FILE:LINE:COL problems, as checklists.
public enum CaseLoader {
    static let keys: Set<String> = ["id", "title", "unit", "description", "children", "decision", "checklist", "discussion", "rules"]

    /// `checklists`: the known checklist ids; empty means "not checked".
    /// `rules`: the rule ids of each checklist, to check a case's `rules` against; empty means "not checked".
    public static func load(yaml: String, file: String, checklists: Set<String>,
                            rules known: [String: Set<String>] = [:]) throws(Problems) -> TrainingCase {
        var reader = YAMLReader(file: file)
        guard let root = reader.compose(yaml),
              let keys = reader.mapping(root, what: Named(sv: "fallet", en: "the case"), allowed: Self.keys)
        else { throw Problems(reader.problems) }
        // A case is fiction: a number that passes the personnummer check has no place anywhere in it.
        refuseIdentityNumbers(root, reader: &reader)

        let id = reader.string(keys["id"], what: "id", at: root)
        if let id, !isIdentifier(id) {
            reader.report(keys["id"], sv: "id '\(id)' får bara innehålla a-z, 0-9, - och _", en: "id '\(id)' may hold only a-z, 0-9, - and _")
        }
        let title = reader.localized(keys["title"], what: "title", at: root)
        let unit = reader.localized(keys["unit"], what: "unit", at: root)
        let description = reader.localized(keys["description"], what: "description", at: root)
        let decision = reader.localized(keys["decision"], what: "decision", at: root)
        let checklist = reader.string(keys["checklist"], what: "checklist", at: root)
        if let checklist, !checklists.isEmpty, !checklists.contains(checklist) {
            let names = checklists.sorted().joined(separator: ", ")
            reader.report(keys["checklist"], sv: "okänd checklista '\(checklist)' (kända: \(names))", en: "unknown checklist '\(checklist)' (known: \(names))")
        }

        var children: [TrainingCase.Child] = []
        // A group analysis names no child: its case describes groups in the description instead.
        let aboutGroups = checklist == Checklist.groupAnalysisID
        if aboutGroups, let node = keys["children"] {
            reader.report(node, sv: "ett fall för gruppanalysen nämner inga enskilda barn; beskriv barngrupperna i description",
                          en: "a case for the group analysis names no child; describe the groups of children in the description")
        } else if let node = keys["children"], let list = reader.sequence(node, what: "children") {
            if list.isEmpty { reader.report(node, sv: "ett fall behöver minst ett barn", en: "a case needs at least one child") }
            for childNode in list {
                guard let childKeys = reader.mapping(childNode, what: Named(sv: "ett barn", en: "a child"), allowed: ["alias", "age"]),
                      let alias = reader.string(childKeys["alias"], what: "alias", at: childNode),
                      let age = reader.int(childKeys["age"], what: "age", at: childNode)
                else { continue }
                if !(0...17).contains(age) { reader.report(childKeys["age"], sv: "age ska vara 0 till 17, inte \(age)", en: "age must be 0 to 17, not \(age)") }
                children.append(.init(alias: TextHygiene.sanitize(alias, multiline: false), age: age))
            }
        } else if keys["children"] == nil, !aboutGroups {
            reader.report(root, sv: "children saknas", en: "children is missing")
        }

        var discussion: [Localized] = []
        if let node = keys["discussion"], let list = reader.sequence(node, what: "discussion") {
            if list.isEmpty { reader.report(node, sv: "discussion behöver minst en punkt för utbildaren", en: "discussion needs at least one point for the trainer") }
            discussion = list.compactMap { reader.localized($0, what: Named(sv: "en diskussionspunkt", en: "a discussion point"), at: node) }
        } else if keys["discussion"] == nil {
            reader.report(root, sv: "discussion saknas", en: "discussion is missing")
        }

        var rules: [String] = []
        if let node = keys["rules"] {
            rules = reader.strings(node, what: "rules")
            if let checklist, let ofChecklist = known[checklist] {
                for rule in rules where !ofChecklist.contains(rule) {
                    let names = ofChecklist.sorted().joined(separator: ", ")
                    reader.report(node, sv: "okänd regel '\(rule)' i \(checklist) (dess regler: \(names))", en: "unknown rule '\(rule)' in \(checklist) (its rules: \(names))")
                }
            }
        }

        guard reader.problems.isEmpty, let id, let title, let unit, let description, let decision, let checklist else {
            throw Problems(reader.problems)
        }
        var loaded = TrainingCase(id: id, title: title, unit: unit, description: description, children: children,
                                  decision: decision, checklist: checklist, discussion: discussion, file: file)
        loaded.rules = rules
        return loaded
    }

    static func refuseIdentityNumbers(_ node: Node, reader: inout YAMLReader) {
        switch node {
        case .scalar(let scalar):
            if let match = Personnummer.find(in: scalar.string).first {
                reader.report(node, sv: "'\(match.text)' ser ut som ett riktigt personnummer; övningsfall är påhittade: "
                                  + "ta bort det eller använd ett påhittat nummer med fel kontrollsiffra",
                              en: "'\(match.text)' looks like a real personnummer; training cases are fictional: "
                                  + "remove it or use a made-up number with a wrong check digit")
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                refuseIdentityNumbers(key, reader: &reader)
                refuseIdentityNumbers(value, reader: &reader)
            }
        case .sequence(let sequence):
            for child in sequence { refuseIdentityNumbers(child, reader: &reader) }
        case .alias:
            break
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
