// Migration 9 of the PostgreSQL store (issue 22): the indicators count each decision's outcome,
// from the latest note of kind `outcome` after it, as SQLite's read does (`indicator_rows` gives
// one column more, so it is dropped and made again, with its grant); and a child met in two
// decisions of one case counts once, worked out in the database so that no alias leaves it
// (`indicator_children_seen`). Never edited once shipped.
// (Migration 8 is the lead's, made in parallel.)
extension Migrations {
    static let m009 = #"""
DROP FUNCTION indicator_rows(text, text, text, text);

-- Who may read statistics, and from which store: asked by both functions below.
CREATE FUNCTION require_statistics_reader() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF store_kind() IS DISTINCT FROM 'real' THEN
        PERFORM fail('statistics are read from the real store only; training records are never counted', 'BK401');
    END IF;
    IF NOT (has_role('admin') OR EXISTS (SELECT 1 FROM role WHERE account = session_user AND role = 'supervisor')) THEN
        PERFORM fail('only a supervisor or an admin can read statistics', 'BK401');
    END IF;
END $$;

-- What the yearly indicators count: supervisors and admins, the analyses they may see, first
-- submitted in [p_from, p_to); one read logged.
CREATE FUNCTION indicator_rows(p_from text, p_to text, p_unit text, p_detail text) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    answers text, approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    SELECT a.checklist_id, a.unit, a.status, a.created_at, f.created_at, l.definition_hash, l.answers,
        (SELECT max(r.at) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'approve'),
        (SELECT count(*) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT k, ' ') FROM review r, json_object_keys(r.item_comments::json) k
            WHERE r.analysis_id = a.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT r.rule, ' ') FROM review r WHERE r.analysis_id = a.id AND r.decision = 'override'),
        -- A correction is a new note: the latest outcome counts.
        (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome' ORDER BY n.id DESC LIMIT 1),
        a.id
    FROM analysis a
    JOIN version f ON f.analysis_id = a.id AND f.number = 1
    JOIN version l ON l.analysis_id = a.id AND l.number = a.versions
    WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
      AND visible(a.unit, a.author);
END $$;

-- For each impact analysis of [p_from, p_to), how many of its children an earlier one of the same
-- case, unit and year already named (Core's ChildKey: the case reference and the alias, trimmed,
-- in lower case; a child without an alias is a child of its own). Only ids and counts leave.
CREATE FUNCTION indicator_children_seen(p_from text, p_to text, p_unit text) RETURNS TABLE (analysis_id text, seen bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    RETURN QUERY
    WITH named AS (
        SELECT a.id, f.created_at AS first_at, a.unit, a.case_ref, substr(f.created_at, 1, 4) AS year,
            lower(btrim(c.value ->> 'alias', E' \t\n\r')) AS alias
        FROM analysis a
        JOIN version f ON f.analysis_id = a.id AND f.number = 1
        JOIN version l ON l.analysis_id = a.id AND l.number = a.versions
        CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(l.answers::json -> 'children') = 'array'
                                                    THEN l.answers::json -> 'children' ELSE '[]'::json END) c
        WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
          AND a.checklist_id = 'barnkonsekvensanalys' AND a.status <> 'closed' AND visible(a.unit, a.author)
    ), firsts AS (
        SELECT n.id, n.alias,
            first_value(n.id) OVER (PARTITION BY n.unit, n.year, n.case_ref, n.alias ORDER BY n.first_at, n.id) AS first_id
        FROM named n WHERE n.alias IS NOT NULL AND n.alias <> ''
    )
    SELECT x.id, count(*) FROM firsts x WHERE x.first_id <> x.id GROUP BY x.id;
END $$;

REVOKE EXECUTE ON FUNCTION require_statistics_reader(), indicator_rows(text, text, text, text),
    indicator_children_seen(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_rows(text, text, text, text), indicator_children_seen(text, text, text) TO barnkoll_staff;
"""#
}
