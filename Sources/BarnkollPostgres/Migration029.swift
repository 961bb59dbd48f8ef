// Migration 29 of the PostgreSQL store: an export's reads are logged by one INSERT, not one a read.
//
// Migration 17's read_analyses hashed each read into the chain and inserted its row at once, one
// statement each: at 10,000 analyses the logging was about half of the function's time in the
// server (docs/benchmarks.md). The hashes still follow one another (each needs the one before), so
// they are still made in a loop, into arrays; the rows then go in by one INSERT, in the chain's
// order. Migration 27's check sees each row before it, as a row trigger sees the rows its
// statement inserted earlier. The same rows, the same order, the same chain. Never edited once
// shipped.
extension Migrations {
    static let m029 = #"""
CREATE OR REPLACE FUNCTION read_analyses(p_ids text[]) RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, definition_hash text, "position" text, answers text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    head chain_head;
    seen text[];
    ats text[] := '{}';
    hashes bytea[] := '{}';
    prevs bytea[] := '{}';
    row_at text;
    row_hash bytea;
    me text := session_user;
    -- The parts of audit_append's canonical text that are the same for every read.
    who text := octet_length(me)::text || ':' || me || E'\n' || octet_length('analysis.read')::text || ':analysis.read' || E'\n';
    i integer;
BEGIN
    SELECT coalesce(array_agg(a.id ORDER BY x.n), '{}') INTO seen
    FROM unnest(p_ids) WITH ORDINALITY AS x(wanted, n) JOIN analysis a ON a.id = x.wanted
    WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()));
    SELECT * INTO head FROM chain_head FOR UPDATE;
    FOR i IN 1 .. cardinality(seen) LOOP
        -- As audit_append writes the row (stamp(), canonical(), with no detail and no digest).
        row_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        row_hash := sha256(head.hash || convert_to('audit ' || (head.id + i)::text || E'\n'
            || octet_length(row_at)::text || ':' || row_at || E'\n' || who
            || octet_length(seen[i])::text || ':' || seen[i] || E'\n'
            || E'-\n-\n', 'UTF8'));
        ats[i] := row_at;
        prevs[i] := head.hash;
        hashes[i] := row_hash;
        head.hash := row_hash;
    END LOOP;
    INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
    SELECT head.id + r.n, r.at, me, 'analysis.read', r.analysis_id, NULL, NULL, r.hash, r.prev
    FROM unnest(ats, seen, hashes, prevs) WITH ORDINALITY AS r(at, analysis_id, hash, prev, n)
    ORDER BY r.n;
    UPDATE chain_head SET id = head.id + cardinality(seen), hash = head.hash;
    RETURN QUERY
    SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
           a.created_at, a.updated_at, a.definition_hash, a.position,
           -- One JSON object of the stored values (each already JSON), read by Core's answer reader.
           (SELECT '{' || coalesce(string_agg(to_json(w.item_id)::text || ':' || w.value, ','), '') || '}'
            FROM answer w WHERE w.analysis_id = a.id)
    FROM unnest(seen) WITH ORDINALITY AS x(wanted, n) JOIN analysis a ON a.id = x.wanted ORDER BY x.n;
END $$;

"""#
}
