// Migration 23 of the PostgreSQL store: a search finds its first page by walking analyses in the
// order of their last answer, kept on the analysis (`written_at`), instead of ordering every
// candidate by a subquery. At 100,000 analyses the review queue (6,842 waiting) was past Migration
// 16's narrow road (5,000), and its wide road (the store's newest answers) met almost none of the
// waiting ones, so a search in the queue read every match of a common word through the GIN indexes:
// 8–10 s a page. `written_at` is kept by statement triggers on `answer` (saves, imports, purges
// alike). And a list by period has indexes of its own. Never edited once shipped.
extension Migrations {
    static let m023 = #"""
-- When an analysis's answers were last written (the newest answer's updated_at; NULL without answers).
ALTER TABLE analysis ADD COLUMN written_at text;
UPDATE analysis a SET written_at = w.at
FROM (SELECT m.analysis_id, max(m.updated_at) AS at FROM answer m GROUP BY m.analysis_id) w
WHERE w.analysis_id = a.id;
CREATE INDEX analysis_by_written ON analysis (written_at, id) WHERE written_at IS NOT NULL;
CREATE INDEX analysis_by_status_written ON analysis (status, written_at, id) WHERE written_at IS NOT NULL;
-- A list by period (created since, until), in the queue or over every status: at 100,000 analyses
-- the queue's month was found among all 6,842 waiting rows, read from the table.
CREATE INDEX analysis_by_status_created ON analysis (status, created_at);
CREATE INDEX analysis_by_created ON analysis (created_at);

-- Kept by whatever writes answers: one UPDATE per statement, not per answer (an import writes an
-- analysis's answers in one statement).
CREATE FUNCTION answers_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    UPDATE analysis a SET written_at = w.at
    FROM (SELECT n.analysis_id, max(n.updated_at) AS at FROM written n GROUP BY n.analysis_id) w
    WHERE a.id = w.analysis_id AND (a.written_at IS NULL OR a.written_at < w.at);
    RETURN NULL;
END $$;
CREATE FUNCTION answers_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, pg_temp AS $$
BEGIN
    UPDATE analysis a SET written_at = (SELECT max(m.updated_at) FROM answer m WHERE m.analysis_id = a.id)
    WHERE a.id IN (SELECT o.analysis_id FROM removed o);
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION answers_written() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION answers_removed() FROM PUBLIC;
CREATE TRIGGER answers_inserted AFTER INSERT ON answer REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION answers_written();
CREATE TRIGGER answers_updated AFTER UPDATE ON answer REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION answers_written();
CREATE TRIGGER answers_deleted AFTER DELETE ON answer REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION answers_removed();

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
        matching := '(SELECT true FROM answer m WHERE m.analysis_id = a.id AND ' || array_to_string(matches, ' AND ') || ' LIMIT 1)';
        everything := base || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
            || 'a.id IN (SELECT m.analysis_id FROM answer m WHERE ' || array_to_string(matches, ' AND ') || ' OFFSET 0)';
        walk := 'SELECT a.id FROM (SELECT a.id, a.written_at FROM ' || base
            || CASE WHEN cardinality(conds) > 0 THEN ' AND ' ELSE ' WHERE ' END
            || 'a.written_at IS NOT NULL ORDER BY a.written_at DESC, a.id DESC LIMIT ' || budget || ') a WHERE ' || matching;
        -- One walk for the page and the count: as many matches as the one that needs more.
        wanted := CASE WHEN p_limit IS NULL THEN NULL ELSE greatest(skip + p_limit, p_count + 1) END;
        EXECUTE 'SELECT array_agg(p.id) FROM (' || walk || ' LIMIT $12) p' INTO hits
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
            IF whole OR (p_limit IS NOT NULL AND walked >= skip + p_limit) THEN
                ids := hits[skip + 1 : CASE WHEN p_limit IS NULL THEN walked ELSE skip + p_limit END];
            ELSE
                -- Not a page among the first `budget`: every match through the GIN indexes, in the same order.
                EXECUTE 'SELECT array_agg(p.id) FROM (SELECT a.id FROM ' || everything
                    || ' ORDER BY a.written_at DESC, a.id DESC LIMIT $14 OFFSET $15) p' INTO ids
                    USING units, f ->> 'status', f ->> 'author', f ->> 'unit', f ->> 'checklist', f ->> 'case_ref',
                          f ->> 'since', f ->> 'until', f ->> 'scope_account', scope_units, scope_open,
                          NULL::text, NULL::text, p_limit, skip;
            END IF;
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
