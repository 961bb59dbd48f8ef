// Migration 25 of the PostgreSQL store (issue 19): the indicators read one row per analysis, kept
// by the database, as SQLite's indicator_analysis (v10, v19). Migration 20's indicator_read made
// each year from every indicator_version row and analysis, joined to the first version, with the
// reviews and notes looked up per row: at 100,000 analyses 5.6 s a year (docs/benchmarks.md). Here
// a year is one range of the index on the time of first submission, with everything the year's
// records hold in the row: no join, no subplan per row. The children met again are worked out
// only for cases with more than one analysis in the range, as SQLite does.
//
// The rows are kept by triggers on version, review, note and analysis (a submit, a review, a note
// after the decision, a status change, a reassignment, an import: every way they change), and go
// with their analysis in a purge. The rows of the analyses already here are made by this migration
// in order of first submission. indicator_read keeps its signature and what it returns;
// visibility is decided in it as before. Never edited once shipped.
extension Migrations {
    static let m025 = #"""
-- What a year's records hold of one analysis, from its first and latest frozen versions, its
-- reviews and its notes. Read only to fill indicator_analysis.
CREATE VIEW indicator_analysis_source AS
SELECT a.id AS analysis_id, f.created_at AS first_submitted, a.checklist_id, a.unit, a.author, a.status, a.created_at,
    a.case_ref, l.definition_hash, l.counted, l.aliases, l.households, l.decision_kind,
    rv.approved_at, rv.returns,
    (SELECT string_agg(DISTINCT k, ' ') FROM unnest(rv.returned) k) AS returned_items,
    rv.overrides,
    -- A correction is a new note: the latest outcome counts.
    (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome' ORDER BY n.id DESC LIMIT 1) AS outcome,
    EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'feedback') AS feedback_noted
FROM analysis a
JOIN version f ON f.analysis_id = a.id AND f.number = 1
JOIN indicator_version l ON l.analysis_id = a.id AND l.number = a.versions
CROSS JOIN LATERAL (
    SELECT max(r.at) FILTER (WHERE r.decision = 'approve') AS approved_at,
           count(DISTINCT r.id) FILTER (WHERE r.decision = 'return')::integer AS returns,
           array_agg(k.k) FILTER (WHERE r.decision = 'return' AND k.k IS NOT NULL) AS returned,
           string_agg(DISTINCT r.rule, ' ') FILTER (WHERE r.decision = 'override') AS overrides
    FROM review r LEFT JOIN LATERAL json_object_keys(CASE WHEN r.decision = 'return' THEN r.item_comments::json END) k(k) ON true
    WHERE r.analysis_id = a.id) rv;
REVOKE ALL ON indicator_analysis_source FROM PUBLIC;

-- One row per analysis submitted at least once. Read only inside indicator_read, which decides
-- what each reader may count; the case reference and the aliases' digests never leave it.
-- fillfactor: a row brought up to date (a review, a note) stays on its page.
CREATE TABLE indicator_analysis (
    analysis_id text PRIMARY KEY REFERENCES analysis(id) ON DELETE CASCADE,
    first_submitted text NOT NULL,
    checklist_id text NOT NULL,
    unit text NOT NULL,
    author text NOT NULL,
    status text NOT NULL,
    created_at text NOT NULL,
    case_ref text NOT NULL,
    definition_hash text NOT NULL,
    counted text NOT NULL,
    aliases text[],
    households text[],
    decision_kind text,
    approved_at text,
    returns integer NOT NULL,
    returned_items text,
    overrides text,
    outcome text,
    feedback_noted boolean NOT NULL
) WITH (fillfactor = 85);
ALTER TABLE indicator_analysis ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON indicator_analysis FROM PUBLIC;
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON indicator_analysis FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The analyses already here, in order of first submission, so a year's rows lie together.
INSERT INTO indicator_analysis SELECT * FROM indicator_analysis_source ORDER BY first_submitted, analysis_id;
CREATE INDEX indicator_analysis_by_time ON indicator_analysis (first_submitted, analysis_id);
-- The impact analyses that name children, narrow, for the cases of a range; and a case's rows.
CREATE INDEX indicator_analysis_cases ON indicator_analysis (first_submitted) INCLUDE (unit, case_ref, author)
    WHERE checklist_id = 'barnkonsekvensanalys' AND status <> 'closed' AND aliases IS NOT NULL;
CREATE INDEX indicator_analysis_by_case ON indicator_analysis (case_ref, unit);
ANALYZE indicator_analysis;

-- One analysis's row made again from what it holds now; none while it has no frozen version.
CREATE FUNCTION indicator_analysis_refresh(p_id text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    INSERT INTO indicator_analysis AS t SELECT * FROM indicator_analysis_source s WHERE s.analysis_id = p_id
    ON CONFLICT (analysis_id) DO UPDATE SET
        first_submitted = excluded.first_submitted, checklist_id = excluded.checklist_id, unit = excluded.unit,
        author = excluded.author, status = excluded.status, created_at = excluded.created_at, case_ref = excluded.case_ref,
        definition_hash = excluded.definition_hash, counted = excluded.counted, aliases = excluded.aliases,
        households = excluded.households, decision_kind = excluded.decision_kind, approved_at = excluded.approved_at,
        returns = excluded.returns, returned_items = excluded.returned_items, overrides = excluded.overrides,
        outcome = excluded.outcome, feedback_noted = excluded.feedback_noted
$$;

CREATE FUNCTION indicator_analysis_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    -- Apart: PL/pgSQL checks a field of NEW in every branch of one expression.
    IF TG_TABLE_NAME = 'analysis' THEN
        PERFORM indicator_analysis_refresh(NEW.id);
    ELSE
        PERFORM indicator_analysis_refresh(NEW.analysis_id);
    END IF;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION indicator_analysis_keep(), indicator_analysis_refresh(text) FROM PUBLIC;

-- A frozen version (after indicator_version_add has made its row: triggers fire by name), a
-- review, a note the indicators count, and a change of what the row holds of the analysis. Saves
-- of answers change none of these and fire nothing.
CREATE TRIGGER indicator_version_then_analysis AFTER INSERT ON version
    FOR EACH ROW EXECUTE FUNCTION indicator_analysis_keep();
CREATE TRIGGER indicator_analysis_keep AFTER INSERT ON review
    FOR EACH ROW EXECUTE FUNCTION indicator_analysis_keep();
CREATE TRIGGER indicator_analysis_keep AFTER INSERT ON note
    FOR EACH ROW WHEN (NEW.kind IN ('outcome', 'feedback')) EXECUTE FUNCTION indicator_analysis_keep();
CREATE TRIGGER indicator_analysis_keep AFTER UPDATE ON analysis
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.versions IS DISTINCT FROM NEW.versions
        OR OLD.unit IS DISTINCT FROM NEW.unit OR OLD.author IS DISTINCT FROM NEW.author
        OR OLD.case_ref IS DISTINCT FROM NEW.case_ref OR OLD.checklist_id IS DISTINCT FROM NEW.checklist_id
        OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION indicator_analysis_keep();

-- The indicators' one statement, reading one range of indicator_analysis.
CREATE OR REPLACE FUNCTION indicator_read(p_from text, p_to text, p_unit text, p_detail text, p_items text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    answers text, approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp SET work_mem = '64MB' SET jit = off AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH cases AS (
        -- The cases of the range with more than one impact analysis naming children: only these
        -- can meet a child again (read from the narrow index below, as SQLite asks its cases).
        SELECT i.unit, substr(i.first_submitted, 1, 4) AS year, i.case_ref FROM indicator_analysis i
        WHERE i.first_submitted >= p_from AND i.first_submitted < p_to AND (p_unit IS NULL OR i.unit = p_unit)
          AND (i.author = session_user OR i.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
          AND i.checklist_id = 'barnkonsekvensanalys' AND i.status <> 'closed' AND i.aliases IS NOT NULL
        GROUP BY 1, 2, 3 HAVING count(*) > 1
    ), named AS (
        -- Each child of those cases by its alias's digest, with whether the child lives in the
        -- household and the decision's kind, for children granted help.
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
    SELECT b.checklist_id, b.unit, b.status, b.created_at, b.first_submitted, b.definition_hash, b.counted,
        b.approved_at, b.returns::bigint, b.returned_items, b.overrides, b.outcome, b.analysis_id,
        coalesce(s.n, 0), b.feedback_noted, coalesce(g.n, 0)
    FROM indicator_analysis b LEFT JOIN seen s ON s.id = b.analysis_id LEFT JOIN granted_seen g ON g.id = b.analysis_id
    WHERE b.first_submitted >= p_from AND b.first_submitted < p_to AND (p_unit IS NULL OR b.unit = p_unit)
      AND (b.author = session_user OR b.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()));
    -- In no order: the client relies on none (as SQLite's read), and sorting a year's wide rows
    -- spilled to disk at 100,000 analyses.
END $$;
"""#
}
