// Migration 15 of the PostgreSQL store: an import as fast as its size allows. Migration 11's
// import_store appended each event through audit_append, which updates the one row of chain_head
// every time; in one transaction each update leaves a version of that row the next lookup must
// walk past, so an import's cost grew with the square of its events (2,000 analyses: 131 s, see
// docs/benchmarks.md). Here the head is held in variables and written once, each analysis is read
// as jsonb (a field found without parsing the analysis again), and each analysis's key is the one in
// the plan. The chain's rows are the same bytes as before. Never edited once shipped.
extension Migrations {
    static let m015 = #"""
CREATE OR REPLACE FUNCTION import_store(p_plan text) RETURNS TABLE (from_id text, to_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    plan json := p_plan::json;
    source_id text := plan ->> 'store';
    now_at text := stamp();
    d json;
    a jsonb;
    e jsonb;
    target text;
    seq integer;
    key bytea;
    head chain_head;
    row_at text;
    row_digest bytea;
    row_hash bytea;
BEGIN
    PERFORM require_admin('imports a store');
    IF store_kind() IS DISTINCT FROM 'real' THEN PERFORM fail('only a real store takes in an import', 'BK401'); END IF;
    -- Ids are chosen while nobody else takes one.
    LOCK TABLE id_sequence IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM imported_audit WHERE source_store = source_id) THEN
        PERFORM fail('the store ' || source_id || ' was imported before', 'BK401');
    END IF;
    FOR d IN SELECT * FROM json_array_elements(plan -> 'definitions') LOOP
        INSERT INTO checklist_definition VALUES (d ->> 0, d ->> 1, (d ->> 2)::integer, d ->> 3) ON CONFLICT DO NOTHING;
        IF FOUND THEN PERFORM audit_append('definition.add', NULL, (d ->> 1) || ' v' || (d ->> 2) || ' ' || (d ->> 0)); END IF;
    END LOOP;
    FOR d IN SELECT * FROM json_array_elements(plan -> 'grants') LOOP
        IF (d ->> 2) <> '' AND NOT EXISTS (SELECT 1 FROM unit WHERE name = d ->> 2) THEN
            PERFORM fail('the unit ' || (d ->> 2) || ' is not on the list', 'BK401');
        END IF;
        INSERT INTO role VALUES (d ->> 0, d ->> 1, d ->> 2, session_user, now_at) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            PERFORM audit_append('role.grant', NULL, (d ->> 1) || ' ' || (d ->> 0) || CASE WHEN d ->> 2 = '' THEN '' ELSE ' unit ' || (d ->> 2) END);
        END IF;
    END LOOP;
    -- The head, locked, kept here while the analyses' events are appended, and written once after.
    SELECT * INTO head FROM chain_head FOR UPDATE;
    -- Each analysis as jsonb (the whole plan is too large for jsonb's 256 MB, an analysis is not).
    FOR a IN SELECT r::jsonb FROM json_array_elements(plan -> 'analyses') r LOOP
        IF units_defined() AND NOT EXISTS (SELECT 1 FROM unit WHERE name = a ->> 'unit') THEN
            PERFORM fail('the unit ' || (a ->> 'unit') || ' is not on the list', 'BK401');
        END IF;
        target := a ->> 'old_id';
        -- Kept where no analysis has it and none ever had it (a purged id stays in the chain).
        WHILE EXISTS (SELECT 1 FROM analysis WHERE id = target) OR EXISTS (SELECT 1 FROM audit WHERE analysis_id = target) LOOP
            INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, 2)
            ON CONFLICT (prefix, year) DO UPDATE SET next = s.next + 1
            RETURNING s.next - 1 INTO seq;
            target := (a ->> 'prefix') || '-' || (a ->> 'year') || '-' || lpad(seq::text, 4, '0');
        END LOOP;
        seq := split_part(target, '-', 3)::integer;
        INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, seq + 1)
        ON CONFLICT (prefix, year) DO UPDATE SET next = greatest(s.next, seq + 1);
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
        INSERT INTO imported_analysis VALUES (target, a ->> 'old_id', source_id, now_at);
        DELETE FROM import_list WHERE analysis_id = target;
        from_id := a ->> 'old_id';
        to_id := target;
        RETURN NEXT;
    END LOOP;
    UPDATE chain_head SET id = head.id, hash = head.hash;
    INSERT INTO imported_audit
        SELECT source_id, (r ->> 0)::bigint, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, decode(r ->> 6, 'hex'),
               decode(r ->> 7, 'hex'), decode(r ->> 8, 'hex')
        FROM json_array_elements(plan -> 'audit') r;
    PERFORM audit_append('store.import', NULL, source_id || ' ' || (plan ->> 'head_id') || ' ' || (plan ->> 'head_hash')
                         || ' ' || json_array_length(plan -> 'analyses'));
END $$;

REVOKE EXECUTE ON FUNCTION import_store(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION import_store(text) TO barnkoll_staff;
"""#
}
