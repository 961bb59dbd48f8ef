// Migration 3 of the PostgreSQL store: a draft or returned analysis moves onto a newer definition
// of its checklist (Core's `DefinitionMove`), as the SQLite store's analysis row always allowed.
// Never edited once shipped.
extension Migrations {
    static let m003 = #"""
-- The definition is kept once by the hash of its text; the analysis must be editable, visible to
-- the caller, and move forward only, within its own checklist.
CREATE FUNCTION move_definition(p_id text, p_version integer, p_source text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    definition text := encode(sha256(convert_to(p_source, 'UTF8')), 'hex');
BEGIN
    IF rec.status NOT IN ('draft', 'returned') OR p_version <= rec.checklist_version THEN
        PERFORM fail(rec.status || ' v' || rec.checklist_version, 'BK409');
    END IF;
    INSERT INTO checklist_definition VALUES (definition, rec.checklist_id, p_version, p_source) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM audit_append('definition.add', NULL, rec.checklist_id || ' v' || p_version || ' ' || definition);
    END IF;
    UPDATE analysis SET definition_hash = definition, checklist_version = p_version WHERE id = p_id;
    PERFORM audit_append('analysis.definition', p_id,
                         rec.checklist_id || ' v' || rec.checklist_version || ' v' || p_version || ' ' || definition);
END $$;
REVOKE EXECUTE ON FUNCTION move_definition(text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION move_definition(text, integer, text) TO barnkoll_staff;
"""#
}
