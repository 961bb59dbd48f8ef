import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// The indicators from tallies: on every store kind the same as every record counted, kept per
/// unit and year (SQLite v22, PostgreSQL Migration 32), counted again only where something changed.
@Suite struct IndicatorTallyStore {
    let year = Int(ISODate.today().prefix(4)) ?? 2026

    /// Each year's tally of the records, as every record counted gives it.
    func counted(_ store: any CaseworkStore, unit: String? = nil) throws -> [Int: Indicators.Tally] {
        let records = try store.indicatorRecords(years: (year - 1)...year, unit: unit, by: "bertil")
        return Dictionary(grouping: records, by: { $0.year ?? 0 }).mapValues { Indicators.Tally($0) }
    }

    func tallies(_ store: any CaseworkStore, unit: String? = nil) throws -> [Int: Indicators.Tally] {
        try store.readIndicatorTallies(years: (year - 1)...year, unit: unit, scope: nil, loggedFor: "bertil")
    }

    /// Decided analyses of the complete fixture: in two units, a child met twice in one case,
    /// approved, returned, with notes after the decision.
    func decided(_ store: any CaseworkStore, unit: String, caseRef: String, approve: Bool = true) throws -> String {
        let (checklist, answers) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: "anna", answers: answers).id
        _ = try store.submit(id, by: "anna")
        if approve { try store.approve(id, by: "bertil", comment: nil) }
        return id
    }

    @Test(arguments: ContractStore.enabled)
    func theTalliesAreTheRecordsCountedThroughEveryChange(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let north = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        _ = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        let south = try decided(store, unit: "Söder", caseRef: "VU-2026-17", approve: false)
        #expect(try tallies(store) == counted(store))
        #expect(try tallies(store)[year]?.hasData == true)
        // Read again with nothing changed (SQLite: the kept tallies alone).
        #expect(try tallies(store) == counted(store))

        try store.addNote(north, NewNote(kind: .outcome, date: "2026-03-10", outcome: .granted, text: ""), by: "anna", today: "2026-12-02")
        #expect(try tallies(store) == counted(store))
        try store.return(south, by: "bertil", comment: "Beskriv samtalet.", itemComments: [:])
        #expect(try tallies(store) == counted(store))
        _ = try decided(store, unit: "Söder", caseRef: "VU-2026-18")
        #expect(try tallies(store) == counted(store))
        #expect(try tallies(store, unit: "Norr") == counted(store, unit: "Norr"))
        #expect(try tallies(store, unit: "Söder") == counted(store, unit: "Söder"))
        // A unit moved onto the list: its analyses are counted under the new unit.
        try store.addUnit("Öster", by: "anna")
        #expect(try store.mapUnit("Söder", to: "Öster", by: "anna") == 2)
        #expect(try store.indicatorRecords(years: year...year, unit: "Öster", by: "bertil").count == 2)
        #expect(try store.indicatorRecords(years: year...year, unit: "Söder", by: "bertil").isEmpty)
        #expect(try tallies(store) == counted(store))
        #expect(try tallies(store, unit: "Öster") == counted(store, unit: "Öster"))

        // The report from the tallies is the report of the records, and the read is logged once.
        let before = try store.auditEvents().count
        let report = try store.indicatorReport(year: year, unit: nil, today: "2026-12-02", by: "bertil")
        let records = try store.indicatorRecords(years: (year - 1)...year, unit: nil, by: "bertil")
        #expect(report == Indicators.compute(records: records, year: year, unit: nil, today: "2026-12-02"))
        #expect(try store.auditEvents().count == before + 2)
        #expect(try store.auditEvents().last?.action == "stats.read")
    }

    /// A unit's supervisor adds up only their unit's tallies, also after a supervisor of every
    /// unit has had every unit's kept.
    @Test(arguments: ContractStore.enabled)
    func aUnitsSupervisorCountsOnlyTheirUnit(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        for unit in ["Norr", "Söder"] {
            try store.addUnit(unit, by: "anna")
            try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: unit)
        }
        try store.setRole(.supervisor, for: "cecilia", granted: true, by: "anna", unit: "Söder")
        _ = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        _ = try decided(store, unit: "Söder", caseRef: "VU-2026-17")
        _ = try decided(store, unit: "Söder", caseRef: "VU-2026-18", approve: false)
        _ = try store.indicatorReport(year: year, unit: nil, today: "2026-12-02", by: "bertil")

        let hers = try store.indicatorRecords(years: (year - 1)...year, unit: nil, by: "cecilia")
        #expect(hers.count == 2 && hers.allSatisfy { $0.unit == "Söder" })
        let tallies = try store.readIndicatorTallies(years: (year - 1)...year, unit: nil, scope: store.actor("cecilia").scope,
                                                     loggedFor: "cecilia")
        #expect(tallies == Dictionary(grouping: hers, by: { $0.year ?? 0 }).mapValues { Indicators.Tally($0) })
        #expect(try store.indicatorReport(year: year, unit: nil, today: "2026-12-02", by: "cecilia")
                == Indicators.compute(records: hers, year: year, unit: nil, today: "2026-12-02"))
    }

    /// The kept rows of `indicator_tally` this year: unit → whether its tally is kept.
    func kept(_ store: any CaseworkStore) throws -> [String: Bool] {
        if let store = store as? SQLiteStore {
            return try store.rawRead { db in
                var rows: [String: Bool] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT unit, tally IS NOT NULL FROM indicator_tally WHERE year = ?",
                                            arguments: [year]) {
                    rows[row[0]] = row[1]
                }
                return rows
            }
        }
        let rows = try PostgresCluster.superuser(of: store).query(
            "SELECT unit, tally IS NOT NULL FROM barnkoll.indicator_tally WHERE year = $1", [String(year)]).rows
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] ?? "", $0[1] == "t") })
    }

    /// Statements run on the store's own file or database, beside barnkoll.
    func raw(_ store: any CaseworkStore, _ sqlite: String, _ postgres: String) throws {
        if let store = store as? SQLiteStore {
            try store.rawWrite { db in try db.execute(sql: sqlite) }
        } else {
            try PostgresCluster.superuser(of: store).query(postgres)
        }
    }

    @Test(arguments: ContractStore.enabled)
    func aChangeMarksOnlyItsUnitsYear(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let north = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        let south = try decided(store, unit: "Söder", caseRef: "VU-2026-17", approve: false)
        #expect(try kept(store) == ["Norr": false, "Söder": false])
        _ = try tallies(store)
        #expect(try kept(store) == ["Norr": true, "Söder": true])

        // A note after the decision.
        try store.addNote(north, NewNote(kind: .outcome, date: "2026-03-10", outcome: .refused, text: ""), by: "anna", today: "2026-12-02")
        #expect(try kept(store) == ["Norr": false, "Söder": true])
        _ = try tallies(store)
        // A review.
        try store.approve(south, by: "bertil", comment: nil)
        #expect(try kept(store) == ["Norr": true, "Söder": false])
        _ = try tallies(store)
        // A draft saved changes nothing counted.
        try store.revise(north, by: "anna")
        _ = try tallies(store)
        try store.save(north, item: "children", value: .entries([["alias": .text("Kim"), "age": .number(16)]]), by: "anna")
        #expect(try kept(store) == ["Norr": true, "Söder": true])
        // A unit moved: both units' years, and the new unit's row.
        try store.addUnit("Öster", by: "anna")
        #expect(try store.mapUnit("Söder", to: "Öster", by: "anna") == 1)
        let afterMove = try kept(store)
        #expect(afterMove == ["Norr": true, "Söder": false, "Öster": false], "\(afterMove)")
        #expect(try tallies(store) == counted(store))
        #expect(try tallies(store)[year].map(\.hasData) == true)
    }

    /// Before v22 a unit moved left the indicator rows under the old unit; v22 moves them.
    @Test func theMigrationCountsAnalysesMovedBeforeItUnderTheirUnit() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        _ = try decided(store, unit: "Söder", caseRef: "VU-2026-17")
        try store.addUnit("Öster", by: "anna")
        _ = try store.mapUnit("Söder", to: "Öster", by: "anna")
        try store.rawWrite { db in
            try db.execute(sql: "UPDATE indicator_analysis SET unit = 'Söder'")
            try asBeforeV22(db)
        }
        try store.closeConnections()
        let migrated = try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: .real, account: "anna")
        #expect(try migrated.indicatorRecords(years: year...year, unit: nil, by: "bertil").map(\.unit) == ["Öster"])
        #expect(try kept(migrated) == ["Öster": false])
        #expect(try tallies(migrated) == counted(migrated))
    }

    @Test func aTallyCountedWhileItsUnitChangedIsNotKept() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let north = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        // Counted from a read transaction, then the unit changes before the tally is kept.
        let read = try store.rawRead { db in
            try IndicatorTallies.read(db, year: year, unit: nil, units: nil, known: { _ in nil }, keep: { _, _ in })
        }
        #expect(read.counted.map(\.unit) == ["Norr"])
        try store.addNote(north, NewNote(kind: .outcome, date: "2026-03-10", outcome: .granted, text: ""), by: "anna", today: "2026-12-02")
        try store.rawWrite { db in try IndicatorTallies.keep(db, read.counted) }
        #expect(try kept(store) == ["Norr": false])
        // The next read counts it with the note.
        #expect(try tallies(store) == counted(store))
        #expect(try kept(store) == ["Norr": true])
    }

    @Test(arguments: ContractStore.enabled)
    func aTallyKeptInAnotherFormatIsCountedAgain(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        _ = try decided(store, unit: "Norr", caseRef: "EB-2026-901")
        let right = try counted(store)
        _ = try tallies(store)
        // A tally from another build, and one that is not a tally at all.
        try raw(store, "UPDATE indicator_tally SET format = format + 1", "UPDATE barnkoll.indicator_tally SET format = format + 1")
        #expect(try tallies(store) == right)
        try raw(store, "UPDATE indicator_tally SET tally = x'00ff'", "UPDATE barnkoll.indicator_tally SET tally = 'ÿ'")
        #expect(try tallies(store) == right)
        #expect(try kept(store) == ["Norr": true])
        try raw(store, "UPDATE indicator_tally SET tally = '{}'", "UPDATE barnkoll.indicator_tally SET tally = '{}'")
        #expect(try tallies(store) == right)
        #expect(try kept(store) == ["Norr": true])
        if let store = store as? SQLiteStore {
            let formats = try store.rawRead { db in try Int.fetchAll(db, sql: "SELECT format FROM indicator_tally") }
            #expect(formats == [Indicators.Tally.format])
        } else {
            #expect(try PostgresCluster.superuser(of: store).query("SELECT format FROM barnkoll.indicator_tally").rows
                    == [[String(Indicators.Tally.format)]])
        }
    }
}

/// `verify` counts the kept tallies again and holds the rows the indicators read against the
/// records they are made from: a wrong tally would otherwise stand in the yearly indicators.
@Suite struct DerivedFiguresVerified {
    let shared = IndicatorTallyStore()
    var year: Int { shared.year }

    @Test(arguments: ContractStore.enabled)
    func aKeptTallyThatIsNotItsCountIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        _ = try shared.decided(store, unit: "Norr", caseRef: "EB-2026-901")
        _ = try shared.decided(store, unit: "Söder", caseRef: "VU-2026-17", approve: false)
        _ = try shared.tallies(store)
        #expect(try shared.kept(store) == ["Norr": true, "Söder": true])
        #expect(try store.verify() == [])
        // Söder's tally kept as Norr's: a tally that reads as one, and is wrong.
        let copy = "UPDATE @indicator_tally SET tally = (SELECT tally FROM @indicator_tally WHERE unit = 'Söder' AND year = \(year)) "
            + "WHERE unit = 'Norr' AND year = \(year)"
        try shared.raw(store, copy.replacingOccurrences(of: "@", with: ""), copy.replacingOccurrences(of: "@", with: "barnkoll."))
        #expect(try shared.tallies(store) != shared.counted(store))
        #expect(try store.verify() == [kind == .sqlite
            ? "indicator_tally: the figures of Norr for \(year) do not match the unit's analyses (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup"
            : "indicator_tally: the figures of Norr for \(year), kept by bertil, do not match the unit's analyses, so the yearly indicators count wrongly; find out how they got there"])
    }

    /// In the file, every table the indicators read can be written by whoever may write the store.
    @Test func theRowsTheIndicatorsReadAreHeldAgainstTheirRecords() throws {
        let folder = TemporaryFolder()
        let store = try #require(try supervised(.sqlite, folder) as? SQLiteStore)
        let north = try shared.decided(store, unit: "Norr", caseRef: "EB-2026-901")
        let south = try shared.decided(store, unit: "Söder", caseRef: "VU-2026-17")
        _ = try shared.tallies(store)
        #expect(try store.verify() == [])
        func intruded(_ sql: String) throws -> [String] {
            try store.rawWrite { db in
                var problems: [String] = []
                try db.inSavepoint {
                    try db.execute(sql: sql)
                    // Verify as it would read the change, which is then rolled back.
                    problems = try SQLiteStore.problems(db).map { $0.text(.en) }
                    return .rollback
                }
                return problems
            }
        }
        func rows(_ table: String, _ from: String, _ first: String) -> String {
            "\(table) is out of step with \(from) in 1 of its rows, first in \(first) (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup"
        }
        let versions = "the versions", analyses = "the analyses and their reviews"
        // A choice counted differently from what the version holds.
        #expect(try intruded("UPDATE indicator_version SET measures = coalesce(measures, 0) + 1 WHERE analysis_id = '\(south)'")
                == [rows("indicator_version", versions, south), rows("indicator_analysis", analyses, south)])
        #expect(try intruded("UPDATE indicator_analysis SET status = 'returned' WHERE analysis_id = '\(north)'")
                == [rows("indicator_analysis", analyses, north)])
        // A row moved to last year's place: counted in the wrong year.
        #expect(try intruded("UPDATE indicator_analysis SET place = place - \(IndicatorTallies.placesPerYear) WHERE analysis_id = '\(north)'")
                .first == rows("indicator_analysis", analyses, north))
        #expect(try intruded("DELETE FROM indicator_analysis WHERE analysis_id = '\(south)'")
                == [rows("indicator_analysis", analyses, south)])
        // A unit's year left without its tally row: left out of the indicators.
        #expect(try intruded("DELETE FROM indicator_tally WHERE unit = 'Söder'")
                == ["indicator_tally lacks the row of Söder for \(year) (changed outside barnkoll), so the unit's analyses of that year are left out of the yearly indicators; restore the store from a backup"])
        #expect(try store.verify() == [])
    }
}

/// Migration 32: PostgreSQL keeps the tallies inside the database, read and kept only through its
/// functions, by the statistics readers, for their units, and only at the generation read.
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresIndicatorTally {
    let shared = IndicatorTallyStore()
    var year: Int { shared.year }

    func generation(_ store: any CaseworkStore, _ unit: String) throws -> String {
        try PostgresCluster.superuser(of: store).query(
            "SELECT generation FROM barnkoll.indicator_tally WHERE year = $1 AND unit = $2", [String(year), unit]).value ?? ""
    }

    @Test func aTallyIsKeptOnlyByAReaderOfItsUnitAtTheGenerationRead() throws {
        let folder = TemporaryFolder()
        let store = try supervised(.postgres, folder)
        for unit in ["Norr", "Söder"] {
            try store.addUnit(unit, by: "anna")
            try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: unit)
        }
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        let north = try shared.decided(store, unit: "Norr", caseRef: "EB-2026-901")
        _ = try shared.decided(store, unit: "Söder", caseRef: "VU-2026-17")
        _ = try shared.tallies(store)
        #expect(try shared.kept(store) == ["Norr": true, "Söder": true])
        let database = try #require(try PostgresCluster.superuser(of: store).query("SELECT current_database()").value)

        // A caseworker reads neither the table nor the tallies, and keeps none.
        let nora = try PostgresCluster.connection(database: database, user: "nora")
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_tally") }
        #expect(throws: (any Error).self) {
            try nora.query("SELECT * FROM barnkoll.indicator_tallies(\(year), \(year), NULL, 'x', 1, '{}')")
        }
        try store.addNote(north, NewNote(kind: .outcome, date: "2026-03-10", outcome: .granted, text: ""), by: "anna", today: "2026-12-02")
        // An approval changes its row twice in one transaction (the review, the status): one step.
        let south = try shared.decided(store, unit: "Söder", caseRef: "VU-2026-18", approve: false)
        let southBefore = Int(try generation(store, "Söder")) ?? 0
        try store.approve(south, by: "bertil", comment: nil)
        #expect(Int(try generation(store, "Söder")) == southBefore + 1)
        #expect(try shared.kept(store) == ["Norr": false, "Söder": false])
        let north1 = try generation(store, "Norr"), south1 = try generation(store, "Söder")
        func keep(_ connection: PQConnection, _ unit: String, _ generation: String) throws {
            try connection.query("SELECT barnkoll.indicator_tally_keep($1::integer[], $2::text[], $3::bigint[], $4, $5::text[])",
                                 ["{\(year)}", "{\(unit)}", "{\(generation)}", String(Indicators.Tally.format), "{\"{}\"}"])
        }
        #expect(throws: (any Error).self) { try keep(nora, "Norr", north1) }
        // Norr's supervisor keeps nothing of Söder, nor a tally of a generation gone by.
        let nils = try PostgresCluster.connection(database: database, user: "nils")
        try keep(nils, "Söder", south1)
        try keep(nils, "Norr", String((Int(north1) ?? 0) - 1))
        #expect(try shared.kept(store) == ["Norr": false, "Söder": false])
        try keep(nils, "Norr", north1)
        #expect(try shared.kept(store) == ["Norr": true, "Söder": false])
        // What nils kept is no tally: the next reader counts Norr again and keeps the right one.
        #expect(try shared.tallies(store) == shared.counted(store))
        #expect(try PostgresCluster.superuser(of: store).query(
            "SELECT unit, kept_by FROM barnkoll.indicator_tally WHERE year = $1 ORDER BY unit", [String(year)]).rows
                == [["Norr", "bertil"], ["Söder", "bertil"]])
    }

    /// A supervisor keeps the tallies they count, so one could keep a wrong one through the
    /// database's own function: an admin's verify names it and who kept it.
    @Test func aWrongTallyKeptByASupervisorIsNamedWithWhoKeptIt() throws {
        let folder = TemporaryFolder()
        let store = try supervised(.postgres, folder)
        try store.addUnit("Norr", by: "anna")
        try store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        _ = try shared.decided(store, unit: "Norr", caseRef: "EB-2026-901")
        let database = try #require(try PostgresCluster.superuser(of: store).query("SELECT current_database()").value)
        let empty = String(decoding: try #require(Indicators.Tally().encoded()), as: UTF8.self)
        let nils = try PostgresCluster.connection(database: database, user: "nils")
        try nils.query("SELECT barnkoll.indicator_tally_keep($1::integer[], $2::text[], $3::bigint[], $4, $5::text[])",
                       ["{\(year)}", "{Norr}", "{\(try generation(store, "Norr"))}", String(Indicators.Tally.format),
                        PostgresStore.arrayLiteral([empty])])
        #expect(try shared.kept(store) == ["Norr": true])
        #expect(try shared.tallies(store) != shared.counted(store))
        let events = try store.auditEvents().count
        #expect(try store.verify() == [
            "indicator_tally: the figures of Norr for \(year), kept by nils, do not match the unit's analyses, so the yearly indicators count wrongly; find out how they got there"])
        // The rows it counted from were read as a statistics read is, and logged as one.
        #expect(try store.auditEvents().count == events + 1)
        #expect(try store.auditEvents().last.map { [$0.action, $0.account, $0.detail] } == ["stats.read", "anna", "verify kept tallies"])
        // The auditor checks the chain, not the figures: nothing is counted, nothing logged.
        let socket = try #require(PostgresCluster.socket)
        let auditor = try PostgresStore.open(conninfo: "host=\(socket) dbname=\(database) user=auditor", kind: .real)
        #expect(try auditor.verify() == [])
        #expect(try store.auditEvents().count == events + 1)
        // Its "all holds" says so; an admin's leaves nothing unchecked.
        #expect(try auditor.verifyLeftUnchecked().map { $0.text(.en) }
                    == ["the kept indicator tallies were not counted again; an admin's verify does that"])
        #expect(try store.verifyLeftUnchecked().isEmpty)
        // A caseworker is refused.
        let nora = try PostgresCluster.connection(database: database, user: "nora")
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_tally_check(1, 'x')") }
    }

    /// Migration 32 on a database of analyses: every unit's year is counted at the first read.
    @Test func theMigrationLeavesEveryUnitsYearToBeCounted() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder, through: 31)
        let older = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach,
                                           checkingSchema: false)
        try older.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        _ = try shared.decided(older, unit: "Norr", caseRef: "EB-2026-901")
        _ = try shared.decided(older, unit: "Söder", caseRef: "VU-2026-17", approve: false)
        #expect(try PostgresStore.migrate(conninfo: conninfo + " user=postgres", kind: .real) == Migrations.all.map(\.version).filter { $0 > 31 })
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        #expect(try shared.kept(store) == ["Norr": false, "Söder": false])
        #expect(try shared.tallies(store) == shared.counted(store))
        #expect(try shared.kept(store) == ["Norr": true, "Söder": true])
    }
}
