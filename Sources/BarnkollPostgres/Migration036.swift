// Migration 36 of the PostgreSQL store: `verify` counts the kept indicator tallies again.
//
// A statistics reader keeps the tallies it counts (`indicator_tally_keep`, Migration 32): the
// database cannot count them itself (a tally is Core's), so a reader could keep a wrong one, and
// it would stand in the yearly indicators until its unit's year changes; a past year's never
// does. `indicator_tally_check` hands `verify` every kept tally of the format asked for, with who
// kept it, and the rows of those units' years to count them again from, in one statement and so
// one snapshot, in the shape of `indicator_tallies`. Admins and auditors may call it, as they may
// the chain's rows, but only an admin's call returns anything: the rows are what a statistics read
// hands over (no free text, no alias), an auditor checks the chain and not the figures, and the
// rows are read as the caller may see them. An admin's call that hands over rows is logged as a
// statistics read.
// Never edited once shipped.
extension Migrations {
    static let m036 = #"""
CREATE FUNCTION indicator_tally_check(p_format integer, p_detail text)
RETURNS TABLE (tally_year integer, tally_unit text, kept_by text, tally text,
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    scalars text, children text, articles text, measures integer,
    approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT (has_role('admin') OR pg_has_role(session_user, 'barnkoll_auditor', 'MEMBER')) THEN
        PERFORM fail('only an admin or an auditor verifies the store', 'BK401');
    END IF;
    IF NOT has_role('admin') OR NOT EXISTS (SELECT 1 FROM indicator_tally t WHERE t.format = p_format AND t.tally IS NOT NULL) THEN
        RETURN;
    END IF;
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH kept AS (
        SELECT t.year, t.unit, t.kept_by, t.tally FROM indicator_tally t
        WHERE t.format = p_format AND t.tally IS NOT NULL
    ), span AS (
        SELECT min(k.year) AS first_year, max(k.year) AS last_year, array_agg(DISTINCT k.unit) AS units FROM kept k
    )
    SELECT k.year, k.unit, k.kept_by, k.tally,
        NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
        NULL::integer, NULL::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text,
        NULL::bigint, NULL::boolean, NULL::bigint
    FROM kept k
    UNION ALL
    SELECT indicator_year(r.first_submitted), r.unit, NULL::text, NULL::text, r.*
    FROM span s CROSS JOIN LATERAL indicator_read_rows(s.first_year || '-01-01', (s.last_year + 1) || '-01-01', s.units) r
    WHERE s.units IS NOT NULL;
END $$;

REVOKE EXECUTE ON FUNCTION indicator_tally_check(integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_tally_check(integer, text) TO barnkoll_staff, barnkoll_auditor;
"""#
}
