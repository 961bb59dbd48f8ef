import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll stats`: the yearly indicators and the barnbokslut. Aggregates only, real store only.
struct Stats: ParsableCommand, RealStoreOnly {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Årets indikatorer för chefer; markdown och html är barnbokslutet till nämnden.", "Yearly indicators for supervisors; markdown and html are the barnbokslut for the board."),
        discussion: Help.t("""
        Räknar analyser efter året de först skickades in, genom deras senast inskickade version. \
        Antal från 1 till 4 visas som <5, och en andel som skulle röja dem som dold. Bara chefer och administratörer; övningslagret räknas aldrig.
        """, """
        Counts analyses by the year of their first submission, through their latest submitted version. \
        Counts from 1 to 4 are shown as <5, and a share that would give them away as hidden. Only supervisors and admins; the training store is never counted.
        """))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, text, json, csv, markdown, html }

    @OptionGroup var options: RealStoreOptions
    var global: RealStoreOptions { options }
    @Option(help: .t("Året (förval: i år).", "The year (default: this year).", value: .year), transform: WholeNumber.year) var year: Int?
    @Option(help: .t("Bara den här enheten, som den står på analyserna.", "Only this unit, as written on the analyses.", value: .unit)) var unit: String?
    @Option(help: .t("table, text (utan staplar och kolumner, för skärmläsare), json, csv, markdown eller html.", "table, text (no bars or columns, for screen readers), json, csv, markdown or html.")) var format: Format = .table
    @Option(help: .t("Skriv till den här filen (0600, skrivs i ett svep) i stället för standard ut.", "Write to this file (0600, written atomically) instead of stdout.", value: .file)) var output: String?

    func run() throws {
        // The real store only: opening a training store here fails with a clear line.
        let store = try global.openStore()
        let me = Account.current
        let today = ISODate.today()
        let year = year ?? Int(today.prefix(4)) ?? 2026
        let unit = self.unit.map { TextHygiene.sanitize($0, multiline: false).trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty ? nil : $0 }
        let report = try store.indicatorReport(year: year, unit: unit, today: today, by: me)
        let labels = IndicatorLabels(checklists: (try? global.catalog().sorted) ?? [])
        let formats = IndicatorFormats(report: report, language: global.language, labels: labels)
        let text: String
        switch format {
        case .table: text = formats.table()
        case .text: text = formats.textReport()
        case .json: text = formats.json()
        case .csv: text = formats.csv()
        case .markdown: text = formats.markdown()
        case .html: text = formats.html()
        }
        if let output {
            try Output.writeAtomically(text, to: output)
            Output.warning(global.words.statisticsWritten(year: year, to: output))
        } else {
            print(text, terminator: "")
        }
    }
}
