import BarnkollCore
import Foundation
import Testing

/// The extra counts of issue 22, from a fictional year on every store kind with exact figures:
/// budget or guidelines weighed against the child's interest, the interpreter, feedback as a share
/// of children, and whether each case documents the best interest, the child's view and how the
/// child took part (Helsingborg's plan).
@Suite struct ExtraCountsInTheStores {
    @Test(arguments: ContractStore.enabled)
    func aFictionalYearGivesTheExtraCounts(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let (checklist, fixture) = try completeBKA()
        // The fixture: two children, each informed, heard directly and quoted; guidelines weighed
        // against their interest; in line; no interpreter needed; feedback planned, not yet given.
        func decide(_ caseRef: String, _ changes: Answers, feedbackNote: Bool = false) throws {
            var answers = fixture
            answers.merge(changes) { $1 }
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "anna",
                                      answers: completed(checklist, answers)).id
            _ = try store.submit(id, by: "anna")
            _ = try store.approve(id, by: "bertil", comment: nil)
            if feedbackNote {
                try store.addNote(id, NewNote(kind: .feedback, date: "2026-03-20", outcome: nil, text: "Berättat för barnen."),
                                  by: "anna", today: "2026-12-02")
            }
        }
        // Six as the fixture: feedback noted after the decision on two, dated in the analysis on one.
        for number in 1...6 {
            try decide("EB-2026-\(number)", number == 3 ? ["feedback_done_date": .text("2026-03-05")] : [:], feedbackNote: number <= 2)
        }
        // Five where the budget weighs against the children, the decision only partly in line, and
        // a child interpreted.
        for number in 11...15 {
            try decide("EB-2026-\(number)", ["conflicts": .choices(["child_budget", "child_parent"]), "in_line": .text("partly"),
                                             "interpreter": .text("child_interpreted")])
        }
        // Four where only the parent's interest conflicts, with an interpreter.
        for number in 21...24 {
            try decide("EB-2026-\(number)", ["conflicts": .choices(["child_parent"]), "interpreter": .text("interpreter_used")])
        }
        // Six child checklists with a child each; one without the child's views in the file.
        let childChecklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist("barnchecklista")
        for number in 1...6 {
            var answers: Answers = [
                "decision": .text("Ansökan om bistånd till en hyresskuld."), "decision_kind": .text("financial_aid_rent_debt"),
                "children_affected": .text("yes"), "children": .entries([["alias": .text("Vera"), "age": .number(9)]]),
            ]
            if number == 6 { answers["views_recorded"] = .text("no") }
            let id = try store.create(checklist: childChecklist, caseRef: "EB-2026-3\(number)", unit: "Norr", author: "anna",
                                      answers: completed(childChecklist, answers)).id
            _ = try store.submit(id, by: "anna")
        }

        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(records.count == 21)
        let figures = Indicators.compute(records: records, year: year, unit: nil, today: "2026-12-02").current
        // 11 of 15 analyses weigh budget or guidelines against the children; 5 of those 11 decide partly against.
        #expect(figures.indicator("budget_or_guidelines")?.rows == [
            IndicatorRow(category: "weighed", value: .count(11), share: .share(73.3)),
            IndicatorRow(category: "decided_against", value: .count(5), share: .share(45.5)),
        ])
        // The four with an interpreter are hidden, and so is the next smallest, or 15 − 6 would give them.
        #expect(figures.indicator("interpreter")?.rows == [
            IndicatorRow(category: "not_needed", value: .count(6), share: .share(40)),
            IndicatorRow(category: "interpreter_used", value: .suppressed, share: .suppressed),
            IndicatorRow(category: "child_interpreted", value: .withheld, share: .withheld),
        ])
        // Feedback given to the children of three analyses (two notes, one date): 6 of 30 children.
        #expect(figures.value("children", "total") == .count(30))
        #expect(figures.indicator("feedback_children")?.rows == [
            IndicatorRow(category: "given", value: .count(6), share: .share(20)),
        ])
        // 15 analyses and 6 checklists with children; one checklist lacks the child's views.
        #expect(figures.indicator("documented")?.rows == [
            IndicatorRow(category: "analyses", value: .count(21)),
            IndicatorRow(category: "best_interest", value: .count(21), share: .share(100)),
            IndicatorRow(category: "child_view", value: .count(20), share: .share(95.2)),
            IndicatorRow(category: "participation", value: .count(21), share: .share(100)),
            IndicatorRow(category: "all", value: .count(20), share: .share(95.2)),
        ])
    }
}
