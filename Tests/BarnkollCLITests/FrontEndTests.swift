import Foundation
import Testing

/// The caseworker's paths in a real terminal. Skipped (with a message) where tmux is missing.
@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
struct FrontEndInTmux {
    func newDraft(_ cli: CLI, answers: String = "children_affected: \"yes\"\n") -> String {
        let file = cli.write("start.yaml", answers)
        return cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", file, "--case", "EB-2026-31",
                        "--unit", "Ekonomiskt bistånd"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func answers(_ cli: CLI, _ id: String) -> [String: Any] {
        ((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]) ?? [:]
    }

    /// barnkoll open at the decision item, already writing in it.
    func editingDecision(_ cli: CLI, _ id: String, environment: [String: String] = [:], thenRun after: String? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) -> Tmux {
        let terminal = Tmux(cli, ["open", id, "--item", "decision"], environment: environment, thenRun: after)
        #expect(terminal.wait(for: "Vilket beslut"), sourceLocation: sourceLocation)
        terminal.press("Enter")
        return terminal
    }

    /// Two terminals on one analysis: a front end left open and `fill --into` from another. fill
    /// says what it replaced; the front end's next save does not overwrite fill's answer but shows
    /// both, and the caseworker's choice is what is stored.
    @Test func fillIntoWhileTheFrontEndIsOpenOverwritesNothingSilently() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = editingDecision(cli, id)
        terminal.type("Beslut skrivet i fönstret")
        // Saved by the front end first ("✓ Sparat" is on screen from the start: the store is asked).
        #expect(terminal.wait(until: { answers(cli, id)["decision"] as? String == "Beslut skrivet i fönstret" }), "\(terminal.screen)")
        let file = cli.write("from-file.yaml", "decision: Beslut från filen\n")
        let fill = cli.run(["fill", "--into", id, "--answers", file])
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(fill.stderr.contains("decision: det tidigare svaret ersattes av filens"), "\(fill.stderr)")
        terminal.type(", och mer.")
        #expect(terminal.wait(for: "har sparats från ett annat fönster"), "\(terminal.screen)")
        #expect(terminal.screen.contains("Beslut från filen") && terminal.screen.contains("Beslut skrivet i fönstret, och mer."))
        #expect(answers(cli, id)["decision"] as? String == "Beslut från filen")
        terminal.type("1")
        #expect(terminal.wait(until: { answers(cli, id)["decision"] as? String == "Beslut skrivet i fönstret, och mer." }),
                "\(terminal.screen)")
        terminal.press("C-q")
    }

    @Test func aWholeAnalysisThroughTheKeyboardInSwedish() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli, answers: "case_ref: EB-2026-31\n")
        let terminal = Tmux(cli, ["open", id])
        #expect(terminal.wait(for: "Vilken enhet fattar beslutet?"))
        func text(_ words: String) {
            terminal.press("Enter")
            terminal.type(words)
            terminal.press("Tab")
        }
        func choose(_ digit: String) {
            terminal.type(digit)
            terminal.press("Tab")
        }
        func skip(_ count: Int = 1) { for _ in 0..<count { terminal.press("Tab") } }
        // Ärendet
        skip()                                                   // unit, from --unit
        text("Ansökan om bistånd till en elskuld för familjen i Norrköpinge.")
        skip()                                                   // kind of decision: not required
        skip()                                                   // case reference, from --case
        text("2026-03-02")
        choose("6")                                              // decision_means: none of these
        choose("2")                                              // starred No in the checklist: no
        choose("1")                                              // depth: simple
        // Berörs barn?
        terminal.type("1")                                       // yes: the children group appears
        terminal.press("Tab", "Enter")                           // the group: a new entry, editing its alias
        terminal.type("Ella")
        terminal.press("Tab")
        text("7")
        skip()                                                   // relation
        choose("2")                                              // indirectly
        skip()                                                   // lives in household (Tab passes "+ Lägg till")
        // Barnets rättigheter
        text("Ella riskerar att hamna efter sina klasskamrater om hemmet blir utan el.")
        text("Barnets bästa väger tungt eftersom avstängningen gäller hennes hem.")
        text("Utan el kan Ella inte göra läxor eller äta varm mat hemma.")
        skip()                                                   // other articles
        choose("2")                                              // care measure: no
        choose("2")                                              // custody, residence or contact: no
        choose("1")                                              // support to the parent: offered
        choose("3")                                              // Ella's own support as a relative: not relevant
        choose("1")                                              // interpreter: not needed
        // Barnets röst, asked for Ella
        skip()                                                   // the group of each child's voice
        choose("2")                                              // informed: no
        choose("1")                                              // heard: directly
        text("Ella säger att hon blir rädd när det är mörkt och kallt i lägenheten på kvällen.")
        text("Ella är sju år och berättar tydligt; hennes åsikt väger tungt.")
        text("Förslaget ändrades så att pengarna betalas direkt till elbolaget.")
        choose("1")                                              // appeal: yes
        // Barnets situation (simple: the elements are not required)
        text("Samtal med mamman och Ella, fakturan och varselbrevet.")
        skip(17)
        // Alternativ och konsekvenser
        terminal.press("Enter")                                  // a new option, editing its name
        terminal.type("Bevilja bistånd med direktbetalning")
        terminal.press("Tab")
        text("Elen är kvar och Ella kan bo kvar hemma.")
        text("Budgetrådgivning minskar risken för nya skulder.")
        choose("1")                                              // rights strengthened now
        choose("1")                                              // and later
        choose("1")                                              // the option proposed: yes
        skip(2)                                                  // conflicts, weaknesses (Tab passes "+ Lägg till")
        // Barnets bästa och beslut
        text("Det är bäst för Ella att elen inte stängs av och att hon kan bo kvar i sitt hem.")
        text("Bistånd beviljas till elskulden och betalas direkt till elbolaget.")
        choose("1")                                              // in line: yes
        skip()                                                   // the group of each child's wishes
        choose("2")                                              // differs from Ella's view: no
        // Återkoppling och uppföljning
        text("2026-03-09")
        text("Samtal med Ella och mamman")
        text("Handläggaren")
        skip()                                                   // the group of what each child is told
        for digit in ["1", "2", "3", "4", "5"] { terminal.type(digit) }   // everything a child has a right to know
        skip()
        choose("1")                                              // the guardians' consent and secrecy considered
        skip()                                                   // feedback done (later)
        text("2026-06-01")
        skip()                                                   // follow-up done (later)
        terminal.type("2")                                       // concern: no
        #expect(terminal.wait(for: "✓ Sparat"))
        terminal.type("s")
        #expect(terminal.wait(for: "Skicka in för granskning?"), "\(terminal.screen)")
        terminal.press("Enter")
        #expect(terminal.wait(for: "Klart: inskickad."), "\(terminal.screen)")
        terminal.press("C-q")

        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "submitted", "\(json["missing"] ?? "")")
        let answers = try #require(json["answers"] as? [String: Any])
        let ella = try #require((answers["children"] as? [[String: Any]])?.first)
        #expect(ella["alias"] as? String == "Ella")
        #expect(ella["views_own_words"] as? String == "Ella säger att hon blir rädd när det är mörkt och kallt i lägenheten på kvällen.")
        #expect(ella["heard"] as? String == "directly")
        #expect(ella["feedback_content"] as? [String] == ["decision", "views_counted", "next_steps", "contact", "complaint"])
        #expect(answers["feedback_planned_date"] as? String == "2026-03-09")
    }

    @Test func killedInTheMiddleOfTypingLosesAtMostTheLastSecond() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = editingDecision(cli, id)
        terminal.type("Första delen av texten skrivs nu. ")
        #expect(terminal.wait(for: "✓ Sparat"))
        usleep(1_200_000)                                       // more than a second after the last key
        terminal.type("Andra delen")
        usleep(1_100_000)
        kill(terminal.pid, SIGKILL)
        let saved = answers(cli, id)["decision"] as? String
        #expect(saved == "Första delen av texten skrivs nu. Andra delen")

        // Reopening continues at the item the caseworker was at.
        let again = Tmux(cli, ["open", id])
        #expect(again.wait(for: "▸ * Vilket beslut"), "\(again.screen)")
        #expect(again.screen.contains("Andra delen"))
        again.press("C-q")
    }

    @Test func aMultiLinePasteNeverMovesOnOrSubmits() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = editingDecision(cli, id)
        terminal.paste("Rad ett om beslutet.\nRad två om barnen.\nRad tre.")
        #expect(terminal.wait(for: "Rad tre."))
        #expect(terminal.wait(for: "✓ Sparat"))
        #expect(answers(cli, id)["decision"] as? String == "Rad ett om beslutet.\nRad två om barnen.\nRad tre.")
        #expect(terminal.screen.contains("^Z ångra"))           // still editing the same field
        terminal.press("Escape")
        terminal.press("C-q")
    }

    @Test func resizingWhileEditingKeepsTheText() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = editingDecision(cli, id)
        terminal.type("Texten skrivs medan fönstret ändrar storlek")
        terminal.resize(width: 40, height: 12)
        terminal.type(" och sedan lite till")
        #expect(terminal.wait(for: "lite till"), "\(terminal.screen)")
        terminal.resize(width: 30, height: 8)
        #expect(terminal.wait(for: "Gör fönstret"), "\(terminal.screen)")
        terminal.resize(width: 120, height: 40)
        #expect(terminal.wait(for: "▸ Ärendet"))
        #expect(terminal.wait(for: "✓ Sparat"))
        #expect(answers(cli, id)["decision"] as? String == "Texten skrivs medan fönstret ändrar storlek och sedan lite till")
        terminal.press("Escape")
        terminal.press("C-q")
    }

    @Test func controlEEditsTheTextInTheUsersEditor() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        // A scripted "editor": appends a line to the file it is given.
        let editor = cli.write("editor.sh", "#!/bin/sh\nprintf '\\nSkrivet i redigeraren: åäö.' >> \"$1\"\n")
        chmod(editor, 0o755)
        let terminal = editingDecision(cli, id, environment: ["VISUAL": editor])
        terminal.type("Först i barnkoll.")
        terminal.press("C-e")
        #expect(terminal.wait(for: "Skrivet i redigeraren: åäö."), "\(terminal.screen)")
        #expect(terminal.wait(for: "✓ Sparat"))
        #expect(answers(cli, id)["decision"] as? String == "Först i barnkoll.\nSkrivet i redigeraren: åäö.")
        terminal.press("Escape")
        terminal.press("C-q")
    }

    @Test func quittingGivesTheTerminalBackInOrder() throws {
        let cli = CLI()
        defer { cli.remove() }
        let sttyFile = cli.folder + "/stty.txt"
        let terminal = Tmux(cli, [], thenRun: "stty -a > \(sttyFile)")
        #expect(terminal.wait(for: "+ Ny analys"))
        #expect(terminal.value("#{alternate_on}") == "1")
        // The store this start made is said on the first screen, and stays said after it.
        #expect(terminal.wait(for: "Ett nytt, tomt lager skapades:"), "\(terminal.screen)")
        terminal.press("C-q")
        #expect(terminal.wait(for: "EXITED 0"))
        #expect(terminal.value("#{alternate_on}") == "0")
        // The terminal wraps the line at 80 columns.
        #expect(terminal.screen.replacingOccurrences(of: "\n", with: "").contains("Ett nytt, tomt lager skapades: \(cli.store)"),
                "\(terminal.screen)")
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: sttyFile) }))
        usleep(200_000)
        let stty = (try? String(contentsOfFile: sttyFile, encoding: .utf8)) ?? ""
        #expect(stty.contains(" echo ") && stty.contains(" icanon") && !stty.contains("-echo "), "\(stty)")
    }

    @Test(arguments: ["TERM", "HUP"])
    func aTerminationSignalSavesFirstAndRestoresTheTerminal(signal: String) throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let sttyFile = cli.folder + "/stty.txt"
        let terminal = editingDecision(cli, id, thenRun: "stty -a > \(sttyFile)")
        terminal.type("Skrivet strax före signalen")
        #expect(terminal.wait(for: "före signalen"))
        let child = Int32(terminal.tmux(["list-panes", "-t", "T", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let barnkoll = Self.childProcess(of: child)
        #expect(barnkoll > 0)
        kill(barnkoll, signal == "TERM" ? SIGTERM : SIGHUP)
        #expect(terminal.wait(for: "EXITED"), "\(terminal.screen)")
        #expect(answers(cli, id)["decision"] as? String == "Skrivet strax före signalen")
        #expect(terminal.value("#{alternate_on}") == "0")
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: sttyFile) }))
    }

    /// An ssh hang-up while a text is written: the terminal goes away (tmux's server is killed).
    /// The text is saved and barnkoll leaves without a crash: it used to trap writing its "go on
    /// with" line to the terminal that was gone, and the runtime's crash report shows that.
    @Test func aHangUpSavesAndLeavesWithoutACrash() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let reports = cli.folder + "/crash-reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        let terminal = editingDecision(cli, id, environment: ["SWIFT_BACKTRACE": "enable=yes,interactive=no,output-to=\(reports)"],
                                       thenRun: "true")
        terminal.type("Skrivet strax före avbrottet")
        #expect(terminal.wait(for: "före avbrottet"))
        let child = Int32(terminal.value("#{pane_pid}")) ?? 0
        let barnkoll = Self.childProcess(of: child)
        try #require(barnkoll > 0)
        _ = terminal.tmux(["kill-server"])
        #expect(terminal.wait(until: { kill(barnkoll, 0) != 0 }), "barnkoll is still running after the hang-up")
        #expect(answers(cli, id)["decision"] as? String == "Skrivet strax före avbrottet")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: reports)) == [], "a crash report was written")
    }

    @Test func controlCSavesAndLeavesInOrder() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = editingDecision(cli, id, thenRun: "true")
        terminal.type("Avbruten med Ctrl-C")
        #expect(terminal.wait(for: "Ctrl-C"))
        terminal.press("C-c")
        // Interrupted: 130, as the README says, and where to go on (issue 24).
        #expect(terminal.wait(for: "EXITED 130"), "\(terminal.screen)")
        #expect(terminal.screen.contains("Sparat. Fortsätt med: barnkoll open \(id)"), "\(terminal.screen)")
        #expect(terminal.value("#{alternate_on}") == "0")
        #expect(answers(cli, id)["decision"] as? String == "Avbruten med Ctrl-C")
    }

    @Test func aCrashStillGivesTheTerminalBack() throws {
        let cli = CLI()
        defer { cli.remove() }
        let sttyFile = cli.folder + "/stty.txt"
        // Without Swift's backtracer (slow, and it waits for a key on a terminal): our guard alone.
        let terminal = Tmux(cli, [], environment: ["SWIFT_BACKTRACE": "enable=no"], thenRun: "stty -a > \(sttyFile)")
        #expect(terminal.wait(for: "+ Ny analys"))
        let child = Int32(terminal.value("#{pane_pid}")) ?? 0
        kill(Self.childProcess(of: child), SIGSEGV)   // what a trap in our own code raises
        #expect(terminal.wait(for: "EXITED 139"), "\(terminal.screen)")
        #expect(terminal.value("#{alternate_on}") == "0")
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: sttyFile) }))
        usleep(200_000)
        let stty = (try? String(contentsOfFile: sttyFile, encoding: .utf8)) ?? ""
        #expect(stty.contains(" echo ") && stty.contains(" icanon"), "\(stty)")
    }

    @Test func aTerminalThatCannotDrawGetsPlainMode() {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        for term in ["no-such-terminal", "dumb", ""] {
            let terminal = Tmux(cli, ["open", id], environment: ["TERM": term], thenRun: "true")
            #expect(terminal.wait(for: "Ärendet 1.1: Vilken enhet fattar beslutet?"), "TERM=\(term): \(terminal.screen)")
            terminal.type("q")
            terminal.press("Enter")
            #expect(terminal.wait(for: "EXITED 0"), "TERM=\(term): \(terminal.screen)")
        }
    }

    /// The barnkoll process under the pane's shell.
    static func childProcess(of parent: Int32) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        process.arguments = ["-P", String(parent)]
        let out = Pipe()
        process.standardOutput = out
        guard (try? process.run()) != nil else { return 0 }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) }.first ?? 0
    }

    /// Home is drawn before the checklists are parsed; a broken one must still stop the program
    /// with its one line and exit 1, the terminal restored.
    @Test func aBrokenChecklistStopsTheFrontEndWithItsProblem() throws {
        let cli = CLI()
        defer { cli.remove() }
        let own = cli.folder + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: own + "/trasig.yaml", contents: Data("id: trasig\nversion: 1\nokänd: ja\n".utf8))
        let terminal = Tmux(cli, [], environment: ["BARNKOLL_CHECKLISTS": own], thenRun: "true")
        #expect(terminal.wait(for: "EXITED 1"), "\(terminal.screen)")
        #expect(terminal.screen.replacingOccurrences(of: "\n", with: "").contains("trasig.yaml:3:1: okänd nyckel 'okänd'"), "\(terminal.screen)")
    }
}
