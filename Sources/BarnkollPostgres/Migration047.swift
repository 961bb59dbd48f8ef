// Migration 47 of the PostgreSQL store: the database refuses a personnummer in a review's comments
// where Core does (`Casework.refuseIdentityInReview`): on a group analysis, whose document prints
// the supervisor's comment, and in a training store, which holds only fiction. Both the comment and
// the item comments are read, the item comments as JSON decoded (no escaped digit hides one).
// BK418 on a group analysis, BK419 in a training store; the message is the number as written.
// Rows already there are left as they are. Never edited once shipped.
extension Migrations {
    static let m047 = #"""
CREATE FUNCTION review_identity_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    found text;
BEGIN
    IF NEW.analysis_id LIKE 'ÖVN-%'
       OR EXISTS (SELECT 1 FROM analysis WHERE id = NEW.analysis_id AND checklist_id = 'gruppanalys') THEN
        found := personnummer_in(coalesce(NEW.comment, '') || E'\n'
            || coalesce((SELECT string_agg(value, E'\n') FROM jsonb_each_text(NEW.item_comments::jsonb)), ''));
        IF found IS NOT NULL THEN
            PERFORM fail(found, CASE WHEN NEW.analysis_id LIKE 'ÖVN-%' THEN 'BK419' ELSE 'BK418' END);
        END IF;
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION review_identity_guard() FROM PUBLIC;
CREATE TRIGGER review_identity_guard BEFORE INSERT ON review
    FOR EACH ROW EXECUTE FUNCTION review_identity_guard();
"""#
}
