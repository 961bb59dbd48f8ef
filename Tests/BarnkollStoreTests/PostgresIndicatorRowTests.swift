import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// Migration 20: PostgreSQL's indicators read what each frozen version counts, kept when the
/// version is made, and give what SQLite gives on the same year: whether the rows came from
/// submits, from the migration's backfill of a database that had none, or from an import.
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresIndicatorRows {
    /// Norr and Söder; anna the admin, bertil a supervisor of all, nils of Norr, nora a caseworker of Norr.
    func prepare(_ store: any CaseworkStore) throws {
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
    }

    /// A fictional year of everything the indicators count, the same on every store: impact
    /// analyses in two units (children met again in one case, granted twice of one kind; a hard
    /// stop overridden and one left; a return with item comments and a second version; outcomes,
    /// corrected; feedback noted; a long free text and one of blanks), child checklists and a
    /// group analysis.
    func fillYear(_ store: any CaseworkStore) throws {
        let (checklist, fixture) = try completeBKA()
        let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
        guard case .entries(let children)? = fixture["children"] else {
            Issue.record("the fixture has no children")
            return
        }
        func withAliases(_ aliases: [String]) -> AnswerValue {
            .entries(zip(children, aliases).map { child, alias in
                var child = child
                child["alias"] = .text(alias)
                return child
            })
        }
        @discardableResult
        func analysis(_ caseRef: String, unit: String, _ changes: Answers, approve: Bool = true, overriding rule: String? = nil) throws -> String {
            var answers = fixture
            answers.merge(changes) { $1 }
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: "anna",
                                      answers: completed(checklist, answers)).id
            if let rule { try store.override(id, rule: rule, ground: .toBoard, by: "bertil", reason: "Ärendet går till nämnden.") }
            _ = try store.submit(id, by: "anna")
            if approve { _ = try store.approve(id, by: "bertil", comment: nil) }
            return id
        }
        // One case of Norr met three times: the same children (aliases as written), granted twice
        // of one kind (the second correcting a refusal), partly once.
        let first = try analysis("EB-2026-501", unit: "Norr", ["children": withAliases(["Ella", "Noah"]),
                                                                "decision_kind": .text("financial_aid_rent_debt")])
        let second = try analysis("EB-2026-501", unit: "Norr", ["children": withAliases([" ella", "NOAH "]),
                                                                 "decision_kind": .text("financial_aid_rent_debt")])
        let third = try analysis("EB-2026-501", unit: "Norr", ["children": withAliases(["Ella", "Vera"]),
                                                                "decision_kind": .text("contact")])
        try store.addNote(first, NewNote(kind: .outcome, date: "2026-03-10", outcome: .granted, text: ""), by: "anna", today: "2026-12-02")
        try store.addNote(second, NewNote(kind: .outcome, date: "2026-03-11", outcome: .refused, text: ""), by: "anna", today: "2026-12-02")
        try store.addNote(second, NewNote(kind: .outcome, date: "2026-03-12", outcome: .granted, text: "Omprövat."), by: "anna",
                          today: "2026-12-02")
        try store.addNote(third, NewNote(kind: .outcome, date: "2026-03-12", outcome: .partly, text: ""), by: "anna", today: "2026-12-02")
        try store.addNote(third, NewNote(kind: .feedback, date: "2026-03-20", outcome: nil, text: "Berättat för barnen."), by: "anna",
                          today: "2026-12-02")
        // The same case and aliases in Söder: other children; a best interest of one word with a
        // quote and a backslash (a short word is kept whole, escaped in the row's JSON).
        try analysis("EB-2026-501", unit: "Söder", ["children": withAliases(["Ella", "Noah"]),
                                                     "best_interest": .text("Trygghet\"först\\ö")])
        // Budget weighed against the children, partly in line, an interpreter; a long best interest
        // and a reason of blanks only.
        try analysis("EB-2026-502", unit: "Söder", [
            "conflicts": .choices(["child_budget", "child_parent"]), "in_line": .text("partly"), "interpreter": .text("child_interpreted"),
            "best_interest": .text(String(repeating: "Barnet behöver trygghet och en stabil vardag i skolan. ", count: 40)),
            "weaknesses": .text("   "),
        ])
        // Hard stops overridden before submitting: a care measure against the child's best
        // interest, approved; a family-law proposal against it, waiting for review.
        try analysis("VU-2026-17", unit: "Norr", ["care_measure": .text("yes"), "in_line": .text("no")],
                     overriding: "care-measure-against-best-interest")
        try analysis("VU-2026-18", unit: "Söder", ["family_law": .text("yes"), "in_line": .text("partly")], approve: false,
                     overriding: "family-law-against-best-interest")
        // Returned with item comments, answered and submitted again: two versions, the second counted.
        let returned = try analysis("EB-2026-503", unit: "Norr", ["depth": .text("simple")], approve: false)
        try store.return(returned, by: "bertil", comment: "Komplettera.", itemComments: ["best_interest": "Mer om barnets bästa.",
                                                                                         "children": "Hör barnen."])
        try store.save(returned, item: "depth", value: .text("full"), by: "anna")
        _ = try store.submit(returned, by: "anna")
        // Child checklists, one without the child's views in the file.
        let childChecklist = try catalog.checklist("barnchecklista")
        for number in 1...3 {
            var answers: Answers = [
                "decision": .text("Ansökan om bistånd till en hyresskuld."), "decision_kind": .text("financial_aid_rent_debt"),
                "children_affected": .text("yes"), "children": .entries([["alias": .text("Vera"), "age": .number(9)]]),
            ]
            if number == 3 { answers["views_recorded"] = .text("no") }
            let id = try store.create(checklist: childChecklist, caseRef: "EB-2026-3\(number)", unit: number == 1 ? "Söder" : "Norr",
                                      author: "anna", answers: completed(childChecklist, answers)).id
            _ = try store.submit(id, by: "anna")
        }
        // A group analysis of a board decision.
        let group = try catalog.checklist(Checklist.groupAnalysisID)
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-gruppanalys.yaml").path
        let groupAnswers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: path)), file: path, checklist: group)
        let board = try store.create(checklist: group, caseRef: "SN 2026/0412", unit: "Norr", author: "anna", answers: groupAnswers).id
        _ = try store.submit(board, by: "anna")
        // A draft is never counted.
        _ = try store.create(checklist: checklist, caseRef: "EB-2026-504", unit: "Norr", author: "anna", answers: fixture)
    }

    /// Each record as many times as it came, whatever the order.
    func counted(_ records: [IndicatorRecord]) -> [IndicatorRecord: Int] {
        Dictionary(records.map { ($0, 1) }, uniquingKeysWith: +)
    }

    /// The readings compared: each account and range, with whom it is refused.
    static let year = Int(ISODate.today().prefix(4)) ?? 2026
    static let readings: [(account: String, years: ClosedRange<Int>, unit: String?)] = [
        ("bertil", year...year, nil), ("bertil", year...year, "Norr"), ("bertil", (year - 1)...year, "Söder"),
        ("bertil", (year - 1)...(year - 1), nil), ("nils", year...year, nil), ("nils", year...year, "Söder"),
    ]

    /// The same year in SQLite and in three PostgreSQL databases: rows written by the submits, by
    /// Migration 20's backfill (the rows and the migration removed, the migration applied again),
    /// and by an import of the SQLite file. Every reading gives the same records everywhere, with
    /// the indicators computed from them; a caseworker and the auditor are refused everywhere.
    @Test func submitsBackfillAndImportCountAsSQLiteDoes() throws {
        let folder = TemporaryFolder()
        let sqlitePath = folder.file("unit/barnkoll.sqlite")
        let sqlite = try SQLiteStore.open(path: sqlitePath, kind: .real, account: "anna")
        try prepare(sqlite)
        try fillYear(sqlite)

        let submitted = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                               identities: .connectAsEach)
        try prepare(submitted)
        try fillYear(submitted)

        let refilledInfo = try PostgresCluster.database(folder)
        let refilled = try PostgresStore.open(conninfo: refilledInfo + " user=anna", kind: .real, identities: .connectAsEach)
        try prepare(refilled)
        try fillYear(refilled)
        let superuser = try PostgresCluster.superuser(of: refilled)
        try superuser.execute("""
            DROP TABLE barnkoll.indicator_analysis;
            DROP VIEW barnkoll.indicator_analysis_source;
            DROP FUNCTION barnkoll.indicator_analysis_keep() CASCADE;
            DROP FUNCTION barnkoll.indicator_analysis_refresh(text), barnkoll.indicator_analysis_fill(),
                barnkoll.indicator_items_register(text, text[], text[]), barnkoll.indicator_items_missing(),
                barnkoll.indicator_lean(text, text[], text[]), barnkoll.indicator_read(text, text, text, text, text[]);
            DROP TABLE barnkoll.indicator_items;
            DROP TABLE barnkoll.indicator_version;
            DROP FUNCTION barnkoll.indicator_version_add() CASCADE;
            DROP FUNCTION barnkoll.indicator_counted(jsonb), barnkoll.indicator_scalar(jsonb), barnkoll.indicator_aliases(jsonb),
                barnkoll.indicator_households(jsonb);
            DELETE FROM barnkoll.schema_migration WHERE version IN (20, 25, 26);
            """)
        #expect(try PostgresStore.migrate(conninfo: refilledInfo + " user=postgres", kind: .real, firstAdmin: "anna") == [20, 25, 26])
        #expect(try superuser.query("SELECT count(*) FROM barnkoll.indicator_version").value
                == superuser.query("SELECT count(*) FROM barnkoll.version").value)

        let importedInfo = try PostgresCluster.database(folder)
        let imported = try PostgresStore.open(conninfo: importedInfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] { try imported.addUnit(unit, by: "anna") }
        _ = try imported.importStore(try SQLiteStore.importSource(path: sqlitePath), mapping: ImportMapping(), by: "anna")

        for reading in Self.readings {
            let expected = try sqlite.indicatorRecords(years: reading.years, unit: reading.unit, by: reading.account)
            for (name, store) in [("submitted", submitted), ("backfilled", refilled), ("imported", imported)] {
                let records = try store.indicatorRecords(years: reading.years, unit: reading.unit, by: reading.account)
                #expect(counted(records) == counted(expected), "\(name): \(reading)")
                for year in reading.years {
                    let figures = Indicators.compute(records: records, year: year, unit: reading.unit, today: "2026-12-02").current
                    let fromSQLite = Indicators.compute(records: expected, year: year, unit: reading.unit, today: "2026-12-02").current
                    #expect(figures == fromSQLite, "\(name): \(reading)")
                }
            }
        }
        // Every analysis submitted has its one row (Migration 25), as its records make it now:
        // whether made by submits and reviews, by the backfill or by an import.
        for store in [submitted, refilled, imported] {
            let superuser = try PostgresCluster.superuser(of: store)
            #expect(try Self.stale(superuser) == "0")
            #expect(try superuser.query("SELECT count(*) FROM barnkoll.indicator_analysis").value
                    == superuser.query("SELECT count(DISTINCT analysis_id) FROM barnkoll.version").value)
        }
        // Migration 26: each row carries the lean text SQLite's row of the same analysis carries
        // (records compared as sets: the two keep them in different orders), every definition
        // used is registered, and no name or alias is in any row.
        let sqliteRows = try Self.leanRows(try DatabaseQueue(path: sqlitePath).read { db in
            try Row.fetchAll(db, sql: """
                SELECT checklist_id, first_submitted, scalars, children, articles, measures FROM indicator_analysis
                """).map { row -> [String?] in [row[0], row[1], row[2], row[3], row[4], (row[5] as Int?).map(String.init)] }
        })
        for store in [submitted, refilled, imported] {
            let superuser = try PostgresCluster.superuser(of: store)
            let rows = try superuser.query("""
                SELECT checklist_id, first_submitted, scalars, children, articles, measures::text FROM barnkoll.indicator_analysis
                """).rows
            let lean = try Self.leanRows(rows)
            #expect(lean == sqliteRows)
            if lean != sqliteRows {
                try? ("PG only:\n" + Set(lean).subtracting(sqliteRows).sorted().joined(separator: "\n") + "\nSQLite only:\n"
                      + Set(sqliteRows).subtracting(lean).sorted().joined(separator: "\n")).write(toFile: "/tmp/pgrow-lean-diff.txt", atomically: true, encoding: .utf8)
            }
            #expect(try superuser.query("""
                SELECT count(*) FROM barnkoll.indicator_analysis i
                WHERE NOT EXISTS (SELECT 1 FROM barnkoll.indicator_items d WHERE d.definition_hash = i.definition_hash)
                """).value == "0")
            #expect(try superuser.query("""
                SELECT count(*) FROM barnkoll.indicator_analysis
                WHERE concat(scalars, children, articles) ~* '(ella|noah|maja|mormor)'
                """).value == "0")
        }
        // An import sets each analysis's last-written time exactly (Migration 23); saves keep it at
        // most a minute behind the newest answer (Migration 24).
        #expect(try PostgresCluster.superuser(of: imported).query("""
            SELECT count(*) FROM barnkoll.analysis a
            WHERE a.written_at IS DISTINCT FROM (SELECT max(m.updated_at) FROM barnkoll.answer m WHERE m.analysis_id = a.id)
            """).value == "0")
        #expect(try PostgresCluster.superuser(of: submitted).query("""
            SELECT count(*) FROM (SELECT a.written_at AS at, (SELECT max(m.updated_at) FROM barnkoll.answer m
                                                              WHERE m.analysis_id = a.id) AS newest FROM barnkoll.analysis a) x
            WHERE (x.at IS NULL) <> (x.newest IS NULL) OR x.at > x.newest
               OR x.newest::timestamp > x.at::timestamp + interval '60 seconds'
            """).value == "0")
        // The year is what it should be: every frozen analysis, hard stops, children met again.
        let all = try sqlite.indicatorRecords(years: Self.year...Self.year, unit: nil, by: "bertil")
        #expect(all.count == 12)
        #expect(all.reduce(0) { $0 + $1.childrenSeenBefore } == 3)
        #expect(all.reduce(0) { $0 + $1.grantedChildrenSeenBefore } == 2)
        #expect(all.filter { !$0.hardStopsMet.isEmpty }.count == 2)
        #expect(all.filter(\.feedbackNoted).count == 1)
        #expect(all.contains { $0.returnedItems.sorted() == ["best_interest", "children"] })
        // The auditor checks the chain, not the figures: refused, as before Migration 20.
        let auditor = try PostgresStore.open(conninfo: refilledInfo + " user=auditor", kind: .real)
        #expect(throws: StoreError.self) { try auditor.indicatorRecords(years: Self.year...Self.year, unit: nil, by: "auditor") }
        for store in [sqlite, submitted, refilled, imported] as [any CaseworkStore] {
            #expect(throws: StoreError.self) { try store.indicatorRecords(years: Self.year...Self.year, unit: nil, by: "nora") }
        }
    }

    /// The rows are the database's own: a frozen version's row cannot be changed or deleted, not
    /// even by its owner, and none is readable but through indicator_read; a purge takes them along.
    @Test func theRowsAreTheDatabasesOwn() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        try prepare(store)
        let (checklist, fixture) = try completeBKA()
        let id = try store.create(checklist: checklist, caseRef: "EB-2026-1", unit: "Norr", author: "anna", answers: fixture).id
        _ = try store.submit(id, by: "anna")
        let superuser = try PostgresCluster.superuser(of: store)
        let counted = try #require(try superuser.query("SELECT counted FROM barnkoll.indicator_version WHERE analysis_id = $1", [id]).value)
        // No alias, no free text: only that it was written.
        #expect(!counted.contains("Ella") && !counted.contains("Noah"))
        #expect(counted.contains("\"best_interest\": \"answered\""))
        #expect(throws: (any Error).self) {
            try superuser.query("UPDATE barnkoll.indicator_version SET counted = '{}' WHERE analysis_id = $1", [id])
        }
        #expect(throws: (any Error).self) { try superuser.query("DELETE FROM barnkoll.indicator_version WHERE analysis_id = $1", [id]) }
        let nora = try PostgresCluster.connection(database: String(conninfo.split(separator: "=").last ?? ""), user: "nora")
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_version") }
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_analysis") }
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_analysis_source") }
        #expect(throws: (any Error).self) { try nora.query("SELECT barnkoll.indicator_analysis_refresh('\(id)')") }
        // Migration 26: the definition's lists, registered when the analysis was made, are Core's;
        // nobody changes them, a caseworker reads neither them nor the rows, and the row keeps a
        // counted free text only as written.
        let source = checklist.source
        let kept = CountedText.items(checklist).kept
        #expect(try superuser.query("SELECT array_to_string(kept, ',') FROM barnkoll.indicator_items WHERE definition_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                                    [source]).value == kept.joined(separator: ","))
        #expect(throws: (any Error).self) { try superuser.query("DELETE FROM barnkoll.indicator_items") }
        #expect(throws: (any Error).self) { try superuser.query("UPDATE barnkoll.indicator_items SET kept = '{}'") }
        #expect(throws: (any Error).self) { try nora.query("SELECT * FROM barnkoll.indicator_items") }
        #expect(throws: (any Error).self) { try nora.query("SELECT barnkoll.indicator_analysis_fill()") }
        // Registered again with other lists: the first stay.
        _ = try nora.query("SELECT barnkoll.indicator_items_register($1, '{}', '{}')", [source])
        #expect(try superuser.query("SELECT cardinality(kept) FROM barnkoll.indicator_items").value == String(kept.count))
        let scalars = try #require(try superuser.query("SELECT scalars FROM barnkoll.indicator_analysis WHERE analysis_id = $1", [id]).value)
        #expect(!scalars.contains("Ella") && !scalars.contains("Noah"))
        #expect(scalars.contains("best_interest\u{1F}text\u{1F}answered"))
        let keys = Set(scalars.split(separator: "\u{1E}").compactMap { $0.split(separator: "\u{1F}").first.map(String.init) })
        #expect(keys.isSubset(of: Set(kept)) && !keys.isEmpty)
    }

    /// Lean rows (checklist, first submission, scalars, children, articles, measures) in a form
    /// that does not depend on the order of a row's scalar records nor on when it was submitted, sorted.
    static func leanRows(_ rows: [[String?]]) throws -> [String] {
        rows.map { row in
            let scalars = (row[2] ?? "").split(separator: "\u{1E}").map(String.init).sorted().joined(separator: "\u{1E}")
            return [row[0] ?? "", scalars, row[3] ?? "-", row[4] ?? "-", row[5] ?? "-"]
                .joined(separator: " | ")
        }.sorted()
    }

    /// How many rows of indicator_analysis differ from what the analyses' records make now, both ways.
    static func stale(_ superuser: PQConnection) throws -> String? {
        try superuser.query("""
            SELECT count(*) FROM ((SELECT * FROM barnkoll.indicator_analysis EXCEPT SELECT * FROM barnkoll.indicator_analysis_source)
                UNION ALL (SELECT * FROM barnkoll.indicator_analysis_source EXCEPT SELECT * FROM barnkoll.indicator_analysis)) x
            """).value
    }

    /// Migration 25: an analysis's one row moves with everything the indicators read of it: an
    /// override, a submit, a return, a reassignment, a new version frozen, an approval, notes
    /// after the decision, a revision, and a purge that takes it away.
    @Test func eachAnalysisRowMovesWithIt() throws {
        let folder = TemporaryFolder()
        let store = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                           identities: .connectAsEach)
        try prepare(store)
        let superuser = try PostgresCluster.superuser(of: store)
        func field(_ column: String, _ id: String) throws -> String? {
            try superuser.query("SELECT \(column)::text FROM barnkoll.indicator_analysis WHERE analysis_id = $1", [id]).value
        }
        func rows(_ id: String) throws -> String? {
            try superuser.query("SELECT count(*) FROM barnkoll.indicator_analysis WHERE analysis_id = $1", [id]).value
        }
        let (checklist, fixture) = try completeBKA()
        var answers = fixture
        answers.merge(["care_measure": .text("yes"), "in_line": .text("no")]) { $1 }
        let id = try store.create(checklist: checklist, caseRef: "VU-2026-40", unit: "Norr", author: "anna",
                                  answers: completed(checklist, answers)).id
        #expect(try rows(id) == "0")   // a draft is never counted
        try store.override(id, rule: "care-measure-against-best-interest", ground: .toBoard, by: "bertil",
                           reason: "Ärendet går till nämnden.")
        do { _ = try store.submit(id, by: "anna") } catch { Issue.record("submit 1: \(error)"); return }
        #expect(try field("status", id) == "submitted")
        #expect(try field("overrides", id) == "care-measure-against-best-interest")
        #expect(try field("returns", id) == "0")
        let firstSubmitted = try field("first_submitted", id)
        try store.return(id, by: "bertil", comment: "Komplettera.", itemComments: ["children": "Hör barnen.",
                                                                                   "best_interest": "Mer om barnets bästa."])
        #expect(try field("status", id) == "returned")
        #expect(try field("returns", id) == "1")
        #expect(try field("returned_items", id) == "best_interest children")
        try store.reassign(id, to: "nora", reason: "Anna är föräldraledig.", by: "nils")
        #expect(try field("author", id) == "nora")
        try store.save(id, item: "depth", value: .text("full"), by: "nora")
        do { _ = try store.submit(id, by: "nora") } catch { Issue.record("submit 2: \(error)"); return }
        #expect(try field("status", id) == "submitted")
        #expect(try field("scalars", id)?.contains("depth\u{1F}text\u{1F}full") == true)
        #expect(try field("first_submitted", id) == firstSubmitted)
        #expect(try field("approved_at", id) == nil)
        _ = try store.approve(id, by: "bertil", comment: nil)
        #expect(try field("status", id) == "approved")
        #expect(try field("approved_at", id) != nil)
        #expect(try field("outcome", id) == nil)
        try store.addNote(id, NewNote(kind: .outcome, date: "2026-03-10", outcome: .refused, text: ""), by: "nora", today: "2026-12-02")
        #expect(try field("outcome", id) == "refused")
        try store.addNote(id, NewNote(kind: .outcome, date: "2026-03-11", outcome: .granted, text: "Omprövat."), by: "nora",
                          today: "2026-12-02")
        #expect(try field("outcome", id) == "granted")
        #expect(try field("feedback_noted", id) == "false")
        try store.addNote(id, NewNote(kind: .feedback, date: "2026-03-20", outcome: nil, text: "Berättat för barnen."), by: "nora",
                          today: "2026-12-02")
        #expect(try field("feedback_noted", id) == "true")
        #expect(try Self.stale(superuser) == "0")
        // A revision: the row keeps the latest frozen version until the next is frozen.
        try store.revise(id, by: "nora")
        #expect(try field("status", id) == "draft")
        // A revision starts without the depth of the analysis (it is chosen again).
        try store.save(id, item: "depth", value: .text("full"), by: "nora")
        try store.save(id, item: "interpreter", value: .text("interpreter_used"), by: "nora")
        #expect(try field("scalars", id)?.contains("interpreter\u{1F}text\u{1F}interpreter_used") == false)
        do { _ = try store.submit(id, by: "nora") } catch { Issue.record("submit 3: \(error)"); return }
        #expect(try field("scalars", id)?.contains("interpreter\u{1F}text\u{1F}interpreter_used") == true)
        _ = try store.approve(id, by: "bertil", comment: nil)
        #expect(try Self.stale(superuser) == "0")
        // A purge takes the row with its analysis.
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [id])
        #expect(try rows(id) == "0")
        #expect(try superuser.query("SELECT count(*) FROM barnkoll.indicator_analysis").value == "0")
    }
}
