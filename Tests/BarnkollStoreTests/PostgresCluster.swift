import BarnkollCore
@testable import BarnkollPostgres
import Foundation

/// The running PostgreSQL cluster the PostgreSQL tests use: its socket folder in BARNKOLL_PG_SOCKET
/// (`.ci/run` makes a throwaway one; docs/testing.md says how to make one by hand). Its pg_ident.conf
/// maps the test runner's OS account to the test roles (peer authentication, no passwords), and
/// each test gets a database of its own, dropped when its folder goes.
enum PostgresCluster {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static var socket: String? {
        ProcessInfo.processInfo.environment["BARNKOLL_PG_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Set by CI: a missing cluster is then a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["BARNKOLL_PG_REQUIRED"] == "1" }

    /// Whether the PostgreSQL cases run; says once why not when they are skipped.
    static let enabled: Bool = {
        if socket != nil || required { return true }
        print("PostgreSQL tests skipped: BARNKOLL_PG_SOCKET is not set (see docs/testing.md)")
        return false
    }()

    /// The people of the tests, as login roles in barnkoll_staff.
    static let people = ["anna", "bertil", "cecilia", "nora", "sven", "nils", "siv", "nina", "tove", "disa", "auditor",
                         "bk-anna", "bk-bertil", "bk-cecilia", "bk-disa"]

    static func connection(database: String, user: String) throws -> PQConnection {
        guard let socket else { throw Unavailable(description: "BARNKOLL_PG_SOCKET is not set, but BARNKOLL_PG_REQUIRED=1") }
        return try PQConnection("host=\(socket) dbname=\(database)", user: user, location: database)
    }

    /// The roles, made once per test process (roles belong to the cluster, not to a database).
    private static let roles: Result<Void, Unavailable> = {
        do {
            guard let socket else { throw Unavailable(description: "BARNKOLL_PG_SOCKET is not set, but BARNKOLL_PG_REQUIRED=1") }
            let admin = try PostgresPlainConnection(conninfo: "host=\(socket) dbname=postgres", user: "postgres")
            try admin.query("SET client_min_messages = warning")
            try admin.createRoles(logins: people)
            try admin.query("GRANT barnkoll_auditor TO auditor")
            return .success(())
        } catch {
            return .failure(Unavailable(description: "cannot prepare the test cluster's roles: \(error)"))
        }
    }()

    /// A new database with barnkoll's schema, of `kind` with `admin` its first admin, dropped when
    /// `folder` goes; returns its connection string (no user).
    /// `through`: the schema only up to that migration, as an older barnkoll left it.
    static func database(_ folder: TemporaryFolder, kind: StoreKind = .real, admin: String = "anna",
                         through: Int? = nil) throws -> String {
        guard let socket else { throw Unavailable(description: "BARNKOLL_PG_SOCKET is not set, but BARNKOLL_PG_REQUIRED=1") }
        try roles.get()
        let name = "bk_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let superuser = try connection(database: "postgres", user: "postgres")
        try superuser.query("CREATE DATABASE \(name) OWNER barnkoll_owner")
        folder.cleanups.append {
            _ = try? superuser.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        // The DBA's step: migrations applied by a member of the owning role (here the superuser).
        _ = try PostgresStore.migrate(conninfo: "host=\(socket) dbname=\(name) user=postgres", kind: kind, firstAdmin: admin,
                                       through: through)
        return "host=\(socket) dbname=\(name)"
    }

    /// The database a store is in, as its superuser sees it.
    static func superuser(of store: any CaseworkStore) throws -> PQConnection {
        guard let store = store as? PostgresStore else { throw Unavailable(description: "not a PostgreSQL store of the tests") }
        return try superuser(conninfo: store.conninfo)
    }

    /// The superuser on the database a test's connection string names.
    static func superuser(conninfo: String) throws -> PQConnection {
        guard let name = conninfo.split(separator: " ").first(where: { $0.hasPrefix("dbname=") })?.dropFirst(7) else {
            throw Unavailable(description: "not a PostgreSQL store of the tests")
        }
        return try connection(database: String(name), user: "postgres")
    }
}
