// Migration 34 of the PostgreSQL store (issue 19): the small helpers a save calls cost a call, not
// a parse.
//
// A save is one transaction, and PostgreSQL parses and plans an SQL function that it cannot
// inline once per transaction that calls it: a function with `SET search_path` is never inlined,
// nor is one whose body holds a subquery. A save called about a dozen such helpers, each costing
// more than an inlined one or one in PL/pgSQL, which is compiled once a session (docs/benchmarks.md).
//
// - `stamp`, `open_checklists` and the two `visible` read no table: without their `SET` they are
//   inlined into the statement that calls them (a function that is not SECURITY DEFINER gains no
//   rights, and its names are written with their schema, so a caller's search_path changes
//   nothing).
// - `units_defined` and `importing` ask a table: PL/pgSQL, keeping their `SET`.
// - `actor_roles` asks whether units are defined once, not once a row.
// - `save_answer` updates the answer it changes and inserts only a new one. Its
//   `INSERT … ON CONFLICT DO UPDATE` fired the row guard and the statement trigger of both an
//   insert and an update on every save. No other writer can come between: the analysis row is
//   locked first. Otherwise Migration 13's body.
// - `audit_append` makes the row's HMAC before it takes the chain's lock, not while holding it:
//   every save in the database waits for that lock. And when another transaction holds the
//   chain's row, it waits in line for `chain_queue`, so that one waiter at a time waits on the row:
//   many writers each waiting on the row made fewer saves a second (docs/benchmarks.md). A
//   transaction that already holds the row (an import, a logged read) takes it again at once and
//   never joins the line, so the line and the row cannot wait on each other. The line is a table
//   that only barnkoll_owner may lock, not an advisory lock, which any member of staff could take
//   and keep. Otherwise Migration 1's body.
//
// Same results, same rights and grants (CREATE OR REPLACE keeps them). Never edited once shipped.
extension Migrations {
    static let m034 = #"""
CREATE OR REPLACE FUNCTION stamp() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT pg_catalog.to_char(pg_catalog.timezone('UTC', pg_catalog.clock_timestamp()), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE OR REPLACE FUNCTION open_checklists() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['gruppanalys']::text[]
$$;

CREATE OR REPLACE FUNCTION visible(p_unit text, p_author text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_author OPERATOR(pg_catalog.=) session_user
        OR p_unit OPERATOR(pg_catalog.=) ANY (barnkoll.my_units()) OR barnkoll.sees_all()
$$;

CREATE OR REPLACE FUNCTION visible(p_unit text, p_author text, p_checklist text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_checklist OPERATOR(pg_catalog.=) ANY (barnkoll.open_checklists()) OR barnkoll.visible(p_unit, p_author)
$$;

CREATE OR REPLACE FUNCTION units_defined() RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM unit);
END $$;

CREATE OR REPLACE FUNCTION importing(p_analysis text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM import_list WHERE analysis_id = p_analysis);
END $$;

CREATE OR REPLACE FUNCTION actor_roles(p_account text) RETURNS TABLE (role text, unit text, units_defined boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
#variable_conflict use_column
DECLARE
    defined boolean := units_defined();
BEGIN
    RETURN QUERY SELECT r.role, r.unit, defined FROM role r WHERE r.account = p_account
                 UNION ALL SELECT NULL::text, NULL::text, defined;
END $$;

CREATE OR REPLACE FUNCTION save_answer(p_id text, p_item text, p_value text, p_search text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    rec analysis := locked(p_id);
    now_at text := stamp();
BEGIN
    IF rec.status NOT IN ('draft', 'returned') THEN PERFORM fail(rec.status, 'BK409'); END IF;
    IF rec.author <> session_user THEN
        PERFORM fail('only the author (' || rec.author || ') writes in ' || p_id, 'BK401');
    END IF;
    IF p_value IS NULL THEN
        DELETE FROM answer WHERE analysis_id = p_id AND item_id = p_item;
    ELSE
        UPDATE answer SET value = p_value, search_text = p_search, updated_at = now_at, updated_by = session_user
        WHERE analysis_id = p_id AND item_id = p_item;
        IF NOT FOUND THEN
            INSERT INTO answer VALUES (p_id, p_item, p_value, p_search, now_at, session_user);
        END IF;
    END IF;
    -- Lists show when an analysis was last worked on, to the minute.
    UPDATE analysis SET updated_at = now_at WHERE id = p_id AND updated_at < to_char(
        (clock_timestamp() - interval '60 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    PERFORM audit_append('answer.save', p_id, p_item, 'answer' || E'\n' || p_item || E'\n' || coalesce(p_value, ''));
END $$;

-- The line for the chain's row. It holds no rows; EXCLUSIVE leaves pg_dump's ACCESS SHARE free.
CREATE TABLE chain_queue ();
REVOKE ALL ON chain_queue FROM PUBLIC;

CREATE OR REPLACE FUNCTION audit_append(p_action text, p_analysis text, p_detail text, p_content text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    head chain_head;
    row_digest bytea;
    row_at text := stamp();
    row_hash bytea;
    analysis_key bytea;
BEGIN
    IF p_content IS NOT NULL THEN
        SELECT key INTO analysis_key FROM barnkoll.analysis_key WHERE analysis_id = p_analysis;
        IF analysis_key IS NULL THEN
            PERFORM fail('the audit key of ' || coalesce(p_analysis, 'an analysis') || ' is missing from the store; run barnkoll verify', 'BK401');
        END IF;
        row_digest := hmac(convert_to(p_content, 'UTF8'), analysis_key, 'sha256');
    END IF;
    SELECT * INTO head FROM chain_head FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        LOCK TABLE chain_queue IN EXCLUSIVE MODE;
        SELECT * INTO head FROM chain_head FOR UPDATE;
    END IF;
    row_hash := sha256(head.hash || canonical(head.id + 1, row_at, session_user::text, p_action, p_analysis, p_detail, row_digest));
    INSERT INTO audit (id, at, account, action, analysis_id, detail, digest, hash, prev)
    VALUES (head.id + 1, row_at, session_user, p_action, p_analysis, p_detail, row_digest, row_hash, head.hash);
    UPDATE chain_head SET id = head.id + 1, hash = row_hash;
END $$;
"""#
}
