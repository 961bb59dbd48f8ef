// Migration 27 of the PostgreSQL store: the chain still never forks, but a save no longer inserts
// into a random leaf of the unique index on `audit.prev` (the previous row's hash). That index made
// every save touch a page untouched since the last checkpoint, written whole into the WAL
// (docs/benchmarks.md, "The chain without a random index page per save"). Now each row is checked
// as it is inserted: its `prev` must be the hash of the row numbered one before it (the genesis
// hash for row 1). With `id` the primary key (its inserts at the right edge of its btree), two
// rows can neither take the same place nor follow the same row. Never edited once shipped.
extension Migrations {
    static let m027 = #"""
-- Refuses a row that does not follow the row before it. Schema-qualified rather than SET
-- search_path: a SET clause costs every call, and this runs on every append.
CREATE FUNCTION audit_follows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before bytea;
BEGIN
    IF NEW.id = 1 THEN
        before := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT a.hash INTO before FROM barnkoll.audit a WHERE a.id = NEW.id - 1;
    END IF;
    IF before IS NULL OR NEW.prev IS DISTINCT FROM before THEN
        -- 23505, as UNIQUE (prev) refused a fork before: the client maps it the same way.
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = 'audit row ' || NEW.id || ' does not follow row ' || (NEW.id - 1)
                      || ' of the chain (its prev is not that row''s hash): the chain would fork or break';
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION audit_follows() FROM PUBLIC;

CREATE TRIGGER audit_follows BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_follows();

-- The rows already there were held to UNIQUE (prev) as they came; the trigger holds the new ones.
ALTER TABLE audit DROP CONSTRAINT audit_prev_key;

"""#
}
