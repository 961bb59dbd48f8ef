import ArgumentParser
import BarnkollCore
import Foundation

struct Override: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Häv ett stopp på ett godtagbart skäl, med en skriftlig förklaring (bara chefer; loggas).", "Override a hard stop on an accepted ground, with a written explanation (supervisors only; audited)."),
        discussion: Help.t("""
            Där barnets bästa är avgörande (vård och behandling, vårdnad, boende och umgänge) är ett beslut \
            emot det inte lagligt: ett stopp hävs bara för att ärendet inte är av det slaget (felklassat), för att \
            förslaget ska ändras (ändras) eller för att ärendet går till nämnden (nämnden).
            """, """
            Where the child's best interest is decisive (care and treatment, custody, residence and contact), a decision \
            against it is not lawful: a stop is lifted only because the matter is not of that kind (felklassat), because \
            the proposal will be changed (ändras), or because the matter goes to the board (nämnden).
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("Skälet: felklassat, ändras eller nämnden (obligatoriskt).", "The ground: felklassat, ändras or nämnden (required).", value: .ground)) var ground: String
    @Option(help: .t("Förklaringen (obligatorisk).", "The explanation (required).", value: .reason)) var reason: String
    @Option(help: .t("Stoppets regel, när analysen har fler än ett.", "The hard-stop rule, when the analysis has more than one.", value: .rule)) var rule: String?

    func run() throws {
        guard let ground = OverrideGround(name: ground) else {
            throw Failure(global.words.unknownGround(ground))
        }
        let store = try global.openStore()
        let me = Account.current
        let analysis = try store.analysis(id, readBy: me)
        let stops = analysis.evaluate().blockingHardStops.map(\.rule)
        guard let chosen = rule ?? (stops.count == 1 ? stops.first : nil) else {
            throw Failure(global.words.whichHardStop(id, stops.map { (rule: $0, title: title($0, in: analysis)) }))
        }
        try store.override(id, rule: chosen, ground: ground, by: me, reason: reason)
        print(global.words.overridden(id, title(chosen, in: analysis)))
    }

    /// A stop by its title in the analysis's own checklist, as the histories and the document name
    /// it; `--rule` takes the id.
    private func title(_ rule: String, in analysis: Analysis) -> String {
        TextHygiene.forOutput(analysis.checklist.ruleName(rule, global.language), multiline: false)
    }
}
