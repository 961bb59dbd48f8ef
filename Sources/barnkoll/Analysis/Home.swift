import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll`: the home overview of one's own analyses.
struct Home: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        commandName: "home", abstract: Help.t("Startsidan: ny analys, dina återsända analyser, utkast och inskickade (förval).", "The front end's home: new analysis, your returned analyses, drafts and submitted ones (the default)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws { try Self.show(global, screen) }

    /// `barnkoll` with no arguments, started without ArgumentParser: its parse of even no
    /// arguments took a quarter of the time to the first screen, and its options' wrappers a tenth.
    static func runBare() throws { try show(NoOptions(), NoOptions()) }

    private static func show(_ global: some StoreOptions, _ screen: some ScreenChoices) throws {
        let (store, made) = try global.openStoreSayingIfMade(creating: true)
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, store: store, notice: made)
        } else {
            try FrontEnd.runPlain(global, start: .home, store: store)
        }
    }
}
