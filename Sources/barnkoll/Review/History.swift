import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review history ID`: the versions and the decisions on each, and the hand-overs and
/// moves with their reasons.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("En analys versioner och granskningen av var och en, och dess överlämningar och flyttar med skälen.", "The versions of an analysis and the reviews of each, and its hand-overs and moves with their reasons."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

    func run() throws {
        let store = try global.openStore()
        let analysis = try Casework.readingOldID(id, in: store, note: global.note) { () throws(StoreError) in
            try store.analysis(id, readBy: Account.current)
        }
        let language = global.language
        let history = VersionHistory(analysis)
        func printReviews(of number: Int) {
            for review in history.reviews(number) {
                let comment = review.comment.map { "  \(TextHygiene.forOutput($0, multiline: false))" } ?? ""
                // An overridden stop by its title in the checklist the analysis was made with, as its
                // case-file document names it; a later version of the checklist may call it otherwise.
                let decided = TextHygiene.forOutput(review.decided(in: analysis.checklist, language), multiline: false)
                print("    \(review.at)  \(review.reviewer)  \(decided)\(comment)")
                for (item, text) in review.itemComments.sorted(by: { $0.key < $1.key }) {
                    print("      \(item): \(TextHygiene.forOutput(text, multiline: false))")
                }
            }
        }
        // Hand-overs and moves where they fall in time, before the version made after them.
        func printTransfers(before number: Int) {
            for transfer in history.transfers(before: number) {
                print("    \(transfer.at)  \(transfer.line(language) { TextHygiene.forOutput($0, multiline: false) })")
            }
        }
        // An override made on a draft before its first submission belongs to no version.
        printReviews(of: 0)
        for version in analysis.versions {
            printTransfers(before: version.number)
            print("v\(version.number)  \(version.createdAt)  \(version.createdBy)  \(version.status.label(language))  sha256:\(version.contentHash)")
            printReviews(of: version.number)
        }
        printTransfers(before: VersionHistory.current)
        // In time order, as the review screen lists it: what is now comes last.
        if analysis.versions.isEmpty { print(global.words.noVersionYet) }
    }
}
