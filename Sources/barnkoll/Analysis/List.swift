import ArgumentParser
import BarnkollCore
import Foundation

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Lista analyser, senast ändrade först.", "List analyses, newest change first."))

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv

        func render(_ summaries: [AnalysisSummary], language: Language) -> String {
            switch self {
            case .table: ListFormats.table(summaries, language: language)
            case .json: ListFormats.summariesJSON(summaries)
            case .csv: ListFormats.summariesCSV(summaries)
            }
        }
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("table, json eller csv.", "table, json or csv.")) var format: Format = .table
    @Option(help: .t("Högst så här många.", "At most this many.", value: .limit), transform: WholeNumber.limit) var limit: Int?

    func run() throws {
        let store = try global.openStore()
        var filter = filters.filter
        filter.limit = limit
        let summaries = try store.list(filter, for: Account.current)
        print(format.render(summaries, language: global.language), terminator: "")
    }
}
