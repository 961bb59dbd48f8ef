import BarnkollCore
import Foundation
import GRDB

/// Each unit's indicator tally of each year, kept (v22): a year's indicators merge a dozen tallies
/// instead of counting 27,000 rows again (measured at 100,000 analyses:
/// docs/benchmarks-history.md, "The indicators from tallies kept per unit and year").
///
/// A tally is Core's (`Indicators.Tally`); this table only keeps it. Triggers mark a unit's year
/// as changed in the transaction that changes what it counts: its rows of `indicator_analysis`
/// (a submission, a review, a status change, a unit moved, a purge), a note after the decision,
/// and the case or the latest version of an analysis (what the children met before are read
/// from). A changed tally is NULL and its `generation` goes up; the next reader counts that unit's
/// year again from its rows and keeps the tally only if the generation is still the one it read
/// with them, so a tally counted while someone saved is never kept as current.
enum IndicatorTallies {
    /// The place (`IndicatorCounts.places`) divided by this is the year of first submission.
    static let placesPerYear = 10_000 * IndicatorCounts.placesPerDay

    /// v22: the table, its triggers, and every unit's year that has rows, to be counted at the
    /// first read. First the rows of analyses moved to another unit before v22 are moved too: a
    /// move left them counted under the old unit (`SQLiteStore.moveUnit` moves them since).
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE indicator_analysis SET unit = (SELECT a.unit FROM analysis a WHERE a.id = indicator_analysis.analysis_id)
            WHERE unit <> (SELECT a.unit FROM analysis a WHERE a.id = indicator_analysis.analysis_id)
            """)
        let changed = "tally = NULL, format = NULL, generation = generation + 1"
        func mark(_ row: String) -> String {
            """
            INSERT INTO indicator_tally (year, unit) VALUES (\(row).place / \(placesPerYear), \(row).unit)
              ON CONFLICT (year, unit) DO UPDATE SET \(changed);
            """
        }
        let ofAnalysis = """
            UPDATE indicator_tally SET \(changed)
            WHERE (year, unit) IN (SELECT place / \(placesPerYear), unit FROM indicator_analysis WHERE analysis_id = %@);
            """
        try db.execute(sql: """
            CREATE TABLE indicator_tally (
                year INTEGER NOT NULL,
                unit TEXT NOT NULL,
                generation INTEGER NOT NULL DEFAULT 0,
                format INTEGER,
                tally BLOB,
                PRIMARY KEY (year, unit)
            ) WITHOUT ROWID;
            CREATE TRIGGER indicator_tally_row_added AFTER INSERT ON indicator_analysis BEGIN \(mark("NEW")) END;
            CREATE TRIGGER indicator_tally_row_removed AFTER DELETE ON indicator_analysis BEGIN \(mark("OLD")) END;
            CREATE TRIGGER indicator_tally_row_changed AFTER UPDATE ON indicator_analysis BEGIN \(mark("OLD")) \(mark("NEW")) END;
            CREATE TRIGGER indicator_tally_note AFTER INSERT ON note BEGIN
              \(ofAnalysis.replacingOccurrences(of: "%@", with: "NEW.analysis_id"))
            END;
            CREATE TRIGGER indicator_tally_note_removed AFTER DELETE ON note BEGIN
              \(ofAnalysis.replacingOccurrences(of: "%@", with: "OLD.analysis_id"))
            END;
            CREATE TRIGGER indicator_tally_analysis AFTER UPDATE OF case_ref, versions ON analysis BEGIN
              \(ofAnalysis.replacingOccurrences(of: "%@", with: "NEW.id"))
            END;
            INSERT INTO indicator_tally (year, unit)
              SELECT DISTINCT place / \(placesPerYear), unit FROM indicator_analysis;
            """)
    }

    /// A year's tally and the units' tallies counted again to keep.
    struct Year: Sendable {
        var tally: Indicators.Tally?
        var counted: [Counted] = []
    }

    /// A unit's year counted again, with the generation its rows were read at.
    struct Counted: Sendable {
        var year: Int
        var unit: String
        var generation: Int
        var tally: Data
    }

    /// One year's tally, in one read transaction: the kept tallies of the units asked for, and
    /// those changed since counted again from one read of their rows.
    /// `units`: only these units (a unit supervisor's figures); nil for all.
    static func read(_ db: Database, year: Int, unit: String?, units: [String]?,
                     known: (String) -> Checklist?, keep: (String, Checklist) -> Void) throws -> Year {
        var arguments: StatementArguments = [year]
        var clause = ""
        if let unit {
            clause += " AND unit = ?"
            _ = arguments.append(contentsOf: [unit])
        }
        if let units {
            clause += " AND unit IN (SELECT value FROM json_each(?))"
            _ = arguments.append(contentsOf: [CanonicalJSON.encode(units, fallback: "[]")])
        }
        var result = Year()
        var stale: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT unit, generation, format, tally FROM indicator_tally WHERE year = ?\(clause)",
                                    arguments: arguments) {
            let name: String = row[0]
            if row[2] as Int? == Indicators.Tally.format, let data = row[3] as Data?, let kept = Indicators.Tally(encoded: data) {
                result.tally = add(kept, to: result.tally)
            } else {
                stale[name] = row[1]
            }
        }
        guard !stale.isEmpty else { return result }
        let counted = try count(db, year: year, units: stale.keys.sorted(), known: known, keep: keep)
        for (name, generation) in stale.sorted(by: { $0.key < $1.key }) {
            let tally = counted[name] ?? Indicators.Tally()
            result.tally = add(tally, to: result.tally)
            if let data = tally.encoded() {
                result.counted.append(Counted(year: year, unit: name, generation: generation, tally: data))
            }
        }
        return result
    }

    /// The tallies of `units` in `year`, counted from their rows.
    private static func count(_ db: Database, year: Int, units: [String], known: (String) -> Checklist? = { _ in nil },
                              keep: (String, Checklist) -> Void = { _, _ in }) throws -> [String: Indicators.Tally] {
        var counted: [String: Indicators.Tally] = [:]
        for record in try SQLiteStore.fetchIndicatorRecords(db, years: year...year, unit: nil, units: units, known: known, keep: keep) {
            counted[record.unit, default: Indicators.Tally()].add(record)
        }
        return counted
    }

    private static func add(_ tally: Indicators.Tally, to sum: Indicators.Tally?) -> Indicators.Tally {
        guard var sum else { return tally }
        sum.merge(tally)
        return sum
    }

    /// The kept tallies counted again from their rows and held against what is kept (`verify`): a
    /// tally changed outside barnkoll would stand in the yearly indicators until its unit's year
    /// changes, and a past year's never does. A unit's year with rows and no tally row at all
    /// would be left out of the indicators. A kept tally of another format is counted again at
    /// the next read anyway, so it is not held.
    static func problems(_ db: Database) throws -> [Localized] {
        var problems: [Localized] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT place / \(placesPerYear) AS year, unit FROM indicator_analysis
            EXCEPT SELECT year, unit FROM indicator_tally ORDER BY 1, 2
            """) {
            let (year, unit): (Int, String) = (row[0], row[1])
            problems.append(Localized(sv: "indicator_tally saknar raden för \(unit) år \(year) (ändrat utanför barnkoll), så enhetens analyser det året saknas i de årliga indikatorerna; återställ lagret från en säkerhetskopia",
                                      en: "indicator_tally lacks the row of \(unit) for \(year) (changed outside barnkoll), so the unit's analyses of that year are left out of the yearly indicators; restore the store from a backup"))
        }
        var kept: [Int: [(unit: String, tally: Indicators.Tally)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT year, unit, tally FROM indicator_tally WHERE format = ? AND tally IS NOT NULL",
                                    arguments: [Indicators.Tally.format]) {
            guard let data = row[2] as Data?, let tally = Indicators.Tally(encoded: data) else { continue }
            kept[row[0], default: []].append((row[1], tally))
        }
        for (year, units) in kept.sorted(by: { $0.key < $1.key }) {
            let counted = try count(db, year: year, units: units.map(\.unit))
            for (unit, tally) in units.sorted(by: { $0.unit < $1.unit }) where tally != counted[unit] ?? Indicators.Tally() {
                problems.append(Localized(sv: "indicator_tally: talen för \(unit) år \(year) stämmer inte med enhetens analyser (ändrat utanför barnkoll), så de årliga indikatorerna räknar fel; återställ lagret från en säkerhetskopia",
                                          en: "indicator_tally: the figures of \(unit) for \(year) do not match the unit's analyses (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup"))
            }
        }
        return problems
    }

    /// Keeps the tallies counted again whose unit's year has not changed since they were read.
    static func keep(_ db: Database, _ counted: [Counted]) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE indicator_tally SET tally = ?, format = ? WHERE year = ? AND unit = ? AND generation = ?
            """)
        for tally in counted {
            try statement.execute(arguments: [tally.tally, Indicators.Tally.format, tally.year, tally.unit, tally.generation])
        }
    }
}
