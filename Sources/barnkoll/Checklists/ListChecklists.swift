import ArgumentParser
import BarnkollCore
import Foundation

struct ListChecklists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: Help.t("Checklistorna som barnkoll känner till.", "The checklists barnkoll knows."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("table eller json.", "table or json.")) var format: Format = .table

    func run() throws {
        let catalog = try global.catalog()
        let language = global.language
        switch format {
        case .table:
            let header = language == .sv ? ["ID", "VERSION", "NAMN", "FIL"] : ["ID", "VERSION", "TITLE", "FILE"]
            let rows = catalog.sorted.map { checklist in
                [checklist.id, "v\(checklist.version)", checklist.title.text(language), catalog.files[checklist.id] ?? ""]
                    .map { TextHygiene.forOutput($0, multiline: false) }
            }
            for line in PlainText.columns([header] + rows) { print(line) }
        case .json:
            print(AnalysisDocument.serialize(catalog.sorted.map { checklist -> [String: Any] in
                ["id": checklist.id, "version": checklist.version, "id_prefix": checklist.idPrefix,
                 "title": checklist.title.text(language), "file": catalog.files[checklist.id] ?? "",
                 "sections": checklist.sections.count, "items": checklist.allItems.count]
            }), terminator: "")
        }
    }
}
