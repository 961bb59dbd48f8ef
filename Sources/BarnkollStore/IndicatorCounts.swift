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

    /// What stands in for a free-text answer the indicators only count.
    static let answered = "answered"

    /// The scalar items kept for a definition: those the indicators read, and those its hard stops
    /// depend on (the hard stops are judged again from them); and of those, the free-text ones the
    /// indicators only count, kept as `answered`. Groups are taken apart separately.
    static func items(_ checklist: Checklist?) -> (kept: [String], counted: [String]) {
        let hardStops = checklist.map { HardStopCheck(checklist: $0).itemIDs } ?? []
        let kept = Set(Indicators.itemIDs).union(hardStops).subtracting(Indicators.subItemIDs.keys)
        let freeText = kept.subtracting(hardStops).filter { checklist?.item($0)?.type.isText ?? false }
        return (kept.sorted(), freeText.sorted())
    }

    /// Fills the rows of the versions `clause` selects (alias `v`), the same way for every version.
    static func insert(_ db: Database, items: (kept: [String], counted: [String]), where clause: String,
                       arguments: StatementArguments) throws {
        func placeholders(_ list: [String]) -> String { list.isEmpty ? "NULL" : list.map { _ in "?" }.joined(separator: ",") }
        try db.execute(sql: """
            INSERT INTO indicator_version (analysis_id, number, definition_hash, scalars, children, articles, measures)
            SELECT v.analysis_id, v.number, v.definition_hash,
              (SELECT group_concat(j.key || char(31) || j.type || char(31)
                                   || CASE WHEN j.key IN (\(placeholders(items.counted))) THEN '\(answered)' ELSE j.atom END, char(30))
                 FROM json_each(v.answers) j WHERE j.key IN (\(placeholders(items.kept))) AND j.type IN ('text', 'integer')),
              (SELECT group_concat(coalesce(json_extract(j.value, '$.age'), '') || char(31)
                                   || coalesce(json_extract(j.value, '$.effect'), ''), char(30))
                 FROM json_each(v.answers, '$.children') j),
              (SELECT group_concat(json_extract(j.value, '$.article'), char(31))
                 FROM json_each(v.answers, '$.other_articles') j),
              json_array_length(v.answers, '$.compensatory_measures')
            FROM version v WHERE \(clause)
            """, arguments: StatementArguments(items.counted) + StatementArguments(items.kept) + arguments)
    }

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
        for row in try Row.fetchAll(db, sql: "SELECT hash, source FROM checklist_definition") {
            let checklist = try? ChecklistLoader.load(yaml: row["source"], file: "definition")
            try insert(db, items: items(checklist), where: "v.definition_hash = ?", arguments: [row["hash"] as String])
        }
    }
}
