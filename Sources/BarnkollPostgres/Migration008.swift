// Migration 8 of the PostgreSQL store: a hard stop is overridden only on one of the accepted
// grounds (misclassified, the proposal will be changed, the matter goes to the board; issue 12),
// kept with the review and covered by its keyed digest, so `verify` sees it changed. The functions
// that read or check a review's digest are restated whole with the ground. And compensatory
// measures past their date come to the follow-up list (`measure_dates`). Never edited once shipped.
extension Migrations {
    static let m008 = #"""
-- The grounds on which a hard stop may be overridden (OverrideGround in Core). Reviews before
-- this migration have none; every override from now on names one.
ALTER TABLE review ADD COLUMN ground text CHECK (ground IN ('misclassified', 'proposal_changed', 'to_board'));
ALTER TABLE review ADD CONSTRAINT override_names_its_ground
    CHECK ((decision = 'override') = (ground IS NOT NULL)) NOT VALID;

-- record_review takes the ground; the old form, without it, is gone.
DROP FUNCTION record_review(text, text, integer, text, text, text, text);
CREATE FUNCTION record_review(p_id text, p_decision text, p_version integer, p_comment text, p_item_comments text,
                              p_rule text, p_move_to text, p_ground text) RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    content text := 'review' || E'\n' || rec.versions || E'\n' || session_user || E'\n' || p_decision || E'\n'
        || coalesce(p_rule, '-') || E'\n' || coalesce(lp(p_comment), '-') || E'\n' || lp(p_item_comments)
        || coalesce(E'\n' || p_ground, '');
    head chain_head;
BEGIN
    IF p_version <> rec.versions THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF NOT ((p_decision = 'approve' AND p_move_to IS NOT DISTINCT FROM 'approved')
            OR (p_decision = 'return' AND p_move_to IS NOT DISTINCT FROM 'returned')
            OR (p_decision = 'override' AND p_move_to IS NULL)) THEN
        PERFORM fail('a review approves, returns or overrides', 'BK401');
    END IF;
    IF (p_decision = 'override') <> (p_ground IS NOT NULL) THEN
        PERFORM fail('an override, and only an override, names one of the accepted grounds', 'BK401');
    END IF;
    IF p_move_to IS NOT NULL THEN
        UPDATE analysis SET status = p_move_to, updated_at = stamp() WHERE id = p_id;
        PERFORM audit_append('analysis.' || p_move_to, p_id, 'v' || rec.versions, content);
    ELSE
        PERFORM audit_append('analysis.override', p_id, p_rule, content);
        UPDATE analysis SET hard_stop = NULL WHERE id = p_id;
    END IF;
    INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, at, ground)
    VALUES (p_id, rec.versions, session_user, p_decision, p_comment, p_item_comments, p_rule, stamp(), p_ground);
    SELECT * INTO head FROM chain_head;
    IF p_decision = 'approve' THEN
        RAISE LOG 'barnkoll chain head store=% audit=% hash=%', barnkoll.store_id(), head.id, encode(head.hash, 'hex');
    END IF;
    RETURN QUERY SELECT barnkoll.store_id(), head.id, encode(head.hash, 'hex');
END $$;
REVOKE EXECUTE ON FUNCTION record_review(text, text, integer, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_review(text, text, integer, text, text, text, text, text) TO barnkoll_staff;

-- A review's keyed digest covers its ground, appended only when there is one, so the digests of
-- earlier reviews read as before (AuditChain.Content.review).
CREATE OR REPLACE FUNCTION content_problems() RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    r record;
BEGIN
    PERFORM audit_rows();
    FOR r IN SELECT a.id FROM analysis a LEFT JOIN analysis_key k ON k.analysis_id = a.id WHERE k.key IS NULL ORDER BY a.id LOOP
        RETURN NEXT 'analysis ' || r.id || ': its audit key is missing, so its content cannot be checked';
    END LOOP;
    FOR r IN SELECT v.analysis_id, v.number FROM version v
             WHERE v.content_hash <> encode(sha256(convert_to(v.definition_hash || E'\n' || v.answers, 'UTF8')), 'hex')
             ORDER BY 1, 2 LOOP
        RETURN NEXT 'version ' || r.analysis_id || ' v' || r.number || ': its content does not match its hash (changed outside barnkoll)';
    END LOOP;
    FOR r IN SELECT v.analysis_id, v.number FROM version v JOIN analysis_key k USING (analysis_id)
             WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.analysis_id = v.analysis_id AND a.digest = hmac(convert_to(
                 'version' || E'\n' || v.number || E'\n' || v.status || E'\n' || v.content_hash, 'UTF8'), k.key, 'sha256'))
             ORDER BY 1, 2 LOOP
        RETURN NEXT 'version ' || r.analysis_id || ' v' || r.number || ': not the version the audit trail recorded (changed outside barnkoll)';
    END LOOP;
    FOR r IN SELECT v.id, v.analysis_id FROM review v JOIN analysis_key k USING (analysis_id)
             WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.analysis_id = v.analysis_id AND a.digest = hmac(convert_to(
                 'review' || E'\n' || v.version || E'\n' || v.reviewer || E'\n' || v.decision || E'\n' || coalesce(v.rule, '-')
                 || E'\n' || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments)
                || coalesce(E'\n' || v.ground, ''), 'UTF8'), k.key, 'sha256'))
             ORDER BY 1 LOOP
        RETURN NEXT 'review ' || r.id || ' of ' || r.analysis_id || ': not the review the audit trail recorded (changed outside barnkoll)';
    END LOOP;
    -- Each answer of an editable analysis against the last save the chain holds for it.
    FOR r IN SELECT w.analysis_id, w.item_id FROM answer w JOIN analysis a ON a.id = w.analysis_id
             JOIN analysis_key k ON k.analysis_id = a.id
             WHERE a.status IN ('draft', 'returned') AND (SELECT l.digest FROM audit l WHERE l.analysis_id = w.analysis_id
                 AND l.action = 'answer.save' AND l.detail = w.item_id ORDER BY l.id DESC LIMIT 1)
                 IS DISTINCT FROM hmac(convert_to('answer' || E'\n' || w.item_id || E'\n' || w.value, 'UTF8'), k.key, 'sha256')
               AND EXISTS (SELECT 1 FROM audit l WHERE l.analysis_id = w.analysis_id AND l.action = 'answer.save' AND l.detail = w.item_id)
             ORDER BY 1, 2 LOOP
        RETURN NEXT 'answer ' || r.item_id || ' of ' || r.analysis_id || ': not the answer the audit trail recorded (changed outside barnkoll)';
    END LOOP;
    FOR r IN SELECT a.id, a.status, (SELECT substr(l.action, 10) FROM audit l WHERE l.analysis_id = a.id
                 AND l.action IN ('analysis.draft', 'analysis.submitted', 'analysis.returned', 'analysis.approved', 'analysis.closed')
                 ORDER BY l.id DESC LIMIT 1) AS logged
             FROM analysis a ORDER BY a.id LOOP
        IF coalesce(r.logged, 'draft') <> r.status THEN
            RETURN NEXT 'analysis ' || r.id || ': its status is ' || r.status || ' but the audit trail last moved it to '
                || coalesce(r.logged, 'draft') || ' (changed outside barnkoll)';
        END IF;
    END LOOP;
END $$;

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
                || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments)
                || coalesce(E'\n' || v.ground, ''), 'UTF8'), k.key, 'sha256'), 'hex')) ORDER BY v.id), '[]')
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

-- Reviews are read with their ground.
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
        'reviews', (SELECT coalesce(json_agg(json_build_array(version, reviewer, decision, comment, item_comments, rule, at, ground)
                                             ORDER BY id), '[]') FROM review WHERE analysis_id = p_id))::text;
END $$;

-- Compensatory measures (WatchedMeasures in Core): the earliest date one is to be in place by, of
-- the analyses the caller sees, while the follow-up is not recorded as done.
CREATE FUNCTION measure_dates() RETURNS TABLE (analysis_id text, measure_due text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id, (SELECT min(e.item ->> 'due_date') FROM answer w,
                         json_array_elements(CASE WHEN json_typeof(w.value::json) = 'array' THEN w.value::json ELSE '[]'::json END) AS e(item)
                  WHERE w.analysis_id = a.id AND w.item_id = 'compensatory_measures' AND json_typeof(e.item) = 'object')
    FROM analysis a
    WHERE a.versions > 0
      AND ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])
           OR a.checklist_id = ANY (open_checklists()))
      AND EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id AND w.item_id = 'compensatory_measures')
      AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'follow_up_done_date')
      AND NOT EXISTS (SELECT 1 FROM note n WHERE n.analysis_id = a.id AND n.kind = 'follow_up')
$$;
REVOKE EXECUTE ON FUNCTION measure_dates() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION measure_dates() TO barnkoll_staff;
"""#
}
