// Migration 46 of the PostgreSQL store: the database refuses a personnummer where barnkoll does,
// whoever writes the row (barnkoll, psql, an import).
//
// Core refuses a valid personnummer or samordningsnummer in a case reference, a note, a hand-over's
// or a move's reason, any answer of a group analysis (a public document) and any answer or unit of
// a training store (`Casework`, `Notes`). Until now the database held none of this, so a member of
// staff calling the functions from psql could store one. `personnummer_in` is Core's
// `Personnummer.find` in SQL (the same forms, dates and check digit; tested against it on generated
// text) and gives the first it finds as written. The triggers call it on the rows where Core would
// refuse: `analysis` (its case reference; its unit in a training store), `note`, `transfer`, and
// `answer` in a group analysis or a training store, where both the answer's searchable text (as
// Core checks it) and its JSON (as stored) are read. Rows already there are left as they are.
//
// answer_guard is Migration 11's with the check, reading its analysis once. Never edited once shipped.
extension Migrations {
    static let m046 = #"""
CREATE FUNCTION personnummer_in(p_text text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = barnkoll, pg_temp AS $$
DECLARE
    m text[];
    date_digits text;
    short text;   -- YYMMDD
    tail text;    -- NNNC
    mon integer;
    dd integer;
    y integer;
    fits boolean;
    total integer;
    product integer;
BEGIN
    -- Most text has no run of six digits: nothing to look at.
    IF p_text IS NULL OR p_text !~ '[0-9]{6}' THEN RETURN NULL; END IF;
    -- Digit runs taken whole: a 6- or 8-digit date, one separator (as Core's, with the dashes word
    -- processors write and a no-break space) and four digits; or ten or twelve digits in one run.
    FOR m IN SELECT regexp_matches(p_text,
        '(?<![0-9])(?:([0-9]{6}|[0-9]{8})([-+ \u00a0\u2010\u2011\u2013\u2212])([0-9]{4})|([0-9]{10}|[0-9]{12}))(?![0-9])', 'g')
    LOOP
        IF m[4] IS NOT NULL THEN
            date_digits := left(m[4], length(m[4]) - 4);
            tail := right(m[4], 4);
        ELSE
            date_digits := m[1];
            tail := m[3];
        END IF;
        short := right(date_digits, 6);
        mon := substr(short, 3, 2)::integer;
        dd := substr(short, 5, 2)::integer;
        IF dd > 60 THEN dd := dd - 60; END IF;   -- a samordningsnummer
        CONTINUE WHEN mon < 1 OR mon > 12 OR dd < 1;
        -- A real day: of the year written, or with two digits of 19xx or 20xx.
        fits := false;
        FOREACH y IN ARRAY CASE WHEN length(date_digits) = 8 THEN ARRAY[left(date_digits, 4)::integer]
                               ELSE ARRAY[1900 + left(short, 2)::integer, 2000 + left(short, 2)::integer] END
        LOOP
            fits := fits OR dd <= CASE WHEN mon = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                                       WHEN mon IN (4, 6, 9, 11) THEN 30 ELSE 31 END;
        END LOOP;
        CONTINUE WHEN NOT fits;
        -- Luhn over YYMMDDNNN: weights 2, 1, 2, 1, … from the left, the digits of each product summed.
        total := 0;
        FOR k IN 1..9 LOOP
            product := substr(short || tail, k, 1)::integer * (2 - (k + 1) % 2);
            total := total + product / 10 + product % 10;
        END LOOP;
        IF (10 - total % 10) % 10 = right(tail, 1)::integer THEN
            RETURN coalesce(m[4], m[1] || m[2] || m[3]);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION personnummer_in(text) FROM PUBLIC;

-- A training store makes only ÖVN- ids (Migration 6), so the id tells a training analysis.
CREATE FUNCTION analysis_identity_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    found text := personnummer_in(NEW.case_ref);
BEGIN
    IF found IS NOT NULL THEN PERFORM fail(found, 'BK413'); END IF;
    IF NEW.id LIKE 'ÖVN-%' THEN
        found := personnummer_in(NEW.unit);
        IF found IS NOT NULL THEN PERFORM fail('unit' || E'\t' || found, 'BK417'); END IF;
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION analysis_identity_guard() FROM PUBLIC;
CREATE TRIGGER analysis_identity_guard BEFORE INSERT OR UPDATE OF case_ref, unit ON analysis
    FOR EACH ROW EXECUTE FUNCTION analysis_identity_guard();

-- A note's text and a hand-over's or move's reason: the column and the SQLSTATE are the trigger's arguments.
CREATE FUNCTION free_text_identity_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    found text := personnummer_in(to_jsonb(NEW) ->> TG_ARGV[0]);
BEGIN
    IF found IS NOT NULL THEN PERFORM fail(found, TG_ARGV[1]); END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION free_text_identity_guard() FROM PUBLIC;
CREATE TRIGGER note_identity_guard BEFORE INSERT ON note
    FOR EACH ROW EXECUTE FUNCTION free_text_identity_guard('text', 'BK414');
CREATE TRIGGER transfer_identity_guard BEFORE INSERT ON transfer
    FOR EACH ROW EXECUTE FUNCTION free_text_identity_guard('reason', 'BK415');

CREATE OR REPLACE FUNCTION answer_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    owner_id text := CASE WHEN TG_OP = 'DELETE' THEN OLD.analysis_id ELSE NEW.analysis_id END;
    owner_checklist text;
    owner_status text;
    found text;
BEGIN
    IF TG_OP = 'DELETE' AND purging(owner_id) THEN RETURN OLD; END IF;
    SELECT checklist_id, status INTO owner_checklist, owner_status FROM analysis WHERE id = owner_id;
    IF TG_OP <> 'DELETE' AND (owner_checklist = 'gruppanalys' OR owner_id LIKE 'ÖVN-%') THEN
        found := personnummer_in(NEW.search_text || E'\n' || (NEW.value::jsonb)::text);
        IF found IS NOT NULL THEN
            PERFORM fail(NEW.item_id || E'\t' || found, CASE WHEN owner_id LIKE 'ÖVN-%' THEN 'BK417' ELSE 'BK416' END);
        END IF;
    END IF;
    IF TG_OP = 'INSERT' AND importing(owner_id) THEN RETURN NEW; END IF;
    IF owner_status NOT IN ('draft', 'returned') THEN
        PERFORM fail('the analysis is not editable', 'BK409');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
"""#
}
