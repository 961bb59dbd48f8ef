// Migration 32 of the PostgreSQL store (issue 19): each unit's indicator tally of each year kept,
// as SQLite keeps them since v22. A year's indicators count every row of indicator_analysis in
// the range at each read (at 100,000 analyses 1.6–1.7 s, docs/benchmarks.md); with a tally kept
// per unit and year, a read adds up a few dozen tallies and counts again only the units' years
// changed since.
//
// A tally is Core's (`Indicators.Tally`, JSON); the database only keeps it. Statement triggers on
// indicator_analysis mark a unit's year as changed in the transaction that changes one of its rows:
// every change the indicators see (a submission, a review, a note after the decision, a status
// change, a unit moved, an import, a purge) passes through those rows (Migration 25). A changed
// tally is NULL and its generation goes up. The read returns, in one statement and so one
// snapshot, the kept tallies and the rows of the units whose tallies must be counted again, with
// the generation they were read at; the client counts them and keeps each tally only if its
// generation has not moved since. Readers and keepers are the statistics readers, for the units
// they may see; the table is read and written only inside these functions, and who kept a tally
// is recorded with it (a reader could keep a wrong one: it is derived data, counted again at the
// next change of its unit's year).
//
// indicator_read keeps its signature and rows; its query is now indicator_read_rows, which both
// reads use. Never edited once shipped.
extension Migrations {
    static let m032 = #"""
-- The year a first submission falls in; 0 for a text that does not begin with one (never stops a write).
CREATE FUNCTION indicator_year(p_at text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = barnkoll, pg_temp AS $$
    SELECT CASE WHEN substr(p_at, 1, 4) ~ '^[0-9]{4}$' THEN substr(p_at, 1, 4)::integer ELSE 0 END
$$;

CREATE TABLE indicator_tally (
    year integer NOT NULL,
    unit text NOT NULL,
    generation bigint NOT NULL DEFAULT 1,
    format integer,
    tally text,
    kept_by text,
    PRIMARY KEY (year, unit)
);
ALTER TABLE indicator_tally ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON indicator_tally FROM PUBLIC;

-- Marks units' years as changed, in order, so two transactions marking the same ones wait in line.
-- Once a transaction: a row this transaction wrote already (age(xmin) 0) is marked, and a reader
-- sees its generation move when it commits. Marking it again for each row an import brings would
-- write the same row thousands of times in one transaction, each time walking its versions.
CREATE FUNCTION indicator_tally_touch(p_years integer[], p_units text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    INSERT INTO indicator_tally AS t (year, unit)
    SELECT DISTINCT k.year, k.unit FROM unnest(p_years, p_units) AS k(year, unit) ORDER BY 1, 2
    ON CONFLICT (year, unit) DO UPDATE SET generation = t.generation + 1, tally = NULL, format = NULL, kept_by = NULL
    WHERE age(t.xmin) <> 0
$$;

CREATE FUNCTION indicator_tally_mark() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    -- Apart: each trigger has only its own transition tables.
    IF TG_OP = 'INSERT' THEN
        PERFORM indicator_tally_touch(array_agg(indicator_year(a.first_submitted)), array_agg(a.unit)) FROM added a;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM indicator_tally_touch(array_agg(indicator_year(r.first_submitted)), array_agg(r.unit)) FROM removed r;
    ELSE
        PERFORM indicator_tally_touch(array_agg(k.year), array_agg(k.unit)) FROM (
            SELECT indicator_year(a.first_submitted) AS year, a.unit FROM added a
            UNION SELECT indicator_year(r.first_submitted), r.unit FROM removed r) k;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER indicator_tally_added AFTER INSERT ON indicator_analysis
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION indicator_tally_mark();
CREATE TRIGGER indicator_tally_changed AFTER UPDATE ON indicator_analysis
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION indicator_tally_mark();
CREATE TRIGGER indicator_tally_removed AFTER DELETE ON indicator_analysis
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION indicator_tally_mark();

-- Every unit's year that has rows, to be counted at the first read.
INSERT INTO indicator_tally (year, unit)
SELECT DISTINCT indicator_year(i.first_submitted), i.unit FROM indicator_analysis i;

-- Migration 26's query of indicator_read, for the units p_units (NULL: every unit). STABLE: it
-- reads in its caller's snapshot.
CREATE FUNCTION indicator_read_rows(p_from text, p_to text, p_units text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    scalars text, children text, articles text, measures integer,
    approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp SET work_mem = '64MB' SET jit = off AS $$
BEGIN
    RETURN QUERY
    WITH cases AS (
        -- The cases of the range with more than one impact analysis naming children: only these
        -- can meet a child again.
        SELECT i.unit, substr(i.first_submitted, 1, 4) AS year, i.case_ref FROM indicator_analysis i
        WHERE i.first_submitted >= p_from AND i.first_submitted < p_to AND (p_units IS NULL OR i.unit = ANY (p_units))
          AND (i.author = session_user OR i.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
          AND i.checklist_id = 'barnkonsekvensanalys' AND i.status <> 'closed' AND i.aliases IS NOT NULL
        GROUP BY 1, 2, 3 HAVING count(*) > 1
    ), named AS (
        SELECT i.analysis_id AS id, i.first_submitted AS first_at, i.unit, i.case_ref, k.year, c.alias, i.outcome, c.household,
            CASE WHEN btrim(coalesce(i.decision_kind, '')) = '' THEN 'not_recorded' ELSE i.decision_kind END AS kind
        FROM cases k JOIN indicator_analysis i ON i.case_ref = k.case_ref AND i.unit = k.unit
        CROSS JOIN LATERAL unnest(i.aliases, i.households) AS c(alias, household)
        WHERE substr(i.first_submitted, 1, 4) = k.year AND i.first_submitted >= p_from AND i.first_submitted < p_to
          AND (i.author = session_user OR i.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
          AND i.checklist_id = 'barnkonsekvensanalys' AND i.status <> 'closed' AND c.alias IS NOT NULL
    ), seen AS (
        SELECT x.id, count(*) AS n FROM (
            SELECT m.id, first_value(m.id) OVER (PARTITION BY m.unit, m.year, m.case_ref, m.alias ORDER BY m.first_at, m.id) AS first_id
            FROM named m) x
        WHERE x.first_id <> x.id GROUP BY x.id
    ), granted_seen AS (
        SELECT x.id, count(*) AS n FROM (
            SELECT m.id, first_value(m.id) OVER (PARTITION BY m.unit, m.year, m.case_ref, m.kind, m.alias ORDER BY m.first_at, m.id) AS first_id
            FROM named m WHERE m.outcome IN ('granted', 'partly') AND m.household = 'yes') x
        WHERE x.first_id <> x.id GROUP BY x.id
    )
    SELECT b.checklist_id, b.unit, b.status, b.created_at, b.first_submitted, b.definition_hash,
        b.scalars, b.children, b.articles, b.measures,
        b.approved_at, b.returns::bigint, b.returned_items, b.overrides, b.outcome, b.analysis_id,
        coalesce(s.n, 0), b.feedback_noted, coalesce(g.n, 0)
    FROM indicator_analysis b LEFT JOIN seen s ON s.id = b.analysis_id LEFT JOIN granted_seen g ON g.id = b.analysis_id
    WHERE b.first_submitted >= p_from AND b.first_submitted < p_to AND (p_units IS NULL OR b.unit = ANY (p_units))
      AND (b.author = session_user OR b.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()));
END $$;

CREATE OR REPLACE FUNCTION indicator_read(p_from text, p_to text, p_unit text, p_detail text, p_items text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    scalars text, children text, articles text, measures integer,
    approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY SELECT * FROM indicator_read_rows(p_from, p_to, CASE WHEN p_unit IS NULL THEN NULL ELSE ARRAY[p_unit] END);
END $$;

-- The kept tallies of the years p_from..p_to of the units the reader may count (one row each,
-- the tally NULL when it must be counted again: changed, of another format, or in p_recount),
-- then the rows of those units' years to count it from, each with its unit's year. One statement.
CREATE FUNCTION indicator_tallies(p_from integer, p_to integer, p_unit text, p_detail text, p_format integer, p_recount text[])
RETURNS TABLE (tally_year integer, tally_unit text, tally_generation bigint, tally text,
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    scalars text, children text, articles text, measures integer,
    approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH pairs AS (
        SELECT t.year, t.unit, t.generation, t.tally,
            (t.tally IS NULL OR t.format IS DISTINCT FROM p_format OR t.unit = ANY (p_recount)) AS stale
        FROM indicator_tally t
        WHERE t.year BETWEEN p_from AND p_to AND (p_unit IS NULL OR t.unit = p_unit)
          AND (t.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
    ), counted AS (
        SELECT min(p.year) AS first_year, max(p.year) AS last_year, array_agg(DISTINCT p.unit) AS units
        FROM pairs p WHERE p.stale
    )
    SELECT p.year, p.unit, p.generation, CASE WHEN p.stale THEN NULL ELSE p.tally END,
        NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
        NULL::integer, NULL::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text,
        NULL::bigint, NULL::boolean, NULL::bigint
    FROM pairs p
    UNION ALL
    SELECT indicator_year(r.first_submitted), r.unit, NULL::bigint, NULL::text, r.*
    FROM counted c CROSS JOIN LATERAL indicator_read_rows(c.first_year || '-01-01', (c.last_year + 1) || '-01-01',
                                                          coalesce(c.units, '{}')) r;
END $$;

-- Keeps the tallies counted again whose unit's year has not changed since their rows were read.
CREATE FUNCTION indicator_tally_keep(p_years integer[], p_units text[], p_generations bigint[], p_format integer, p_tallies text[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    -- Locked in the order the triggers mark in.
    PERFORM 1 FROM indicator_tally t JOIN unnest(p_years, p_units, p_generations) AS k(year, unit, generation)
        ON t.year = k.year AND t.unit = k.unit AND t.generation = k.generation
    ORDER BY t.year, t.unit FOR UPDATE OF t;
    UPDATE indicator_tally t SET tally = k.tally, format = p_format, kept_by = session_user
    FROM unnest(p_years, p_units, p_generations, p_tallies) AS k(year, unit, generation, tally)
    WHERE t.year = k.year AND t.unit = k.unit AND t.generation = k.generation AND k.tally IS NOT NULL
      AND (t.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()));
END $$;

REVOKE EXECUTE ON FUNCTION indicator_year(text), indicator_tally_touch(integer[], text[]), indicator_tally_mark(),
    indicator_read_rows(text, text, text[]), indicator_tallies(integer, integer, text, text, integer, text[]),
    indicator_tally_keep(integer[], text[], bigint[], integer, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_tallies(integer, integer, text, text, integer, text[]),
    indicator_tally_keep(integer[], text[], bigint[], integer, text[]) TO barnkoll_staff;
"""#
}
