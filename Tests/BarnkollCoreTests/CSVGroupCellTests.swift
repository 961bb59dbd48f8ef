@testable import BarnkollCore
import Testing

/// An export's cell for a group (the children) is written from the group's JSON bytes; it must be
/// the cell the text path writes: cleaned for output, quoted, with quotes doubled.
@Suite struct CSVGroupCells {
    @Test(arguments: ["Kim \"K\"", "Noa, 3", "rad\nrad", "=SUMMA(A1)", "x\u{85}y", "Åsa \u{202E}slut", "🙂", "tab\there", ""])
    func aGroupCellIsTheCellOfItsText(alias: String) throws {
        var (checklist, answers) = try bkaAnswers()
        let children = AnswerValue.entries([["alias": .text(alias), "age": .number(7)], ["alias": .text("Noa")]])
        answers["children"] = children
        let summary = AnalysisSummary(id: "BKA-2026-0042", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "EB-2026-117", unit: "Norr", author: "anna", status: .draft, versions: 0,
                                      createdAt: "2026-03-01T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z")
        let analysis = Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [], position: nil)
        let parts = ListFormats.analysesCSVParts([analysis])
        var expected: [UInt8] = []
        ListFormats.appendCell(ListFormats.cellText(children), to: &expected)
        let row = parts[1]
        #expect(row.firstRange(of: expected) != nil)
        // The whole row as the generic writer makes it from texts.
        let header = String(decoding: parts[0], as: UTF8.self).dropLast(2).split(separator: ",").map(String.init)
        let cells = ListFormats.fields(summary) + header.dropFirst(ListFormats.fields(summary).count).map { column in
            answers[String(column.dropFirst("item.".count))].map(ListFormats.cellText) ?? ""
        }
        #expect(String(decoding: row, as: UTF8.self) == ListFormats.csv([cells]))
    }
}
