import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll revise ID`: a change of substance after approval. The approved version stays as it
/// was; a new draft version starts from its answers and goes through review again.
struct Revise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Börja en ny version av en godkänd analys, för att ändra den och få den granskad igen (bara den som skrev den).", "Start a new version of an approved analysis, to change it and have it reviewed again (the author only)."),
        discussion: Help.t("""
        Den godkända versionen ändras aldrig; den nya versionen börjar som ett utkast med dess svar, \
        ändras med barnkoll open eller barnkoll fill --into och skickas in och granskas som alla utkast. \
        Det som hänt efter beslutet (återkoppling, uppföljning, utfallet) behöver ingen ny version: \
        skriv det med barnkoll note.
        """, """
        The approved version never changes; the new version starts as a draft with its answers, is \
        changed with barnkoll open or barnkoll fill --into, and is submitted and reviewed as any draft. \
        What happened after the decision (feedback given, a follow-up done, the outcome) needs no new \
        version: write it with barnkoll note.
        """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

    func run() throws {
        let store = try global.openStore()
        try store.revise(id, by: Account.current)
        let next = try store.header(id).summary.versions + 1
        print(global.language == .sv
              ? "\(id): version \(next) påbörjad som utkast; ändra med barnkoll open \(id) och skicka in igen"
              : "\(id): version \(next) started as a draft; change it with barnkoll open \(id) and submit it again")
    }
}
