import BarnkollCore
import Foundation
import Testing

/// The PostgreSQL store from the command line, with real OS accounts: peer authentication gives
/// the server the account (bk-anna is the role bk-anna), and the database is set up as a DBA
/// would. Needs root and a test cluster (BARNKOLL_PG_SOCKET; see docs/testing.md).
@Suite(.tags(.osAccounts), .serialized,
       .enabled(if: OSAccounts.available && ProcessInfo.processInfo.environment["BARNKOLL_PG_SOCKET"] != nil,
                "needs root and a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresBetweenAccounts {
    let anna = OSAccounts.anna
    let bertil = OSAccounts.bertil
    let cecilia = OSAccounts.cecilia
    let disa = OSAccounts.disa

    var socket: String { ProcessInfo.processInfo.environment["BARNKOLL_PG_SOCKET"] ?? "" }

    /// psql as the superuser, or with `as:` as that OS account's own role.
    func psql(_ database: String, _ sql: String, as account: String? = nil) throws -> CLI.Result {
        let bin = try #require(try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last)
        let psql = ["/usr/lib/postgresql/\(bin)/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "host=\(socket) dbname=\(database)" + (account == nil ? " user=postgres" : ""), "-c", sql]
        let command = account.map { ["/usr/bin/setpriv", "--reuid=\($0)", "--regid=\($0)", "--init-groups", "--"] + psql } ?? psql
        return OSAccounts.execute(command, environment: ["PATH": "/usr/bin:/bin"], directory: "/")
    }

    /// The DBA's steps (docs/operations.md): roles, the database, then `admin migrate` with anna its
    /// first admin; the database dropped by `drop`. Returns its name and connection string.
    func makeDatabase() throws -> (name: String, store: String) {
        let database = "bk_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var setup = "DO $$ BEGIN CREATE ROLE barnkoll_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        for role in ["barnkoll_staff", "barnkoll_auditor"] {
            setup += "DO $$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        }
        for account in [anna, bertil, cecilia, disa] {
            setup += "DO $$ BEGIN CREATE ROLE \"\(account)\" LOGIN IN ROLE barnkoll_staff; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        }
        let roles = try psql("postgres", setup)
        #expect(roles.status == 0, "\(roles.stderr)")
        let created = try psql("postgres", "CREATE DATABASE \(database) OWNER barnkoll_owner")
        try #require(created.status == 0, "\(created.stderr)")
        let store = "host=\(socket) dbname=\(database)"
        let migrate = OSAccounts.execute([CLI.binary, "admin", "migrate", "--store", store + " user=postgres", "--first-admin", anna],
                                         environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], directory: "/")
        #expect(migrate.status == 0 && migrate.stdout.contains("Migrering 1"), "\(migrate.stderr)")
        return (database, store)
    }

    func drop(_ database: String) {
        _ = try? psql("postgres", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }

    @Test func eachAccountIsItsOwnRoleAndTheDatabaseHoldsTheRules() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        let (database, store) = try makeDatabase()
        defer { drop(database) }
        let at = ["--store", store]
        func ok(_ account: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let result = host.run(as: account, arguments + at)
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }
        _ = ok(anna, ["admin", "units", "add", "Norr"])
        _ = ok(anna, ["admin", "grant", "caseworker", bertil, "--unit", "Norr"])
        _ = ok(anna, ["admin", "grant", "supervisor", disa, "--unit", "Norr"])
        let answers = host.readable("complete-bka.yaml", contents: try #require(FileManager.default.contents(atPath: completeAnswers)))
        let id = ok(bertil, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "Norr"])
            .split(separator: "\n").first.map(String.init) ?? ""
        #expect(ok(bertil, ["list", "--format", "json"]).contains(id))
        _ = ok(bertil, ["submit", id])
        let own = host.run(as: bertil, ["review", "approve", id] + at)
        #expect(own.status == 1)
        _ = ok(disa, ["review", "approve", id])
        // The follow-up list reads the due dates the database keeps.
        let due = ok(disa, ["review", "follow-up", "--today", "2026-12-31", "--format", "json"])
        #expect(due.contains(id) && due.contains("2026-03-09") && due.contains("2026-06-01"), "\(due)")

        // cecilia works in no unit: barnkoll shows her nothing, and psql as her own role neither.
        #expect(!ok(cecilia, ["list", "--format", "json"]).contains(id))
        let peek = host.run(as: cecilia, ["show", id] + at)
        #expect(peek.status == 1 && peek.stderr.contains("hör till en enhet du inte arbetar i"), "\(peek.stderr)")
        for sql in ["SELECT * FROM barnkoll.answer", "SELECT * FROM barnkoll.version", "DELETE FROM barnkoll.audit"] {
            let refused = try psql(database, sql, as: cecilia)
            #expect(refused.status != 0 && refused.stderr.contains("permission denied"), "\(sql): \(refused.stderr)")
        }
        let approve = try psql(database, "SELECT * FROM barnkoll.record_review('\(id)', 'approve', 1, NULL, '{}', NULL, 'approved')",
                               as: bertil)
        #expect(approve.status != 0)
        // Not an admin: cannot give herself a role, whatever client she uses.
        let grant = host.run(as: cecilia, ["admin", "grant", "admin", cecilia] + at)
        #expect(grant.status == 1)
        let direct = try psql(database, "SELECT barnkoll.change_role('\(cecilia)', 'admin', NULL, true)", as: cecilia)
        #expect(direct.status != 0 && direct.stderr.contains("only an admin"), "\(direct.stderr)")
        // root is not a role here: barnkoll says so in one line.
        let root = OSAccounts.execute([CLI.binary, "list", "--store", store], environment: ["PATH": "/usr/bin:/bin"], directory: "/")
        #expect(root.status == 1 && root.stderr.split(separator: "\n").count == 1, "\(root.stderr)")
        let verify = host.run(as: anna, ["verify"] + at)
        #expect(verify.status == 0 && verify.stdout.hasSuffix(": allt stämmer\n"), "\(verify.stdout) \(verify.stderr)")
        // An auditor's verify counts no figures, and its last line says so.
        let audit = try psql(database, "GRANT barnkoll_auditor TO \"\(cecilia)\"")
        defer { _ = try? psql(database, "REVOKE barnkoll_auditor FROM \"\(cecilia)\"") }
        #expect(audit.status == 0, "\(audit.stderr)")
        let audited = host.run(as: cecilia, ["verify"] + at)
        #expect(audited.status == 0 && audited.stdout.hasSuffix(
            ": allt stämmer; de sparade indikatortalen räknades inte om; det gör en administratörs verify\n"),
            "\(audited.stdout) \(audited.stderr)")
    }

    /// A unit's SQLite store moved in from the command line: only an admin, only into PostgreSQL,
    /// its taken id renumbered and found again by the old one, and both stores verify.
    @Test func anAdminMovesAUnitsFileIn() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        let (database, store) = try makeDatabase()
        defer { drop(database) }
        let file = host.sharedFolder("socpsyk") + "/barnkoll.sqlite"
        let answers = host.readable("complete-bka.yaml", contents: try #require(FileManager.default.contents(atPath: completeAnswers)))
        func ok(_ account: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let result = host.run(as: account, arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }
        let old = ok(anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "socpsyk", "--store", file])
            .split(separator: "\n").first.map(String.init) ?? ""
        #expect(old == "BKA-2026-0001")
        _ = ok(anna, ["admin", "units", "add", "Socialpsykiatri", "--store", store])
        _ = ok(anna, ["admin", "grant", "caseworker", bertil, "--unit", "Socialpsykiatri", "--store", store])
        let taken = ok(bertil, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "Socialpsykiatri",
                                "--store", store]).split(separator: "\n").first.map(String.init) ?? ""
        #expect(taken == old)

        let refusals = [
            (bertil, ["admin", "import", file, "--unit", "Socialpsykiatri", "--store", store], "admin"),
            (anna, ["admin", "import", file, "--store", store], "\"socpsyk\""),
            (anna, ["admin", "import", file, "--store", host.sharedFolder("other") + "/barnkoll.sqlite"], "PostgreSQL"),
        ]
        for (account, arguments, words) in refusals {
            let refused = host.run(as: account, arguments)
            #expect(refused.status == 1 && refused.stderr.contains(words) && refused.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(refused.stderr)")
        }
        let moved = ok(anna, ["admin", "import", file, "--unit", "Socialpsykiatri", "--account", "\(anna)=\(bertil)", "--store", store])
        #expect(moved.contains("BKA-2026-0001 → BKA-2026-0002 (nytt nummer)") && moved.contains("1 analys inflyttad från"), "\(moved)")
        #expect(ok(bertil, ["admin", "imported", old, "--store", store]).hasPrefix("BKA-2026-0001 → BKA-2026-0002"))
        #expect(ok(bertil, ["show", "BKA-2026-0002", "--store", store]).contains("Socialpsykiatri"))
        // The old id, still bertil's own analysis here: shown, with one line on where the file's went.
        for (arguments, line) in [(["show", old], "\(old) från \(file) heter nu BKA-2026-0002\n"),
                                  (["review", "history", old], "\(old) från \(file) heter nu BKA-2026-0002\n"),
                                  (["show", old, "--lang", "en"], "\(old) from \(file) is now BKA-2026-0002\n")] {
            let result = host.run(as: bertil, arguments + ["--store", store])
            #expect(result.status == 0 && result.stderr == line, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.isEmpty)
        }
        _ = ok(anna, ["verify", "--store", store])
        _ = ok(anna, ["verify", "--store", file])
    }
}
