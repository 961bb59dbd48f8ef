// Migration 19 of the PostgreSQL store: where an imported analysis went is told only to whom may
// see it. Migrations 11 and 14 answered any member of staff with every imported id and the file it
// came from, across units; a caseworker of another unit now learns nothing (the old id is then
// simply not found), as row-level security answers for the analysis itself. Never edited once shipped.
extension Migrations {
    static let m019 = #"""
CREATE OR REPLACE FUNCTION imported_ids(p_old text) RETURNS TABLE (old_id text, new_id text, source_store text, imported_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT i.old_id, i.analysis_id, i.source_store, i.imported_at FROM imported_analysis i
    WHERE (p_old IS NULL OR i.old_id = p_old)
      AND (sees_all() OR EXISTS (SELECT 1 FROM analysis a WHERE a.id = i.analysis_id AND visible(a.unit, a.author, a.checklist_id)))
    ORDER BY i.imported_at, i.old_id
$$;

CREATE OR REPLACE FUNCTION imported_from(p_old text) RETURNS TABLE (old_id text, new_id text, source_store text, file text, imported_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT i.old_id, i.analysis_id, i.source_store, f.file, i.imported_at FROM imported_analysis i
    LEFT JOIN imported_file f ON f.source_store = i.source_store
    WHERE (p_old IS NULL OR i.old_id = p_old)
      AND (sees_all() OR EXISTS (SELECT 1 FROM analysis a WHERE a.id = i.analysis_id AND visible(a.unit, a.author, a.checklist_id)))
    ORDER BY i.imported_at, i.old_id
$$;
"""#
}
