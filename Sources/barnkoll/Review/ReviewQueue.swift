import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review`: the queue in the front end; printed as a list where there is no full screen.
struct ReviewQueue: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: Help.t("Granskningskön på skärmen (förval; chefer).", "The review queue in the front end (the default; supervisors)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let store = try global.openStore()
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, start: .reviewQueue, store: store)
        } else {
            try FrontEnd.runPlain(global, start: .reviewQueue, store: store)
        }
    }
}
