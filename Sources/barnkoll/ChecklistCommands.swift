import ArgumentParser
import BarnkollCore
import Foundation

struct Checklists: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Checklistorna: lista dem, visa en, kontrollera filer.", "The checklists: list them, show one, validate files."),
        subcommands: [ListChecklists.self, ShowChecklist.self, ValidateChecklists.self])
}

struct ListChecklists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: Help.t("Checklistorna som barnkoll känner till.", "The checklists barnkoll knows."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("table eller json.", "table or json.")) var format: Format = .table

    func run() throws {
        let catalog = try global.catalog()
        let language = global.language
        switch format {
        case .table:
            for checklist in catalog.sorted {
                print("\(checklist.id)  v\(checklist.version)  \(TextHygiene.forOutput(checklist.title.text(language), multiline: false))  \(catalog.files[checklist.id] ?? "")")
            }
        case .json:
            print(AnalysisDocument.serialize(catalog.sorted.map { checklist -> [String: Any] in
                ["id": checklist.id, "version": checklist.version, "id_prefix": checklist.idPrefix,
                 "title": checklist.title.text(language), "file": catalog.files[checklist.id] ?? "",
                 "sections": checklist.sections.count, "items": checklist.allItems.count]
            }), terminator: "")
        }
    }
}

struct ShowChecklist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: Help.t("En checklista: dess avsnitt och frågor, eller varje frågas id, typ, om den är obligatorisk och villkor som JSON.", "One checklist: its sections and items, or every item's id, type, required and condition as JSON."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Checklistans id.", "The checklist id.")) var id: String
    @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

    func run() throws {
        let catalog = try global.catalog()
        let checklist = try catalog.checklist(id)
        let outline = ChecklistOutline(checklist: checklist, language: global.language, references: catalog.references)
        print(format == .json ? outline.json() : outline.text(), terminator: "")
    }
}

struct ValidateChecklists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: Help.t("Kontrollera checklistfiler; varje fel som FIL:RAD:KOL: meddelande.", "Check checklist files; every problem as FILE:LINE:COL: message."),
        discussion: "With no files, checks the shipped checklists and the unit's own (--checklists).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Checklistfiler att kontrollera.", "Checklist files to check.")) var files: [String] = []

    func run() throws {
        var problems: [Problem] = []
        var count = 0
        if files.isEmpty {
            do {
                count = try ChecklistCatalog.load(directories: global.checklistDirectories).checklists.count
            } catch {
                problems = error.problems
            }
        } else {
            let known = (try? ChecklistCatalog.load(directories: global.checklistDirectories))?.knownReferences ?? []
            for file in files {
                do {
                    // The list of kinds of decision is checked as what it is.
                    if URL(fileURLWithPath: file).lastPathComponent == DecisionKinds.fileName {
                        _ = try DecisionKinds.loadFile(file)
                    } else {
                        _ = try ChecklistCatalog.loadFile(file, knownReferences: known)
                    }
                    count += 1
                } catch {
                    problems += error.problems
                }
            }
        }
        for problem in problems {
            FileHandle.standardError.write(Data((problem.description + "\n").utf8))
        }
        if !problems.isEmpty {
            throw ExitCode(1)
        }
        print(global.language == .sv ? "\(count) checklistor utan fel" : "\(count) checklists, no problems")
    }
}
