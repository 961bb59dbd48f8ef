import ArgumentParser
import BarnkollCore
import Foundation

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
            FileHandle.standardError.write(Data((problem.text(global.language) + "\n").utf8))
        }
        if !problems.isEmpty {
            throw ExitCode(1)
        }
        print(global.language == .sv ? "\(count) checklistor utan fel" : "\(count) checklists, no problems")
    }
}
