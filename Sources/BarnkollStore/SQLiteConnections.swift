import CSQLiteClose
import Foundation
import GRDB
import Synchronization

/// The store's connections to its file: a plain connection for reading, and the writer (a WAL
/// pool) opened only on the first write.
///
/// Reading needs no writer. GRDB's pool writes to the file as it opens (to make sure a WAL exists,
/// with two fsyncs) and the last connection checkpoints that write as it closes: 4–5 ms of every
/// start (docs/benchmarks-history.md, "The casework core behind the store contract") that the
/// home screen, `list`, the review queue and `verify` do not need. A plain connection that only
/// reads leaves nothing behind: as the last one to close it removes the WAL it opened, so a
/// backup restored later never meets an old WAL beside it.
final class SQLiteConnections: Sendable {
    let path: String
    private let configuration: Configuration
    private let durable: Bool
    private let reader = Mutex<DatabaseQueue?>(nil)
    private let writer = Mutex<DatabasePool?>(nil)

    init(path: String, configuration: Configuration, durable: Bool) {
        self.path = path
        self.configuration = configuration
        self.durable = durable
    }

    /// The writer, opened on first use.
    func pool() throws -> DatabasePool {
        try writer.withLock { (open: inout DatabasePool?) throws -> DatabasePool in
            if let open { return open }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { db in
                // GRDB sets NORMAL when it enables WAL: FULL makes every acknowledged save survive power loss.
                try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
            }
            open = pool
            return pool
        }
    }

    /// Whether the writer has been opened (tests and the bench ask).
    var hasWriter: Bool { writer.withLock { $0 != nil } }

    /// The writer once it is open (its readers see its writes at once), else the plain reader.
    func readerConnection() throws -> any DatabaseReader {
        if let pool = writer.withLock({ $0 }) { return pool }
        return try plainReader()
    }

    private func plainReader() throws -> DatabaseQueue {
        try reader.withLock { (open: inout DatabaseQueue?) throws -> DatabaseQueue in
            if let open { return open }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            open = queue
            return queue
        }
    }

    /// Runs the check of a store being opened on the plain reader, the connection every later read
    /// uses, so that SQLite reads the schema once a start and not once more for a connection of
    /// the check's own. When the check throws (a store refused), the store's file keeps every byte:
    /// a WAL holding frames (as a crash leaves it) is closed without the checkpoint the last
    /// connection makes, so its frames stay where they were. An empty WAL (as the reader makes it)
    /// has nothing to move: the reader closes as usual, and SQLite removes the `-wal` and `-shm`
    /// (only when no other connection has the store open), leaving the folder as it was.
    func check<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try plainReader().inDatabase(body)
        } catch {
            var wal = stat()
            let holdsFrames = stat(path + "-wal", &wal) == 0 && wal.st_size > 0
            reader.withLock { open in
                if holdsFrames {
                    open?.inDatabase { db in _ = bk_sqlite_no_checkpoint_on_close(db.sqliteConnection) }
                }
                try? open?.close()
                open = nil
            }
            throw error
        }
    }

    /// `PRAGMA data_version` of one connection, which changes when another connection commits: the
    /// writer's once it is open (so this process's own writes leave it be), else the plain reader's.
    /// The first field tells the two apart.
    func dataVersion() throws -> (writer: Bool, version: Int64) {
        let sql = "PRAGMA data_version"
        if let pool = writer.withLock({ $0 }) {
            return (true, try pool.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: sql) ?? 0 })
        }
        return (false, try plainReader().inDatabase { db in try Int64.fetchOne(db, sql: sql) ?? 0 })
    }

    func read<T>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try readerConnection().read(body)
    }

    /// Runs `body` in a transaction that is always rolled back: for checks that SQLite spells as
    /// writes but that change nothing (FTS5's integrity check). Takes no writer when none is open.
    func checkWithoutWriting<T>(_ body: @escaping @Sendable (Database) throws -> T) throws -> T {
        if let pool = writer.withLock({ $0 }) { return try pool.write(body) }
        return try plainReader().writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.deferred) {
                result = try body(db)
                return .rollback
            }
            guard let result else { throw DatabaseError(message: "the check returned nothing") }
            return result
        }
    }

    /// Closes the writer, then the plain reader. The last connection to close checkpoints and
    /// removes the WAL, but only if it may write: GRDB closes a pool's writer before its read-only
    /// readers (its issue 739), so a plain connection is kept to close last.
    func close() throws {
        if hasWriter { _ = try plainReader() }
        try writer.withLock { open in
            try open?.close()
            open = nil
        }
        try reader.withLock { open in
            try open?.close()
            open = nil
        }
    }

    deinit {
        try? close()
    }
}
