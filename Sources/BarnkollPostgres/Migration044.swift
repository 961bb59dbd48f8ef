// Migration 44 of the PostgreSQL store: a version freezes the answers saved, and with a list of
// units its unit's answer names the unit the analysis is filed under.
//
// Until now `submit_version` took the answers' JSON from the client as it came. Core sends what
// the analysis holds, read under the same lock; a client calling the function without Core could
// freeze answers no one saved (each saved answer is checked by `save_answer` and on the chain), or
// resubmit an analysis returned after a map or rename with its old unit's answer, which Core
// refuses (`Casework.submission`). Both are refused here too (BK422), compared as JSON values, so
// key order and spelling of the same value do not matter. Completeness and hard stops stay the
// engine's (docs/operations.md, "What stays in barnkoll's engine").
// Otherwise Migration 1's body. Never edited once shipped.
extension Migrations {
    static let m044 = #"""
CREATE OR REPLACE FUNCTION submit_version(p_id text, p_number integer, p_status text, p_answers text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    content text := encode(sha256(convert_to(rec.definition_hash || E'\n' || p_answers, 'UTF8')), 'hex');
    saved jsonb := (SELECT coalesce(jsonb_object_agg(item_id, value::jsonb), '{}') FROM answer WHERE analysis_id = p_id);
BEGIN
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') can submit ' || p_id, 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') OR p_number <> rec.versions + 1 OR p_status NOT IN ('submitted', 'closed') THEN
        PERFORM fail(rec.status, 'BK409');
    END IF;
    IF p_answers IS NULL OR p_answers::jsonb IS DISTINCT FROM saved THEN
        PERFORM fail('a version of ' || p_id || ' holds the answers saved in it', 'BK422');
    END IF;
    IF units_defined() AND saved ? 'unit' AND saved -> 'unit' IS DISTINCT FROM to_jsonb(rec.unit) THEN
        PERFORM fail(p_id || ' is filed under the unit ' || rec.unit || ', and its answer is that unit', 'BK422');
    END IF;
    INSERT INTO version VALUES (p_id, p_number, p_status, p_answers, rec.definition_hash, content, session_user, stamp());
    UPDATE analysis SET status = p_status, versions = p_number, hard_stop = NULL, updated_at = stamp() WHERE id = p_id;
    PERFORM audit_append('analysis.' || p_status, p_id, 'v' || p_number,
                         'version' || E'\n' || p_number || E'\n' || p_status || E'\n' || content);
END $$;
"""#
}
