import Foundation
import Testing

/// Plain mode and the full screen's cursor in a real terminal. Skipped (with a message) where tmux is missing.
@Suite(.tags(.tmux), .enabled(if: Tmux.isAvailable, "tmux is not installed"), .serialized)
struct AccessibilityInTmux {
    func newDraft(_ cli: CLI) -> String {
        cli.run(["new", "--checklist", "barnkonsekvensanalys", "--case", "EB-2026-117", "--unit", "Ekonomiskt bistånd, Norrköpinge"],
                input: "").stdout.split(separator: "\n").first.map(String.init) ?? ""
    }

    func answers(_ cli: CLI, _ id: String) -> [String: Any] {
        ((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]) ?? [:]
    }

    @Test func aWholeAnalysisTypedInPlainModeWritesNoEscapeSequence() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let raw = cli.folder + "/pane.raw"
        let terminal = Tmux(cli, ["open", id], environment: ["TERM": "dumb"], thenRun: "true", recordTo: raw)
        #expect(terminal.wait(for: "Ärendet 1.1: Vilken enhet fattar beslutet?"), "\(terminal.screen)")
        for line in plainScript.components(separatedBy: "\n").dropLast() {
            if !line.isEmpty { terminal.type(line) }
            terminal.press("Enter")
            // Typed ahead is fine for a terminal, but a steady pace keeps the pty's input buffer from filling.
            usleep(20_000)
        }
        #expect(terminal.wait(for: "EXITED 0", seconds: 30), "\(terminal.screen)")
        #expect(terminal.screen.contains("Klart: inskickad."), "\(terminal.screen)")
        let json = try #require(cli.json(["show", id, "--format", "json"]) as? [String: Any])
        #expect(json["status"] as? String == "submitted")
        // What the pane holds, with any attributes or colours as escape sequences: there must be none.
        let styled = terminal.tmux(["capture-pane", "-t", "T", "-p", "-e", "-S", "-"])
        #expect(styled.contains("Klart: inskickad."))
        #expect(!styled.contains("\u{1B}"))
        // Every byte written to the terminal: no cursor addressing, no escape sequence at all.
        let bytes = try #require(FileManager.default.contents(atPath: raw))
        #expect(bytes.count > 5_000)
        #expect(!bytes.contains(0x1B))
        #expect(String(decoding: bytes, as: UTF8.self).contains("Barnets röst 4.1 Nr 2: Noah · Fick barnet framföra sina åsikter?"))
    }

    @Test func ctrlCInPlainModeExits130WithEverythingGivenSaved() {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = Tmux(cli, ["open", id, "--plain"], thenRun: "true")
        #expect(terminal.wait(for: "Ärendet 1.1"), "\(terminal.screen)")
        terminal.type("Socialtjänsten Norr")
        terminal.press("Enter")
        #expect(terminal.wait(for: "Ärendet 1.2"), "\(terminal.screen)")
        terminal.type("Första raden av beslutet")
        terminal.press("Enter")
        usleep(300_000)
        terminal.press("C-c")
        #expect(terminal.wait(for: "EXITED 130"), "\(terminal.screen)")
        let given = answers(cli, id)
        #expect(given["unit"] as? String == "Socialtjänsten Norr")
        #expect(given["decision"] as? String == "Första raden av beslutet")
    }

    /// The real cursor, which braille displays and screen magnifiers follow, on the focused field.
    @Test func theCursorFollowsTheFocusInTheFullScreenWorksheet() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        let terminal = Tmux(cli, ["open", id])
        #expect(terminal.wait(for: "Vilken enhet fattar beslutet?"), "\(terminal.screen)")
        // At 80 columns the section list takes 24 and the body starts at column 26.
        let body = 26
        func cursor() -> (x: Int, y: Int) {
            let parts = terminal.value("#{cursor_x} #{cursor_y}").split(separator: " ").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
        }
        func line(_ y: Int) -> [Character] {
            let lines = terminal.screen.components(separatedBy: "\n")
            return lines.indices.contains(y) ? Array(lines[y]) : []
        }
        func markerRow() -> Int? {
            terminal.screen.components(separatedBy: "\n").firstIndex { Array($0).count > body && Array($0)[body] == "▸" }
        }
        func expectOnMarker(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            // tmux can be asked for the screen while a frame is half drawn: wait for it to settle.
            _ = terminal.wait(until: { markerRow().map { cursor() == (body, $0) } ?? false })
            let row = markerRow()
            let at = cursor()
            #expect(row != nil && at.y == row && at.x == body, "\(what): cursor \(at), marker row \(String(describing: row))\n\(terminal.screen)",
                    sourceLocation: sourceLocation)
        }
        expectOnMarker("first item")
        for step in 1...3 {
            let before = markerRow()
            terminal.press("Down")
            #expect(terminal.wait(until: { markerRow() != before }), "\(terminal.screen)")
            expectOnMarker("after \(step) down")
        }
        terminal.press("Right")
        #expect(terminal.wait(for: "Berörs barn av beslutet"))
        expectOnMarker("next section")
        // Editing: the cursor at the end of what was typed, on the line that shows it.
        terminal.press("Left")
        #expect(terminal.wait(for: "Vilken enhet fattar beslutet?"))
        terminal.press("Down")
        terminal.press("Enter")
        terminal.type("Ett beslut")
        #expect(terminal.wait(for: "Ett beslut"))
        let editing = cursor()
        #expect(String(line(editing.y)).contains("Ett beslut"), "\(editing)\n\(terminal.screen)")
        #expect(editing.x == body + 4 + "Ett beslut".count, "\(editing)")
        terminal.press("Escape")
        // The missing list: on the entry chosen, and it moves with the choice.
        terminal.type("m")
        #expect(terminal.wait(for: "Det här saknas"))
        let first = cursor()
        #expect(String(line(first.y)).contains("•"), "\(first)\n\(terminal.screen)")
        terminal.press("Down")
        #expect(terminal.wait(until: { cursor().y == first.y + 1 }), "\(cursor())\n\(terminal.screen)")
        terminal.press("Escape")
        // Help: on its title.
        terminal.type("?")
        #expect(terminal.wait(for: "Hjälp:"))
        #expect(String(line(cursor().y)).contains("Hjälp:"), "\(cursor())\n\(terminal.screen)")
        terminal.press("Escape")
        terminal.press("C-q")
    }

    @Test func theHighContrastThemeDrawsTheSameScreen() {
        let cli = CLI()
        defer { cli.remove() }
        let id = newDraft(cli)
        // NO_COLOR set but empty counts as unset (no-color.org); the test runner may have it set.
        for (arguments, environment) in [(["--theme", "high-contrast"], ["NO_COLOR": ""]),
                                         ([], ["BARNKOLL_THEME": "high-contrast", "NO_COLOR": ""]),
                                         (["--theme", "high-contrast"], ["NO_COLOR": "1"])] {
            let terminal = Tmux(cli, ["open", id] + arguments, environment: environment)
            #expect(terminal.wait(for: "Vilken enhet fattar beslutet?"), "\(arguments) \(environment): \(terminal.screen)")
            #expect(terminal.screen.contains("✓ Sparat"))
            let styled = terminal.tmux(["capture-pane", "-t", "T", "-p", "-e"])
            // No dimmed text (SGR 2) in high contrast; colours only when NO_COLOR is not set.
            #expect(!styled.contains("\u{1B}[2m") && !styled.contains(";2m") && !styled.contains(";2;"), "\(styled)")
            #expect(styled.contains("\u{1B}[") == true)
            if environment["NO_COLOR"] == "1" {
                #expect(!styled.contains("40m") && !styled.contains(";40"), "\(styled)")
            } else {
                #expect(styled.contains("40m") || styled.contains(";40"), "\(styled)")
            }
            terminal.press("C-q")
        }
        // The default theme does dim some text (the section list's counts), so the check above means something.
        let standard = Tmux(cli, ["open", id], environment: ["NO_COLOR": ""])
        #expect(standard.wait(for: "Vilken enhet fattar beslutet?"))
        #expect(standard.tmux(["capture-pane", "-t", "T", "-p", "-e"]).contains("\u{1B}[2m"))
        standard.press("C-q")
    }
}
