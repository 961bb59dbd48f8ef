import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Gör ett konto till utbildare i övningslagret (bara dess administratörer; loggas).", "Make an account a trainer in the training store (its admins only; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.", value: .account)) var account: String

        func run() throws {
            let store = try global.openTrainingStore(creating: true)
            _ = try store.setRole(.trainer, for: account, granted: true, by: Account.current)
            print("\(account): +trainer")
        }
    }
}
