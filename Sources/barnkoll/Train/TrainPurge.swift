import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Ta bort ett övningstillfälle helt: varje deltagares analys och dess sökindex, nollat på disken (loggas).", "Remove a workshop completely: every participant's analysis, its search index entries, zeroed on disk (audited)."),
            discussion: "Asks first in a terminal; --yes answers for a script. Try --dry-run to see what would go.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.", value: .code)) var code: String
        @Flag(help: .t("Lista vad som skulle tas bort; ta inte bort något.", "List what would be removed; remove nothing.")) var dryRun = false
        @Flag(help: .t("Fråga inte: för skript, där ingen terminal finns att svara i.", "Do not ask: for scripts, where there is no terminal to answer in.")) var yes = false

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let store = try global.openTrainingStore()
            let code = try Train.code(self.code)
            let words = global.words
            if dryRun {
                try store.requireTrainer(Account.current)
                let workshop = try store.workshop(code)
                print(words.wouldPurge(code, workshop.participants.count))
                for participant in workshop.participants {
                    print("  \(participant.analysisID)  \(TextHygiene.forOutput(participant.pseudonym, multiline: false))")
                }
                return
            }
            let workshop = try store.workshop(code)
            guard try Train.confirm(words.confirmPurge(code, workshop.participants.count), yes: yes, words: words) else {
                print(words.nothingPurged)
                return
            }
            let removed = try store.purgeWorkshop(code, by: Account.current)
            print(words.purged(code, removed))
        }
    }
}
