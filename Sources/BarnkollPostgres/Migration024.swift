// Migration 24 of the PostgreSQL store: a save no longer rewrites the analysis row (and its nine
// indexes) on every answer. Migration 23 kept `analysis.written_at` equal to the newest answer's time;
// now it trails it by at most a minute (rewritten, like `updated_at`, at most once a minute per
// analysis), and `analysis_page` makes a search's page exact by a second step over the matches
// within a minute of the page's edge. And the answer's index by time, which no road reads since
// Migration 23, is dropped: one index fewer written on every save (docs/benchmarks.md, "A save at
// 100,000"). Never edited once shipped.
extension Migrations {
    static let m024 = #"""
-- A minute (and a second, for the clock's rounding to milliseconds) before a stored time.
CREATE FUNCTION written_before(t text) RETURNS text
LANGUAGE sql STABLE SET search_path = barnkoll, pg_temp AS $$
    SELECT to_char(t::timestamp - interval '61 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
REVOKE EXECUTE ON FUNCTION written_before(text) FROM PUBLIC;

-- written_at moves only when it is more than a minute old, or missing (a new analysis, an import):
-- it is never later than the newest answer and never more than a minute earlier.
CREATE OR REPLACE FUNCTION answers_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    UPDATE analysis a SET written_at = w.at
    FROM (SELECT n.analysis_id, max(n.updated_at) AS at FROM written n GROUP BY n.analysis_id) w
    WHERE a.id = w.analysis_id
      AND (a.written_at IS NULL
           OR (a.written_at < w.at AND a.written_at < to_char((clock_timestamp() - interval '60 seconds') AT TIME ZONE 'UTC',
                                                              'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
    RETURN NULL;
END $$;
-- An answer cleared: written_at falls back to the newest left when it was later than that (or there
-- is none left); otherwise it still trails the newest by less than a minute, and the row is left.
CREATE OR REPLACE FUNCTION answers_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    UPDATE analysis a SET written_at = x.at
    FROM (SELECT o.analysis_id, (SELECT max(m.updated_at) FROM answer m WHERE m.analysis_id = o.analysis_id) AS at
          FROM (SELECT DISTINCT r.analysis_id FROM removed r) o) x
    WHERE a.id = x.analysis_id AND (x.at IS NULL OR a.written_at IS NULL OR a.written_at > x.at)
      AND a.written_at IS DISTINCT FROM x.at;
    RETURN NULL;
END $$;

-- Read by no road since Migration 23 (Migration 16's wide road walked it); written on every save.
DROP INDEX answer_by_time;

CREATE OR REPLACE FUNCTION analysis_page(p_filter jsonb, p_limit integer, p_offset integer, p_count integer)
RETURNS TABLE (id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text,
               status text, versions integer, created_at text, updated_at text, total integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp
-- Its statements are planned anew for each call, and at 100,000 analyses their estimates pass
-- jit_above_cost: compiling them cost more than running them (docs/benchmarks.md).
SET jit = off AS $$
DECLARE
    f jsonb := coalesce(p_filter, '{}');
    units text[] := my_units();
    scope_units text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'scope_units', '[]')));
    scope_open text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'scope_open', '[]')));
    words text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'words', '[]')));
    -- An analysis's exact last answer, which written_at may trail by up to a minute (answers_written).
    newest constant text := '(SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = c.id)';
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
    walk text;
    hits text[];
    hit_times text[];
    edge text;
    walked integer;
    wanted integer;
    -- How many analyses a search asks for its words one by one before it goes to the GIN indexes.
    budget constant integer := 1000;
    ids text[] := '{}';
    candidates integer;
    whole boolean := false;
    counted integer;
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
        -- analysis's last answer, kept in analysis.written_at). The walk goes through the filter's
        -- analyses in that order (analysis_by_written, analysis_by_status_written) and asks each for
        -- the words (`matching`, a subquery per row) until it has the page and the count, asking at
        -- most `budget`; a word rarer than that in the filter's analyses is found and counted through
        -- the GIN indexes (`everything`) instead (docs/benchmarks.md, "The search walks analyses by their last answer").
        -- written_at trails the last answer by up to a minute (Migration 24: a save rewrites the
        -- analysis at most once a minute), so the page is made exact in a second step: the matches
        -- from the top down to a minute past the page's edge in written_at's order, ordered by their
        -- exact last answer. No analysis past that can be on the page.
        matching := '(SELECT true FROM answer m WHERE m.analysis_id = a.id AND ' || array_to_string(matches, ' AND ') || ' LIMIT 1)';
        everything := base || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
            || 'a.id IN (SELECT m.analysis_id FROM answer m WHERE ' || array_to_string(matches, ' AND ') || ' OFFSET 0)';
        walk := 'SELECT a.id, a.written_at FROM (SELECT a.id, a.written_at FROM ' || base
            || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
            || 'a.written_at IS NOT NULL ORDER BY a.written_at DESC, a.id DESC LIMIT ' || budget || ') a WHERE ' || matching;
        -- One walk for the page and the count: as many matches as the one that needs more.
        wanted := CASE WHEN p_limit IS NULL THEN NULL ELSE greatest(skip + p_limit, p_count + 1) END;
        EXECUTE 'SELECT array_agg(p.id), array_agg(p.written_at) FROM (' || walk || ' LIMIT $12) p' INTO hits, hit_times
            USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                  f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open, wanted;
        walked := coalesce(cardinality(hits), 0);
        -- Fewer matches than wanted: all there are, unless the walk stopped at its budget.
        IF wanted IS NULL OR walked < wanted THEN
            EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 FROM ' || base || ' LIMIT ' || (budget + 1) || ') c' INTO candidates
                USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                      f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open;
            whole := candidates <= budget;
        END IF;
        IF p_limit IS NULL OR p_limit > 0 THEN
            IF p_limit IS NOT NULL AND walked >= skip + p_limit THEN
                -- The page's edge is the walk's last hit on it: the hits above it, and the matches
                -- below it down to a minute (and a second, for the clock's rounding) before it.
                edge := hit_times[skip + p_limit];
                EXECUTE 'SELECT array_agg(c.id ORDER BY c.at DESC, c.id DESC) FROM (SELECT c.id, ' || newest || ' AS at FROM ('
                    || 'SELECT a.id FROM analysis a WHERE a.id = ANY ($15) UNION ALL SELECT a.id FROM ' || base
                    || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
                    || '(a.written_at, a.id) < ($12, $13) AND a.written_at >= $14 AND ' || matching || ') c) c' INTO ids
                    USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                          f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                          edge, hits[skip + p_limit], written_before(edge), hits[1 : skip + p_limit];
            ELSIF whole THEN
                -- Every match was walked.
                EXECUTE 'SELECT array_agg(c.id ORDER BY c.at DESC, c.id DESC) FROM (SELECT c.id, ' || newest
                    || ' AS at FROM unnest($1::text[]) AS c(id)) c' INTO ids USING hits;
            ELSE
                -- Not a page among the first `budget`: every match through the GIN indexes, the page's
                -- edge in written_at's order, then the matches down to a minute before it.
                EXECUTE 'WITH e AS MATERIALIZED (SELECT a.id, a.written_at FROM ' || everything || '), '
                    || 'edge AS (SELECT e.written_at FROM e ORDER BY e.written_at DESC, e.id DESC LIMIT 1 OFFSET $12) '
                    || 'SELECT array_agg(c.id ORDER BY c.at DESC, c.id DESC) FROM (SELECT e.id, ' || replace(newest, 'c.id', 'e.id')
                    || ' AS at FROM e WHERE NOT EXISTS (SELECT 1 FROM edge) OR e.written_at >= (SELECT written_before(edge.written_at) FROM edge)) c'
                    INTO ids
                    USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                          f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                          CASE WHEN p_limit IS NULL THEN 2147483647 ELSE skip + p_limit - 1 END;
            END IF;
            ids := ids[skip + 1 : CASE WHEN p_limit IS NULL THEN cardinality(ids) ELSE skip + p_limit END];
        END IF;
        IF p_count > 0 THEN
            IF whole OR walked > p_count THEN
                counted := least(walked, p_count + 1);
            ELSE
                -- Fewer than the count limit among the first `budget`: counted from every match.
                EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 FROM ' || everything || ' LIMIT $12) c' INTO counted
                    USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                          f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open, p_count + 1;
            END IF;
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

"""#
}
