import BarnkollCore

/// A plain libpq connection for tools beside the store: the bench's setup (a database, its roles)
/// and its yardstick (a plain `UPDATE` of one row). Statements as given; none of barnkoll's rules.
public final class PostgresPlainConnection: Sendable {
    private let connection: PQConnection
    private let location: String

    /// Connects with a libpq connection string (`user` overriding its role).
    public init(conninfo: String, user: String? = nil) throws(StoreError) {
        location = PostgresStore.describe(conninfo)
        connection = try PQConnection(conninfo, user: user, location: location)
    }

    /// One statement with text parameters ($1 …); its rows as text (NULL as nil).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> [[String?]] {
        do {
            return try connection.query(sql, parameters).rows
        } catch {
            throw PostgresStore.map(error, location: location)
        }
    }

    /// The roles barnkoll's schema grants to, made where missing (a superuser's connection), and
    /// `logins` as login roles of staff: what a DBA does once per cluster (docs/operations.md).
    public func createRoles(logins: [String]) throws(StoreError) {
        for role in Migrations.roles {
            try query("DO $$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        }
        for login in logins {
            let quoted = "\"" + login.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            try query("DO $$ BEGIN CREATE ROLE \(quoted) LOGIN IN ROLE barnkoll_staff; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        }
    }
}
