import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Exempt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Behåll en analys efter bevarandetiden (ett överklagande, ett ärende som är öppet någon annanstans); loggas.", "Keep an analysis past its retention (an appeal, a case still open elsewhere); audited."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
        @Option(help: .t("Varför den behålls (obligatoriskt).", "Why it is kept (required).", value: .reason)) var reason: String

        func run() throws {
            let store = try global.openStore()
            try store.setRetentionExempt(id, reason: reason, by: Account.current)
            print(global.words.retentionExempt(id, exempt: true))
        }
    }
}
