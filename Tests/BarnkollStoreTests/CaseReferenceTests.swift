import BarnkollCore
import Foundation
import Testing

/// An analysis's case reference follows the answer that holds it (`case_ref`, a group's
/// `diary_number`): corrected in the worksheet, the lists, the filter by case and the case file's
/// heading tell the corrected one, and the chain records the new filing. Walked: the heading said
/// R-1 where the answer said R-2.
@Suite struct CaseReferenceFollowsItsAnswer {
    func byCase(_ store: any CaseworkStore, _ caseRef: String) throws -> [String] {
        var filter = AnalysisFilter()
        filter.caseRef = caseRef
        return try store.list(filter).map(\.id)
    }

    @Test(arguments: ContractStore.enabled)
    func aCorrectedCaseReferenceFilesTheAnalysisUnderIt(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let id = try completeDraft(store)
        try store.save(id, item: "case_ref", value: .text("EB-2026-118 "), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.caseRef == "EB-2026-118")
        #expect(try byCase(store, "EB-2026-118") == [id])
        #expect(try byCase(store, "EB-2026-117").isEmpty)
        // Cleared or blank, the analysis keeps the one it has.
        try store.save(id, item: "case_ref", value: nil, by: "anna")
        try store.save(id, item: "case_ref", value: .text("  "), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.caseRef == "EB-2026-118")
        // Refused as a case reference is, whatever the kind of store: a personnummer.
        let number = Personnummer.withCheckDigit("121212121")
        #expect(throws: StoreError.self) { try store.save(id, item: "case_ref", value: .text("EB \(number)"), by: "anna") }
        try store.save(id, item: "case_ref", value: .text("EB-2026-119"), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.caseRef == "EB-2026-119")
        // The chain holds each filing: verify replays it clean, and after the submit too.
        #expect(try store.verifyProblems().isEmpty)
        #expect(try store.submit(id, by: "anna") == .submitted)
        #expect(try store.verifyProblems().isEmpty)
    }

    /// At creation the case reference and unit given (a command's --case and --unit) answer their
    /// items over an answers file's, as a template of answers used for many cases would have it.
    @Test(arguments: ContractStore.enabled)
    func theCaseGivenAnswersItsItemsAtCreation(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        let id = try store.create(checklist: checklist, caseRef: "R-1", unit: "Norr", author: "anna",
                                  answers: ["case_ref": .text("R-2"), "unit": .text("Söder")]).id
        let analysis = try store.analysis(id, readBy: "anna")
        #expect(analysis.answers["case_ref"] == .text("R-1") && analysis.answers["unit"] == .text("Norr"))
        #expect(analysis.summary.caseRef == "R-1" && analysis.summary.unit == "Norr")
        // A group analysis's diary number is its case reference.
        let group = try store.create(checklist: try catalog.checklist(Checklist.groupAnalysisID), caseRef: "KS-2026-40",
                                     unit: "Norr", author: "anna", answers: [:]).id
        try store.save(group, item: "diary_number", value: .text("KS-2026-41"), by: "anna")
        #expect(try byCase(store, "KS-2026-41") == [group])
        #expect(try store.verifyProblems().isEmpty)
    }
}
