// Migration 11 of the PostgreSQL store: a unit's SQLite store moved in (`barnkoll admin import`).
// One function, for admins only, takes Core's plan (StoreImport.swift) and keeps it in the
// caller's transaction: ids kept where free and otherwise renumbered, each imported analysis
// findable by the id it had, the source chain's rows kept as they are beside this chain, whose
// `store.import` event holds that chain's head. Never edited once shipped.
extension Migrations {
    static let m011 = #"""
-- Analyses being imported, filled and emptied inside the import's transaction: the guards let
-- their rows in with the status they already have, as purge_list lets a purge's rows out.
CREATE TABLE import_list (analysis_id text PRIMARY KEY);

CREATE FUNCTION importing(p_analysis text) RETURNS boolean LANGUAGE sql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM import_list WHERE analysis_id = p_analysis)
$$;

-- Where each imported analysis went, by the id it had in its unit's file.
CREATE TABLE imported_analysis (
    analysis_id text PRIMARY KEY,
    old_id text NOT NULL,
    source_store text NOT NULL,
    imported_at text NOT NULL
);
CREATE INDEX imported_by_old_id ON imported_analysis (old_id);
ALTER TABLE imported_analysis ENABLE ROW LEVEL SECURITY;

-- The imported stores' chains, row for row as their files held them (ids, accounts and hashes
-- their own): verify follows each to the head its store.import event recorded.
CREATE TABLE imported_audit (
    source_store text NOT NULL,
    id bigint NOT NULL,
    at text NOT NULL,
    account text NOT NULL,
    action text NOT NULL,
    analysis_id text,
    detail text,
    digest bytea,
    hash bytea NOT NULL,
    prev bytea NOT NULL,
    PRIMARY KEY (source_store, id)
);
ALTER TABLE imported_audit ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION refuse_imported_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are never changed or deleted', ERRCODE = 'BK409';
END $$;
CREATE TRIGGER imported_audit_append_only BEFORE UPDATE OR DELETE ON imported_audit FOR EACH ROW EXECUTE FUNCTION refuse_imported_change();
CREATE TRIGGER imported_audit_no_truncate BEFORE TRUNCATE ON imported_audit FOR EACH STATEMENT EXECUTE FUNCTION refuse_imported_change();
CREATE TRIGGER imported_analysis_never_changes BEFORE UPDATE ON imported_analysis FOR EACH ROW EXECUTE FUNCTION refuse_imported_change();

-- An override from before grounds were asked keeps having none when it is moved in.
ALTER TABLE review ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE review DROP CONSTRAINT override_names_its_ground;
ALTER TABLE review ADD CONSTRAINT override_names_its_ground
    CHECK ((decision = 'override') = (ground IS NOT NULL) OR imported) NOT VALID;

CREATE OR REPLACE FUNCTION answer_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    owner_id text := CASE WHEN TG_OP = 'DELETE' THEN OLD.analysis_id ELSE NEW.analysis_id END;
BEGIN
    IF TG_OP = 'DELETE' AND purging(owner_id) THEN RETURN OLD; END IF;
    IF TG_OP = 'INSERT' AND importing(owner_id) THEN RETURN NEW; END IF;
    IF (SELECT status FROM analysis WHERE id = owner_id) NOT IN ('draft', 'returned') THEN
        PERFORM fail('the analysis is not editable', 'BK409');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- Four eyes: an imported review was made under its own store's units, but never by the author.
CREATE OR REPLACE FUNCTION review_four_eyes() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    reviewed analysis;
BEGIN
    SELECT * INTO reviewed FROM analysis WHERE id = NEW.analysis_id;
    IF reviewed.author = NEW.reviewer THEN
        PERFORM fail('nobody reviews their own analysis: ' || NEW.analysis_id || ' was written by ' || NEW.reviewer, 'BK401');
    END IF;
    IF importing(NEW.analysis_id) THEN RETURN NEW; END IF;
    IF reviewed.checklist_id = ANY (open_checklists()) THEN
        IF NOT EXISTS (SELECT 1 FROM role WHERE account = NEW.reviewer AND role IN ('supervisor', 'admin')) THEN
            PERFORM fail(NEW.reviewer || ' is neither a supervisor nor an admin and cannot review ' || NEW.analysis_id, 'BK401');
        END IF;
    ELSIF NOT supervises(NEW.reviewer, reviewed.unit) THEN
        PERFORM fail(NEW.reviewer || ' does not supervise ' || reviewed.unit || ', the unit of ' || NEW.analysis_id, 'BK401');
    END IF;
    RETURN NEW;
END $$;

-- Keeps Core's plan (Casework.importPlan) in the caller's transaction, or nothing.
CREATE FUNCTION import_store(p_plan text) RETURNS TABLE (from_id text, to_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    plan json := p_plan::json;
    source_id text := plan ->> 'store';
    now_at text := stamp();
    d json;
    a json;
    e json;
    target text;
    seq integer;
BEGIN
    PERFORM require_admin('imports a store');
    IF store_kind() IS DISTINCT FROM 'real' THEN PERFORM fail('only a real store takes in an import', 'BK401'); END IF;
    -- Ids are chosen while nobody else takes one.
    LOCK TABLE id_sequence IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM imported_audit WHERE source_store = source_id) THEN
        PERFORM fail('the store ' || source_id || ' was imported before', 'BK401');
    END IF;
    FOR d IN SELECT * FROM json_array_elements(plan -> 'definitions') LOOP
        INSERT INTO checklist_definition VALUES (d ->> 0, d ->> 1, (d ->> 2)::integer, d ->> 3) ON CONFLICT DO NOTHING;
        IF FOUND THEN PERFORM audit_append('definition.add', NULL, (d ->> 1) || ' v' || (d ->> 2) || ' ' || (d ->> 0)); END IF;
    END LOOP;
    FOR d IN SELECT * FROM json_array_elements(plan -> 'grants') LOOP
        IF (d ->> 2) <> '' AND NOT EXISTS (SELECT 1 FROM unit WHERE name = d ->> 2) THEN
            PERFORM fail('the unit ' || (d ->> 2) || ' is not on the list', 'BK401');
        END IF;
        INSERT INTO role VALUES (d ->> 0, d ->> 1, d ->> 2, session_user, now_at) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            PERFORM audit_append('role.grant', NULL, (d ->> 1) || ' ' || (d ->> 0) || CASE WHEN d ->> 2 = '' THEN '' ELSE ' unit ' || (d ->> 2) END);
        END IF;
    END LOOP;
    FOR a IN SELECT * FROM json_array_elements(plan -> 'analyses') LOOP
        IF units_defined() AND NOT EXISTS (SELECT 1 FROM unit WHERE name = a ->> 'unit') THEN
            PERFORM fail('the unit ' || (a ->> 'unit') || ' is not on the list', 'BK401');
        END IF;
        target := a ->> 'old_id';
        -- Kept where no analysis has it and none ever had it (a purged id stays in the chain).
        WHILE EXISTS (SELECT 1 FROM analysis WHERE id = target) OR EXISTS (SELECT 1 FROM audit WHERE analysis_id = target) LOOP
            INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, 2)
            ON CONFLICT (prefix, year) DO UPDATE SET next = s.next + 1
            RETURNING s.next - 1 INTO seq;
            target := (a ->> 'prefix') || '-' || (a ->> 'year') || '-' || lpad(seq::text, 4, '0');
        END LOOP;
        seq := split_part(target, '-', 3)::integer;
        INSERT INTO id_sequence AS s VALUES (a ->> 'prefix', (a ->> 'year')::integer, seq + 1)
        ON CONFLICT (prefix, year) DO UPDATE SET next = greatest(s.next, seq + 1);
        INSERT INTO import_list VALUES (target);
        INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions,
                              position, hard_stop, retention_exempt, created_at, updated_at)
        VALUES (target, a ->> 'checklist_id', (a ->> 'checklist_version')::integer, a ->> 'definition_hash', a ->> 'case_ref',
                a ->> 'unit', a ->> 'author', a ->> 'status', json_array_length(a -> 'versions'), a ->> 'position',
                a ->> 'hard_stop', a ->> 'retention_exempt', a ->> 'created_at', a ->> 'updated_at');
        INSERT INTO analysis_key VALUES (target, decode(a ->> 'key', 'hex'));
        INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by)
            SELECT target, r ->> 0, r ->> 1, r ->> 2, r ->> 3, r ->> 4 FROM json_array_elements(a -> 'answers') r;
        INSERT INTO version (analysis_id, number, status, answers, definition_hash, content_hash, created_by, created_at)
            SELECT target, (r ->> 0)::integer, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, r ->> 6
            FROM json_array_elements(a -> 'versions') r;
        INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, ground, at, imported)
            SELECT target, (x.r ->> 0)::integer, x.r ->> 1, x.r ->> 2, x.r ->> 3, x.r ->> 4, x.r ->> 5, x.r ->> 6, x.r ->> 7, true
            FROM json_array_elements(a -> 'reviews') WITH ORDINALITY AS x(r, n) ORDER BY x.n;
        INSERT INTO note (analysis_id, kind, date, outcome, text, written_by, written_at)
            SELECT target, x.r ->> 0, x.r ->> 1, x.r ->> 2, x.r ->> 3, x.r ->> 4, x.r ->> 5
            FROM json_array_elements(a -> 'notes') WITH ORDINALITY AS x(r, n) ORDER BY x.n;
        FOR e IN SELECT * FROM json_array_elements(a -> 'events') LOOP
            PERFORM audit_append(e ->> 0, target, e ->> 1, e ->> 2);
        END LOOP;
        INSERT INTO imported_analysis VALUES (target, a ->> 'old_id', source_id, now_at);
        DELETE FROM import_list WHERE analysis_id = target;
        from_id := a ->> 'old_id';
        to_id := target;
        RETURN NEXT;
    END LOOP;
    INSERT INTO imported_audit
        SELECT source_id, (r ->> 0)::bigint, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, decode(r ->> 6, 'hex'),
               decode(r ->> 7, 'hex'), decode(r ->> 8, 'hex')
        FROM json_array_elements(plan -> 'audit') r;
    PERFORM audit_append('store.import', NULL, source_id || ' ' || (plan ->> 'head_id') || ' ' || (plan ->> 'head_hash')
                         || ' ' || json_array_length(plan -> 'analyses'));
END $$;

-- Where imported analyses went (ids only: reading one is checked as always).
CREATE FUNCTION imported_ids(p_old text) RETURNS TABLE (old_id text, new_id text, source_store text, imported_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT i.old_id, i.analysis_id, i.source_store, i.imported_at FROM imported_analysis i
    WHERE p_old IS NULL OR i.old_id = p_old ORDER BY i.imported_at, i.old_id
$$;

CREATE FUNCTION imported_stores() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
    SELECT DISTINCT source_store FROM imported_audit ORDER BY 1
$$;

-- The imported chains, for verify (admins and auditors, as audit_rows).
CREATE FUNCTION imported_audit_rows() RETURNS TABLE (source_store text, id bigint, at text, account text, action text,
    analysis_id text, detail text, digest text, hash text, prev text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    PERFORM audit_rows();
    RETURN QUERY SELECT i.source_store, i.id, i.at, i.account, i.action, i.analysis_id, i.detail, encode(i.digest, 'hex'),
        encode(i.hash, 'hex'), encode(i.prev, 'hex') FROM imported_audit i ORDER BY i.source_store, i.id;
END $$;

REVOKE EXECUTE ON FUNCTION importing(text), refuse_imported_change(), import_store(text), imported_ids(text), imported_stores(),
    imported_audit_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION import_store(text), imported_ids(text), imported_stores(), imported_audit_rows() TO barnkoll_staff;
GRANT EXECUTE ON FUNCTION imported_audit_rows() TO barnkoll_auditor;
"""#
}
