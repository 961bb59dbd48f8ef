import BarnkollCore
@testable import BarnkollStore
import GRDB
import Testing

/// A typed word's start is expanded into the index's whole words, which FTS5 walks a page at a time.
@Suite struct SearchWords {
    func ids(_ store: SQLiteStore, _ text: String) throws -> [String] {
        try store.list(AnalysisFilter(search: text)).map(\.id).sorted()
    }

    func query(_ store: SQLiteStore, _ text: String) throws -> String? {
        try store.pool.read { db in try SearchTerms.query(text, db) }
    }

    /// The store as one made before `migration`: `undo` drops what it made, and opening migrates again.
    func reopened(_ store: SQLiteStore, _ folder: TemporaryFolder, before migration: String, undo: String) throws -> SQLiteStore {
        try store.pool.write { db in
            try db.execute(sql: undo)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
        }
        try store.closeConnections()
        return try openStore(folder)
    }

    @Test func aWordsStartBecomesTheWholeWordsThatStartSo() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let family = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                      answers: ["view": .text("Mormor och Morfar hälsar på. Mosters katt heter Sigge.")]).id
        #expect(try query(store, "mor") == #"("morfar" OR "mormor")"#)
        #expect(try query(store, "MORMOR katt") == #"("mormor") AND ("katt")"#)
        #expect(try ids(store, "mor sig") == [family])
        #expect(try ids(store, "morbror") == [])
        // No whole word starts so: the start itself, which finds nothing either.
        #expect(try query(store, "morbror") == #""morbror"*"#)

        // More whole words than the limit: the start itself, still found.
        let many: [String] = (0...SearchTerms.expansionLimit).map { (number: Int) -> String in "kat\(number)" }
        let cats = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                    answers: ["view": .text(many.joined(separator: " "))]).id
        #expect(try query(store, "kat") == #""kat"*"#)
        #expect(try ids(store, "kat") == [family, cats].sorted())
        #expect(try store.count(AnalysisFilter(search: "katt")) == 1)
    }

    /// The words are split by FTS5's own tokenizer: letters joined by marks, digits, other scripts
    /// and symbols all come out as the index's own words, none missing.
    @Test func theTableHoldsExactlyTheIndexsWords() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let text = "Cafe\u{301} İzmir ÅSA 3år e-post naïve Straße Ωμέγα 😀glad tab\tskild ﬁol ＡＢＣ x²"
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["view": .text(text)]).id
        let (missing, terms) = try store.pool.read { db in
            (try SearchTerms.missing(db), try String.fetchAll(db, sql: "SELECT term FROM search_term"))
        }
        #expect(missing == 0)
        #expect(terms.contains("åsa") && terms.contains("3år") && terms.contains("ωμέγα"))
        for word in ["café", "İzm", "åsa", "3å", "post", "naïve", "straße", "ωμ", "glad", "skild", "ﬁo", "x²"] {
            #expect(try ids(store, word) == [id], "\(word)")
        }
        // As the index has them: diacritics kept (å is not a), and İ not folded by FTS5.
        #expect(try ids(store, "cafe") == [] && ids(store, "izm") == [])
    }

    @Test func editedAnswersAddTheirNewWords() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["view": .text("Hon spelar fotboll.")]).id
        try store.save(id, item: "view", value: .text("Hon spelar fotboll och innebandy."), by: "anna")
        try store.save(id, item: "care", value: .text("no"), by: "anna")
        try store.save(id, item: "view", value: .text("Hon simmar."), by: "anna")
        #expect(try ids(store, "simm") == [id])
        #expect(try ids(store, "inneb") == [])    // the word stays in the table, but matches nothing
        #expect(try ids(store, "fotb") == [])
        #expect(try store.verify() == [])
    }

    @Test func verifyNamesWordsTheTableLacks() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                             answers: ["view": .text("Hon spelar fotboll.")])
        #expect(try store.verify() == [])
        try store.pool.write { db in try db.execute(sql: "DELETE FROM search_term WHERE term IN ('spelar', 'fotboll')") }
        let problems = try store.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("search_term lacks 2 of the full-text index's words") == true)
    }

    /// A store made before v11 gets the table filled from its index.
    @Test func theMigrationFillsTheTableFromTheIndex() throws {
        let folder = TemporaryFolder()
        var store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna",
                                  answers: ["view": .text("Mormor bor i Åby.")]).id
        store = try reopened(store, folder, before: "v11-search-terms", undo: "DROP TABLE search_term; DROP TABLE answer_fts_terms")
        let terms = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT term FROM search_term ORDER BY term") }
        #expect(terms == ["bor", "i", "mormor", "åby"])
        #expect(try ids(store, "mor åb") == [id])
        #expect(try store.verify() == [])
    }

    /// Matches find their analyses through a narrow table by answer rowid, kept by triggers.
    @Test func answerOwnersFollowTheAnswersAndVerifyNamesDrift() throws {
        let folder = TemporaryFolder()
        var store = try openStore(folder)
        let first = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna",
                                     answers: ["view": .text("Mormor bor i Åby.")]).id
        let second = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Söder", author: "anna",
                                      answers: ["view": .text("Morfar bor i Åby.")]).id
        try store.save(first, item: "care", value: .text("no"), by: "anna")
        try store.save(second, item: "view", value: nil, by: "anna")
        func owners() throws -> [String] {
            try store.pool.read { db in try String.fetchAll(db, sql: "SELECT analysis_id FROM answer_owner ORDER BY answer") }
        }
        func answers() throws -> [String] {
            try store.pool.read { db in try String.fetchAll(db, sql: "SELECT analysis_id FROM answer ORDER BY rowid") }
        }
        #expect(try owners() == answers())
        #expect(try ids(store, "åby") == [first])
        #expect(try store.list(AnalysisFilter(unit: "Norr", search: "mor")).map(\.id) == [first])
        #expect(try store.list(AnalysisFilter(unit: "Söder", search: "mor")).isEmpty)
        let found = try store.verify()
        #expect(found == [])

        // A store from before v12 gets the table from its answers.
        store = try reopened(store, folder, before: "v12-answer-owners", undo: """
            DROP TRIGGER answer_owner_insert; DROP TRIGGER answer_owner_update; DROP TRIGGER answer_owner_delete;
            DROP TABLE answer_owner
            """)
        #expect(try owners() == answers())
        #expect(try ids(store, "åby") == [first])

        // Changed by hand: verify counts the rows out of step.
        try store.pool.write { db in try db.execute(sql: "UPDATE answer_owner SET analysis_id = ? WHERE analysis_id = ?", arguments: [second, first]) }
        let problems = try store.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("answer_owner is out of step with the answers in 2 of its rows") == true)
    }

    /// A search counts to 200, then says "more than"; a list without words still counts to 1,000.
    @Test func aSearchCountsToItsOwnLimit() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        for number in 0..<(SQLiteStore.searchCountLimit + 5) {
            _ = try store.create(checklist: testChecklist(), caseRef: "R-\(number)", unit: "U", author: "anna",
                                 answers: ["view": .text("Hon saknar kaninen \(number).")])
        }
        #expect(store.countLimit(for: AnalysisFilter(search: "kanin")) == 200 && store.countLimit(for: AnalysisFilter()) == 1000)
        #expect(store.countLimit(for: AnalysisFilter(search: "")) == 1000)
        #expect(try store.count(AnalysisFilter(search: "kanin")) == 201)
        #expect(try store.count(AnalysisFilter(unit: "U", search: "kanin")) == 201)
        let page = try store.page(AnalysisFilter(search: "kan", limit: 50))
        #expect(page.rows.count == 50 && page.total == 201)
        #expect(try store.count(AnalysisFilter(unit: "U")) == 205)
    }
}
