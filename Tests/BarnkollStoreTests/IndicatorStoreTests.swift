import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct IndicatorStore {
    let year = Int(ISODate.today().prefix(4)) ?? 2026

    func complete(_ store: SQLiteStore, care: String = "no", age: Int = 7, caseRef: String = "EB-TEST-1") throws -> String {
        try store.create(checklist: testChecklist(), caseRef: caseRef, unit: "Ekonomiskt bistånd", author: "anna", answers: [
            "affected": .text("yes"), "view": .text("Hon vill bo kvar i lägenheten."), "care": .text(care),
            "children": .entries([["alias": .text("Kim"), "age": .number(age)]]),
        ]).id
    }

    @Test func recordsComeBackFromFrozenVersionsOnly() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        // Approved, then revised: the new draft's answers must not reach the statistics.
        let approved = try complete(store, age: 7)
        #expect(try store.submit(approved, by: "anna") == .submitted)
        try store.approve(approved, by: "bertil", comment: nil)
        try store.revise(approved, by: "anna")
        try store.save(approved, item: "children", value: .entries([["alias": .text("Kim"), "age": .number(16)]]), by: "anna")
        // Returned with an item comment, still returned.
        let returned = try complete(store, age: 12)
        _ = try store.submit(returned, by: "anna")
        try store.return(returned, by: "bertil", comment: "Beskriv samtalet.", itemComments: ["view": "Med barnets ord."])
        // A hard stop overridden by a supervisor, then submitted.
        let stopped = try complete(store, care: "yes", age: 3)
        try store.override(stopped, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Beslutet är avgörande för barnets skydd.")
        _ = try store.submit(stopped, by: "anna")
        // Closed as not applicable, and a draft never submitted.
        let closed = try store.create(checklist: testChecklist(), caseRef: "EB-TEST-4", unit: "Vuxenenheten", author: "anna",
                                      answers: ["affected": .text("no"), "reason": .text("Inga barn i hushållet.")]).id
        #expect(try store.submit(closed, by: "anna") == .closed)
        _ = try complete(store)

        let eventsBefore = try store.auditEvents().count
        let records = try store.indicatorRecords(years: (year - 1)...year, unit: nil, by: "bertil")
        #expect(records.count == 4)
        let byStatus = Dictionary(grouping: records, by: \.status)
        let revised = try #require(byStatus[.draft]?.first)
        #expect(revised.checklistID == "testlista")
        // The first version's child; of the rest of the test checklist nothing is counted.
        #expect(revised.counted == CountedAnswers(["children": .entries([["age": .number(7)]])]))
        #expect(revised.approvedDay != nil)
        #expect(revised.year == year)
        let sentBack = try #require(byStatus[.returned]?.first)
        #expect(sentBack.returns == 1)
        #expect(sentBack.returnedItems == ["view"])
        #expect(sentBack.approvedDay == nil)
        let hardStop = try #require(byStatus[.submitted]?.first)
        #expect(hardStop.hardStopsMet == ["care-stop"])
        #expect(hardStop.overrides == ["care-stop"])
        #expect(byStatus[.closed]?.first?.unit == "Vuxenenheten")
        // Nothing that names anyone is handed over.
        for record in records {
            #expect(!"\(record)".contains("Kim"))
            #expect(!"\(record)".contains("EB-TEST"))
            #expect(!"\(record)".contains("anna"))
        }

        // One audit event, no per-analysis read events.
        let events = try store.auditEvents()
        #expect(events.count == eventsBefore + 1)
        #expect(events.last?.action == "stats.read")
        #expect(events.last?.account == "bertil")
        #expect(events.last?.analysisID == nil)
        #expect(events.last?.detail == "years \(year - 1)-\(year)")

        let unit = try store.indicatorRecords(years: year...year, unit: "Vuxenenheten", by: "anna")
        #expect(unit.map(\.status) == [.closed])
        #expect(try store.auditEvents().last?.detail == "years \(year)-\(year) unit Vuxenenheten")
        #expect(try store.indicatorRecords(years: (year - 3)...(year - 2), unit: nil, by: "anna").isEmpty)

        let report = Indicators.compute(records: records, year: year, unit: nil, today: ISODate.today())
        #expect(report.current.value("analyses", "total") == .suppressed)
        #expect(report.current.value("analyses_by_checklist", "testlista") == .suppressed)
    }

    @Test func onlySupervisorsAndAdminsAndNeverTraining() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        #expect {
            _ = try store.indicatorRecords(years: year...year, unit: nil, by: "cecilia")
        } throws: { error in
            guard case StoreError.notAllowed(let message) = error else { return false }
            return message.text(.en).contains("supervisor or an admin")
        }
        #expect(try store.auditEvents().allSatisfy { $0.action != "stats.read" })
        let training = try SQLiteStore.open(path: folder.file("training/ovning.sqlite"), kind: .training, account: "anna")
        #expect {
            _ = try training.indicatorRecords(years: year...year, unit: nil, by: "anna")
        } throws: { error in
            guard case StoreError.notAllowed(let message) = error else { return false }
            return message.text(.en).contains("training records are never counted")
        }
    }

    @Test func theYearIsPickedByAnIndex() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let plan = try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT analysis_id FROM version f WHERE f.number = 1 AND f.created_at >= '2025-01-01' AND f.created_at < '2026-01-01'")
                .map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
        }
        #expect(plan.contains("version_first_by_time"))
    }

    /// A year of a 100,000-analysis store. Slow to build, so only with BARNKOLL_PERF=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BARNKOLL_PERF"] == "1"))
    func aYearOfALargeStoreIsReadQuickly() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let seed = try complete(store)
        _ = try store.submit(seed, by: "anna")
        let answers = CanonicalJSON.encode([
            "depth": AnswerValue.text("full"), "heard": .text("directly"), "informed": .text("yes"), "in_line": .text("partly"),
            "compensatory_measures": .entries([["measure": .text("Tätare umgänge med pappa varannan helg."), "owner": .text("Handläggaren"), "due_date": .text("2025-04-01")]]),
            "children": .entries([["alias": .text("A"), "age": .number(7), "effect": .text("indirect")],
                                  ["alias": .text("B"), "age": .number(13), "effect": .text("direct")]]),
            "other_articles": .entries([["article": .text("art27"), "comment": .text(String(repeating: "Familjen har låg levnadsnivå. ", count: 4))]]),
            "feedback_planned_date": .text("2025-03-01"), "follow_up_date": .text("2025-09-01"), "concern": .text("no"),
            "fact_family_impact": .text("negative"), "fact_health_impact": .text("neutral"),
            "best_interest": .text(String(repeating: "Det är bäst för barnen att få bo kvar i sitt hem. ", count: 12)),
            "views_own_words": .text(String(repeating: "Jag vill bo kvar och gå i samma skola. ", count: 10)),
        ], fallback: "{}")
        try store.pool.write { db in
            let hash = try String.fetchOne(db, sql: "SELECT definition_hash FROM analysis LIMIT 1") ?? ""
            for n in 0..<100_000 {
                let year = 2021 + n % 5
                let id = "BULK-\(n)"
                let at = String(format: "%04d-%02d-%02dT10:00:00.000Z", year, 1 + n % 12, 1 + n % 28)
                try db.execute(sql: """
                    INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions, created_at, updated_at)
                    VALUES (?, 'barnkonsekvensanalys', 1, ?, 'X', 'Ekonomiskt bistånd', 'anna', 'submitted', 1, ?, ?)
                    """, arguments: [id, hash, at, at])
                try db.execute(sql: """
                    INSERT INTO version (analysis_id, number, status, answers, definition_hash, content_hash, created_by, created_at)
                    VALUES (?, 1, 'submitted', ?, ?, 'x', 'anna', ?)
                    """, arguments: [id, answers, hash, at])
            }
        }
        let start = Date()
        let records = try store.indicatorRecords(years: 2024...2025, unit: nil, by: "bertil")
        let elapsed = Date().timeIntervalSince(start)
        let report = Indicators.compute(records: records, year: 2025, unit: nil, today: "2025-12-31")
        let total = Date().timeIntervalSince(start)
        print("indicators: \(records.count) records of 2024-2025 read in \(Int(elapsed * 1000)) ms, computed by \(Int(total * 1000)) ms")
        #expect(records.count == 40_000)
        #expect(report.current.value("children", "total") == .count(40_000))
        // Debug build on a shared machine; the release-build figure is the bench's (docs/benchmarks.md).
        #expect(elapsed < 15)
    }
}

@Suite struct IndicatorCountsBackfill {
    /// The migrations fill for old analyses exactly the rows freezing and reviewing write for new
    /// ones, and the indicators read the same records from either.
    @Test func theBackfillWritesWhatFreezingWrites() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        for (index, care) in ["no", "yes", "no"].enumerated() {
            let id = try store.create(checklist: testChecklist(), caseRef: "EB-TEST-\(index)", unit: "Ekonomiskt bistånd", author: "anna", answers: [
                "affected": .text("yes"), "view": .text("Hon vill bo kvar."), "care": .text(care),
                "children": .entries([["alias": .text("Kim"), "age": .number(3 + index)], ["alias": .text("Alex")]]),
            ]).id
            if care == "yes" { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Avgörande för barnets skydd.") }
            _ = try store.submit(id, by: "anna")
        }
        let closed = try store.create(checklist: testChecklist(), caseRef: "EB-TEST-9", unit: "Vuxenenheten", author: "anna",
                                      answers: ["affected": .text("no"), "reason": .text("Inga barn i hushållet.")]).id
        _ = try store.submit(closed, by: "anna")
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        func rows() throws -> [[String]] {
            try store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM indicator_version ORDER BY analysis_id, number").map { row in
                    row.columnNames.map { (row[$0] as DatabaseValue).description }
                }
            }
        }
        let frozen = try rows()
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(frozen.count == 4)
        #expect(frozen.allSatisfy { !$0.joined().contains("Hon vill bo kvar") && !$0.joined().contains("Kim") })
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM indicator_analysis")
            try db.execute(sql: "DELETE FROM indicator_version")
            try IndicatorCounts.backfill(db)
            for id in try String.fetchAll(db, sql: "SELECT id FROM analysis") { try IndicatorCounts.refresh(db, analysis: id) }
        }
        #expect(try rows() == frozen)
        let again = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(again.map(\.counted) == records.map(\.counted))
        #expect(again.map(\.hardStopsMet) == records.map(\.hardStopsMet))
        #expect(records.contains { $0.hardStopsMet == ["care-stop"] })
    }
}

extension IndicatorCountsBackfill {
    /// Of a free-text item the indicators count (the reasons a decision differs from the child's
    /// view), only that it was answered is kept; choices and dates are kept as they are.
    @Test func freeTextIsKeptOnlyAsAnswered() throws {
        let directory = try #require(ChecklistCatalog.shippedDirectory())
        let checklist = try ChecklistCatalog.load(directories: [directory]).checklist("barnkonsekvensanalys")
        let items = IndicatorCounts.items(checklist)
        // Version 5 asks the voice for each child: what is counted of it is in the children's fields,
        // the child's own words only as whether they were written. Of the best interest, the same.
        #expect(items.counted == ["best_interest"])
        #expect(items.kept.contains("decision_date") && items.kept.contains("in_line") && items.kept.contains("conflicts"))
        #expect(!items.kept.contains("children"))
        #expect(IndicatorCounts.childFields.contains("'\(IndicatorCounts.answered)'"))
        #expect(IndicatorCounts.childFields.contains(IndicatorCounts.blank("coalesce(json_extract(j.value, '$.views_own_words'), '')"))
                && !IndicatorCounts.childFields.contains("char(31) || coalesce(json_extract(j.value, '$.views_own_words')"))
        let v4 = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("Tests/Fixtures/barnkonsekvensanalys-v4.yaml").path)
        let old = IndicatorCounts.items(v4)
        #expect(old.counted == ["best_interest", "differs_reasons", "position_otherwise", "views_own_words"])
        #expect(old.kept.contains("differs_reasons") && old.kept.contains("heard"))
    }

    /// A whole impact analysis of the shipped checklist: the store hands over exactly what the
    /// same answers count in memory, and judges its hard stop again from the items kept.
    @Test func theStoreCountsWhatTheAnswersCount() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let checklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist("barnkonsekvensanalys")
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
        var answers = try AnswerInput.readFile(FileManager.default.contents(atPath: path) ?? Data(), file: path, checklist: checklist)
        answers["care_measure"] = .text("yes")
        answers["in_line"] = .text("partly")
        answers["compensatory_measures"] = .entries([["measure": .text("Tätare uppföljning"), "owner": .text("Handläggaren"), "due_date": .text("2026-04-01")]])
        answers["feedback_planned_date"] = .text("2026-03-09")
        answers["weightier_interests"] = .text("Skyddet av barnet väger tyngre i det här fallet.")
        answers["other_articles"] = .entries(["art27", "art28", "art27"].map { ["article": .text($0), "comment": .text("En kommentar.")] })
        let id = try store.create(checklist: checklist, caseRef: "EB-TEST-1", unit: "Ekonomiskt bistånd", author: "anna", answers: answers).id
        try store.override(id, rule: "care-measure-against-best-interest", ground: .proposalChanged, by: "bertil", reason: "Avgörande för barnets skydd.")
        #expect(try store.submit(id, by: "anna") == .submitted)

        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let record = try #require(try store.indicatorRecords(years: year...year, unit: nil, by: "bertil").first)
        let expected = CountedAnswers(answers)
        #expect(record.counted == expected)
        #expect(expected.children.map(\.age) == [7, 13] && expected.articles == ["art27", "art28"])
        #expect(expected.inLine == "partly" && expected.compensatoryMeasures == 1 && expected.differsReasons == false)
        #expect(expected.feedbackPlanned == ISODate.dayNumber("2026-03-09"))
        // The voice asked for each child counts for the analysis as the children together.
        #expect(expected.children.map(\.heard) == ["directly", "directly"] && expected.heard == "directly")
        #expect(expected.informed == "yes" && expected.differsFromView == "no")
        #expect(record.hardStopsMet == ["care-measure-against-best-interest"])
        #expect(record.overrides == ["care-measure-against-best-interest"])
    }
}

/// v19: the per-analysis rows in an ordinary rowid table, so that a row of a kilobyte or more
/// stays on its page (a `WITHOUT ROWID` row keeps about 1,000 bytes there at most).
@Suite struct IndicatorRowsOnTheirPages {
    /// A store as v18 left it: the rows in v10's clustered table, v19 not applied.
    /// `records`: the year's indicator records the analyses make, read before the table goes back to v10's.
    func madeAtV18(_ folder: TemporaryFolder) throws -> (store: SQLiteStore, records: [IndicatorRecord]) {
        let store = try openStore(folder)
        // A long counted free text of the check list stands in for the counts issue 22 added.
        for (index, care) in ["no", "yes", "no"].enumerated() {
            let id = try store.create(checklist: testChecklist(), caseRef: "EB-TEST-\(index)", unit: "Ekonomiskt bistånd", author: "anna", answers: [
                "affected": .text("yes"), "view": .text("Hon vill bo kvar."), "care": .text(care),
                "children": .entries((0..<120).map { ["alias": .text("Barn \($0)"), "age": .number($0 % 18)] }),
            ]).id
            if care == "yes" { try store.override(id, rule: "care-stop", ground: .proposalChanged, by: "bertil", reason: "Avgörande för barnets skydd.") }
            _ = try store.submit(id, by: "anna")
            if index == 0 { try store.approve(id, by: "bertil", comment: nil) }
            if index == 2 { try store.return(id, by: "bertil", comment: "Beskriv samtalet.", itemComments: ["view": "Med barnets ord."]) }
        }
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        try store.pool.write { db in
            try asBeforeV22(db)
            try db.execute(sql: "DROP TABLE indicator_analysis")
            try db.execute(sql: IndicatorCounts.analysisSchema)
            try IndicatorCounts.insertAnalyses(db, where: "1", arguments: [])
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v19-indicator-rows-on-their-pages', 'v20-indicator-rows-by-day')")
        }
        return (store, records)
    }

    /// v10's columns, which v19 kept and v20 keeps after its place.
    static let v10Columns = """
        first_submitted, analysis_id, checklist_id, unit, status, created_at, definition_hash, scalars, children, articles,
        measures, approved_at, returns, returned_items, overrides
        """

    func rows(_ store: SQLiteStore) throws -> [[String]] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.v10Columns) FROM indicator_analysis ORDER BY first_submitted, analysis_id").map { row in
                row.columnNames.map { (row[$0] as DatabaseValue).description }
            }
        }
    }

    @Test func theMigrationKeepsEveryRowAndEveryFigure() throws {
        let folder = TemporaryFolder()
        let (old, records) = try madeAtV18(folder)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let before = try rows(old)
        let overflowing = try old.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM dbstat WHERE name = 'indicator_analysis' AND pagetype = 'overflow'")
        }
        #expect(overflowing ?? 0 > 0, "the rows are longer than a WITHOUT ROWID page keeps")
        try old.closeConnections()

        let store = try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: .real, account: "anna")
        let (sql, overflow, plan) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'indicator_analysis'") ?? "",
             try Int.fetchOne(db, sql: "SELECT count(*) FROM dbstat WHERE name = 'indicator_analysis' AND pagetype = 'overflow'"),
             try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM indicator_analysis WHERE place >= 1 AND place < 2")
                .map { $0["detail"] as String? ?? "" }.joined(separator: "\n"))
        }
        #expect(!sql.contains("WITHOUT ROWID"))
        #expect(overflow == 0)
        #expect(plan.contains("INTEGER PRIMARY KEY"), "\(plan)")
        #expect(try rows(store) == before)
        #expect(try store.indicatorRecords(years: year...year, unit: nil, by: "bertil") == records)
        #expect(records.count == 3 && records.contains { $0.hardStopsMet == ["care-stop"] } && records.contains { $0.returns == 1 })
        #expect(try store.verify() == [])

        // Written after the migration as before it: a review replaces the analysis's one row.
        let returned = try #require(try store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT analysis_id FROM indicator_analysis WHERE returns = 1")
        })
        try store.save(returned, item: "view", value: .text("Hon vill bo kvar, sa hon."), by: "anna")
        _ = try store.submit(returned, by: "anna")
        try store.approve(returned, by: "bertil", comment: nil)
        let after = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(after.count == 3)
        #expect(after.filter { $0.approvedDay != nil }.count == 2)
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM indicator_analysis") } == 3)
    }
}

/// v20: each per-analysis row placed by the day of its first submission, so that a year is one
/// range of the table whatever order the rows were written in, and a row written again stays.
@Suite struct IndicatorRowsByDay {
    func place(_ store: SQLiteStore, _ id: String) throws -> Int? {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT place FROM indicator_analysis WHERE analysis_id = ?", arguments: [id]) }
    }

    func submitted(_ store: SQLiteStore, _ index: Int) throws -> String {
        let id = try store.create(checklist: testChecklist(), caseRef: "EB-TEST-\(index)", unit: "Ekonomiskt bistånd", author: "anna", answers: [
            "affected": .text("yes"), "view": .text("Hon vill bo kvar."), "care": .text("no"),
            "children": .entries([["alias": .text("Kim"), "age": .number(4)]]),
        ]).id
        _ = try store.submit(id, by: "anna")
        return id
    }

    @Test func aDaysFirstPlaceIsItsDate() {
        #expect(IndicatorCounts.firstPlace(ofDay: "2026-03-14T10:22:33Z") == 20_260_314 << 20)
        #expect(IndicatorCounts.firstPlace(ofDay: "2026-03-14") == 20_260_314 << 20)
        #expect(IndicatorCounts.firstPlace(ofDay: "igår") == nil)
        let year = IndicatorCounts.places(2025...2025)
        #expect(year.from == 20_250_101 << 20 && year.to == 20_260_101 << 20)
        // The last place of New Year's Eve is inside its year, the first of New Year's Day not.
        #expect((20_251_231 << 20) + (1 << 20) - 1 < year.to)
    }

    /// A row written again (a return, a new version, an approval) keeps its place; the next
    /// analysis of the day takes the next one.
    @Test func aRowWrittenAgainKeepsItsPlace() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let first = try submitted(store, 1)
        let firstSubmitted = try store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT created_at FROM version WHERE analysis_id = ? AND number = 1", arguments: [first])
        }
        let day = try #require(firstSubmitted.flatMap(IndicatorCounts.firstPlace))
        #expect(try place(store, first) == day)
        let second = try submitted(store, 2)
        #expect(try place(store, second) == day + 1)
        try store.return(first, by: "bertil", comment: "Beskriv samtalet.", itemComments: [:])
        try store.save(first, item: "view", value: .text("Hon vill bo kvar, sa hon."), by: "anna")
        _ = try store.submit(first, by: "anna")
        try store.approve(first, by: "bertil", comment: nil)
        #expect(try place(store, first) == day)
        _ = try submitted(store, 3)
        #expect(try place(store, try submitted(store, 4)) == day + 3)
        let year = (day >> 20) / 10_000
        #expect(try store.indicatorRecords(years: year...year, unit: nil, by: "bertil").count == 4)
    }

    /// Rows written out of time order (as an import or the bench's generator writes them) are
    /// placed by day, a day's in order of first submission; each year reads exactly its own.
    @Test func theMigrationPlacesRowsWrittenOutOfOrder() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let ids = try (0..<5).map { try submitted(store, $0) }
        let firstSubmitted = ["2025-12-31T23:59:59.999Z", "2026-01-01T00:00:00.000Z", "2024-06-01T09:00:00.000Z",
                              "2025-12-31T08:00:00.000Z", "2024-06-01T08:00:00.000Z"]
        try store.pool.write { db in
            // v19's table, its rows written in the order of the ids, not of time.
            try asBeforeV22(db)
            try db.execute(sql: "DROP TABLE indicator_analysis")
            try db.execute(sql: IndicatorCounts.analysisSchemaV19)
            for (id, at) in zip(ids, firstSubmitted) {
                try IndicatorCounts.insertAnalyses(db, where: "a.id = ?", arguments: [id])
                try db.execute(sql: "UPDATE indicator_analysis SET first_submitted = ? WHERE analysis_id = ?", arguments: [at, id])
            }
            try db.execute(sql: IndicatorCounts.analysisIndexesV19)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v20-indicator-rows-by-day'")
        }
        try store.closeConnections()

        let migrated = try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: .real, account: "anna")
        let places = try zip(ids, firstSubmitted).map { id, at in (try place(migrated, id), at) }
        #expect(places.map(\.0) == [(20_251_231 << 20) + 1, 20_260_101 << 20, (20_240_601 << 20) + 1, 20_251_231 << 20, 20_240_601 << 20])
        #expect(try migrated.indicatorRecords(years: 2024...2024, unit: nil, by: "bertil").count == 2)
        #expect(try migrated.indicatorRecords(years: 2025...2025, unit: nil, by: "bertil").count == 2)
        #expect(try migrated.indicatorRecords(years: 2024...2025, unit: nil, by: "bertil").map(\.year) == [2024, 2024, 2025, 2025])
        #expect(try migrated.indicatorRecords(years: 2026...2026, unit: nil, by: "bertil").count == 1)
        // v22 run on them: a tally per unit's year, counted at the first read and kept.
        let records = try migrated.indicatorRecords(years: 2024...2026, unit: nil, by: "bertil")
        #expect(try migrated.readIndicatorTallies(years: 2024...2026, unit: nil, scope: nil, loggedFor: "bertil")
                == Dictionary(grouping: records, by: { $0.year ?? 0 }).mapValues { Indicators.Tally($0) })
        #expect(try migrated.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM indicator_tally WHERE tally IS NOT NULL") } == 3)
        let (indexes, plan) = try migrated.pool.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indicator_analysis'"),
             try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM indicator_analysis WHERE place >= 1 AND place < 2")
                .map { $0["detail"] as String? ?? "" }.joined(separator: "\n"))
        }
        #expect(indexes == ["indicator_analysis_by_id"])
        #expect(plan.contains("INTEGER PRIMARY KEY"), "\(plan)")
        // The times were written into the rows by hand, not into the versions (which never
        // change): verify finds exactly those rows, and nothing else.
        #expect(try migrated.verify()
                == ["indicator_analysis is out of step with the analyses and their reviews in 5 of its rows, first in \(ids.sorted()[0]) (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup"])
    }
}

/// A store as it was before v22: no kept tallies, nor the triggers that mark them (they read
/// `indicator_analysis`, which the tests of older migrations make again in an older shape).
func asBeforeV22(_ db: Database) throws {
    for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'indicator_tally%'") {
        try db.execute(sql: "DROP TRIGGER \(trigger)")
    }
    try db.execute(sql: "DROP TABLE indicator_tally")
    try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v22-indicator-tallies'")
}
