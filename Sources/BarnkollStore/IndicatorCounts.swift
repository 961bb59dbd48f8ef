import BarnkollCore
import GRDB

/// What the indicators count of each frozen version, taken out of its answers when it is frozen:
/// a year's indicators then read these small rows instead of every version's whole answers
/// (measured on 100,000 analyses: 14.8 s, nearly all of it disk reads of scattered 6 KB rows).
/// Only the counted items are kept (choices, dates, ages, effects, article numbers); of a free-text
/// item only that it was answered. Never names, aliases or case references. The rows go with their
/// analysis in a purge.
enum IndicatorCounts {
    static let schema = """
    CREATE TABLE indicator_version (
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        number INTEGER NOT NULL,
        definition_hash TEXT NOT NULL,
        scalars TEXT,
        children TEXT,
        articles TEXT,
        measures INTEGER,
        PRIMARY KEY (analysis_id, number)
    ) WITHOUT ROWID;
    """

    /// What stands in for a free-text answer the indicators only count (Core's rule, shared with PostgreSQL).
    static let answered = CountedText.answered

    static func items(_ checklist: Checklist?) -> (kept: [String], counted: [String]) {
        CountedText.items(checklist)
    }

    /// Fills the rows of the versions `clause` selects (alias `v`), the same way for every version.
    static func insert(_ db: Database, items: (kept: [String], counted: [String]), where clause: String,
                       arguments: StatementArguments) throws {
        let (sql, bound) = versionRows(items: items, where: clause, arguments: arguments)
        try db.execute(sql: "INSERT INTO indicator_version (\(versionColumns.joined(separator: ", "))) " + sql, arguments: bound)
    }

    static let versionColumns = ["analysis_id", "number", "definition_hash", "scalars", "children", "articles", "measures"]

    /// The rows of the versions `clause` selects, as a SELECT (its columns `versionColumns`): what
    /// freezing writes, and what `verify` holds the kept rows against.
    static func versionRows(items: (kept: [String], counted: [String]), where clause: String,
                            arguments: StatementArguments) -> (sql: String, arguments: StatementArguments) {
        func placeholders(_ list: [String]) -> String { list.isEmpty ? "NULL" : list.map { _ in "?" }.joined(separator: ",") }
        let sql = """
            SELECT v.analysis_id, v.number, v.definition_hash,
              (SELECT group_concat(j.key || char(31) || j.type || char(31)
                                   || CASE WHEN j.key IN (\(placeholders(items.counted))) AND NOT \(blank("j.atom")) THEN '\(answered)'
                                           WHEN j.type = 'array' THEN j.value ELSE j.atom END, char(30))
                 FROM json_each(v.answers) j WHERE j.key IN (\(placeholders(items.kept)))
                   AND (j.type IN ('text', 'integer') OR (j.type = 'array' AND \(listOfChoices("j.value"))))) AS scalars,
              (SELECT group_concat(\(childFields), char(30)) FROM json_each(v.answers, '$.children') j) AS children,
              (SELECT group_concat(json_extract(j.value, '$.article'), char(31))
                 FROM json_each(v.answers, '$.other_articles') j) AS articles,
              json_array_length(v.answers, '$.compensatory_measures') AS measures
            FROM version v WHERE \(clause)
            """
        return (sql, StatementArguments(items.counted) + StatementArguments(items.kept) + arguments)
    }

    /// Whether the JSON list `expression` is a multiple choice's (`CountedText.Kind.list`): no
    /// entry of it an object or a list, as a group's entries are.
    static func listOfChoices(_ expression: String) -> String {
        "NOT EXISTS (SELECT 1 FROM json_each(\(expression)) e WHERE e.type IN ('object', 'array'))"
    }

    /// Whether the text `expression` is blank by Core's rule (`CountedText.whiteSpace`; SQLite's
    /// one-argument `trim` strips only spaces). A blank counted text is kept as it is, as
    /// PostgreSQL keeps it, which Core reads as not written.
    static func blank(_ expression: String) -> String {
        "trim(\(expression), char(\(CountedText.whiteSpace.map(String.init).joined(separator: ",")))) = ''"
    }

    /// A child's counted fields joined by the unit separator (`CountedAnswers.Child.storedFields`).
    static let childFields = CountedAnswers.Child.storedFields.map { field in
        CountedAnswers.Child.writtenFields.contains(field)
            ? "CASE WHEN \(blank("coalesce(json_extract(j.value, '$.\(field)'), '')")) THEN '' ELSE '\(answered)' END"
            : "coalesce(json_extract(j.value, '$.\(field)'), '')"
    }.joined(separator: " || char(31) || ")

    /// The row of a version just frozen, in the freezing transaction.
    static func record(_ db: Database, analysis: String, number: Int, checklist: Checklist) throws {
        try insert(db, items: items(checklist), where: "v.analysis_id = ? AND v.number = ?", arguments: [analysis, number])
    }

    /// v9: the table, and the rows of every version frozen before.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: schema)
        try backfill(db)
    }

    /// The rows of every version, definition by definition.
    static func backfill(_ db: Database) throws {
        for (hash, items) in try itemsByDefinition(db) {
            try insert(db, items: items, where: "v.definition_hash = ?", arguments: [hash])
        }
    }

    /// The kept and counted items of each stored definition, by its hash (one that no longer
    /// parses keeps what `items(nil)` gives).
    static func itemsByDefinition(_ db: Database) throws -> [String: (kept: [String], counted: [String])] {
        var definitions: [String: (kept: [String], counted: [String])] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT hash, source FROM checklist_definition") {
            definitions[row["hash"]] = items(try? ChecklistLoader.load(yaml: row["source"], file: "definition"))
        }
        return definitions
    }

    /// v18: every row made again, so versions frozen before keep what the indicators now count
    /// too (the documented views, budget or guidelines weighed, the interpreter).
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM indicator_analysis; DELETE FROM indicator_version")
        try backfill(db)
        try insertAnalyses(db, where: "1", arguments: [])
    }

    /// v21: the rows of the versions that hold a blank counted free text, made again. Before it
    /// such a text was kept as `answered` (and a child's written field of tabs or line breaks
    /// too), so it counted as written. One pass over the versions finds them, by the counted
    /// items of every definition (a version of another definition made again only gets its row
    /// as before); only those rows and their analyses' rows are written (`refresh`, each keeping
    /// its place).
    static func rewriteBlankTexts(_ db: Database) throws {
        let definitions = try itemsByDefinition(db)
        let counted = Array(Set(definitions.values.flatMap(\.counted))).sorted()
        let scalars = counted.isEmpty ? "0" : """
            EXISTS (SELECT 1 FROM json_each(v.answers) j
                    WHERE j.key IN (\(counted.map { _ in "?" }.joined(separator: ","))) AND j.type = 'text' AND \(blank("j.atom")))
            """
        // A child's written field was blank before only when empty or of spaces.
        let children = CountedAnswers.Child.writtenFields.sorted().map { field -> String in
            let value = "coalesce(json_extract(j.value, '$.\(field)'), '')"
            return "(trim(\(value)) <> '' AND \(blank(value)))"
        }.joined(separator: " OR ")
        let versions = try Row.fetchAll(db, sql: """
            SELECT v.analysis_id, v.number, v.definition_hash FROM version v
            WHERE \(scalars) OR EXISTS (SELECT 1 FROM json_each(v.answers, '$.children') j WHERE \(children))
            """, arguments: StatementArguments(counted))
        try makeAgain(db, versions.map { version in
            let hash: String = version[2]
            return (version[0], version[1], definitions[hash] ?? items(nil))
        })
    }

    /// The rows of these versions made again with their definition's items, then their analyses'
    /// rows, each keeping its place (`refresh`).
    static func makeAgain(_ db: Database, _ versions: [(analysis: String, number: Int, items: (kept: [String], counted: [String]))]) throws {
        for version in versions {
            try db.execute(sql: "DELETE FROM indicator_version WHERE analysis_id = ? AND number = ?",
                           arguments: [version.analysis, version.number])
            try insert(db, items: version.items, where: "v.analysis_id = ? AND v.number = ?", arguments: [version.analysis, version.number])
        }
        for analysis in Set(versions.map(\.analysis)).sorted() { try refresh(db, analysis: analysis) }
    }

    /// v23: the rows of the versions that answer a multiple choice their definition's hard stops
    /// read, other than `conflicts`, made again. Before it no list but that one was kept, so such a
    /// stop was judged unanswered when the indicators judged it again from the row. Only the
    /// definitions with such a stop are looked at (none of the shipped ones).
    static func keepListsTheStopsRead(_ db: Database) throws {
        var again: [(analysis: String, number: Int, items: (kept: [String], counted: [String]))] = []
        for row in try Row.fetchAll(db, sql: "SELECT hash, source FROM checklist_definition") {
            guard let checklist = try? ChecklistLoader.load(yaml: row["source"], file: "definition") else { continue }
            let kept = items(checklist)
            let lists = kept.kept.filter { $0 != "conflicts" && checklist.item($0)?.type == .multiChoice }
            guard !lists.isEmpty else { continue }
            let hash: String = row["hash"]
            let versions = try Row.fetchAll(db, sql: """
                SELECT v.analysis_id, v.number FROM version v WHERE v.definition_hash = ? AND EXISTS (
                  SELECT 1 FROM json_each(v.answers) j WHERE j.key IN (\(lists.map { _ in "?" }.joined(separator: ","))) AND j.type = 'array')
                """, arguments: [hash] + StatementArguments(lists))
            again += versions.map { ($0[0], $0[1], kept) }
        }
        try makeAgain(db, again)
    }

    // MARK: - Held against what they are made from (verify)

    /// The rows the indicators read, made again from the versions and reviews and held against the
    /// kept ones: a row changed outside barnkoll would count what no analysis says, and `verify`
    /// would pass (the rows are no record, so the chain does not hold them). A row's place must be
    /// on the day of its first submission: the place decides the year it is counted in.
    static func problems(_ db: Database) throws -> [Localized] {
        var problems: [Localized] = []
        var wrong = Mismatch()
        for (hash, items) in try itemsByDefinition(db).sorted(by: { $0.key < $1.key }) {
            let (sql, arguments) = versionRows(items: items, where: "v.definition_hash = ?", arguments: [hash])
            wrong.add(try Row.fetchOne(db, sql: """
                SELECT count(*), min(s.analysis_id) FROM (\(sql)) s WHERE NOT EXISTS (SELECT 1 FROM indicator_version k
                  WHERE k.analysis_id = s.analysis_id AND k.number = s.number AND \(same(versionColumns.dropFirst(2))))
                """, arguments: arguments))
        }
        wrong.add(try Row.fetchOne(db, sql: """
            SELECT count(*), min(k.analysis_id) FROM indicator_version k
            WHERE NOT EXISTS (SELECT 1 FROM version v WHERE v.analysis_id = k.analysis_id AND v.number = k.number)
            """))
        if let problem = wrong.problem(table: "indicator_version", sv: "versionerna", en: "the versions") { problems.append(problem) }

        wrong = Mismatch()
        let day = "CAST(replace(substr(s.first_submitted, 1, 10), '-', '') AS INTEGER)"
        wrong.add(try Row.fetchOne(db, sql: """
            SELECT count(*), min(s.analysis_id) FROM (SELECT \(analysisRows(where: "1"))) s
            WHERE NOT EXISTS (SELECT 1 FROM indicator_analysis k WHERE k.analysis_id = s.analysis_id
                                AND \(same(analysisColumns.filter { $0 != "analysis_id" })) AND k.place / \(placesPerDay) = \(day))
            """))
        wrong.add(try Row.fetchOne(db, sql: """
            SELECT count(*), min(k.analysis_id) FROM indicator_analysis k
            WHERE NOT EXISTS (SELECT 1 FROM version f JOIN analysis a ON a.id = f.analysis_id
                              JOIN indicator_version v ON v.analysis_id = a.id AND v.number = a.versions
                              WHERE f.analysis_id = k.analysis_id AND f.number = 1)
            """))
        if let problem = wrong.problem(table: "indicator_analysis", sv: "analyserna och deras granskningar",
                                       en: "the analyses and their reviews") { problems.append(problem) }
        return problems
    }

    /// `k.column IS s.column` for each column: the kept row (`k`) as made again (`s`), NULLs alike.
    private static func same<Columns: Sequence<String>>(_ columns: Columns) -> String {
        columns.map { "k.\($0) IS s.\($0)" }.joined(separator: " AND ")
    }

    /// Rows that are not as made again, with the first analysis they belong to.
    private struct Mismatch {
        var count = 0
        var first: String?

        /// A row of `count(*)` and `min(analysis_id)`.
        mutating func add(_ row: Row?) {
            guard let row, let found = row[0] as Int?, found > 0 else { return }
            count += found
            if let id = row[1] as String?, first.map({ id < $0 }) ?? true { first = id }
        }

        func problem(table: String, sv: String, en: String) -> Localized? {
            guard count > 0 else { return nil }
            let named = first ?? "?"
            return Localized(sv: "\(table) går inte i takt med \(sv) i \(count) av sina rader, först i \(named) (ändrat utanför barnkoll), så de årliga indikatorerna räknar fel; återställ lagret från en säkerhetskopia",
                             en: "\(table) is out of step with \(en) in \(count) of its rows, first in \(named) (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup")
        }
    }

    // MARK: - One row per analysis (v10)

    /// Everything a year's indicators read of one analysis, in one row, clustered by the time of
    /// its first submission: a year is one range of a small table, not 60,000 joins into the
    /// analyses and reviews scattered through the file (measured: 5.1 → 3.2 s,
    /// docs/benchmarks-history.md, "Indicators").
    static let analysisSchema = """
    CREATE TABLE indicator_analysis (
        first_submitted TEXT NOT NULL,
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        checklist_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        scalars TEXT,
        children TEXT,
        articles TEXT,
        measures INTEGER,
        approved_at TEXT,
        returns INTEGER NOT NULL,
        returned_items TEXT,
        overrides TEXT,
        PRIMARY KEY (first_submitted, analysis_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX indicator_analysis_by_id ON indicator_analysis(analysis_id);
    """

    /// The row of each analysis `clause` selects (alias `a`), from its latest frozen version and
    /// its reviews. Analyses never submitted have none.
    /// `place`: v20's first column, bound as the first argument (nil: the table has none).
    static func insertAnalyses(_ db: Database, where clause: String, arguments: StatementArguments, place: Int? = nil) throws {
        try db.execute(sql: "INSERT INTO indicator_analysis SELECT \(place == nil ? "" : "?, ")" + analysisRows(where: clause),
                       arguments: (place.map { [$0] } ?? []) + arguments)
    }

    /// v10's columns of `indicator_analysis`, in their order (v20 puts `place` before them).
    static let analysisColumns = ["first_submitted", "analysis_id", "checklist_id", "unit", "status", "created_at", "definition_hash",
                                  "scalars", "children", "articles", "measures", "approved_at", "returns", "returned_items", "overrides"]

    /// The rows of the analyses `clause` selects, after a SELECT's keyword (the columns
    /// `analysisColumns`): what a freeze or a review writes, and what `verify` holds the kept rows against.
    static func analysisRows(where clause: String) -> String {
        """
        f.created_at AS first_submitted, a.id AS analysis_id, a.checklist_id, a.unit, a.status, a.created_at, v.definition_hash,
          v.scalars, v.children, v.articles, v.measures,
          (SELECT min(r.at) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'approve') AS approved_at,
          (SELECT count(*) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'return') AS returns,
          (SELECT group_concat(k.key, char(31)) FROM review r, json_each(r.item_comments) k
             WHERE r.analysis_id = a.id AND r.decision = 'return') AS returned_items,
          (SELECT group_concat(r.rule, char(31)) FROM review r
             WHERE r.analysis_id = a.id AND r.decision = 'override' AND r.rule IS NOT NULL) AS overrides
        FROM version f
        JOIN analysis a ON a.id = f.analysis_id
        JOIN indicator_version v ON v.analysis_id = a.id AND v.number = a.versions
        WHERE f.number = 1 AND \(clause)
        """
    }

    /// Brings one analysis's row up to date, in the transaction that changed it (a freeze, a
    /// status change, a review). The row keeps its place (v20); a first row takes the next free
    /// place of its day.
    static func refresh(_ db: Database, analysis: String) throws {
        var place = try Int.fetchOne(db.cachedStatement(sql: "SELECT place FROM indicator_analysis WHERE analysis_id = ?"),
                                     arguments: [analysis])
        if place == nil {
            // Not submitted yet: no row to make.
            guard let first = try String.fetchOne(db.cachedStatement(sql: "SELECT created_at FROM version WHERE analysis_id = ? AND number = 1"),
                                                  arguments: [analysis]),
                  let day = firstPlace(ofDay: first) else { return }
            let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT max(place) FROM indicator_analysis WHERE place >= ? AND place < ?"),
                                        arguments: [day, day + placesPerDay])
            place = last.map { $0 + 1 } ?? day
        }
        try db.cachedStatement(sql: "DELETE FROM indicator_analysis WHERE analysis_id = ?").execute(arguments: [analysis])
        try insertAnalyses(db, where: "a.id = ?", arguments: [analysis], place: place)
    }

    /// v10: the table, filled for every analysis submitted so far.
    static func migrateAnalyses(_ db: Database) throws {
        try db.execute(sql: analysisSchema)
        try insertAnalyses(db, where: "1", arguments: [])
    }

    // MARK: - The rows on their pages (v19)

    /// v10's table made again as an ordinary rowid table, its range an index. A `WITHOUT ROWID`
    /// row keeps at most about a quarter of a page (1,002 bytes of 4 KB) on its page and the rest on
    /// an overflow page of its own; the rows grew to about 920 bytes with v18, so most of them took
    /// a page more to read (docs/benchmarks-history.md, "SQLite at 100,000: the indicator rows on
    /// their pages"). A rowid table's row keeps up to a whole page on its own page. The columns
    /// and their order are v10's, so `insertAnalyses` fills either.
    static let analysisSchemaV19 = """
    CREATE TABLE indicator_analysis (
        first_submitted TEXT NOT NULL,
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        checklist_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        scalars TEXT,
        children TEXT,
        articles TEXT,
        measures INTEGER,
        approved_at TEXT,
        returns INTEGER NOT NULL,
        returned_items TEXT,
        overrides TEXT
    );
    """

    /// The indexes, made after the rows are in (one sorted build each, not 100,000 inserts).
    static let analysisIndexesV19 = """
    CREATE INDEX indicator_analysis_by_time ON indicator_analysis(first_submitted, analysis_id);
    CREATE UNIQUE INDEX indicator_analysis_by_id ON indicator_analysis(analysis_id);
    """

    /// v19: the rows copied in order of first submission, so that a year's rows lie together as
    /// in the clustered table (a store then grows in that order too).
    static func keepAnalysesOnTheirPages(_ db: Database) throws {
        try db.execute(sql: analysisSchemaV19.replacingOccurrences(of: "TABLE indicator_analysis", with: "TABLE indicator_analysis_v19"))
        try db.execute(sql: """
            INSERT INTO indicator_analysis_v19 SELECT * FROM indicator_analysis ORDER BY first_submitted, analysis_id;
            DROP TABLE indicator_analysis;
            ALTER TABLE indicator_analysis_v19 RENAME TO indicator_analysis;
            """)
        try db.execute(sql: analysisIndexesV19)
    }

    // MARK: - A year in one range of the table itself (v20)

    /// v19's rows lie in the order they were last written: each review wrote its analysis's row
    /// again at the end of the table, and a store filled out of time order (an import, the
    /// bench's generator) scatters a year through it, so a year read a page per row through the
    /// index by time. v20 gives each row a `place` by the day of its first submission, the
    /// table's own key: a year is one range of the table in any order of writing, read page by
    /// page; a row written again keeps its place, and the index by time goes.
    /// An `INTEGER PRIMARY KEY`, not the bare rowid, which `VACUUM` may renumber; then v19's columns.
    static let analysisSchemaV20 = analysisSchemaV19.replacingOccurrences(
        of: "CREATE TABLE indicator_analysis (\n", with: "CREATE TABLE indicator_analysis (\n    place INTEGER PRIMARY KEY,\n")

    /// Places a day holds: a day's first place is its date as a number (20260314) times this.
    static let placesPerDay = 1 << 20

    /// The first place of the day a UTC ISO 8601 timestamp (or date) falls on.
    static func firstPlace(ofDay timestamp: String) -> Int? {
        let digits = timestamp.utf8.prefix(10).filter { $0 != UInt8(ascii: "-") }
        guard digits.count == 8, let day = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        return day * placesPerDay
    }

    /// The places of the analyses first submitted in `years`, as a half-open range.
    static func places(_ years: ClosedRange<Int>) -> (from: Int, to: Int) {
        ((years.lowerBound * 10_000 + 101) * placesPerDay, ((years.upperBound + 1) * 10_000 + 101) * placesPerDay)
    }

    /// v20: the rows copied with their places, a day's in order of first submission.
    static func placeAnalysesByDay(_ db: Database) throws {
        try db.execute(sql: analysisSchemaV20.replacingOccurrences(of: "TABLE indicator_analysis", with: "TABLE indicator_analysis_v20"))
        // By the day's number, so that even a time that is no date (none is) has a place of its own.
        let day = "CAST(replace(substr(first_submitted, 1, 10), '-', '') AS INTEGER)"
        try db.execute(sql: """
            INSERT INTO indicator_analysis_v20
            SELECT \(day) * \(placesPerDay) + row_number() OVER (PARTITION BY \(day) ORDER BY first_submitted, analysis_id) - 1, *
            FROM indicator_analysis ORDER BY 1;
            DROP TABLE indicator_analysis;
            ALTER TABLE indicator_analysis_v20 RENAME TO indicator_analysis;
            CREATE UNIQUE INDEX indicator_analysis_by_id ON indicator_analysis(analysis_id);
            """)
    }
}
