import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import Testing

/// An export read in parts (the PostgreSQL store's bulk read, decoded while the server reads the
/// next part) writes the same CSV and JSON, byte for byte, as the analyses read one at a time,
/// logs each read in the list's order, and matches the SQLite store's export of the same
/// analyses. Needs a test cluster (BARNKOLL_PG_SOCKET).
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresExport {
    /// Answers that test the decoding: quotes, backslashes, line breaks, \u escapes, a formula,
    /// Swedish letters, an emoji, choices, a number and children's entries.
    static let tricky: [Answers] = [
        ["affected": .text("yes"), "view": .text("Vill bo kvar hos \"mormor\", säger Åsa.\nOch \\ pappa\t.")],
        ["affected": .text("yes"), "view": .text("=SUMMA(A1) 🙂 slut"),
         "children": .entries([["alias": .text("Kim \"K\""), "age": .number(7)], ["alias": .text("Noa, 3")]])],
        ["affected": .text("yes"), "view": .text(String(repeating: "Lång text, rad för rad.\r\n", count: 300))],
        ["view": .text("")],
        [:],
    ]

    /// The same analyses in a store: approved with a note, returned, submitted, drafts.
    func fill(_ store: any CaseworkStore) throws {
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        for (index, answers) in Self.tricky.enumerated() {
            let unit = index % 2 == 0 ? "Norr" : "Söder"
            let id = try store.create(checklist: testChecklist(), caseRef: "R-\(index)", unit: unit, author: "anna", answers: answers).id
            guard answers["affected"] != nil else { continue }
            _ = try store.submit(id, by: "anna")
            if index == 0 {
                try store.approve(id, by: "bertil", comment: "Bra, \"tydligt\".")
                _ = try store.addNote(id, NewNote(kind: .feedback, date: "2026-01-10", outcome: nil, text: "Återkoppling\ngiven."),
                                      by: "anna", today: "2026-02-01")
            } else if index == 1 {
                try store.return(id, by: "bertil", comment: "Mer.", itemComments: ["view": "Utveckla \"varför\"."])
            }
        }
        _ = try completeDraft(store)
    }

    /// The export's CSV and JSON as the bulk read makes them, and as the same analyses read one
    /// at a time (`analysis(_:readBy:)`, a path of its own) make them; and the CSV made a part at
    /// a time as the store reads (`barnkoll export --format csv`).
    func exports(_ store: any CaseworkStore) throws
        -> (csv: String, json: String, singleCSV: String, singleJSON: String, ids: [String], csvInParts: String) {
        let csv = try store.analyses(AnalysisFilter(), readBy: "bertil", history: false) { ListFormats.analysesCSV($0) }
        let bulk = try store.analyses(AnalysisFilter(), readBy: "bertil", history: true)
        let single = try bulk.map { try store.analysis($0.summary.id, readBy: "bertil") }
        return (csv, ListFormats.analysesJSON(bulk, language: .sv), ListFormats.analysesCSV(single),
                ListFormats.analysesJSON(single, language: .sv), bulk.map(\.summary.id), try csvInParts(store))
    }

    func csvInParts(_ store: any CaseworkStore, _ filter: AnalysisFilter = AnalysisFilter()) throws -> String {
        let read = try store.analysisParts(filter, readBy: "bertil", history: false) { ListFormats.csvRows(for: $0) }
        return String(decoding: ListFormats.joined(ListFormats.csvParts(read)), as: UTF8.self)
    }

    /// Times stripped and rows in id order, so two stores' exports of the same analyses compare.
    func comparable(_ store: any CaseworkStore) throws -> String {
        let analyses = try store.analyses(AnalysisFilter(), readBy: "bertil", history: false)
        return ListFormats.analysesCSV(analyses.map { analysis in
            var analysis = analysis
            analysis.summary.createdAt = ""
            analysis.summary.updatedAt = ""
            return analysis
        }.sorted { $0.summary.id < $1.summary.id })
    }

    @Test func anExportInPartsWritesWhatReadingEachAloneWrites() throws {
        let folder = TemporaryFolder()
        let postgres = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                              identities: .connectAsEach)
        let sqlite = try SQLiteStore.open(path: folder.file("export.sqlite"), kind: .real, account: "anna")
        try fill(postgres)
        try fill(sqlite)

        // Four analyses a part: two parts, the last one short.
        postgres.bulkReadPart.withLock { $0 = 4 }
        let before = try postgres.auditEvents().count
        let parts = try exports(postgres)
        #expect(parts.ids.count == 6)
        #expect(parts.csv == parts.singleCSV)
        #expect(parts.json == parts.singleJSON)
        // Made as it is read: the part without the full checklist's analysis has its columns too.
        #expect(parts.csvInParts == parts.csv)
        #expect(parts.csv.contains("\"\"mormor\"\", säger Åsa."))
        // Each read logged, in the list's order, by the reader: the CSV's, the JSON's, then the single reads.
        let reads = try postgres.auditEvents().dropFirst(before).filter { $0.action == "analysis.read" }
        #expect(reads.count == 4 * 6 && reads.allSatisfy { $0.account == "bertil" })
        #expect(reads.compactMap(\.analysisID) == parts.ids + parts.ids + parts.ids + parts.ids)

        // One part: the same bytes.
        postgres.bulkReadPart.withLock { $0 = 500 }
        let whole = try exports(postgres)
        #expect(whole.csv == parts.csv && whole.json == parts.json && whole.csvInParts == parts.csv)

        // SQLite's bulk read and single reads agree too, and the two stores hold the same export.
        let local = try exports(sqlite)
        #expect(local.csv == local.singleCSV && local.json == local.singleJSON && local.csvInParts == local.csv)
        #expect(try comparable(postgres) == comparable(sqlite))
        #expect(try postgres.verify() == [])
    }

    /// A draft moved to a newer definition while an export reads it (between the definitions'
    /// read and its part's) is read again, in the same transaction: the CSV has its new
    /// definition's columns, as a read after the move has, and both reads are logged.
    @Test func aDefinitionMovedDuringTheReadIsReadAgain() throws {
        let folder = TemporaryFolder()
        let postgres = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                              identities: .connectAsEach)
        try fill(postgres)
        // A newer definition in the store, used only outside the export (unit Norr).
        let newer = try postgres.create(checklist: testChecklist(version: 2, prompt: "Vad barnet själv säger"),
                                        caseRef: "R-ny", unit: "Norr", author: "anna", answers: [:]).id
        let filter = AnalysisFilter(unit: "Söder")
        let draft = try postgres.analyses(filter, readBy: "bertil", history: false)
            .first { $0.summary.status == .draft }?.summary.id ?? ""
        let superuser = try PostgresCluster.superuser(of: postgres)
        // Reading the draft moves it, as a caseworker's move would between two statements.
        try superuser.query("""
            CREATE FUNCTION barnkoll.move_on_read() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.action = 'analysis.read' AND NEW.analysis_id = '\(draft)' THEN
                    UPDATE barnkoll.analysis SET checklist_version = 2,
                        definition_hash = (SELECT definition_hash FROM barnkoll.analysis WHERE id = '\(newer)')
                    WHERE id = '\(draft)' AND checklist_version = 1;
                END IF;
                RETURN NEW;
            END $$
            """)
        try superuser.query("CREATE TRIGGER move_on_read AFTER INSERT ON barnkoll.audit FOR EACH ROW EXECUTE FUNCTION barnkoll.move_on_read()")
        postgres.bulkReadPart.withLock { $0 = 1 }
        let before = try postgres.auditEvents().count
        let csv = try csvInParts(postgres, filter)
        let reads = try postgres.auditEvents().dropFirst(before).filter { $0.action == "analysis.read" && $0.analysisID == draft }
        #expect(reads.count == 2)
        try superuser.query("DROP TRIGGER move_on_read ON barnkoll.audit")
        #expect(csv.contains("\r\n\(draft),testlista,2,"))
        #expect(csv == (try postgres.analyses(filter, readBy: "bertil", history: false) { ListFormats.analysesCSV($0) }))
    }

    /// A part the server refuses fails the whole read, and nothing of it is logged.
    @Test func aFailedPartLogsNothing() throws {
        let folder = TemporaryFolder()
        let postgres = try PostgresStore.open(conninfo: try PostgresCluster.database(folder) + " user=anna", kind: .real,
                                              identities: .connectAsEach)
        try fill(postgres)
        postgres.bulkReadPart.withLock { $0 = 4 }
        let superuser = try PostgresCluster.superuser(of: postgres)
        // The second part's first analysis makes read_analyses fail (a trigger refusing its read's row).
        let ids = try postgres.analyses(AnalysisFilter(), readBy: "bertil", history: false).map(\.summary.id)
        let reads = { () throws -> Int in try postgres.auditEvents().filter { $0.action == "analysis.read" }.count }
        let before = try reads()
        try superuser.query("""
            CREATE FUNCTION barnkoll.refuse_one_read() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.action = 'analysis.read' AND NEW.analysis_id = '\(ids[4])' THEN RAISE EXCEPTION 'refused in a test'; END IF;
                RETURN NEW;
            END $$
            """)
        try superuser.query("CREATE TRIGGER refuse_one_read BEFORE INSERT ON barnkoll.audit FOR EACH ROW EXECUTE FUNCTION barnkoll.refuse_one_read()")
        #expect(throws: StoreError.self) { try postgres.analyses(AnalysisFilter(), readBy: "bertil", history: false) }
        #expect(try reads() == before)
        try superuser.query("DROP TRIGGER refuse_one_read ON barnkoll.audit")
        #expect(try postgres.analyses(AnalysisFilter(), readBy: "bertil", history: false).count == 6)
    }

    /// A stored definition that no longer parses fails a read with one line that says so: a read of
    /// many names the definition by the start of its hash (not as if it were an analysis), a read
    /// of one names the analysis.
    @Test func aDefinitionThatNoLongerParsesIsNamedForWhatItIs() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder) + " user=anna"
        let writer = try PostgresStore.open(conninfo: conninfo, kind: .real, identities: .connectAsEach)
        let id = try writer.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna").id
        _ = try writer.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "anna")
        let superuser = try PostgresCluster.superuser(of: writer)
        let hash = try #require(try superuser.query("SELECT definition_hash FROM barnkoll.analysis WHERE id = $1", [id]).value)
        try superuser.query("UPDATE barnkoll.checklist_definition SET source = 'id: [' WHERE hash = $1", [hash])
        // A new process: nothing parsed before.
        let reader = try PostgresStore.open(conninfo: conninfo, kind: .real, identities: .connectAsEach)
        func message(_ read: () throws -> Void) -> String {
            do {
                try read()
                return "no error"
            } catch {
                return (error as? StoreError)?.message(.sv) ?? "\(error)"
            }
        }
        let many = message { _ = try reader.analyses(AnalysisFilter(), readBy: "anna", history: false) }
        #expect(many.contains("en sparad checklistdefinition (\(hash.prefix(12))) går inte att läsa"), "\(many)")
        #expect(!many.contains(hash))
        let one = message { _ = try reader.analysis(id, readBy: "anna") }
        #expect(one.contains("den sparade checklistdefinitionen för \(id) går inte att läsa"), "\(one)")
    }
}
