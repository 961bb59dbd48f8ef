import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollTUI
import Foundation
import Terminal
import Testing

/// The worksheet on the PostgreSQL store while its server goes away and comes back: on a cluster
/// of its own (`.ci/pg-cluster`, as root), so no other test loses its server.
@Suite(.enabled(if: geteuid() == 0 && ProcessInfo.processInfo.environment["BARNKOLL_PG_SOCKET"] != nil,
                "needs root and a PostgreSQL installation (BARNKOLL_PG_SOCKET set)"))
struct PostgresServerGoesAway {
    /// A program run to its end (posix_spawn: Foundation's Process did not see the end of a
    /// script that left a server running).
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
        try #require(posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0, "cannot run \(arguments[0])")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status == 0, "\(arguments) exited \(status)")
    }

    @Test func theTextStaysOnScreenAndIsSavedWhenTheServerIsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barnkoll-tui-pg-\(UUID().uuidString)").path
        let script = packageRoot.appendingPathComponent(".ci/pg-cluster").path
        try run([script, "start", folder])
        defer {
            try? run([script, "stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        let bin = try #require(try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last)
        let pgctl = "/usr/lib/postgresql/\(bin)/bin/pg_ctl"
        let admin = try PQConnection("host=\(folder)/sock dbname=postgres", user: "postgres", location: "test")
        try admin.query("SET client_min_messages = warning")
        for role in Migrations.roles { try admin.query("CREATE ROLE \(role) NOLOGIN") }
        try admin.query("CREATE ROLE anna LOGIN IN ROLE barnkoll_staff")
        try admin.query("CREATE DATABASE barnkoll OWNER barnkoll_owner")
        let conninfo = "host=\(folder)/sock dbname=barnkoll"
        _ = try PostgresStore.migrate(conninfo: conninfo + " user=postgres", firstAdmin: "anna")
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real)
        let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
        let id = try store.create(checklist: catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-1", unit: "Norr", author: "anna").id

        let backend = MemoryBackend(width: 100, height: 24)
        let clock = TestClock()
        let app = try App(backend: backend, store: store, catalog: catalog, account: "anna", strings: Strings(.sv),
                          start: .analysis(store.analysis(id, readBy: "anna"), item: "decision"), clock: { clock.now })
        try run(["/usr/sbin/runuser", "-u", "postgres", "--", pgctl, "-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        backend.keys = [.enter] + "Barnet vill bo kvar hos mamma.".map { Key.character($0) }
        app.run(stopWhenIdle: true)
        let failed = try #require(backend.lastFrame?.text)
        #expect(failed.contains("Ej sparat") && failed.contains("databasen svarar inte. Försöker igen."), "\(failed)")
        #expect(failed.contains("Barnet vill bo kvar hos mamma."))   // the text stays on screen

        try run(["/usr/sbin/runuser", "-u", "postgres", "--", pgctl, "-D", folder + "/data", "-l", folder + "/log",
                 "-w", "-t", "30", "-o", "-c listen_addresses='' -c unix_socket_directories=\(folder)/sock", "start"])
        clock.advance(by: 2.1)                                           // past the retry interval
        app.run(stopWhenIdle: true)
        #expect(app.worksheet?.saveState == .saved)
        #expect(backend.lastFrame?.text.contains("✓ Sparat") == true)
        #expect(try store.analysis(id, readBy: "anna").answers["decision"]?.text == "Barnet vill bo kvar hos mamma.")
    }
}
