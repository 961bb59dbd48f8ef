// Migration 28 of the PostgreSQL store: a counted free text of blanks is not written, by Core's
// rule (CountedAnswers.isBlank: Unicode's White_Space, CountedText.whiteSpace), as on SQLite since
// its v21. Migration 26's indicator_lean trimmed only spaces, so a text of tabs or line breaks (or
// of another blank, such as a no-break space) counted as written; SQLite counted every blank text
// as written. A blank text is kept as it is, which the client reads as not written; a child's
// written field as empty.
//
// Only the rows that can change are made again: those whose version holds such a text. The
// counted answers (Migration 20) keep a text whole only when it is blank or one word without
// blanks, so a tab, a line break or another blank than a space in them (jsonb writes the control
// characters as escapes) is a blank text; finding those reads indicator_version, no answers.
// Never edited once shipped.
extension Migrations {
    static let m028 = #"""
-- As Migration 26's, with a blank text trimmed of every White_Space character (Migration 20's
-- indicator_scalar's list), both the counted free texts and a child's written fields.
CREATE OR REPLACE FUNCTION indicator_lean(p_counted text, p_kept text[], p_free text[],
    OUT scalars text, OUT children text, OUT articles text, OUT measures integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = barnkoll, pg_temp AS $$
    SELECT
      (SELECT string_agg(e.key || E'\x1f' || CASE jsonb_typeof(e.value) WHEN 'string' THEN 'text' WHEN 'array' THEN 'array' ELSE 'integer' END
                || E'\x1f' || CASE WHEN jsonb_typeof(e.value) = 'array'
                                   -- A list as the client wrote it, without jsonb's blank after each comma.
                                   THEN '[' || coalesce((SELECT string_agg(y.v::text, ',' ORDER BY y.n)
                                                         FROM jsonb_array_elements(e.value) WITH ORDINALITY AS y(v, n)), '') || ']'
                                   WHEN jsonb_typeof(e.value) <> 'string' THEN e.value::text
                                   WHEN e.key = ANY (p_free)
                                        AND btrim(e.value #>> '{}', E' \t\n\r\u000b\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000') <> ''
                                   THEN 'answered'
                                   ELSE translate(e.value #>> '{}', E'\x1e\x1f', '') END, E'\x1e')
       FROM jsonb_each(x.c) e
       WHERE (p_kept IS NULL OR e.key = ANY (p_kept))
         AND (jsonb_typeof(e.value) = 'string' OR (jsonb_typeof(e.value) = 'number' AND e.value::text ~ '^-?[0-9]+$')
              OR (jsonb_typeof(e.value) = 'array' AND e.key = 'conflicts'))),
      (SELECT string_agg(
                (SELECT string_agg(CASE WHEN f.name IN ('differs_reasons', 'views_own_words', 'position_otherwise')
                                        THEN CASE WHEN btrim(coalesce(ch.v ->> f.name, ''), E' \t\n\r\u000b\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000') = ''
                                                  THEN '' ELSE 'answered' END
                                        ELSE translate(coalesce(ch.v ->> f.name, ''), E'\x1e\x1f', '') END, E'\x1f' ORDER BY f.n)
                 FROM unnest(ARRAY['age', 'effect', 'heard', 'informed', 'not_heard_reason', 'differs_from_view',
                                   'differs_reasons', 'lives_in_household', 'views_own_words', 'position_otherwise'])
                      WITH ORDINALITY AS f(name, n)), E'\x1e' ORDER BY ch.n)
       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.c -> 'children') = 'array' THEN x.c -> 'children' ELSE '[]' END)
            WITH ORDINALITY AS ch(v, n)),
      (SELECT string_agg(translate(a.v ->> 'article', E'\x1e\x1f', ''), E'\x1f' ORDER BY a.n)
       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.c -> 'other_articles') = 'array' THEN x.c -> 'other_articles' ELSE '[]' END)
            WITH ORDINALITY AS a(v, n)
       WHERE jsonb_typeof(a.v -> 'article') = 'string'),
      CASE WHEN jsonb_typeof(x.c -> 'compensatory_measures') = 'array' THEN jsonb_array_length(x.c -> 'compensatory_measures') END
    FROM (SELECT p_counted::jsonb AS c) x
$$;

-- The rows whose latest version holds a blank text of more than spaces, made again.
DO $$
BEGIN
    PERFORM indicator_analysis_refresh(i.analysis_id)
    FROM indicator_analysis i
    JOIN analysis a ON a.id = i.analysis_id
    JOIN indicator_version l ON l.analysis_id = a.id AND l.number = a.versions
    WHERE l.counted ~ E'\\\\[tnrf]|\\\\u000b|[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]';
END $$;
"""#
}
