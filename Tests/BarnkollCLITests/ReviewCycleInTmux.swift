import BarnkollCore
import BarnkollStore
import Foundation
import Testing

/// The whole review cycle in real terminals, as two real OS accounts on one shared store: anna
/// submits, bertil returns with a comment at an item, anna revises and resubmits, bertil sees what
/// changed and approves.
@Suite(.tags(.tmux, .osAccounts), .serialized,
       .enabled(if: OSAccounts.available && Tmux.isAvailable,
                "needs root, setpriv and tmux: runs barnkoll in tmux as the accounts bk-anna and bk-bertil"))
struct ReviewCycleInTmux {
    @Test func submitReturnReviseResubmitApprove() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        let cli = CLI()
        defer { cli.remove() }
        let (anna, bertil) = (OSAccounts.anna, OSAccounts.bertil)
        let store = host.sharedFolder("team") + "/barnkoll.sqlite"
        let at = ["--store", store]
        let answers = host.readable("complete-bka.yaml", contents: try #require(FileManager.default.contents(atPath: completeAnswers)))
        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers] + at)
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init), "\(fill.stderr)")
        #expect(host.run(as: anna, ["admin", "grant", "supervisor", bertil] + at).status == 0)
        func terminal(_ account: String, _ arguments: [String], environment: [String: String] = [:]) -> Tmux {
            Tmux(cli, command: host.commandLine(as: account, arguments + at,
                                                environment: environment.merging(["TERM": "xterm-256color"]) { $1 }))
        }

        // anna submits from the worksheet.
        var screen = terminal(anna, ["open", id])
        #expect(screen.wait(for: id), "\(screen.screen)")
        screen.type("s")
        #expect(screen.wait(for: "Skicka in för granskning?"), "\(screen.screen)")
        screen.press("Enter")
        #expect(screen.wait(for: "Klart: inskickad."), "\(screen.screen)")
        screen.press("C-q")

        // bertil finds it in his queue, comments at an item and returns it.
        screen = terminal(bertil, ["review"])
        #expect(screen.wait(for: "1–1 av 1"), "\(screen.screen)")
        screen.press("Enter")
        #expect(screen.wait(for: "Granskar \(id)"), "\(screen.screen)")
        screen.press("Right", "Right", "Right")             // the child's voice: each child's, as one item
        screen.type("k")
        screen.type("Beskriv hur du anpassade informationen till Noahs ålder.")
        screen.press("Enter")
        #expect(screen.wait(for: "» Din kommentar: Beskriv hur du anpassade"), "\(screen.screen)")
        screen.type("r")
        screen.type("Barnets röst behöver kompletteras.")
        screen.press("Enter")
        #expect(screen.wait(for: "\(id): återsänd."), "\(screen.screen)")
        #expect(screen.wait(for: " 0 av 0"), "\(screen.screen)")
        screen.press("C-q")

        // anna sees it returned, with the comment at the item, revises and resubmits.
        screen = terminal(anna, [])
        #expect(screen.wait(for: "Återsända till dig"), "\(screen.screen)")
        #expect(screen.screen.contains(id))
        screen.press("C-q")
        screen = terminal(anna, ["open", id, "--item", "informed_how"])   // asked for each child: Ella's, the first
        #expect(screen.wait(for: "Chefens kommentar: Beskriv hur du anpassade"), "\(screen.screen)")
        screen.press("Enter")                               // editing starts at the end of the text
        screen.type(" Vi ritade beslutet på ett papper tillsammans.")
        screen.press("Escape")
        #expect(screen.wait(for: "Vi ritade"), "\(screen.screen)")
        screen.type("s")
        #expect(screen.wait(for: "Skicka in för granskning?"), "\(screen.screen)")
        screen.press("Enter")
        #expect(screen.wait(for: "Klart: inskickad."), "\(screen.screen)")
        screen.press("C-q")

        // bertil reads what changed between the versions and approves, with no system log to
        // take the chain head (a socket that is not there).
        screen = terminal(bertil, ["review"], environment: ["BARNKOLL_SYSLOG_SOCKET": "/nonexistent/log"])
        #expect(screen.wait(for: "1–1 av 1"), "\(screen.screen)")
        screen.press("Enter")
        screen.type("v")
        #expect(screen.wait(for: "återsände – Barnets röst behöver kompletteras."), "\(screen.screen)")
        screen.press("Enter")
        #expect(screen.wait(for: "Ändringar från v1 till v2"), "\(screen.screen)")
        // Waited for, not read at once: the header can be drawn before the lines under it.
        #expect(screen.wait(for: "Vi ritade beslutet på ett papper"), "\(screen.screen)")
        screen.press("Escape", "Escape")
        screen.type("g")
        screen.press("Enter")
        #expect(screen.wait(for: "\(id): godkänd."), "\(screen.screen)")
        // The receipt, about 140 columns, is broken at its spaces in the box and printed whole on
        // the normal screen when barnkoll ends.
        #expect(screen.wait(for: "Raden skrivs ut hel igen"), "\(screen.screen)")
        let reader = try SQLiteStore.open(path: store, kind: .real, account: "root")
        let head = try reader.chainHead()
        // A space closes the box (an Escape then ^Q could be read as one Alt key).
        screen.type(" ")
        screen.press("C-q")
        // The pane wraps the line at 80 columns: compared without the breaks.
        func unbroken(_ text: String) -> String { text.filter { !$0.isWhitespace } }
        let told = unbroken("den som sköter barnkoll:\n" + head.logLine)
        #expect(screen.wait(until: { unbroken(screen.screen).contains(told) }), "\(head.logLine)\n\(screen.screen)")
        let analysis = try reader.analysis(id, readBy: "root")
        #expect(analysis.summary.status == .approved)
        #expect(analysis.versions.map(\.number) == [1, 2])
        guard case .entries(let children)? = analysis.versions.last?.answers["children"] else {
            Issue.record("no children in v2")
            return
        }
        #expect(children.first?["informed_how"]?.text?.hasSuffix("Vi ritade beslutet på ett papper tillsammans.") == true,
                "\(String(describing: children.first?["informed_how"]))")
        #expect(analysis.reviews.map(\.decision) == [.return, .approve])
        #expect(analysis.reviews.allSatisfy { $0.reviewer == bertil })
        #expect(analysis.reviews.first?.itemComments == ["child_voice": "Beskriv hur du anpassade informationen till Noahs ålder."])
        let events = try reader.auditEvents(for: id)
        #expect(events.contains { $0.action == "analysis.read" && $0.account == bertil })
        #expect(events.filter { $0.action == "analysis.submitted" }.map(\.account) == [anna, anna])
        #expect(events.filter { $0.action == "analysis.approved" }.map(\.account) == [bertil])
    }
}
