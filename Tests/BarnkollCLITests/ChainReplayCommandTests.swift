import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// `barnkoll verify` replaying the chain, from the command line, on a store changed with the raw file.
@Suite struct ChainReplayCommand {
    /// The issue's case: the stored definition rewritten so that an approved "Ja, direkt" reads
    /// "Nej, barnet hördes inte". `show` prints the lie; `verify` names the definition.
    @Test func aRewrittenDefinitionIsShownButNamedByVerify() throws {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.run(["admin", "grant", "supervisor", Account.current]).status == 0)
        let catalog = try ChecklistCatalog.load(directories: [CLI.packageRoot.appendingPathComponent("checklists")])
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        let answers = try AnswerInput.readFile(try Data(contentsOf: URL(fileURLWithPath: completeAnswers)), file: completeAnswers,
                                               checklist: checklist)
        let id = try {
            let store = try SQLiteStore.open(path: cli.store, kind: .real, account: "anna")
            let id = try store.create(checklist: checklist, caseRef: "R-12", unit: "Barn och unga", author: "anna", answers: answers).id
            _ = try store.submit(id, by: "anna")
            try store.closeConnections()
            return id
        }()
        #expect(cli.run(["review", "approve", id], environment: ["BARNKOLL_SYSLOG_SOCKET": cli.folder + "/none.sock"]).status == 0)
        #expect(cli.run(["show", id]).stdout.contains("Ja, direkt"))
        #expect(cli.run(["verify"]).status == 0)

        let queue = try DatabaseQueue(path: cli.store)
        try queue.write { db in
            try db.execute(sql: #"UPDATE checklist_definition SET source = replace(source, '"Ja, direkt"', '"Nej, barnet hördes inte"')"#)
        }
        try queue.close()
        let shown = cli.run(["show", id])
        #expect(shown.stdout.contains("Nej, barnet hördes inte") && !shown.stdout.contains("Ja, direkt"))
        let verified = cli.run(["verify"])
        #expect(verified.status == 1)
        #expect(verified.stderr.hasPrefix("barnkoll: \(cli.store): checklistdefinitionen barnkonsekvensanalys v"), "\(verified.stderr)")
        #expect(verified.stderr.contains("texten stämmer inte med dess hash"))
        // The same problem in English with --lang en.
        let english = cli.run(["verify", "--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr.hasPrefix("barnkoll: \(cli.store): checklist definition barnkonsekvensanalys v"), "\(english.stderr)")
        #expect(english.stderr.contains("its text does not match its hash"))
    }
}

/// A line that looks like a chain head can be sent to the log socket by any account. In the
/// journal each entry keeps its sender (`_UID`), and `verify --anchor` counts only lines from
/// accounts that can write the store; plain syslog text keeps no sender. Tested on
/// `journalctl -o json` samples, as the journal writes them, with no journald running.
@Suite struct ForgedLogLines {
    @Test func aForgedHeadFromAnotherAccountDoesNotMakeAnUntouchedStoreLookTampered() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (_, id) = try AnchorAndRetention().submittedByAnna(cli)
        let socket = LogSocket(cli.folder + "/log.sock")
        #expect(cli.run(["review", "approve", id], environment: ["BARNKOLL_SYSLOG_SOCKET": socket.path]).status == 0)
        let genuine = try #require(ChainHead.heads(in: socket.received().joined(separator: "\n")).last)
        let forged = ChainHead(store: genuine.store, id: genuine.id, hash: String(repeating: "0", count: 64))
        func entry(_ head: ChainHead, uid: String?) -> String {
            var object: [String: String] = ["MESSAGE": head.logLine, "SYSLOG_IDENTIFIER": "barnkoll", "PRIORITY": "6",
                                            "SYSLOG_FACILITY": "10", "_PID": "4711", "_COMM": "logger"]
            object["_UID"] = uid
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
        let owner = String(getuid())
        // Ours, then the same row with another hash from an account outside the store (uid 4242),
        // and one with no sender at all.
        let journal = cli.write("journal.json", [entry(genuine, uid: owner), entry(forged, uid: "4242"), entry(forged, uid: nil)]
            .joined(separator: "\n") + "\n")
        let checked = cli.run(["verify", "--anchor", "--log", journal])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("(1 kedjehuvuden i loggen stämmer)"))
        #expect(checked.stderr.contains("2 rader i \(journal) ser ut som kedjehuvuden men skickades av konton som inte kan skriva lagret (uid 4242, ?)"))

        // From an account that can write the store, the same line counts: the store looks rewritten.
        let fromOwner = cli.write("owner.json", entry(genuine, uid: owner) + "\n" + entry(forged, uid: owner) + "\n")
        let named = cli.run(["verify", "--anchor", "--log", fromOwner])
        #expect(named.status == 1)
        #expect(named.stderr.contains("inte den rad vars hash systemloggen har"))

        // Plain syslog text keeps no sender: there the forged line counts too (SECURITY.md says so).
        let plain = cli.write("auth.log", "Dec  2 10:00:00 host barnkoll[1]: \(genuine.logLine)\nDec  2 10:00:01 host barnkoll[2]: \(forged.logLine)\n")
        #expect(cli.run(["verify", "--anchor", "--log", plain]).status == 1)
    }
}
