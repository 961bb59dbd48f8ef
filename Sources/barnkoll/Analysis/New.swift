import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll new`: starts a draft and prints its id.
struct New: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Börja en ny analys på skärmen (i radläge: skriv ut dess id och fråga sedan en fråga i taget).", "Start a new analysis in the front end (in plain mode: print its id, then ask item by item)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions
    @Option(help: .t("Checklistan att använda.", "The checklist to use.", value: .checklist)) var checklist = ChecklistCatalog.defaultChecklist
    @Option(name: .customLong("case"), help: .t("Ärendets pseudonyma referens (aldrig ett personnummer).", "The pseudonymous case reference (never a personnummer).", value: .caseRef)) var caseRef: String
    @Option(help: .t("Enheten som fattar beslutet.", "The unit making the decision.", value: .unit)) var unit = ""

    func run() throws {
        let definition = try global.catalog().checklist(checklist)
        // Core answers the case reference and unit items from --case and --unit.
        try Casework.checkNew(checklist: definition, caseRef: caseRef, unit: unit, author: Account.current, answers: [:],
                              kind: global.storeKind)
        let (store, made) = try global.openStoreSayingIfMade(creating: true)
        let summary = try store.create(checklist: definition, caseRef: caseRef, unit: unit, author: Account.current, answers: [:])
        guard FrontEnd.isAvailable(screen) else {
            // The id first and alone on its line, as scripts read it.
            print(summary.id)
            fflush(nil)
            try FrontEnd.runPlain(global, start: .analysis(id: summary.id, item: nil), store: store)
            return
        }
        let analysis = try store.analysis(summary.id, readBy: Account.current)
        try FrontEnd.run(global, screen, start: .analysis(analysis, item: nil, note: made.map { Localized(sv: $0) }), store: store)
    }
}
