import ArgumentParser
import BarnkollCore
import Foundation

struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Återsänd en inskickad analys till den som skrev den, med vad som saknas.", "Return a submitted analysis to its author, saying what is missing."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("Vad som saknas (obligatoriskt).", "What is missing (required).", value: .comment)) var comment: String
    @Option(name: .customLong("item"), help: .t("En kommentar vid en fråga, som handläggaren ser där.", "A comment at one item, shown there to the caseworker.", value: .itemComment))
    var items: [String] = []

    func validate() throws {
        for item in items where !item.contains(":") {
            throw ValidationError(global.words.itemComment)
        }
    }

    func run() throws {
        var comments: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            comments[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let store = try global.openStore()
        try store.return(id, by: Account.current, comment: comment, itemComments: comments)
        print("\(id): \(AnalysisStatus.returned.label(global.language))")
    }
}
