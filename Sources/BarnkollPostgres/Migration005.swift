// Migration 5 of the PostgreSQL store: search in Swedish, and lists told of changes.
// Each answer keeps two tsvectors of its text: `swedish`, stemmed, so "flicka" finds "flickorna";
// `simple`, whole words, since stems alone miss forms ("barnkonsekvensanalys" is stemmed to
// "barnkonsekvensanaly") and compounds are never split. Both in GIN. Each typed word is a prefix
// of either, and all of them must be in one answer, as on the SQLite store. Then a NOTIFY of the
// unit whose lists changed. Never edited once shipped.
extension Migrations {
    static let m005 = #"""
-- The text as runs of letters and digits, as the program splits what is typed (and SQLite's
-- tokenizer an answer): PostgreSQL's parser would keep "2026-03-01" as "2026", "-03", "-01",
-- which "03" never starts. ASCII punctuation only, so no locale decides it; the parser takes
-- any other mark between words as a space already.
CREATE FUNCTION search_words(p_text text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(p_text, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', repeat(' ', 32))
$$;
ALTER TABLE answer
    ADD COLUMN search_swedish tsvector GENERATED ALWAYS AS (to_tsvector('pg_catalog.swedish'::regconfig, search_words(search_text))) STORED,
    ADD COLUMN search_simple tsvector GENERATED ALWAYS AS (to_tsvector('pg_catalog.simple'::regconfig, search_words(search_text))) STORED;
CREATE INDEX answer_search_swedish ON answer USING gin (search_swedish);
CREATE INDEX answer_search_simple ON answer USING gin (search_simple);

-- A word as a tsquery's quoted lexeme with a prefix mark: quotes and backslashes escaped, so
-- nothing in it is read as an operator.
CREATE FUNCTION lexeme_prefix(p_word text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT '''' || replace(replace(p_word, '\', '\\'), '''', '''''') || ''':*'
$$;
REVOKE EXECUTE ON FUNCTION lexeme_prefix(text), search_words(text) FROM PUBLIC;

-- Analyses the reader may see (the same test as the row-level policy on analysis, which binds
-- not the owner this runs as) with an answer holding every word, each with when its answers were
-- last written. The words come split by the program (AnalysisFilter.searchWords); each is quoted
-- into the query as a lexeme, never parsed, and the query's text is built here so the planner
-- sees constants and combines the two GIN indexes.
CREATE OR REPLACE FUNCTION search_ids(p_words text[]) RETURNS TABLE (analysis_id text, written text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = barnkoll, barnkoll_crypto, pg_temp AS $$
DECLARE
    word text;
    stem text;
    matches text[] := '{}';
BEGIN
    FOREACH word IN ARRAY coalesce(p_words, '{}') LOOP
        CONTINUE WHEN coalesce(word, '') = '';
        -- A stop word ("och") has no stem: the simple vector alone finds it.
        stem := (ts_lexize('pg_catalog.swedish_stem', word))[1];
        matches := matches || format('(m.search_simple @@ %L::tsquery%s)', lexeme_prefix(lower(word)),
            CASE WHEN coalesce(stem, '') = '' THEN ''
                 ELSE format(' OR m.search_swedish @@ %L::tsquery', lexeme_prefix(stem)) END);
    END LOOP;
    IF cardinality(matches) = 0 THEN RETURN; END IF;
    RETURN QUERY EXECUTE
        'SELECT a.id, (SELECT max(w.updated_at) FROM answer w WHERE w.analysis_id = a.id) FROM analysis a '
        || 'WHERE ((SELECT sees_all()) OR a.author = session_user OR a.unit = ANY ((SELECT my_units())::text[])) '
        || 'AND a.id IN (SELECT m.analysis_id FROM answer m WHERE ' || array_to_string(matches, ' AND ') || ')';
END $$;

-- Lists that update themselves: when an analysis is made, changes status, author or unit, or is
-- purged, its unit is sent to those LISTENing (PostgresStore.changeToken). Only the unit, since
-- anyone on staff may LISTEN; they read the list again through the functions above, under their
-- own rights. Sent at commit, once per unit and transaction.
CREATE FUNCTION notify_lists() RETURNS trigger LANGUAGE plpgsql SET search_path = barnkoll, pg_temp AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF TG_OP = 'DELETE' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.author IS DISTINCT FROM OLD.author
           OR NEW.unit IS DISTINCT FROM OLD.unit THEN
            PERFORM pg_notify('barnkoll_lists', coalesce(OLD.unit, ''));
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.unit IS DISTINCT FROM OLD.unit) THEN
        PERFORM pg_notify('barnkoll_lists', coalesce(NEW.unit, ''));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER notify_lists AFTER INSERT OR UPDATE OR DELETE ON analysis FOR EACH ROW EXECUTE FUNCTION notify_lists();
"""#
}
