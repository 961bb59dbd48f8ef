// Migration 12 of the PostgreSQL store (issue 25): a save checks that the stored answer is still
// the one the saver loaded, so two terminals on one analysis never overwrite each other silently.
// Core compares; the database hands it the stored answers of the items being saved, inside the
// save's transaction and only of an analysis the caller may see. Never edited once shipped.
extension Migrations {
    static let m012 = #"""
CREATE FUNCTION stored_answers(p_id text, p_items text[]) RETURNS TABLE (item_id text, value text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM locked(p_id);
    RETURN QUERY SELECT a.item_id, a.value FROM answer a WHERE a.analysis_id = p_id AND a.item_id = ANY (p_items);
END $$;
REVOKE EXECUTE ON FUNCTION stored_answers(text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stored_answers(text, text[]) TO barnkoll_staff;
"""#
}
