import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// A kind of store the contract suite runs against. A new store joins by adding a case here and
/// saying how to open it, and how a member of its staff would change a row behind barnkoll's back.
enum ContractStore: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    /// Only with a test cluster (BARNKOLL_PG_SOCKET); see `PostgresCluster`.
    case postgres

    var testDescription: String { rawValue }

    /// The kinds this run tests: PostgreSQL only with a cluster, or when CI requires it (then a missing one fails).
    static var enabled: [ContractStore] { PostgresCluster.enabled ? allCases : [.sqlite] }

    /// A fresh, empty store of `kind`, made by `admin` (its first admin).
    func make(_ folder: TemporaryFolder, kind: StoreKind = .real, admin: String = "anna") throws -> any CaseworkStore {
        switch self {
        case .sqlite:
            // Chain heads go to a log socket of the test's own (`LogSocket`), none if nothing listens there.
            try SQLiteStore.open(path: folder.file("contract/\(kind.rawValue).sqlite"), kind: kind, account: admin,
                                 systemLog: folder.file("syslog.sock"))
        case .postgres:
            // Set up by the DBA's migrate; each account then acts through a connection as its own role.
            try PostgresStore.open(conninfo: try PostgresCluster.database(folder, kind: kind, admin: admin) + " user=\(admin)",
                                   kind: kind, identities: .connectAsEach)
        }
    }

    /// Changes a stored answer's text outside barnkoll, as a member with the raw database could.
    func tamper(_ store: any CaseworkStore, analysis id: String) throws {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue(path: store.location)
            try queue.write { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS version_never_updated")
                try db.execute(sql: "UPDATE version SET answers = replace(answers, 'kvar', 'bort') WHERE analysis_id = ?", arguments: [id])
            }
            try queue.close()
        case .postgres:
            // A superuser, the one actor the database cannot stop: triggers off, a frozen version rewritten.
            let superuser = try PostgresCluster.superuser(of: store)
            try superuser.query("ALTER TABLE barnkoll.version DISABLE TRIGGER USER")
            try superuser.query("UPDATE barnkoll.version SET answers = replace(answers, 'kvar', 'bort') WHERE analysis_id = $1", [id])
            try superuser.query("ALTER TABLE barnkoll.version ENABLE TRIGGER USER")
        }
    }
}

/// Every behaviour of the store contract, written once and run against every store kind.
@Suite struct StoreContract {
    static let complete: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar.")]

    /// A store where anna is the admin and bertil a supervisor across the administration.
    func store(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        return store
    }

    /// A complete analysis by `author` in `unit`, submitted and approved by bertil.
    @discardableResult
    func approved(_ store: any CaseworkStore, author: String = "anna", unit: String = "Norr") throws -> (id: String, anchor: ChainAnchor) {
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: unit, author: author, answers: Self.complete).id
        _ = try store.submit(id, by: author)
        return (id, try store.approve(id, by: "bertil", comment: nil))
    }

    // MARK: Two terminals on one analysis

    /// A save replaces only the answer its terminal loaded: the other terminal's text is never
    /// overwritten silently, the conflict carries what is stored, and nothing of a refused save is written.
    @Test(arguments: ContractStore.enabled)
    func aSaveNeverOverwritesWhatAnotherTerminalSaved(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: Self.complete).id
        let loaded = try store.analysis(id, readBy: "anna").answers
        // The new terminal saves first, replacing what both loaded.
        let stored = try store.save(id, item: "view", value: .text("Vill bo kvar hos mamma."), replacing: loaded["view"], by: "anna")
        #expect(stored == .text("Vill bo kvar hos mamma."))
        // The forgotten one saves its own text over what it loaded: refused, with what is there now.
        #expect {
            try store.save(id, item: "view", value: .text("Vill flytta."), replacing: loaded["view"], by: "anna")
        } throws: { error in
            guard case .conflict(id, "view", .text("Vill bo kvar hos mamma."))? = error as? StoreError else { return false }
            return (error as? StoreError)?.message(.sv).contains("har ändrats någon annanstans") == true
        }
        #expect(try store.analysis(id, readBy: "anna").answers["view"] == .text("Vill bo kvar hos mamma."))
        // Chosen knowingly, replacing what is stored now, it is saved.
        try store.save(id, item: "view", value: .text("Vill flytta."), replacing: .text("Vill bo kvar hos mamma."), by: "anna")
        #expect(try store.analysis(id, readBy: "anna").answers["view"] == .text("Vill flytta."))
        // An answer that was empty when loaded and written elsewhere since: a conflict as well.
        try store.save(id, item: "reason", value: .text("Skrivet i fönster två."), by: "anna")
        #expect(throws: StoreError.self) {
            try store.save(id, item: "reason", value: .text("Skrivet i fönster ett."), replacing: nil, by: "anna")
        }
        // Several answers at once (`fill --into`): one conflict and none of them is written.
        let before = try store.analysis(id, readBy: "anna").answers
        #expect(throws: StoreError.self) {
            try store.saveAll(id, answers: ["affected": .text("no"), "reason": .text("Från filen.")],
                              replacing: ["affected": .text("yes")], by: "anna")
        }
        #expect(try store.analysis(id, readBy: "anna").answers == before)
        try store.saveAll(id, answers: ["affected": .text("no"), "reason": .text("Från filen.")], replacing: before, by: "anna")
        #expect(try store.analysis(id, readBy: "anna").answers["reason"] == .text("Från filen."))
    }

    // MARK: Transitions

    @Test(arguments: ContractStore.enabled)
    func transitionsAllowedAndRefused(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna").id
        // A refused move says what the command is for, not the statuses' names alone.
        func refusal(_ move: () throws -> Void) -> String {
            do { try move() } catch { return (error as? StoreError)?.message(.sv) ?? "\(error)" }
            return "not refused"
        }
        #expect(throws: StoreError.self) { try store.submit(id, by: "anna") }   // incomplete
        #expect(refusal { try store.approve(id, by: "bertil", comment: nil) }   // a draft
                == "\(id) är utkast: bara en inskickad analys kan godkännas eller återsändas")
        #expect(refusal { try store.revise(id, by: "anna") }
                == "\(id) är utkast: bara en godkänd analys får en ny version; ändra den som den är: barnkoll open \(id)")
        try store.saveAll(id, answers: Self.complete, by: "anna")
        #expect(try store.submit(id, by: "anna") == .submitted)
        #expect(refusal { _ = try store.submit(id, by: "anna") }
                == "\(id) är inskickad: bara ett utkast eller en återsänd analys kan skickas in")
        #expect(refusal { try store.revise(id, by: "anna") }
                == "\(id) är inskickad: bara en godkänd analys får en ny version; den väntar på granskning")
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("x"), by: "anna") }
        try store.return(id, by: "bertil", comment: "Hur hördes barnet?", itemComments: ["view": "Utveckla."])
        #expect(try store.header(id).summary.status == .returned)
        #expect(try store.submit(id, by: "anna") == .submitted)
        try store.approve(id, by: "bertil", comment: "Bra.")
        let approved = try store.analysis(id, readBy: "bertil")
        #expect(approved.summary.status == .approved && approved.versions.count == 2)
        #expect(approved.reviews.map(\.decision) == [.return, .approve])
        try store.revise(id, by: "anna")
        #expect(try store.header(id).summary.status == .draft)
    }

    /// A supervisor of one unit follows up that unit's overrides, and no other's; the list reads
    /// for a unit-scoped reader at all (on SQLite its overrides once took the scope's arguments
    /// without the clause that uses them).
    @Test(arguments: ContractStore.enabled)
    func aUnitsSupervisorFollowsUpOnlyItsOwnOverrides(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Söder")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "cecilia", granted: true, by: "anna", unit: "Söder")
        var ids: [String: String] = [:]
        for (unit, supervisor) in [("Norr", "bertil"), ("Söder", "cecilia")] {
            let id = try store.create(checklist: testChecklist(), caseRef: "R-\(unit)", unit: unit, author: "anna",
                                      answers: Self.complete.merging(["care": .text("yes")]) { $1 }).id
            #expect(throws: StoreError.self) { try store.submit(id, by: "anna") }
            try store.override(id, rule: "care-stop", ground: .toBoard, by: supervisor, reason: "Nämnden beslutar.")
            ids[unit] = id
        }
        let seen = try store.followUps(today: "2999-01-01", for: "bertil").filter { $0.kind == .override }.map(\.summary.id)
        #expect(seen == [ids["Norr"]].compactMap { $0 })
    }

    @Test(arguments: ContractStore.enabled)
    func returningNeedsACommentAndOverridingAReason(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                  answers: Self.complete.merging(["care": .text("yes")]) { $1 }).id
        #expect(throws: StoreError.self) { try store.submit(id, by: "anna") }   // hard stop
        #expect(try store.followUps(today: "2999-01-01").contains { $0.kind == .hardStop && $0.summary.id == id })
        #expect(throws: StoreError.self) { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "  ") }
        #expect(throws: StoreError.self) { try store.override(id, rule: "no-such-rule", ground: .proposalChanged, by: "bertil", reason: "Ja") }
        try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Nämnden beslutar.")
        #expect(try store.submit(id, by: "anna") == .submitted)
        #expect(throws: StoreError.self) { try store.return(id, by: "bertil", comment: " ", itemComments: [:]) }
    }

    /// A compensatory measure past the date it was to be in place by is on the follow-up list, from
    /// the earliest of an analysis's measures, until the follow-up is recorded as done.
    @Test(arguments: ContractStore.enabled)
    func aCompensatoryMeasurePastItsDateIsFollowedUp(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let measures = """
                  - id: compensatory_measures
                    type: group
                    prompt: {sv: Åtgärder}
                    items:
                      - {id: measure, type: text, prompt: {sv: Åtgärd}}
                      - {id: due_date, type: date, prompt: {sv: Klart senast}}

            """
        let yaml = testChecklistYAML.replacingOccurrences(of: "rules:\n", with: measures + "      - {id: follow_up_done_date, type: date, prompt: {sv: Klar}}\nrules:\n")
        let checklist = try ChecklistLoader.load(yaml: yaml, file: "measures.yaml")
        let answers = Self.complete.merging(["compensatory_measures": .entries([
            ["measure": .text("Skolskjuts"), "due_date": .text("2026-05-01")],
            ["measure": .text("Stödsamtal"), "due_date": .text("2026-04-01")]])]) { $1 }
        let id = try store.create(checklist: checklist, caseRef: "R", unit: "Norr", author: "anna", answers: answers).id
        func listed(_ today: String) throws -> [String] {
            try store.followUps(today: today).filter { $0.kind == .measureOverdue && $0.summary.id == id }.map(\.date)
        }
        #expect(try listed("2026-06-01") == [])                 // a draft is the caseworker's own
        _ = try store.submit(id, by: "anna")
        _ = try store.approve(id, by: "bertil", comment: nil)
        #expect(try listed("2026-04-01") == [])
        #expect(try listed("2026-04-02") == ["2026-04-01"])
        try store.addNote(id, NewNote(kind: .followUp, date: "2026-04-03", outcome: nil, text: "Stödsamtalen har börjat."),
                          by: "anna", today: "2026-04-03")
        #expect(try listed("2026-06-01") == [])
    }

    // MARK: Four eyes and roles

    @Test(arguments: ContractStore.enabled)
    func nobodyReviewsTheirOwnAndOnlySupervisorsReview(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "bertil",
                                  answers: Self.complete).id
        #expect(throws: StoreError.self) { try store.submit(id, by: "anna") }   // only the author submits
        _ = try store.submit(id, by: "bertil")
        #expect(throws: StoreError.self) { try store.approve(id, by: "bertil", comment: nil) }   // own
        #expect(throws: StoreError.self) { try store.approve(id, by: "cecilia", comment: nil) }   // not a supervisor
        try store.setRole(.supervisor, for: "cecilia", granted: true, by: "anna")
        try store.approve(id, by: "cecilia", comment: nil)
        #expect(try store.header(id).summary.status == .approved)
    }

    @Test(arguments: ContractStore.enabled)
    func onlyAdminsChangeRolesAndTheLastAdminStays(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        #expect(throws: StoreError.self) { try store.setRole(.admin, for: "bertil", granted: true, by: "bertil") }
        #expect(throws: StoreError.self) { try store.setRole(.admin, for: "anna", granted: false, by: "anna") }
        try store.setRole(.admin, for: "bertil", granted: true, by: "anna")
        try store.setRole(.admin, for: "anna", granted: false, by: "anna")
        #expect(try store.hasRole("anna", .admin) == false && store.hasRole("bertil", .admin))
        let actions = try store.auditEvents().map(\.action)
        // The first admin's grant, bertil's, and bertil's admin.
        #expect(actions.filter { $0 == "role.grant" }.count == 3 && actions.contains("role.revoke"))
    }

    // MARK: Units and visibility

    /// Norr and Söder; anna (admin) and the caseworkers nora (Norr) and sven (Söder), and the
    /// supervisors nils (Norr) and siv (Söder).
    func unitStore(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "norr")
        try store.setRole(.caseworker, for: "sven", granted: true, by: "anna", unit: "Söder")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "siv", granted: true, by: "anna", unit: "Söder")
        return store
    }

    @Test(arguments: ContractStore.enabled)
    func eachSeesTheirOwnAndTheirUnits(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try unitStore(kind, folder)
        // Filed under the author's only unit when none is named; never under another's.
        let norr = try store.create(checklist: testChecklist(), caseRef: "R", unit: "", author: "nora", answers: Self.complete)
        #expect(norr.unit == "Norr")
        #expect(throws: StoreError.self) {
            try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "sven")
        }
        let soder = try store.create(checklist: testChecklist(), caseRef: "R", unit: "söder", author: "sven", answers: Self.complete)
        #expect(soder.unit == "Söder")
        #expect(try store.list(AnalysisFilter(), for: "nora").map(\.id) == [norr.id])
        #expect(try store.list(AnalysisFilter(), for: "sven").map(\.id) == [soder.id])
        #expect(try store.count(AnalysisFilter(), for: "anna") == 2)
        #expect(try store.analysis(norr.id, readBy: "nils").summary.id == norr.id)
        #expect {
            try store.analysis(norr.id, readBy: "sven")
        } throws: { error in
            guard case StoreError.notVisible = error else { return false }
            return true
        }
        #expect(throws: StoreError.self) { try store.save(norr.id, item: "view", value: .text("x"), by: "sven") }
        // A supervisor reviews their unit's, not another's.
        _ = try store.submit(norr.id, by: "nora")
        #expect(throws: StoreError.self) { try store.approve(norr.id, by: "siv", comment: nil) }
        #expect(try store.list(AnalysisFilter.reviewQueue(), for: "siv").isEmpty)
        #expect(try store.list(AnalysisFilter.reviewQueue(), for: "nils").map(\.id) == [norr.id])
        try store.approve(norr.id, by: "nils", comment: nil)
        // An admin files under any listed unit, spelled as listed; never under one not on the list.
        #expect(try store.create(checklist: testChecklist(), caseRef: "R", unit: "norr", author: "anna").unit == "Norr")
        #expect(throws: StoreError.self) {
            try store.create(checklist: testChecklist(), caseRef: "R", unit: "Väster", author: "anna")
        }
    }

    /// A group analysis (issue 22) of a fictional board decision: written by a caseworker of Norr,
    /// read and listed by everyone, reviewed by a supervisor of another unit, never by its author;
    /// no child is invented, and a personnummer is refused in it.
    @Test(arguments: ContractStore.enabled)
    func aGroupAnalysisIsReadByEveryoneAndReviewedByAnySupervisorButItsAuthor(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try unitStore(kind, folder)
        let checklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID)
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-gruppanalys.yaml").path
        var answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: path)), file: path,
                                               checklist: checklist)
        // With a list of units the unit's answer is the one it is filed under (Norr), not the file's.
        answers["unit"] = nil
        let individual = try store.create(checklist: testChecklist(), caseRef: "R", unit: "", author: "nora", answers: Self.complete)
        let group = try store.create(checklist: checklist, caseRef: "SN 2026/0412", unit: "", author: "nora")
        #expect(group.unit == "Norr" && group.id.hasPrefix("GBA-"))
        // sven of Söder lists and reads it, but only its author writes; Norr's individual analysis stays Norr's.
        #expect(try store.list(AnalysisFilter(), for: "sven").map(\.id) == [group.id])
        #expect(try store.analysis(group.id, readBy: "sven").summary.id == group.id)
        #expect(throws: StoreError.self) { try store.analysis(individual.id, readBy: "sven") }
        try store.saveAll(group.id, answers: answers, by: "nora")
        let number = Personnummer.withCheckDigit("640823323")   // built, never written down
        #expect(throws: StoreError.self) {
            try store.save(group.id, item: "other_actors", value: .text("Synpunkt från \(number)."), by: "nora")
        }
        #expect(throws: StoreError.self) {
            try store.save(group.id, item: "other_actors", value: .text("Skolan har lämnat synpunkter."), by: "sven")
        }
        try store.save(group.id, item: "other_actors", value: .text("Skolan och föreningarna har lämnat synpunkter."), by: "nora")
        #expect(try store.submit(group.id, by: "nora") == .submitted)
        // Any supervisor, of any unit, reviews it; its author never does.
        #expect(try store.list(AnalysisFilter.reviewQueue(), for: "siv").map(\.id) == [group.id])
        #expect(throws: StoreError.self) { try store.approve(group.id, by: "nora", comment: nil) }
        // Its document prints the supervisor's comment: no personnummer there, nor in a comment on an item.
        let approval = #expect(throws: StoreError.self) { try store.approve(group.id, by: "siv", comment: "Se \(number).") }
        #expect(approval?.message(.sv) == StoreError.notAllowed(Casework.groupIdentityRefusal(number)).message(.sv))
        #expect(throws: StoreError.self) {
            try store.return(group.id, by: "siv", comment: "Komplettera.", itemComments: ["other_actors": "Vem är \(number)?"])
        }
        #expect(try store.analysis(group.id, readBy: "sven").reviews.isEmpty)
        try store.approve(group.id, by: "siv", comment: "Tydlig bilaga till nämnden.")
        let read = try store.analysis(group.id, readBy: "sven")
        #expect(read.summary.status == .approved && read.reviews.map(\.reviewer) == ["siv"])
        #expect(read.answers["children"] == nil && read.answers["alias"] == nil)
        // The supervisor of Söder still does not review Norr's individual analysis.
        _ = try store.submit(individual.id, by: "nora")
        #expect(throws: StoreError.self) { try store.approve(individual.id, by: "siv", comment: nil) }
    }

    @Test(arguments: ContractStore.enabled)
    func aStoreWithoutUnitsShowsEveryoneEverything(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "vad som helst", author: "nora").id
        #expect(try store.list(AnalysisFilter(), for: "sven").map(\.id) == [id])
        #expect(try store.analysis(id, readBy: "sven").summary.unit == "vad som helst")
        // Seeing is reading: only the author writes, with units or without.
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("Hörd."), by: "sven") }
        try store.save(id, item: "view", value: .text("Hörd."), by: "nora")
    }

    @Test(arguments: ContractStore.enabled)
    func mappingMovesOldFreeTextUnitsOntoTheList(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let old = try approved(store, author: "nora", unit: "socpsyk").id
        try store.addUnit("Socialpsykiatri", by: "anna")
        #expect(try store.unlistedUnits().map(\.text) == ["socpsyk"])
        #expect(throws: StoreError.self) { try store.mapUnit("socpsyk", to: "Socialpsykiatri", by: "nora") }
        #expect(try store.mapUnit("socpsyk", to: "socialpsykiatri", by: "anna") == 1)
        #expect(try store.header(old).summary.unit == "Socialpsykiatri")
        #expect(try store.unlistedUnits().isEmpty)
        #expect(try store.auditEvents().contains { $0.action == "unit.map" && $0.detail == "socpsyk → Socialpsykiatri 1" })
        try store.renameUnit("Socialpsykiatri", to: "Psykiatri", by: "anna")
        #expect(try store.header(old).summary.unit == "Psykiatri" && store.units() == ["Psykiatri"])
        #expect(try store.verify().isEmpty)
    }

    @Test(arguments: ContractStore.enabled)
    func handingOverIsAuditedAndRefusedToACaseworker(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try unitStore(kind, folder)
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: Self.complete).id
        #expect(throws: StoreError.self) { try store.reassign(id, to: "nina", reason: "Sjuk", by: "nora") }
        #expect(throws: StoreError.self) { try store.reassign(id, to: "nina", reason: "Sjuk", by: "siv") }   // another unit
        #expect(throws: StoreError.self) { try store.reassign(id, to: "sven", reason: "Sjuk", by: "nils") }  // not in Norr
        #expect(throws: StoreError.self) { try store.reassign(id, to: "nina", reason: " ", by: "nils") }
        try store.reassign(id, to: "nina", reason: "Nora är föräldraledig.", by: "nils")
        #expect(try store.header(id).summary.author == "nina")
        #expect(throws: StoreError.self) { try store.submit(id, by: "nora") }
        #expect(try store.submit(id, by: "nina") == .submitted)
        #expect(throws: StoreError.self) { try store.reassign(id, to: "nora", reason: "Tillbaka", by: "anna") }   // submitted
        #expect(try store.auditEvents(for: id).contains { $0.action == "analysis.reassign" && $0.account == "nils" && $0.detail == "nina" })
        #expect(try store.verify().isEmpty)
    }

    /// A colleague or a supervisor who sees a draft reads it; only its author writes in it, until
    /// it is handed over. The database refuses the same save again on PostgreSQL.
    @Test(arguments: ContractStore.enabled)
    func onlyTheAuthorWritesAColleagueReads(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try unitStore(kind, folder)
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora",
                                  answers: ["view": .text("Vill bo kvar.")]).id
        for reader in ["nina", "nils"] {
            #expect(try store.analysis(id, readBy: reader).answers["view"] == .text("Vill bo kvar."))
            #expect {
                try store.save(id, item: "view", value: .text("Ändrat av \(reader)"), by: reader)
            } throws: { error in
                guard case StoreError.notAllowed(let words) = error else { return false }
                return words.sv.contains("bara författaren (nora) skriver i \(id)")
            }
        }
        #expect(try store.header(id).summary.author == "nora")
        #expect(try store.analysis(id, readBy: "nora").answers["view"] == .text("Vill bo kvar."))
        try store.reassign(id, to: "nina", reason: "Nora är föräldraledig.", by: "nils")
        try store.save(id, item: "view", value: .text("Vill bo kvar hos pappa."), by: "nina")
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("Nej"), by: "nora") }
        #expect(try store.analysis(id, readBy: "nina").answers["view"] == .text("Vill bo kvar hos pappa."))
        #expect(try store.verify().isEmpty)
    }

    // MARK: The audit trail

    @Test(arguments: ContractStore.enabled)
    func theChainVerifiesAndFailsOnAChange(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let (id, anchor) = try approved(store)
        #expect(try store.verify().isEmpty)
        #expect(try store.checkAnchors([anchor.head]).problems.isEmpty)
        let events = try store.auditEvents(for: id).map(\.action)
        #expect(events.starts(with: ["analysis.create", "answer.save", "answer.save", "analysis.submitted"]))
        #expect(events.last == "analysis.approved")
        #expect(try store.auditEvents().contains { $0.action == "definition.add" })
        try kind.tamper(store, analysis: id)
        #expect(try !store.verify().isEmpty)
    }

    // MARK: Lists

    @Test(arguments: ContractStore.enabled)
    func searchPagingAndCounts(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        var ids: [String] = []
        for number in 0..<7 {
            ids.append(try store.create(checklist: testChecklist(), caseRef: "R-\(number)", unit: number % 2 == 0 ? "Norr" : "Söder",
                                        author: "anna", answers: ["affected": .text("yes"), "view": .text(number < 5 ? "Vill till mormor." : "Vill bo kvar.")]).id)
        }
        #expect(try store.count(AnalysisFilter()) == 7)
        #expect(try store.count(AnalysisFilter(search: "mormor")) == 5)
        // Every word in one answer: "yes" is in another answer than "mormor".
        #expect(try store.count(AnalysisFilter(search: "till mormor")) == 5)
        #expect(try store.count(AnalysisFilter(search: "yes mormor")) == 0)
        #expect(try store.list(AnalysisFilter(search: "mormor", limit: 2)).count == 2)
        let page = try store.page(AnalysisFilter(unit: "Norr", limit: 2))
        #expect(page.total == 4 && page.rows.count == 2)
        #expect(try store.list(AnalysisFilter(order: .oldestFirst, limit: 3)).map(\.id) == Array(ids.prefix(3)))
        #expect(store.countLimit(for: AnalysisFilter()) == AnalysisFilter.countLimit)
    }

    // MARK: Workshops and retention

    @Test(arguments: ContractStore.enabled)
    func workshopsLiveInTrainingStoresAndArePurgedWhole(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let real = try kind.make(folder)
        #expect(throws: StoreError.self) { try real.startWorkshop(caseID: "case-1", checklistID: "testlista", by: "anna") }
        let training = try kind.make(folder, kind: .training)
        #expect(throws: StoreError.self) { try training.startWorkshop(caseID: "case-1", checklistID: "testlista", by: "tove") }
        let code = try training.startWorkshop(caseID: "case-1", checklistID: "testlista", by: "anna")
        let joined = try training.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVN-1",
                                               unit: "Övning", answers: [:], by: "tove")
        #expect(try training.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVN-1",
                                          unit: "Övning", answers: [:], by: "tove").id == joined.id)
        // A valid number is built here, never written out (only fictional data in the repository).
        let number = Personnummer.withCheckDigit("121212121")
        #expect(throws: StoreError.self) {
            try training.save(joined.id, item: "view", value: .text("Född \(number)."), by: "tove")
        }
        #expect(try training.workshop(code).participants.map(\.pseudonym) == ["Falken"])
        #expect(throws: StoreError.self) { try training.purgeWorkshop(code, by: "tove") }
        #expect(try training.purgeWorkshop(code, by: "anna") == 1)
        #expect(throws: StoreError.self) { try training.header(joined.id) }
        #expect(throws: StoreError.self) { try training.indicatorRecords(years: 2026...2026, unit: nil, by: "anna") }
    }

    /// Issue 24: a training analysis has an id no real one has (ÖVN-…), a real store refuses such an
    /// id before any lookup, a workshop's case reference never enters a real record, and a
    /// participant reads only their own analysis (the trainer and the store's admin read all).
    @Test(arguments: ContractStore.enabled)
    func trainingIDsStayOutOfRealStoresAndParticipantsReadTheirOwn(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let real = try kind.make(folder)
        let draft = try real.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                    answers: ["view": .text("Vill bo kvar.")]).id
        #expect(draft.hasPrefix(testChecklist().idPrefix + "-"))
        let training = try kind.make(folder, kind: .training)
        let code = try training.startWorkshop(caseID: "case-1", checklistID: "testlista", by: "anna")
        let tove = try training.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVNING-\(code)",
                                             unit: "Övning", answers: [:], by: "tove").id
        let nina = try training.joinWorkshop(code: code, pseudonym: "Ugglan", checklist: testChecklist(), caseRef: "ÖVNING-\(code)",
                                             unit: "Övning", answers: [:], by: "nina").id
        #expect(tove.hasPrefix("ÖVN-") && nina.hasPrefix("ÖVN-") && tove != nina)

        // The real store: the training id refused by what it is, whatever is asked of it.
        func refusedAsTraining(_ body: () throws -> Void) -> Bool {
            do { try body() } catch StoreError.trainingID(let id) { return id == tove } catch { return false }
            return false
        }
        #expect(refusedAsTraining { _ = try real.analysis(tove, readBy: "anna") })
        #expect(refusedAsTraining { try real.save(tove, item: "view", value: .text("Falkens svar."), by: "anna") })
        #expect(refusedAsTraining { _ = try real.submit(tove, by: "anna") })
        #expect(StoreError.trainingID(tove).message(.sv).contains("--training"))
        // A workshop's answers, case reference and all, never land in a real draft or a new analysis.
        #expect {
            _ = try real.create(checklist: testChecklist(), caseRef: "övning-\(code)", unit: "Norr", author: "anna")
        } throws: { error in
            (error as? StoreError)?.message(.en).contains("belongs to a workshop") == true
        }
        #expect(try real.analysis(draft, readBy: "anna").answers["view"] == .text("Vill bo kvar."))

        // Participants: their own only, until the comparison, which the trainer shows.
        #expect(try training.analysis(tove, readBy: "tove").summary.id == tove)
        #expect {
            _ = try training.analysis(nina, readBy: "tove")
        } throws: { error in
            guard case StoreError.notAllowed(let words) = error else { return false }
            return words.sv.contains("annan deltagares") && words.text(.en).contains("another participant's")
        }
        #expect(throws: StoreError.self) { try training.save(nina, item: "view", value: .text("Falken ändrar."), by: "tove") }
        #expect(try training.list(AnalysisFilter(), for: "tove").map(\.id) == [tove])
        #expect(try training.analyses(AnalysisFilter(), readBy: "nina").map(\.summary.id) == [nina])
        #expect(Set(try training.list(AnalysisFilter(), for: "anna").map(\.id)) == [tove, nina])
        #expect(try training.analysis(nina, readBy: "anna").summary.id == nina)
    }

    @Test(arguments: ContractStore.enabled)
    func retentionDeletesOnlyWhatIsDecidedAndNotExempt(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let decided = try approved(store).id
        let kept = try approved(store).id
        let open = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna").id
        #expect(throws: StoreError.self) { try store.setRetentionExempt(kept, reason: "Överklagat", by: "bertil") }
        #expect(throws: StoreError.self) { try store.setRetentionExempt(kept, reason: " ", by: "anna") }
        try store.setRetentionExempt(kept, reason: "Överklagat", by: "anna")
        #expect(throws: StoreError.self) { try store.purge(before: "2999-01-01", by: "bertil") }
        #expect(try store.retention(before: "2999-01-01").due.map(\.id) == [decided])
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [decided])
        #expect(try store.list(AnalysisFilter(order: .oldestFirst)).map(\.id) == [kept, open])
        #expect(try store.verify().isEmpty)
    }

    @Test(arguments: ContractStore.enabled)
    func statisticsOnlyForSupervisorsAndAdmins(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        #expect(throws: StoreError.self) { try store.indicatorRecords(years: year...year, unit: nil, by: "nora") }
        #expect(try store.indicatorRecords(years: year...year, unit: nil, by: "bertil").isEmpty)
    }

    // MARK: The chain's bytes

    /// Fixed inputs, fixed output: every store must produce exactly these bytes and digests.
    @Test func theChainsTestVectors() {
        let row = AuditChain.Row(id: 7, at: "2026-03-01T09:30:00.000Z", account: "anna", action: "answer.save",
                                 analysisID: "BKA-2026-0001", detail: "view", digest: Data(repeating: 0xab, count: 32))
        #expect(String(decoding: AuditChain.canonical(row), as: UTF8.self) == """
            audit 7
            24:2026-03-01T09:30:00.000Z
            4:anna
            11:answer.save
            13:BKA-2026-0001
            4:view
            64:\(String(repeating: "ab", count: 32))

            """)
        let key = Data((0..<32).map { UInt8($0) })
        // Each kind of content: its text, and its HMAC-SHA-256 under the key 00 01 … 1f
        // (computed once with Python's hmac module and fixed here).
        let vectors: [(AuditChain.Content, String, String)] = [
            (.answer(item: "view", json: #""Vill bo kvar.""#), "answer\nview\n\"Vill bo kvar.\"",
             "012d1aabc7434db2c0028a7a5d95cf73d6fadbc5179f0523dea4ce23034cb220"),
            (.version(number: 2, status: "submitted", contentHash: "c0ffee"), "version\n2\nsubmitted\nc0ffee",
             "4477e2e51444204cbf0151c8ed482a312b2aedbf7cf576588d2bb2727267d71a"),
            (.review(version: 2, reviewer: "bertil", decision: "return", comment: "Mer.", itemComments: "{}", rule: nil),
             "review\n2\nbertil\nreturn\n-\n4:Mer.\n2:{}",
             "d106c6c418fce2b9c66c4914ba28d390514752b0d915090517eed441dc09cce8"),
            (.creation(author: "anna", caseRef: "EB-1", unit: "Norr", definitionHash: "d1"), "creation\nd1\n4:anna\n4:EB-1\n4:Norr",
             "c6a35ee5becffe75b50182eefa5049a0870230869dbe80911982320ee34dba5d"),
            (.reassignment(from: "nora", to: "nina", reason: "Sjuk"), "reassignment\n4:nora\n4:nina\n4:Sjuk",
             "2ef1248e1ab2e8560903d1be0fbe32e44a5630cf93a9f35277f8d075bb935742"),
            (.unitMove(from: "Norr", to: "Söder", reason: "Fel"), "move\n4:Norr\n6:Söder\n3:Fel",
             "6b4f9e2bbedcb954ea21b023dc77350c585f20905a0671ed6dbce435ddd72506"),
        ]
        for (content, text, digest) in vectors {
            #expect(content.text == text)
            #expect(AuditChain.hex(AuditChain.digest(content, key: key)) == digest)
        }
        // SHA-256 over the genesis (32 zero bytes) and the row's canonical bytes.
        #expect(AuditChain.hex(AuditChain.hash(previous: AuditChain.genesis, row))
            == "a3c2ab6a0665cc4f5b07eb4ed8cce40e195bd34793c694ea03c4a50d931d7278")
    }
}
