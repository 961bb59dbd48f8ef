import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review follow-up`: what a supervisor follows up, as the front end's follow-up tab.
struct FollowUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: Help.t("Försenad återkoppling till barn, passerade uppföljningsdatum, stopp och hävda stopp.", "Overdue feedback to children, passed follow-up dates, hard stops and overrides."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("Bara den här enheten.", "Only this unit.", value: .unit)) var unit: String?
    @Option(help: .t("Räkna datum före denna dag som passerade (förval: i dag).", "Count dates before this day as passed (default: today).", value: .date))
    var today: String?
    @Option(help: .t("table eller json.", "table or json.")) var format: Format = .table

    func validate() throws {
        if let today, !ISODate.isValid(today) { throw ValidationError(global.words.notADate("--today", today)) }
    }

    func run() throws {
        let store = try global.openStore()
        let entries = try store.followUps(today: today ?? ISODate.today(), unit: unit, limit: 1000, for: Account.current)
        let language = global.language
        switch format {
        case .json:
            let objects: [[String: Any]] = entries.map { entry in
                var object: [String: Any] = ["kind": entry.kind.rawValue, "id": entry.summary.id, "date": entry.date,
                                             "unit": entry.summary.unit, "author": entry.summary.author,
                                             "case_ref": entry.summary.caseRef, "status": entry.summary.status.rawValue]
                if let rule = entry.rule { object["rule"] = rule }
                if let by = entry.by { object["by"] = by }
                return object
            }
            print(AnalysisDocument.serialize(objects))
        case .table:
            // The stops by their titles, as on the screen; a broken checklist file leaves their ids.
            let catalog = (try? global.catalog()) ?? ChecklistCatalog()
            for kind in FollowUpKind.allCases {
                let mine = entries.filter { $0.kind == kind }
                print("\(kind.label(language)) (\(mine.count))")
                for entry in mine {
                    let line = [entry.summary.id, entry.date, entry.summary.unit, entry.summary.author, entry.summary.caseRef,
                                entry.rule.map { catalog.ruleName($0, in: entry.summary.checklistID, language) } ?? "", entry.by.map { "(\($0))" } ?? ""].filter { !$0.isEmpty }
                    print("  " + TextHygiene.forOutput(line.joined(separator: "  "), multiline: false))
                }
            }
        }
    }
}
