import BarnkollCore
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
        #expect(verified.stderr.hasPrefix("barnkoll: \(cli.store): checklist definition barnkonsekvensanalys v"), "\(verified.stderr)")
        #expect(verified.stderr.contains("its text does not match its hash"))
    }
}
