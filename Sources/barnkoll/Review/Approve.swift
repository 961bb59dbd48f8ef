import ArgumentParser
import BarnkollCore
import Foundation

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Godkänn en inskickad analys. Den ändras aldrig efteråt.", "Approve a submitted analysis. It never changes afterwards."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("En kommentar till handläggaren.", "A comment for the caseworker.", value: .comment)) var comment: String?

    func run() throws {
        let store = try global.openStore()
        let anchor = try store.approve(id, by: Account.current, comment: comment)
        print("\(id): \(AnalysisStatus.approved.label(global.language))")
        // The receipt: the same line the system log got, for `verify --anchor --log` if it did not.
        print(anchor.head.logLine)
        if let why = anchor.notLogged {
            Output.warning(global.words.notLogged(why))
        }
    }
}
