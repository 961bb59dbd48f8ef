import BarnkollCore
@testable import BarnkollStore
import Foundation
import Testing

/// What barnkoll already knows is not left to be remembered: a barnkonsekvensanalys of a case whose
/// barnchecklista has a starred No starts with that answered, which forces full depth.
@Suite struct DerivedAnswers {
    @Test func aStarredNoInTheCasesChecklistIsCarriedIntoTheAnalysis() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
        let checklista = try catalog.checklist("barnchecklista")
        let analysis = try catalog.checklist("barnkonsekvensanalys")
        _ = try store.create(checklist: checklista, caseRef: "VU-2026-31", unit: "Norr", author: "anna",
                             answers: ["heard": .text("no"), "heard_comment": .text("Samtal bokas nästa vecka.")])
        _ = try store.create(checklist: checklista, caseRef: "VU-2026-40", unit: "Norr", author: "anna",
                             answers: ["heard": .text("yes")])

        let sameCase = try store.create(checklist: analysis, caseRef: "VU-2026-31", unit: "Norr", author: "anna")
        #expect(try store.analysis(sameCase.id, readBy: "anna").answers[Casework.starredNoItem] == .text("yes"))
        let otherCase = try store.create(checklist: analysis, caseRef: "VU-2026-40", unit: "Norr", author: "anna")
        #expect(try store.analysis(otherCase.id, readBy: "anna").answers[Casework.starredNoItem] == nil)
        // What the caseworker gave is kept.
        let given = try store.create(checklist: analysis, caseRef: "VU-2026-31", unit: "Norr", author: "anna",
                                     answers: [Casework.starredNoItem: .text("no")])
        #expect(try store.analysis(given.id, readBy: "anna").answers[Casework.starredNoItem] == .text("no"))
    }
}
