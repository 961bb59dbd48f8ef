import BarnkollCore
import Foundation
import Testing

extension CLI {
    /// The training store the train commands use by default: beside the real one.
    var trainingStore: String { folder + "/store/barnkoll-training.sqlite" }

    /// A training command with the real store named only through the environment, as users have it.
    @discardableResult
    func train(_ arguments: [String]) -> Result {
        run(["train"] + arguments, environment: ["BARNKOLL_STORE": store], useStore: false)
    }

    func trainJSON(_ arguments: [String]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(train(arguments).stdout.utf8))) as? [String: Any] ?? [:]
    }
}

@Suite struct TrainingCommands {
    @Test func theRealAndTheTrainingStoreRefuseEachOther() {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers]).status == 0)   // makes the real store
        let intoReal = cli.run(["train", "start", "elskuld"])      // --store names the real store
        #expect(intoReal.status == 1)
        #expect(intoReal.stderr.contains("\(cli.store) är ett riktigt lager och används aldrig för övning"), "\(intoReal.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.trainingStore))

        let started = cli.train(["start", "elskuld"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.trainingStore))
        let answers = cli.write("x.yaml", "children_affected: \"yes\"\n")
        for command in [["list"], ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", "X-1"],
                        ["show", "BKA-2026-0001"]] {
            let refused = cli.run(command + ["--store", cli.trainingStore], useStore: false)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("är ett övningslager (ÖVNING) och kan inte ha riktiga ärenden"), "\(refused.stderr)")
        }
        // A training store is never created where the real one belongs.
        let fresh = CLI()
        defer { fresh.remove() }
        let atRealPlace = fresh.run(["train", "start", "elskuld", "--store", fresh.store],
                                    environment: ["BARNKOLL_STORE": fresh.store], useStore: false)
        #expect(atRealPlace.status == 1)
        #expect(atRealPlace.stderr.contains("är det riktiga lagrets plats"))
        #expect(!FileManager.default.fileExists(atPath: fresh.store))
    }

    @Test func casesAreListedAndValidated() {
        let cli = CLI()
        defer { cli.remove() }
        let cases = cli.train(["cases", "--format", "json"]).stdout
        JSONShapes.check("barnkoll train cases --format json", cases)
        let list = (try? JSONSerialization.jsonObject(with: Data(cases.utf8))) as? [[String: Any]]
        #expect(list?.map { $0["id"] as? String ?? "" } == ["behandling", "checklista-oppenvard", "elskuld", "elskulder-namnden", "ensamkommande",
                                                                        "lss-korttid", "oklart-om-barn", "oro", "skyddat-boende", "umgange", "vrakning"])
        #expect((list?.first?["discussion"] as? [String])?.isEmpty == false)
        let bad = cli.write("fall.yaml", "id: fall\ntitle: {sv: Fall}\nchecklist: ingen\n")
        let result = cli.train(["validate", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("fall.yaml:3:12: okänd checklista 'ingen'"), "\(result.stderr)")
        #expect(cli.train(["validate", bad, "--lang", "en"]).stderr.contains("fall.yaml:3:12: unknown checklist 'ingen'"))
        #expect(cli.train(["join", "ABC", "--as", "Falken"]).status == 2)
        #expect(cli.train(["start", "okänt"]).stderr.contains("okänt övningsfall 'okänt'"))
    }

    /// The group decision's case (issue 22): a workshop on it gives each participant a group
    /// analysis with the board's proposal filled in, and no child.
    @Test func aWorkshopOnTheBoardsProposalFillsAGroupAnalysis() throws {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.train(["validate", CLI.packageRoot.appendingPathComponent("checklists/cases/6-elskulder-namnden.yaml").path]).status == 0)
        let code = cli.train(["start", "elskulder-namnden"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("ÖVN-"))
        let shown = cli.run(["show", id, "--format", "json", "--training"], environment: ["BARNKOLL_STORE": cli.store], useStore: false)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown.stderr)")
        #expect(json["id"] as? String == id)
        let answers = try #require(json["answers"] as? [String: Any])
        #expect((answers["proposal"] as? String)?.hasPrefix("Förslag till socialnämnden") == true)
        #expect(answers["children"] == nil)
    }

    @Test func everyExportOfATrainingStoreCarriesTheMark() throws {
        let cli = CLI()
        defer { cli.remove() }
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("ÖVN-"))
        func training(_ arguments: [String]) -> String {
            cli.run(arguments + ["--training"], environment: ["BARNKOLL_STORE": cli.store], useStore: false).stdout
        }
        #expect(training(["show", id]).hasPrefix("[ÖVNING / TRAINING] Barnkonsekvensanalys \(id)"))
        #expect(training(["show", id, "--format", "markdown"]).hasPrefix("# [ÖVNING / TRAINING]"))
        #expect(training(["show", id, "--format", "html"]).contains("<title>[ÖVNING / TRAINING]"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(training(["show", id, "--format", "json"]).utf8)) as? [String: Any])
        #expect(json["training"] as? Bool == true)
        #expect(json["mark"] as? String == "ÖVNING / TRAINING")
        #expect(training(["export", "--format", "csv"]).hasPrefix("mark,"))
        #expect(training(["export", "--format", "csv"]).contains("\nÖVNING / TRAINING,\(id),"))
        #expect(training(["export", "--format", "markdown"]).hasPrefix("# [ÖVNING / TRAINING]"))
        let exported = try JSONSerialization.jsonObject(with: Data(training(["export", "--format", "json"]).utf8)) as? [[String: Any]]
        #expect(exported?.first?["training"] as? Bool == true)
        #expect(training(["open", id]).hasPrefix("[ÖVNING / TRAINING]"))
        // The case's unit and decision are filled in; a real export of the same kind has no mark.
        #expect(training(["show", id]).contains("Ansökan om ekonomiskt bistånd till en elskuld på 8 400 kronor"))
        #expect(!cli.run(["export", "--format", "csv"]).stdout.hasPrefix("mark,"))
    }
}

/// A workshop with three participants: two in the front end, one through `fill`.
@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
struct WorkshopInTmux {
    /// Joins in the front end and answers the case section's choices, children affected, and article 2.
    func participate(_ cli: CLI, code: String, as pseudonym: String, depth: String, art2: String) {
        let terminal = Tmux(cli, ["train", "join", code, "--as", pseudonym], width: 100, height: 30)
        #expect(terminal.wait(for: "fallet ni övar på"), "\(terminal.screen)")
        let brief = terminal.screen
        #expect(brief.contains("Elskuld i Sjöviken"))
        #expect(brief.contains("Barn: Alva, 7 år; Noah, 13 år"))
        #expect(brief.contains("[ÖVNING]"))
        terminal.press("Escape")
        #expect(terminal.wait(for: "c fallet"), "\(terminal.screen)")
        terminal.press("Tab", "Tab", "Tab", "Tab", "Tab")         // unit, decision, kind of decision, case reference, date
        terminal.type("6")                                        // decision_means: none of these
        terminal.press("Tab")
        terminal.type("2")                                        // starred No: no
        terminal.press("Tab")
        terminal.type(depth)
        terminal.press("Tab")
        terminal.type("1")                                        // children affected: yes
        terminal.press("Right")                                   // the rights section, at article 2
        terminal.press("Enter")
        terminal.type(art2)
        terminal.press("Tab")
        #expect(terminal.wait(for: "✓ Sparat"), "\(terminal.screen)")
        terminal.type("c")
        #expect(terminal.wait(for: "fallet ni övar på"), "\(terminal.screen)")
        terminal.press("Escape", "C-q")
        #expect(terminal.wait(until: { terminal.value("#{pane_dead}") == "1" }))
    }

    @Test func threeParticipantsComparedSideBySideThenPurged() throws {
        let cli = CLI()
        defer { cli.remove() }
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code.count == 6)

        participate(cli, code: code, as: "Falken", depth: "1", art2: "Falken: Alva och Noah får det mörkt och kallt hemma.")
        participate(cli, code: code, as: "Ugglan", depth: "2", art2: "Ugglan: Noah tappar laget och Alva läxläsningen.")
        let id = cli.train(["join", code, "--as", "Tranan"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
        let filled = cli.run(["fill", "--training", "--into", id, "--answers", fixture, "--submit"],
                             environment: ["BARNKOLL_STORE": cli.store], useStore: false)
        #expect(filled.status == 0, "\(filled.stderr)")

        JSONShapes.check("barnkoll train status CODE --format json", cli.train(["status", code, "--format", "json"]).stdout)
        JSONShapes.check("barnkoll train compare CODE --format json", cli.train(["compare", code, "--format", "json"]).stdout)
        JSONShapes.check("barnkoll train compare CODE --format json", cli.train(["compare", code, "--format", "json", "--points"]).stdout)
        let status = cli.trainJSON(["status", code, "--format", "json"])
        let participants = status["participants"] as? [[String: Any]] ?? []
        #expect(participants.map { $0["pseudonym"] as? String ?? "" } == ["Falken", "Ugglan", "Tranan"])
        #expect(participants.map { $0["started"] as? Bool ?? false } == [true, true, true])
        #expect(participants.map { $0["finished"] as? Bool ?? true } == [false, false, true])
        let said = cli.train(["status", code]).stdout
        #expect(said.contains("Tranan\tklar") && said.contains(" · 3 deltagare, 1 klar\n"), "\(said)")

        let comparison = cli.trainJSON(["compare", code, "--format", "json"])
        #expect(comparison["training"] as? Bool == true)
        let items = comparison["items"] as? [[String: Any]] ?? []
        func item(_ id: String) -> [String: Any] { items.first { $0["item"] as? String == id } ?? [:] }
        let depth = (item("depth")["counts"] as? [[String: Any]] ?? []).map {
            "\($0["value"] ?? ""):\($0["count"] ?? ""):\(($0["by"] as? [String] ?? []).joined(separator: "+"))"
        }
        #expect(depth == ["simple:1:Falken", "full:2:Ugglan+Tranan"])
        let art2 = (item("art2")["texts"] as? [[String: Any]] ?? []).map { "\($0["pseudonym"] ?? ""): \($0["text"] ?? "")" }
        #expect(art2 == [
            "Falken: Falken: Alva och Noah får det mörkt och kallt hemma.",
            "Ugglan: Ugglan: Noah tappar laget och Alva läxläsningen.",
            "Tranan: Barnen riskerar att hamna efter jämnåriga om hemmet blir utan el under vintern.",
        ])
        #expect(item("art3")["unanswered"] as? [String] == ["Falken", "Ugglan"])
        let each = comparison["participants"] as? [[String: Any]] ?? []
        #expect((each.last?["options"] as? [String])?.isEmpty == false)
        #expect((each.last?["articles"] as? [Int])?.contains(27) == true)
        #expect((each.first?["articles"] as? [Int])?.contains(2) == true)
        #expect((each.first?["articles"] as? [Int])?.contains(27) == false)
        #expect(comparison["discussion"] is NSNull)
        // A group's entry: named by its first field (or the child it is for), the rest a field each.
        let children = (item("children")["texts"] as? [[String: Any]] ?? []).compactMap { $0["entry"] as? [String: Any] }
        #expect(children.map { $0["name"] as? String } == ["Ella", "Noah"])
        let ellasFields = (children.first?["fields"] as? [[String: Any]] ?? []).map { "\($0["prompt"] ?? ""): \($0["text"] ?? "")" }
        #expect(ellasFields.first == "Ålder: 7" && !ellasFields.contains { $0.hasPrefix("Alias") }, "\(ellasFields)")
        let text = cli.train(["compare", code]).stdout
        #expect(text.contains("Visas när alla har lämnat in (1 av 3 klara)."))
        #expect(text.contains("- Tranan: Ella\n  - Ålder: 7\n  - Relation till den beslutet gäller: dotter\n"))
        #expect(text.contains("- Tranan: Ella\n  - Har barnet fått information på ett sätt som passar barnets ålder?: Ja\n"
                              + "  - Hur fick barnet informationen?: Samtal hemma"))
        let markdown = cli.train(["compare", code, "--format", "markdown", "--points"]).stdout
        #expect(markdown.hasPrefix("# [ÖVNING / TRAINING] Jämförelse \(code)"))
        #expect(markdown.contains("- **Tranan**: Noah\n  - Ålder: 13\n"))
        #expect(markdown.contains("1. Berörs barnen direkt eller indirekt"))

        let purged = cli.train(["purge", code, "--yes"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(cli.train(["status", code]).status == 1)
        let bytes = (FileManager.default.contents(atPath: cli.trainingStore) ?? Data())
            + (FileManager.default.contents(atPath: cli.trainingStore + "-wal") ?? Data())
        for word in ["mörkt och kallt", "läxläsningen", "jämnåriga", "Ugglan", "Tranan"] {
            #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) left in the training store")
        }
    }
}

/// Issue 24: a training analysis cannot touch a real record, by any command.
@Suite struct TrainingNeverTouchesRealRecords {
    @Test func aTrainingIDIsRefusedByTheRealStoreAndChangesNothing() throws {
        let cli = CLI()
        defer { cli.remove() }
        let real = cli.draft()
        let before = cli.run(["show", real, "--format", "json"]).stdout
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let practice = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(practice.range(of: #"^ÖVN-\d{4}-0001$"#, options: .regularExpression) != nil, "\(practice)")
        let answers = cli.write("falken.yaml", "art2: Falken tror att Alva får det kallt hemma.\n")
        // The workshop's id without --training: one line, exit 1, in either case and language.
        for (arguments, words) in [
            (["fill", "--into", practice, "--answers", answers], "\(practice) är en övningsanalys (ÖVNING) och finns inte bland de riktiga; lägg till --training"),
            (["show", practice.lowercased()], "\(practice) är en övningsanalys"),
            (["submit", practice], "\(practice) är en övningsanalys"),
            (["review", "approve", practice, "--lang", "en"], "\(practice) is a training analysis (ÖVNING) and is not among the real records"),
        ] {
            let refused = cli.run(arguments)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr == "barnkoll: \(words)" + refused.stderr.dropFirst("barnkoll: \(words)".count), "\(arguments)")
            #expect(refused.stderr.hasPrefix("barnkoll: \(words)") && refused.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(refused.stderr)")
        }
        // The workshop's answers, with its case reference, into a real draft: refused too.
        let exported = cli.write("export.yaml", "case_ref: ÖVNING-\(code)\nart2: Falken tror att Alva får det kallt hemma.\n")
        let copied = cli.run(["fill", "--into", real, "--answers", exported])
        #expect(copied.status == 1)
        #expect(copied.stderr.contains("ärendereferensen ÖVNING-\(code) hör till en övning"), "\(copied.stderr)")
        #expect(cli.run(["show", real, "--format", "json"]).stdout == before)
        // With --training the same id, typed in lower case, is the participant's own.
        let own = cli.run(["fill", "--training", "--into", practice.lowercased(), "--answers", answers],
                          environment: ["BARNKOLL_STORE": cli.store], useStore: false)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout == practice + "\n")
    }

    @Test func anEmptyListSaysSoAndPurgeAsksOrIsDry() {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.train(["grant", Account.current]).status == 0)   // makes the training store, with no workshop yet
        let empty = cli.train(["list"])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout == "Inga övningar i övningslagret. Starta en med: barnkoll train start FALL (fallen: barnkoll train cases)\n")
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let dry = cli.train(["purge", code, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout == "\(code): 1 analys skulle tas bort (inget är borttaget):\n  \(id)  Falken\n")
        // Without a terminal to ask in, nothing goes unless --yes says so.
        let unasked = cli.train(["purge", code])
        #expect(unasked.status == 1)
        #expect(unasked.stderr.contains("lägg till --yes"))
        #expect(cli.train(["status", code]).status == 0)
        #expect(cli.train(["purge", code, "--yes"]).stdout == "\(code): borttagen (1 analys)\n")
        #expect(cli.train(["list"]).stdout.hasPrefix("Inga övningar"))
    }
}

@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
struct PurgeAsksInATerminal {
    @Test func noKeepsTheWorkshopAndYesRemovesIt() {
        let cli = CLI()
        defer { cli.remove() }
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = cli.train(["join", code, "--as", "Falken"])
        let asked = Tmux(cli, ["train", "purge", code], thenRun: "true")
        #expect(asked.wait(for: "Ta bort övningen \(code) och dess enda deltagares analys för gott? [j/N]"), "\(asked.screen)")
        asked.type("n")
        asked.press("Enter")
        #expect(asked.wait(for: "Inget togs bort."), "\(asked.screen)")
        #expect(asked.wait(for: "EXITED 0"), "\(asked.screen)")
        #expect(cli.train(["status", code]).status == 0)
        let yes = Tmux(cli, ["train", "purge", code], thenRun: "true")
        #expect(yes.wait(for: "[j/N]"), "\(yes.screen)")
        yes.type("j")
        yes.press("Enter")
        #expect(yes.wait(for: "\(code): borttagen (1 analys)"), "\(yes.screen)")
        #expect(cli.train(["status", code]).status == 1)
    }
}

/// Participants as real OS accounts: each reads only their own analysis; the trainer reads all.
@Suite(.tags(.osAccounts), .serialized,
       .enabled(if: OSAccounts.available, "needs root and setpriv: runs barnkoll as the accounts bk-anna, bk-bertil and bk-disa"))
struct ParticipantsReadTheirOwn {
    @Test func aParticipantCannotReadAnothersAnalysisBeforeTheComparison() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        // The fictional cases, installed beside the checklists as a package would.
        let cases = host.checklists + "/cases"
        try FileManager.default.createDirectory(atPath: cases, withIntermediateDirectories: true)
        let shipped = CLI.packageRoot.appendingPathComponent("checklists/cases").path
        for name in try FileManager.default.contentsOfDirectory(atPath: shipped) where name.hasSuffix(".yaml") {
            _ = host.readable("prefix/share/barnkoll/checklists/cases/" + name,
                              contents: try #require(FileManager.default.contents(atPath: shipped + "/" + name)))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cases)
        let at = ["--store", host.sharedFolder("workshop") + "/barnkoll-training.sqlite"]
        func ok(_ account: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let result = host.run(as: account, arguments + at, umask: "007")
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let code = ok(OSAccounts.anna, ["train", "start", "elskuld"])
        let bertils = ok(OSAccounts.bertil, ["train", "join", code, "--as", "Falken"])
        let disas = ok(OSAccounts.disa, ["train", "join", code, "--as", "Ugglan"])
        #expect(ok(OSAccounts.bertil, ["show", bertils, "--training"]).hasPrefix("[ÖVNING / TRAINING]"))
        let peek = host.run(as: OSAccounts.bertil, ["show", disas, "--training"] + at, umask: "007")
        #expect(peek.status == 1)
        #expect(peek.stderr.contains("\(disas) är en annan deltagares analys; ni ser varandras svar när utbildaren visar jämförelsen"),
                "\(peek.stderr)")
        #expect(!peek.stdout.contains("Ugglan"))
        let listed = ok(OSAccounts.bertil, ["list", "--training", "--format", "csv"])
        #expect(listed.contains(bertils) && !listed.contains(disas), "\(listed)")
        let exported = ok(OSAccounts.bertil, ["export", "--training", "--format", "csv"])
        #expect(!exported.contains(disas))
        // The trainer reads them all, side by side.
        let comparison = ok(OSAccounts.anna, ["train", "compare", code, "--format", "json"])
        #expect(comparison.contains("Falken") && comparison.contains("Ugglan"))
        #expect(ok(OSAccounts.anna, ["show", disas, "--training"]).contains(disas))
    }
}
