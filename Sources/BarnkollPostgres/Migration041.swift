// Migration 41 of the PostgreSQL store: an analysis made under the wrong one of the
// administration's units is filed under another (`barnkoll admin move`), with the same rule as
// Core's (`Permissions.requireMove`): a draft or returned analysis, moved by its author who works
// in the new unit, a supervisor of its unit or an admin; its author must work in the new unit.
// The move is on the chain with its reason, the unit's answer is written as the new unit (made by
// the client as `save_answer`'s values are, and checked to name it), and the filing is recorded.
// The indicator rows follow through the triggers on `analysis` (Migrations 5 and 25).
// Never edited once shipped.
extension Migrations {
    static let m041 = #"""
CREATE FUNCTION move_to_unit(p_id text, p_unit text, p_reason text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM unit WHERE name = p_unit) THEN
        PERFORM fail('no listed unit ' || coalesce(p_unit, '-'), 'BK422');
    END IF;
    IF NOT (has_role('admin') OR supervises(session_user, rec.unit)
            OR (session_user = rec.author AND EXISTS (SELECT 1 FROM role WHERE account = session_user AND unit = p_unit))) THEN
        PERFORM fail('only its author working in ' || p_unit || ', a supervisor of its unit or an admin moves ' || p_id, 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_unit = rec.unit THEN PERFORM fail(p_id || ' is filed under ' || p_unit || ' already', 'BK422'); END IF;
    IF NOT EXISTS (SELECT 1 FROM role WHERE account = rec.author AND (unit = p_unit OR (unit = '' AND role = 'admin'))) THEN
        PERFORM fail(rec.author || ' does not work in ' || p_unit, 'BK401');
    END IF;
    IF btrim(coalesce(p_reason, '')) = '' THEN PERFORM fail('a move needs a reason', 'BK422'); END IF;
    -- The unit's answer names the new unit: given whenever the analysis has one to replace.
    IF p_value IS NULL THEN
        IF EXISTS (SELECT 1 FROM answer WHERE analysis_id = p_id AND item_id = 'unit') THEN
            PERFORM fail(p_id || ': its unit''s answer must name ' || p_unit, 'BK422');
        END IF;
    ELSIF jsonb_typeof(p_value::jsonb) <> 'string' OR p_value::jsonb #>> '{}' <> p_unit THEN
        PERFORM fail(p_id || ': its unit''s answer must name ' || p_unit, 'BK422');
    END IF;
    UPDATE analysis SET unit = p_unit, updated_at = now_at WHERE id = p_id;
    PERFORM audit_append('analysis.move', p_id, p_unit,
        'move' || E'\n' || lp(rec.unit) || E'\n' || lp(p_unit) || E'\n' || lp(p_reason));
    IF p_value IS NOT NULL THEN
        UPDATE answer SET value = p_value, search_text = p_search, updated_at = now_at, updated_by = session_user
        WHERE analysis_id = p_id AND item_id = 'unit';
        IF NOT FOUND THEN
            INSERT INTO answer VALUES (p_id, 'unit', p_value, p_search, now_at, session_user);
        END IF;
        PERFORM audit_append('answer.save', p_id, 'unit', 'answer' || E'\n' || 'unit' || E'\n' || p_value);
    END IF;
    PERFORM file_analysis(p_id);
END $$;

GRANT EXECUTE ON FUNCTION move_to_unit(text, text, text, text, text) TO barnkoll_staff;
"""#
}
