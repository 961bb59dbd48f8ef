// Migration 10 of the PostgreSQL store (issue 22): which analyses of a year have a note after the
// decision saying the child was given feedback, so feedback is counted per child from notes as
// SQLite's read does (`indicator_feedback_noted`). Only ids leave. Never edited once shipped.
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

REVOKE EXECUTE ON FUNCTION indicator_feedback_noted(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_feedback_noted(text, text, text) TO barnkoll_staff;
"""#
}
