import ArgumentParser
import BarnkollCore
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Många analyser på en gång, till en fil eller standard ut.", "Many analyses at once, to a file or stdout."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("json, csv eller markdown.", "json, csv or markdown.")) var format: Format
    @Option(help: .t("Skriv till den här filen (0600, skrivs i ett svep) i stället för standard ut.", "Write to this file (0600, written atomically) instead of stdout.", value: .file)) var output: String?

    func run() throws {
        let store = try global.openStore()
        let me = Account.current
        let references = format == .markdown ? (try? global.catalog().references) ?? [:] : [:]
        let language = global.language
        let training = store.kind == .training
        // The text is made while the reads are logged, and handed back only once they are; a
        // CSV's lines a part at a time, as the store reads them.
        let (parts, count): ([[UInt8]], Int)
        var masked: [Localized] = []
        if format == .csv {
            let read = try store.analysisParts(filters.filter, readBy: me, history: false) {
                ListFormats.csvRows(for: $0, training: training)
            }
            (parts, count) = (ListFormats.csvParts(read, training: training), read.count)
        } else {
            (parts, count, masked) = try store.analyses(filters.filter, readBy: me) { analyses in
                guard format == .markdown else {
                    return ([Array(ListFormats.analysesJSON(analyses, language: language, training: training).utf8)], analyses.count, [])
                }
                let markdown = ListFormats.analysesMarkdown(analyses, language: language, references: references, training: training)
                return ([Array(markdown.text.utf8)], analyses.count, markdown.masked)
            }
        }
        for line in masked { Output.warning(line.text(language)) }
        if let output {
            try Output.writeAtomically(parts, to: output)
            Output.warning(global.words.exported(count, to: output))
        } else {
            try Output.writeStandardOutput(parts)
        }
    }
}
