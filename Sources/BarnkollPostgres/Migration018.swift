// Migration 18 of the PostgreSQL store: a save no longer waits for every other save twice.
// Migration 3's anchor_if_due, called after each write, locked the one row of anchor_state
// before it knew whether anything was due; a row lock makes a transaction that must be flushed
// to disk like a write, so every save in the administration took the same lock and waited for a
// second flush (docs/benchmarks.md, "Saves under load"). Here it looks first without locking and
// locks only when a head is due, then looks again under the lock. And the chain's canonical row
// text is one expression of PostgreSQL's own functions, which the planner folds into the append:
// written through `field` (a function with its own search_path, never inlined) it cost six calls a
// save. It is STABLE, as convert_to is, or the planner would not fold it. The bytes are the same
// (the chain's test vectors). Never edited once shipped.
extension Migrations {
    static let m018 = #"""
CREATE OR REPLACE FUNCTION anchor_if_due(p_events integer, p_seconds integer) RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    anchored bigint;
    head chain_head;
    oldest text;
    since text := to_char((clock_timestamp() - make_interval(secs => p_seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
BEGIN
    -- Nearly always nothing is due: answered from what is committed, without a lock or a write.
    SELECT a.id INTO anchored FROM anchor_state a;
    SELECT * INTO head FROM chain_head;
    IF head.id <= anchored THEN RETURN; END IF;
    SELECT a.at INTO oldest FROM audit a WHERE a.id > anchored ORDER BY a.id LIMIT 1;
    IF head.id - anchored < p_events AND oldest > since THEN RETURN; END IF;
    -- Due: locked, and looked at again, so two sessions never log the same stretch twice.
    SELECT a.id INTO anchored FROM anchor_state a FOR UPDATE;
    SELECT * INTO head FROM chain_head;
    IF head.id <= anchored THEN RETURN; END IF;
    SELECT a.at INTO oldest FROM audit a WHERE a.id > anchored ORDER BY a.id LIMIT 1;
    IF head.id - anchored < p_events AND oldest > since THEN RETURN; END IF;
    UPDATE anchor_state SET id = head.id;
    RAISE LOG 'barnkoll chain head store=% audit=% hash=%', barnkoll.store_id(), head.id, encode(head.hash, 'hex');
    RETURN QUERY SELECT barnkoll.store_id(), head.id, encode(head.hash, 'hex');
END $$;

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
