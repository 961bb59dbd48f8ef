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
            "children": "[{alias: \(Hostile.yaml), age: 7, relation: dotter, effect: indirect, lives_in_household: \"yes\"}]",
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
        #expect(fill.stderr.contains("keys.yaml:1:1: unknown item ']0;pwned'"), "\(fill.stderr)")
        if let problem = Hostile.rawControl(in: fill.stderrBytes) { Issue.record("unknown item: \(problem)") }
    }
}
