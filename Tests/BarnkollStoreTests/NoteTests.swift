import BarnkollCore
@testable import BarnkollStore
import Foundation
import Testing

/// Notes after the decision: what happened once an analysis was approved (feedback given, a
/// follow-up done, the outcome) is recorded without a new version or review, audited, shown with
/// the analysis, and takes the kept promise off the supervisor's follow-up list. Every store kind.
@Suite struct NotesAfterTheDecision {
    func approvedAnalysis(_ store: any CaseworkStore) throws -> String {
        let id = try completeDraft(store)
        _ = try store.submit(id, by: "anna")
        _ = try store.approve(id, by: "bertil", comment: nil)
        return id
    }

    @Test(arguments: ContractStore.enabled)
    func aNoteIsKeptAuditedShownAndClosesItsFollowUp(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let id = try approvedAnalysis(store)
        let due = try store.followUps(today: "2026-12-31", for: "bertil").filter { $0.summary.id == id }.map(\.kind)
        #expect(due.contains(.feedbackOverdue) && due.contains(.followUpOverdue), "\(due)")

        try store.addNote(id, NewNote(kind: .feedback, date: "2026-03-09", outcome: nil,
                                      text: "Noah fick beslutet förklarat hemma, med mamma."), by: "anna", today: "2026-12-02")
        try store.addNote(id, NewNote(kind: .outcome, date: "2026-03-10", outcome: .partly, text: ""), by: "anna", today: "2026-12-02")

        let analysis = try store.analysis(id, readBy: "anna")
        #expect(analysis.notes.map(\.kind) == [.feedback, .outcome])
        #expect(analysis.notes.last?.outcome == .partly && analysis.notes.first?.writtenBy == "anna")
        // The approved version is as it was, and no review round started.
        #expect(analysis.summary.status == .approved && analysis.versions.count == 1 && analysis.reviews.count == 1)
        let after = try store.followUps(today: "2026-12-31", for: "bertil").filter { $0.summary.id == id }.map(\.kind)
        #expect(!after.contains(.feedbackOverdue) && after.contains(.followUpOverdue), "\(after)")

        // Unwrapped from the 80 columns of the text.
        let text = AnalysisDocument(analysis: analysis, language: .sv).text().replacingOccurrences(of: "\n  ", with: " ")
        #expect(text.contains("Efter beslutet"))
        #expect(text.contains("- 2026-03-09 Återkoppling till barnet (anna): Noah fick beslutet förklarat hemma, med mamma."))
        #expect(text.contains("- 2026-03-10 Beslutets utfall: Delvis beviljat (anna)"))
        let events = try store.auditEvents(for: id).filter { $0.action == "analysis.note" }.map { $0.detail ?? "" }
        #expect(events == ["feedback 2026-03-09", "outcome 2026-03-10"])
        #expect(try store.verify().isEmpty)
    }

    @Test(arguments: ContractStore.enabled)
    func whatANoteMayNotBe(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let draft = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna").id
        let feedback = NewNote(kind: .feedback, date: "2026-12-01", outcome: nil, text: "")
        // Before the decision the worksheet has the questions.
        #expect(throws: StoreError.self) { try store.addNote(draft, feedback, by: "anna", today: "2026-12-02") }
        let id = try approvedAnalysis(store)
        let refused: [NewNote] = [
            NewNote(kind: .feedback, date: "2026-12-03", outcome: nil, text: ""),        // not yet happened
            NewNote(kind: .feedback, date: "3 dec", outcome: nil, text: ""),             // not a date
            NewNote(kind: .outcome, date: "2026-12-01", outcome: nil, text: ""),         // an outcome without one
            NewNote(kind: .feedback, date: "2026-12-01", outcome: .granted, text: ""),   // an outcome on feedback
            // A test number built valid here, as a note could hold one.
            NewNote(kind: .feedback, date: "2026-12-01", outcome: nil,
                    text: "Barnet \(Personnummer.withCheckDigit("121212121")) informerat."),
        ]
        for note in refused {
            #expect(throws: StoreError.self, "\(note)") { try store.addNote(id, note, by: "anna", today: "2026-12-02") }
        }
        #expect(try store.analysis(id, readBy: "anna").notes.isEmpty)
        #expect(try store.auditEvents(for: id).allSatisfy { $0.action != "analysis.note" })
    }

    @Test func notesAreNeverChangedAndGoOnlyWithTheirAnalysis() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try approvedAnalysis(store)
        try store.addNote(id, NewNote(kind: .followUp, date: "2026-06-01", outcome: nil, text: "Uppföljning gjord."), by: "anna",
                          today: "2026-12-02")
        try store.pool.write { db in
            #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE note SET text = 'Ändrad.'") }
            #expect(throws: (any Error).self) { try db.execute(sql: "DELETE FROM note") }
        }
        // A retention purge takes the notes with the analysis.
        let purged = try store.purge(before: "2999-01-01", by: "anna")
        #expect(purged == [id])
        let left = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM note") }
        #expect(left == 0)
    }
}
