import BarnkollCore
@testable import BarnkollStore
import GRDB
import Foundation
import Testing

/// The review commands against a store the binary writes as this account, with a second reviewer
/// ("bertil") acting through the store itself.
@Suite struct ReviewCommands {
    @Test func historyDiffFollowUpAndFilteredQueue() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
            .stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(id.hasPrefix("BKA-"))
        // One version: compared with none, and said so, so that every answer showing as new is explained.
        #expect(cli.run(["review", "diff", id]).stdout.hasPrefix("Från ingen version till v1:\nunit: "))
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        try store.return(id, by: "bertil", comment: "Citera Noah.", itemComments: ["child_voice": "Med Noahs egna ord."])

        let history = cli.run(["review", "history", id])
        #expect(history.status == 0)
        #expect(history.stdout.contains("v1  "))
        #expect(history.stdout.contains("bertil  återsände  Citera Noah."))
        #expect(history.stdout.contains("child_voice: Med Noahs egna ord."))

        let more = cli.write("more.yaml", "best_interest: \"Det är bäst för Ella och Noah att ha ljus hemma, som Noah säger.\"\n")
        #expect(cli.run(["fill", "--into", id, "--answers", more]).status == 0)
        // `current` alone: what changed since the version submitted last, not nothing.
        let unsubmitted = cli.run(["review", "diff", id, "current"]).stdout
        #expect(unsubmitted.hasPrefix("Från v1 till svaren som de är nu:\nbest_interest: ") && unsubmitted.contains("  + Det är bäst för Ella och Noah att ha ljus hemma"),
                "\(unsubmitted)")
        #expect(cli.run(["submit", id]).status == 0)
        let diff = cli.run(["review", "diff", id])
        #expect(diff.stdout.hasPrefix("Från v1 till v2:\nbest_interest: Vad bedömer du är bäst för barnet?"), "\(diff.stdout)")
        #expect(diff.stdout.contains("  + Det är bäst för Ella och Noah att ha ljus hemma, som Noah säger."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli.run(["review", "diff", id, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["item"] as? String } == ["best_interest"])
        #expect(json.first?["kind"] as? String == "changed")
        #expect(cli.run(["review", "diff", id, "7"]).stderr.contains("har ingen version 7; den har v1, v2"))

        // Feedback planned for 2026-03-09 and never given: on the list after that day, not before.
        let late = cli.run(["review", "follow-up", "--today", "2026-11-23", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(late.stdout.utf8)) as? [[String: Any]])
        #expect(entries.contains { $0["kind"] as? String == "feedback_overdue" && $0["id"] as? String == id && $0["date"] as? String == "2026-03-09" })
        #expect(cli.run(["review", "follow-up", "--today", "2026-03-09"]).stdout.contains("Återkoppling till barnet försenad (0)"))
        #expect(cli.run(["review", "follow-up", "--today", "23/11"]).status == 2)

        // The queue: filters and search, and a read of each opened analysis in the audit trail.
        #expect(cli.run(["review", "list", "--search", "elskuld"]).stdout.contains(id))
        #expect(!cli.run(["review", "list", "--unit", "Någon annan"]).stdout.contains(id))
        #expect(!cli.run(["review", "list", "--until", "2020-01-01"]).stdout.contains(id))
        // No terminal here: plain mode, which like the full screen keeps the queue for supervisors.
        let refused = cli.run(["review"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Bara chefer granskar"))
        try store.setRole(.supervisor, for: Account.current, granted: true, by: Account.current)
        let queue = cli.run(["review"], input: "q\n")
        #expect(queue.status == 0)
        #expect(queue.stdout.contains("Granskningskö: 1 väntar"))
        #expect(queue.stdout.contains("1 \(id)  "))
        let reads = try store.auditEvents(for: id).filter { $0.action == "analysis.read" && $0.account == Account.current }
        #expect(reads.count >= 4)                               // history, diff twice, and the failed diff
    }
}

@Suite struct VerifyAndBackup {
    @Test func verifyAndBackupFromTheCommandLine() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
            .stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(cli.run(["verify"]).status == 0)
        let backup = cli.folder + "/kopia.sqlite"
        let made = cli.run(["backup", backup])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(cli.run(["show", id, "--format", "json", "--store", backup], useStore: false).stdout.contains("\"submitted\""))
        // Tampering: the version's text changed with the trigger out of the way.
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER version_never_updated")
            try db.execute(sql: "UPDATE version SET answers = replace(answers, 'elskuld', 'hyresskuld')")
        }
        let broken = cli.run(["verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("versionen \(id) v1: innehållet stämmer inte med dess hash"), "\(broken.stderr)")
    }

    /// The history names an overridden stop as the analysis's case-file document does: by the title
    /// in the checklist the analysis was made with, not by a later version's.
    @Test func theHistoryNamesAStopByTheAnalysissOwnChecklist() throws {
        let cli = CLI()
        defer { cli.remove() }
        let own = cli.folder + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        func write(version: Int, title: String) {
            _ = FileManager.default.createFile(atPath: own + "/egen.yaml", contents: Data("""
                id: egen
                version: \(version)
                id_prefix: EGN
                title: {sv: Enhetens lista}
                sections:
                  - id: a
                    title: {sv: Allmänt}
                    items:
                      - id: against
                        type: choice
                        prompt: {sv: "Går förslaget emot barnets bästa?"}
                        required: true
                        options:
                          - {value: "yes", label: {sv: "Ja"}}
                          - {value: "no", label: {sv: "Nej"}}
                rules:
                  - id: against-best-interest
                    kind: hard_stop
                    item: against
                    title: {sv: "\(title)"}
                    when: {item: against, equals: "yes"}
                    message: {sv: "Ändra förslaget."}
                """.utf8))
        }
        write(version: 1, title: "Förslag mot barnets bästa")
        let env = ["BARNKOLL_CHECKLISTS": own]
        let answers = cli.write("a.yaml", "against: \"yes\"\n")
        let fill = cli.run(["fill", "--checklist", "egen", "--answers", answers, "--case", "R-1"], environment: env)
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = fill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        try store.override(id, rule: "against-best-interest", ground: .toBoard, by: "bertil", reason: "Nämnden beslutar.")
        write(version: 2, title: "Nytt namn på stoppet")

        let history = cli.run(["review", "history", id], environment: env)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("hävde stopp Förslag mot barnets bästa (Ärendet går till nämnden)"), "\(history.stdout)")
        #expect(!history.stdout.contains("Nytt namn"))
        let document = cli.run(["show", id], environment: env).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(document.contains("hävde stopp (Förslag mot barnets bästa)"), "\(document)")
    }

    @Test func aHardStopIsOverriddenOnlyOnAnAcceptedGround() throws {
        let cli = CLI()
        defer { cli.remove() }
        let answers = cli.write("stopped.yaml", try stoppedAnswers())
        let id = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers]).stdout
            .split(separator: "\n").first.map(String.init) ?? ""
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        #expect(throws: StoreError.self) { _ = try store.submit(id, by: Account.current) }
        // Nobody reviews their own: bertil overrides, through the store; the command refuses a ground not listed.
        let unknown = cli.run(["review", "override", id, "--ground", "ändå", "--reason", "Vi beslutar ändå."])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("'ändå' är inget godtagbart skäl att häva ett stopp; skriv felklassat"))
        #expect(try store.analysis(id, readBy: "bertil").reviews.isEmpty)
        try store.override(id, rule: "care-measure-against-best-interest", ground: .toBoard, by: "bertil",
                           reason: "Nämnden beslutar den 12 mars.")
        let history = cli.run(["review", "history", id])
        // The stop by its title (the checklist's `title`), in Swedish as the rest of the line.
        #expect(history.stdout.contains("bertil  hävde stopp Vårdinsats mot barnets bästa (Ärendet går till nämnden)  Nämnden beslutar den 12 mars."),
                "\(history.stdout)")
        // A draft never submitted: the override, then that no version is submitted yet, in time order as on the screen.
        #expect(history.stdout.hasSuffix("Nämnden beslutar den 12 mars.\nIngen version är inskickad än.\n"), "\(history.stdout)")
        // So the follow-up list names it; its JSON keeps the rule's id, for `review override --rule`.
        let followUp = cli.run(["review", "follow-up"])
        #expect(followUp.stdout.contains("Vårdinsats mot barnets bästa  (bertil)") && !followUp.stdout.contains("care-measure"),
                "\(followUp.stdout)")
        // The case-file document names it by the title its own version gives it.
        // It is still a draft never submitted, not a new version after an approval.
        let document = cli.run(["show", id]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(document.contains("hävde stopp (Vårdinsats mot barnets bästa) · Ärendet går till nämnden"))
        // Made before the first submission: it names no version, as the histories do.
        #expect(document.range(of: #":\d\d bertil hävde stopp"#, options: .regularExpression) != nil && !document.contains(" v0 "), "\(document)")
        #expect(document.contains("Ett utkast: inte inskickat för granskning.") && !document.contains("efter godkännandet"), "\(document)")
        let entries = try #require(cli.json(["review", "follow-up", "--format", "json"]) as? [[String: Any]])
        #expect(entries.contains { $0["rule"] as? String == "care-measure-against-best-interest" })
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect((json["reviews"] as? [[String: Any]])?.first?["ground"] as? String == "to_board")
    }

    @Test func withSeveralStopsTheRefusalNamesEachByIdAndTitle() throws {
        let cli = CLI()
        defer { cli.remove() }
        // A care measure in a custody matter, against the child's best interests: two hard stops.
        let answers = cli.write("stopped.yaml", try stoppedAnswers().replacingOccurrences(of: "family_law: \"no\"", with: "family_law: \"yes\""))
        let id = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers]).stdout
            .split(separator: "\n").first.map(String.init) ?? ""
        let refused = cli.run(["review", "override", id, "--ground", "nämnden", "--reason", "Nämnden beslutar."])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(id) har flera stopp: care-measure-against-best-interest (Vårdinsats mot barnets bästa), "
                                        + "family-law-against-best-interest (Familjerätt mot barnets bästa); ange ett med --rule"),
                "\(refused.stderr)")
        #expect(try SQLiteStore.open(path: cli.store, kind: .real).analysis(id, readBy: Account.current).reviews.isEmpty)
    }
}
