// Migration 10 of the PostgreSQL store (issue 22): which analyses of a year have a note after the
// decision saying the child was given feedback, so feedback is counted per child from notes as
// SQLite's read does (`indicator_feedback_noted`); and a child living with a parent granted help
// twice of one kind in one case counts once (`indicator_granted_children_seen`, as Core's
// ChildKey and SQLite's read tell children apart). Only ids and counts leave. Never edited once shipped.
extension Migrations {
    static let m010 = #"""
CREATE FUNCTION indicator_feedback_noted(p_from text, p_to text, p_unit text) RETURNS TABLE (analysis_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    RETURN QUERY
    SELECT a.id FROM analysis a
    JOIN version f ON f.analysis_id = a.id AND f.number = 1
    WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
      AND visible(a.unit, a.author)
      AND EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'feedback');
END $$;

-- For each impact analysis of [p_from, p_to) granted wholly or partly (the latest outcome note),
-- how many of its children living in the household an earlier such analysis of the same case,
-- unit, year and kind of decision already named.
CREATE FUNCTION indicator_granted_children_seen(p_from text, p_to text, p_unit text) RETURNS TABLE (analysis_id text, seen bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    RETURN QUERY
    WITH decided AS (
        SELECT a.id, f.created_at AS first_at, a.unit, a.case_ref, substr(f.created_at, 1, 4) AS year,
            CASE WHEN btrim(coalesce(l.answers::json ->> 'decision_kind', '')) = '' THEN 'not_recorded'
                 ELSE l.answers::json ->> 'decision_kind' END AS kind,
            l.answers::json AS answers
        FROM analysis a
        JOIN version f ON f.analysis_id = a.id AND f.number = 1
        JOIN version l ON l.analysis_id = a.id AND l.number = a.versions
        WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
          AND a.checklist_id = 'barnkonsekvensanalys' AND a.status <> 'closed' AND visible(a.unit, a.author)
          AND (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome'
                 ORDER BY n.id DESC LIMIT 1) IN ('granted', 'partly')
    ), named AS (
        SELECT d.id, d.first_at, d.unit, d.case_ref, d.year, d.kind,
            lower(btrim(c.value ->> 'alias', E' \t\n\r')) AS alias
        FROM decided d
        CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(d.answers -> 'children') = 'array'
                                                    THEN d.answers -> 'children' ELSE '[]'::json END) c
        WHERE c.value ->> 'lives_in_household' = 'yes'
    ), firsts AS (
        SELECT n.id,
            first_value(n.id) OVER (PARTITION BY n.unit, n.year, n.case_ref, n.kind, n.alias ORDER BY n.first_at, n.id) AS first_id
        FROM named n WHERE n.alias IS NOT NULL AND n.alias <> ''
    )
    SELECT x.id, count(*) FROM firsts x WHERE x.first_id <> x.id GROUP BY x.id;
END $$;

REVOKE EXECUTE ON FUNCTION indicator_feedback_noted(text, text, text),
    indicator_granted_children_seen(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_feedback_noted(text, text, text),
    indicator_granted_children_seen(text, text, text) TO barnkoll_staff;
"""#
}
