// Migration 16 of the PostgreSQL store: lists and searches read a page, not everything the reader
// may see. Before it, a list selected from analysis_summaries() (SECURITY DEFINER, so never inlined:
// every visible analysis was made before the filter, the order and the limit), and a search joined
// search_ids(), which returned every match with its own max(answer.updated_at) before the page was
// cut; the count did it all again. Here one function takes the filter, checks visibility once
// (sees_all(), my_units() into variables), and plans only the clauses given, with the order and
// the limit inside. And a read no longer locks the anchor's row (an xid, so a flushed commit) only
// to find nothing due. Never edited once shipped.
extension Migrations {
    static let m016 = #"""
-- The review queue and every list by status, in its order (the queue: submitted, oldest first).
CREATE INDEX analysis_by_status ON analysis (status, updated_at, id);
-- When an analysis's answers were last written, read from the index alone (a search's order).
CREATE INDEX answer_by_written ON answer (analysis_id, updated_at);
-- The store's answers newest first (a search's first page).
CREATE INDEX answer_by_time ON answer (updated_at, analysis_id);

-- A page of the analyses a filter selects among those the reader may see (as the row-level policy
-- on analysis says, which binds not the owner this runs as), and how many there are up to
-- p_count + 1 (none counted when p_count is 0). The filter is Core's AnalysisFilter as JSON:
-- status, author, unit, checklist, case_ref, since, until (exclusive), scope_account,
-- scope_units, scope_open, after_updated and after_id (keyset), oldest, words. Values are bound,
-- never spliced; only the words are quoted into the query as lexemes (as search_ids does), so the
-- planner sees constants for the GIN indexes. Rows come with the count in `total`; an empty page
-- with a count is one row whose id is NULL.
CREATE FUNCTION analysis_page(p_filter jsonb, p_limit integer, p_offset integer, p_count integer)
RETURNS TABLE (id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text,
               status text, versions integer, created_at text, updated_at text, total integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    f jsonb := coalesce(p_filter, '{}');
    units text[] := my_units();
    scope_units text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'scope_units', '[]')));
    scope_open text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'scope_open', '[]')));
    words text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'words', '[]')));
    oldest boolean := coalesce((f ->> 'oldest')::boolean, false);
    skip integer := greatest(coalesce(p_offset, 0), 0);
    conds text[] := '{}';
    matches text[] := '{}';
    word text;
    stem text;
    base text;
    matching text;
    everything text;
    ordering text;
    ids text[] := '{}';
    candidates integer;
    counted integer;
    common boolean := true;
    columns constant text := 'a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, '
                             || 'a.versions, a.created_at, a.updated_at';
BEGIN
    -- $1 … $11 in every statement below: the reader's units, then the filter's values.
    IF NOT sees_all() THEN
        conds := conds || '(a.author = session_user OR a.unit = ANY ($1) OR a.checklist_id = ANY (open_checklists()))'::text;
    END IF;
    IF f ->> 'status' IS NOT NULL THEN conds := conds || 'a.status = $2'::text; END IF;
    IF f ->> 'author' IS NOT NULL THEN conds := conds || 'a.author = $3'::text; END IF;
    IF f ->> 'unit' IS NOT NULL THEN conds := conds || 'a.unit = $4'::text; END IF;
    IF f ->> 'checklist' IS NOT NULL THEN conds := conds || 'a.checklist_id = $5'::text; END IF;
    IF f ->> 'case_ref' IS NOT NULL THEN conds := conds || 'a.case_ref = $6'::text; END IF;
    IF f ->> 'since' IS NOT NULL THEN conds := conds || 'a.created_at >= $7'::text; END IF;
    IF f ->> 'until' IS NOT NULL THEN conds := conds || 'a.created_at < $8'::text; END IF;
    IF f ? 'scope_account' THEN
        conds := conds || '(a.author = $9 OR a.unit = ANY ($10) OR a.checklist_id = ANY ($11))'::text;
    END IF;
    base := 'analysis a' || CASE WHEN cardinality(conds) > 0 THEN ' WHERE ' || array_to_string(conds, ' AND ') ELSE '' END;
    FOREACH word IN ARRAY words LOOP
        CONTINUE WHEN coalesce(word, '') = '';
        -- A stop word ("och") has no stem: the simple vector alone finds it.
        stem := (ts_lexize('pg_catalog.swedish_stem', word))[1];
        matches := matches || format('(m.search_simple @@ %L::tsquery%s)', lexeme_prefix(lower(word)),
            CASE WHEN coalesce(stem, '') = '' THEN ''
                 ELSE format(' OR m.search_swedish @@ %L::tsquery', lexeme_prefix(stem)) END);
    END LOOP;

    IF cardinality(matches) = 0 AND cardinality(words) > 0 THEN
        counted := 0;                               -- words, but none to search for
    ELSIF cardinality(matches) = 0 THEN
        -- A list: the order's index, the keyset after the last row seen, the page.
        IF p_count > 0 THEN
            EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 FROM ' || base || ' LIMIT $12) c' INTO counted
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open, p_count + 1;
        END IF;
        IF p_limit IS NULL OR p_limit > 0 THEN
            ordering := 'SELECT array_agg(p.id) FROM (SELECT a.id FROM ' || base;
            IF f ->> 'after_id' IS NOT NULL THEN
                ordering := ordering || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
                    || CASE WHEN oldest THEN '(a.updated_at, a.id) > ($12, $13)' ELSE '(a.updated_at, a.id) < ($12, $13)' END;
            END IF;
            EXECUTE ordering || CASE WHEN oldest THEN ' ORDER BY a.updated_at, a.id' ELSE ' ORDER BY a.updated_at DESC, a.id DESC' END
                || ' LIMIT $14 OFFSET $15) p' INTO ids
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                      f ->> 'after_updated', f ->> 'after_id', p_limit, skip;
        END IF;
    ELSE
        -- A search: every word in one and the same answer, most recently written first (an
        -- analysis's last answer), by the road its filter and words make cheapest
        -- (docs/benchmarks.md, "Reads at interactive speed"). `matching` asks the words of one
        -- analysis (a subquery per row); `everything` finds every match through the GIN indexes.
        matching := '(SELECT true FROM answer m WHERE m.analysis_id = a.id AND ' || array_to_string(matches, ' AND ') || ' LIMIT 1)';
        everything := base || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
            || 'a.id IN (SELECT m.analysis_id FROM answer m WHERE ' || array_to_string(matches, ' AND ') || ' OFFSET 0)';
        EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 FROM ' || base || ' LIMIT 5001) c' INTO candidates
            USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                  f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open;
        IF p_limit IS NOT NULL AND p_limit = 0 AND candidates <= 5000 THEN
            NULL;                                   -- a count alone, one by one below
        ELSIF candidates <= 5000 THEN
            -- A narrow filter (the queue, one unit): its analyses ordered by their last answer
            -- (answer_by_written), each asked for the words in that order until the page is full.
            EXECUTE 'SELECT array_agg(a.id) FROM (SELECT a.id FROM (SELECT ' || columns
                || ', (SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = a.id) AS written FROM ' || base
                || ' ORDER BY written DESC, a.id DESC OFFSET 0) a WHERE ' || matching || ' LIMIT $14 OFFSET $15) a' INTO ids
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                      NULL::text, NULL::text, p_limit, skip;
        ELSE
            -- A wide one: first the store's newest answers (answer_by_time), each analysis met at its
            -- first, so last, answer. The analyses met there are exactly the first of the whole
            -- order, so when enough of them match, the page is theirs: a common word needs a few
            -- hundred analyses.
            EXECUTE 'WITH walk AS (SELECT x.analysis_id, x.updated_at FROM answer x '
                || 'ORDER BY x.updated_at DESC, x.analysis_id DESC LIMIT 10000), '
                || 'recent AS (SELECT w.analysis_id, max(w.updated_at) AS written FROM walk w GROUP BY w.analysis_id) '
                || 'SELECT array_agg(p.id) FROM (SELECT a.id FROM '
                || '(SELECT * FROM recent ORDER BY written DESC, analysis_id DESC OFFSET 0) r '
                || 'CROSS JOIN LATERAL (SELECT a.id FROM ' || base
                || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
                || 'a.id = r.analysis_id AND ' || matching || ' LIMIT 1) a '
                || 'ORDER BY r.written DESC, a.id DESC LIMIT $14 OFFSET $15) p' INTO ids
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                      NULL::text, NULL::text, coalesce(nullif(p_limit, 0), CASE WHEN p_limit = 0 THEN 50 END), skip;
            IF p_limit = 0 THEN
                -- A count alone: the walk told whether the words are common (a page of 50 found).
                common := coalesce(cardinality(ids), 0) >= 50;
                ids := NULL;
            ELSIF p_limit IS NULL OR coalesce(cardinality(ids), 0) < p_limit THEN
                -- A rarer word: every match through the GIN indexes, ordered by its last answer.
                common := false;
                EXECUTE 'SELECT array_agg(p.id) FROM (SELECT a.id FROM ' || everything
                    || ' ORDER BY (SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = a.id) DESC, a.id DESC'
                    || ' LIMIT $14 OFFSET $15) p' INTO ids
                    USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                          f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                          NULL::text, NULL::text, p_limit, skip;
            END IF;
        END IF;
        IF p_count > 0 THEN
            -- Counted as the page was found: a narrow filter or a common word analysis by analysis
            -- (a few hundred at most before the count is passed), a rare word from its matches.
            EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 FROM '
                || CASE WHEN common THEN base || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END || matching
                        ELSE everything END
                || ' LIMIT $12) c' INTO counted
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open, p_count + 1;
        END IF;
    END IF;

    RETURN QUERY SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
                        a.created_at, a.updated_at, counted
                 FROM unnest(coalesce(ids, '{}')) WITH ORDINALITY AS p(id, n) JOIN analysis a ON a.id = p.id ORDER BY p.n;
    IF NOT FOUND AND p_count > 0 THEN
        RETURN QUERY SELECT NULL::text, NULL::text, NULL::integer, NULL::text, NULL::text, NULL::text,
                            NULL::text, NULL::integer, NULL::text, NULL::text, counted;
    END IF;
END $$;

-- The anchor's row is locked only when an anchor is due: a lock takes a transaction id, and its
-- commit then waits for the disk, after every write and (before this) every read.
CREATE OR REPLACE FUNCTION anchor_if_due(p_events integer, p_seconds integer) RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    anchored bigint;
    head chain_head;
    oldest text;
BEGIN
    SELECT a.id INTO anchored FROM anchor_state a;
    SELECT * INTO head FROM chain_head;
    IF head.id <= anchored THEN RETURN; END IF;
    SELECT a.at INTO oldest FROM audit a WHERE a.id > anchored ORDER BY a.id LIMIT 1;
    IF head.id - anchored < p_events AND oldest > to_char((clock_timestamp() - make_interval(secs => p_seconds)) AT TIME ZONE 'UTC',
                                                          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') THEN
        RETURN;
    END IF;
    -- Due: now one at a time, and again against what another session may have anchored meanwhile.
    SELECT a.id INTO anchored FROM anchor_state a FOR UPDATE;
    SELECT * INTO head FROM chain_head;
    IF head.id <= anchored THEN RETURN; END IF;
    UPDATE anchor_state SET id = head.id;
    RAISE LOG 'barnkoll chain head store=% audit=% hash=%', barnkoll.store_id(), head.id, encode(head.hash, 'hex');
    RETURN QUERY SELECT barnkoll.store_id(), head.id, encode(head.hash, 'hex');
END $$;

REVOKE EXECUTE ON FUNCTION analysis_page(jsonb, integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analysis_page(jsonb, integer, integer, integer) TO barnkoll_staff;
"""#
}
