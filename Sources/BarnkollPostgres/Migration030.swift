// Migration 30 of the PostgreSQL store: Migration 15's whole-plan import_store dropped.
//
// Since Migration 17 barnkoll imports a store in parts (import_begin, import_analyses, import_audit,
// import_end) and nothing calls import_store. An admin could still call it from psql, and it does
// not do what the client does around the parts: register the kept items of the definitions the
// import brings before their rows are made (Migration 26), and record the file (Migration 14).
// One way in, the one that is tested. Never edited once shipped.
extension Migrations {
    static let m030 = #"""
DROP FUNCTION import_store(text);
"""#
}
