import ArgumentParser
import BarnkollCore
import Foundation

struct ReviewList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: Help.t("Analyser som väntar på granskning (eller med --status), den som väntat längst först.", "Analyses waiting for review (or of --status), longest waiting first."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("table, json eller csv.", "table, json or csv.")) var format: List.Format = .table
    @Option(help: .t("Högst så här många.", "At most this many.", value: .limit), transform: WholeNumber.limit) var limit: Int?

    func run() throws {
        let store = try global.openStore()
        var filter = filters.filter
        filter.status = filter.status ?? .submitted
        filter.order = .oldestFirst
        filter.limit = limit
        let queue = try store.list(filter, for: Account.current)
        print(format.render(queue, language: global.language), terminator: "")
    }
}
