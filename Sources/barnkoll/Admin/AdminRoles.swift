import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Varje kontos roller och de enheter det arbetar i.", "Every account's roles, and the units it works in."))
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            for grant in try store.grants() {
                print("\(grant.account)  \(grant.role.rawValue)" + (grant.unit.map { "  \($0)" } ?? ""))
            }
        }
    }
}
