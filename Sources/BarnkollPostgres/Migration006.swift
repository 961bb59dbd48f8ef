// Migration 6 of the PostgreSQL store: the database keeps training and real records apart itself,
// as Core does (`Casework.requireOwnKind`, `refuseTrainingCase`), whoever calls its functions: a
// real store holds no training id (ÖVN-…) and no workshop's case reference (ÖVNING-…), a training
// store makes no id but ÖVN-…. Rows already there are left as they are. Never edited once shipped.
extension Migrations {
    static let m006 = #"""
CREATE FUNCTION analysis_kind_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
BEGIN
    IF store_kind() = 'real' THEN
        IF upper(NEW.id) LIKE 'ÖVN-%' THEN PERFORM fail(NEW.id, 'BK410'); END IF;
        IF upper(NEW.case_ref) LIKE 'ÖVNING-%' THEN PERFORM fail(NEW.case_ref, 'BK411'); END IF;
    ELSIF store_kind() = 'training' AND TG_OP = 'INSERT' AND NEW.id NOT LIKE 'ÖVN-%' THEN
        PERFORM fail(NEW.id, 'BK412');
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION analysis_kind_guard() FROM PUBLIC;

CREATE TRIGGER analysis_kind_guard BEFORE INSERT OR UPDATE OF id, case_ref ON analysis
    FOR EACH ROW EXECUTE FUNCTION analysis_kind_guard();
"""#
}
