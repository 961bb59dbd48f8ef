// Migration 14 of the PostgreSQL store (issue 19): the file each imported store was read from, so
// `show`, `open` and `history` of an id an import renumbered can say which file's analysis it was
// and what it is called now. Written in the import's transaction, after import_store. Never
// edited once shipped.
extension Migrations {
    static let m014 = #"""
-- The file an imported store was read from, as the admin named it to admin import.
CREATE TABLE imported_file (
    source_store text PRIMARY KEY,
    file text NOT NULL
);
ALTER TABLE imported_file ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER imported_file_never_changes BEFORE UPDATE OR DELETE ON imported_file FOR EACH ROW EXECUTE FUNCTION refuse_imported_change();
CREATE TRIGGER imported_file_no_truncate BEFORE TRUNCATE ON imported_file FOR EACH STATEMENT EXECUTE FUNCTION refuse_imported_change();

-- Only an admin, only for a store whose chain was imported, once.
CREATE FUNCTION record_imported_file(p_store text, p_file text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('imports a store');
    IF NOT EXISTS (SELECT 1 FROM imported_audit WHERE source_store = p_store) THEN
        PERFORM fail('the store ' || p_store || ' was not imported', 'BK401');
    END IF;
    IF EXISTS (SELECT 1 FROM imported_file WHERE source_store = p_store) THEN
        PERFORM fail('the file of the store ' || p_store || ' is recorded already', 'BK401');
    END IF;
    INSERT INTO imported_file VALUES (p_store, p_file);
END $$;

-- Where imported analyses went, with the file each came from (none for imports before this).
CREATE FUNCTION imported_from(p_old text) RETURNS TABLE (old_id text, new_id text, source_store text, file text, imported_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT i.old_id, i.analysis_id, i.source_store, f.file, i.imported_at FROM imported_analysis i
    LEFT JOIN imported_file f ON f.source_store = i.source_store
    WHERE p_old IS NULL OR i.old_id = p_old ORDER BY i.imported_at, i.old_id
$$;

REVOKE EXECUTE ON FUNCTION record_imported_file(text, text), imported_from(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_imported_file(text, text), imported_from(text) TO barnkoll_staff;
"""#
}
