// Migration 2 of the PostgreSQL store: a concern with no report made joins the follow-up lists
// (the SQLite store's v14). Never edited once shipped.
extension Migrations {
    static let m002 = #"""
DROP FUNCTION analysis_summaries();
-- As in migration 1, with one more open date: the day the supervisor was told of a concern with
-- no report made, while no report's date is recorded.
CREATE FUNCTION analysis_summaries() RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, hard_stop text, retention_exempt text,
    feedback_due text, follow_up_due text, report_due text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
           a.created_at, a.updated_at, a.hard_stop, a.retention_exempt,
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'feedback_planned_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'feedback_done_date')),
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'follow_up_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'follow_up_done_date')),
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'supervisor_told_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'report_date'))
    FROM analysis a WHERE visible(a.unit, a.author)
$$;
REVOKE EXECUTE ON FUNCTION analysis_summaries() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analysis_summaries() TO barnkoll_staff;
"""#
}
