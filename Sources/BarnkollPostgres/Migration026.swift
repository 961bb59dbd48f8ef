// Migration 26 of the PostgreSQL store (issue 19): indicator_analysis's rows carry the lean text
// SQLite's rows carry (CountedText in Core: only the items the indicators and the definition's
// hard stops read, ␟/␞-separated), not JSON of every scalar answer. At 100,000 analyses about 1 s
// of a 2.5 s read of two years was handing over that JSON (2.0 KB a row, docs/benchmarks.md).
//
// Which items a definition keeps is Core's rule (CountedText.items), and only the client parses a
// definition: the client registers each definition's lists in indicator_items (when it creates an
// analysis, after an import, and in this migration's step for the definitions already here). The
// database derives the text from indicator_version.counted (Migration 20: already without free
// text, aliases or names) and never trusts the lists for privacy: a kept free text is still only
// "answered" or one short word, as in Migration 20, and no list but conflicts is kept. A row of a
// definition not registered keeps every scalar item: more bytes, the same figures.
//
// indicator_analysis is made again (it is derived: the rows are made in the migration's step, in
// order of first submission, after the lists are in). Never edited once shipped.
extension Migrations {
    static let m026 = #"""
-- Each definition's kept and counted items, registered once by the client from Core's rule;
-- never changed after (a definition's source never changes).
CREATE TABLE indicator_items (
    definition_hash text PRIMARY KEY REFERENCES checklist_definition (hash),
    kept text[] NOT NULL,
    counted text[] NOT NULL
);
ALTER TABLE indicator_items ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON indicator_items FROM PUBLIC;
CREATE TRIGGER indicator_items_never_change BEFORE UPDATE OR DELETE ON indicator_items
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON indicator_items FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- One version's counted JSON (Migration 20) as the lean text: the kept scalars (all of them when
-- p_kept is NULL: a definition not registered), a counted free text as "answered" unless blank,
-- whole numbers, conflicts' list; each child's stored fields (CountedAnswers.Child.storedFields,
-- the written ones only as "answered" or empty); each other article; how many measures.
CREATE FUNCTION indicator_lean(p_counted text, p_kept text[], p_free text[],
    OUT scalars text, OUT children text, OUT articles text, OUT measures integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = barnkoll, pg_temp AS $$
    SELECT
      (SELECT string_agg(e.key || E'\x1f' || CASE jsonb_typeof(e.value) WHEN 'string' THEN 'text' WHEN 'array' THEN 'array' ELSE 'integer' END
                || E'\x1f' || CASE WHEN jsonb_typeof(e.value) = 'array'
                                   -- A list as the client wrote it, without jsonb's blank after each comma.
                                   THEN '[' || coalesce((SELECT string_agg(y.v::text, ',' ORDER BY y.n)
                                                         FROM jsonb_array_elements(e.value) WITH ORDINALITY AS y(v, n)), '') || ']'
                                   WHEN jsonb_typeof(e.value) <> 'string' THEN e.value::text
                                   WHEN e.key = ANY (p_free) AND btrim(e.value #>> '{}') <> '' THEN 'answered'
                                   ELSE translate(e.value #>> '{}', E'\x1e\x1f', '') END, E'\x1e')
       FROM jsonb_each(x.c) e
       WHERE (p_kept IS NULL OR e.key = ANY (p_kept))
         AND (jsonb_typeof(e.value) = 'string' OR (jsonb_typeof(e.value) = 'number' AND e.value::text ~ '^-?[0-9]+$')
              OR (jsonb_typeof(e.value) = 'array' AND e.key = 'conflicts'))),
      (SELECT string_agg(
                (SELECT string_agg(CASE WHEN f.name IN ('differs_reasons', 'views_own_words', 'position_otherwise')
                                        THEN CASE WHEN btrim(coalesce(ch.v ->> f.name, '')) = '' THEN '' ELSE 'answered' END
                                        ELSE translate(coalesce(ch.v ->> f.name, ''), E'\x1e\x1f', '') END, E'\x1f' ORDER BY f.n)
                 FROM unnest(ARRAY['age', 'effect', 'heard', 'informed', 'not_heard_reason', 'differs_from_view',
                                   'differs_reasons', 'lives_in_household', 'views_own_words', 'position_otherwise'])
                      WITH ORDINALITY AS f(name, n)), E'\x1e' ORDER BY ch.n)
       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.c -> 'children') = 'array' THEN x.c -> 'children' ELSE '[]' END)
            WITH ORDINALITY AS ch(v, n)),
      (SELECT string_agg(translate(a.v ->> 'article', E'\x1e\x1f', ''), E'\x1f' ORDER BY a.n)
       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.c -> 'other_articles') = 'array' THEN x.c -> 'other_articles' ELSE '[]' END)
            WITH ORDINALITY AS a(v, n)
       WHERE jsonb_typeof(a.v -> 'article') = 'string'),
      CASE WHEN jsonb_typeof(x.c -> 'compensatory_measures') = 'array' THEN jsonb_array_length(x.c -> 'compensatory_measures') END
    FROM (SELECT p_counted::jsonb AS c) x
$$;

-- The rows are made again in the new shape: the table is derived.
DROP TABLE indicator_analysis;
DROP VIEW indicator_analysis_source;

CREATE VIEW indicator_analysis_source AS
SELECT a.id AS analysis_id, f.created_at AS first_submitted, a.checklist_id, a.unit, a.author, a.status, a.created_at,
    a.case_ref, l.definition_hash, t.scalars, t.children, t.articles, t.measures, l.aliases, l.households, l.decision_kind,
    rv.approved_at, rv.returns,
    (SELECT string_agg(DISTINCT k, ' ') FROM unnest(rv.returned) k) AS returned_items,
    rv.overrides,
    -- A correction is a new note: the latest outcome counts.
    (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome' ORDER BY n.id DESC LIMIT 1) AS outcome,
    EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'feedback') AS feedback_noted
FROM analysis a
JOIN version f ON f.analysis_id = a.id AND f.number = 1
JOIN indicator_version l ON l.analysis_id = a.id AND l.number = a.versions
LEFT JOIN indicator_items d ON d.definition_hash = l.definition_hash
CROSS JOIN LATERAL indicator_lean(l.counted, d.kept, d.counted) t
CROSS JOIN LATERAL (
    SELECT max(r.at) FILTER (WHERE r.decision = 'approve') AS approved_at,
           count(DISTINCT r.id) FILTER (WHERE r.decision = 'return')::integer AS returns,
           array_agg(k.k) FILTER (WHERE r.decision = 'return' AND k.k IS NOT NULL) AS returned,
           string_agg(DISTINCT r.rule, ' ') FILTER (WHERE r.decision = 'override') AS overrides
    FROM review r LEFT JOIN LATERAL json_object_keys(CASE WHEN r.decision = 'return' THEN r.item_comments::json END) k(k) ON true
    WHERE r.analysis_id = a.id) rv;
REVOKE ALL ON indicator_analysis_source FROM PUBLIC;

-- As Migration 25's, the counted JSON replaced by the lean columns. Filled by the migration's step.
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
    scalars text,
    children text,
    articles text,
    measures integer,
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

CREATE OR REPLACE FUNCTION indicator_analysis_refresh(p_id text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    INSERT INTO indicator_analysis AS t SELECT * FROM indicator_analysis_source s WHERE s.analysis_id = p_id
    ON CONFLICT (analysis_id) DO UPDATE SET
        first_submitted = excluded.first_submitted, checklist_id = excluded.checklist_id, unit = excluded.unit,
        author = excluded.author, status = excluded.status, created_at = excluded.created_at, case_ref = excluded.case_ref,
        definition_hash = excluded.definition_hash, scalars = excluded.scalars, children = excluded.children,
        articles = excluded.articles, measures = excluded.measures, aliases = excluded.aliases,
        households = excluded.households, decision_kind = excluded.decision_kind, approved_at = excluded.approved_at,
        returns = excluded.returns, returned_items = excluded.returned_items, overrides = excluded.overrides,
        outcome = excluded.outcome, feedback_noted = excluded.feedback_noted
$$;

-- Every row made, in order of first submission (the migration's step, after the lists are in).
CREATE FUNCTION indicator_analysis_fill() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    INSERT INTO indicator_analysis SELECT * FROM indicator_analysis_source ORDER BY first_submitted, analysis_id
    ON CONFLICT (analysis_id) DO NOTHING;
    ANALYZE indicator_analysis;
$$;

CREATE INDEX indicator_analysis_by_time ON indicator_analysis (first_submitted, analysis_id);
CREATE INDEX indicator_analysis_cases ON indicator_analysis (first_submitted) INCLUDE (unit, case_ref, author)
    WHERE checklist_id = 'barnkonsekvensanalys' AND status <> 'closed' AND aliases IS NOT NULL;
CREATE INDEX indicator_analysis_by_case ON indicator_analysis (case_ref, unit);

-- A definition's lists, by its source (hashed as create_analysis hashes it), registered once;
-- the rows already made of it are made again. Any staff member's client registers; the lists
-- decide only which counted items a row keeps, never that a free text is kept.
CREATE FUNCTION indicator_items_register(p_source text, p_kept text[], p_counted text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
DECLARE
    definition text := encode(sha256(convert_to(p_source, 'UTF8')), 'hex');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM checklist_definition WHERE hash = definition) THEN RETURN; END IF;
    INSERT INTO indicator_items VALUES (definition, p_kept, p_counted) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM indicator_analysis_refresh(i.analysis_id) FROM indicator_analysis i WHERE i.definition_hash = definition;
    END IF;
END $$;

-- The definitions without lists, with their sources, for the client to register.
CREATE FUNCTION indicator_items_missing() RETURNS TABLE (hash text, source text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    SELECT d.hash, d.source FROM checklist_definition d
    WHERE NOT EXISTS (SELECT 1 FROM indicator_items i WHERE i.definition_hash = d.hash) ORDER BY d.hash
$$;

-- The indicators' one statement, as Migration 25's, returning the lean columns for the JSON.
DROP FUNCTION indicator_read(text, text, text, text, text[]);
CREATE FUNCTION indicator_read(p_from text, p_to text, p_unit text, p_detail text, p_items text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    scalars text, children text, articles text, measures integer,
    approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp SET work_mem = '64MB' SET jit = off AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH cases AS (
        -- The cases of the range with more than one impact analysis naming children: only these
        -- can meet a child again.
        SELECT i.unit, substr(i.first_submitted, 1, 4) AS year, i.case_ref FROM indicator_analysis i
        WHERE i.first_submitted >= p_from AND i.first_submitted < p_to AND (p_unit IS NULL OR i.unit = p_unit)
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
    WHERE b.first_submitted >= p_from AND b.first_submitted < p_to AND (p_unit IS NULL OR b.unit = p_unit)
      AND (b.author = session_user OR b.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()));
END $$;

REVOKE EXECUTE ON FUNCTION indicator_read(text, text, text, text, text[]), indicator_items_register(text, text[], text[]),
    indicator_items_missing(), indicator_analysis_fill(), indicator_lean(text, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_read(text, text, text, text, text[]), indicator_items_register(text, text[], text[]),
    indicator_items_missing() TO barnkoll_staff;
"""#
}
