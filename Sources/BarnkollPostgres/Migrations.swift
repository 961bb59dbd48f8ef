import BarnkollCore
import Foundation

/// The PostgreSQL store's schema as SQL migrations embedded in the program, one file each
/// (`Migration001.swift` …), never edited once shipped. Applied by `barnkoll admin migrate`,
/// recorded with their checksums in `barnkoll.schema_migration`.
public enum Migrations {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var sql: String
        /// A step after the SQL, in its transaction, for what only the client can work out (Core's
        /// rules over the definitions); not in the checksum.
        var after: (@Sendable (PQConnection) throws(PQError) -> Void)? = nil
        var checksum: String { Casework.sha256(sql) }
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "schema, rights, audit chain", sql: m001),
        Migration(version: 2, name: "lists: visibility once per statement, due dates apart, word-start search", sql: m002),
        Migration(version: 3, name: "verify replays the chain: filings recorded, older chains sealed, records for the replay", sql: m003),
        Migration(version: 4, name: "drafts move onto a newer definition; notes after the decision", sql: m004),
        Migration(version: 5, name: "search in Swedish (swedish and simple tsvectors, GIN, word prefixes); lists told of changes (NOTIFY)", sql: m005),
        Migration(version: 6, name: "training and real records kept apart in the database", sql: m006),
        Migration(version: 7, name: "group analyses read by everyone, reviewed by any supervisor or admin but the author", sql: m007),
        Migration(version: 8, name: "a hard stop overridden only on an accepted ground, covered by the review's digest; measures past their date followed up", sql: m008),
        Migration(version: 9, name: "indicators count each decision's outcome; a child met again in a case counts once", sql: m009),
        Migration(version: 10, name: "indicators count feedback noted after the decision; a child granted help twice of one kind counts once", sql: m010),
        Migration(version: 11, name: "a unit's SQLite store imported: ids kept or renumbered, its chain kept beside", sql: m011),
        Migration(version: 12, name: "a save sees the stored answers it replaces, so two terminals never overwrite each other silently", sql: m012),
        Migration(version: 13, name: "answers written by the author alone; colleagues read, a supervisor hands over", sql: m013),
        Migration(version: 14, name: "the file each imported store came from, so a renumbered id is told with it", sql: m014),
        Migration(version: 15, name: "an import appends its events with the chain's head in hand and reads each analysis as jsonb (no longer quadratic)", sql: m015),
        Migration(version: 16, name: "lists and searches read a page inside one function (visibility checked once, the order and limit inside); reads lock no anchor", sql: m016),
        Migration(version: 17, name: "exports read in bulk, their reads logged with the head in hand; an import sent in parts within its one transaction", sql: m017),
        Migration(version: 18, name: "the chain's canonical row text folded into the append (six function calls a save fewer)", sql: m018),
        Migration(version: 19, name: "where an imported analysis went is told only to whom may see it", sql: m019),
        Migration(version: 20, name: "indicators read what each frozen version counts, kept when it is made (no answers parsed on a read)", sql: m020),
        Migration(version: 21, name: "an analysis number past 9,999 in a year is written whole", sql: m021),
        Migration(version: 23, name: "a search walks analyses in the order of their last answer, kept on the analysis; lists by period indexed", sql: m023),
        Migration(version: 24, name: "a save rewrites the analysis at most once a minute: a search orders its page by the exact last answer in a second step; the answers' index by time dropped", sql: m024),
        Migration(version: 25, name: "indicators read one row per analysis, kept by the database, a year one range of it", sql: m025),
        Migration(version: 26, name: "indicator rows carry the lean text SQLite's carry; each definition's kept items registered by the client", sql: m026,
                  after: { connection throws(PQError) in
                      try registerIndicatorItems { (sql, parameters) throws(PQError) in try connection.query(sql, parameters) }
                      try connection.query("SELECT barnkoll.indicator_analysis_fill()")
                  }),
        Migration(version: 27, name: "the chain held linear by a check on each row against the one before it, not by a unique index on prev (no random index page per save)", sql: m027),
        Migration(version: 28, name: "a counted free text of blanks (tabs, line breaks, any White_Space) is not written, as on SQLite since v21", sql: m028),
        Migration(version: 29, name: "an export's reads logged by one insert (the chain's hashes made in a loop first)", sql: m029),
        Migration(version: 30, name: "the whole-plan import_store of Migration 15 dropped: an import goes in parts only", sql: m030),
        Migration(version: 31, name: "a bulk read's definitions, each once in order of first use, read before its parts", sql: m031),
        Migration(version: 32, name: "each unit's indicator tally of each year kept, marked as changed by triggers, counted again only when changed", sql: m032),
        Migration(version: 33, name: "an import's time grows with what it brings, not its square: the kept plans made again as analysis grows; the next numbers once a part; each indicator row once", sql: m033),
        Migration(version: 34, name: "the helpers a save calls cost a call, not a parse: those that read no table inlined, the others in PL/pgSQL", sql: m034),
        Migration(version: 35, name: "a save's statements keep one plan: stored_answers, save_answer and anchor_if_due never plan a lookup by key again for its values", sql: m035),
        Migration(version: 36, name: "verify counts the kept indicator tallies again: indicator_tally_check hands it each kept tally, who kept it, and the rows to count it from", sql: m036),
        Migration(version: 37, name: "verify's right asked once, not by building the whole chain to throw it away: chain_records and imported_audit_rows call require_verifier", sql: m037),
        Migration(version: 38, name: "a definition's hard stop on a multiple choice judged in the yearly figures as on the worksheet: every kept list of choices kept in the indicator rows", sql: m038),
        Migration(version: 39, name: "an analysis's case reference follows its answer: save_answer files the analysis under a new case_ref or diary_number", sql: m039),
        Migration(version: 40, name: "an analysis's unit follows its answer while no units are listed, and with a list the answer is the unit it is filed under: save_answer", sql: m040),
        Migration(version: 41, name: "an analysis made under the wrong unit is filed under another by its author there, a supervisor of its unit or an admin, its unit's answer with it: move_to_unit", sql: m041),
        Migration(version: 42, name: "a unit renamed or mapped writes the unit's answer of the drafts and returned analyses it moves: rename_unit, map_unit", sql: m042),
        Migration(version: 43, name: "six functions barnkoll no longer calls go: content_problems, imported_ids and the indicator reads of Migrations 9 and 10", sql: m043),
        Migration(version: 44, name: "a version freezes the answers saved, and with a list of units its unit's answer names its unit: submit_version", sql: m044),
        Migration(version: 45, name: "a hand-over and a move keep their reason, readable in the history, each held by verify to its chain event", sql: m045),
        Migration(version: 46, name: "the database refuses a personnummer where barnkoll does: a case reference, a note, a reason, a group analysis's or a training store's answers", sql: m046),
        Migration(version: 47, name: "the database refuses a personnummer in a review's comments on a group analysis or in a training store", sql: m047),
        Migration(version: 48, name: "a group analysis's review comments are moved in as they were written; every other review is refused a personnummer as before", sql: m048),
        Migration(version: 49, name: "verify names the analyses whose review comments keep what looks like a personnummer where documents mask it: kept_personnummer", sql: m049),
    ]

    /// Registers the kept and counted items (Core's `CountedText.items`) of each definition that
    /// has none yet (Migration 26), through `query` (a migration's connection or a transaction's).
    /// A definition that does not parse is left out: its rows keep every scalar item.
    static func registerIndicatorItems<E: Error>(_ query: (String, [String?]) throws(E) -> PQRows) throws(E) {
        for row in try query("SELECT hash, source FROM barnkoll.indicator_items_missing()", []).rows {
            guard let source = row[1] ?? nil,
                  let checklist = try? ChecklistLoader.load(yaml: source, file: "definition") else { continue }
            _ = try query("SELECT barnkoll.indicator_items_register($1, $2::text[], $3::text[])", registration(source, checklist))
        }
    }

    /// The arguments of `indicator_items_register` for one definition.
    static func registration(_ source: String, _ checklist: Checklist) -> [String?] {
        let items = CountedText.items(checklist)
        return [source, PostgresStore.arrayLiteral(items.kept), PostgresStore.arrayLiteral(items.counted)]
    }

    /// The newest schema this barnkoll knows.
    public static var latest: Int { all.map(\.version).max() ?? 0 }

    /// The roles the schema grants to; the DBA creates them once per cluster (docs/operations.md).
    static let roles = ["barnkoll_owner", "barnkoll_staff", "barnkoll_auditor"]

    /// Applies what is missing, each migration in its own transaction under an advisory lock, as
    /// barnkoll_owner (the account running this must be a member). Returns the versions applied.
    /// `through`: only the migrations up to that version (the upgrade tests' older databases).
    static func apply(_ connection: PQConnection, location: String, through: Int? = nil) throws(StoreError) -> [Int] {
        let present: Set<String>
        do {
            present = Set(try connection.query("SELECT rolname FROM pg_roles WHERE rolname = ANY ($1::text[])",
                                               ["{" + roles.joined(separator: ",") + "}"]).rows.compactMap { $0.first ?? nil })
        } catch {
            throw PostgresStore.map(error, location: location, context: "rollerna")
        }
        let missing = roles.filter { !present.contains($0) }
        guard missing.isEmpty else {
            let names = missing.joined(separator: ", ")
            throw .cannotOpen(store: location,
                              sv: "rollerna \(names) saknas; en databasadministratör skapar dem först (docs/operations.md, \"The server, once\")",
                              en: "the roles \(names) are missing; a database administrator creates them first (docs/operations.md, \"The server, once\")")
        }
        var applied: [Int] = []
        for migration in all where migration.version <= through ?? latest {
            do {
                try connection.query("BEGIN")
                // One migrator at a time, across machines.
                try connection.query("SELECT pg_advisory_xact_lock(hashtext('barnkoll.migrate'))")
                try connection.query("SET LOCAL ROLE barnkoll_owner")
            } catch {
                // Refused before any migration was looked at: say so, not which one came first.
                _ = try? connection.query("ROLLBACK")
                throw PostgresStore.map(error, location: location, context: "SET ROLE barnkoll_owner")
            }
            do {
                try connection.execute("""
                    CREATE SCHEMA IF NOT EXISTS barnkoll;
                    CREATE TABLE IF NOT EXISTS barnkoll.schema_migration (
                        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT session_user)
                    """)
                let recorded = try connection.query("SELECT checksum FROM barnkoll.schema_migration WHERE version = $1",
                                                    [String(migration.version)])
                if let checksum = recorded.value {
                    try connection.query("ROLLBACK")
                    guard checksum == migration.checksum else { throw changedMigration(migration, location: location) }
                    continue
                }
                try connection.query("SET LOCAL search_path = barnkoll, pg_temp")
                try connection.execute(migration.sql)
                try migration.after?(connection)
                try connection.query("INSERT INTO barnkoll.schema_migration (version, name, checksum) VALUES ($1, $2, $3)",
                                     [String(migration.version), migration.name, migration.checksum])
                try connection.query("COMMIT")
                applied.append(migration.version)
            } catch {
                _ = try? connection.query("ROLLBACK")
                throw PostgresStore.map(error, location: location, context: "migration \(migration.version) (\(migration.name))")
            }
        }
        return applied
    }

    /// Refuses a database this barnkoll cannot use: not migrated, migrated by a newer barnkoll, or
    /// with a shipped migration changed.
    static func check(_ connection: PQConnection, location: String) throws(StoreError) {
        let rows: PQRows
        do {
            guard try connection.query("SELECT to_regclass('barnkoll.schema_migration') IS NOT NULL").value == "t" else {
                throw StoreError.cannotOpen(store: location,
                                            sv: "databasen har inget barnkoll-schema ännu; en databasadministratör kör `barnkoll admin migrate --store '\(location)'`",
                                            en: "the database has no barnkoll schema yet; a database administrator runs `barnkoll admin migrate --store '\(location)'`")
            }
            rows = try connection.query("SELECT version, checksum FROM barnkoll.schema_migration ORDER BY version")
        } catch {
            throw PostgresStore.map(error, location: location, context: "schemats version")
        }
        var known: [Int: String] = [:]
        for row in rows.rows {
            guard let version = row[0].flatMap({ Int($0) }) else { continue }
            known[version] = row[1] ?? ""
        }
        if let newest = known.keys.max(), newest > latest {
            throw .cannotOpen(store: location,
                              sv: "databasens schema (version \(newest)) är nyare än denna barnkoll (version \(latest)); uppdatera barnkoll (inget ändrades)",
                              en: "the database's schema (version \(newest)) is newer than this barnkoll (version \(latest)); update barnkoll (nothing was changed)")
        }
        for migration in all {
            guard let checksum = known[migration.version] else {
                throw .cannotOpen(store: location,
                                  sv: "databasens schema saknar version \(migration.version); en databasadministratör kör `barnkoll admin migrate`",
                                  en: "the database's schema lacks version \(migration.version); a database administrator runs `barnkoll admin migrate`")
            }
            guard checksum == migration.checksum else { throw changedMigration(migration, location: location) }
        }
    }

    private static func changedMigration(_ migration: Migration, location: String) -> StoreError {
        .cannotOpen(store: location,
                    sv: "schemaversion \(migration.version) i databasen skiljer sig från den denna barnkoll har (kontrollsumman stämmer inte); inget ändrades",
                    en: "schema version \(migration.version) in the database differs from this barnkoll's (its checksum does not match); nothing was changed")
    }
}
