import ArgumentParser
import BarnkollCore
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Många analyser på en gång, till en fil eller standard ut.", "Many analyses at once, to a file or stdout."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("json, csv eller markdown.", "json, csv or markdown.")) var format: Format
    @Option(help: .t("Skriv till den här filen (0600, skrivs i ett svep) i stället för standard ut.", "Write to this file (0600, written atomically) instead of stdout.")) var output: String?

    func run() throws {
        let store = try global.openStore()
        let me = Account.current
        let references = format == .markdown ? (try? global.catalog().references) ?? [:] : [:]
        let language = global.language
        let training = store.kind == .training
        // The text is made while the reads are logged, and handed back only once they are.
        let (text, count) = try store.analyses(filters.filter, readBy: me, history: format != .csv) { analyses in
            let text = switch format {
            case .json: ListFormats.analysesJSON(analyses, language: language, training: training)
            case .csv: ListFormats.analysesCSV(analyses, training: training)
            case .markdown: ListFormats.analysesMarkdown(analyses, language: language, references: references, training: training)
            }
            return (text, analyses.count)
        }
        if let output {
            try Output.writeAtomically(text, to: output)
            Output.warning(global.words.exported(count, to: output))
        } else {
            print(text, terminator: "")
        }
    }
}
