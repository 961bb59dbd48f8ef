// Migration 20 of the PostgreSQL store (issue 19): the indicators read what each frozen version
// counts, kept when the version is made, instead of parsing every version's whole answers on each
// read (Migration 17's indicator_read spent its time there: docs/benchmarks.md).
//
// indicator_version holds, per version, the answers the indicators may count (choices, dates,
// numbers whole; of a free text only that it was written; of each child only what is counted of
// a child and the alias as a digest), derived in the database from the version's own answers by a
// trigger on version: a submit, an import and anything else that makes a version fill it alike,
// and nothing the client says is taken as counted. The rows of the versions already here are made
// by this migration in one statement. indicator_read keeps its signature and what it returns;
// visibility is decided in it as before. Never edited once shipped.
extension Migrations {
    static let m020 = #"""
-- An answer's string as the indicators keep it: a word (a choice, a date, a kind of decision:
-- no blank inside, at most 64 characters) whole; a free text only as "answered" when anything
-- is written, as it was when blank. Inlined where it is called (no SET clause).
CREATE FUNCTION indicator_scalar(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(v) <> 'string' THEN v
                WHEN char_length(v #>> '{}') <= 64 AND (v #>> '{}') !~ '\s' THEN v
                WHEN pg_catalog.btrim(v #>> '{}', E' \t\n\r\u000b\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000') = '' THEN v
                ELSE '"answered"'::jsonb END
$$;

-- What the indicators count of one version's answers, as SQLite's indicator rows keep it: every
-- scalar answer as indicator_scalar, a choice of several whole; of each child only what is
-- counted of a child (CountedAnswers.Child.storedFields, never the alias), of each other article
-- only its article, of the compensatory measures only how many; no other group.
CREATE FUNCTION indicator_counted(p_answers jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = barnkoll, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(e.key, CASE
        WHEN jsonb_typeof(e.value) <> 'array' THEN indicator_scalar(e.value)
        WHEN e.key = 'children' THEN
            (SELECT coalesce(jsonb_agg((SELECT coalesce(jsonb_object_agg(f.key, indicator_scalar(f.value)), '{}'::jsonb)
                     FROM jsonb_each(CASE WHEN jsonb_typeof(x.v) = 'object' THEN x.v ELSE '{}'::jsonb END) f
                     WHERE f.key IN ('age', 'effect', 'heard', 'informed', 'not_heard_reason', 'differs_from_view',
                                     'differs_reasons', 'lives_in_household', 'views_own_words', 'position_otherwise'))
                 ORDER BY x.n), '[]'::jsonb)
             FROM jsonb_array_elements(e.value) WITH ORDINALITY AS x(v, n))
        WHEN e.key = 'other_articles' THEN
            (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x.v) = 'object' AND x.v ? 'article'
                                            THEN jsonb_build_object('article', x.v -> 'article') ELSE '{}'::jsonb END ORDER BY x.n), '[]'::jsonb)
             FROM jsonb_array_elements(e.value) WITH ORDINALITY AS x(v, n))
        WHEN e.key = 'compensatory_measures' THEN
            (SELECT coalesce(jsonb_agg('{}'::jsonb), '[]'::jsonb) FROM jsonb_array_elements(e.value))
        ELSE e.value END), '{}'::jsonb)
    FROM jsonb_each(p_answers) e
    WHERE jsonb_typeof(e.value) <> 'array' OR e.key IN ('children', 'other_articles', 'compensatory_measures')
       OR NOT jsonb_path_exists(e.value, '$[*] ? (@.type() == "object")')
$$;

-- Of each child, in order: the alias as the indicators tell children apart (trimmed, in lower
-- case) as a digest, only equal or not being asked of it (NULL for a child without one); and
-- whether the child lives in the household.
CREATE FUNCTION indicator_aliases(p_answers jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = barnkoll, pg_temp AS $$
    SELECT array_agg(CASE WHEN lower(btrim(c.value ->> 'alias', E' \t\n\r')) <> ''
                          THEN md5(lower(btrim(c.value ->> 'alias', E' \t\n\r'))) END ORDER BY c.n)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_answers -> 'children') = 'array'
                                   THEN p_answers -> 'children' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, n)
$$;

CREATE FUNCTION indicator_households(p_answers jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = barnkoll, pg_temp AS $$
    SELECT array_agg(c.value ->> 'lives_in_household' ORDER BY c.n)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_answers -> 'children') = 'array'
                                   THEN p_answers -> 'children' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, n)
$$;

-- What the indicators count of each frozen version, derived by the database from the version's
-- own answers when the version is inserted (a submit, an import: every way one is made) and never
-- changed after; deleted with its version in a purge. `counted`: indicator_counted as JSON text,
-- sent as it is; `decision_kind`: the answer as given, for children granted help counted once per
-- kind. Read only inside indicator_read, which decides what each reader may count.
CREATE TABLE indicator_version (
    analysis_id text NOT NULL,
    number integer NOT NULL,
    definition_hash text NOT NULL,
    counted text NOT NULL,
    aliases text[],
    households text[],
    decision_kind text,
    PRIMARY KEY (analysis_id, number),
    FOREIGN KEY (analysis_id, number) REFERENCES version (analysis_id, number) ON DELETE CASCADE
);
ALTER TABLE indicator_version ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON indicator_version FROM PUBLIC;
CREATE TRIGGER indicator_version_never_changes BEFORE UPDATE OR DELETE ON indicator_version
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON indicator_version FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE FUNCTION indicator_version_add() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    answers jsonb := NEW.answers::jsonb;
BEGIN
    INSERT INTO indicator_version VALUES (NEW.analysis_id, NEW.number, NEW.definition_hash, indicator_counted(answers)::text,
        indicator_aliases(answers), indicator_households(answers), answers ->> 'decision_kind');
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_version_add AFTER INSERT ON version FOR EACH ROW EXECUTE FUNCTION indicator_version_add();

-- The versions already here, in one statement, each parsed once.
INSERT INTO indicator_version
SELECT v.analysis_id, v.number, v.definition_hash, indicator_counted(x.answers)::text, indicator_aliases(x.answers),
       indicator_households(x.answers), x.answers ->> 'decision_kind'
FROM version v CROSS JOIN LATERAL (SELECT v.answers::jsonb AS answers) x;
ANALYZE indicator_version;

-- The indicators' one statement of Migration 17, reading indicator_version: no version's answers
-- are parsed. p_items is no longer read: each row already holds only what may be counted.
CREATE OR REPLACE FUNCTION indicator_read(p_from text, p_to text, p_unit text, p_detail text, p_items text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    answers text, approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp SET work_mem = '64MB' AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH base AS MATERIALIZED (
        SELECT a.id, a.checklist_id, a.unit, a.status, a.created_at, a.case_ref, f.created_at AS first_at,
            l.definition_hash, l.counted, l.aliases, l.households, l.decision_kind,
            -- A correction is a new note: the latest outcome counts.
            (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome' ORDER BY n.id DESC LIMIT 1) AS outcome
        FROM analysis a
        JOIN version f ON f.analysis_id = a.id AND f.number = 1
        JOIN indicator_version l ON l.analysis_id = a.id AND l.number = a.versions
        WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
          AND (a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
    ), named AS (
        -- Each child by its alias's digest, with whether the child lives in the household and
        -- the decision's kind, for children granted help.
        SELECT b.id, b.first_at, b.unit, b.case_ref, substr(b.first_at, 1, 4) AS year, c.alias, b.outcome,
            c.household,
            CASE WHEN btrim(coalesce(b.decision_kind, '')) = '' THEN 'not_recorded'
                 ELSE b.decision_kind END AS kind
        FROM base b CROSS JOIN LATERAL unnest(b.aliases, b.households) AS c(alias, household)
        WHERE b.checklist_id = 'barnkonsekvensanalys' AND b.status <> 'closed' AND c.alias IS NOT NULL
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
    SELECT b.checklist_id, b.unit, b.status, b.created_at, b.first_at, b.definition_hash,
        b.counted,
        rv.approved_at, rv.returns,
        (SELECT string_agg(DISTINCT k, ' ') FROM unnest(rv.returned) k),
        rv.overrides,
        b.outcome, b.id, coalesce(s.n, 0), EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = b.id AND n.kind = 'feedback'),
        coalesce(g.n, 0)
    FROM base b LEFT JOIN seen s ON s.id = b.id LEFT JOIN granted_seen g ON g.id = b.id
    -- The analysis's reviews in one pass.
    CROSS JOIN LATERAL (
        SELECT max(r.at) FILTER (WHERE r.decision = 'approve') AS approved_at,
               count(DISTINCT r.id) FILTER (WHERE r.decision = 'return') AS returns,
               array_agg(k.k) FILTER (WHERE r.decision = 'return' AND k.k IS NOT NULL) AS returned,
               string_agg(DISTINCT r.rule, ' ') FILTER (WHERE r.decision = 'override') AS overrides
        FROM review r LEFT JOIN LATERAL json_object_keys(CASE WHEN r.decision = 'return' THEN r.item_comments::json END) k(k) ON true
        WHERE r.analysis_id = b.id) rv
    ORDER BY b.first_at, b.id;
END $$;

REVOKE EXECUTE ON FUNCTION indicator_version_add() FROM PUBLIC;
"""#
}
