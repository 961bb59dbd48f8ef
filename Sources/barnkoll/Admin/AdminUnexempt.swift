import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Unexempt: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Låt en undantagen analys raderas vid sin tid igen; loggas.", "Let an exempt analysis be purged again at its time; audited."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

        func run() throws {
            let store = try global.openStore()
            try store.setRetentionExempt(id, reason: nil, by: Account.current)
            print(global.words.retentionExempt(id, exempt: false))
        }
    }
}
