// Migration 48 of the PostgreSQL store: a review's comments on a group analysis are moved in as
// they were written. barnkoll refused a personnummer there only from Migration 47 on; a file
// written before may hold one in a comment no one can change, and refusing it left the whole
// unit unable to move. A review the import is inserting (`importing`, the analysis on the import's
// own list) is kept as it is; the documents barnkoll hands out mask the number (Core's
// `Analysis.maskingPersonnummer`). Every other review is refused as before, and a training store's
// always (it is never imported). Never edited once shipped.
extension Migrations {
    static let m048 = #"""
CREATE OR REPLACE FUNCTION review_identity_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    found text;
BEGIN
    IF NEW.analysis_id LIKE 'ÖVN-%'
       OR (EXISTS (SELECT 1 FROM analysis WHERE id = NEW.analysis_id AND checklist_id = 'gruppanalys')
           AND NOT (NEW.imported AND importing(NEW.analysis_id))) THEN
        found := personnummer_in(coalesce(NEW.comment, '') || E'\n'
            || coalesce((SELECT string_agg(value, E'\n') FROM jsonb_each_text(NEW.item_comments::jsonb)), ''));
        IF found IS NOT NULL THEN
            PERFORM fail(found, CASE WHEN NEW.analysis_id LIKE 'ÖVN-%' THEN 'BK419' ELSE 'BK418' END);
        END IF;
    END IF;
    RETURN NEW;
END $$;
"""#
}
