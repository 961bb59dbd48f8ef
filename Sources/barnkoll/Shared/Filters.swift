import ArgumentParser
import BarnkollCore
import Foundation

/// Filters shared by `list` and `export`.
struct Filters: ParsableArguments {
    @Option(help: .t("Analysens status; namnen på engelska går också (draft, submitted, returned, approved, closed).", "The analysis's status; the Swedish names work too (utkast, inskickad, återsänd, godkänd, avslutad)."))
    var status: AnalysisStatus?
    @Option(help: .t("Handläggarens konto.", "The caseworker's account.", value: .account)) var author: String?
    @Option(help: .t("Enheten.", "The unit.", value: .unit)) var unit: String?
    @Option(help: .t("Checklistans id.", "The checklist id.", value: .checklist)) var checklist: String?
    @Option(help: .t("Skapad detta datum eller senare.", "Created on or after this date.", value: .date)) var since: String?
    @Option(help: .t("Skapad detta datum eller tidigare.", "Created on or before this date.", value: .date)) var until: String?
    @Option(help: .t("Ord som ska finnas i svaren.", "Words that must appear in the answers.", value: .words)) var search: String?

    func validate() throws {
        for (name, value) in [("since", since), ("until", until)] {
            if let value, !ISODate.isValid(value) { throw ValidationError(Messages.ofCommandLine.notADate("--\(name)", value)) }
        }
    }

    var filter: AnalysisFilter {
        AnalysisFilter(status: status, author: author, unit: unit, checklist: checklist, since: since, until: until, search: search)
    }
}

/// A status by its name in either language (`godkänd` as well as `approved`).
extension AnalysisStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let status = AnalysisStatus.named(argument) else { return nil }
        self = status
    }

    /// The names a refusal offers, in the run's language: a Swedish user was offered only the
    /// English ones, though the help names the Swedish first.
    public static var allValueStrings: [String] {
        allCases.map { String($0.label(Help.language).prefix { $0 != "," }) }
    }
}
