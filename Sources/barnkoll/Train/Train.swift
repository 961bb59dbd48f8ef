import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll train`: fictional cases and workshops, in the training store only.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Övning (ÖVNING): påhittade fall, övningstillfällen, jämförelse sida vid sida, radering.", "Training (ÖVNING): fictional cases, workshops, comparison side by side, purge."),
        discussion: Help.t("""
        Allt här använder övningslagret: barnkoll-training.sqlite bredvid det riktiga lagret, eller \
        filen som --store anger. Ett riktigt lager avvisas här, och övningslagret avvisas av de andra \
        kommandona (de tar --training för att använda det, och märker allt de skriver ÖVNING / TRAINING).
        """, """
        Everything here uses the training store: barnkoll-training.sqlite beside the real store, or the \
        file --store names. A real store is refused here, and the training store is refused by the \
        other commands (they take --training to use it, and mark all output ÖVNING / TRAINING).
        """),
        subcommands: [Cases.self, Validate.self, Start.self, Join.self, Status.self, Compare.self, Purge.self,
                      Workshops.self, Grant.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static func sv(_ global: GlobalOptions) -> Bool { global.language == .sv }

    /// A code as typed, checked for shape so a typo is a usage error rather than a lookup.
    static func code(_ text: String) throws -> String {
        let code = Workshop.normalize(text)
        guard code.count == Workshop.codeLength, code.allSatisfy({ Workshop.codeAlphabet.contains($0) }) else {
            throw ValidationError(Messages.ofCommandLine.notACode(text))
        }
        return code
    }

    static func requireTrainer(_ store: any CaseworkStore) throws {
        try store.requireTrainer(Account.current)
    }

    /// Asks on the terminal before something that cannot be undone; true without one only when
    /// `--yes` was given. A pipe or a script never confirms by itself.
    static func confirm(_ question: String, yes: Bool, words: Messages) throws -> Bool {
        if yes { return true }
        guard isatty(STDIN_FILENO) == 1 else { throw Failure(words.confirmWithYes) }
        StandardError.write(question + " ")
        guard let answer = readLine() else { return false }
        return ["j", "ja", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func comparison(_ code: String, store: any CaseworkStore, library: CaseLibrary, language: Language,
                           points: Bool) throws -> WorkshopComparison {
        let me = Account.current
        let workshop = try store.workshop(code)
        let trainingCase = try library.trainingCase(workshop.caseID)
        var analyses: [(pseudonym: String, analysis: Analysis)] = []
        for participant in workshop.participants {
            let analysis = try store.analysis(participant.analysisID, readBy: me)
            analyses.append((participant.pseudonym, analysis))
        }
        return WorkshopComparison(code: code, trainingCase: trainingCase, analyses: analyses, language: language,
                                  showDiscussion: points)
    }
}
