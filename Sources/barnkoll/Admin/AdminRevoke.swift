import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Ta en roll från ett konto (bara administratörer; loggas).", "Take a role from an account (admins only; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("caseworker, supervisor, trainer eller admin.", "caseworker, supervisor, trainer or admin.", value: .role)) var role: Role
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.", value: .account)) var account: String
        @Option(help: .t("Enheten där rollen gällde.", "The unit the role was held in.", value: .unit)) var unit: String?

        func run() throws {
            let store = try global.openStore()
            let grant = try store.setRole(role, for: account, granted: false, by: Account.current, unit: unit)
            print("\(grant.account): -\(role.rawValue)" + (grant.unit.map { " (\($0))" } ?? ""))
        }
    }
}
