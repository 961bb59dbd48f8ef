// Migration 13 of the PostgreSQL store: answers are written by the analysis's author alone, as
// Core's `Permissions.requireEdit` decides; a colleague who sees a draft reads it, and a
// supervisor hands it over when someone else is to write. Never edited once shipped.
extension Migrations {
    static let m013 = #"""
CREATE OR REPLACE FUNCTION save_answer(p_id text, p_item text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') writes in ' || p_id, 'BK401');
    END IF;
    IF p_value IS NULL THEN
        DELETE FROM answer WHERE analysis_id = p_id AND item_id = p_item;
    ELSE
        INSERT INTO answer VALUES (p_id, p_item, p_value, p_search, now_at, session_user)
        ON CONFLICT (analysis_id, item_id) DO UPDATE
        SET value = excluded.value, search_text = excluded.search_text, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by;
    END IF;
    -- Lists show when an analysis was last worked on, to the minute.
    UPDATE analysis SET updated_at = now_at WHERE id = p_id AND updated_at < to_char(
        (clock_timestamp() - interval '60 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    PERFORM audit_append('answer.save', p_id, p_item, 'answer' || E'\n' || p_item || E'\n' || coalesce(p_value, ''));
END $$;
"""#
}
