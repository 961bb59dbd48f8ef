import ArgumentParser
import BarnkollCore
import Foundation
import Terminal

/// The front end's options, only on the commands that can show it (home, new, open, review's
/// queue, train join and compare): elsewhere they would do nothing, so they are not offered.
struct ScreenOptions: ParsableArguments, ScreenChoices {
    @Flag(help: .t("Radläge: en fråga i taget, ingen helskärm (miljövariabeln BARNKOLL_PLAIN=1; väljs av sig själv utan terminal).", "Plain mode: line-by-line prompts, no full-screen drawing (env BARNKOLL_PLAIN=1; chosen by itself without a terminal)."))
    var plain = false

    @Option(help: .t("Helskärmens färger: default eller high-contrast (miljövariabeln BARNKOLL_THEME).", "The full screen's colours: default or high-contrast (env BARNKOLL_THEME).", value: .theme))
    var theme: Theme?
}

/// The front end's options as values: parsed (`ScreenOptions`) or none given (`NoOptions`).
protocol ScreenChoices {
    var plain: Bool { get }
    var theme: Theme? { get }
}

extension ScreenChoices {
    func chosenTheme(_ words: Messages) throws -> Theme {
        if let theme { return theme }
        guard let name = ProcessEnvironment.values["BARNKOLL_THEME"], !name.isEmpty else { return .standard }
        guard let theme = Theme(rawValue: name) else {
            throw Failure(words.notATheme(name))
        }
        return theme
    }
}

/// A command that shows the front end takes `ScreenOptions`; `Arguments` refuses them elsewhere.
protocol ShowsScreen {}
