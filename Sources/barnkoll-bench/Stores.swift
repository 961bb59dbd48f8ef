import BarnkollCore
import BarnkollPostgres
import BarnkollStore
import Foundation
import GRDB

/// The store the figures are measured on, with the accounts that act on it and its plain yardsticks.
struct BenchStore {
    var store: any CaseworkStore
    var kind: BarnkollBench.Kind
    /// Where a writer process of the load test opens the same store (a path or a connection string).
    var location: String
    /// Who writes drafts, reads analyses, and reads the indicators. On PostgreSQL all three are the
    /// connected role (identity is `session_user`), a supervisor across the administration whom
    /// row-level security applies to, as it does to a supervisor.
    var writer: String
    var reader: String
    var chef: String
    /// The yardstick of a save, as the figure names it.
    var plainName: String
    /// Sets up the plain one-row update and returns it.
    var plainUpdate: () throws -> (String) throws -> Void
    /// The unfiltered review queue's first page in plain SQL.
    var plainQueuePage: () -> () throws -> Void

    /// A new, empty draft of the writer's to save into.
    func draft(catalog: ChecklistCatalog, caseRef: String) throws -> String {
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        do {
            return try store.create(checklist: checklist, caseRef: caseRef, unit: "Bänken", author: writer, answers: [:]).id
        } catch {
            throw BenchFailure(description: error.description)
        }
    }
}

extension BarnkollBench {
    func sqliteBench(_ path: String) throws -> BenchStore {
        let store = try open(path)
        let baselinePath = "\(cache)/baseline.sqlite"
        return BenchStore(store: store, kind: .sqlite, location: path, writer: "bench", reader: "bench", chef: "bench-chef",
                          plainName: "plain GRDB",
                          plainUpdate: {
                              var config = Configuration()
                              config.busyMode = .timeout(10)
                              let pool = try DatabasePool(path: baselinePath, configuration: config)
                              try pool.writeWithoutTransaction { db in
                                  try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON")
                                  try db.execute(sql: "CREATE TABLE IF NOT EXISTS answer (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
                                  try db.execute(sql: "INSERT OR IGNORE INTO answer (id, value) VALUES (1, '')")
                              }
                              return { value in
                                  try pool.write { try $0.execute(sql: "UPDATE answer SET value = ? WHERE id = 1", arguments: [value]) }
                              }
                          },
                          plainQueuePage: {
                              {
                                  _ = try store.rawRead {
                                      try Row.fetchAll($0, sql: "SELECT * FROM analysis WHERE status = 'submitted' ORDER BY updated_at LIMIT 50")
                                  }
                              }
                          })
    }

    var pgServer: String? {
        (pgSocket ?? ProcessEnvironment.values["BARNKOLL_PG_SOCKET"]).flatMap { $0.isEmpty ? nil : "host=\($0)" }
    }

    /// The database of this size, `bench_N`: made by importing the cached SQLite store with
    /// `admin import`'s code when it is missing (in `bench_N_partial`, renamed once whole), then
    /// opened as the OS account's own role. Returns the import's figures when it imported.
    func postgresBench(_ path: String) throws -> (BenchStore, [Figure]) {
        guard let server = pgServer else {
            throw BenchFailure(description: "--store-kind postgresql needs --pg-socket DIR (or BARNKOLL_PG_SOCKET)")
        }
        let name = "bench_\(analyses)"
        let account = Account.current
        var figures: [Figure] = []
        try attempt {
            let superuser = try PostgresPlainConnection(conninfo: server + " dbname=postgres", user: pgSuperuser)
            try superuser.query("SET client_min_messages = warning")
            try superuser.createRoles(logins: [account])
            if try superuser.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).isEmpty {
                figures = try importStore(path, into: name, server: server, superuser: superuser)
            }
        }
        let conninfo = server + " dbname=\(name)"
        let store = try attempt { try PostgresStore.open(conninfo: conninfo, kind: .real, expected: account) }
        let plain = try attempt { try PostgresPlainConnection(conninfo: conninfo, user: pgSuperuser) }
        _ = try attempt { try plain.query("SET client_min_messages = warning") }
        let bench = BenchStore(store: store, kind: .postgresql, location: conninfo, writer: account, reader: account, chef: account,
                               plainName: "plain libpq",
                               plainUpdate: {
                                   // The store's own settings: synchronous_commit as the server has it (on).
                                   try plain.query("CREATE TABLE IF NOT EXISTS public.bench_answer (id integer PRIMARY KEY, value text NOT NULL)")
                                   try plain.query("INSERT INTO public.bench_answer VALUES (1, '') ON CONFLICT DO NOTHING")
                                   return { value in try plain.query("UPDATE public.bench_answer SET value = $1 WHERE id = 1", [value]) }
                               },
                               plainQueuePage: {
                                   { try plain.query("SELECT * FROM barnkoll.analysis WHERE status = 'submitted' ORDER BY updated_at LIMIT 50") }
                               })
        return (bench, figures)
    }

    /// `barnkoll admin import` of the SQLite store into a new database, timed: reading the file,
    /// then Core's plan kept by the database in one transaction.
    func importStore(_ path: String, into name: String, server: String,
                     superuser: PostgresPlainConnection) throws(StoreError) -> [Figure] {
        let partial = name + "_partial"
        try superuser.query("DROP DATABASE IF EXISTS \(partial) WITH (FORCE)")
        try superuser.query("CREATE DATABASE \(partial) OWNER barnkoll_owner")
        let conninfo = server + " dbname=\(partial) user=\(pgSuperuser)"
        _ = try PostgresStore.migrate(conninfo: conninfo, kind: .real, firstAdmin: pgSuperuser)
        let started = DispatchTime.now().uptimeNanoseconds
        var read = started
        do {
            let admin = try PostgresStore.open(conninfo: conninfo, kind: .real)
            let source = try SQLiteStore.importSource(path: path)
            read = DispatchTime.now().uptimeNanoseconds
            _ = try admin.importStore(source, mapping: ImportMapping(), by: pgSuperuser)
            // The measuring account writes drafts too (the save, the load test).
            _ = try admin.setRole(.caseworker, for: Account.current, granted: true, by: pgSuperuser)
        }
        let done = DispatchTime.now().uptimeNanoseconds
        try superuser.query("ALTER DATABASE \(partial) RENAME TO \(name)")
        try PostgresPlainConnection(conninfo: server + " dbname=\(name)", user: pgSuperuser).query("VACUUM ANALYZE")
        let seconds = Double(done - started) / 1e9
        let reading = Double(read - started) / 1e9
        StandardError.write(String(format: "imported %d analyses into %@ in %.1f s (reading the file %.1f s)\n",
                                   analyses, name, seconds, reading))
        var whole = Figure(name: "import of the SQLite store (admin import), whole", samples: [seconds * 1000],
                           target: "none: once per unit", met: true)
        whole.reference = true
        var rate = Figure(name: "import of the SQLite store (admin import), analyses a second", samples: [Double(analyses) / seconds],
                          target: "none: once per unit", met: true)
        rate.unit = "analyses/s"
        rate.reference = true
        var reads = Figure(name: "import: reading the SQLite file (of the whole)", samples: [reading * 1000],
                           target: "none", met: true)
        reads.reference = true
        return [whole, reads, rate]
    }
}
