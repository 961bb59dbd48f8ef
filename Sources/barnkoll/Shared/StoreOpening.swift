import BarnkollCore
import BarnkollPostgres
import BarnkollStore

/// The one place the command line names a store kind: a path opens the SQLite store, a libpq
/// connection string or URI the PostgreSQL store (libpq is loaded only then). Every other file
/// sees only Core's `CaseworkStore`.
enum StoreOpening {
    /// Opens (or, when allowed, creates) the store of `kind` at `location`; refuses one of the other kind.
    static func open(_ location: String, kind: StoreKind) throws(StoreError) -> any CaseworkStore {
        if isDatabase(location) {
            return try PostgresStore.open(conninfo: location, kind: kind, expected: Account.current)
        }
        return try SQLiteStore.open(path: location, kind: kind)
    }

    /// Whether `location` names a PostgreSQL database rather than a file.
    static func isDatabase(_ location: String) -> Bool {
        PostgresStore.isConnectionString(location)
    }

    /// Applies the PostgreSQL schema's migrations and sets the store up as `kind` (with its first
    /// admin, when named); returns the versions applied and the newest known.
    static func migrate(_ location: String, kind: StoreKind, firstAdmin: String?) throws(StoreError) -> (applied: [Int], latest: Int) {
        guard isDatabase(location) else {
            throw .notAllowed(sv: "`admin migrate` är för ett PostgreSQL-lager (--store 'postgresql:///barnkoll?host=/run/postgresql'); ett SQLite-lager uppdaterar sig självt när det öppnas",
                              en: "`admin migrate` is for a PostgreSQL store (--store 'postgresql:///barnkoll?host=/run/postgresql'); a SQLite store migrates itself when opened")
        }
        return (try PostgresStore.migrate(conninfo: location, kind: kind, firstAdmin: firstAdmin), Migrations.latest)
    }

    /// The PostgreSQL store an import goes into; a file is refused (only PostgreSQL takes imports).
    static func importTarget(_ location: String) throws(StoreError) -> any ImportRecords {
        guard isDatabase(location), let store = try open(location, kind: .real) as? any ImportRecords else {
            throw .notAllowed(sv: "`admin import` flyttar in i ett PostgreSQL-lager (--store 'postgresql:///barnkoll?host=/run/postgresql'), inte i en fil",
                              en: "`admin import` moves stores into a PostgreSQL store (--store 'postgresql:///barnkoll?host=/run/postgresql'), not into a file")
        }
        return store
    }

    /// A SQLite store file read whole for an import, only read.
    static func importSource(_ path: String) throws(StoreError) -> ImportSource {
        try SQLiteStore.importSource(path: path)
    }
}
