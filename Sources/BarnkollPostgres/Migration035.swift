// Migration 35 of the PostgreSQL store (issue 19): a save's statements keep one plan.
//
// PL/pgSQL keeps a plan for each statement of a function, and under the default
// `plan_cache_mode` it makes a new one for the parameters of every call whenever the kept,
// general plan is estimated dearer than a plan made for those values. `stored_answers`' lookup of
// `item_id = ANY (p_items)` is estimated for an array of any length, so it was planned again on
// every save; `save_answer` (with the statements and triggers it runs) and `anchor_if_due` had
// statements planned again the same way. Every statement of these three is a lookup by key, whose
// plan is the same whatever the values, so they always use the kept plan
// (docs/benchmarks.md). A function's setting holds for what it calls, the triggers too.
//
// `CREATE OR REPLACE` drops a function's settings that it does not state again: a later migration
// that replaces one of these three states `plan_cache_mode` again (a test checks it).
// Never edited once shipped.
extension Migrations {
    static let m035 = #"""
ALTER FUNCTION stored_answers(text, text[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION save_answer(text, text, text, text) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION anchor_if_due(integer, integer) SET plan_cache_mode = force_generic_plan;
"""#
}
