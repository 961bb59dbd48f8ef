import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct AnchorAndRetention {
    /// A submitted analysis by anna, in a store this account (its admin) reviews.
    func submittedByAnna(_ cli: CLI) throws -> (SQLiteStore, String) {
        #expect(cli.run(["admin", "grant", "supervisor", Account.current]).status == 0)
        let catalog = try ChecklistCatalog.load(directories: [CLI.packageRoot.appendingPathComponent("checklists")])
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        let answers = try AnswerInput.readFile(try Data(contentsOf: URL(fileURLWithPath: completeAnswers)), file: completeAnswers,
                                               checklist: checklist)
        let store = try SQLiteStore.open(path: cli.store, kind: .real, account: "anna")
        let id = try store.create(checklist: checklist, caseRef: "R-12", unit: "Barn och unga", author: "anna", answers: answers).id
        _ = try store.submit(id, by: "anna")
        return (store, id)
    }

    @Test func anApprovalLogsTheChainHeadAndVerifyAnchorHoldsTheStoreToIt() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (store, id) = try submittedByAnna(cli)
        let socket = LogSocket(cli.folder + "/log.sock")
        let approve = cli.run(["review", "approve", id], environment: ["BARNKOLL_SYSLOG_SOCKET": socket.path])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.stderr.isEmpty)
        let logged = socket.received()
        #expect(logged.count == 1)
        #expect(logged.first?.hasPrefix("<86>") == true)                  // authpriv.info, as syslog(3) sends
        #expect(logged.first?.contains(" barnkoll[") == true)              // tagged: journalctl -t barnkoll
        let head = try #require(ChainHead.heads(in: logged.joined(separator: "\n")).first)
        #expect(head == (try store.chainHead()))
        #expect(approve.stdout.contains(head.logLine))                     // the receipt
        let log = cli.write("auth.log", "Nov 23 11:02:03 host \(logged[0].dropFirst(4))\n")

        let anchored = cli.run(["verify", "--anchor", "--log", log])
        #expect(anchored.status == 0, "\(anchored.stderr)")
        #expect(anchored.stdout.contains("(1 kedjehuvuden i loggen stämmer)"))

        // Someone with the file rewrites who approved, and every hash from there on: plain
        // verify is fooled, the anchor is not.
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_never_updated")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
            var previous = AuditChain.genesis
            for row in rows {
                let chained = AuditChain.Row(id: row["id"], at: row["at"],
                                             account: (row["action"] as String) == "analysis.approved" ? "cecilia" : row["account"],
                                             action: row["action"], analysisID: row["analysis_id"], detail: row["detail"],
                                             digest: row["digest"])
                previous = AuditChain.hash(previous: previous, chained)
                try db.execute(sql: "UPDATE audit SET account = ?, hash = ? WHERE id = ?", arguments: [chained.account, previous, chained.id])
            }
        }
        let fooled = cli.run(["verify"])
        #expect(fooled.status == 0, "\(fooled.stderr)")
        let caught = cli.run(["verify", "--anchor", "--log", log])
        #expect(caught.status == 1)
        #expect(caught.stderr.contains("granskningsloggens rad \(head.id): inte den rad vars hash systemloggen har (kedjan skrevs om)"), "\(caught.stderr)")

        let noHeads = cli.run(["verify", "--log", cli.write("empty.log", "Nov 23 host sshd[1]: nothing here\n")])
        #expect(noHeads.status == 1)
        #expect(noHeads.stderr.contains("empty.log: inga kedjehuvuden för"))
        #expect(cli.run(["verify", "--log", cli.folder + "/missing.log"]).stderr.contains("missing.log: går inte att läsa"))
    }

    @Test func withoutASystemLogTheApprovalStandsAndSaysSo() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (_, id) = try submittedByAnna(cli)
        let approve = cli.run(["review", "approve", id], environment: ["BARNKOLL_SYSLOG_SOCKET": cli.folder + "/no.sock"])
        #expect(approve.status == 0)
        #expect(approve.stdout.contains("barnkoll chain head store="))
        #expect(approve.stderr.contains("kedjans huvud kom inte till systemloggen"), "\(approve.stderr)")
    }

    @Test func purgeFromTheCommandLine() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (store, old) = try submittedByAnna(cli)
        let (_, kept) = try submittedByAnna(cli)
        for id in [old, kept] {
            #expect(cli.run(["review", "approve", id], environment: ["BARNKOLL_SYSLOG_SOCKET": cli.folder + "/no.sock"]).status == 0)
        }
        try store.pool.write { db in try db.execute(sql: "UPDATE analysis SET updated_at = '2014-06-30T09:00:00.000Z'") }
        #expect(cli.run(["admin", "exempt", kept, "--reason", "Överklagat"]).status == 0)

        #expect(cli.run(["purge", "--before", "30/6"]).status == 2)
        let noSuchDay = cli.run(["purge", "--before", "2026-02-30"])
        #expect(noSuchDay.status == 2 && noSuchDay.stderr.contains("inte '2026-02-30' (februari 2026 har 28 dagar)"), "\(noSuchDay.stderr)")
        #expect(cli.run(["purge", "--before", "2999-01-01"]).stderr.contains("ligger i framtiden"))
        let dry = cli.run(["purge", "--before", "2020-01-01", "--dry-run"])
        #expect(dry.stdout.contains("1 analys beslutad före 2020-01-01 skulle gallras:"), "\(dry.stdout)")
        #expect(dry.stdout.contains("  \(old)  "))
        #expect(dry.stdout.contains("  \(kept)  undantagen: Överklagat"))
        #expect(try store.analysis(old, readBy: "anna").summary.id == old) // a dry run changes nothing

        let purged = cli.run(["purge", "--before", "2020-01-01"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(purged.stdout.contains("1 analys gallrad (beslutad före 2020-01-01)"))
        #expect(cli.run(["show", old]).stderr.contains(old))
        #expect(cli.run(["show", kept]).status == 0)
        #expect(cli.run(["verify"]).status == 0)
        #expect(cli.run(["admin", "unexempt", "BKA-2026-9999"]).status == 1)
    }
}
