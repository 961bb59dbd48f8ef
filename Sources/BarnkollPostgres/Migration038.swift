// Migration 38 of the PostgreSQL store: a definition's hard stop on a multiple choice is judged in
// the yearly figures as on the worksheet. indicator_lean kept no list but conflicts' (Migration 26),
// so a stop reading another multiple choice found it unanswered when the client judged it again
// from the row, and counted the stop as not met. Every kept item's list of choices is kept now, as
// SQLite keeps it since its v23 (Core's CountedText.Kind.list); Migration 20's counted answers
// already hold them whole, and no group's entries but the three indicator_lean reads apart.
//
// Only the rows that change are made again: those whose latest version holds a kept list other
// than conflicts'. Their units' tallies are marked changed by Migration 32's triggers; every tally
// kept before is counted again anyway, its format being older (Indicators.Tally.format 2).
// Never edited once shipped.
extension Migrations {
    static let m038 = #"""
-- As Migration 28's, with every kept list of choices, not only conflicts'.
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
              -- Any list of choices (Migration 20 keeps no group's entries but these three's).
              OR (jsonb_typeof(e.value) = 'array' AND e.key NOT IN ('children', 'other_articles', 'compensatory_measures')))),
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

DO $$
BEGIN
    PERFORM indicator_analysis_refresh(i.analysis_id)
    FROM indicator_analysis i
    JOIN analysis a ON a.id = i.analysis_id
    JOIN indicator_version l ON l.analysis_id = a.id AND l.number = a.versions
    LEFT JOIN indicator_items d ON d.definition_hash = l.definition_hash
    WHERE EXISTS (SELECT 1 FROM jsonb_each(l.counted::jsonb) e
                  WHERE jsonb_typeof(e.value) = 'array'
                    AND e.key NOT IN ('children', 'other_articles', 'compensatory_measures', 'conflicts')
                    AND (d.kept IS NULL OR e.key = ANY (d.kept)));
END $$;
"""#
}
