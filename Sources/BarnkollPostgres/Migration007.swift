// Migration 7 of the PostgreSQL store: analyses of decisions about children as a group (the
// checklist `gruppanalys`, issue 22) are public documents attached to a decision: everyone on
// staff reads them whatever their units, and any supervisor or admin reviews one, never its author,
// as Core's Permissions say. Every function that decided visibility by unit and author alone now
// also asks the checklist. Never edited once shipped.
extension Migrations {
    static let m007 = #"""
-- The checklists whose analyses everyone reads (VisibilityScope.open in Core).
CREATE FUNCTION open_checklists() RETURNS text[] LANGUAGE sql IMMUTABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT ARRAY['gruppanalys']::text[]
$$;

CREATE FUNCTION visible(p_unit text, p_author text, p_checklist text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT p_checklist = ANY (open_checklists()) OR visible(p_unit, p_author)
$$;

CREATE OR REPLACE FUNCTION locked(p_id text) RETURNS analysis LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    SELECT * INTO rec FROM analysis WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
    IF NOT visible(rec.unit, rec.author, rec.checklist_id) THEN PERFORM fail(p_id, 'BK403'); END IF;
    RETURN rec;
END $$;

CREATE OR REPLACE FUNCTION analysis_head(p_id text, p_lock boolean) RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, definition_hash text, "position" text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    IF p_lock THEN
        rec := locked(p_id);
    ELSE
        SELECT * INTO rec FROM analysis a WHERE a.id = p_id;
        IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
        IF NOT visible(rec.unit, rec.author, rec.checklist_id) THEN PERFORM fail(p_id, 'BK403'); END IF;
    END IF;
    RETURN QUERY SELECT rec.id, rec.checklist_id, rec.checklist_version, rec.case_ref, rec.unit, rec.author,
        rec.status, rec.versions, rec.created_at, rec.updated_at, rec.definition_hash, rec.position;
END $$;

CREATE OR REPLACE FUNCTION analysis_record(p_id text, p_logged boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    SELECT * INTO rec FROM analysis WHERE id = p_id;
    IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
    IF NOT visible(rec.unit, rec.author, rec.checklist_id) THEN PERFORM fail(p_id, 'BK403'); END IF;
    IF p_logged OR rec.author <> session_user THEN
        PERFORM audit_append('analysis.read', p_id, NULL);
    END IF;
    RETURN json_build_object(
        'answers', (SELECT coalesce(json_agg(json_build_array(item_id, value)), '[]') FROM answer WHERE analysis_id = p_id),
        'versions', (SELECT coalesce(json_agg(json_build_array(number, status, answers, content_hash, created_by, created_at)
                                              ORDER BY number), '[]') FROM version WHERE analysis_id = p_id),
        'reviews', (SELECT coalesce(json_agg(json_build_array(version, reviewer, decision, comment, item_comments, rule, at)
                                             ORDER BY id), '[]') FROM review WHERE analysis_id = p_id))::text;
END $$;

CREATE OR REPLACE FUNCTION audit_events(p_analysis text) RETURNS TABLE (at text, account text, action text, analysis_id text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    everything boolean := has_role('admin') OR pg_has_role(session_user, 'barnkoll_auditor', 'MEMBER');
BEGIN
    IF p_analysis IS NOT NULL AND NOT everything THEN PERFORM analysis_head(p_analysis, false); END IF;
    RETURN QUERY SELECT l.at, l.account, l.action, l.analysis_id, l.detail FROM audit l
        LEFT JOIN analysis a ON a.id = l.analysis_id
        WHERE (p_analysis IS NULL OR l.analysis_id = p_analysis)
          AND (everything OR l.analysis_id IS NULL OR (a.id IS NOT NULL AND visible(a.unit, a.author, a.checklist_id)))
        ORDER BY l.id;
END $$;

CREATE OR REPLACE FUNCTION analysis_notes(p_id text)
RETURNS TABLE (kind text, date text, outcome text, text text, written_by text, written_at text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM analysis a WHERE a.id = p_id AND visible(a.unit, a.author, a.checklist_id)) THEN
        PERFORM fail(p_id, 'BK403');
    END IF;
    RETURN QUERY SELECT n.kind, n.date, n.outcome, n.text, n.written_by, n.written_at FROM note n
                 WHERE n.analysis_id = p_id ORDER BY n.id;
END $$;

CREATE OR REPLACE FUNCTION analysis_summaries() RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, hard_stop text, retention_exempt text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
           a.created_at, a.updated_at, a.hard_stop, a.retention_exempt
    FROM analysis a
    WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
$$;

CREATE OR REPLACE FUNCTION follow_up_dates() RETURNS TABLE (analysis_id text, feedback_due text, follow_up_due text, report_due text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id,
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'feedback_planned_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'feedback_done_date')
              AND NOT EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'feedback' AND n.written_at >= d.updated_at)),
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'follow_up_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'follow_up_done_date')
              AND NOT EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'follow_up' AND n.written_at >= d.updated_at)),
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'supervisor_told_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'report_date')
              AND NOT EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'report' AND n.written_at >= d.updated_at))
    FROM analysis a
    WHERE a.versions > 0
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
      AND EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id
                  AND w.item_id IN ('feedback_planned_date', 'follow_up_date', 'supervisor_told_date'))
$$;

CREATE OR REPLACE FUNCTION search_ids(p_words text[]) RETURNS TABLE (analysis_id text, written text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    word text;
    stem text;
    matches text[] := '{}';
BEGIN
    FOREACH word IN ARRAY coalesce(p_words, '{}') LOOP
        CONTINUE WHEN coalesce(word, '') = '';
        stem := (ts_lexize('pg_catalog.swedish_stem', word))[1];
        matches := matches || format('(m.search_simple @@ %L::tsquery%s)', lexeme_prefix(lower(word)),
            CASE WHEN coalesce(stem, '') = '' THEN ''
                 ELSE format(' OR m.search_swedish @@ %L::tsquery', lexeme_prefix(stem)) END);
    END LOOP;
    IF cardinality(matches) = 0 THEN RETURN; END IF;
    RETURN QUERY EXECUTE
        'SELECT a.id, (SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = a.id) FROM analysis a '
        || 'WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[]) '
        || 'OR a.checklist_id = ANY (open_checklists())) '
        || 'AND a.id IN (SELECT m.analysis_id FROM answer m WHERE ' || array_to_string(matches, ' AND ') || ')';
END $$;

CREATE OR REPLACE FUNCTION override_reviews() RETURNS TABLE (analysis_id text, rule text, reviewer text, at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT r.analysis_id, r.rule, r.reviewer, r.at FROM review r JOIN analysis a ON a.id = r.analysis_id
    WHERE r.decision = 'override'
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
$$;

-- Four eyes: a reviewer supervises the analysis's unit and never wrote it; a group analysis is
-- reviewed by any supervisor or admin.
CREATE OR REPLACE FUNCTION review_four_eyes() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    reviewed analysis;
BEGIN
    SELECT * INTO reviewed FROM analysis WHERE id = NEW.analysis_id;
    IF reviewed.author = NEW.reviewer THEN
        PERFORM fail('nobody reviews their own analysis: ' || NEW.analysis_id || ' was written by ' || NEW.reviewer, 'BK401');
    END IF;
    IF reviewed.checklist_id = ANY (open_checklists()) THEN
        IF NOT EXISTS (SELECT 1 FROM role WHERE account = NEW.reviewer AND role IN ('supervisor', 'admin')) THEN
            PERFORM fail(NEW.reviewer || ' is neither a supervisor nor an admin and cannot review ' || NEW.analysis_id, 'BK401');
        END IF;
    ELSIF NOT supervises(NEW.reviewer, reviewed.unit) THEN
        PERFORM fail(NEW.reviewer || ' does not supervise ' || reviewed.unit || ', the unit of ' || NEW.analysis_id, 'BK401');
    END IF;
    RETURN NEW;
END $$;

DROP POLICY by_unit ON analysis;
CREATE POLICY by_unit ON analysis USING (author = session_user OR unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all())
                                         OR checklist_id = 'gruppanalys');
"""#
}
