// Migration 4 of the PostgreSQL store: a draft or returned analysis moves onto a newer definition
// of its checklist (Core's `DefinitionMove`), as the SQLite store's analysis row always allowed;
// and notes after the decision (Core's `Notes.swift`, the SQLite store's v16), which `verify`'s
// replay holds as records (`chain_records()`). Never edited once shipped.
extension Migrations {
    static let m004 = #"""
-- The definition is kept once by the hash of its text; the analysis must be editable, visible to
-- the caller, and move forward only, within its own checklist.
CREATE FUNCTION move_definition(p_id text, p_version integer, p_source text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    definition text := encode(sha256(convert_to(p_source, 'UTF8')), 'hex');
BEGIN
    IF rec.status NOT IN ('draft', 'returned') OR p_version <= rec.checklist_version THEN
        PERFORM fail(rec.status || ' v' || rec.checklist_version, 'BK409');
    END IF;
    INSERT INTO checklist_definition VALUES (definition, rec.checklist_id, p_version, p_source) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM audit_append('definition.add', NULL, rec.checklist_id || ' v' || p_version || ' ' || definition);
    END IF;
    UPDATE analysis SET definition_hash = definition, checklist_version = p_version WHERE id = p_id;
    PERFORM file_analysis(p_id);
    PERFORM audit_append('analysis.definition', p_id,
                         rec.checklist_id || ' v' || rec.checklist_version || ' v' || p_version || ' ' || definition);
END $$;
REVOKE EXECUTE ON FUNCTION move_definition(text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION move_definition(text, integer, text) TO barnkoll_staff;

-- Notes after the decision: beside the approved versions, never changed; deleted only by a purge.
CREATE TABLE note (
    id bigserial PRIMARY KEY,
    analysis_id text NOT NULL REFERENCES analysis(id),
    kind text NOT NULL CHECK (kind IN ('feedback', 'follow_up', 'report', 'outcome')),
    date text NOT NULL,
    outcome text CHECK (outcome IN ('granted', 'refused', 'partly')),
    text text NOT NULL,
    written_by text NOT NULL,
    written_at text NOT NULL
);
CREATE INDEX note_by_analysis ON note(analysis_id, id);
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON note USING (EXISTS (SELECT 1 FROM analysis a WHERE a.id = analysis_id));
CREATE TRIGGER note_never_changes BEFORE UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON note FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Core decides what may be noted; the database holds again that the analysis is decided and visible.
CREATE FUNCTION add_note(p_id text, p_kind text, p_date text, p_outcome text, p_text text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF rec.status NOT IN ('approved', 'closed') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    INSERT INTO note (analysis_id, kind, date, outcome, text, written_by, written_at)
    VALUES (p_id, p_kind, p_date, p_outcome, p_text, session_user, now_at);
    PERFORM audit_append('analysis.note', p_id, p_kind || ' ' || p_date,
        'note' || E'\n' || p_kind || E'\n' || p_date || E'\n' || coalesce(p_outcome, '-') || E'\n' || lp(p_text));
    RETURN now_at;
END $$;

CREATE FUNCTION analysis_notes(p_id text)
RETURNS TABLE (kind text, date text, outcome text, text text, written_by text, written_at text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM analysis a WHERE a.id = p_id AND visible(a.unit, a.author)) THEN
        PERFORM fail(p_id, 'BK403');
    END IF;
    RETURN QUERY SELECT n.kind, n.date, n.outcome, n.text, n.written_by, n.written_at FROM note n
                 WHERE n.analysis_id = p_id ORDER BY n.id;
END $$;

-- A note closes the date it keeps: written after the date's answer was last saved.
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
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[]))
      AND EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id
                  AND w.item_id IN ('feedback_planned_date', 'follow_up_date', 'supervisor_told_date'))
$$;

CREATE OR REPLACE FUNCTION delete_listed() RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    DELETE FROM workshop_participant WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM answer WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM version WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM review WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM note WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis_key WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis WHERE id IN (SELECT analysis_id FROM purge_list);
END $$;

REVOKE EXECUTE ON FUNCTION add_note(text, text, text, text, text), analysis_notes(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_note(text, text, text, text, text), analysis_notes(text) TO barnkoll_staff;

-- `verify`'s replay holds the notes as records too: each note's keyed digest beside the rest.
CREATE OR REPLACE FUNCTION chain_records() RETURNS TABLE (kind text, record text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM audit_rows();
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
                || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments), 'UTF8'), k.key, 'sha256'), 'hex')) ORDER BY v.id), '[]')
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
        -- A save that cleared an item recorded the digest of no value: those of the items not there now.
        'cleared', (SELECT coalesce(json_agg(json_build_array(s.item, encode(hmac(convert_to(
                'answer' || E'\n' || s.item || E'\n', 'UTF8'), k.key, 'sha256'), 'hex'))), '[]')
            FROM (SELECT DISTINCT l.detail AS item FROM audit l WHERE l.analysis_id = a.id
                  AND l.action IN ('answer.save', 'answer.sealed') AND l.detail IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id AND w.item_id = l.detail)) s)
        )::text
        FROM analysis a LEFT JOIN analysis_key k ON k.analysis_id = a.id;
END $$;
"""#
}
