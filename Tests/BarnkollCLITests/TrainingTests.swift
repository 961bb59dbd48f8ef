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
        #expect(intoReal.stderr.contains("\(cli.store) is a real store and is never used for training"), "\(intoReal.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.trainingStore))

        let started = cli.train(["start", "elskuld"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.trainingStore))
        let answers = cli.write("x.yaml", "children_affected: \"yes\"\n")
        for command in [["list"], ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", "X-1"],
                        ["show", "BKA-2026-0001"]] {
            let refused = cli.run(command + ["--store", cli.trainingStore], useStore: false)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is a training store (ÖVNING) and cannot hold real records"), "\(refused.stderr)")
        }
        // A training store is never created where the real one belongs.
        let fresh = CLI()
        defer { fresh.remove() }
        let atRealPlace = fresh.run(["train", "start", "elskuld", "--store", fresh.store],
                                    environment: ["BARNKOLL_STORE": fresh.store], useStore: false)
        #expect(atRealPlace.status == 1)
        #expect(atRealPlace.stderr.contains("is the real store's place"))
        #expect(!FileManager.default.fileExists(atPath: fresh.store))
    }

    @Test func casesAreListedAndValidated() {
        let cli = CLI()
        defer { cli.remove() }
        let list = (try? JSONSerialization.jsonObject(with: Data(cli.train(["cases", "--format", "json"]).stdout.utf8))) as? [[String: Any]]
        #expect(list?.map { $0["id"] as? String ?? "" } == ["behandling", "elskuld", "ensamkommande", "skyddat-boende", "vrakning"])
        #expect((list?.first?["discussion"] as? [String])?.isEmpty == false)
        let bad = cli.write("fall.yaml", "id: fall\ntitle: {sv: Fall}\nchecklist: ingen\n")
        let result = cli.train(["validate", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("fall.yaml:3:12: unknown checklist 'ingen'"), "\(result.stderr)")
        #expect(cli.train(["join", "ABC", "--as", "Falken"]).status == 2)
        #expect(cli.train(["start", "okänt"]).stderr.contains("unknown training case 'okänt'"))
    }

    @Test func everyExportOfATrainingStoreCarriesTheMark() throws {
        let cli = CLI()
        defer { cli.remove() }
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("BKA-"))
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
@Suite(.enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
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
        terminal.press("Tab", "Tab", "Tab", "Tab")                // unit, decision, case reference, date
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

        let status = cli.trainJSON(["status", code, "--format", "json"])
        let participants = status["participants"] as? [[String: Any]] ?? []
        #expect(participants.map { $0["pseudonym"] as? String ?? "" } == ["Falken", "Ugglan", "Tranan"])
        #expect(participants.map { $0["started"] as? Bool ?? false } == [true, true, true])
        #expect(participants.map { $0["finished"] as? Bool ?? true } == [false, false, true])
        #expect(cli.train(["status", code]).stdout.contains("Tranan\tklar"))

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
        let text = cli.train(["compare", code]).stdout
        #expect(text.contains("Visas när alla har lämnat in (1 av 3 klara)."))
        let markdown = cli.train(["compare", code, "--format", "markdown", "--points"]).stdout
        #expect(markdown.hasPrefix("# [ÖVNING / TRAINING] Jämförelse \(code)"))
        #expect(markdown.contains("1. Berörs barnen direkt eller indirekt"))

        let purged = cli.train(["purge", code])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(cli.train(["status", code]).status == 1)
        let bytes = (FileManager.default.contents(atPath: cli.trainingStore) ?? Data())
            + (FileManager.default.contents(atPath: cli.trainingStore + "-wal") ?? Data())
        for word in ["mörkt och kallt", "läxläsningen", "jämnåriga", "Ugglan", "Tranan"] {
            #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) left in the training store")
        }
    }
}
