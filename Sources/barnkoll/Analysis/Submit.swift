import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll submit ID`.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Skicka in ett utkast för granskning; listar det som saknas om det inte går.", "Submit a draft for review; lists what is missing if it cannot."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

    func run() throws {
        try Self.submit(id, store: global.openStore(), language: global.language)
    }

    static func submit(_ id: String, store: any CaseworkStore, language: Language) throws {
        do {
            let status = try store.submit(id, by: Account.current)
            print("\(id): \(status.label(language))")
        } catch {
            guard case .incomplete(_, let missing, let hardStops) = error else { throw error }
            let words = Messages(language)
            throw Failure(words.cannotSubmit(id, missing: missing.count, hardStops: hardStops.count),
                          details: missing.map { words.missingLine($0.path.description, section: $0.section, $0.reason.text(language)) }
                              + hardStops.map { words.hardStopLine($0.rule, $0.message.text(language)) })
        }
    }
}
