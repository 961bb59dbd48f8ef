import BarnkollCore
import Foundation
import Testing

/// A text answer is saved as typed, the line break an editor leaves after the last word too. What
/// barnkoll hands out (the case-file document, the letter to the child) shows it without that, and
/// a blank line inside it stays blank, with no spaces at its end.
@Suite struct TypedTextInDocuments {
    @Test func theEndOfATextIsTrimmedAndBlankLinesStayEmpty() {
        #expect(PlainText.trimmedEnd("Bistånd beviljas.\n") == "Bistånd beviljas.")
        #expect(PlainText.trimmedEnd("  Två rader\nmed mellanslag \t\n\n ") == "  Två rader\nmed mellanslag")
        #expect(PlainText.trimmedEnd(" \n\t") == "")
        #expect(PlainText.trimmedEnd("") == "")
        #expect(PlainText.indented("Första\n\n  \nAndra", by: "  ") == "  Första\n\n\n  Andra")
        #expect(PlainText.indented("", by: "    ") == "")
    }

    func analysis(_ changes: [String: AnswerValue?]) throws -> Analysis {
        let (checklist, answers) = try bkaAnswers(changes)
        let summary = AnalysisSummary(id: "BKA-2026-0042", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "EB-2026-117", unit: "Norr", author: "anna", status: .approved, versions: 1,
                                      createdAt: "2026-03-01T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z")
        return Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [], position: nil)
    }

    @Test func documentsShowATextWithoutItsTrailingLineBreak() throws {
        let typed = try analysis(["proposed_decision": .text("Bistånd beviljas till elskulden.\n\nBudgetrådgivning erbjuds.\n"),
                                  "views_own_words": .text("Noah säger att han skäms.\n\n")])
        let text = AnalysisDocument(analysis: typed, language: .sv).text()
        #expect(text.contains("  Bistånd beviljas till elskulden.\n\n  Budgetrådgivning erbjuds.\n\n"), "\(text)")
        #expect(text.contains("       Noah säger att han skäms.\n"), "\(text)")
        let markdown = AnalysisDocument(analysis: typed, language: .sv).markdown()
        let letter = try ChildLetter(analysis: typed, language: .sv).letters(for: "noah")
        for (name, output) in [("text", text), ("markdown", markdown), ("letter", letter)] {
            let ragged = output.split(separator: "\n").filter { $0.last?.isWhitespace == true }
            #expect(ragged.isEmpty, "\(name): \(ragged)")
        }
        #expect(letter.contains("    Noah säger att han skäms.\n\n"), "\(letter)")
        #expect(!letter.contains("skäms.\n    \n"))
    }
}
