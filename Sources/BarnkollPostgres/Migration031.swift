// Migration 31 of the PostgreSQL store: a bulk read's definitions first, each once.
//
// An export makes its CSV while the analyses are still being read, a part at a time. Its columns
// are the items of the chosen analyses' definitions, so the client needs those before the first
// part: their hashes and sources, each once, in the order the ids first use them. Only analyses
// the caller may see count, by the same test as read_analyses. Nothing is logged: a definition is
// not a child's record (definition_source gives one to anyone who names its hash). Never edited
// once shipped.
extension Migrations {
    static let m031 = #"""
CREATE FUNCTION read_definitions(p_ids text[]) RETURNS TABLE (hash text, source text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT d.hash, d.source
    FROM (SELECT a.definition_hash, min(x.n) AS first_use
          FROM unnest(p_ids) WITH ORDINALITY AS x(wanted, n) JOIN analysis a ON a.id = x.wanted
          WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
                 OR a.checklist_id = ANY (open_checklists()))
          GROUP BY a.definition_hash) used
    JOIN checklist_definition d ON d.hash = used.definition_hash
    ORDER BY used.first_use
$$;

REVOKE EXECUTE ON FUNCTION read_definitions(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION read_definitions(text[]) TO barnkoll_staff;
"""#
}
