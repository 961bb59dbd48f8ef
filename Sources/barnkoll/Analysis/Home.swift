import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll`: the home overview of one's own analyses.
struct Home: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        commandName: "home", abstract: Help.t("Startsidan: ny analys, dina återsända analyser, utkast och inskickade (förval).", "The front end's home: new analysis, your returned analyses, drafts and submitted ones (the default)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let store = try global.openStore(creating: true)
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, store: store)
        } else {
            try FrontEnd.runPlain(global, start: .home, store: store)
        }
    }
}

extension Home {
    /// `barnkoll` with no arguments: every option at its default, so the environment decides.
    static var bare: Home {
        var home = Home()
        home.global = .defaults
        home.screen = .defaults
        return home
    }
}
