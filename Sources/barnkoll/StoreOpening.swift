import BarnkollCore
import BarnkollStore

/// The one place the command line names a store kind: a path opens the SQLite store. Every other
/// file sees only Core's `CaseworkStore`.
enum StoreOpening {
    /// Opens (or, when allowed, creates) the store of `kind` at `location`; refuses one of the other kind.
    static func open(_ location: String, kind: StoreKind) throws(StoreError) -> any CaseworkStore {
        try SQLiteStore.open(path: location, kind: kind)
    }
}
