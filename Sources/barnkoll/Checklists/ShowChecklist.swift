import ArgumentParser
import BarnkollCore
import Foundation

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
