// Migration 45 of the PostgreSQL store: a hand-over and a move keep their reason, readable.
//
// Until now a reason was sealed into the chain's keyed digest (`AuditChain.Content.reassignment`,
// `.unitMove`) and kept nowhere else, so no one could read why an analysis changed hands or unit.
// Each is now a row of `transfer` (as SQLite's v24), never changed, deleted only by a purge, read
// by `read_transfers` with the versions and reviews, and held by `verify` to its chain event:
// `chain_records` hands over each row's digest, and from the `transfers.kept` row this migration
// appends, each hand-over and move in the chain must have its row. An import brings the rows a
// SQLite store kept, sealed as `transfer.sealed` events.
//
// reassign is Migration 3's, move_to_unit Migration 41's, delete_listed Migration 4's,
// chain_records Migration 37's and import_analyses Migration 33's, each with the transfer rows.
// Never edited once shipped.
extension Migrations {
    static let m045 = #"""
CREATE TABLE transfer (
    id bigserial PRIMARY KEY,
    analysis_id text NOT NULL REFERENCES analysis(id),
    kind text NOT NULL CHECK (kind IN ('hand_over', 'move')),
    from_value text NOT NULL,
    to_value text NOT NULL,
    reason text NOT NULL,
    made_by text NOT NULL,
    made_at text NOT NULL
);
CREATE INDEX transfer_by_analysis ON transfer(analysis_id, id);
ALTER TABLE transfer ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON transfer USING (EXISTS (SELECT 1 FROM analysis a WHERE a.id = analysis_id));
CREATE TRIGGER transfer_never_changes BEFORE UPDATE OR DELETE ON transfer FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON transfer FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Read with the versions and reviews (Migration 17's read_reviews), under the same visibility.
CREATE FUNCTION read_transfers(p_ids text[]) RETURNS TABLE (analysis_id text, kind text, from_value text, to_value text,
    reason text, made_by text, made_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT t.analysis_id, t.kind, t.from_value, t.to_value, t.reason, t.made_by, t.made_at
    FROM transfer t JOIN analysis a ON a.id = t.analysis_id
    WHERE a.id = ANY (p_ids)
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
    ORDER BY t.analysis_id, t.id
$$;
REVOKE EXECUTE ON FUNCTION read_transfers(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION read_transfers(text[]) TO barnkoll_staff;

CREATE OR REPLACE FUNCTION reassign(p_id text, p_to text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF NOT (has_role('admin') OR supervises(session_user, rec.unit)) THEN
        PERFORM fail('only a supervisor of the unit or an admin hands an analysis over', 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_to = rec.author THEN PERFORM fail(p_id || ' is already ' || p_to || '''s', 'BK401'); END IF;
    IF units_defined() AND NOT EXISTS (SELECT 1 FROM role WHERE account = p_to AND (unit = rec.unit OR (unit = '' AND role = 'admin'))) THEN
        PERFORM fail(p_to || ' does not work in ' || rec.unit, 'BK401');
    END IF;
    UPDATE analysis SET author = p_to, updated_at = now_at WHERE id = p_id;
    INSERT INTO transfer (analysis_id, kind, from_value, to_value, reason, made_by, made_at)
    VALUES (p_id, 'hand_over', rec.author, p_to, p_reason, session_user, now_at);
    PERFORM audit_append('analysis.reassign', p_id, p_to,
        'reassignment' || E'\n' || lp(rec.author) || E'\n' || lp(p_to) || E'\n' || lp(p_reason));
    PERFORM file_analysis(p_id);
END $$;

CREATE OR REPLACE FUNCTION move_to_unit(p_id text, p_unit text, p_reason text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM unit WHERE name = p_unit) THEN
        PERFORM fail('no listed unit ' || coalesce(p_unit, '-'), 'BK422');
    END IF;
    IF NOT (has_role('admin') OR supervises(session_user, rec.unit)
            OR (session_user = rec.author AND EXISTS (SELECT 1 FROM role WHERE account = session_user AND unit = p_unit))) THEN
        PERFORM fail('only its author working in ' || p_unit || ', a supervisor of its unit or an admin moves ' || p_id, 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_unit = rec.unit THEN PERFORM fail(p_id || ' is filed under ' || p_unit || ' already', 'BK422'); END IF;
    IF NOT EXISTS (SELECT 1 FROM role WHERE account = rec.author AND (unit = p_unit OR (unit = '' AND role = 'admin'))) THEN
        PERFORM fail(rec.author || ' does not work in ' || p_unit, 'BK401');
    END IF;
    IF btrim(coalesce(p_reason, '')) = '' THEN PERFORM fail('a move needs a reason', 'BK422'); END IF;
    -- The unit's answer names the new unit: given whenever the analysis has one to replace.
    IF p_value IS NULL THEN
        IF EXISTS (SELECT 1 FROM answer WHERE analysis_id = p_id AND item_id = 'unit') THEN
            PERFORM fail(p_id || ': its unit''s answer must name ' || p_unit, 'BK422');
        END IF;
    ELSIF jsonb_typeof(p_value::jsonb) <> 'string' OR p_value::jsonb #>> '{}' <> p_unit THEN
        PERFORM fail(p_id || ': its unit''s answer must name ' || p_unit, 'BK422');
    END IF;
    UPDATE analysis SET unit = p_unit, updated_at = now_at WHERE id = p_id;
    INSERT INTO transfer (analysis_id, kind, from_value, to_value, reason, made_by, made_at)
    VALUES (p_id, 'move', rec.unit, p_unit, p_reason, session_user, now_at);
    PERFORM audit_append('analysis.move', p_id, p_unit,
        'move' || E'\n' || lp(rec.unit) || E'\n' || lp(p_unit) || E'\n' || lp(p_reason));
    IF p_value IS NOT NULL THEN
        UPDATE answer SET value = p_value, search_text = p_search, updated_at = now_at, updated_by = session_user
        WHERE analysis_id = p_id AND item_id = 'unit';
        IF NOT FOUND THEN
            INSERT INTO answer VALUES (p_id, 'unit', p_value, p_search, now_at, session_user);
        END IF;
        PERFORM audit_append('answer.save', p_id, 'unit', 'answer' || E'\n' || 'unit' || E'\n' || p_value);
    END IF;
    PERFORM file_analysis(p_id);
END $$;

CREATE OR REPLACE FUNCTION delete_listed() RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    DELETE FROM workshop_participant WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM answer WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM version WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM review WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM note WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM transfer WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis_key WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis WHERE id IN (SELECT analysis_id FROM purge_list);
END $$;

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
        -- Hand-overs and moves, each as the HMAC of its content (AuditChain.Content.reassignment, .unitMove).
        'transfers', (SELECT coalesce(json_agg(encode(hmac(convert_to(
                CASE t.kind WHEN 'hand_over' THEN 'reassignment' ELSE 'move' END || E'\n' || lp(t.from_value) || E'\n'
                || lp(t.to_value) || E'\n' || lp(t.reason), 'UTF8'), k.key, 'sha256'), 'hex') ORDER BY t.id), '[]')
            FROM transfer t WHERE t.analysis_id = a.id),
        -- A save that cleared an item recorded the digest of no value: those of the items not there now.
        'cleared', (SELECT coalesce(json_agg(json_build_array(s.item, encode(hmac(convert_to(
                'answer' || E'\n' || s.item || E'\n', 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM (SELECT DISTINCT l.detail AS item FROM audit l WHERE l.analysis_id = a.id
                  AND l.action IN ('answer.save', 'answer.sealed') AND l.detail IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id AND w.item_id = l.detail)) s)
        )::text
        FROM analysis a LEFT JOIN analysis_key k ON k.analysis_id = a.id;
END $$;

CREATE OR REPLACE FUNCTION import_analyses(p_store text, p_part text) RETURNS TABLE (from_id text, to_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    now_at text := stamp();
    a jsonb;
    e jsonb;
    target text;
    seq integer;
    key bytea;
    head chain_head;
    row_at text;
    row_digest bytea;
    row_hash bytea;
    taken integer := 0;
    before integer;
    sequence_key text;
    next_numbers jsonb := '{}';
BEGIN
    PERFORM import_running(p_store);
    SELECT * INTO head FROM chain_head FOR UPDATE;
    FOR a IN SELECT r FROM jsonb_array_elements(p_part::jsonb) r LOOP
        IF units_defined() AND NOT EXISTS (SELECT 1 FROM unit WHERE name = a ->> 'unit') THEN
            PERFORM fail('the unit ' || (a ->> 'unit') || ' is not on the list', 'BK401');
        END IF;
        target := a ->> 'old_id';
        -- Kept where no analysis has it and none ever had it (a purged id stays in the chain).
        WHILE EXISTS (SELECT 1 FROM analysis WHERE id = target) OR EXISTS (SELECT 1 FROM audit WHERE analysis_id = target) LOOP
            -- A new number must come after the ones this part has kept so far.
            PERFORM import_sequence_keep(next_numbers);
            next_numbers := '{}';
            INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, 2)
            ON CONFLICT (prefix, year) DO UPDATE SET next = s.next + 1
            RETURNING s.next - 1 INTO seq;
            target := (a ->> 'prefix') || '-' || (a ->> 'year') || '-' || number_text(seq);
        END LOOP;
        seq := split_part(target, '-', 3)::integer;
        sequence_key := (a ->> 'prefix') || E'\x1f' || (a ->> 'year');
        next_numbers := next_numbers || jsonb_build_object(sequence_key,
            greatest(coalesce((next_numbers ->> sequence_key)::integer, 0), seq + 1));
        INSERT INTO import_list VALUES (target);
        INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions,
                              position, hard_stop, retention_exempt, created_at, updated_at)
        VALUES (target, a ->> 'checklist_id', (a ->> 'checklist_version')::integer, a ->> 'definition_hash', a ->> 'case_ref',
                a ->> 'unit', a ->> 'author', a ->> 'status', jsonb_array_length(a -> 'versions'), a ->> 'position',
                a ->> 'hard_stop', a ->> 'retention_exempt', a ->> 'created_at', a ->> 'updated_at');
        key := decode(a ->> 'key', 'hex');
        INSERT INTO analysis_key VALUES (target, key);
        INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by)
            SELECT target, r ->> 0, r ->> 1, r ->> 2, r ->> 3, r ->> 4 FROM jsonb_array_elements(a -> 'answers') r;
        INSERT INTO version (analysis_id, number, status, answers, definition_hash, content_hash, created_by, created_at)
            SELECT target, (r ->> 0)::integer, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, r ->> 6
            FROM jsonb_array_elements(a -> 'versions') r;
        INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, ground, at, imported)
            SELECT target, (x.r ->> 0)::integer, x.r ->> 1, x.r ->> 2, x.r ->> 3, x.r ->> 4, x.r ->> 5, x.r ->> 6, x.r ->> 7, true
            FROM jsonb_array_elements(a -> 'reviews') WITH ORDINALITY AS x(r, n) ORDER BY x.n;
        INSERT INTO note (analysis_id, kind, date, outcome, text, written_by, written_at)
            SELECT target, x.r ->> 0, x.r ->> 1, x.r ->> 2, x.r ->> 3, x.r ->> 4, x.r ->> 5
            FROM jsonb_array_elements(a -> 'notes') WITH ORDINALITY AS x(r, n) ORDER BY x.n;
        INSERT INTO transfer (analysis_id, kind, from_value, to_value, reason, made_by, made_at)
            SELECT target, x.r ->> 0, x.r ->> 1, x.r ->> 2, x.r ->> 3, x.r ->> 4, x.r ->> 5
            FROM jsonb_array_elements(coalesce(a -> 'transfers', '[]')) WITH ORDINALITY AS x(r, n) ORDER BY x.n;
        -- Its indicator row once, from all it holds (the triggers leave an importing analysis).
        PERFORM indicator_analysis_refresh(target);
        -- As audit_append writes each row, with the head in hand.
        FOR e IN SELECT * FROM jsonb_array_elements(a -> 'events') LOOP
            row_at := stamp();
            row_digest := CASE WHEN e ->> 2 IS NULL THEN NULL ELSE hmac(convert_to(e ->> 2, 'UTF8'), key, 'sha256') END;
            row_hash := sha256(head.hash || canonical(head.id + 1, row_at, session_user::text, e ->> 0, target, e ->> 1, row_digest));
            INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
            VALUES (head.id + 1, row_at, session_user, e ->> 0, target, e ->> 1, row_digest, row_hash, head.hash);
            head.id := head.id + 1;
            head.hash := row_hash;
        END LOOP;
        INSERT INTO imported_analysis VALUES (target, a ->> 'old_id', p_store, now_at);
        DELETE FROM import_list WHERE analysis_id = target;
        taken := taken + 1;
        from_id := a ->> 'old_id';
        to_id := target;
        RETURN NEXT;
    END LOOP;
    PERFORM import_sequence_keep(next_numbers);
    UPDATE chain_head SET id = head.id, hash = head.hash;
    UPDATE import_run SET analyses = analyses + taken WHERE source_store = p_store
    RETURNING analyses - taken INTO before;
    -- Each time the analyses this import brought pass a power of two, the planner learns how many
    -- rows the tables now hold (its own rows count): the plans PL/pgSQL keeps for the session were
    -- made when they were few.
    IF taken > 0 AND (before = 0 OR floor(log(2, (before + taken)::numeric)) > floor(log(2, before::numeric))) THEN
        ANALYZE analysis;
    END IF;
END $$;

-- From here on every hand-over and move in the chain has its row (ChainReplay).
SELECT audit_append('transfers.kept', NULL, NULL);
"""#
}
