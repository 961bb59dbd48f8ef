import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Varje kontos roller och de enheter det arbetar i.", "Every account's roles, and the units it works in."))
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let header = global.language == .sv ? ["KONTO", "ROLL", "ENHET"] : ["ACCOUNT", "ROLE", "UNIT"]
            let rows = try store.grants().map { grant in
                [grant.account, grant.role.rawValue, grant.unit ?? ""].map { TextHygiene.forOutput($0, multiline: false) }
            }
            // The role as it is granted (`admin grant supervisor`), in either language.
            for line in PlainText.columns([header] + rows) { print(line) }
        }
    }
}
