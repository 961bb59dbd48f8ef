import ArgumentParser
import BarnkollCore
import Foundation

struct Checklists: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Checklistorna: lista dem, visa en, kontrollera filer.", "The checklists: list them, show one, validate files."),
        subcommands: [ListChecklists.self, ShowChecklist.self, ValidateChecklists.self],
        defaultSubcommand: ListChecklists.self)
}
