import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Ge ett konto en roll, i hela förvaltningen eller i en enhet (bara administratörer; loggas).", "Give an account a role, across the administration or in one unit (admins only; audited)."),
            discussion: Help.t("Med --unit arbetar kontot i den enheten: en handläggare ser dess analyser, en chef granskar dem.",
                               "With --unit, the account works in that unit: a caseworker sees its analyses, a supervisor reviews them."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("caseworker, supervisor, trainer eller admin.", "caseworker, supervisor, trainer or admin.", value: .role)) var role: Role
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.", value: .account)) var account: String
        @Option(help: .t("Enheten, från `barnkoll admin units list`.", "The unit, from `barnkoll admin units list`.", value: .unit)) var unit: String?

        func run() throws {
            let store = try global.openStore(creating: true)
            let grant = try store.setRole(role, for: account, granted: true, by: Account.current, unit: unit)
            print("\(grant.account): +\(role.rawValue)" + (grant.unit.map { " (\($0))" } ?? ""))
        }
    }
}
