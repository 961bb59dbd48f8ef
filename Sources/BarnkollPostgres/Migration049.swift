// Migration 49 of the PostgreSQL store: `verify` names the analyses whose review comments hold what
// looks like a personnummer where documents mask it (a group analysis, or a training store's),
// written before Migration 47 refused it or moved in as written (Migration 48). The function hands
// over only the places (analysis, version, item; NULL for the comment itself), never the text, to
// an admin or an auditor, as `chain_records()` does. `personnummer_in` is Migration 46's, Core's
// `Personnummer.find` in SQL. Never edited once shipped.
extension Migrations {
    static let m049 = #"""
CREATE FUNCTION kept_personnummer() RETURNS TABLE (analysis_id text, version integer, item text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_verifier();
    RETURN QUERY
    SELECT r.analysis_id, r.version, p.item
    FROM review r JOIN analysis a ON a.id = r.analysis_id
    CROSS JOIN LATERAL (
        SELECT NULL::text AS item, r.comment AS text
        UNION ALL
        SELECT c.key, c.value FROM jsonb_each_text(r.item_comments::jsonb) c
    ) p
    WHERE (a.id LIKE 'ÖVN-%' OR a.checklist_id = 'gruppanalys')
      AND p.text IS NOT NULL AND personnummer_in(p.text) IS NOT NULL
    ORDER BY r.analysis_id COLLATE "C", r.id, p.item COLLATE "C" NULLS FIRST;
END $$;
REVOKE EXECUTE ON FUNCTION kept_personnummer() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kept_personnummer() TO barnkoll_staff, barnkoll_auditor;
"""#
}
