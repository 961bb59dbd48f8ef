// Migration 1 of the PostgreSQL store. Never edited once shipped: a change is a new migration
// (its checksum is recorded, and a changed text is refused).
//
// Run as barnkoll_owner (NOLOGIN): it owns every table and function. Staff (members of
// barnkoll_staff) get no table rights, only EXECUTE on the SECURITY DEFINER functions below, each
// with its search_path pinned. Identity is session_user, which no SET ROLE changes.
// Custom SQLSTATEs: BK404 not found, BK403 not visible, BK409 not editable or a forbidden move,
// BK401 not allowed (a rule), BK422 an invalid value.
extension Migrations {
    static let m001 = #"""
REVOKE ALL ON SCHEMA barnkoll FROM PUBLIC;
GRANT USAGE ON SCHEMA barnkoll TO barnkoll_staff, barnkoll_auditor;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
-- pgcrypto (HMAC, random keys) in a schema of its own, used only by the owner's functions.
CREATE SCHEMA barnkoll_crypto;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA barnkoll_crypto;

CREATE TABLE store_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE checklist_definition (
    hash text PRIMARY KEY,
    checklist_id text NOT NULL,
    version integer NOT NULL,
    source text NOT NULL
);

CREATE TABLE status_transition (from_status text, to_status text, PRIMARY KEY (from_status, to_status));
INSERT INTO status_transition VALUES ('draft', 'submitted'), ('draft', 'closed'), ('submitted', 'approved'),
    ('submitted', 'returned'), ('returned', 'submitted'), ('returned', 'closed'), ('approved', 'draft');

CREATE TABLE id_sequence (prefix text, year integer, next integer NOT NULL, PRIMARY KEY (prefix, year));

CREATE TABLE unit (name text PRIMARY KEY, created_by text NOT NULL, created_at text NOT NULL);

CREATE TABLE role (
    account text NOT NULL,
    role text NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'trainer', 'admin')),
    unit text NOT NULL DEFAULT '',
    granted_by text NOT NULL,
    granted_at text NOT NULL,
    PRIMARY KEY (account, role, unit)
);

CREATE TABLE analysis (
    id text PRIMARY KEY,
    checklist_id text NOT NULL,
    checklist_version integer NOT NULL,
    definition_hash text NOT NULL REFERENCES checklist_definition (hash),
    case_ref text NOT NULL,
    unit text NOT NULL,
    author text NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'closed')),
    versions integer NOT NULL DEFAULT 0,
    position text,
    hard_stop text,
    retention_exempt text,
    created_at text NOT NULL,
    updated_at text NOT NULL
);
CREATE INDEX analysis_by_unit ON analysis (unit, status, updated_at);
CREATE INDEX analysis_by_author ON analysis (author, status, updated_at);
CREATE INDEX analysis_by_updated ON analysis (updated_at, id);

CREATE TABLE answer (
    analysis_id text NOT NULL REFERENCES analysis (id),
    item_id text NOT NULL,
    value text NOT NULL,
    search_text text NOT NULL,
    updated_at text NOT NULL,
    updated_by text NOT NULL,
    PRIMARY KEY (analysis_id, item_id)
);

CREATE TABLE version (
    analysis_id text NOT NULL REFERENCES analysis (id),
    number integer NOT NULL,
    status text NOT NULL,
    answers text NOT NULL,
    definition_hash text NOT NULL REFERENCES checklist_definition (hash),
    content_hash text NOT NULL,
    created_by text NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (analysis_id, number)
);

CREATE TABLE review (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id text NOT NULL REFERENCES analysis (id),
    version integer NOT NULL,
    reviewer text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('approve', 'return', 'override')),
    comment text,
    item_comments text NOT NULL DEFAULT '{}',
    rule text,
    at text NOT NULL
);
CREATE INDEX review_by_analysis ON review (analysis_id);

-- Per-analysis HMAC keys: no staff role is granted this table, or any function that reads it out.
CREATE TABLE analysis_key (analysis_id text PRIMARY KEY REFERENCES analysis (id), key bytea NOT NULL);

-- The audit chain. `prev` is unique: two rows after the same head (a fork) cannot both exist.
CREATE TABLE audit (
    id bigint PRIMARY KEY,
    at text NOT NULL,
    account text NOT NULL,
    action text NOT NULL,
    analysis_id text,
    detail text,
    digest bytea,
    hash bytea NOT NULL,
    prev bytea NOT NULL UNIQUE
);
CREATE INDEX audit_by_analysis ON audit (analysis_id);

-- The chain's head, one row, locked FOR UPDATE by every writer in its own transaction.
CREATE TABLE chain_head (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), id bigint NOT NULL, hash bytea NOT NULL);
INSERT INTO chain_head VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- Analyses being purged, filled and emptied inside the purge's transaction: the only deletions the triggers let through.
CREATE TABLE purge_list (analysis_id text PRIMARY KEY);

CREATE TABLE workshop (
    code text PRIMARY KEY,
    case_id text NOT NULL,
    checklist_id text NOT NULL,
    trainer text NOT NULL,
    created_at text NOT NULL
);
CREATE TABLE workshop_participant (
    code text NOT NULL REFERENCES workshop (code),
    pseudonym text NOT NULL,
    account text NOT NULL,
    analysis_id text NOT NULL UNIQUE REFERENCES analysis (id),
    joined_at text NOT NULL,
    PRIMARY KEY (code, pseudonym)
);

-- Helpers (not granted to anyone).

-- Timestamps as the SQLite store writes them, in UTC whatever the session's TimeZone.
CREATE FUNCTION stamp() RETURNS text LANGUAGE sql VOLATILE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION fail(message text, code text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = message, ERRCODE = code;
END $$;

-- A length-prefixed field, as AuditChain.swift writes them.
CREATE FUNCTION lp(field text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT octet_length(field)::text || ':' || field
$$;

-- One field as AuditChain.canonical writes it: length-prefixed, or '-' for none.
CREATE FUNCTION field(f text) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT CASE WHEN f IS NULL THEN E'-\n' ELSE lp(f) || E'\n' END
$$;

-- One row's canonical bytes (AuditChain.canonical).
CREATE FUNCTION canonical(id bigint, at text, account text, action text, analysis_id text, detail text, digest bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT convert_to('audit ' || id::text || E'\n' || field(at) || field(account) || field(action) || field(analysis_id)
                      || field(detail) || field(encode(digest, 'hex')), 'UTF8')
$$;

-- Appends a row to the chain in the caller's transaction: the head locked, the row hashed
-- after it, the head moved. `content` is the event's content text (AuditChain.Content.text),
-- kept only as an HMAC under its analysis's key.
CREATE FUNCTION audit_append(p_action text, p_analysis text, p_detail text, p_content text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    head chain_head;
    row_digest bytea;
    row_at text := stamp();
    row_hash bytea;
    analysis_key bytea;
BEGIN
    SELECT * INTO head FROM chain_head FOR UPDATE;
    IF p_content IS NOT NULL THEN
        SELECT key INTO analysis_key FROM barnkoll.analysis_key WHERE analysis_id = p_analysis;
        IF analysis_key IS NULL THEN
            PERFORM fail('the audit key of ' || coalesce(p_analysis, 'an analysis') || ' is missing from the store; run barnkoll verify', 'BK401');
        END IF;
        row_digest := hmac(convert_to(p_content, 'UTF8'), analysis_key, 'sha256');
    END IF;
    row_hash := sha256(head.hash || canonical(head.id + 1, row_at, session_user::text, p_action, p_analysis, p_detail, row_digest));
    INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
    VALUES (head.id + 1, row_at, session_user, p_action, p_analysis, p_detail, row_digest, row_hash, head.hash);
    UPDATE chain_head SET id = head.id + 1, hash = row_hash;
END $$;

CREATE FUNCTION store_id() RETURNS text LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT coalesce((SELECT value FROM store_meta WHERE key = 'store_id'), '-')
$$;

CREATE FUNCTION store_kind() RETURNS text LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT value FROM store_meta WHERE key = 'kind'
$$;

CREATE FUNCTION has_role(p_role text) RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM role WHERE account = session_user AND role = p_role AND unit = '')
$$;

CREATE FUNCTION units_defined() RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM unit)
$$;

-- Sees every analysis: no units defined, or an admin or supervisor of the administration (Actor.scope).
CREATE FUNCTION sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT NOT units_defined() OR EXISTS (SELECT 1 FROM role WHERE account = session_user AND unit = ''
                                                                AND role IN ('admin', 'supervisor'))
$$;

CREATE FUNCTION my_units() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT unit), '{}') FROM role WHERE account = session_user AND unit <> ''
$$;

CREATE FUNCTION visible(p_unit text, p_author text) RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT p_author = session_user OR p_unit = ANY (my_units()) OR sees_all()
$$;

CREATE FUNCTION supervises(p_account text, p_unit text) RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM role WHERE account = p_account AND role = 'supervisor'
                   AND (unit = '' OR (unit = p_unit AND units_defined())))
        OR (NOT units_defined() AND EXISTS (SELECT 1 FROM role WHERE account = p_account AND role = 'supervisor'))
$$;

CREATE FUNCTION require_admin(what text) RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT has_role('admin') THEN
        PERFORM fail('only an admin ' || what || '; ' || session_user || ' is not one', 'BK401');
    END IF;
END $$;

-- The analysis, locked for the caller's transaction; refused when missing or not visible.
CREATE FUNCTION locked(p_id text) RETURNS analysis LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    SELECT * INTO rec FROM analysis WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
    IF NOT visible(rec.unit, rec.author) THEN PERFORM fail(p_id, 'BK403'); END IF;
    RETURN rec;
END $$;

CREATE FUNCTION purging(p_analysis text) RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM purge_list WHERE analysis_id = p_analysis)
$$;

-- Triggers: a second wall, whoever writes.

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME <> 'audit' THEN
        IF purging(OLD.analysis_id) THEN RETURN OLD; END IF;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are never changed or deleted', ERRCODE = 'BK409';
END $$;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER version_never_changes BEFORE UPDATE OR DELETE ON version FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_never_changes BEFORE UPDATE OR DELETE ON review FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON analysis FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON answer FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON version FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON review FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE FUNCTION analysis_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF purging(OLD.id) THEN RETURN OLD; END IF;
        PERFORM fail('analyses are not deleted', 'BK409');
    END IF;
    IF NEW.status <> OLD.status AND NOT EXISTS (
        SELECT 1 FROM status_transition WHERE from_status = OLD.status AND to_status = NEW.status) THEN
        PERFORM fail(OLD.id || ' cannot go from ' || OLD.status || ' to ' || NEW.status, 'BK409');
    END IF;
    IF NEW.id <> OLD.id OR NEW.checklist_id <> OLD.checklist_id OR NEW.created_at <> OLD.created_at
       OR (NEW.author <> OLD.author AND OLD.status NOT IN ('draft', 'returned'))
       OR (OLD.status NOT IN ('draft', 'returned') AND (NEW.case_ref <> OLD.case_ref
           OR NEW.definition_hash <> OLD.definition_hash OR NEW.checklist_version <> OLD.checklist_version)) THEN
        PERFORM fail('a submitted, approved or closed analysis keeps what it was decided on', 'BK409');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER analysis_guard BEFORE UPDATE OR DELETE ON analysis FOR EACH ROW EXECUTE FUNCTION analysis_guard();

CREATE FUNCTION answer_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    owner_id text := CASE WHEN TG_OP = 'DELETE' THEN OLD.analysis_id ELSE NEW.analysis_id END;
BEGIN
    IF TG_OP = 'DELETE' AND purging(owner_id) THEN RETURN OLD; END IF;
    IF (SELECT status FROM analysis WHERE id = owner_id) NOT IN ('draft', 'returned') THEN
        PERFORM fail('the analysis is not editable', 'BK409');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER answer_guard BEFORE INSERT OR UPDATE OR DELETE ON answer FOR EACH ROW EXECUTE FUNCTION answer_guard();

-- Four eyes: a reviewer supervises the analysis's unit and never wrote it.
CREATE FUNCTION review_four_eyes() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    reviewed analysis;
BEGIN
    SELECT * INTO reviewed FROM analysis WHERE id = NEW.analysis_id;
    IF reviewed.author = NEW.reviewer THEN
        PERFORM fail('nobody reviews their own analysis: ' || NEW.analysis_id || ' was written by ' || NEW.reviewer, 'BK401');
    END IF;
    IF NOT supervises(NEW.reviewer, reviewed.unit) THEN
        PERFORM fail(NEW.reviewer || ' does not supervise ' || reviewed.unit || ', the unit of ' || NEW.analysis_id, 'BK401');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER review_four_eyes BEFORE INSERT ON review FOR EACH ROW EXECUTE FUNCTION review_four_eyes();

-- Row-level security: a second wall should a role ever be granted a table directly. Our
-- functions run as the owner, which these policies do not bind; they check `visible` themselves.
ALTER TABLE analysis ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON analysis USING (author = session_user OR unit = ANY ((SELECT my_units())::text[]) OR (SELECT sees_all()));
ALTER TABLE answer ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON answer USING (EXISTS (SELECT 1 FROM analysis a WHERE a.id = analysis_id));
ALTER TABLE version ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON version USING (EXISTS (SELECT 1 FROM analysis a WHERE a.id = analysis_id));
ALTER TABLE review ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_unit ON review USING (EXISTS (SELECT 1 FROM analysis a WHERE a.id = analysis_id));
ALTER TABLE analysis_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;

-- The API: what staff may EXECUTE.

-- The DBA's step after migrating (as the owner, never granted to staff): the store's kind, fixed
-- from then on, and its first admin.
CREATE FUNCTION setup_store(p_kind text, p_admin text) RETURNS void
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    created boolean := false;
BEGIN
    LOCK TABLE store_meta IN EXCLUSIVE MODE;
    IF store_kind() IS NULL THEN
        created := true;
        INSERT INTO store_meta VALUES ('kind', p_kind), ('store_id', gen_random_uuid()::text),
            ('created_at', stamp()), ('created_by', session_user);
        PERFORM audit_append('store.create', NULL, p_kind);
    ELSIF store_kind() <> p_kind THEN
        PERFORM fail('this database is a ' || store_kind() || ' store', 'BK401');
    END IF;
    IF p_admin IS NOT NULL AND NOT EXISTS (SELECT 1 FROM role WHERE account = p_admin AND role = 'admin' AND unit = '') THEN
        INSERT INTO role VALUES (p_admin, 'admin', '', session_user, stamp());
        -- A new store's first admin is part of its creation, as in a new SQLite store.
        IF NOT created THEN PERFORM audit_append('role.grant', NULL, 'admin ' || p_admin); END IF;
    END IF;
END $$;

CREATE FUNCTION store_state() RETURNS TABLE (kind text, store_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT store_kind(), barnkoll.store_id()
$$;

CREATE FUNCTION actor_roles(p_account text) RETURNS TABLE (role text, unit text, units_defined boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT r.role, r.unit, units_defined() FROM role r WHERE r.account = p_account
    UNION ALL SELECT NULL, NULL, units_defined()
$$;

CREATE FUNCTION all_grants() RETURNS TABLE (account text, role text, unit text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT account, role, unit FROM role ORDER BY account, unit, role
$$;

CREATE FUNCTION unit_names() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT name FROM unit ORDER BY name
$$;

CREATE FUNCTION unlisted_units() RETURNS TABLE (unit text, analyses bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT unit, count(*) FROM analysis WHERE unit NOT IN (SELECT name FROM unit) GROUP BY unit ORDER BY unit
$$;

CREATE FUNCTION change_role(p_account text, p_role text, p_unit text, p_granted boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('can change roles');
    LOCK TABLE role IN EXCLUSIVE MODE;
    IF p_unit IS NOT NULL AND (p_role NOT IN ('caseworker', 'supervisor') OR NOT EXISTS (SELECT 1 FROM unit WHERE name = p_unit)) THEN
        PERFORM fail('a membership is a caseworker or supervisor in a listed unit', 'BK401');
    END IF;
    IF p_granted THEN
        INSERT INTO role VALUES (p_account, p_role, coalesce(p_unit, ''), session_user, stamp()) ON CONFLICT DO NOTHING;
    ELSE
        IF p_role = 'admin' AND p_unit IS NULL
           AND NOT EXISTS (SELECT 1 FROM role WHERE role = 'admin' AND unit = '' AND account <> p_account) THEN
            PERFORM fail(p_account || ' is the last admin; grant admin to someone else first', 'BK401');
        END IF;
        DELETE FROM role WHERE account = p_account AND role = p_role AND unit = coalesce(p_unit, '');
    END IF;
    PERFORM audit_append(CASE WHEN p_granted THEN 'role.grant' ELSE 'role.revoke' END, NULL,
                         p_role || ' ' || p_account || coalesce(' unit ' || p_unit, ''));
END $$;

CREATE FUNCTION add_unit(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('keeps the list of units');
    INSERT INTO unit VALUES (p_name, session_user, stamp());
    PERFORM audit_append('unit.add', NULL, p_name);
END $$;

CREATE FUNCTION move_unit(p_from text, p_to text) RETURNS integer
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    moved integer;
BEGIN
    UPDATE analysis SET unit = p_to WHERE unit = p_from;
    GET DIAGNOSTICS moved = ROW_COUNT;
    RETURN moved;
END $$;

CREATE FUNCTION rename_unit(p_old text, p_new text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    moved integer;
BEGIN
    PERFORM require_admin('keeps the list of units');
    UPDATE unit SET name = p_new WHERE name = p_old;
    UPDATE role SET unit = p_new WHERE unit = p_old;
    moved := move_unit(p_old, p_new);
    PERFORM audit_append('unit.rename', NULL, p_old || ' → ' || p_new || ' ' || moved);
END $$;

CREATE FUNCTION map_unit(p_text text, p_unit text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    moved integer;
BEGIN
    PERFORM require_admin('moves analyses between units');
    moved := move_unit(p_text, p_unit);
    PERFORM audit_append('unit.map', NULL, p_text || ' → ' || p_unit || ' ' || moved);
    RETURN moved;
END $$;

-- Summaries as lists read them: every analysis the caller may see, with what follow-ups need.
CREATE FUNCTION analysis_summaries() RETURNS TABLE (
    id text, checklist_id text, checklist_version integer, case_ref text, unit text, author text, status text,
    versions integer, created_at text, updated_at text, hard_stop text, retention_exempt text,
    feedback_due text, follow_up_due text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id, a.checklist_id, a.checklist_version, a.case_ref, a.unit, a.author, a.status, a.versions,
           a.created_at, a.updated_at, a.hard_stop, a.retention_exempt,
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'feedback_planned_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'feedback_done_date')),
           (SELECT d.value::json #>> '{}' FROM answer d WHERE d.analysis_id = a.id AND d.item_id = 'follow_up_date'
              AND NOT EXISTS (SELECT 1 FROM answer x WHERE x.analysis_id = a.id AND x.item_id = 'follow_up_done_date'))
    FROM analysis a WHERE visible(a.unit, a.author)
$$;

-- Analyses whose answers hold every word (case aside), each with when its answers were last written.
CREATE FUNCTION search_ids(p_words text[]) RETURNS TABLE (analysis_id text, written text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT a.id, (SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = a.id) FROM analysis a
    WHERE visible(a.unit, a.author) AND EXISTS (SELECT 1 FROM answer w WHERE w.analysis_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM unnest(p_words) AS word WHERE NOT EXISTS (
          SELECT 1 FROM answer m WHERE m.analysis_id = a.id AND strpos(lower(m.search_text), lower(word)) > 0))
$$;

CREATE FUNCTION override_reviews() RETURNS TABLE (analysis_id text, rule text, reviewer text, at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT r.analysis_id, r.rule, r.reviewer, r.at FROM review r JOIN analysis a ON a.id = r.analysis_id
    WHERE r.decision = 'override' AND visible(a.unit, a.author)
$$;

CREATE FUNCTION analysis_head(p_id text, p_lock boolean) RETURNS TABLE (
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
        IF NOT visible(rec.unit, rec.author) THEN PERFORM fail(p_id, 'BK403'); END IF;
    END IF;
    RETURN QUERY SELECT rec.id, rec.checklist_id, rec.checklist_version, rec.case_ref, rec.unit, rec.author,
        rec.status, rec.versions, rec.created_at, rec.updated_at, rec.definition_hash, rec.position;
END $$;

CREATE FUNCTION definition_source(p_hash text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT source FROM checklist_definition WHERE hash = p_hash
$$;

-- An analysis's content as JSON (answers, versions, reviews). Every read is logged, except the
-- author's own reads for a decision (submitting), which the submission itself records.
CREATE FUNCTION analysis_record(p_id text, p_logged boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis;
BEGIN
    SELECT * INTO rec FROM analysis WHERE id = p_id;
    IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
    IF NOT visible(rec.unit, rec.author) THEN PERFORM fail(p_id, 'BK403'); END IF;
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

CREATE FUNCTION create_analysis(p_checklist_id text, p_version integer, p_prefix text, p_source text,
                                p_case_ref text, p_unit text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    definition text := encode(sha256(convert_to(p_source, 'UTF8')), 'hex');
    now_at text := stamp();
    this_year integer := substr(now_at, 1, 4)::integer;
    number integer;
    new_id text;
BEGIN
    IF units_defined() AND NOT (p_unit = ANY (my_units()))
       AND NOT (has_role('admin') AND EXISTS (SELECT 1 FROM unit WHERE name = p_unit)) THEN
        PERFORM fail(session_user || ' does not work in the unit ''' || p_unit || '''', 'BK401');
    END IF;
    INSERT INTO checklist_definition VALUES (definition, p_checklist_id, p_version, p_source) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM audit_append('definition.add', NULL, p_checklist_id || ' v' || p_version || ' ' || definition);
    END IF;
    INSERT INTO id_sequence VALUES (p_prefix, this_year, 2)
    ON CONFLICT (prefix, year) DO UPDATE SET next = id_sequence.next + 1
    RETURNING next - 1 INTO number;
    new_id := p_prefix || '-' || this_year || '-' || lpad(number::text, 4, '0');
    INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions,
                          created_at, updated_at)
    VALUES (new_id, p_checklist_id, p_version, definition, p_case_ref, p_unit, session_user, 'draft', 0, now_at, now_at);
    INSERT INTO analysis_key VALUES (new_id, gen_random_bytes(32));
    PERFORM audit_append('analysis.create', new_id, p_checklist_id,
        'creation' || E'\n' || definition || E'\n' || lp(session_user) || E'\n' || lp(p_case_ref) || E'\n' || lp(p_unit));
    RETURN new_id;
END $$;

CREATE FUNCTION save_answer(p_id text, p_item text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_value IS NULL THEN
        DELETE FROM answer WHERE analysis_id = p_id AND item_id = p_item;
    ELSE
        INSERT INTO answer VALUES (p_id, p_item, p_value, p_search, now_at, session_user)
        ON CONFLICT (analysis_id, item_id) DO UPDATE
        SET value = excluded.value, search_text = excluded.search_text, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by;
    END IF;
    -- Lists show when an analysis was last worked on, to the minute.
    UPDATE analysis SET updated_at = now_at WHERE id = p_id AND updated_at < to_char(
        (clock_timestamp() - interval '60 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    PERFORM audit_append('answer.save', p_id, p_item, 'answer' || E'\n' || p_item || E'\n' || coalesce(p_value, ''));
END $$;

CREATE FUNCTION set_position(p_id text, p_item text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM locked(p_id);
    UPDATE analysis SET position = p_item WHERE id = p_id;
END $$;

CREATE FUNCTION record_hard_stops(p_id text, p_rules text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
BEGIN
    -- Put on the list by the author's refused submission; only an override takes them off.
    IF rec.author <> session_user OR coalesce(p_rules, '') = '' THEN
        PERFORM fail('hard stops are listed by the author''s refused submission', 'BK401');
    END IF;
    UPDATE analysis SET hard_stop = p_rules WHERE id = p_id;
    PERFORM audit_append('analysis.hard_stop', p_id, p_rules);
END $$;

-- Freezes a version. Completeness and hard stops are barnkoll's engine's to judge (see the
-- trust model): the database holds only who, which version, and that the move is allowed.
CREATE FUNCTION submit_version(p_id text, p_number integer, p_status text, p_answers text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    content text := encode(sha256(convert_to(rec.definition_hash || E'\n' || p_answers, 'UTF8')), 'hex');
BEGIN
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') can submit ' || p_id, 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') OR p_number <> rec.versions + 1 OR p_status NOT IN ('submitted', 'closed') THEN
        PERFORM fail(rec.status, 'BK409');
    END IF;
    INSERT INTO version VALUES (p_id, p_number, p_status, p_answers, rec.definition_hash, content, session_user, stamp());
    UPDATE analysis SET status = p_status, versions = p_number, hard_stop = NULL, updated_at = stamp() WHERE id = p_id;
    PERFORM audit_append('analysis.' || p_status, p_id, 'v' || p_number,
                         'version' || E'\n' || p_number || E'\n' || p_status || E'\n' || content);
END $$;

-- A new version after approval: the author only.
CREATE FUNCTION revise(p_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
BEGIN
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') can start a new version of ' || p_id, 'BK401');
    END IF;
    UPDATE analysis SET status = 'draft', updated_at = stamp() WHERE id = p_id;
    PERFORM audit_append('analysis.draft', p_id, 'v' || (rec.versions + 1));
END $$;

-- A supervisor's decision; returns the chain's head after it, which an approval also sends to the server log.
CREATE FUNCTION record_review(p_id text, p_decision text, p_version integer, p_comment text, p_item_comments text,
                              p_rule text, p_move_to text) RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    content text := 'review' || E'\n' || rec.versions || E'\n' || session_user || E'\n' || p_decision || E'\n'
        || coalesce(p_rule, '-') || E'\n' || coalesce(lp(p_comment), '-') || E'\n' || lp(p_item_comments);
    head chain_head;
BEGIN
    IF p_version <> rec.versions THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF NOT ((p_decision = 'approve' AND p_move_to IS NOT DISTINCT FROM 'approved')
            OR (p_decision = 'return' AND p_move_to IS NOT DISTINCT FROM 'returned')
            OR (p_decision = 'override' AND p_move_to IS NULL)) THEN
        PERFORM fail('a review approves, returns or overrides', 'BK401');
    END IF;
    IF p_move_to IS NOT NULL THEN
        UPDATE analysis SET status = p_move_to, updated_at = stamp() WHERE id = p_id;
        PERFORM audit_append('analysis.' || p_move_to, p_id, 'v' || rec.versions, content);
    ELSE
        PERFORM audit_append('analysis.override', p_id, p_rule, content);
        UPDATE analysis SET hard_stop = NULL WHERE id = p_id;
    END IF;
    INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, at)
    VALUES (p_id, rec.versions, session_user, p_decision, p_comment, p_item_comments, p_rule, stamp());
    SELECT * INTO head FROM chain_head;
    IF p_decision = 'approve' THEN
        RAISE LOG 'barnkoll chain head store=% audit=% hash=%', barnkoll.store_id(), head.id, encode(head.hash, 'hex');
    END IF;
    RETURN QUERY SELECT barnkoll.store_id(), head.id, encode(head.hash, 'hex');
END $$;

CREATE FUNCTION reassign(p_id text, p_to text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
BEGIN
    IF NOT (has_role('admin') OR supervises(session_user, rec.unit)) THEN
        PERFORM fail('only a supervisor of the unit or an admin hands an analysis over', 'BK401');
    END IF;
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF p_to = rec.author THEN PERFORM fail(p_id || ' is already ' || p_to || '''s', 'BK401'); END IF;
    IF units_defined() AND NOT EXISTS (SELECT 1 FROM role WHERE account = p_to AND (unit = rec.unit OR (unit = '' AND role = 'admin'))) THEN
        PERFORM fail(p_to || ' does not work in ' || rec.unit, 'BK401');
    END IF;
    UPDATE analysis SET author = p_to, updated_at = stamp() WHERE id = p_id;
    PERFORM audit_append('analysis.reassign', p_id, p_to,
        'reassignment' || E'\n' || lp(rec.author) || E'\n' || lp(p_to) || E'\n' || lp(p_reason));
END $$;

CREATE FUNCTION chain_head() RETURNS TABLE (store_id text, audit_id bigint, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT barnkoll.store_id(), id, encode(hash, 'hex') FROM chain_head
$$;

-- The trail as people read it: what concerns no analysis, and the analyses the reader may see
-- (an admin or auditor: everything, tombstones of purged analyses too).
CREATE FUNCTION audit_events(p_analysis text) RETURNS TABLE (at text, account text, action text, analysis_id text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    everything boolean := has_role('admin') OR pg_has_role(session_user, 'barnkoll_auditor', 'MEMBER');
BEGIN
    IF p_analysis IS NOT NULL AND NOT everything THEN PERFORM analysis_head(p_analysis, false); END IF;
    RETURN QUERY SELECT l.at, l.account, l.action, l.analysis_id, l.detail FROM audit l
        LEFT JOIN analysis a ON a.id = l.analysis_id
        WHERE (p_analysis IS NULL OR l.analysis_id = p_analysis)
          AND (everything OR l.analysis_id IS NULL OR (a.id IS NOT NULL AND visible(a.unit, a.author)))
        ORDER BY l.id;
END $$;

-- The chain for `verify`: admins and auditors.
CREATE FUNCTION audit_rows() RETURNS TABLE (id bigint, at text, account text, action text, analysis_id text, detail text,
                                            digest text, hash text, prev text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT (has_role('admin') OR pg_has_role(session_user, 'barnkoll_auditor', 'MEMBER')) THEN
        PERFORM fail('only an admin or an auditor verifies the store', 'BK401');
    END IF;
    RETURN QUERY SELECT a.id, a.at, a.account, a.action, a.analysis_id, a.detail, encode(a.digest, 'hex'),
        encode(a.hash, 'hex'), encode(a.prev, 'hex') FROM audit a ORDER BY a.id;
END $$;

-- What the keyed digests say of the records now: checked here, where the keys are.
CREATE FUNCTION content_problems() RETURNS SETOF text
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
                 || E'\n' || coalesce(lp(v.comment), '-') || E'\n' || lp(v.item_comments), 'UTF8'), k.key, 'sha256'))
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

CREATE FUNCTION retention_due(p_before text) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('plans retention');
    RETURN QUERY SELECT id FROM analysis WHERE status IN ('approved', 'closed') AND updated_at < p_before
        AND retention_exempt IS NULL ORDER BY updated_at, id;
END $$;

CREATE FUNCTION retention_exempted(p_before text) RETURNS TABLE (id text, reason text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('plans retention');
    RETURN QUERY SELECT a.id, a.retention_exempt FROM analysis a WHERE a.status IN ('approved', 'closed')
        AND a.updated_at < p_before AND a.retention_exempt IS NOT NULL ORDER BY a.id;
END $$;

CREATE FUNCTION set_retention_exempt(p_id text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_admin('exempts analyses from retention');
    UPDATE analysis SET retention_exempt = p_reason WHERE id = p_id;
    IF NOT FOUND THEN PERFORM fail(p_id, 'BK404'); END IF;
    PERFORM audit_append(CASE WHEN p_reason IS NULL THEN 'retention.unexempt' ELSE 'retention.exempt' END, p_id, NULL);
END $$;

-- Deletes the analyses in purge_list with all they hold (their audit rows stay: tombstones).
CREATE FUNCTION delete_listed() RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    DELETE FROM workshop_participant WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM answer WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM version WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM review WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis_key WHERE analysis_id IN (SELECT analysis_id FROM purge_list);
    DELETE FROM analysis WHERE id IN (SELECT analysis_id FROM purge_list);
END $$;

CREATE FUNCTION purge(p_before text) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    due text[] := ARRAY(SELECT retention_due(p_before));
    purged text;
BEGIN
    DELETE FROM purge_list;
    INSERT INTO purge_list SELECT unnest(due);
    PERFORM delete_listed();
    DELETE FROM purge_list;
    FOREACH purged IN ARRAY due LOOP
        PERFORM audit_append('analysis.purged', purged, 'retention before ' || p_before);
        RETURN NEXT purged;
    END LOOP;
END $$;

-- Workshops: in a training store only, run by trainers and the training store's admins.
CREATE FUNCTION require_training() RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF store_kind() IS DISTINCT FROM 'training' THEN PERFORM fail('workshops live in a training store', 'BK401'); END IF;
END $$;

CREATE FUNCTION require_trainer() RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_training();
    IF NOT (has_role('trainer') OR has_role('admin')) THEN
        PERFORM fail('only a trainer runs workshops; ' || session_user || ' is not one in this training store', 'BK401');
    END IF;
END $$;

CREATE FUNCTION start_workshop(p_code text, p_case text, p_checklist text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_trainer();
    INSERT INTO workshop VALUES (p_code, p_case, p_checklist, session_user, stamp()) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN false; END IF;
    PERFORM audit_append('workshop.start', NULL, p_code || ' ' || p_case);
    RETURN true;
END $$;

-- The participant's analysis under this pseudonym, if they joined before; refused when another has it.
CREATE FUNCTION workshop_seat(p_code text, p_pseudonym text, p_checklist text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    held workshop;
    seat workshop_participant;
BEGIN
    PERFORM require_training();
    SELECT * INTO held FROM workshop WHERE code = p_code;
    IF NOT FOUND THEN PERFORM fail('no workshop with code ' || p_code || '; ask the trainer for the code', 'BK401'); END IF;
    IF held.checklist_id <> p_checklist THEN
        PERFORM fail('workshop ' || p_code || ' uses checklist ' || held.checklist_id || ', not ' || p_checklist, 'BK401');
    END IF;
    SELECT * INTO seat FROM workshop_participant WHERE code = p_code AND pseudonym = p_pseudonym FOR UPDATE;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF seat.account <> session_user THEN
        PERFORM fail(format('the pseudonym %L is already taken in workshop %s; choose another', p_pseudonym, p_code), 'BK401');
    END IF;
    RETURN seat.analysis_id;
END $$;

CREATE FUNCTION take_seat(p_code text, p_pseudonym text, p_analysis text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM analysis WHERE id = p_analysis AND author = session_user AND status = 'draft') THEN
        PERFORM fail('a seat is taken with a new analysis of one''s own', 'BK401');
    END IF;
    INSERT INTO workshop_participant VALUES (p_code, p_pseudonym, session_user, p_analysis, stamp());
    PERFORM audit_append('workshop.join', p_analysis, p_code);
END $$;

CREATE FUNCTION workshop_rows(p_code text) RETURNS TABLE (code text, case_id text, checklist_id text, trainer text, created_at text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_training();
    RETURN QUERY SELECT w.code, w.case_id, w.checklist_id, w.trainer, w.created_at FROM workshop w
        WHERE p_code IS NULL OR w.code = p_code ORDER BY w.created_at, w.code;
END $$;

CREATE FUNCTION workshop_participants(p_code text) RETURNS TABLE (pseudonym text, account text, analysis_id text,
                                                                  joined_at text, status text, answered bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM require_training();
    RETURN QUERY SELECT p.pseudonym, p.account, p.analysis_id, p.joined_at, a.status,
        (SELECT count(*) FROM answer w WHERE w.analysis_id = p.analysis_id AND w.item_id NOT IN ('unit', 'decision', 'case_ref'))
        FROM workshop_participant p JOIN analysis a ON a.id = p.analysis_id
        WHERE p.code = p_code ORDER BY p.joined_at, p.pseudonym;
END $$;

CREATE FUNCTION workshop_of(p_analysis text) RETURNS TABLE (code text, pseudonym text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT code, pseudonym FROM workshop_participant WHERE analysis_id = p_analysis
$$;

CREATE FUNCTION delete_workshop(p_code text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    removed integer;
BEGIN
    PERFORM require_trainer();
    IF NOT EXISTS (SELECT 1 FROM workshop WHERE code = p_code) THEN
        PERFORM fail('no workshop with code ' || p_code, 'BK401');
    END IF;
    DELETE FROM purge_list;
    INSERT INTO purge_list SELECT analysis_id FROM workshop_participant WHERE code = p_code;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM delete_listed();
    DELETE FROM purge_list;
    DELETE FROM workshop WHERE code = p_code;
    PERFORM audit_append('workshop.purge', NULL, p_code || ' ' || removed);
    RETURN removed;
END $$;

-- What the yearly indicators count: supervisors and admins, the analyses they may see, first
-- submitted in [p_from, p_to); one read logged.
CREATE FUNCTION indicator_rows(p_from text, p_to text, p_unit text, p_detail text) RETURNS TABLE (
    checklist_id text, unit text, status text, created_at text, first_submitted text, definition_hash text,
    answers text, approved_at text, returns bigint, returned_items text, overrides text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF store_kind() IS DISTINCT FROM 'real' THEN
        PERFORM fail('statistics are read from the real store only; training records are never counted', 'BK401');
    END IF;
    IF NOT (has_role('admin') OR EXISTS (SELECT 1 FROM role WHERE account = session_user AND role = 'supervisor')) THEN
        PERFORM fail('only a supervisor or an admin can read statistics', 'BK401');
    END IF;
    PERFORM audit_append('stats.read', NULL, p_detail);
    RETURN QUERY
    SELECT a.checklist_id, a.unit, a.status, a.created_at, f.created_at, l.definition_hash, l.answers,
        (SELECT max(r.at) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'approve'),
        (SELECT count(*) FROM review r WHERE r.analysis_id = a.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT k, ' ') FROM review r, json_object_keys(r.item_comments::json) k
            WHERE r.analysis_id = a.id AND r.decision = 'return'),
        (SELECT string_agg(DISTINCT r.rule, ' ') FROM review r WHERE r.analysis_id = a.id AND r.decision = 'override')
    FROM analysis a
    JOIN version f ON f.analysis_id = a.id AND f.number = 1
    JOIN version l ON l.analysis_id = a.id AND l.number = a.versions
    WHERE f.created_at >= p_from AND f.created_at < p_to AND (p_unit IS NULL OR a.unit = p_unit)
      AND visible(a.unit, a.author);
END $$;

-- Staff may call the API, nothing else; auditors may verify.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA barnkoll FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_units(), sees_all() TO barnkoll_staff, barnkoll_auditor;
GRANT EXECUTE ON FUNCTION store_state(), actor_roles(text), all_grants(), unit_names(), unlisted_units(),
    change_role(text, text, text, boolean), add_unit(text), rename_unit(text, text), map_unit(text, text),
    analysis_summaries(), search_ids(text[]), override_reviews(), analysis_head(text, boolean), definition_source(text),
    analysis_record(text, boolean), create_analysis(text, integer, text, text, text, text),
    save_answer(text, text, text, text), set_position(text, text), record_hard_stops(text, text),
    submit_version(text, integer, text, text), revise(text),
    record_review(text, text, integer, text, text, text, text), reassign(text, text, text), chain_head(),
    audit_events(text), audit_rows(), content_problems(), retention_due(text), retention_exempted(text),
    set_retention_exempt(text, text), purge(text), start_workshop(text, text, text), workshop_seat(text, text, text),
    take_seat(text, text, text), workshop_rows(text), workshop_participants(text), workshop_of(text),
    delete_workshop(text), indicator_rows(text, text, text, text)
    TO barnkoll_staff;
GRANT EXECUTE ON FUNCTION chain_head(), audit_rows(), content_problems(), actor_roles(text), store_state()
    TO barnkoll_auditor;
GRANT SELECT ON schema_migration TO barnkoll_staff, barnkoll_auditor;
"""#
}
