import Foundation

/// The checklists barnkoll knows: the shipped ones, and a unit's own beside or instead of them.
public struct ChecklistCatalog: Sendable {
    /// The checklist a new analysis takes when none is chosen: `new`, `fill` and both new-analysis forms.
    public static let defaultChecklist = "barnkonsekvensanalys"

    /// By id; a later folder's checklist replaces an earlier one with the same id.
    public private(set) var checklists: [String: Checklist] = [:]
    /// The references a document shows, by id: the table without its withdrawn entries.
    public private(set) var references: [String: LegalReference] = [:]
    /// Every id of the table, withdrawn ones too, so an older checklist that cites one still loads.
    public private(set) var knownReferences: Set<String> = []
    /// Where each checklist was read from.
    public private(set) var files: [String: String] = [:]
    /// The kinds of decision (`decision-kinds.yaml`): a later folder's list replaces an earlier one.
    public private(set) var decisionKinds: [ChoiceOption] = []

    public init() {}

    /// A catalog of the given checklists (the newest definitions a store's drafts move onto).
    public init(_ checklists: [Checklist], references: [String: LegalReference] = [:]) {
        for checklist in checklists { self.checklists[checklist.id] = checklist }
        self.references = references
    }

    public var sorted: [Checklist] { checklists.values.sorted { $0.id < $1.id } }

    /// Each checklist's rule ids, for training cases that name the rules they exercise.
    public var ruleIDs: [String: Set<String>] { checklists.mapValues { Set($0.rules.map(\.id)) } }

    /// What a list shows for a checklist's rule: its title in the reader's language, or its id
    /// when the checklist (or the rule) is not known here or gives it no title.
    public func ruleName(_ rule: String, in checklist: String, _ language: Language) -> String {
        checklists[checklist]?.ruleName(rule, language) ?? rule
    }

    public func checklist(_ id: String) throws(CatalogError) -> Checklist {
        guard let checklist = checklists[id] else {
            throw CatalogError.unknownChecklist(id, known: checklists.keys.sorted())
        }
        return checklist
    }

    /// Loads every `*.yaml` in the folders, in order. Throws every problem in every file.
    public static func load(directories: [URL]) throws(Problems) -> ChecklistCatalog {
        var catalog = ChecklistCatalog()
        var problems: [Problem] = []
        for directory in directories {
            let referencesFile = directory.appendingPathComponent("references.yaml")
            if let data = FileManager.default.contents(atPath: referencesFile.path) {
                do {
                    let text = try AnswerInput.decodeUTF8(data, file: referencesFile.path)
                    for reference in try ChecklistLoader.loadReferences(yaml: text, file: referencesFile.path) {
                        catalog.knownReferences.insert(reference.id)
                        catalog.references[reference.id] = reference.withdrawn == nil ? reference : nil
                    }
                } catch {
                    problems += error.problems
                }
            }
            let kindsFile = directory.appendingPathComponent(DecisionKinds.fileName).path
            if FileManager.default.fileExists(atPath: kindsFile) {
                do {
                    catalog.decisionKinds = try DecisionKinds.loadFile(kindsFile)
                } catch {
                    problems += error.problems
                }
            }
        }
        let known = catalog.knownReferences
        let kinds = catalog.decisionKinds
        for directory in directories {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                problems.append(Problem(file: directory.path, line: 1, column: 1,
                                        words: Localized(sv: "mappen med checklistor kan inte läsas", en: "cannot read the checklist folder")))
                continue
            }
            for name in names.sorted() where name.hasSuffix(".yaml") && name != "references.yaml" && name != DecisionKinds.fileName {
                let path = directory.appendingPathComponent(name).path
                do {
                    let checklist = try loadFile(path, knownReferences: known, decisionKinds: kinds.isEmpty ? nil : kinds)
                    catalog.checklists[checklist.id] = checklist
                    catalog.files[checklist.id] = path
                } catch {
                    problems += error.problems
                }
            }
        }
        if !problems.isEmpty { throw Problems(problems) }
        return catalog
    }

    /// `decisionKinds`: the list to take; without it, the `decision-kinds.yaml` beside the file, if any.
    public static func loadFile(_ path: String, knownReferences: Set<String> = [],
                                decisionKinds: [ChoiceOption]? = nil) throws(Problems) -> Checklist {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problems([Problem(file: path, line: 1, column: 1, words: Problem.cannotRead)])
        }
        let text = try AnswerInput.decodeUTF8(data, file: path)
        var kinds = decisionKinds
        let beside = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(DecisionKinds.fileName).path
        if kinds == nil, text.contains("options_from:"), FileManager.default.fileExists(atPath: beside) {
            kinds = try DecisionKinds.loadFile(beside)
        }
        return try ChecklistLoader.load(yaml: text, file: path, knownReferences: knownReferences, decisionKinds: kinds)
    }

    /// The shipped `checklists/` folder, found without flags from any working directory: beside an
    /// installed binary (`../share/barnkoll/checklists`), above a binary built in the source tree,
    /// or in the source tree this was compiled from.
    public static func shippedDirectory(executable: String? = executablePath()) -> URL? {
        // Plain paths, asked on every start: Bundle.main listed the binary's folder twice, and URL's
        // path arithmetic cost as much again.
        func parent(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }
        func inside(_ folder: String, _ name: String) -> String { folder == "/" ? "/" + name : folder + "/" + name }
        var candidates: [String] = []
        if let executable {
            let bin = parent(executable)
            candidates.append(inside(parent(bin), "share/barnkoll/checklists"))
            var directory = bin
            for _ in 0..<6 {
                candidates.append(inside(directory, "checklists"))
                directory = parent(directory)
            }
        }
        candidates.append(inside(parent(parent(parent(#filePath))), "checklists"))
        return candidates.first(where: isShippedDirectory).map { URL(fileURLWithPath: $0) }
    }

    /// The running binary, symbolic links resolved.
    public static func executablePath() -> String? {
        #if os(Linux)
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
        Bundle.main.executableURL?.resolvingSymlinksInPath().path
        #endif
    }

    static func isShippedDirectory(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/barnkonsekvensanalys.yaml")
            && FileManager.default.fileExists(atPath: path + "/references.yaml")
    }
}

public enum CatalogError: Error, Sendable, CustomStringConvertible {
    case unknownChecklist(String, known: [String])
    case shippedNotFound

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        let sv = language == .sv
        switch self {
        case .unknownChecklist(let id, let known):
            let id = TextHygiene.forOutput(id, multiline: false)
            let known = known.joined(separator: ", ")
            return sv ? "okänd checklista '\(id)' (kända: \(known)); se `barnkoll checklists list`"
                      : "unknown checklist '\(id)' (known: \(known)); see `barnkoll checklists list`"
        case .shippedNotFound:
            return sv ? "hittar inte mappen med de medföljande checklistorna; visa barnkoll en med --checklists MAPP"
                      : "cannot find the shipped checklists folder; point barnkoll at one with --checklists DIR"
        }
    }
}
