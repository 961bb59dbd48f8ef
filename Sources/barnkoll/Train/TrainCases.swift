import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Cases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("De påhittade fallen (medföljande, och enhetens egna i --checklists MAPP/cases).", "The fictional cases (shipped, and the unit's own in --checklists DIR/cases)."))
        @OptionGroup var global: GlobalOptions
        @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

        func run() throws {
            let catalog = try global.catalog()
            let cases = try global.caseLibrary(catalog).sorted
            let language = global.language
            switch format {
            case .json:
                let list = cases.map { item -> [String: Any] in
                    [
                        "id": item.id, "title": ["sv": item.title.sv, "en": item.title.en ?? item.title.sv],
                        "checklist": item.checklist, "unit": item.unit.text(language),
                        "decision": item.decision.text(language), "description": item.description.text(language),
                        "children": item.children.map { ["alias": $0.alias, "age": $0.age] as [String: Any] },
                        "discussion": item.discussion.map { $0.text(language) }, "file": item.file,
                    ]
                }
                print(AnalysisDocument.serialize(list), terminator: "")
            case .text:
                for item in cases {
                    let children = item.children.map { "\($0.alias) \($0.age)" }.joined(separator: ", ")
                    print("\(item.id)\t\(TextHygiene.forOutput(item.title.text(language), multiline: false))\t\(item.checklist)\t\(children)")
                }
            }
        }
    }
}
