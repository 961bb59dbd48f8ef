// Migration 42 of the PostgreSQL store: a unit renamed (`admin units rename`) or a free-text unit
// mapped onto a listed one (`admin units map`) writes the unit's answer of every draft and returned
// analysis it moves that has one, as Core's `Casework.unitAnswer(after:status:filedUnder:)` does and
// a move (Migration 41) does, so the case file names the unit it is filed under. The answer's JSON
// is made by the client as `save_answer`'s is, and checked to name the unit; each answer written is
// on the chain before the analysis's filing. The functions take the answer, so the old ones go.
// Never edited once shipped.
extension Migrations {
    static let m042 = #"""
DROP FUNCTION rename_unit(text, text);
DROP FUNCTION map_unit(text, text);
DROP FUNCTION move_unit(text, text);

CREATE FUNCTION move_unit(p_from text, p_to text, p_value text, p_search text) RETURNS integer
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    ids text[];
    moved_id text;
    now_at text := stamp();
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value::jsonb) <> 'string' OR p_value::jsonb #>> '{}' <> p_to THEN
        PERFORM fail('the unit''s answer must name ' || p_to, 'BK422');
    END IF;
    WITH moved_rows AS (UPDATE analysis SET unit = p_to WHERE unit = p_from RETURNING id)
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO ids FROM moved_rows;
    FOREACH moved_id IN ARRAY ids LOOP
        UPDATE answer SET value = p_value, search_text = p_search, updated_at = now_at, updated_by = session_user
        WHERE analysis_id = moved_id AND item_id = 'unit' AND value <> p_value
          AND EXISTS (SELECT 1 FROM analysis WHERE id = moved_id AND status IN ('draft', 'returned'));
        IF FOUND THEN
            PERFORM audit_append('answer.save', moved_id, 'unit', 'answer' || E'\n' || 'unit' || E'\n' || p_value);
        END IF;
        PERFORM file_analysis(moved_id);
    END LOOP;
    RETURN cardinality(ids);
END $$;

CREATE FUNCTION rename_unit(p_old text, p_new text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    moved integer;
BEGIN
    PERFORM require_admin('keeps the list of units');
    UPDATE unit SET name = p_new WHERE name = p_old;
    UPDATE role SET unit = p_new WHERE unit = p_old;
    moved := move_unit(p_old, p_new, p_value, p_search);
    PERFORM audit_append('unit.rename', NULL, p_old || ' → ' || p_new || ' ' || moved);
END $$;

CREATE FUNCTION map_unit(p_text text, p_unit text, p_value text, p_search text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    moved integer;
BEGIN
    PERFORM require_admin('moves analyses between units');
    moved := move_unit(p_text, p_unit, p_value, p_search);
    PERFORM audit_append('unit.map', NULL, p_text || ' → ' || p_unit || ' ' || moved);
    RETURN moved;
END $$;

GRANT EXECUTE ON FUNCTION rename_unit(text, text, text, text), map_unit(text, text, text, text) TO barnkoll_staff;
"""#
}
