import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// Text written to make a terminal act: an OSC title, a screen clear, an OSC 52 clipboard write, an
/// 8-bit CSI and NEL (C1), a DCS, bidi overrides and isolates, a bare CR, NUL and DEL.
enum Hostile {
    static let text = "A\u{1B}]0;pwned\u{7}B\u{1B}[2JC\u{1B}]52;c;cHduZWQ=\u{7}D\u{9B}31mE\u{85}F\u{202E}G\u{2066}H\u{2069}"
        + "I\rJ\u{0}K\u{7F}L\u{200F}M\u{61C}N\u{1B}P0;1\u{1B}\\O"
    /// As barnkoll keeps and shows it in a long text: every control dropped, the bare CR a line break.
    static let shown = "A]0;pwnedB[2JC]52;c;cHduZWQ=D31mEFGHI\nJKLMNP0;1\\O"
    /// In a one-line text the CR is a space.
    static let shownOnOneLine = "A]0;pwnedB[2JC]52;c;cHduZWQ=D31mEFGHI JKLMNP0;1\\O"
    /// The same text as a YAML double-quoted scalar and as a JSON string (escapes, no raw controls).
    /// A child's own voice, asked for each child: not heard, with the reason and how the
    /// position was learnt, so that an analysis with this child alone is complete.
    static let childVoice: [String: AnswerValue] = [
        "informed": .text("no"), "heard": .text("no"), "not_heard_reason": .text("declined"),
        "position_otherwise": .text("Genom samtal med mamman om hur barnet har det hemma."),
        "differs_from_view": .text("unknown"),
        "feedback_content": .choices(["decision", "views_counted", "next_steps", "contact", "complaint"]),
    ]
    static let childVoiceYAML = """
        informed: "no", heard: "no", not_heard_reason: declined, \
        position_otherwise: Genom samtal med mamman om hur barnet har det hemma., differs_from_view: unknown, \
        feedback_content: [decision, views_counted, next_steps, contact, complaint]
        """
    static let yaml = #""A\e]0;pwned\aB\e[2JC\e]52;c;cHduZWQ=\aD\x9b31mE\x85F\u202eG\u2066H\u2069I\rJ\0K\x7fL\u200fM\u061cN\eP0;1\e\\O""#
    static let json = #""A\u001b]0;pwned\u0007B\u001b[2JC\u001b]52;c;cHduZWQ=\u0007D\u009b31mE\u0085F\u202eG\u2066H\u2069I\rJ\u0000K\u007fL\u200fM\u061cN\u001bP0;1\u001b\\O""#

    /// The first byte a terminal would act on, or that reorders text, described with its place;
    /// nil when there is none. LF and TAB pass, CR only before LF where `crlf` (CSV's line ends).
    /// Invalid UTF-8 counts too: a lone 0x9B byte is a CSI to an 8-bit terminal.
    static func rawControl(in data: Data, crlf: Bool = false) -> String? {
        let bytes = [UInt8](data)
        func found(_ what: String, at index: Int) -> String {
            let window = bytes[max(0, index - 12)..<min(bytes.count, index + 12)]
            return "\(what) at byte \(index): \(window.map { String(format: "%02x", $0) }.joined(separator: " ")) "
                + "(\(String(decoding: window, as: UTF8.self).debugDescription))"
        }
        for index in bytes.indices {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch byte {
            case 0x0A, 0x09: continue
            case 0x0D where crlf && next == 0x0A: continue
            case 0x00...0x1F, 0x7F: return found(String(format: "control 0x%02x", byte), at: index)
            case 0xC2 where (0x80...0x9F).contains(next): return found(String(format: "C1 control U+%04X", Int(next)), at: index)
            case 0xD8 where next == 0x9C: return found("bidi control U+061C", at: index)
            case 0xE2 where next == 0x80 && ([0x8E, 0x8F] + Array(0xAA...0xAE)).contains(third),
                 0xE2 where next == 0x81 && (0xA6...0xA9).contains(third):
                return found("bidi control", at: index)
            default: continue
            }
        }
        if String(data: data, encoding: .utf8) == nil { return "invalid UTF-8" }
        return nil
    }

    /// The complete fictional fixture with some answers replaced (YAML forbids a key twice).
    static func fixture(replacing answers: [String: String]) throws -> String {
        let text = try String(contentsOfFile: completeAnswers, encoding: .utf8)
        var kept: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // A replaced key goes with its block (the indented lines under it).
            if skipping && (line.hasPrefix(" ") || line.hasPrefix("-")) { continue }
            skipping = answers.keys.contains { line.hasPrefix("\($0):") }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n") + "\n" + answers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    /// Writes `text` raw into answers of an editable analysis and into its case reference and unit,
    /// past every check of barnkoll's own: what a store written by an older or another program could hold.
    static func plant(_ text: String, in store: String, id: String, items: [String: AnswerValue]) throws {
        let queue = try DatabaseQueue(path: store)
        defer { try? queue.close() }
        try queue.write { db in
            for (item, value) in items {
                try db.execute(sql: "UPDATE answer SET value = ? WHERE analysis_id = ? AND item_id = ?",
                               arguments: [value.canonicalJSON(), id, item])
                #expect(db.changesCount == 1, "no answer \(item) to plant in")
            }
            try db.execute(sql: "UPDATE analysis SET case_ref = ?, unit = ? WHERE id = ?", arguments: [text, text, id])
        }
    }
}

enum FuzzCorpus {
    static func file(_ name: String) -> String { CLI.packageRoot.appendingPathComponent("Tests/Fuzz/corpus/" + name).path }
}

@Suite struct HostileText {
    /// Every command and format that prints what people wrote, with the analysis `id`.
    static func outputs(_ id: String, folder: String) -> [(name: String, arguments: [String], crlf: Bool)] {
        var all: [(String, [String], Bool)] = []
        for format in ["text", "markdown", "json", "html"] { all.append(("show \(format)", ["show", id, "--format", format], false)) }
        for format in ["table", "json", "csv"] {
            all.append(("list \(format)", ["list", "--format", format], format == "csv"))
            all.append(("review list \(format)", ["review", "list", "--status", "submitted", "--format", format], format == "csv"))
        }
        for format in ["json", "csv", "markdown"] { all.append(("export \(format)", ["export", "--format", format], format == "csv")) }
        for format in ["table", "json", "csv", "markdown", "html"] {
            all.append(("stats \(format)", ["stats", "--format", format], format == "csv"))
        }
        all.append(("review history", ["review", "history", id], false))
        all.append(("stats for a unit", ["stats", "--unit", Hostile.text], false))
        for format in ["text", "json"] {
            all.append(("review diff \(format)", ["review", "diff", id, "--format", format], false))
            all.append(("review diff 0 current \(format)", ["review", "diff", id, "0", "current", "--format", format], false))
        }
        return all
    }

    /// Runs every output and checks the raw bytes of stdout, stderr and any file written.
    func expectNothingRaw(_ cli: CLI, _ id: String, mustShow marker: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var shown = 0
        for (name, arguments, crlf) in Self.outputs(id, folder: cli.folder) {
            let result = cli.run(arguments)
            #expect(result.status == 0, "\(name): \(result.stderr)", sourceLocation: sourceLocation)
            if let problem = Hostile.rawControl(in: result.stdoutBytes, crlf: crlf) {
                Issue.record("\(name): \(problem)", sourceLocation: sourceLocation)
            }
            if let problem = Hostile.rawControl(in: result.stderrBytes) { Issue.record("\(name) stderr: \(problem)", sourceLocation: sourceLocation) }
            if arguments.contains("json") {
                #expect((try? JSONSerialization.jsonObject(with: result.stdoutBytes)) != nil, "\(name) is not JSON",
                        sourceLocation: sourceLocation)
            }
            if result.stdout.contains(marker) { shown += 1 }
        }
        // The text is there (cleaned), not left out: most outputs show answers or the unit.
        #expect(shown >= 12, "the hostile text shows in only \(shown) outputs", sourceLocation: sourceLocation)
        for format in ["json", "csv", "markdown"] {
            let file = cli.folder + "/export.\(format)"
            #expect(cli.run(["export", "--format", format, "--output", file]).status == 0, sourceLocation: sourceLocation)
            if let problem = Hostile.rawControl(in: FileManager.default.contents(atPath: file) ?? Data(), crlf: format == "csv") {
                Issue.record("export --output \(format): \(problem)", sourceLocation: sourceLocation)
            }
            let stats = cli.folder + "/stats.\(format)"
            #expect(cli.run(["stats", "--format", format, "--output", stats]).status == 0, sourceLocation: sourceLocation)
            if let problem = Hostile.rawControl(in: FileManager.default.contents(atPath: stats) ?? Data(), crlf: format == "csv") {
                Issue.record("stats --output \(format): \(problem)", sourceLocation: sourceLocation)
            }
        }
        let plain = cli.run(["open", id, "--item", "art2", "--plain"], input: "\n")
        if let problem = Hostile.rawControl(in: plain.stdoutBytes) { Issue.record("open --plain: \(problem)", sourceLocation: sourceLocation) }
        #expect(plain.stdout.contains(marker), "\(plain.stdout)", sourceLocation: sourceLocation)
    }

    /// Through `fill`: the controls are dropped as the answers come in (a CR becomes a line break), in
    /// a YAML file and a JSON file alike, and nothing raw comes out of any format.
    @Test func controlsInAnAnswersFileAreDroppedAtTheDoor() throws {
        let cli = CLI()
        defer { cli.remove() }
        let yaml = cli.write("hostile.yaml", try Hostile.fixture(replacing: [
            "art2": Hostile.yaml, "unit": Hostile.yaml, "case_ref": #""EB\e]0;x\a-1\u202e""#,
            "children": "[{alias: \(Hostile.yaml), age: 7, relation: dotter, effect: indirect, lives_in_household: \"yes\", \(Hostile.childVoiceYAML)}]",
        ]))
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", yaml, "--submit"])
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        let answers = try #require(json["answers"] as? [String: Any])
        #expect(answers["art2"] as? String == Hostile.shown)
        #expect(json["unit"] as? String == Hostile.shownOnOneLine)
        #expect(json["case_ref"] as? String == "EB]0;x-1")
        #expect((answers["children"] as? [[String: Any]])?.first?["alias"] as? String == Hostile.shownOnOneLine)

        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        try store.return(id, by: "bertil", comment: Hostile.text, itemComments: ["art2": Hostile.text])
        let more = cli.write("more.json", "{\"art3\": \(Hostile.json), \"art6\": \(Hostile.json)}\n")
        let into = cli.run(["fill", "--into", id, "--answers", more, "--submit"])
        #expect(into.status == 0, "\(into.stderr)")
        let again = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect((again["answers"] as? [String: Any])?["art3"] as? String == Hostile.shown)
        #expect((again["reviews"] as? [[String: Any]])?.first?["comment"] as? String == Hostile.shown)
        try expectNothingRaw(cli, id, mustShow: "]0;pwnedB[2JC")
    }

    /// Straight into the store, past the checks at the door (an older or another program's store):
    /// every output still drops the controls, the terminal gets none of them.
    @Test func controlsAlreadyInTheStoreAreDroppedOnTheWayOut() throws {
        let cli = CLI()
        defer { cli.remove() }
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers])
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init), "\(fill.stderr)")
        let child: [String: AnswerValue] = ["alias": .text(Hostile.text), "age": .number(7), "relation": .text("dotter"),
                                            "effect": .text("indirect"), "lives_in_household": .text("yes")]
            .merging(Hostile.childVoice) { $1 }
        try Hostile.plant(Hostile.text, in: cli.store, id: id, items: [
            "art2": .text(Hostile.text), "children": .entries([child]), "decision_means": .choices([Hostile.text]),
        ])
        let raw = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect((raw["answers"] as? [String: Any])?["art2"] as? String == Hostile.shown)
        #expect(cli.run(["submit", id]).status == 0)                    // v1 holds the raw text
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        try store.return(id, by: "bertil", comment: "Komplettera.", itemComments: [:])
        try Hostile.plant(Hostile.text + "2", in: cli.store, id: id, items: ["art3": .text(Hostile.text)])
        #expect(cli.run(["submit", id]).status == 0)                    // v2 too, and the diff shows both
        try expectNothingRaw(cli, id, mustShow: "]0;pwnedB[2JC")
    }

    /// A unit's own checklist whose titles, prompts and labels carry controls (the fuzz corpus's
    /// hostile-titles.yaml): loaded with them dropped; listing, showing and using it prints none.
    @Test func controlsInAUnitsOwnChecklistAreDropped() throws {
        let cli = CLI()
        defer { cli.remove() }
        let own = cli.folder + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: FuzzCorpus.file("checklist/hostile-titles.yaml"), toPath: own + "/hostile-titles.yaml")
        let answers = cli.write("a.yaml", "a: x\n")
        let fill = cli.run(["fill", "--checklist", "fientlig", "--answers", answers, "--case", "FI-1", "--checklists", own])
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = fill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for arguments in [["checklists", "list"], ["checklists", "show", "fientlig"], ["checklists", "show", "fientlig", "--format", "json"],
                          ["checklists", "validate", own + "/hostile-titles.yaml"], ["show", id], ["show", id, "--format", "json"],
                          ["show", id, "--format", "html"], ["review", "diff", id, "0", "current"]] {
            let result = cli.run(arguments + ["--checklists", own])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            if let problem = Hostile.rawControl(in: result.stdoutBytes) { Issue.record("\(arguments): \(problem)") }
            if let problem = Hostile.rawControl(in: result.stderrBytes) { Issue.record("\(arguments) stderr: \(problem)") }
        }
        #expect(cli.run(["checklists", "list", "--checklists", own]).stdout.range(of: #"fientlig +v1 +Lista\]0;pwned"#, options: .regularExpression) != nil)
        #expect(cli.run(["show", id, "--checklists", own]).stdout.contains("Välj[2J"))
    }

    /// Typed in plain mode (a screen reader's way in): saved cleaned, echoed cleaned.
    @Test func controlsTypedInPlainModeAreDropped() throws {
        let cli = CLI()
        defer { cli.remove() }
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers])
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))
        let typed = cli.run(["open", id, "--item", "art2", "--plain"], input: Hostile.text + "\n.\n")
        #expect(typed.status == 0, "\(typed.stderr)")
        if let problem = Hostile.rawControl(in: typed.stdoutBytes) { Issue.record("plain mode: \(problem)") }
        let answers = (cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]
        // As through a file: the bare CR (inside the line typed) becomes a line break, the rest is dropped.
        #expect(answers?["art2"] as? String == Hostile.shown, "\(String(describing: answers?["art2"]))")
    }

    /// A control in what a person typed on the command line comes back cleaned in the one-line error.
    @Test func controlsInArgumentsAndFileNamesStayOutOfErrors() throws {
        let cli = CLI()
        defer { cli.remove() }
        for arguments in [["show", "BKA\u{1B}]0;pwned\u{7}\u{202E}"], ["review", "diff", "x\u{9B}2J"],
                          ["fill", "--checklist", "barnkonsekvensanalys", "--answers", "/nonexistent/\u{1B}[2J.yaml"],
                          ["export", "--format", "json", "--output", "/nonexistent/\u{1B}]52;c;eA==\u{7}.json"]] {
            let result = cli.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            if let problem = Hostile.rawControl(in: result.stderrBytes) { Issue.record("\(arguments): \(problem)") }
        }
        // An unknown item whose name carries escapes, in an answers file.
        let answers = cli.write("keys.yaml", "\"\\e]0;pwned\\a\": ja\n")
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--case", "EB-1"])
        #expect(fill.status == 1)
        #expect(fill.stderr.contains("keys.yaml:1:1: okänd fråga ']0;pwned'"), "\(fill.stderr)")
        if let problem = Hostile.rawControl(in: fill.stderrBytes) { Issue.record("unknown item: \(problem)") }
    }
}

/// The full screen in a real terminal, showing text planted raw in the store: the bytes barnkoll
/// writes may hold its own ncurses escapes, never one from the answer.
@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct HostileTextInTmux {
    /// What from `Hostile.text` would have reached the terminal as it was written, described.
    static func leaks(in data: Data) -> [String] {
        let bytes = [UInt8](data)
        var found: [String] = []
        func contains(_ needle: [UInt8]) -> Bool {
            guard needle.count <= bytes.count else { return false }
            return (0...(bytes.count - needle.count)).contains { start in bytes[start..<(start + needle.count)].elementsEqual(needle) }
        }
        for (name, sequence) in [("OSC title", "\u{1B}]0;pwned"), ("OSC 52", "\u{1B}]52;"), ("screen clear", "\u{1B}[2JC"),
                                 ("DCS", "\u{1B}P0;1"), ("bare CR", "I\rJ")] where contains(Array(sequence.utf8)) {
            found.append(name)
        }
        for index in bytes.indices.dropLast() {
            let next = bytes[index + 1]
            if bytes[index] == 0xC2 && (0x80...0x9F).contains(next) { found.append(String(format: "C1 U+%04X", Int(next))) }
            if bytes[index] == 0xE2 && index + 2 < bytes.count {
                let third = bytes[index + 2]
                if (next == 0x80 && [0x8E, 0x8F, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE].contains(third)) || (next == 0x81 && (0xA6...0xA9).contains(third)) {
                    found.append("bidi control")
                }
            }
        }
        return found
    }

    @Test func theWorksheetShowsPlantedControlsAsHarmlessText() throws {
        let cli = CLI()
        defer { cli.remove() }
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers])
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init), "\(fill.stderr)")
        try Hostile.plant(Hostile.text, in: cli.store, id: id, items: ["art2": .text(Hostile.text), "art3": .text(Hostile.text)])
        let raw = cli.folder + "/worksheet.raw"
        let terminal = Tmux(cli, ["open", id, "--item", "art2"], width: 100, height: 30, recordTo: raw)
        #expect(terminal.wait(for: "]0;pwnedB[2JC]52;"), "\(terminal.screen)")
        terminal.press("Enter")                                  // edit the answer: the text editor draws it too
        usleep(300_000)
        terminal.paste("X\u{1B}]0;pwned2\u{7}\u{202E}\u{9B}2JY\nZ")    // a bracketed paste carrying the same
        #expect(terminal.wait(for: "X]0;pwned22JY"), "\(terminal.screen)")
        terminal.press("Escape")
        terminal.press("Down")
        #expect(terminal.wait(for: "▸ * Hur berör beslutet barnets bästa"), "\(terminal.screen)")
        terminal.press("C-q")
        #expect(terminal.wait(until: { terminal.value("#{pane_dead}") == "1" }), "\(terminal.screen)")
        let bytes = try #require(FileManager.default.contents(atPath: raw))
        #expect(bytes.contains(0x1B))                            // ncurses' own escapes were recorded
        #expect(String(decoding: bytes, as: UTF8.self).contains("pwned"))
        #expect(Self.leaks(in: bytes).isEmpty, "\(Self.leaks(in: bytes))")
        let saved = (cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]
        #expect(saved?["art2"] as? String == Hostile.shown + "X]0;pwned22JY\nZ", "\(String(describing: saved?["art2"]))")
        // The check itself finds each of them in the text as planted.
        #expect(Self.leaks(in: Data(Hostile.text.utf8)).count == 11, "\(Self.leaks(in: Data(Hostile.text.utf8)))")
    }

    @Test func theReviewScreenShowsPlantedControlsAsHarmlessText() throws {
        let cli = CLI()
        defer { cli.remove() }
        let summary = try Hostile.submittedByBertil(cli)
        let raw = cli.folder + "/review.raw"
        let terminal = Tmux(cli, ["review"], width: 100, height: 40, recordTo: raw)
        #expect(terminal.wait(for: "1–1 av 1"), "\(terminal.screen)")
        #expect(terminal.screen.contains("]0;pwnedB"), "\(terminal.screen)")      // the unit in the queue
        terminal.press("Enter")
        #expect(terminal.wait(for: "Granskar \(summary.id)"), "\(terminal.screen)")
        #expect(terminal.wait(for: "]0;pwnedB[2JC]52;"), "\(terminal.screen)")
        terminal.press("Right")
        usleep(300_000)
        terminal.press("C-q")
        #expect(terminal.wait(until: { terminal.value("#{pane_dead}") == "1" }), "\(terminal.screen)")
        let bytes = try #require(FileManager.default.contents(atPath: raw))
        #expect(bytes.contains(0x1B))
        #expect(Self.leaks(in: bytes).isEmpty, "\(Self.leaks(in: bytes))")
    }
}

@Suite struct BrokenAnswersFiles {
    /// Bytes that are not UTF-8 (a lone continuation byte, an overlong form, a UTF-16 surrogate, 0xFF,
    /// a Latin-1 0x9B, a sequence cut off): one line naming file, line and column; exit 1; the draft
    /// it was to go into is unchanged.
    @Test func invalidUTF8IsOneLineWithItsPlaceAndChangesNothing() throws {
        let cli = CLI()
        defer { cli.remove() }
        let first = cli.write("first.yaml", "children_affected: \"yes\"\nart2: Barnet säger nej.\n")
        let id = try #require(cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", first, "--case", "EB-1"])
            .stdout.split(separator: "\n").first.map(String.init))
        let shownBefore = cli.run(["show", id, "--format", "json"]).stdout
        // Every row of every table that holds what people wrote or did (opening the store may touch its header).
        func rows() throws -> [String] {
            let queue = try DatabaseQueue(path: cli.store)
            defer { try? queue.close() }
            return try queue.read { db in
                try ["analysis", "answer", "version", "review", "audit"].flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table): \($0)" }
                }
            }
        }
        let before = try rows()
        #expect(before.count > 5)
        for (bad, column) in [([0x80], 22), ([0xC0, 0xAF], 22), ([0xED, 0xA0, 0x80], 22), ([0xFF], 22), ([0x9B], 22),
                              ([0xE2, 0x82], 22)] as [([UInt8], Int)] {
            let path = cli.folder + "/bad.yaml"
            let bytes = Array("children_affected: \"no\"\nart2: \"Barnet säger å".utf8) + bad + Array(" nej\"\n".utf8)
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let result = cli.run(["fill", "--into", id, "--answers", path])
            #expect(result.status == 1, "\(bad)")
            #expect(result.stderr == "barnkoll: \(path):2:\(column): filen är inte giltig UTF-8-text\n", "\(bad): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let cut = cli.folder + "/cut.json"
        _ = FileManager.default.createFile(atPath: cut, contents: Data(Array("{\"art2\": \"ok \u{E5}".utf8) + [0xE2, 0x82]))
        #expect(cli.run(["fill", "--into", id, "--answers", cut]).stderr == "barnkoll: \(cut):1:15: filen är inte giltig UTF-8-text\n")
        let after = try rows()
        #expect(after == before, "\(after.filter { !before.contains($0) })")   // not a row written
        #expect(cli.run(["show", id, "--format", "json"]).stdout == shownBefore)
    }

    /// A raw control byte in the file (YAML and JSON allow them only escaped): one line with the
    /// place and the character, exit 1, nothing saved.
    @Test func aRawControlInTheFileIsOneLineWithItsPlace() {
        let cli = CLI()
        defer { cli.remove() }
        for (name, text, place) in [("c.json", "{\"art2\": \"a\u{1B}[2Jb\"}", "1:12: filen kan inte läsas: control characters are not allowed (U+001B)"),
                                    ("c.yaml", "art2: |\n  rad ett\n  rad \u{1B}]0;pwned\u{7} två\n", "3:7: filen kan inte läsas: control characters are not allowed (U+001B)"),
                                    ("c1.yaml", "art2: \"a\u{9B}b\"\n", "1:9: filen kan inte läsas: control characters are not allowed (U+009B)"),
                                    ("nul.yaml", "art2: a\u{0}b\n", "1:8: filen kan inte läsas: control characters are not allowed (U+0000)")] {
            let path = cli.write(name, text)
            let result = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-1"])
            #expect(result.status == 1)
            #expect(result.stderr == "barnkoll: \(path):\(place)\n", "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.store))     // nothing saved: not even a store made
    }
}

extension BrokenAnswersFiles {
    /// A YAML alias repeats what it names: 300 entries naming one 200 kB text would be 120 MB of
    /// answers from a 200 kB file. Refused at once, in one line; a few short aliases still work.
    @Test func aliasesThatMultiplyTextAreRefused() throws {
        let cli = CLI()
        defer { cli.remove() }
        var lines = ["art2: &s \"\(String(repeating: "x", count: 200_000))\"", "children_affected: \"yes\"", "children:"]
        lines += Array(repeating: "  - {alias: *s, age: 7, relation: *s, effect: indirect, lives_in_household: \"yes\"}", count: 300)
        let bomb = cli.write("bomb.yaml", lines.joined(separator: "\n") + "\n")
        let started = Date()
        let result = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", bomb, "--case", "EB-1"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1)
        #expect(result.stderr == "barnkoll: \(bomb):1:1: filens alias (*namn) upprepar mer text än filen rymmer; skriv ut värdena i sin helhet\n")
        #expect(!FileManager.default.fileExists(atPath: cli.store))     // nothing saved: not even a store made

        let fair = cli.write("fair.yaml", "art2: &same Barnen påverkas lika mycket.\nart3: *same\n")
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", fair, "--case", "EB-2"])
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = fill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let answers = (cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]
        #expect(answers?["art3"] as? String == "Barnen påverkas lika mycket.")
    }
}

@Suite struct HugeText {
    static let line = "Barnet säger att hon vill bo kvar.\u{1B}]0;pwned\u{7}\u{202E}\r\n"
    static let cleanLine = "Barnet säger att hon vill bo kvar.]0;pwned\n"
    static let repeats = 1_100_000 / line.utf8.count + 1
    static let longLine = String(String(repeating: "Hon vill bo kvar hos mamma och pappa. ", count: 2_700).prefix(100_000))

    static func peak(_ report: String) -> Double? {
        (try? String(contentsOfFile: report, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .map { $0 / 1024 }
    }

    /// More than a megabyte of text with controls in every line, and one line of 100,000 characters:
    /// saved, shown whole and cleaned in every format, with the peak memory of each command bounded.
    @Test func aMegabyteAndAHundredThousandCharacterLine() throws {
        let cli = CLI()
        defer { cli.remove() }
        let big = String(repeating: Self.line, count: Self.repeats)
        #expect(big.utf8.count > 1_000_000)
        let object: [String: Any] = ["children_affected": "yes", "art2": Self.longLine, "art3": big]
        let path = cli.folder + "/big.json"
        _ = FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: object))
        let report = cli.folder + "/peak"
        var peaks: [String: Double] = [:]
        let started = Date()
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-1"],
                           environment: ["BARNKOLL_BENCH_REPORT": report])
        let fillSeconds = Date().timeIntervalSince(started)
        #expect(fill.status == 0, "\(fill.stderr)")
        peaks["fill"] = Self.peak(report)
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))

        let json = cli.run(["show", id, "--format", "json"], environment: ["BARNKOLL_BENCH_REPORT": report])
        peaks["show json"] = Self.peak(report)
        let answers = try #require((try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])?["answers"] as? [String: Any])
        #expect(answers["art2"] as? String == Self.longLine)
        #expect((answers["art3"] as? String)?.count == Self.cleanLine.count * Self.repeats)
        #expect(answers["art3"] as? String == String(repeating: Self.cleanLine, count: Self.repeats))
        for arguments in [["show", id, "--format", "text"], ["show", id, "--format", "markdown"], ["show", id, "--format", "html"],
                          ["export", "--format", "csv"], ["export", "--format", "json"], ["review", "diff", id, "0", "current"]] {
            let result = cli.run(arguments, environment: ["BARNKOLL_BENCH_REPORT": report])
            peaks[arguments.joined(separator: " ")] = Self.peak(report)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            // The text for the case file is wrapped at 80 columns: its words, in order, are the line's.
            let shown = arguments.contains("text") ? result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ") : result.stdout
            let line = arguments.contains("text") ? Self.longLine.split(separator: " ").joined(separator: " ") : Self.longLine
            #expect(shown.contains(line), "\(arguments)")
            #expect(result.stdoutBytes.count > 1_000_000, "\(arguments)")
            if let problem = Hostile.rawControl(in: result.stdoutBytes, crlf: arguments.contains("csv")) {
                Issue.record("\(arguments): \(problem)")
            }
        }
        if Tmux.isAvailable {
            // The worksheet's first frame, at the megabyte answer.
            let terminal = Tmux(cli, ["open", id, "--item", "art3"], width: 100, height: 30,
                                environment: ["BARNKOLL_BENCH_FIRST_FRAME": "1", "BARNKOLL_BENCH_REPORT": report + ".tui"])
            #expect(terminal.wait(until: { Self.peak(report + ".tui") != nil }, seconds: 30), "\(terminal.screen)")
            peaks["worksheet"] = Self.peak(report + ".tui")

            // Typing at the end of the megabyte answer, saved on leaving the field (measured 125 MB,
            // about 0.4 s a key in a debug build: each key re-lays out the whole text).
            let editing = Tmux(cli, ["open", id, "--item", "art3"], width: 100, height: 30,
                               environment: ["BARNKOLL_BENCH_REPORT": report + ".edit"])
            #expect(editing.wait(for: "Barnet säger att hon vill bo kvar.]0;pwned", seconds: 30), "\(editing.screen)")
            editing.press("Enter")
            usleep(500_000)
            editing.type("slut")
            #expect(editing.wait(for: "slut", seconds: 30), "\(editing.screen)")
            editing.press("Escape")
            usleep(500_000)
            editing.press("C-q")
            #expect(editing.wait(until: { Self.peak(report + ".edit") != nil }, seconds: 30), "\(editing.screen)")
            peaks["worksheet editing"] = Self.peak(report + ".edit")
            let saved = (cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]
            #expect((saved?["art3"] as? String)?.hasSuffix(Self.cleanLine + "slut") == true)
        }
        print("huge text: fill \(String(format: "%.2f", fillSeconds)) s; peak memory (MB): "
              + peaks.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.0f", $0.value))" }.joined(separator: ", "))
        // Measured 38–54 MB, 92–125 MB editing (debug build, 1.1–1.5 MB of text): the bound catches a copy per
        // line or per character.
        #expect(peaks.count == (Tmux.isAvailable ? 10 : 8), "\(peaks)")
        for (name, megabytes) in peaks { #expect(megabytes < 300, "\(name) peaked at \(megabytes) MB") }
    }
}

extension Hostile {
    static func catalog() throws -> ChecklistCatalog {
        try ChecklistCatalog.load(directories: [CLI.packageRoot.appendingPathComponent("checklists")])
    }

    /// bertil's complete analysis with the text planted raw, submitted; this account a supervisor.
    static func submittedByBertil(_ cli: CLI) throws -> AnalysisSummary {
        let checklist = try catalog().checklist("barnkonsekvensanalys")
        let answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: completeAnswers)),
                                               file: completeAnswers, checklist: checklist)
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        let summary = try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "Ekonomiskt bistånd", author: "bertil",
                                       answers: answers)
        try Hostile.plant(Hostile.text, in: cli.store, id: summary.id,
                          items: ["decision": .text(Hostile.text), "art2": .text(Hostile.text)])
        _ = try store.submit(summary.id, by: "bertil")
        try store.setRole(.supervisor, for: Account.current, granted: true, by: Account.current)
        return summary
    }
}

extension HostileText {
    /// The review in plain mode: the queue, the analysis, a comment and a return typed with controls,
    /// the versions; nothing raw out, the comment and the reason saved cleaned.
    @Test func thePlainReviewShowsPlantedControlsCleaned() throws {
        let cli = CLI()
        defer { cli.remove() }
        let summary = try Hostile.submittedByBertil(cli)
        let script = ["1", "k 3.1", Hostile.text, "r", "Komplettera\u{1B}[2J\u{202E} texten.", "v", "1", "", "q", "q"]
        let review = cli.run(["review", "--plain"], input: script.joined(separator: "\n") + "\n")
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("]0;pwnedB[2JC"), "\(review.stdout)")
        if let problem = Hostile.rawControl(in: review.stdoutBytes) { Issue.record("review --plain: \(problem)") }
        let json = try #require(cli.json(["show", summary.id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "returned", "\(review.stdout)")
        let returned = (json["reviews"] as? [[String: Any]])?.first
        #expect(returned?["comment"] as? String == "Komplettera[2J texten.")
        #expect((returned?["item_comments"] as? [String: String])?["art2"] == Hostile.shown)
    }
}

/// Issue 25, bad input, smaller: a JSON answers file is read by a JSON parser, and a file of many
/// problems prints the first ones and how many more.
extension BrokenAnswersFiles {
    @Test func jsonAsPythonWritesItIsReadAsJSON() throws {
        let cli = CLI()
        defer { cli.remove() }
        // json.dumps({"art2": "Glad \U0001F600", "children_affected": True}) writes the emoji as a surrogate pair.
        let path = cli.write("python.json", #"{"art2": "Glad \ud83d\ude00 \u00e5", "children_affected": "yes", "unit": "Enhet \"A\""}"#)
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-1"])
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect((json["answers"] as? [String: Any])?["art2"] as? String == "Glad 😀 å")
        #expect(json["unit"] as? String == "Enhet \"A\"")
        // JSON that is not JSON is one line with its place; an unknown key still names its line.
        let broken = cli.write("broken.json", "{\"art2\": \"x\"\n")
        let refused = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", broken, "--case", "EB-1"])
        #expect(refused.status == 1 && refused.stderr.hasPrefix("barnkoll: \(broken):"), "\(refused.stderr)")
        let unknown = cli.write("unknown.json", "{\n  \"art2\": \"x\",\n  \"no_such_item\": 1\n}\n")
        let named = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", unknown, "--case", "EB-1"])
        #expect(named.stderr.hasPrefix("barnkoll: \(unknown):3:1: okänd fråga 'no_such_item'"), "\(named.stderr)")
    }

    @Test func manyProblemsAreCappedWithHowManyMore() throws {
        let cli = CLI()
        defer { cli.remove() }
        let keys = (1...5_000).map { "\"unknown_\($0)\": \"x\"" }.joined(separator: ",\n")
        let path = cli.write("many.json", "{\n" + keys + "\n}\n")
        for (language, more) in [("sv", "… och 4980 problem till"), ("en", "… and 4980 more problems")] {
            let result = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-1", "--lang", language])
            #expect(result.status == 1)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 21, "\(lines.count) lines")
            #expect(lines.last.map(String.init) == more)
        }
        #expect(!FileManager.default.fileExists(atPath: cli.store))     // nothing saved: not even a store made
    }
}

/// Issue 25: what people wrote is text in the Markdown document, never markup: raw HTML, a
/// `javascript:` link and a typed "## Granskning" line pass through as the words they are.
@Suite struct MarkdownEscaping {
    @Test func typedMarkupIsTextInMarkdownAndHTML() throws {
        let cli = CLI()
        defer { cli.remove() }
        let typed = "<script>alert(1)</script> *viktigt*\n## Granskning klar\n- godkänd av chefen\n1. punkt\n[läs mer](javascript:alert(1))"
        let path = cli.write("markup.yaml", "children_affected: \"yes\"\nart2: |\n" + typed.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n")
        let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", path, "--case", "EB-1"])
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init), "\(fill.stderr)")
        let markdown = cli.run(["show", id, "--format", "markdown"]).stdout
        #expect(markdown.contains(#"\<script\>alert\(1\)\</script\> \*viktigt\*"#), "\(markdown)")
        #expect(!markdown.split(separator: "\n").contains { $0.hasPrefix("## Granskning klar") || $0.hasPrefix("- godkänd") || $0.hasPrefix("1. punkt") })
        #expect(markdown.contains("\\## Granskning klar") && markdown.contains(#"\[läs mer\]\(javascript:alert\(1\)\)"#))
        #expect(!markdown.contains("](javascript:"))
        let html = cli.run(["show", id, "--format", "html"]).stdout
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; *viktigt*"), "\(html)")
        #expect(!html.contains("<script>") && !html.contains("<h2>Granskning klar") && !html.contains(#"\["#))
        #expect(html.contains("<p>## Granskning klar</p>"), "\(html)")
    }
}
