// Migration 3 of the PostgreSQL store: `verify` replays the audit chain (ChainReplay in Core).
// The chain now records every analysis's filing after a hand-over or a unit's move
// (`analysis.filed`, its digest over author, case reference, unit and definition) and a new
// store's first admin; what an older store's chain cannot vouch for is sealed into it once, as it
// is now; `chain_records()` hands an admin or auditor the records as the replay needs them, their
// content only as digests under keys that stay on the server; and the chain head goes to the
// server log every 50 events or 5 minutes (`anchor_if_due`). Never edited once shipped.
extension Migrations {
    static let m003 = #"""
-- An analysis's filing as it now is, onto the chain: after any change of its author or unit.
CREATE FUNCTION file_analysis(p_id text) RETURNS void
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    SELECT * INTO rec FROM analysis WHERE id = p_id;
    PERFORM audit_append('analysis.filed', p_id, rec.author,
        'creation' || E'\n' || rec.definition_hash || E'\n' || lp(rec.author) || E'\n' || lp(rec.case_ref) || E'\n' || lp(rec.unit));
END $$;

CREATE OR REPLACE FUNCTION setup_store(p_kind text, p_admin text) RETURNS void
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    LOCK TABLE store_meta IN EXCLUSIVE MODE;
    IF store_kind() IS NULL THEN
        INSERT INTO store_meta VALUES ('kind', p_kind), ('store_id', gen_random_uuid()::text),
            ('created_at', stamp()), ('created_by', session_user);
        PERFORM audit_append('store.create', NULL, p_kind);
    ELSIF store_kind() <> p_kind THEN
        PERFORM fail('this database is a ' || store_kind() || ' store', 'BK401');
    END IF;
    IF p_admin IS NOT NULL AND NOT EXISTS (SELECT 1 FROM role WHERE account = p_admin AND role = 'admin' AND unit = '') THEN
        INSERT INTO role VALUES (p_admin, 'admin', '', session_user, stamp());
        -- Recorded like every grant, the first admin's too: verify replays the roles from the chain.
        PERFORM audit_append('role.grant', NULL, 'admin ' || p_admin);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION move_unit(p_from text, p_to text) RETURNS integer
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    ids text[];
    moved_id text;
BEGIN
    WITH moved_rows AS (UPDATE analysis SET unit = p_to WHERE unit = p_from RETURNING id)
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO ids FROM moved_rows;
    FOREACH moved_id IN ARRAY ids LOOP
        PERFORM file_analysis(moved_id);
    END LOOP;
    RETURN cardinality(ids);
END $$;

CREATE OR REPLACE FUNCTION reassign(p_id text, p_to text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
BEGIN
    IF NOT (has_role('admin') OR supervises(session_user, rec.unit)) THEN
        PERFORM fail('only a supervisor of the unit or an admin hands an analysis over', 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_to = rec.author THEN PERFORM fail(p_id || ' is already ' || p_to || '''s', 'BK401'); END IF;
    IF units_defined() AND NOT EXISTS (SELECT 1 FROM role WHERE account = p_to AND (unit = rec.unit OR (unit = '' AND role = 'admin'))) THEN
        PERFORM fail(p_to || ' does not work in ' || rec.unit, 'BK401');
    END IF;
    UPDATE analysis SET author = p_to, updated_at = stamp() WHERE id = p_id;
    PERFORM audit_append('analysis.reassign', p_id, p_to,
        'reassignment' || E'\n' || lp(rec.author) || E'\n' || lp(p_to) || E'\n' || lp(p_reason));
    PERFORM file_analysis(p_id);
END $$;

-- What the chain of a store set up before this migration cannot vouch for, sealed as it is now.
DO $$
DECLARE
    r record;
BEGIN
    IF store_kind() IS NULL THEN RETURN; END IF;
    FOR r IN SELECT d.hash, d.checklist_id, d.version FROM checklist_definition d
             WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'definition.add' AND a.detail LIKE '% ' || d.hash)
             ORDER BY d.hash LOOP
        PERFORM audit_append('definition.sealed', NULL, r.checklist_id || ' v' || r.version || ' ' || r.hash);
    END LOOP;
    PERFORM audit_append('roles.sealed', NULL, (SELECT count(*) FROM role)::text);
    FOR r IN SELECT account, role, unit FROM role ORDER BY account, unit, role LOOP
        PERFORM audit_append('role.sealed', NULL,
            r.role || ' ' || r.account || CASE WHEN r.unit = '' THEN '' ELSE ' unit ' || r.unit END);
    END LOOP;
    FOR r IN SELECT id FROM analysis ORDER BY id LOOP
        PERFORM file_analysis(r.id);
    END LOOP;
END $$;

-- The records as the replay needs them, for admins and auditors: each kind of record a row of
-- JSON, content only as HMACs under the analysis's key (AuditChain.Content's texts), so an
-- auditor checks everything and reads nothing.
CREATE FUNCTION chain_records() RETURNS TABLE (kind text, record text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM audit_rows();
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
                || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments), 'UTF8'), k.key, 'sha256'), 'hex')) ORDER BY v.id), '[]')
            FROM review v WHERE v.analysis_id = a.id),
        'answers', (SELECT coalesce(json_agg(json_build_array(w.item_id, encode(hmac(convert_to(
                'answer' || E'\n' || w.item_id || E'\n' || w.value, 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM answer w WHERE w.analysis_id = a.id),
        -- The last version's answers item by item, each value's JSON text as the version holds it.
        'last', (SELECT coalesce(json_agg(json_build_array(e.key, encode(hmac(convert_to(
                'answer' || E'\n' || e.key || E'\n' || e.value::text, 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM version v, json_each(v.answers::json) e
            WHERE v.analysis_id = a.id AND v.number = (SELECT max(number) FROM version WHERE analysis_id = a.id)),
        -- A save that cleared an item recorded the digest of no value: those of the items not there now.
        'cleared', (SELECT coalesce(json_agg(json_build_array(s.item, encode(hmac(convert_to(
                'answer' || E'\n' || s.item || E'\n', 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM (SELECT DISTINCT l.detail AS item FROM audit l WHERE l.analysis_id = a.id
                  AND l.action IN ('answer.save', 'answer.sealed') AND l.detail IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id AND w.item_id = l.detail)) s)
        )::text
        FROM analysis a LEFT JOIN analysis_key k ON k.analysis_id = a.id;
END $$;

-- The chain head in the server log besides approvals (AnchorPolicy in Core: at most p_events
-- events, or none older than p_seconds, unanchored). Called by barnkoll after each write
-- transaction has committed, in a transaction of its own: the head it logs is always committed.
CREATE TABLE anchor_state (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), id bigint NOT NULL);
INSERT INTO anchor_state VALUES (true, 0);

CREATE FUNCTION anchor_if_due(p_events integer, p_seconds integer) RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    anchored bigint;
    head chain_head;
    oldest text;
BEGIN
    SELECT a.id INTO anchored FROM anchor_state a FOR UPDATE;
    SELECT * INTO head FROM chain_head;
    IF head.id <= anchored THEN RETURN; END IF;
    SELECT a.at INTO oldest FROM audit a WHERE a.id > anchored ORDER BY a.id LIMIT 1;
    IF head.id - anchored < p_events AND oldest > to_char((clock_timestamp() - make_interval(secs => p_seconds)) AT TIME ZONE 'UTC',
                                                          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') THEN
        RETURN;
    END IF;
    UPDATE anchor_state SET id = head.id;
    RAISE LOG 'barnkoll chain head store=% audit=% hash=%', barnkoll.store_id(), head.id, encode(head.hash, 'hex');
    RETURN QUERY SELECT barnkoll.store_id(), head.id, encode(head.hash, 'hex');
END $$;

REVOKE EXECUTE ON FUNCTION file_analysis(text), chain_records(), anchor_if_due(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION chain_records() TO barnkoll_staff, barnkoll_auditor;
GRANT EXECUTE ON FUNCTION anchor_if_due(integer, integer) TO barnkoll_staff;
"""#
}
