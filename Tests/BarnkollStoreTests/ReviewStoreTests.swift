import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// The test checklist with the dated promises the follow-up lists watch.
func followUpChecklist() throws -> Checklist {
    // Six dated items in the second section, after the group.
    let dated = ["feedback_planned_date", "feedback_done_date", "follow_up_date", "follow_up_done_date", "supervisor_told_date", "report_date"]
        .map { "      - {id: \($0), type: date, prompt: {sv: \($0)}}\n" }.joined()
    let yaml = testChecklistYAML.replacingOccurrences(of: "rules:\n", with: dated + "rules:\n")
    return try ChecklistLoader.load(yaml: yaml, file: "follow-up.yaml")
}

@Suite struct ReviewQueueInTheStore {
    @Test func theQueueIsOldestFirstAndFiltersByPeriod() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        var ids: [String] = []
        for unit in ["Norr", "Söder", "Norr"] {
            let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: unit, author: "anna",
                                      answers: ["affected": .text("yes"), "view": .text("Vill bo kvar.")]).id
            _ = try store.submit(id, by: "anna")
            ids.append(id)   // the same millisecond or not: a tie is in the order of the ids
        }
        #expect(try store.list(.reviewQueue()).map(\.id) == ids)
        #expect(try store.list(AnalysisFilter(status: .submitted, order: .newestFirst)).map(\.id) == ids.reversed())
        var norr = AnalysisFilter.reviewQueue(limit: 1)
        norr.unit = "Norr"
        #expect(try store.list(norr).map(\.id) == [ids[0]])
        norr.offset = 1
        #expect(try store.list(norr).map(\.id) == [ids[2]])
        let today = ISODate.today()
        #expect(try store.count(AnalysisFilter(since: today, until: today)) == 3)
        #expect(try store.count(AnalysisFilter(until: "2020-01-01")) == 0)
    }

    @Test func searchFindsEachAnalysisOnceLatestFirstWithTheOtherFilters() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        var ids: [String] = []
        for unit in ["Norr", "Söder", "Norr"] {
            // The word in two answers of each analysis: still one hit per analysis.
            ids.append(try store.create(checklist: testChecklist(), caseRef: "R", unit: unit, author: "anna",
                                        answers: ["affected": .text("yes"), "view": .text("Vill till mormor."),
                                                  "children": .entries([["alias": .text("Mormors Kim")]])]).id)
        }
        _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                             answers: ["view": .text("Vill bo kvar.")])
        #expect(try store.list(AnalysisFilter(search: "mormor")).map(\.id) == ids.reversed())
        #expect(try store.count(AnalysisFilter(search: "mormor")) == 3)
        #expect(try store.list(AnalysisFilter(unit: "Norr", search: "mormor", limit: 1, offset: 1)).map(\.id) == [ids[0]])
        #expect(try store.count(AnalysisFilter(unit: "Söder", search: "mormor")) == 1)
        #expect(try store.list(AnalysisFilter(search: "farfar")).isEmpty)
    }

    @Test func approvingRefusesWhatCouldNotBeSubmittedNow() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes")]).id
        // Submitted without its answers (as a bug or a hand-edited file would): approval still checks.
        try store.pool.write { try $0.execute(sql: "UPDATE analysis SET status = 'submitted' WHERE id = ?", arguments: [id]) }
        #expect {
            try store.approve(id, by: "bertil", comment: nil)
        } throws: { error in
            guard case StoreError.incomplete(_, let missing, _) = error else { return false }
            return missing.map(\.path.item) == ["view"]
        }
        #expect(try store.analysis(id, readBy: "bertil").summary.status == .submitted)
    }
}

@Suite struct FollowUpLists {
    /// A concern with no report made is the supervisor's from the day after they were told, until
    /// the report's date is recorded.
    @Test(arguments: ContractStore.enabled)
    func aConcernWithNoReportStaysListedUntilTheReportIsMade(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let id = try store.create(checklist: try followUpChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Vill bo kvar."),
                                            "supervisor_told_date": .text("2026-11-20")]).id
        _ = try store.submit(id, by: "anna")
        func listed(_ today: String) throws -> [String] {
            try store.followUps(today: today, unit: nil, limit: 100).filter { $0.kind == .reportNotMade }.map(\.summary.id)
        }
        #expect(try listed("2026-11-20") == [])
        #expect(try listed("2026-11-21") == [id])
        try store.return(id, by: "bertil", comment: "Gör anmälan i dag.", itemComments: [:])
        try store.save(id, item: "report_date", value: .text("2026-11-21"), by: "anna")
        #expect(try listed("2026-11-23") == [])
    }

    @Test(arguments: ContractStore.enabled)
    func passedDatesAreListedUntilTheyAreDone(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let checklist = try followUpChecklist()
        func make(_ answers: Answers, submit: Bool = true) throws -> String {
            let id = try store.create(checklist: checklist, caseRef: "R", unit: "Norr", author: "anna",
                                      answers: ["affected": .text("yes"), "view": .text("Vill bo kvar.")].merging(answers) { $1 }).id
            if submit { _ = try store.submit(id, by: "anna") }
            return id
        }
        let late = try make(["feedback_planned_date": .text("2026-03-01"), "follow_up_date": .text("2026-06-01")])
        let done = try make(["feedback_planned_date": .text("2026-03-01"), "feedback_done_date": .text("2026-02-27")])
        let future = try make(["feedback_planned_date": .text("2026-12-24")])
        let draft = try make(["feedback_planned_date": .text("2026-01-01")], submit: false)

        let entries = try store.followUps(today: "2026-11-23", unit: nil, limit: 100)
        let feedback = entries.filter { $0.kind == .feedbackOverdue }
        #expect(feedback.map(\.summary.id) == [late])
        #expect(feedback.first?.date == "2026-03-01")
        #expect(entries.filter { $0.kind == .followUpOverdue }.map(\.summary.id) == [late])
        #expect(!entries.contains { [done, future, draft].contains($0.summary.id) })
        #expect(try store.followUps(today: "2026-11-23", unit: "Söder", limit: 100).isEmpty)
        // The day itself is not passed yet.
        #expect(try store.followUps(today: "2026-03-01", unit: nil, limit: 100).filter { $0.kind == .feedbackOverdue }.isEmpty)

        // Recording the feedback (in a new version) takes it off the list.
        try store.return(late, by: "bertil", comment: "Fyll i återkopplingen.", itemComments: [:])
        try store.save(late, item: "feedback_done_date", value: .text("2026-11-20"), by: "anna")
        #expect(try store.followUps(today: "2026-11-23", unit: nil, limit: 100).filter { $0.kind == .feedbackOverdue }.isEmpty)
        // Clearing it puts it back.
        try store.save(late, item: "feedback_done_date", value: nil, by: "anna")
        #expect(try store.followUps(today: "2026-11-23", unit: nil, limit: 100).filter { $0.kind == .feedbackOverdue }.count == 1)
    }

    @Test func aRefusedHardStopIsListedUntilOverriddenThenTheOverrideIs() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Vill inte flytta."), "care": .text("yes")]).id
        #expect(throws: StoreError.self) { _ = try store.submit(id, by: "anna") }
        let stopped = try store.followUps(today: "2026-11-23", unit: nil, limit: 10)
        #expect(stopped.map(\.kind) == [.hardStop])
        #expect(stopped.first?.rule == "care-stop")
        #expect(try store.auditEvents(for: id).contains { $0.action == "analysis.hard_stop" && $0.detail == "care-stop" })

        try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Akut placering.")
        let after = try store.followUps(today: "2026-11-23", unit: nil, limit: 10)
        #expect(after.map(\.kind) == [.override])
        #expect(after.first?.by == "bertil")
    }

    @Test func theMigrationFillsInDueDatesOfExistingAnswers() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: try followUpChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("V"),
                                            "follow_up_date": .text("2026-02-02")]).id
        _ = try store.submit(id, by: "anna")
        try store.pool.write { db in
            try db.execute(sql: "UPDATE analysis SET follow_up_due = NULL")
            try db.execute(sql: SQLiteStore.refreshDueSQL(WatchedDate.all[1], onlyAnalysis: false),
                           arguments: [WatchedDate.all[1].dueItem, WatchedDate.all[1].doneItem])
        }
        #expect(try store.followUps(today: "2026-11-23", unit: nil, limit: 10).map(\.kind) == [.followUpOverdue])
    }
}

@Suite struct VersionComparison {
    @Test func changesAreItemByItemInChecklistOrderWithLabels() throws {
        let checklist = testChecklist()
        let old: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar."), "care": .text("no")]
        let new: Answers = ["affected": .text("yes"), "view": .text("”Jag vill bo kvar”, säger hon."),
                            "children": .entries([["alias": .text("Kim"), "age": .number(7)]])]
        let changes = VersionDiff.compare(old, new, checklist: checklist, language: .sv)
        #expect(changes.map(\.itemID) == ["view", "care", "children"])
        #expect(changes.map(\.kind) == [.changed, .removed, .added])
        #expect(changes[1].before == "Nej")                    // the label, not the stored value
        #expect(changes[2].after == "1.\n   Alias: Kim\n   Ålder: 7")                 // an entry as a block
        #expect(VersionDiff.compare(old, old, checklist: checklist, language: .sv).isEmpty)
    }

    @Test func aChangedEntryShowsOnlyWhatChangedInIt() throws {
        let checklist = testChecklist()
        let old: Answers = ["children": .entries([["alias": .text("Kim"), "age": .number(7)], ["alias": .text("Ali"), "age": .number(9)]])]
        let new: Answers = ["children": .entries([["alias": .text("Kim"), "age": .number(7)], ["alias": .text("Ali"), "age": .number(10)]])]
        let changes = VersionDiff.compare(old, new, checklist: checklist, language: .sv)
        #expect(changes.map(\.itemID) == ["children"])
        #expect(changes.first?.before == "2.\n   Ålder: 9" && changes.first?.after == "2.\n   Ålder: 10")
    }
}
