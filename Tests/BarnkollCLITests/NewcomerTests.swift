import BarnkollCore
import BarnkollStore
import Foundation
import Testing

// Issue 24, what a newcomer hits on the command line: global options on either side of the
// subcommand, a mistyped subcommand named with the nearest one, ids in any case, and Swedish
// throughout (Core's refusals, status names, review decisions, validation), English complete.

extension CLI {
    /// Fills the complete fixture as a draft and returns its id.
    func draft() -> String {
        run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite struct GlobalOptionsEitherSide {
    @Test func theStoreBeforeOrAfterTheSubcommandIsTheSame() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        let after = cli.run(["list", "--format", "csv", "--store", cli.store], useStore: false)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.contains(id))
        for before in [["--store", cli.store, "list", "--format", "csv"], ["--store=\(cli.store)", "list", "--format", "csv"]] {
            let result = cli.run(before, useStore: false)
            #expect(result.status == 0, "\(before): \(result.stderr)")
            #expect(result.stdout == after.stdout)
        }
        // Several, and between a group and its command; --lang before works too.
        let history = cli.run(["--lang", "en", "review", "--store", cli.store, "history", id], useStore: false)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("No version submitted yet."))
        let shown = cli.run(["--lang", "en", "--store", cli.store, "show", id, "--format", "json"], useStore: false)
        #expect(shown.stdout == cli.run(["show", id, "--format", "json", "--lang", "en"]).stdout)
    }

    /// Options only where they act: --plain and --theme only on the commands that show the screen,
    /// --training never on `stats`; offered nowhere else, and refused in one line where typed.
    @Test func optionsAreOfferedAndTakenOnlyWhereTheyAct() {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        for command in [["show", id], ["submit", id], ["backup", cli.folder + "/copy.sqlite"], ["list"], ["verify"]] {
            let help = cli.run(command.prefix(1) + ["--help"], useStore: false).stdout
            #expect(!help.contains("--plain") && !help.contains("--theme"), "\(command[0]) --help offers the screen's options")
            #expect(help.contains("--store") && help.contains("--training"), "\(command[0]) --help")
            for option in [["--plain"], ["--theme", "high-contrast"]] {
                for arguments in [command + option, option + command] {
                    let result = cli.run(arguments)
                    #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
                    #expect(result.stderr == "barnkoll: barnkoll \(command[0]) tar inte \(option[0]): det gäller bara kommandon som visar skärmen "
                        + "(home, new, open, review, train join, train compare)\n", "\(arguments)")
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/copy.sqlite"))
        for command in [["open"], ["new"], ["review", "queue"], ["home"], ["train", "join"], ["train", "compare"]] {
            let help = cli.run(command + ["--help"], useStore: false).stdout
            #expect(help.contains("--plain") && help.contains("--theme"), "\(command) --help lacks the screen's options")
        }
        // stats counts the real store only: --training is neither offered nor taken.
        #expect(!cli.run(["stats", "--help"], useStore: false).stdout.contains("--training"))
        let stats = cli.run(["--training", "stats", "--lang", "en"])
        #expect(stats.status == 2)
        #expect(stats.stderr == "barnkoll: barnkoll stats takes no --training: it counts the real store only, and training is never counted\n")
        // Where they act, either side still works.
        #expect(cli.run(["--plain", "open", id], input: "").status == 0)
        #expect(cli.run(["review", "--plain"], input: "").status != 2)
    }

    @Test func trainingBeforeTheSubcommand() {
        let cli = CLI()
        defer { cli.remove() }
        let code = cli.train(["start", "elskuld"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = cli.train(["join", code, "--as", "Falken"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = cli.run(["--training", "show", id], environment: ["BARNKOLL_STORE": cli.store], useStore: false)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.hasPrefix("[ÖVNING / TRAINING]"))
        let listed = cli.run(["--training", "train", "list"], environment: ["BARNKOLL_STORE": cli.store], useStore: false)
        #expect(listed.status == 0 && listed.stdout.contains(code), "\(listed.stderr)")
    }
}

@Suite struct MistypedCommandsAndIDs {
    @Test func aMistypedCommandIsNamedWithTheNearest() {
        let cli = CLI()
        defer { cli.remove() }
        let shwo = cli.run(["shwo", "BKA-2026-0001"])
        #expect(shwo.status == 2)
        #expect(shwo.stderr == "barnkoll: 'shwo' är inget kommando i barnkoll; menade du show? (barnkoll --help visar alla)\n")
        let approve = cli.run(["--lang", "en", "review", "aprove", "BKA-2026-0001"])
        #expect(approve.status == 2)
        #expect(approve.stderr.contains("'aprove' is not a command of barnkoll review; did you mean approve?"), "\(approve.stderr)")
        let far = cli.run(["frobnicate"])
        #expect(far.status == 2 && far.stderr.contains("kommandona är home, new, open"), "\(far.stderr)")
        #expect(!far.stderr.contains("Usage: barnkoll home"))
    }

    /// An option is suggested only when it is close to what was typed: `--kind` for the kind that
    /// is an argument got "menade du '--lang'?"; the usage line beneath shows where it goes.
    @Test func aFarOptionIsNotSuggested() {
        let cli = CLI()
        defer { cli.remove() }
        let kind = cli.run(["note", "BKA-2026-0001", "--kind", "återkoppling"])
        #expect(kind.status == 2)
        #expect(kind.stderr.hasPrefix("Fel: okänd flagga '--kind'\nAnvändning: barnkoll note ") && kind.stderr.contains("<id> <slag>"),
                "\(kind.stderr)")
        let english = cli.run(["--lang", "en", "note", "BKA-2026-0001", "--kind", "feedback"])
        #expect(english.stderr.hasPrefix("Error: Unknown option '--kind'\nUsage: "), "\(english.stderr)")
        #expect(cli.run(["list", "--formt", "json"]).stderr.hasPrefix("Fel: okänd flagga '--formt'; menade du '--format'?"))
    }

    @Test func idsAreFoundWhateverTheirCase() {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        let lower = id.lowercased()
        #expect(lower != id)
        let shown = cli.run(["show", lower, "--format", "json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\"id\" : \"\(id)\"") || shown.stdout.contains("\"id\": \"\(id)\""), "\(shown.stdout.prefix(200))")
        let more = cli.write("more.yaml", "art6: Barnens utveckling påverkas om familjen måste flytta.\n")
        #expect(cli.run(["fill", "--into", " \(lower) ", "--answers", more]).status == 0)
        let submitted = cli.run(["submit", lower])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout == "\(id): inskickad\n")
    }
}

@Suite struct SwedishThroughout {
    @Test func statusNamesInEitherLanguage() {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        for name in ["utkast", "draft", "Utkast", "UTKAST"] {
            let result = cli.run(["list", "--status", name, "--format", "csv"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains(id), "\(name)")
        }
        for name in ["godkänd", "godkand", "approved"] {
            let result = cli.run(["list", "--status", name, "--format", "csv"])
            #expect(result.status == 0 && !result.stdout.contains(id), "\(name): \(result.stderr)")
        }
        #expect(cli.run(["list", "--status", "avslutad"]).status == 0)
        let unknown = cli.run(["list", "--status", "klar"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("Fel: värdet 'klar' går inte för '--status <status>'. "
            + "Ange 'utkast', 'inskickad', 'återsänd', 'godkänd' eller 'avslutad'."), "\(unknown.stderr)")
        let english = cli.run(["list", "--status", "klar", "--lang", "en"])
        #expect(english.stderr.hasPrefix("Error: The value 'klar' is invalid for '--status <status>'. "
            + "Please provide one of 'draft', 'submitted', 'returned', 'approved' or 'closed'."), "\(english.stderr)")
    }

    @Test func coreRefusalsAndTheHistorySpeakTheInterfacesLanguage() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        #expect(cli.run(["submit", id]).status == 0)
        #expect(cli.run(["admin", "grant", "supervisor", Account.current]).status == 0)
        let own = cli.run(["review", "approve", id])
        #expect(own.status == 1)
        #expect(own.stderr == "barnkoll: ingen granskar sin egen analys: \(id) är skriven av \(Account.current)\n")
        let english = cli.run(["review", "approve", id, "--lang", "en"])
        #expect(english.stderr == "barnkoll: nobody reviews their own analysis: \(id) was written by \(Account.current)\n")
        let notFound = cli.run(["show", "BKA-2026-9999"])
        #expect(notFound.stderr == "barnkoll: det finns ingen analys 'BKA-2026-9999' i det här lagret; se `barnkoll list`\n")
        let unknown = cli.run(["fill", "--checklist", "okand", "--answers", completeAnswers])
        #expect(unknown.stderr.hasPrefix("barnkoll: okänd checklista 'okand'"), "\(unknown.stderr)")
        // The decisions in the history, by a supervisor who is not the author (written into the store directly).
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bk-granskare", granted: true, by: Account.current)
        try store.return(id, by: "bk-granskare", comment: "Beskriv samtalet med barnet.", itemComments: [:])
        let history = cli.run(["review", "history", id])
        #expect(history.stdout.contains("bk-granskare  återsände  Beskriv samtalet med barnet."), "\(history.stdout)")
        #expect(cli.run(["review", "history", id, "--lang", "en"]).stdout.contains("bk-granskare  returned"))
    }

    @Test func validationMessagesInTheAnswersFile() {
        let cli = CLI()
        defer { cli.remove() }
        let answers = cli.write("bad.yaml", "decision_date: 18 dec\nchildrens_view: x\n")
        let sv = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", "EB-9"])
        #expect(sv.status == 1)
        #expect(sv.stderr.contains("bad.yaml:1:16: frågan 'decision_date': '18 dec' är inget datum; skriv det som ÅÅÅÅ-MM-DD"), "\(sv.stderr)")
        #expect(sv.stderr.contains("bad.yaml:2:1: okänd fråga 'childrens_view'"), "\(sv.stderr)")
        let en = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", "EB-9", "--lang", "en"])
        #expect(en.stderr.contains("bad.yaml:1:16: item 'decision_date': '18 dec' is not a date; write it as YYYY-MM-DD"), "\(en.stderr)")
        #expect(en.stderr.contains("bad.yaml:2:1: unknown item 'childrens_view'"))
    }

    /// What the YAML reader says of a file itself (empty, a key twice, broken syntax) is in the
    /// user's language too; only libyaml's own words after "YAML-syntaxfel:" stay in English.
    @Test func theReadersOwnWordsAreInTheUsersLanguage() {
        let cli = CLI()
        defer { cli.remove() }
        let files = [cli.write("tom.yaml", ""), cli.write("dubbel.yaml", "decision_date: 2026-01-05\ndecision_date: 2026-01-06\n"),
                     cli.write("trasig.yaml", "decision_date: [\n")]
        let said: [(sv: String, en: String)] = [
            ("tom.yaml:1:1: filen är tom", "tom.yaml:1:1: the file is empty"),
            ("dubbel.yaml:1:1: samma nyckel två gånger: decision_date", "dubbel.yaml:1:1: duplicate key: decision_date"),
            ("trasig.yaml:2:1: YAML-syntaxfel: while parsing a flow node", "trasig.yaml:2:1: YAML syntax: while parsing a flow node")]
        for (file, words) in zip(files, said) {
            let sv = cli.run(["fill", "--answers", file, "--case", "EB-9"])
            #expect(sv.status == 1 && sv.stderr.contains(words.sv) && sv.stderr.split(separator: "\n").count == 1, "\(sv.stderr)")
            let en = cli.run(["fill", "--answers", file, "--case", "EB-9", "--lang", "en"])
            #expect(en.status == 1 && en.stderr.contains(words.en), "\(en.stderr)")
        }
        #expect(cli.run(["list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1)
    }

    /// An answers file that is not there, or a path that is no file (`/dev/null`, a folder): one
    /// line saying which, and no analysis made.
    @Test func anAnswersPathIsNamedForWhatItIs() {
        let cli = CLI()
        defer { cli.remove() }
        let folder = FileManager.default.temporaryDirectory.path
        for (path, said) in [("/nonexistent/svar.yaml", "/nonexistent/svar.yaml: svarsfilen finns inte"),
                             ("/dev/null", "/dev/null: är ingen vanlig fil; ange en svarsfil (YAML eller JSON)"),
                             (folder, "\(folder): är ingen vanlig fil")] {
            let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-9"])
            #expect(fill.status == 1)
            #expect(fill.stderr.contains(said) && fill.stderr.split(separator: "\n").count == 1, "\(fill.stderr)")
        }
        let en = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", "/dev/null", "--case", "EB-9", "--lang", "en"])
        #expect(en.stderr.contains("/dev/null: is not a regular file; give an answers file (YAML or JSON)"), "\(en.stderr)")
        #expect(cli.run(["list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1)
    }
}

@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
struct SwedishOnScreen {
    @Test func aWrongDateOnTheWorksheetIsExplainedInSwedish() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.draft()
        let terminal = Tmux(cli, ["open", id, "--item", "decision_date"])
        #expect(terminal.wait(for: "✓ Sparat") || terminal.wait(for: id), "\(terminal.screen)")
        terminal.press("Enter")
        for _ in 0..<10 { terminal.press("BSpace") }   // the fixture's date
        terminal.type("18 dec")
        terminal.press("Escape")
        #expect(terminal.wait(for: "Ogiltigt: '18 dec' är inget datum"), "\(terminal.screen)")
        #expect(!terminal.screen.contains("is not a date"))
    }
}
