import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll open ID`: the analysis as it stands, with what is missing.
struct Open: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Öppna en analys på skärmen, vid en fråga (i radläge: en fråga i taget).", "Open an analysis in the front end, at an item (in plain mode: ask item by item)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions
    @Argument(help: .t("Analysens id, till exempel BKA-2026-0042.", "The analysis id, like BKA-2026-0042."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("Frågan att börja vid.", "The item to start at.", value: .item)) var item: String?

    func run() throws {
        let store = try global.openStore()
        let catalog = try global.catalog()
        // A draft on an older definition moves onto the newest first (Core's `openForWork`).
        let screen = FrontEnd.isAvailable(screen) ? screen : nil
        // On the screen the renumbering is said in its first frame; standard error would be hidden by it.
        var renumbered: Localized?
        var toldOnScreen = false
        // A refusal after it was read (an unknown --item, a store error) still tells it, on standard error.
        defer { if !toldOnScreen, let renumbered { global.note(renumbered) } }
        let (analysis, moved) = try Casework.readingOldID(id, in: store, note: { screen == nil ? global.note($0) : (renumbered = $0) }) {
            () throws(StoreError) in try store.openForWork(id, catalog: catalog, by: Account.current)
        }
        if let item, analysis.checklist.item(item) == nil, analysis.checklist.groupAsking(item) == nil {
            throw Failure(global.words.noItem(item, in: analysis.checklist.id))
        }
        if let screen {
            toldOnScreen = true
            try FrontEnd.run(global, screen, start: .analysis(analysis, item: item, moved: moved, note: renumbered), store: store)
        } else {
            try FrontEnd.runPlain(global, start: .analysis(id: id, item: item), store: store)
        }
    }
}
