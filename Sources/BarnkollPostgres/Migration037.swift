// Migration 37 of the PostgreSQL store: verify's right checked without building the chain.
//
// `chain_records()` and `imported_audit_rows()` checked their caller's right with
// `PERFORM audit_rows()`, which builds every row of the chain only to throw them away: at 100,000
// analyses about 3 s each, within every `verify` (docs/benchmarks.md). `require_verifier()` asks
// the same question, the caller an admin or a member of barnkoll_auditor, and the two are restated
// with it, their bodies otherwise as Migrations 8 and 11 left them. `content_problems()` keeps its
// old check: barnkoll no longer calls it (the client replays the chain since Migration 8).
// Never edited once shipped.
extension Migrations {
    static let m037 = #"""
CREATE FUNCTION require_verifier() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT (has_role('admin') OR pg_has_role(session_user, 'barnkoll_auditor', 'MEMBER')) THEN
        PERFORM fail('only an admin or an auditor verifies the store', 'BK401');
    END IF;
END $$;

REVOKE EXECUTE ON FUNCTION require_verifier() FROM PUBLIC;

CREATE OR REPLACE FUNCTION chain_records() RETURNS TABLE (kind text, record text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_verifier();
    RETURN QUERY SELECT 'definition', json_build_array(d.hash, d.checklist_id, d.version,
        encode(sha256(convert_to(d.source, 'UTF8')), 'hex'))::text FROM checklist_definition d;
    RETURN QUERY SELECT 'grant', json_build_array(r.account, r.role, r.unit)::text FROM role r;
    RETURN QUERY SELECT 'unit', to_json(u.name)::text FROM unit u;
    RETURN QUERY SELECT 'analysis', json_build_object(
        'id', a.id, 'checklist_id', a.checklist_id, 'author', a.author, 'status', a.status,
        'exempt', a.retention_exempt IS NOT NULL, 'has_key', k.key IS NOT NULL,
        'filing', encode(hmac(convert_to('creation' || E'\n' || a.definition_hash || E'\n' || lp(a.author) || E'\n'
            || lp(a.case_ref) || E'\n' || lp(a.unit), 'UTF8'), k.key, 'sha256'), 'hex'),
        'versions', (SELECT coalesce(json_agg(json_build_array(v.number, v.content_hash,
                encode(sha256(convert_to(v.definition_hash || E'\n' || v.answers, 'UTF8')), 'hex'),
                encode(hmac(convert_to('version' || E'\n' || v.number || E'\n' || v.status || E'\n' || v.content_hash, 'UTF8'),
                            k.key, 'sha256'), 'hex')) ORDER BY v.number), '[]')
            FROM version v WHERE v.analysis_id = a.id),
        'reviews', (SELECT coalesce(json_agg(json_build_array(v.id, encode(hmac(convert_to('review' || E'\n' || v.version
                || E'\n' || v.reviewer || E'\n' || v.decision || E'\n' || coalesce(v.rule, '-') || E'\n'
                || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments)
                || coalesce(E'\n' || v.ground, ''), 'UTF8'), k.key, 'sha256'), 'hex')) ORDER BY v.id), '[]')
            FROM review v WHERE v.analysis_id = a.id),
        'answers', (SELECT coalesce(json_agg(json_build_array(w.item_id, encode(hmac(convert_to(
                'answer' || E'\n' || w.item_id || E'\n' || w.value, 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM answer w WHERE w.analysis_id = a.id),
        -- The last version's answers item by item, each value's JSON text as the version holds it.
        'last', (SELECT coalesce(json_agg(json_build_array(e.key, encode(hmac(convert_to(
                'answer' || E'\n' || e.key || E'\n' || e.value::text, 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM version v, json_each(v.answers::json) e
            WHERE v.analysis_id = a.id AND v.number = (SELECT max(number) FROM version WHERE analysis_id = a.id)),
        -- Notes after the decision, each as the HMAC of its content (AuditChain.Content.note).
        'notes', (SELECT coalesce(json_agg(json_build_array(n.kind, encode(hmac(convert_to('note' || E'\n' || n.kind
                || E'\n' || n.date || E'\n' || coalesce(n.outcome, '-') || E'\n' || lp(n.text), 'UTF8'), k.key, 'sha256'), 'hex'))
                ORDER BY n.id), '[]')
            FROM note n WHERE n.analysis_id = a.id),
        -- A save that cleared an item recorded the digest of no value: those of the items not there now.
        'cleared', (SELECT coalesce(json_agg(json_build_array(s.item, encode(hmac(convert_to(
                'answer' || E'\n' || s.item || E'\n', 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM (SELECT DISTINCT l.detail AS item FROM audit l WHERE l.analysis_id = a.id
                  AND l.action IN ('answer.save', 'answer.sealed') AND l.detail IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id AND w.item_id = l.detail)) s)
        )::text
        FROM analysis a LEFT JOIN analysis_key k ON k.analysis_id = a.id;
END $$;

CREATE OR REPLACE FUNCTION imported_audit_rows() RETURNS TABLE (source_store text, id bigint, at text, account text, action text,
    analysis_id text, detail text, digest text, hash text, prev text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_verifier();
    RETURN QUERY SELECT i.source_store, i.id, i.at, i.account, i.action, i.analysis_id, i.detail, encode(i.digest, 'hex'),
        encode(i.hash, 'hex'), encode(i.prev, 'hex') FROM imported_audit i ORDER BY i.source_store, i.id;
END $$;
"""#
}
