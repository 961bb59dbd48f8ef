import ArgumentParser
import BarnkollCore
import Foundation

struct ValidateChecklists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: Help.t("Kontrollera checklistfiler; varje fel som FIL:RAD:KOL: meddelande.", "Check checklist files; every problem as FILE:LINE:COL: message."),
        discussion: Help.t("""
        Utan filer kontrolleras de levererade checklistorna och enhetens egna (--checklists). Ett \
        stopp som läser något som årets siffror inte håller, eller som saknar titel, nämns i en rad \
        "obs:" på standard ut (slutkod 0).
        """, """
        With no files, checks the shipped checklists and the unit's own (--checklists). A hard stop that \
        reads what the yearly figures do not keep, or has no title, is named in a "note:" line on \
        standard output (exit 0).
        """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Checklistfiler att kontrollera.", "Checklist files to check.", value: .files)) var files: [String] = []

    func run() throws {
        var problems: [Problem] = []
        var loaded: [(file: String, checklist: Checklist)] = []
        var count = 0
        if files.isEmpty {
            do {
                let catalog = try ChecklistCatalog.load(directories: global.checklistDirectories)
                count = catalog.checklists.count
                loaded = catalog.checklists.keys.sorted().compactMap { id in
                    catalog.checklists[id].map { (catalog.files[id] ?? id, $0) }
                }
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
                        loaded.append((file, try ChecklistCatalog.loadFile(file, knownReferences: known)))
                    }
                    count += 1
                } catch {
                    problems += error.problems
                }
            }
        }
        for problem in problems {
            StandardError.write(problem.text(global.language) + "\n")
        }
        if !problems.isEmpty {
            throw ExitCode(1)
        }
        for (file, checklist) in loaded {
            for read in HardStopCheck(checklist: checklist).uncountedReads {
                print(Self.note(read, file: file, language: global.language))
            }
            for rule in checklist.rules where rule.kind == .hardStop && rule.title == nil {
                print(Self.untitled(rule.id, file: file, language: global.language))
            }
        }
        print(global.words.checklistsValid(count))
    }

    /// Not a problem (the stop works on the worksheet), but its author should know before the
    /// yearly figures count it.
    static func note(_ read: HardStopCheck.UncountedRead, file: String, language: Language) -> String {
        let item = read.group.map { "\($0)/\(read.item)" } ?? read.item
        return language == .sv
            ? "\(file): obs: stoppet '\(read.rule)' läser '\(item)', som årets siffror inte håller; där räknas stoppet inte som på arbetsbladet (gör frågan till en egen fråga, eller regeln till en varning)"
            : "\(file): note: the stop '\(read.rule)' reads '\(item)', which the yearly figures do not keep; there the stop is not counted as on the worksheet (make it an item of its own, or the rule a warning)"
    }

    /// A supervisor's follow-up list and the review history name a stop by its title, in the
    /// user's language; without one they show its id.
    static func untitled(_ rule: String, file: String, language: Language) -> String {
        language == .sv
            ? "\(file): obs: stoppet '\(rule)' har ingen titel (title: {sv: …, en: …}); uppföljningslistan och granskningshistoriken visar då regelns id"
            : "\(file): note: the stop '\(rule)' has no title (title: {sv: …, en: …}); the follow-up list and the review history then show the rule's id"
    }
}
