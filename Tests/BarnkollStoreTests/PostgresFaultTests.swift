import BarnkollCore
@testable import BarnkollPostgres
import Foundation
import Testing

/// The server going away while someone saves: on a cluster of its own (stopping the shared one
/// would fail every other test), made with `.ci/pg-cluster` as root.
@Suite(.enabled(if: PostgresCluster.enabled && geteuid() == 0, "needs root and a PostgreSQL installation"))
struct PostgresFaults {
    /// Runs a program to its end with posix_spawn and waitpid: Foundation's Process never saw the
    /// end of a script that left a server running (measured: the test hung).
    func run(_ arguments: [String]) throws {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        try #require(spawned == 0, "cannot run \(arguments[0])")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status == 0, "\(arguments) exited \(status)")
    }

    @Test func nothingAcknowledgedIsLostWhenTheServerStopsWhileSaving() throws {
        let folder = TemporaryFolder()
        let script = packageRoot.appendingPathComponent(".ci/pg-cluster").path
        let path = folder.path
        try run([script, "start", path])
        folder.cleanups.insert({ try? self.run([script, "stop", path]) }, at: 0)
        let bin = try #require(try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last)
        let pgctl = "/usr/lib/postgresql/\(bin)/bin/pg_ctl"
        let admin = try PQConnection("host=\(folder.path)/sock dbname=postgres", user: "postgres", location: "test")
        try admin.query("SET client_min_messages = warning")
        for role in Migrations.roles { try admin.query("CREATE ROLE \(role) NOLOGIN") }
        try admin.query("CREATE ROLE anna LOGIN IN ROLE barnkoll_staff")
        try admin.query("CREATE DATABASE barnkoll OWNER barnkoll_owner")
        let conninfo = "host=\(folder.path)/sock dbname=barnkoll"
        _ = try PostgresStore.migrate(conninfo: conninfo + " user=postgres", firstAdmin: "anna")
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real)
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna").id

        var acknowledged: String?
        var refused = 0
        _ = try store.changeToken()
        for round in 0..<60 {
            if round == 20 {
                // Mid-session: the server dies without a shutdown checkpoint, then comes back.
                try run(["/usr/sbin/runuser", "-u", "postgres", "--", pgctl, "-D", folder.path + "/data", "-m", "immediate", "-w", "stop"])
                // The lists' listener sees the server gone (on its first or second tick), and then
                // waits before trying again rather than holding each tick of the front end.
                for _ in 0..<3 { _ = try? store.changeToken() }
                #expect(store.listenerRetry.withLock { $0 } > Date())
                #expect(throws: StoreError.self) { try store.changeToken() }
            }
            if round == 30 {
                try run(["/usr/sbin/runuser", "-u", "postgres", "--", pgctl, "-D", folder.path + "/data", "-l", folder.path + "/log",
                         "-w", "-t", "30", "-o", "-c listen_addresses='' -c unix_socket_directories=\(folder.path)/sock", "start"])
            }
            let text = "Runda \(round)."
            do {
                try store.save(id, item: "view", value: .text(text), by: "anna")
                acknowledged = text
            } catch {
                // Said in a way the screen can show: the database does not answer.
                let said = error.message(.sv)
                #expect(said.contains("databasen svarar inte") || said.contains("kan inte ansluta"), "\(error)")
                refused += 1
            }
        }
        #expect(refused >= 10 && acknowledged == "Runda 59.")
        // After the restart the same store saved again, and holds what it last acknowledged.
        #expect(try store.analysis(id, readBy: "anna").answers["view"] == .text("Runda 59."))
        #expect(try store.verify().isEmpty)
        #expect(try store.auditEvents(for: id).filter { $0.action == "answer.save" }.count == 60 - refused)
    }
}

/// A server that takes the connection and then says nothing (a stalled host, a black-holed network)
/// holds a connect for `connect_timeout` at most: the lists' listener, asked on each tick of the
/// front end, sets one of its own.
@Suite(.enabled(if: PostgresCluster.enabled, "needs libpq"))
struct SilentServer {
    @Test func aConnectToAServerThatSaysNothingGivesUp() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listening >= 0)
        defer { close(listening) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) == 0 && listen(listening, 4) == 0
                && getsockname(listening, $0, &length) == 0 }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let started = Date()
        #expect(throws: StoreError.self) {
            _ = try PQConnection("host=127.0.0.1 port=\(port) dbname=barnkoll user=anna", user: nil, location: "test",
                                 timeout: PostgresStore.listenerTimeout)
        }
        // Without the timeout it waits for the server for good (measured: still waiting after a minute).
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
