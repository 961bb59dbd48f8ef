// Migration 17 of the PostgreSQL store (issue 19): reads in bulk and an import in parts.
//
// An export read each analysis through three calls (its head, its record, its notes) and logged
// each read through audit_append, which updates the one row of chain_head: in one transaction each
// update leaves a version of that row the next lookup walks past, so 10,000 reads cost the square
// of that (docs/benchmarks.md). Here the analyses a list selects are read by four set-returning
// functions, only those the caller may see, and their reads logged with the head in hand, written
// once. The indicators, read by four functions that each parsed every version's answers again,
// are one statement that parses them once and sends only the items Core counts.
//
// An import sent Core's whole plan as one text, which PostgreSQL cannot hold past 1 GB (a store of
// 100,000 analyses is several times that). Here it comes in parts, all in the caller's one
// transaction: import_begin (definitions and grants), import_analyses (a part of the analyses,
// any number of times), import_audit (a part of the source chain), import_end (the store.import
// event). The chain records the same events in the same order as Migration 15's import_store. A
// begun import that is not ended cannot commit (import_run's deferred check). Never edited once
// shipped.
extension Migrations {
    static let m017 = #"""
-- The analyses of p_ids the caller may see, in the order given, each read logged
-- ('analysis.read', as analysis_record logs it) with the chain's head in hand.
CREATE FUNCTION read_analyses(p_ids text[]) RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, definition_hash text, "position" text, answers text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    head chain_head;
    seen text[];
    read_id text;
    row_at text;
    row_hash bytea;
    me text := session_user;
BEGIN
    SELECT coalesce(array_agg(a.id ORDER BY x.n), '{}') INTO seen
    FROM unnest(p_ids) WITH ORDINALITY AS x(wanted, n) JOIN analysis a ON a.id = x.wanted
    WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()));
    SELECT * INTO head FROM chain_head FOR UPDATE;
    FOREACH read_id IN ARRAY seen LOOP
        -- As audit_append writes the row (stamp(), canonical(), with no detail and no digest).
        row_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        row_hash := sha256(head.hash || convert_to('audit ' || (head.id + 1)::text || E'\n'
            || octet_length(row_at)::text || ':' || row_at || E'\n'
            || octet_length(me)::text || ':' || me || E'\n'
            || octet_length('analysis.read')::text || ':analysis.read' || E'\n'
            || octet_length(read_id)::text || ':' || read_id || E'\n'
            || E'-\n-\n', 'UTF8'));
        INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
        VALUES (head.id + 1, row_at, me, 'analysis.read', read_id, NULL, NULL, row_hash, head.hash);
        head.id := head.id + 1;
        head.hash := row_hash;
    END LOOP;
    UPDATE chain_head SET id = head.id, hash = head.hash;
    RETURN QUERY
    SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
           a.created_at, a.updated_at, a.definition_hash, a.position,
           -- One JSON object of the stored values (each already JSON), read by Core's answer reader.
           (SELECT '{' || coalesce(string_agg(to_json(w.item_id)::text || ':' || w.value, ','), '') || '}'
            FROM answer w WHERE w.analysis_id = a.id)
    FROM unnest(seen) WITH ORDINALITY AS x(wanted, n) JOIN analysis a ON a.id = x.wanted ORDER BY x.n;
END $$;

-- The versions, reviews and notes of the analyses of p_ids the caller may see.
CREATE FUNCTION read_versions(p_ids text[]) RETURNS TABLE (analysis_id text, number integer, status text, answers text,
    content_hash text, created_by text, created_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT v.analysis_id, v.number, v.status, v.answers, v.content_hash, v.created_by, v.created_at
    FROM version v JOIN analysis a ON a.id = v.analysis_id
    WHERE a.id = ANY (p_ids)
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
    ORDER BY v.analysis_id, v.number
$$;

CREATE FUNCTION read_reviews(p_ids text[]) RETURNS TABLE (analysis_id text, version integer, reviewer text, decision text,
    comment text, item_comments text, rule text, at text, ground text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT r.analysis_id, r.version, r.reviewer, r.decision, r.comment, r.item_comments, r.rule, r.at, r.ground
    FROM review r JOIN analysis a ON a.id = r.analysis_id
    WHERE a.id = ANY (p_ids)
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
    ORDER BY r.analysis_id, r.id
$$;

CREATE FUNCTION read_notes(p_ids text[]) RETURNS TABLE (analysis_id text, kind text, date text, outcome text, text text,
    written_by text, written_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT n.analysis_id, n.kind, n.date, n.outcome, n.text, n.written_by, n.written_at
    FROM note n JOIN analysis a ON a.id = n.analysis_id
    WHERE a.id = ANY (p_ids) AND a.versions > 0
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
    ORDER BY n.analysis_id, n.id
$$;

-- Every definition's hash: the indicators read each definition's hard stops and checks once.
CREATE FUNCTION definition_hashes() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT hash FROM checklist_definition ORDER BY hash
$$;

-- What the yearly indicators count, in one statement (indicator_rows, indicator_children_seen,
-- indicator_feedback_noted and indicator_granted_children_seen of Migrations 9 and 10 together):
-- the analyses the caller may see first submitted in [p_from, p_to), each latest version's
-- answers parsed once, and of them only the items p_items names (what Core counts and the hard
-- stops read). One read logged.
CREATE FUNCTION indicator_read(p_from text, p_to text, p_unit text, p_detail text, p_items text[]) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    answers text, approved_at text, returns bigint, returned_items text, overrides text, outcome text, analysis_id text,
    children_seen bigint, feedback_noted boolean, granted_children_seen bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_statistics_reader();
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    WITH base AS MATERIALIZED (
        SELECT a.id, a.checklist_id, a.unit, a.status, a.created_at, a.case_ref, f.created_at AS first_at,
            l.definition_hash, l.answers::jsonb AS answers,
            -- A correction is a new note: the latest outcome counts.
            (SELECT n.outcome FROM note n WHERE n.analysis_id = a.id AND n.kind = 'outcome' ORDER BY n.id DESC LIMIT 1) AS outcome
        FROM analysis a
        JOIN version f ON f.analysis_id = a.id AND f.number = 1
        JOIN version l ON l.analysis_id = a.id AND l.number = a.versions
        WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
          AND (a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()))
    ), named AS (
        SELECT b.id, b.first_at, b.unit, b.case_ref, substr(b.first_at, 1, 4) AS year,
            lower(btrim(c.value ->> 'alias', E' \t\n\r')) AS alias
        FROM base b
        CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(b.answers -> 'children') = 'array'
                                                     THEN b.answers -> 'children' ELSE '[]'::jsonb END) c
        WHERE b.checklist_id = 'barnkonsekvensanalys' AND b.status <> 'closed'
    ), seen AS (
        SELECT x.id, count(*) AS n FROM (
            SELECT m.id, first_value(m.id) OVER (PARTITION BY m.unit, m.year, m.case_ref, m.alias ORDER BY m.first_at, m.id) AS first_id
            FROM named m WHERE m.alias IS NOT NULL AND m.alias <> '') x
        WHERE x.first_id <> x.id GROUP BY x.id
    ), decided AS (
        SELECT b.id, b.first_at, b.unit, b.case_ref, substr(b.first_at, 1, 4) AS year,
            CASE WHEN btrim(coalesce(b.answers ->> 'decision_kind', '')) = '' THEN 'not_recorded'
                 ELSE b.answers ->> 'decision_kind' END AS kind,
            b.answers
        FROM base b
        WHERE b.checklist_id = 'barnkonsekvensanalys' AND b.status <> 'closed' AND b.outcome IN ('granted', 'partly')
    ), granted_named AS (
        SELECT d.id, d.first_at, d.unit, d.case_ref, d.year, d.kind, lower(btrim(c.value ->> 'alias', E' \t\n\r')) AS alias
        FROM decided d
        CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(d.answers -> 'children') = 'array'
                                                     THEN d.answers -> 'children' ELSE '[]'::jsonb END) c
        WHERE c.value ->> 'lives_in_household' = 'yes'
    ), granted_seen AS (
        SELECT x.id, count(*) AS n FROM (
            SELECT m.id, first_value(m.id) OVER (PARTITION BY m.unit, m.year, m.case_ref, m.kind, m.alias ORDER BY m.first_at, m.id) AS first_id
            FROM granted_named m WHERE m.alias IS NOT NULL AND m.alias <> '') x
        WHERE x.first_id <> x.id GROUP BY x.id
    )
    SELECT b.checklist_id, b.unit, b.status, b.created_at, b.first_at, b.definition_hash,
        (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each(b.answers) e WHERE e.key = ANY (p_items))::text,
        (SELECT max(r.at) FROM review r WHERE r.analysis_id = b.id AND r.decision = 'approve'),
        (SELECT count(*) FROM review r WHERE r.analysis_id = b.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT k, ' ') FROM review r, json_object_keys(r.item_comments::json) k
            WHERE r.analysis_id = b.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT r.rule, ' ') FROM review r WHERE r.analysis_id = b.id AND r.decision = 'override'),
        b.outcome, b.id, coalesce(s.n, 0), EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = b.id AND n.kind = 'feedback'),
        coalesce(g.n, 0)
    FROM base b LEFT JOIN seen s ON s.id = b.id LEFT JOIN granted_seen g ON g.id = b.id
    ORDER BY b.first_at, b.id;
END $$;

-- An import under way in this transaction: made by import_begin, removed by import_end. A row
-- still here at commit is an import not ended, and refuses the commit.
CREATE TABLE import_run (source_store text PRIMARY KEY, analyses integer NOT NULL DEFAULT 0);
ALTER TABLE import_run ENABLE ROW LEVEL SECURITY;
-- Run at commit, as whoever commits: so it reads the table as its owner.
CREATE FUNCTION import_must_end() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM import_run WHERE source_store = NEW.source_store) THEN
        PERFORM fail('the import of ' || NEW.source_store || ' was not ended; nothing of it is kept', 'BK401');
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER import_must_end AFTER INSERT ON import_run DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION import_must_end();

-- The import under way of p_store, for the parts after the first.
CREATE FUNCTION import_running(p_store text) RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('imports a store');
    IF NOT EXISTS (SELECT 1 FROM import_run WHERE source_store = p_store) THEN
        PERFORM fail('no import of ' || p_store || ' is under way in this transaction', 'BK401');
    END IF;
END $$;

-- The first part: the store's id, its definitions and grants (Core's plan without its analyses
-- and chain), kept as import_store kept them.
CREATE FUNCTION import_begin(p_header text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    plan json := p_header::json;
    source_id text := plan ->> 'store';
    now_at text := stamp();
    d json;
BEGIN
    PERFORM require_admin('imports a store');
    IF store_kind() IS DISTINCT FROM 'real' THEN PERFORM fail('only a real store takes in an import', 'BK401'); END IF;
    -- Ids are chosen while nobody else takes one.
    LOCK TABLE id_sequence IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM imported_audit WHERE source_store = source_id)
       OR EXISTS (SELECT 1 FROM import_run WHERE source_store = source_id) THEN
        PERFORM fail('the store ' || source_id || ' was imported before', 'BK401');
    END IF;
    INSERT INTO import_run VALUES (source_id, 0);
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
END $$;

-- A part of the analyses (a JSON array of Core's planned analyses), kept as import_store kept
-- each: ids kept where free, the rows, the events appended with the head in hand, written once.
CREATE FUNCTION import_analyses(p_store text, p_part text) RETURNS TABLE (from_id text, to_id text)
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

-- A part of the source chain's rows, kept as they are.
CREATE FUNCTION import_audit(p_store text, p_part text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM import_running(p_store);
    INSERT INTO imported_audit
        SELECT p_store, (r ->> 0)::bigint, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, decode(r ->> 6, 'hex'),
               decode(r ->> 7, 'hex'), decode(r ->> 8, 'hex')
        FROM json_array_elements(p_part::json) r;
END $$;

-- The last part: every analysis and the chain up to its head arrived; the import recorded in
-- this chain as import_store recorded it.
CREATE FUNCTION import_end(p_store text, p_head_id bigint, p_head_hash text, p_analyses integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    taken integer;
BEGIN
    PERFORM import_running(p_store);
    SELECT analyses INTO taken FROM import_run WHERE source_store = p_store;
    IF taken <> p_analyses THEN
        PERFORM fail('the import of ' || p_store || ' took ' || taken || ' analyses of ' || p_analyses, 'BK401');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM imported_audit WHERE source_store = p_store AND id = p_head_id AND encode(hash, 'hex') = p_head_hash) THEN
        PERFORM fail('the chain of ' || p_store || ' did not arrive up to its head', 'BK401');
    END IF;
    DELETE FROM import_run WHERE source_store = p_store;
    PERFORM audit_append('store.import', NULL, p_store || ' ' || p_head_id || ' ' || p_head_hash || ' ' || p_analyses);
END $$;

REVOKE EXECUTE ON FUNCTION definition_hashes(), indicator_read(text, text, text, text, text[]), read_analyses(text[]), read_versions(text[]), read_reviews(text[]), read_notes(text[]),
    import_must_end(), import_running(text), import_begin(text), import_analyses(text, text), import_audit(text, text),
    import_end(text, bigint, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION definition_hashes(), indicator_read(text, text, text, text, text[]), read_analyses(text[]), read_versions(text[]), read_reviews(text[]), read_notes(text[]),
    import_begin(text), import_analyses(text, text), import_audit(text, text), import_end(text, bigint, text, integer)
    TO barnkoll_staff;
"""#
}
