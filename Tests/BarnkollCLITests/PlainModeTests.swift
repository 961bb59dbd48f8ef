import Foundation
import Testing

/// The answers to the whole shipped barnkonsekvensanalys, one line per answer, ending with s and the confirmation.
let plainScript: String = {
    let path = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/plain-complete-bka.txt").path
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}()

/// Plain mode through the real binary with standard input a pipe, as a script or a screen reader's terminal gives it.
@Suite struct PlainModeThroughAPipe {
    let newArguments = ["new", "--checklist", "barnkonsekvensanalys", "--case", "EB-2026-117", "--unit", "Ekonomiskt bistånd, Norrköpinge"]

    @Test func aWholeAnalysisFromAPipeIsSubmitted() throws {
        let cli = CLI()
        defer { cli.remove() }
        #expect(plainScript.hasSuffix("\ns\nj\n"))
        let result = cli.run(newArguments + ["--plain"], input: plainScript)
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(result.stdout.split(separator: "\n").first.map(String.init))
        #expect(id.hasPrefix("BKA-"))
        #expect(result.stdout.contains("Barnets röst 4.1 Nr 2: Noah · Fick barnet framföra sina åsikter? (art. 12) (obligatorisk)"))
        #expect(result.stdout.contains("Klart: inskickad."))
        #expect(!result.stdout.contains("\u{1B}"))
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "submitted")
        let answers = try #require(json["answers"] as? [String: Any])
        #expect((answers["children"] as? [[String: Any]])?.compactMap { $0["alias"] as? String } == ["Ella", "Noah"])
        let children = try #require(answers["children"] as? [[String: Any]])
        #expect(children.last?["views_own_words"] as? String
                == "Noah säger att han skäms när kompisar ska hem till honom och att han vill att lampan ska fungera.")
        #expect(children.first?["heard"] as? String == "directly")
    }

    @Test func theEndOfInputHalfwayLeavesEveryAnswerGivenSavedAndExitsZero() throws {
        let cli = CLI()
        defer { cli.remove() }
        // Cut inside a multi-line answer: its first line was given, its closing dot never came.
        let lines = plainScript.components(separatedBy: "\n")
        let cut = try #require(lines.firstIndex(of: "Samtal med Noah på kontoret,"))
        // No --plain: a pipe on standard input chooses plain mode by itself.
        let result = cli.run(newArguments, input: lines[...cut].joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(result.stdout.split(separator: "\n").first.map(String.init))
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "draft")
        let answers = try #require(json["answers"] as? [String: Any])
        #expect(answers["art6"] as? String == "Utan el kan barnen inte laga mat, tvätta eller göra läxor hemma på kvällarna.")
        let noah = try #require((answers["children"] as? [[String: Any]])?.last)
        #expect(noah["informed"] as? String == "yes")
        #expect(noah["informed_how"] as? String == "Samtal med Noah på kontoret,")
        #expect(noah["views_own_words"] == nil)
    }

    @Test func plainModeIsChosenByFlagByEnvironmentAndWithoutATerminal() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.run(newArguments, input: "q\n").stdout.split(separator: "\n").first.map(String.init) ?? ""
        for environment in [["BARNKOLL_PLAIN": "1"], [:]] {
            let result = cli.run(["open", id], environment: environment, input: "q\n")
            #expect(result.status == 0)
            #expect(result.stdout.contains("Ärendet 1.1: Vilken enhet fattar beslutet? (obligatorisk)\nNu: Ekonomiskt bistånd, Norrköpinge"))
        }
        let home = cli.run([], input: "q\n")
        #expect(home.stdout.contains("1 + Ny analys\nÅtersända till dig:"), "\(home.stdout)")
        #expect(home.stdout.contains("\(id)  EB-2026-117"))
        let english = cli.run(["open", id, "--lang", "en"], input: "q\n")
        #expect(english.stdout.contains("The case 1.1: Which unit makes the decision? (required)"))
    }

    @Test func opensAtAnItemAndSubmitsWithTheFrontEndsRules() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = cli.run(newArguments, input: "").stdout.split(separator: "\n").first.map(String.init) ?? ""
        let result = cli.run(["open", id, "--item", "decision_date"], input: "2026-03-02\ns\nq\n")
        #expect(result.stdout.contains("Ärendet 1.5: Datum för beslutet (obligatorisk)\n"))
        #expect(result.stdout.contains("Kan inte skickas in än: se listan."))
        #expect(result.stdout.contains("- Ärendet 1.2: Vilket beslut eller vilken åtgärd gäller analysen?: Obligatorisk fråga."))
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect((json["answers"] as? [String: Any])?["decision_date"] as? String == "2026-03-02")
        #expect(json["status"] as? String == "draft")
    }
}

/// Exit codes as documented in docs/barnkoll.1: 0 success, 1 refused or incomplete, 2 usage, 130 interrupted.
@Suite struct ExitCodes {
    @Test func successRefusalUsage() {
        let cli = CLI()
        defer { cli.remove() }
        let version = cli.run(["--version"], useStore: false)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
        #expect(cli.run(["--help"], useStore: false).status == 0)
        #expect(cli.run(["list", "--format", "yaml"]).status == 2)
        #expect(cli.run(["no-such-command"]).status == 2)
        #expect(cli.run(["open", "BKA-2026-9999"], input: "").status == 1)
        let id = cli.run(["new", "--case", "EB-1"], input: "").stdout.split(separator: "\n").first.map(String.init) ?? ""
        let refused = cli.run(["submit", id])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("kan inte skickas in"))
        #expect(cli.run(["list"]).status == 0)
        #expect(cli.run(["list", "--theme", "neon"]).status == 2)
        #expect(cli.run(["open", id], environment: ["BARNKOLL_THEME": "neon", "BARNKOLL_PLAIN": ""], input: "").status == 0)
    }
}
