import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Compare: ParsableCommand, ShowsScreen {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Alla deltagares svar sida vid sida, fråga för fråga; diskussionspunkterna när alla har skickat in.", "All participants' answers side by side, item by item; the discussion points once all have submitted."),
            discussion: "In a terminal, with the text format, it opens as a screen: r reads the answers again, p shows the discussion points.")
        enum CompareFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }
        @OptionGroup var global: GlobalOptions
        @OptionGroup var screen: ScreenOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.", value: .code)) var code: String
        @Option(help: .t("text, json eller markdown.", "text, json or markdown.")) var format: CompareFormat = .text
        @Flag(help: .t("Visa diskussionspunkterna innan alla har skickat in.", "Show the discussion points before everyone has submitted.")) var points = false

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let catalog = try global.catalog()
            let library = try global.caseLibrary(catalog)
            let store = try global.openTrainingStore()
            try Train.requireTrainer(store)
            let code = try Train.code(self.code)
            let language = global.language
            let comparison = try Train.comparison(code, store: store, library: library, language: language, points: points)
            if format == .text && FrontEnd.isAvailable(screen) {
                try FrontEnd.run(global, screen, start: .comparison(comparison, reload: { points in
                    try? Train.comparison(code, store: store, library: library, language: language, points: points)
                }), store: store)
                return
            }
            switch format {
            case .text: print(comparison.text(), terminator: "")
            case .markdown: print(comparison.markdown(), terminator: "")
            case .json: print(comparison.json(), terminator: "")
            }
        }
    }
}
