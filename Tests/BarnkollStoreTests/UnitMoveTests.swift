import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import Testing

/// With a list of units, an analysis made under the wrong one is moved, not made again: by its
/// author who works in the new unit, a supervisor of its unit or an admin, with a reason, and its
/// unit's answer moves with it. Left last stop: the only way was a new analysis.
@Suite struct UnitMove {
    /// Norr and Söder listed; nora works in both, cecilia in Norr only, bertil supervises Norr;
    /// anna (who made the store) is its admin.
    func units(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        for unit in ["Norr", "Söder", "Väst"] { try store.addUnit(unit, by: "anna") }
        for unit in ["Norr", "Söder"] { try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit) }
        try store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna", unit: "Norr")
        return store
    }

    /// `units`, and a complete draft by `author` filed under Norr.
    func draft(_ kind: ContractStore, _ folder: TemporaryFolder, by author: String,
               caseRef: String) throws -> (any CaseworkStore, AnalysisSummary) {
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        return (store, try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: author, answers: answers))
    }

    /// The units the worksheet offers are those a move allows: the author's other units, for a
    /// supervisor or an admin only those its author works in, for a colleague none.
    @Test(arguments: ContractStore.enabled)
    func theUnitsOfferedAreThoseAMoveAllows(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let (store, summary) = try draft(kind, folder, by: "nora", caseRef: "EB-2026-144")
        for (account, offered) in [("nora", ["Söder"]), ("bertil", ["Söder"]), ("anna", ["Söder"]), ("cecilia", [])] {
            #expect(try store.unitsToMove(summary, by: account) == offered, "\(account)")
        }
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Väst")
        #expect(try store.unitsToMove(summary, by: "nora") == ["Söder", "Väst"])
        #expect(try store.moveOffer(summary, by: "nora").whyNone == nil)
        #expect(try store.submit(summary.id, by: "nora") == .submitted)
        #expect(try store.unitsToMove(store.header(summary.id).summary, by: "nora").isEmpty)
    }

    /// When none is offered, Core says why in words for the one asking: the author works in no
    /// other unit (to the author, and to a supervisor or an admin, who must grant a membership
    /// first), the asker does not move it, there is no other unit, or it can no longer change.
    @Test(arguments: ContractStore.enabled)
    func whenNoUnitIsOfferedTheReasonFitsTheOneAsking(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let (store, summary) = try draft(kind, folder, by: "cecilia", caseRef: "EB-2026-145")
        func why(_ summary: AnalysisSummary, _ account: String) throws -> String {
            let offer = try store.moveOffer(summary, by: account)
            #expect(offer.units.isEmpty, "\(account)")
            #expect(try store.unitsToMove(summary, by: account).isEmpty, "\(account)")
            return try #require(offer.whyNone, "\(account)").sv
        }
        #expect(try why(summary, "cecilia").hasPrefix("Du arbetar inte i någon annan enhet. När en administratör"))
        for account in ["bertil", "anna"] {
            #expect(try why(summary, account) == "cecilia, som skriver den, arbetar inte i någon annan enhet, och en analys flyttas bara dit dess författare arbetar; ge först ett medlemskap: barnkoll admin grant caseworker cecilia --unit ENHET")
        }
        #expect(try why(summary, "nora").hasPrefix("Du kan inte flytta den; det kan dess författare"))
        #expect(try store.moveOffer(summary, by: "nora").whyNone?.en == "You cannot move it; its author, the unit's supervisor or an admin can (barnkoll admin move).")
        #expect(try store.submit(summary.id, by: "cecilia") == .submitted)
        #expect(try why(store.header(summary.id).summary, "anna").contains("inskickad"))
        // A store whose list holds one unit only.
        let other = TemporaryFolder()
        let single = try kind.make(other)
        let (checklist, answers) = try completeBKA()
        try single.addUnit("Norr", by: "anna")
        try single.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        let alone = try single.create(checklist: checklist, caseRef: "EB-2026-146", unit: "Norr", author: "nora", answers: answers)
        for account in ["nora", "anna"] {
            #expect(try single.unitsToMove(alone, by: account).isEmpty)
            #expect(try single.moveOffer(alone, by: account).whyNone?.sv.hasPrefix("Det finns ingen annan enhet i listan att flytta den till") == true)
        }
    }

    @Test(arguments: ContractStore.enabled)
    func theAuthorMovesADraftToAnotherOfTheirUnitsAndItsAnswerFollows(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "Norr", author: "nora", answers: answers).id
        let before = try store.auditEvents().count
        // Refused, each in its own words, and nothing changed: no reason, no such unit, the unit
        // it has, someone who is neither author, supervisor of its unit nor admin, and a unit its
        // author does not work in.
        let refusals: [(String, String, String, String)] = [
            ("Söder", " ", "nora", "skäl"), ("Öst", "Fel enhet.", "nora", "ingen enhet 'Öst'"),
            ("Norr", "Fel enhet.", "nora", "hör redan till Norr"), ("Söder", "Fel enhet.", "cecilia", "bara författaren"),
            ("Väst", "Fel enhet.", "anna", "nora, som skrev \(id), arbetar inte i Väst"),
        ]
        for (unit, reason, account, words) in refusals {
            do {
                try store.move(id, toUnit: unit, reason: reason, by: account)
                Issue.record("moved to \(unit) by \(account)")
            } catch {
                #expect(error.message(.sv).contains(words), "\(error.message(.sv))")
            }
        }
        #expect(try store.auditEvents().count == before)
        #expect(try store.header(id).summary.unit == "Norr")

        // The author, who works in Söder too, in another spelling: filed as listed, the answer with it.
        #expect(try store.move(id, toUnit: "söder", reason: "Fel enhet valdes.", by: "nora") == "Söder")
        let moved = try store.analysis(id, readBy: "nora")
        #expect(moved.summary.unit == "Söder" && moved.answers["unit"] == .text("Söder"))
        #expect(try filed(store, unit: "Söder") == [id] && filed(store, unit: "Norr").isEmpty)
        let actions = try store.auditEvents().map(\.action).filter { $0 != "analysis.read" }.suffix(3)
        #expect(Array(actions) == ["analysis.move", "answer.save", "analysis.filed"], "\(actions)")
        // Still the worksheet's rule: the answer is the unit it is filed under now.
        #expect(throws: StoreError.self) { try store.save(id, item: "unit", value: .text("Norr"), by: "nora") }
        #expect(try store.verifyProblems().isEmpty)

        // Submitted, it waits in a queue: returned first, or not moved.
        #expect(try store.submit(id, by: "nora") == .submitted)
        #expect(throws: StoreError.self) { try store.move(id, toUnit: "Norr", reason: "Fel enhet.", by: "anna") }
    }

    @Test(arguments: ContractStore.enabled)
    func aSupervisorMovesAReturnedAnalysisAndItsFiguresFollow(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-118", unit: "Norr", author: "nora", answers: answers).id
        #expect(try store.submit(id, by: "nora") == .submitted)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        func counted(_ unit: String) throws -> Int {
            try store.indicatorRecords(years: year...year, unit: unit, by: "anna").count
        }
        _ = try store.indicatorReport(year: year, unit: nil, today: ISODate.today(), by: "anna")
        try store.return(id, by: "bertil", comment: "Ärendet hör till Söder.", itemComments: [:])
        #expect(try counted("Norr") == 1)
        try store.move(id, toUnit: "Söder", reason: "Ärendet hör till Söder.", by: "bertil")
        #expect(try counted("Söder") == 1 && counted("Norr") == 0)
        let tallies = try store.readIndicatorTallies(years: year...year, unit: "Söder", scope: nil, loggedFor: "anna")
        #expect(tallies[year] == Indicators.Tally(try store.indicatorRecords(years: year...year, unit: "Söder", by: "anna")))
        // Now in Söder, which bertil does not supervise: not his to move back.
        #expect(throws: StoreError.self) { try store.move(id, toUnit: "Norr", reason: "Tillbaka.", by: "bertil") }
        #expect(try store.verifyProblems().isEmpty)
    }

    @Test(arguments: ContractStore.enabled)
    func withoutAListTheAnswerMovesTheAnalysis(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-119", unit: "Norr", author: "anna", answers: answers).id
        do {
            try store.move(id, toUnit: "Söder", reason: "Fel enhet.", by: "anna")
            Issue.record("moved without a list of units")
        } catch {
            #expect(error.message(.sv).contains("ändra svaret i stället"), "\(error.message(.sv))")
        }
    }

    /// A unit's SQLite store with a moved analysis moves into PostgreSQL, and both chains verify.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func aMovedAnalysisIsImportedAndBothChainsVerify() throws {
        let folder = TemporaryFolder()
        let path = folder.file("norr/barnkoll.sqlite")
        let file = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        for unit in ["Norr", "Söder"] {
            try file.addUnit(unit, by: "anna")
            try file.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit)
        }
        let (checklist, answers) = try completeBKA()
        let id = try file.create(checklist: checklist, caseRef: "EB-2026-121", unit: "Norr", author: "nora", answers: answers).id
        try file.move(id, toUnit: "Söder", reason: "Fel enhet.", by: "nora")
        #expect(try file.verifyProblems().isEmpty)
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        let imported = try store.importStore(try SQLiteStore.importSource(path: path), mapping: ImportMapping(), by: "anna")
        let moved = try store.analysis(try #require(imported.first).new, readBy: "anna")
        #expect(moved.summary.unit == "Söder" && moved.answers["unit"] == .text("Söder"))
        // The move comes with its reason, sealed in the database's chain as the import's own.
        #expect(moved.transfers.map { [$0.from, $0.to, $0.reason, $0.by] } == [["Norr", "Söder", "Fel enhet.", "nora"]])
        #expect(try store.verify() == [])
    }

    /// The database refuses a move outside the rule itself, to a client that asks it without Core.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func theDatabaseRefusesAMoveOutsideTheRule() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        for unit in ["Norr", "Söder"] { try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit) }
        try store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Norr")
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-120", unit: "Norr", author: "nora", answers: answers).id
        func refusal(_ account: String, _ unit: String, _ value: String?) throws -> String? {
            let connection = try PQConnection(conninfo, user: account, location: "test")
            do {
                try connection.query("SELECT barnkoll.move_to_unit($1, $2, 'Fel enhet.', $3, $4)", [id, unit, value, unit])
                return nil
            } catch {
                return error.sqlstate
            }
        }
        #expect(try refusal("cecilia", "Söder", "\"Söder\"") == "BK401")
        #expect(try refusal("nora", "Öst", "\"Öst\"") == "BK422")
        #expect(try refusal("nora", "Söder", "\"Norr\"") == "BK422")
        #expect(try refusal("nora", "Söder", nil) == "BK422")
        #expect(try store.header(id).summary.unit == "Norr")
        #expect(try refusal("nora", "Söder", "\"Söder\"") == nil)
        #expect(try store.analysis(id, readBy: "nora").answers["unit"] == .text("Söder"))
        #expect(try store.verifyProblems().isEmpty)
    }

    /// A unit renamed or a free-text unit mapped onto a listed one writes the unit's answer of what
    /// is still worked on, as a move does; what waits in a queue or was decided keeps what was
    /// submitted. Left before: the drafts kept the old unit in their case file.
    @Test(arguments: ContractStore.enabled)
    func aRenameOrAMapWritesTheUnitsAnswerOfWhatIsStillWorkedOn(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let (checklist, answers) = try completeBKA()
        func made(_ caseRef: String) throws -> String {
            try store.create(checklist: checklist, caseRef: caseRef, unit: "Ekonomiskt bistånd", author: "nora", answers: answers).id
        }
        let (draft, returned, submitted) = (try made("EB-2026-131"), try made("EB-2026-132"), try made("EB-2026-133"))
        for id in [returned, submitted] { #expect(try store.submit(id, by: "nora") == .submitted) }
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        try store.return(returned, by: "bertil", comment: "Komplettera.", itemComments: [:])
        let untouched = try made("EB-2026-134")
        try store.save(untouched, item: "unit", value: nil, by: "nora")
        func unitAnswer(_ id: String) throws -> AnswerValue? { try store.analysis(id, readBy: "anna").answers["unit"] }
        #expect(try unitAnswer(draft) == .text("Ekonomiskt bistånd"))

        try store.addUnit("Norr", by: "anna")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        let before = try store.auditEvents().count
        #expect(try store.mapUnit("Ekonomiskt bistånd", to: "norr", by: "anna") == 4)
        #expect(try unitAnswer(draft) == .text("Norr") && unitAnswer(returned) == .text("Norr"))
        #expect(try unitAnswer(submitted) == .text("Ekonomiskt bistånd"))
        #expect(try unitAnswer(untouched) == nil)
        let saved = try store.auditEvents().dropFirst(before).filter { $0.action == "answer.save" }
        #expect(saved.map(\.analysisID) == [draft, returned] && saved.allSatisfy { $0.account == "anna" }, "\(saved)")

        try store.renameUnit("Norr", to: "IFO Norr", by: "anna")
        #expect(try unitAnswer(draft) == .text("IFO Norr") && unitAnswer(returned) == .text("IFO Norr"))
        #expect(try unitAnswer(submitted) == .text("Ekonomiskt bistånd") && unitAnswer(untouched) == nil)
        // The answer is the unit it is filed under: saved as it stands, it is taken.
        try store.save(draft, item: "unit", value: .text("IFO Norr"), by: "nora")
        #expect(try store.list(AnalysisFilter()).filter { $0.unit != "IFO Norr" }.isEmpty)
        #expect(try store.verifyProblems().isEmpty)
    }

    /// Submitted before a rename and returned after it, an analysis's answer still names the old
    /// unit: it is not submitted so (the case file would name a unit it is not filed under) until
    /// the answer is the unit, which the refusal says how to write in.
    @Test(arguments: ContractStore.enabled)
    func anAnswerNamingAnotherUnitIsWrittenInBeforeSubmitting(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try units(kind, folder)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-136", unit: "Norr", author: "nora", answers: answers).id
        #expect(try store.submit(id, by: "nora") == .submitted)
        try store.renameUnit("Norr", to: "IFO Norr", by: "anna")
        try store.return(id, by: "bertil", comment: "Komplettera.", itemComments: [:])
        #expect(try store.analysis(id, readBy: "nora").answers["unit"] == .text("Norr"))
        do {
            _ = try store.submit(id, by: "nora")
            Issue.record("submitted with an answer naming Norr")
        } catch {
            #expect(error.message(.sv).contains("svaret är inte IFO Norr, enheten analysen hör till nu"), "\(error.message(.sv))")
        }
        #expect(try store.header(id).summary.status == .returned)
        try store.save(id, item: "unit", value: .text("ifo norr"), by: "nora")
        #expect(try store.submit(id, by: "nora") == .submitted)
        #expect(try store.verifyProblems().isEmpty)
    }

    /// The database writes only the unit's answer that names the unit, to a client that asks it
    /// without Core.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func theDatabaseRefusesARenameOrMapWithAnotherAnswer() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-135", unit: "Ekonomiskt bistånd", author: "anna", answers: answers).id
        try store.addUnit("Norr", by: "anna")
        let connection = try PQConnection(conninfo, user: "anna", location: "test")
        for (sql, value) in [("SELECT barnkoll.map_unit('Ekonomiskt bistånd', 'Norr', $1, 'x')", "\"Söder\""),
                             ("SELECT barnkoll.map_unit('Ekonomiskt bistånd', 'Norr', $1, 'x')", "[\"Norr\"]"),
                             ("SELECT barnkoll.rename_unit('Norr', 'Nord', $1, 'x')", "\"Norr\"")] {
            do {
                try connection.query(sql, [value])
                Issue.record("\(sql) with \(value) went through")
            } catch {
                #expect(error.sqlstate == "BK422", "\(error)")
            }
        }
        #expect(try store.header(id).summary.unit == "Ekonomiskt bistånd" && store.units() == ["Norr"])
        #expect(try store.verifyProblems().isEmpty)
    }
    /// A version freezes what was saved, and with a list of units its unit's answer names the unit
    /// it is filed under: the database holds both against a client that calls it without Core.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func theDatabaseFreezesOnlyTheAnswersSavedWithTheUnitsOwn() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        try store.addUnit("Norr", by: "anna")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna", unit: "Norr")
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-137", unit: "Norr", author: "nora", answers: answers).id
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        let submit = "SELECT barnkoll.submit_version($1, 1, 'submitted', $2)"
        func refused(_ sql: String, _ json: String?) {
            do {
                try nora.query(sql, [id, json])
                Issue.record("submitted \(json ?? "NULL")")
            } catch {
                #expect(error.sqlstate == "BK422", "\(error)")
            }
        }
        var unsaved = answers
        unsaved["decision"] = .text("Ett beslut som ingen sparade.")
        refused(submit, CanonicalJSON.encode(unsaved, fallback: "{}"))
        refused(submit, nil)
        refused(submit, "{}")
        #expect(try store.header(id).summary.status == .draft)

        // Submitted through Core, the unit renamed, returned: the old unit's answer is not frozen again.
        #expect(try store.submit(id, by: "nora") == .submitted)
        try store.renameUnit("Norr", to: "IFO Norr", by: "anna")
        try store.return(id, by: "bertil", comment: "Komplettera.", itemComments: [:])
        let saved = try store.analysis(id, readBy: "nora").answers
        #expect(saved["unit"] == .text("Norr"))
        refused("SELECT barnkoll.submit_version($1, 2, 'submitted', $2)", CanonicalJSON.encode(saved, fallback: "{}"))
        #expect(try store.header(id).summary.status == .returned)

        // Written in, the answers saved are what a version freezes, from any client.
        try store.save(id, item: "unit", value: .text("IFO Norr"), by: "nora")
        let written = try store.analysis(id, readBy: "nora").answers
        try nora.query("SELECT barnkoll.submit_version($1, 2, 'submitted', $2)", [id, CanonicalJSON.encode(written, fallback: "{}")])
        #expect(try store.header(id).summary.status == .submitted)
        #expect(try store.verifyProblems().isEmpty)
    }
}
