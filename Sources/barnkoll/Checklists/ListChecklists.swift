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
            for checklist in catalog.sorted {
                print("\(checklist.id)  v\(checklist.version)  \(TextHygiene.forOutput(checklist.title.text(language), multiline: false))  \(catalog.files[checklist.id] ?? "")")
            }
        case .json:
            print(AnalysisDocument.serialize(catalog.sorted.map { checklist -> [String: Any] in
                ["id": checklist.id, "version": checklist.version, "id_prefix": checklist.idPrefix,
                 "title": checklist.title.text(language), "file": catalog.files[checklist.id] ?? "",
                 "sections": checklist.sections.count, "items": checklist.allItems.count]
            }), terminator: "")
        }
    }
}
