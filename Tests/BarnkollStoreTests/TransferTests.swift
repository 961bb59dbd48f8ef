import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// A hand-over and a move keep their reason, readable in the history. Left before: the reason was
/// sealed into the chain's digest only, and no one could read why an analysis changed hands or unit.
@Suite struct Transfers {
    /// Norr and Söder listed; nora works in both, cecilia in Söder; bertil supervises Norr; anna
    /// (who made the store) is its admin.
    func units(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        for unit in ["Norr", "Söder"] { try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit) }
        try store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Söder")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna", unit: "Norr")
        return store
    }

    /// `units`, with nina working in Norr too, and a complete draft by nora filed under Norr.
    func norasDraft(_ kind: ContractStore, _ folder: TemporaryFolder, caseRef: String) throws -> (any CaseworkStore, AnalysisSummary) {
        let store = try units(kind, folder)
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        let (checklist, answers) = try completeBKA()
        return (store, try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "nora", answers: answers))
    }

    /// The accounts the worksheet offers for a hand-over are those `reassign` allows: for the
    /// unit's supervisor or an admin, everyone with a role who works in its unit (or is an admin)
    /// but its author; for the author or a colleague, none; none once it is submitted.
    @Test(arguments: ContractStore.enabled)
    func theAccountsOfferedAreThoseAHandOverAllows(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let (store, summary) = try norasDraft(kind, folder, caseRef: "EB-2026-145")
        for (account, offered) in [("bertil", ["anna", "bertil", "nina"]), ("anna", ["anna", "bertil", "nina"]),
                                   ("nora", []), ("nina", []), ("cecilia", [])] {
            #expect(try store.accountsToHandOver(summary, by: account) == offered, "\(account)")
        }
        // Each one offered is taken: the offer is the rule.
        try store.reassign(summary.id, to: "nina", reason: "Nora är sjukskriven.", by: "bertil")
        let handed = try store.header(summary.id).summary
        #expect(try store.accountsToHandOver(handed, by: "bertil") == ["anna", "bertil", "nora"])
        #expect(try store.submit(summary.id, by: "nina") == .submitted)
        #expect(try store.accountsToHandOver(store.header(summary.id).summary, by: "bertil").isEmpty)
    }

    /// What a worksheet offers its reader on opening is what the questions asked one by one
    /// answer (they read the grants and units again each time): the moves and hand-overs allowed on
    /// a colleague's draft, none on one's own or a submitted analysis, the unit fixed by a list.
    @Test(arguments: ContractStore.enabled)
    func theWorksheetOffersTheMovesAndHandOversAllowed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let (store, summary) = try norasDraft(kind, folder, caseRef: "EB-2026-146")
        #expect(try store.worksheetOffers(summary, to: "bertil")
            == WorksheetOffers(unitIsFixed: true, unitsToMove: ["Söder"], accountsToHandOver: ["anna", "bertil", "nina"]))
        for account in ["bertil", "anna", "nora", "nina", "cecilia", "okänd"] {
            let reads = account != "nora"
            let asked = WorksheetOffers(unitIsFixed: true, unitsToMove: reads ? try store.unitsToMove(summary, by: account) : [],
                                        accountsToHandOver: reads ? try store.accountsToHandOver(summary, by: account) : [])
            #expect(try store.worksheetOffers(summary, to: account) == asked, "\(account)")
        }
        #expect(try store.submit(summary.id, by: "nora") == .submitted)
        let submitted = try store.header(summary.id).summary
        #expect(try store.worksheetOffers(submitted, to: "bertil") == WorksheetOffers(unitIsFixed: true, unitsToMove: [], accountsToHandOver: []))

        // With no list of units the unit is an answer like any other.
        let other = TemporaryFolder()
        let plain = try kind.make(other)
        let (checklist, answers) = try completeBKA()
        let draft = try plain.create(checklist: checklist, caseRef: "EB-2026-147", unit: "Norr", author: "anna", answers: answers)
        #expect(try plain.worksheetOffers(draft, to: "anna") == .none)
    }

    @Test(arguments: ContractStore.enabled)
    func aHandOverAndAMoveKeepTheirReasonsWhereTheHistoryShowsThem(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-131", unit: "Norr", author: "nora", answers: answers).id
        try store.move(id, toUnit: "Söder", reason: "  Fel enhet valdes. ", by: "nora")
        // A reason is kept as text: a personnummer is refused, as in a note, and nothing changes.
        let events = try store.auditEvents().count
        do {
            try store.reassign(id, to: "cecilia", reason: "Gäller \(Personnummer.withCheckDigit("121212121")).", by: "anna")
            Issue.record("a personnummer was kept as a reason")
        } catch {
            #expect(error.message(.sv).contains("ser ut som ett personnummer"), "\(error.message(.sv))")
        }
        #expect(try store.auditEvents().count == events && store.header(id).summary.author == "nora")
        try store.reassign(id, to: "cecilia", reason: "Nora är föräldraledig.", by: "anna")

        let analysis = try store.analysis(id, readBy: "cecilia")
        #expect(analysis.transfers.map(\.kind) == [.move, .handOver])
        #expect(analysis.transfers.map { [$0.from, $0.to, $0.reason, $0.by] } == [
            ["Norr", "Söder", "Fel enhet valdes.", "nora"], ["nora", "cecilia", "Nora är föräldraledig.", "anna"],
        ])
        #expect(analysis.transfers.allSatisfy { !$0.at.isEmpty })
        #expect(analysis.transfers[0].line(.sv) { $0 } == "nora flyttade analysen från enheten Norr till Söder: Fel enhet valdes.")
        #expect(analysis.transfers[1].line(.en) { $0 } == "anna handed the analysis over from nora to cecilia: Nora är föräldraledig.")
        // The history places them in time: before the version made after them, none after it.
        #expect(try store.submit(id, by: "cecilia") == .submitted)
        let history = VersionHistory(try store.analysis(id, readBy: "cecilia"))
        #expect(history.transfers(before: 1).map(\.kind) == [.move, .handOver])
        #expect(history.transfers(before: VersionHistory.current).isEmpty)
        #expect(try store.verifyProblems().isEmpty)
    }

    /// A reason changed, or a hand-over's row deleted, with the raw database: `verify` names it.
    @Test(arguments: ContractStore.enabled)
    func aChangedOrDeletedReasonIsNamedByVerify(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-132", unit: "Norr", author: "nora", answers: answers).id
        try store.move(id, toUnit: "Söder", reason: "Fel enhet valdes.", by: "nora")
        #expect(try store.verify() == [])
        try kind.intrude(store, ["UPDATE transfer SET reason = 'Barnet flyttade.'"])
        let changed = try store.verify()
        #expect(changed.contains { $0.contains("\(id): a hand-over or move with its reason is not one the audit trail recorded") },
                "\(changed)")
        try kind.intrude(store, ["DELETE FROM transfer"])
        let deleted = try store.verify()
        #expect(deleted.contains { $0.contains("\(id): the hand-over or move the audit trail recorded in row") }, "\(deleted)")
    }

    /// Never changed; gone with their analysis when a purge takes it.
    @Test(arguments: ContractStore.enabled)
    func transfersAreNeverChangedAndGoOnlyWithTheirAnalysis(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-133", unit: "Norr", author: "nora", answers: answers).id
        try store.move(id, toUnit: "Söder", reason: "Fel enhet valdes.", by: "nora")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna", unit: "Söder")
        _ = try store.submit(id, by: "nora")
        _ = try store.approve(id, by: "bertil", comment: nil)
        func count() throws -> Int {
            switch kind {
            case .sqlite:
                let queue = try DatabaseQueue(path: store.location)
                defer { try? queue.close() }
                return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM transfer") ?? -1 }
            case .postgres:
                return Int(try PostgresCluster.superuser(of: store).query("SELECT count(*) FROM barnkoll.transfer").value ?? "") ?? -1
            }
        }
        #expect(try count() == 1)
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: store.location)
            try queue.write { db in
                #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE transfer SET reason = 'Ändrad.'") }
                #expect(throws: (any Error).self) { try db.execute(sql: "DELETE FROM transfer") }
            }
            try queue.close()
        case .postgres:
            let owner = try PostgresCluster.superuser(of: store)
            #expect(throws: (any Error).self) { try owner.query("UPDATE barnkoll.transfer SET reason = 'Ändrad.'") }
            #expect(throws: (any Error).self) { try owner.query("DELETE FROM barnkoll.transfer") }
        }
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [id])
        #expect(try count() == 0)
        #expect(try store.verify() == [])
    }
}
