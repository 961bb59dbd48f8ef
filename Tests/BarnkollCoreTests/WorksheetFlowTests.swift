import BarnkollCore
import Testing

/// The one model of the worksheet's flow that the full screen and plain mode both present.
@Suite struct WorksheetFlows {
    let checklist: Checklist

    init() throws {
        checklist = try ChecklistLoader.load(yaml: repeatedYAML, file: "rep.yaml")
    }

    func flow(_ answers: Answers) -> WorksheetFlow {
        WorksheetFlow(checklist: checklist, answers: answers, evaluation: Worksheet(checklist: checklist, answers: answers).evaluate())
    }

    @Test func theOrderFollowsTheAnswersAndTheNextItemIsFoundAlsoFromAHiddenOne() {
        let nobody = flow([:])
        #expect(nobody.sections.map(\.id) == ["kids", "voice", "after"])
        #expect(nobody.items == ["children", "voices", "weighed", "nobody_heard"])
        let heard = flow(["children": .entries([["alias": .text("Alva"), "heard": .text("yes")]])])
        #expect(heard.items == ["children", "voices", "weighed"])
        #expect(heard.next(after: "children") == "voices")
        // "nobody_heard" has just been hidden by the answer; the walk goes on from where it was.
        #expect(heard.next(after: "nobody_heard") == nil)
        #expect(heard.next(after: "weighed") == nil)
        #expect(nobody.next(after: "weighed") == "nobody_heard")
    }

    @Test func aSectionsStepsAreItsItemsEachShownSubItemOfEachEntryAndAddingOne() throws {
        let answers: Answers = ["children": .entries([["alias": .text("Alva"), "heard": .text("yes")],
                                                      ["alias": .text("Bo"), "heard": .text("no")]])]
        let flow = flow(answers)
        let kids = try #require(flow.sections.first { $0.id == "kids" })
        #expect(flow.steps(in: kids, editable: true) == [
            .item("children"),
            .sub(group: "children", entry: 0, sub: "alias"), .sub(group: "children", entry: 0, sub: "age"),
            .sub(group: "children", entry: 1, sub: "alias"), .sub(group: "children", entry: 1, sub: "age"),
            .add(group: "children"),
        ])
        #expect(flow.steps(in: kids, editable: false).contains(.add(group: "children")) == false)
        // A group repeated for each child adds no entries of its own; each child's shown
        // sub-items follow that child's answers.
        let voice = try #require(flow.sections.first { $0.id == "voice" })
        #expect(flow.steps(in: voice, editable: true) == [
            .item("voices"),
            .sub(group: "voices", entry: 0, sub: "heard"), .sub(group: "voices", entry: 0, sub: "words"),
            .sub(group: "voices", entry: 1, sub: "heard"),
            .item("weighed"),
            .sub(group: "weighed", entry: 0, sub: "against"), .sub(group: "weighed", entry: 1, sub: "against"),
        ])
        #expect(flow.value(at: .sub(group: "voices", entry: 1, sub: "heard")) == .text("no"))
        #expect(flow.value(at: .sub(group: "voices", entry: 5, sub: "heard")) == nil)
        #expect(flow.item(for: .sub(group: "voices", entry: 0, sub: "words"))?.id == "words")
        #expect(WorksheetFlow.Step.sub(group: "voices", entry: 1, sub: "heard").path.description == "voices[2].heard")
    }

    @Test func numbersStayPutAsAnswersChangeAndNameTheirItem() {
        let numbers = flow([:]).numbers
        #expect(numbers.number("weighed") == "2.2")
        #expect(numbers.section("after") == 3)
        #expect(numbers.resolve("2.2") == "weighed")
        #expect(numbers.resolve("9.9") == nil)
        // A question asked for each child is found at the group that asks it.
        #expect(numbers.resolve("words") == "voices")
    }

    @Test func theHistoryListsEachVersionThenTheUnsubmittedAnswersEachAgainstTheOneBefore() {
        let first: Answers = ["children": .entries([["alias": .text("Alva")]])]
        let second: Answers = ["children": .entries([["alias": .text("Alva"), "age": .number(7)]])]
        func version(_ number: Int, _ answers: Answers) -> FrozenVersion {
            FrozenVersion(analysisID: "REP-2026-0001", number: number, status: .returned, answers: answers,
                          contentHash: "abc", createdBy: "anna", createdAt: "2026-11-0\(number)T10:00:00Z")
        }
        let summary = AnalysisSummary(id: "REP-2026-0001", checklistID: "rep", checklistVersion: 1, caseRef: "", unit: "",
                                      author: "anna", status: .draft, versions: 2, createdAt: "2026-11-01", updatedAt: "2026-11-03")
        let review = Review(analysisID: "REP-2026-0001", version: 1, reviewer: "bertil", decision: .return, comment: "Ålder?",
                            itemComments: [:], rule: nil, at: "2026-11-02")
        var analysis = Analysis(summary: summary, checklist: checklist, answers: second, versions: [version(1, first)],
                                reviews: [review], position: nil)
        let unsubmitted = VersionHistory(analysis)
        #expect(unsubmitted.rows == [1, VersionHistory.current])
        #expect(unsubmitted.previous(1) == 0)
        #expect(unsubmitted.previous(VersionHistory.current) == 1)
        #expect(unsubmitted.reviews(1).map(\.comment) == ["Ålder?"])
        #expect(unsubmitted.reviews(VersionHistory.current).isEmpty)
        #expect(unsubmitted.changes(from: 1, to: VersionHistory.current, language: .sv).count == 1)
        #expect(!unsubmitted.changes(from: 0, to: 1, language: .sv).isEmpty)
        // Submitted as it stands: nothing unsubmitted to list.
        analysis.versions.append(version(2, second))
        #expect(VersionHistory(analysis).rows == [1, 2])
    }
}
