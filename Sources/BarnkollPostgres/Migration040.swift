// Migration 40 of the PostgreSQL store: an analysis's unit follows its answer, as its case reference
// does (Migration 39), while the administration has no list of units.
//
// Saved with another non-blank text, the checklist's `unit` files the analysis under it and records
// the filing on the chain; the indicator rows and the lists follow through the triggers on
// `analysis` (Migrations 5 and 25). With a list of units, the unit decides who sees and reviews the
// analysis and is chosen among the author's when it is made: the answer then holds that unit and
// nothing else, and any other is refused, as Core refuses it (`Casework.unitAnswer`).
// Otherwise Migration 39's body; `plan_cache_mode` stated again (Migration 35).
// Never edited once shipped.
extension Migrations {
    static let m040 = #"""
CREATE OR REPLACE FUNCTION save_answer(p_id text, p_item text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
    new_ref text;
    new_unit text;
BEGIN
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') writes in ' || p_id, 'BK401');
    END IF;
    IF p_item = 'unit' THEN
        IF p_value IS NOT NULL AND jsonb_typeof(p_value::jsonb) = 'string' THEN
            new_unit := btrim(p_value::jsonb #>> '{}',
                              E' \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000');
        END IF;
        IF units_defined() THEN
            IF new_unit IS DISTINCT FROM rec.unit THEN
                PERFORM fail(p_id || ' is filed under the unit ' || rec.unit || ', and its answer is that unit', 'BK422');
            END IF;
            new_unit := NULL;
        END IF;
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
    IF (new_ref <> '' AND new_ref <> rec.case_ref) OR (new_unit <> '' AND new_unit <> rec.unit) THEN
        UPDATE analysis SET case_ref = CASE WHEN new_ref <> '' THEN new_ref ELSE case_ref END,
                            unit = CASE WHEN new_unit <> '' THEN new_unit ELSE unit END
        WHERE id = p_id;
        PERFORM file_analysis(p_id);
    END IF;
END $$;
"""#
}
