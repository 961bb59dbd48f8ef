// Migration 18 of the PostgreSQL store: the chain's canonical row text is one expression of
// PostgreSQL's own functions, which the planner folds into the append; written through `field` (a
// function with its own search_path, never inlined) it cost six calls a save. It is STABLE, as
// convert_to is, or the planner would not fold it. The bytes are the same (the chain's test
// vectors). Never edited once shipped.
extension Migrations {
    static let m018 = #"""
CREATE OR REPLACE FUNCTION canonical(id bigint, at text, account text, action text, analysis_id text, detail text, digest bytea)
RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT convert_to('audit ' || id::text || E'\n'
        || CASE WHEN at IS NULL THEN E'-\n' ELSE octet_length(at)::text || ':' || at || E'\n' END
        || CASE WHEN account IS NULL THEN E'-\n' ELSE octet_length(account)::text || ':' || account || E'\n' END
        || CASE WHEN action IS NULL THEN E'-\n' ELSE octet_length(action)::text || ':' || action || E'\n' END
        || CASE WHEN analysis_id IS NULL THEN E'-\n' ELSE octet_length(analysis_id)::text || ':' || analysis_id || E'\n' END
        || CASE WHEN detail IS NULL THEN E'-\n' ELSE octet_length(detail)::text || ':' || detail || E'\n' END
        || CASE WHEN digest IS NULL THEN E'-\n' ELSE octet_length(encode(digest, 'hex'))::text || ':' || encode(digest, 'hex') || E'\n' END, 'UTF8')
$$;
"""#
}
