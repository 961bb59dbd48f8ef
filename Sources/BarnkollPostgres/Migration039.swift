// Migration 39 of the PostgreSQL store: an analysis's case reference follows its answer.
//
// The case reference given when an analysis is made also answers the checklist's `case_ref` (a
// group analysis's `diary_number`). Corrected in the worksheet, the answer changed and the
// analysis kept the first one: the lists, the search by case and the case file's heading told
// another case than its own answer. Now a save that gives one of those items a text other than
// the analysis's case reference files the analysis under it and records its filing on the chain
// (`file_analysis`, Migration 3), as Core decides for SQLite (`Casework.newCaseReference`: the
// text trimmed of the blanks Foundation's `whitespaces` holds; blank or cleared, it stays).
// Otherwise Migration 34's body; `plan_cache_mode` stated again (Migration 35).
// Never edited once shipped.
extension Migrations {
    static let m039 = #"""
CREATE OR REPLACE FUNCTION save_answer(p_id text, p_item text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
    new_ref text;
BEGIN
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') writes in ' || p_id, 'BK401');
    END IF;
    IF p_value IS NULL THEN
        DELETE FROM answer WHERE analysis_id = p_id AND item_id = p_item;
    ELSE
        UPDATE answer SET value = p_value, search_text = p_search, updated_at = now_at, updated_by = session_user
        WHERE analysis_id = p_id AND item_id = p_item;
        IF NOT FOUND THEN
            INSERT INTO answer VALUES (p_id, p_item, p_value, p_search, now_at, session_user);
        END IF;
        IF p_item IN ('case_ref', 'diary_number') AND jsonb_typeof(p_value::jsonb) = 'string' THEN
            new_ref := btrim(p_value::jsonb #>> '{}',
                             E' \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000');
        END IF;
    END IF;
    -- Lists show when an analysis was last worked on, to the minute.
    UPDATE analysis SET updated_at = now_at WHERE id = p_id AND updated_at < to_char(
        (clock_timestamp() - interval '60 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    PERFORM audit_append('answer.save', p_id, p_item, 'answer' || E'\n' || p_item || E'\n' || coalesce(p_value, ''));
    -- After the answer, as SQLite records them.
    IF new_ref <> '' AND new_ref <> rec.case_ref THEN
        UPDATE analysis SET case_ref = new_ref WHERE id = p_id;
        PERFORM file_analysis(p_id);
    END IF;
END $$;
"""#
}
