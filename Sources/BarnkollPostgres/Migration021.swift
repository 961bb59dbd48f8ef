// Migration 21 of the PostgreSQL store: an analysis's number past 9,999 in a year is written
// whole. `lpad(n, 4, '0')` cuts a longer text to four characters, so the 10,000th analysis of a kind
// in a year got the id of the 1,000th and was refused as a duplicate (found by the bench's 100,000
// store: 28,411 impact analyses a year). The three functions that number an analysis are replaced
// with the same text but the number. Never edited once shipped.
extension Migrations {
    static let m021 = #"""
-- An analysis's number in its id: at least four digits, never cut.
CREATE FUNCTION number_text(p_number integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lpad(p_number::text, greatest(4, length(p_number::text)), '0')
$$;
REVOKE EXECUTE ON FUNCTION number_text(integer) FROM PUBLIC;

CREATE OR REPLACE FUNCTION create_analysis(p_checklist_id text, p_version integer, p_prefix text, p_source text,
                                p_case_ref text, p_unit text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    definition text := encode(sha256(convert_to(p_source, 'UTF8')), 'hex');
    now_at text := stamp();
    this_year integer := substr(now_at, 1, 4)::integer;
    number integer;
    new_id text;
BEGIN
    IF units_defined() AND NOT (p_unit = ANY (my_units()))
       AND NOT (has_role('admin') AND EXISTS (SELECT 1 FROM unit WHERE name = p_unit)) THEN
        PERFORM fail(session_user || ' does not work in the unit ''' || p_unit || '''', 'BK401');
    END IF;
    INSERT INTO checklist_definition VALUES (definition, p_checklist_id, p_version, p_source) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM audit_append('definition.add', NULL, p_checklist_id || ' v' || p_version || ' ' || definition);
    END IF;
    INSERT INTO id_sequence VALUES (p_prefix, this_year, 2)
    ON CONFLICT (prefix, year) DO UPDATE SET next = id_sequence.next + 1
    RETURNING next - 1 INTO number;
    new_id := p_prefix || '-' || this_year || '-' || number_text(number);
    INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions,
                          created_at, updated_at)
    VALUES (new_id, p_checklist_id, p_version, definition, p_case_ref, p_unit, session_user, 'draft', 0, now_at, now_at);
    INSERT INTO analysis_key VALUES (new_id, gen_random_bytes(32));
    PERFORM audit_append('analysis.create', new_id, p_checklist_id,
        'creation' || E'\n' || definition || E'\n' || lp(session_user) || E'\n' || lp(p_case_ref) || E'\n' || lp(p_unit));
    RETURN new_id;
END $$;

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
            target := (a ->> 'prefix') || '-' || (a ->> 'year') || '-' || number_text(seq);
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
            INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, 2)
            ON CONFLICT (prefix, year) DO UPDATE SET next = s.next + 1
            RETURNING s.next - 1 INTO seq;
            target := (a ->> 'prefix') || '-' || (a ->> 'year') || '-' || number_text(seq);
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
        INSERT INTO imported_analysis VALUES (target, a ->> 'old_id', p_store, now_at);
        DELETE FROM import_list WHERE analysis_id = target;
        taken := taken + 1;
        from_id := a ->> 'old_id';
        to_id := target;
        RETURN NEXT;
    END LOOP;
    UPDATE chain_head SET id = head.id, hash = head.hash;
    UPDATE import_run SET analyses = analyses + taken WHERE source_store = p_store;
END $$;
"""#
}
