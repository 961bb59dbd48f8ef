import BarnkollCore
import Foundation
import Testing

/// Lists that update themselves: bertil's review queue and anna's home screen stay open in real
/// terminals, as two OS accounts on one shared SQLite store, while the other acts from the command
/// line. Nobody presses a key: the front end's tick sees the store's change token move.
@Suite(.tags(.tmux, .osAccounts), .serialized,
       .enabled(if: OSAccounts.available && Tmux.isAvailable,
                "needs root, setpriv and tmux: runs barnkoll in tmux as the accounts bk-anna and bk-bertil"))
struct LiveListsInTmux {
    /// The heading `id` is listed under on the home screen, reading the lines from the top.
    func heading(of id: String, in screen: String) -> String? {
        var current: String?
        for line in screen.split(separator: "\n") {
            for heading in ["Återsända till dig", "Dina utkast", "Inskickade"] where line.contains(heading) { current = heading }
            if line.contains(id) { return current }
        }
        return nil
    }

    @Test func theQueueAndHomeRefreshWhenTheOtherAccountActs() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        let cli = CLI()
        defer { cli.remove() }
        let (anna, bertil) = (OSAccounts.anna, OSAccounts.bertil)
        let at = ["--store", host.sharedFolder("team") + "/barnkoll.sqlite"]
        let answers = host.readable("complete-bka.yaml", contents: try #require(FileManager.default.contents(atPath: completeAnswers)))
        var ids: [String] = []
        for reference in ["LIVE-1", "LIVE-2"] {
            let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", reference] + at)
            ids.append(try #require(fill.stdout.split(separator: "\n").first.map(String.init), "\(fill.stderr)"))
        }
        #expect(host.run(as: anna, ["admin", "grant", "supervisor", bertil] + at).status == 0)
        func terminal(_ account: String, _ arguments: [String]) -> Tmux {
            Tmux(cli, command: host.commandLine(as: account, arguments + at, environment: ["TERM": "xterm-256color"]), height: 30)
        }
        let queue = terminal(bertil, ["review"])
        #expect(queue.wait(for: " 0 av 0"), "\(queue.screen)")
        let home = terminal(anna, [])
        #expect(home.wait(until: { heading(of: ids[1], in: home.screen) == "Dina utkast" }), "\(home.screen)")

        // anna submits from the command line: bertil's open queue shows it.
        #expect(host.run(as: anna, ["submit", ids[0]] + at).status == 0)
        #expect(queue.wait(for: "1–1 av 1"), "\(queue.screen)")
        #expect(queue.screen.contains(ids[0]))
        #expect(home.wait(until: { heading(of: ids[0], in: home.screen) == "Inskickade" }), "\(home.screen)")

        // bertil returns it: it leaves his queue and is returned on anna's home.
        #expect(host.run(as: bertil, ["review", "return", ids[0], "--comment", "Barnets röst behöver kompletteras."] + at).status == 0)
        #expect(home.wait(until: { heading(of: ids[0], in: home.screen) == "Återsända till dig" }), "\(home.screen)")
        #expect(queue.wait(for: " 0 av 0"), "\(queue.screen)")

        // The other is submitted and approved: in the queue, then gone from it and from anna's lists.
        #expect(host.run(as: anna, ["submit", ids[1]] + at).status == 0)
        #expect(queue.wait(until: { queue.screen.contains(ids[1]) }), "\(queue.screen)")
        #expect(host.run(as: bertil, ["review", "approve", ids[1]] + at).status == 0)
        #expect(queue.wait(until: { !queue.screen.contains(ids[1]) }), "\(queue.screen)")
        #expect(home.wait(until: { heading(of: ids[1], in: home.screen) == nil && home.screen.contains(ids[0]) }), "\(home.screen)")
        queue.press("C-q")
        home.press("C-q")
    }
}
