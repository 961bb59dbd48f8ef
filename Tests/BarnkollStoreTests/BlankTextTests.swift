import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// A counted free text of blanks is not written, on every store as in Core (`CountedAnswers`):
/// before SQLite's v21 and PostgreSQL's Migration 28 SQLite counted every blank text as written,
/// PostgreSQL one of tabs or line breaks.
@Suite struct BlankTextsAreNotWritten {
    /// An impact analysis of only the items these tests need, none of them required, so that a
    /// version can hold a blank text (barnkoll itself keeps none: `AnswerInput` clears it).
    static let checklist: Checklist? = try? ChecklistLoader.load(yaml: """
        id: barnkonsekvensanalys
        version: 1
        id_prefix: BKA
        title: {sv: Blanka texter, en: Blank texts}
        sections:
          - id: first
            title: {sv: Första, en: First}
            items:
              - id: best_interest
                type: long_text
                prompt: {sv: Barnets bästa, en: Best interest}
              - id: children
                type: group
                prompt: {sv: Barnen, en: The children}
                items:
                  - {id: alias, type: text, prompt: {sv: Alias}}
                  - id: heard
                    type: choice
                    prompt: {sv: Hört?, en: Heard?}
                    options:
                      - {value: directly, label: {sv: Direkt, en: Directly}}
                      - {value: "no", label: {sv: Nej, en: "No"}}
                  - {id: views_own_words, type: long_text, prompt: {sv: Barnets ord, en: The child's words}}
        """, file: "blank.yaml")

    /// The texts: empty, spaces, a tab and a line break, other White_Space, and one written.
    static let texts = ["", "   ", "\t\n", "\u{3000}\u{A0}\r\n", "Barnet vill bo kvar hos mamma."]

    static func answers(_ text: String) -> Answers {
        ["best_interest": .text(text),
         "children": .entries([["alias": .text("Ella"), "heard": .text("directly"), "views_own_words": .text(text)]])]
    }

    /// Each text as the best interest and as the child's own words of one analysis, submitted.
    /// barnkoll clears a blank answer when it is saved, so the texts are written into the draft's
    /// answers beside it (as an older barnkoll, or a caseworker at psql, could), then submitted.
    static func submitEach(_ kind: ContractStore, _ store: any CaseworkStore) throws -> [String] {
        let checklist = try #require(Self.checklist)
        var ids: [String] = []
        for (number, text) in texts.enumerated() {
            let id = try store.create(checklist: checklist, caseRef: "EB-2026-\(number + 1)", unit: "Norr", author: "anna",
                                      answers: answers("Skrivs över.")).id
            for (item, value) in answers(text) {
                try plant(kind, store, id, item: item, json: value.canonicalJSON())
            }
            _ = try store.submit(id, by: "anna")
            ids.append(id)
        }
        return ids
    }

    static func plant(_ kind: ContractStore, _ store: any CaseworkStore, _ id: String, item: String, json: String) throws {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: store.location)
            try queue.write { db in
                try db.execute(sql: "UPDATE answer SET value = ? WHERE analysis_id = ? AND item_id = ?", arguments: [json, id, item])
                #expect(db.changesCount == 1)
            }
            try queue.close()
        case .postgres:
            let superuser = try PostgresCluster.superuser(of: store)
            try superuser.query("ALTER TABLE barnkoll.answer DISABLE TRIGGER USER")
            try superuser.query("UPDATE barnkoll.answer SET value = $1 WHERE analysis_id = $2 AND item_id = $3", [json, id, item])
            try superuser.query("ALTER TABLE barnkoll.answer ENABLE TRIGGER USER")
        }
    }

    /// Each counted answers as many times as they came, whatever the order.
    static func tally(_ list: [CountedAnswers]) -> [CountedAnswers: Int] {
        Dictionary(list.map { ($0, 1) }, uniquingKeysWith: +)
    }

    /// Each store counts of these texts what Core counts of the same answers: only the written
    /// one as a best interest and a child's view documented.
    @Test(arguments: ContractStore.enabled)
    func aBlankTextIsNotWrittenOnEveryStore(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        _ = try Self.submitEach(kind, store)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(records.count == Self.texts.count)
        let expected = Self.texts.map { CountedAnswers(Self.answers($0)) }
        #expect(Self.tally(records.map(\.counted)) == Self.tally(expected))
        #expect(records.filter(\.counted.bestInterest).count == 1)
        #expect(records.filter { $0.counted.children.first?.viewsWritten == true }.count == 1)
        #expect(records.filter { $0.counted.documented(childChecklist: false)?.view == true }.count == 1)
    }

    /// A v20 store whose rows count blank texts as written (as v20 wrote them): v21 makes those
    /// rows again, keeping each analysis's place, and leaves the others as they were.
    @Test func v21MakesAgainTheRowsOfBlankTexts() throws {
        let folder = TemporaryFolder()
        let path = folder.file("contract/real.sqlite")
        let store = try supervised(.sqlite, folder)
        let ids = try Self.submitEach(.sqlite, store)
        let sqlite = try #require(store as? SQLiteStore)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try sqlite.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        func rows(_ db: Database) throws -> [[String]] {
            try Row.fetchAll(db, sql: """
                SELECT v.*, '|', a.* FROM indicator_version v JOIN indicator_analysis a USING (analysis_id) ORDER BY v.analysis_id
                """).map { row in row.databaseValues.map(\.description) }
        }
        let right = try sqlite.pool.read(rows)
        #expect(right.count == Self.texts.count)
        try sqlite.pool.write { db in
            // v20's rows: a counted free text "answered" whatever it held, a child's field unless
            // empty or of spaces.
            for (id, text) in zip(ids, Self.texts) {
                let views = text.allSatisfy { $0 == " " } ? "" : CountedText.answered
                let fields = ["", "", "directly", "", "", "", "", "", views, ""]
                let row: StatementArguments = ["best_interest\u{1F}text\u{1F}\(CountedText.answered)", fields.joined(separator: "\u{1F}"), id]
                try db.execute(sql: "UPDATE indicator_version SET scalars = ?, children = ? WHERE analysis_id = ?", arguments: row)
                try db.execute(sql: "UPDATE indicator_analysis SET scalars = ?, children = ? WHERE analysis_id = ?", arguments: row)
            }
            // The written text's row, not made again, keeps a mark.
            try db.execute(sql: "UPDATE indicator_analysis SET returned_items = 'v20' WHERE analysis_id = ?", arguments: [ids[4]])
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v21-blank-texts-not-written'")
        }
        #expect(try sqlite.indicatorRecords(years: year...year, unit: nil, by: "bertil").filter(\.counted.bestInterest).count == 5)
        try sqlite.closeConnections()

        let migrated = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        // The written text's row was not made again: it keeps its mark.
        #expect(try migrated.pool.read { db in
            try String.fetchOne(db, sql: "SELECT returned_items FROM indicator_analysis WHERE analysis_id = ?", arguments: [ids[4]])
        } == "v20")
        try migrated.pool.write { db in
            try db.execute(sql: "UPDATE indicator_analysis SET returned_items = NULL WHERE analysis_id = ?", arguments: [ids[4]])
        }
        #expect(try migrated.pool.read(rows) == right)
        let counted = try migrated.indicatorRecords(years: year...year, unit: nil, by: "bertil").map(\.counted)
        #expect(Self.tally(counted) == Self.tally(records.map(\.counted)))
        #expect(counted.filter(\.bestInterest).count == 1)
    }
}

extension BlankTextsAreNotWritten {
    /// A database as Migration 27 left it (Migration 26's indicator_lean, its rows made by it,
    /// counting a text of tabs or line breaks as written): Migration 28 makes those rows again,
    /// and every row is then what the records make.
    @Test(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
    func migration28MakesAgainTheRowsOfBlankTexts() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        _ = try Self.submitEach(.postgres, store)
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        func written() throws -> Int {
            try store.indicatorRecords(years: year...year, unit: nil, by: "bertil").filter(\.counted.bestInterest).count
        }
        #expect(try written() == 1)
        let superuser = try PostgresCluster.superuser(of: store)
        let m026 = Migrations.m026
        let start = try #require(m026.range(of: "CREATE FUNCTION indicator_lean("))
        let end = try #require(m026.range(of: "\n$$;\n", range: start.upperBound..<m026.endIndex))
        try superuser.execute("SET search_path = barnkoll, pg_temp;\n"
                              + "CREATE OR REPLACE" + m026[start.lowerBound..<end.upperBound].dropFirst("CREATE".count)
                              + "SELECT count(barnkoll.indicator_analysis_refresh(id)::text) FROM barnkoll.analysis;\n"
                              + "DELETE FROM barnkoll.schema_migration WHERE version = 28;\nRESET search_path;")
        // As before: the tab and line break, and the other blanks, written.
        #expect(try written() == 3)
        #expect(try PostgresStore.migrate(conninfo: conninfo + " user=postgres", kind: .real, firstAdmin: "anna") == [28])
        #expect(try written() == 1)
        #expect(try PostgresIndicatorRows.stale(superuser) == "0")
    }
}
