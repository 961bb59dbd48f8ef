import BarnkollCore
@testable import BarnkollStore
import Foundation
import Testing

/// `barnkoll note`: what happened after the decision, on the approved analysis, shown by `show`.
@Suite struct NotesFromTheCommandLine {
    @Test func aNoteIsWrittenShownAndABadOneRefusedInOneLine() throws {
        let cli = CLI()
        defer { cli.remove() }
        let catalog = try ChecklistCatalog.load(directories: [CLI.packageRoot.appendingPathComponent("checklists")])
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        let answers = try AnswerInput.readFile(try Data(contentsOf: URL(fileURLWithPath: completeAnswers)), file: completeAnswers,
                                               checklist: checklist)
        let id: String
        do {
            let store = try SQLiteStore.open(path: cli.store, kind: .real, account: "anna")
            try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
            id = try store.create(checklist: checklist, caseRef: "R-12", unit: "Barn och unga", author: "anna", answers: answers).id
            _ = try store.submit(id, by: "anna")
            _ = try store.approve(id, by: "bertil", comment: nil)
            try store.closeConnections()
        }
        let written = cli.run(["note", id, "återkoppling", "--date", "2026-03-09", "--text", "Beslutet förklarat för Noah."])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout == "\(id): Återkoppling till barnet, 2026-03-09 (antecknat)\n")
        #expect(cli.run(["note", id, "utfall", "--outcome", "delvis", "--date", "2026-03-10"]).status == 0)
        let shown = cli.run(["show", id]).stdout
        #expect(shown.contains("Efter beslutet") && shown.contains("Beslutet förklarat för Noah."))
        #expect(shown.contains("Beslutets utfall: Delvis beviljat"))

        for bad in [["note", id, "utfall"], ["note", id, "kaffe"], ["note", id, "utfall", "--outcome", "kanske"],
                    ["note", id, "återkoppling", "--date", "18 dec"], ["note", "BKA-2026-9999", "återkoppling"]] {
            let refused = cli.run(bad)
            #expect(refused.status == 1, "\(bad)")
            #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.hasPrefix("barnkoll: "), "\(bad): \(refused.stderr)")
        }
        #expect((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["notes"].map { ($0 as? [Any])?.count } == 2)
    }
}

/// `barnkoll revise`: a change of substance after approval is a new version, reviewed again.
@Suite struct RevisingFromTheCommandLine {
    @Test func theAuthorStartsANewVersionThatIsReviewedAgain() throws {
        let cli = CLI()
        defer { cli.remove() }
        let filled = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
        let id = try #require(filled.stdout.split(separator: "\n").first.map(String.init))
        // Approved by a supervisor of the store (this account wrote it, so another account approves).
        do {
            let store = try SQLiteStore.open(path: cli.store, kind: .real, account: Account.current)
            try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
            _ = try store.approve(id, by: "bertil", comment: nil)
            try store.closeConnections()
        }
        let revised = cli.run(["revise", id])
        #expect(revised.status == 0, "\(revised.stderr)")
        #expect(revised.stdout == "\(id): version 2 påbörjad som utkast; ändra med barnkoll open \(id) och skicka in igen\n")
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "draft")
        #expect((json["frozen_versions"] as? [Any])?.count == 1)
        #expect(cli.run(["submit", id]).stdout == "\(id): inskickad\n")
        // A draft or a submitted analysis has no approved version to revise.
        let again = cli.run(["revise", id])
        #expect(again.status == 1 && again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")
    }
}
