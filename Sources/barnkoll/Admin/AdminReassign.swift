import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Lämna över ett utkast eller en återsänd analys till en kollega när den som skrev den är borta eller har slutat (en chef för enheten eller en administratör; loggas).", "Give a draft or returned analysis to a colleague when its author is away or has left (a supervisor of its unit or an admin; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Analysen, till exempel BKA-2026-0001.", "The analysis, e.g. BKA-2026-0001."), transform: AnalysisID.normalize) var id: String
        @Argument(help: .t("Kontot i operativsystemet som tar över den.", "The operating-system account that takes it over.", value: .account)) var account: String
        @Option(help: .t("Varför den lämnas över (loggas).", "Why it is handed over (audited).", value: .reason)) var reason: String

        func run() throws {
            let store = try global.openStore()
            try store.reassign(id, to: account, reason: reason, by: Account.current)
            print("\(id) → \(account)")
        }
    }
}
