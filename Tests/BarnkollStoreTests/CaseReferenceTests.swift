import BarnkollCore
@testable import BarnkollPostgres
import Foundation
import Testing

/// The analyses listed under a case reference or a unit.
func filed(_ store: any CaseworkStore, caseRef: String? = nil, unit: String? = nil) throws -> [String] {
    var filter = AnalysisFilter()
    filter.caseRef = caseRef
    filter.unit = unit
    return try store.list(filter).map(\.id)
}

/// An analysis's case reference follows the answer that holds it (`case_ref`, a group's
/// `diary_number`): corrected in the worksheet, the lists, the filter by case and the case file's
/// heading tell the corrected one, and the chain records the new filing. Walked: the heading said
/// R-1 where the answer said R-2.
@Suite struct CaseReferenceFollowsItsAnswer {
    func byCase(_ store: any CaseworkStore, _ caseRef: String) throws -> [String] { try filed(store, caseRef: caseRef) }

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

/// An analysis's unit follows its answer as the case reference does while the administration
/// keeps no list of units; with a list, the unit decides who sees and reviews the analysis and was
/// chosen among the author's when it was made, so the answer holds that unit and nothing else.
/// Walked: the review's heading said "Enhet: Norr" where the answer said another unit.
@Suite struct UnitFollowsItsAnswer {
    func byUnit(_ store: any CaseworkStore, _ unit: String) throws -> [String] { try filed(store, unit: unit) }

    @Test(arguments: ContractStore.enabled)
    func withoutAListTheAnalysisIsFiledUnderTheUnitItsAnswerNames(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "Norr", author: "anna", answers: answers).id
        try store.save(id, item: "unit", value: .text("Ekonomiskt bistånd "), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.unit == "Ekonomiskt bistånd")
        #expect(try byUnit(store, "Ekonomiskt bistånd") == [id])
        #expect(try byUnit(store, "Norr").isEmpty)
        // Cleared or blank, the analysis keeps the one it has.
        try store.save(id, item: "unit", value: nil, by: "anna")
        try store.save(id, item: "unit", value: .text(" "), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").summary.unit == "Ekonomiskt bistånd")
        try store.save(id, item: "unit", value: .text("Norr"), by: "anna")

        // Returned, it is counted already: the figures follow it to its new unit.
        #expect(try store.submit(id, by: "anna") == .submitted)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        func counted(_ unit: String) throws -> Int {
            try store.indicatorRecords(years: year...year, unit: unit, by: "bertil").count
        }
        _ = try store.indicatorReport(year: year, unit: nil, today: ISODate.today(), by: "bertil")
        #expect(try counted("Norr") == 1)
        try store.return(id, by: "bertil", comment: "Beskriv samtalet.", itemComments: [:])
        try store.save(id, item: "unit", value: .text("Söder"), by: "anna")
        #expect(try counted("Söder") == 1 && counted("Norr") == 0)
        let tallies = try store.readIndicatorTallies(years: year...year, unit: "Söder", scope: nil, loggedFor: "bertil")
        #expect(tallies[year] == Indicators.Tally(try store.indicatorRecords(years: year...year, unit: "Söder", by: "bertil")))
        // The chain holds each filing, and the kept tallies are the records counted.
        #expect(try store.verifyProblems().isEmpty)
    }

    @Test(arguments: ContractStore.enabled)
    func withAListTheAnswerIsTheUnitItIsFiledUnder(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        for unit in ["Norr", "Söder"] {
            try store.addUnit(unit, by: "anna")
            try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit)
        }
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "norr", author: "nora", answers: answers).id
        #expect(try store.analysis(id, readBy: "nora").answers["unit"] == .text("Norr"))
        // Another unit, even one of the author's, part of its name, or none: refused, nothing changed.
        for value: AnswerValue? in [.text("Söder"), .text("Nor"), nil] {
            #expect(throws: StoreError.self) { try store.save(id, item: "unit", value: value, by: "nora") }
        }
        let analysis = try store.analysis(id, readBy: "nora")
        #expect(analysis.summary.unit == "Norr" && analysis.answers["unit"] == .text("Norr"))
        // The unit itself is saved as any answer is; in another spelling, it is written as listed.
        #expect(try store.save(id, item: "unit", value: .text(" norr "), replacing: .text("Norr"), by: "nora") == .text("Norr"))
        #expect(try store.analysis(id, readBy: "nora").answers["unit"] == .text("Norr"))
        try store.save(id, item: "unit", value: .text("Norr "), by: "nora")
        #expect(try store.submit(id, by: "nora") == .submitted)
        #expect(try store.verifyProblems().isEmpty)
    }

    /// The database refuses another unit itself, to a client that asks it without Core.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func theDatabaseRefusesAnotherUnitWithAList() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] {
            try store.addUnit(unit, by: "anna")
            try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit)
        }
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "Norr", author: "nora", answers: answers).id
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        func refusal(_ value: String?) -> String? {
            do {
                try nora.query("SELECT barnkoll.save_answer($1, 'unit', $2, $3)", [id, value, value.map { _ in "Norr" }])
                return nil
            } catch {
                return error.sqlstate
            }
        }
        #expect(refusal("\"Söder\"") == "BK422")
        #expect(refusal(nil) == "BK422")
        #expect(refusal("\"Norr\"") == nil)
        #expect(try store.analysis(id, readBy: "nora").summary.unit == "Norr")
    }
}
