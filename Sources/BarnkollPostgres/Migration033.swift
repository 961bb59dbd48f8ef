// Migration 33 of the PostgreSQL store (issue 19): an import's time grows with the analyses it
// brings, not with their square.
//
// At 2,000 analyses answers_written took 0.51 ms a call, at 10,000 2.28 ms (`track_functions`,
// docs/benchmarks.md). It is a statement trigger whose UPDATE joins the answers just written to
// `analysis`; PL/pgSQL keeps that plan for the session, and in an import's one transaction it was
// made while `analysis` was nearly empty, so it read the whole table for every analysis. The import
// now runs ANALYZE on `analysis` each time the analyses it brought pass a power of two: about ten
// times at 100,000, and the kept plans are made again from the new figures.
//
// Two more costs each imported analysis paid more than once: the next number of its kind and year
// was written for every analysis (one row, thousands of versions in one transaction, each write
// walking them), now once a part; and its indicator row was made again after its every version,
// review and note, now once, when all of it is in.
//
// import_analyses is Migration 21's with these three changes. Never edited once shipped.
extension Migrations {
    static let m033 = #"""
-- Keeps the next numbers a part used, {"PREFIX<US>YEAR": next}, never lowering one.
CREATE FUNCTION import_sequence_keep(p_next jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
    INSERT INTO id_sequence AS s
    SELECT split_part(k.key, E'\x1f', 1), split_part(k.key, E'\x1f', 2)::integer, k.value::integer
    FROM jsonb_each_text(p_next) AS k(key, value)
    ORDER BY 1, 2
    ON CONFLICT (prefix, year) DO UPDATE SET next = greatest(s.next, excluded.next)
$$;
REVOKE EXECUTE ON FUNCTION import_sequence_keep(jsonb) FROM PUBLIC;

-- An analysis being imported gets its indicator row once, at the end of its part of the import.
CREATE OR REPLACE FUNCTION indicator_analysis_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    -- Apart: PL/pgSQL checks a field of NEW in every branch of one expression.
    IF TG_TABLE_NAME = 'analysis' THEN
        PERFORM indicator_analysis_refresh(NEW.id);
    ELSIF NOT importing(NEW.analysis_id) THEN
        PERFORM indicator_analysis_refresh(NEW.analysis_id);
    END IF;
    RETURN NULL;
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
"""#
}
