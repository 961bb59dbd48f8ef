import BarnkollCore
@testable import BarnkollTUI
import Terminal
import Testing

/// Each mode's keys are declared once: the help bar is drawn from the key map `update` acts by.
@Suite struct KeyMaps {
    enum Act: Sendable, Equatable { case up, down, open, quit }

    @Test func aMapNamesItsShownKeysAndActsOnEachOfItsKeys() {
        let map = KeyMap<Act>([
            KeyBinding("↑↓", "välj", [(.up, .up), (.down, .down)]),
            KeyBinding([.enter], "Enter", "öppna", .open),
            .hidden([.escape], .quit),
            KeyBinding([.control("q"), .control("c")], "^Q", "avsluta", .quit),
        ])
        #expect(map.help == "↑↓ välj  Enter öppna  ^Q avsluta")
        #expect(map.action(for: .up) == .up)
        #expect(map.action(for: .down) == .down)
        #expect(map.action(for: .enter) == .open)
        #expect(map.action(for: .escape) == .quit)     // acts, unnamed
        #expect(map.action(for: .control("c")) == .quit)
        #expect(map.action(for: .character("z")) == nil)
    }

    /// The bottom lines of a frame: where the help bar is drawn (one line, or two when long).
    func helpBar(_ frame: Frame) -> String {
        frame.lines.suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "  ")
    }

    /// On the worksheet, in every mode it is put in, the help bar shows the map and the map's keys act.
    @Test func theWorksheetsHelpBarIsItsKeyMap() throws {
        let bench = try Bench()
        let id = try bench.create(["unit": .text("Ekonomiskt bistånd"), "case_ref": .text("EB-1")])
        var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv))
        let size = Size(width: 80, height: 24)
        let layout = WorksheetState.Layout(width: size.width, height: size.height)
        func check() {
            let help = state.keyMap(layout).help
            #expect(!help.isEmpty)
            // Every named key is on screen, in the map's words.
            for part in help.components(separatedBy: "  ") {
                #expect(helpBar(state.render(size)).contains(part), "\(part) in \(state.mode)")
            }
        }
        check()
        #expect(state.keyMap(layout).help.contains("m saknas"))
        _ = state.update(key: .character("m"), size: size)           // the map's m opens what is missing
        #expect(state.mode == .missing(0))
        check()
        #expect(state.keyMap(layout).help == "↑↓ välj  Enter gå dit  Esc tillbaka")
        _ = state.update(key: .escape, size: size)
        _ = state.update(key: .character("?"), size: size)
        #expect(state.mode == .help)
        check()
        _ = state.update(key: .escape, size: size)
        #expect(state.mode == .browse)
        _ = state.update(key: .enter, size: size)                      // the unit is a text
        guard case .text = state.mode else {
            Issue.record("Enter did not edit: \(state.mode)")
            return
        }
        check()
        #expect(state.keyMap(layout).help.hasPrefix("Esc klar  Tab nästa"))
        _ = state.update(key: .escape, size: size)
        // x is bound only where it acts: on a question, not an entry, it is no command.
        #expect(state.keyMap(layout).action(for: .character("x")) == .remove)
        #expect(!state.keyMap(layout).help.contains("x ta bort posten"))
    }

    /// On an entry of a group the help bar adds `x` to the keys it names on a question: ←→, `s` and
    /// ^Q act there as anywhere, so they are named there too, and at 80×24 the bar keeps its two rows
    /// (the body does not jump a row moving from the group onto its entries).
    @Test func anEntryNamesEveryKeyThatActsOnIt() throws {
        let bench = try Bench()
        let child: [String: AnswerValue] = ["alias": .text("Ella"), "age": .number(7)]
        let id = try bench.create(["children_affected": .text("yes"), "children": .entries([child])])
        for size in [Size(width: 80, height: 24), Size(width: 40, height: 10)] {
            var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv), focus: "children")
            let layout = WorksheetState.Layout(width: size.width, height: size.height)
            let onGroup = state.keyMap(layout).help
            let groupRows = Footer.lines(onGroup, room: size.width - 2).count
            let age = WorksheetState.Row.sub(group: "children", entry: 0, sub: "age")
            while state.row != age { _ = state.update(key: .down, size: size) }
            let onEntry = state.keyMap(layout).help
            #expect(onEntry == onGroup.replacingOccurrences(of: "  m saknas", with: "  x ta bort posten  m saknas"))
            for key in ["←→ avsnitt", "s skicka in", "^Q sluta"] { #expect(onEntry.contains(key), "\(key) at \(size)") }
            let frame = state.render(size)
            let rows = Footer.lines(onEntry, room: size.width - 2)
            #expect(Array(frame.lines.suffix(rows.count)).map { $0.trimmingCharacters(in: .whitespaces) } == rows)
            if size.width == 80 { #expect(rows.count == groupRows) }
            #expect(state.keyMap(layout).action(for: .character("s")) == .submit)
            #expect(state.keyMap(layout).action(for: .right) == .nextSection)
            // After x the bar says what Enter does now, as the message above it asks.
            _ = state.update(key: .character("x"), size: size)
            let removing = state.keyMap(layout).help
            #expect(removing.hasPrefix("↑↓ flytta  Enter ta bort posten  ←→ avsnitt  m saknas"), "\(removing)")
            #expect(!removing.contains("Enter ändra") && !removing.contains("x ta bort"))
            let asked = Footer.lines(removing, room: size.width - 2)
            #expect(Array(state.render(size).lines.suffix(asked.count)).map { $0.trimmingCharacters(in: .whitespaces) } == asked)
            _ = state.update(key: .down, size: size)                      // another key lets it go
            #expect(state.keyMap(layout).help.contains("Enter ändra"))
        }
    }

    @Test func homeAndItsFormDrawTheirMaps() throws {
        var home = HomeState(strings: Strings(.sv), account: "anna", returned: [], drafts: [], submitted: [], checklists: [])
        let size = Size(width: 80, height: 24)
        #expect(home.keyMap.help == "↑↓ välj  Enter öppna  ^Q avsluta")
        #expect(helpBar(home.render(size)).contains(home.keyMap.help))
        _ = home.update(key: .enter, size: size)
        #expect(home.form != nil)
        #expect(helpBar(home.render(size)).contains(home.keyMap.help))
        #expect(home.keyMap.help.contains("Esc avbryt"))
        _ = home.update(key: .escape, size: size)                      // the form's Esc cancels, not quits
        #expect(home.form == nil)
        #expect(home.update(key: .escape, size: size) == [.quit])
    }

    @Test func theQueueAndItsFilterFormDrawTheirMaps() {
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        let size = Size(width: 80, height: 24)
        func shown() -> Bool {
            queue.keyMap(size).help.components(separatedBy: "  ").allSatisfy { helpBar(queue.render(size)).contains($0) }
        }
        #expect(shown())
        #expect(queue.keyMap(size).help.contains("f filter"))
        _ = queue.update(key: .character("f"), size: size)           // the map's f opens the filters
        #expect(queue.form != nil)
        #expect(queue.keyMap(size).help == "Tab/↑↓ fält  ←→ byt värde  Enter visa  Esc avbryt")
        #expect(shown())
        _ = queue.update(key: .right, size: size)                     // the status goes round its values
        #expect(queue.form?.status == .returned)
        _ = queue.update(key: .escape, size: size)
        #expect(queue.form == nil)
    }

    /// The queue names ↑↓ where there is more than one line to pick, Enter where there is one to
    /// read and PgDn/PgUp where there is more than a page: an empty list's help bar offers nothing
    /// that does nothing.
    @Test func theQueueNamesOnlyTheKeysThatActOnWhatItShows() {
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        let size = Size(width: 80, height: 24)
        func page(_ count: Int, total: Int) {
            _ = queue.update(.page(rows: (0..<count).map { listed($0) }, total: total, filter: queue.filter,
                                   countLimit: AnalysisFilter.countLimit), size: size)
        }
        func help() -> String { queue.keyMap(size).help }
        page(0, total: 0)
        #expect(!help().contains("↑↓") && !help().contains("Enter") && !help().contains("PgDn"), "\(help())")
        #expect(help().hasPrefix("/ sök"), "\(help())")
        #expect(helpBar(queue.render(size)).contains(help()))
        page(1, total: 1)
        #expect(help().hasPrefix("Enter läs") && !help().contains("↑↓"), "\(help())")
        page(2, total: 2)
        #expect(help().hasPrefix("↑↓ välj  Enter läs  / sök"), "\(help())")
        page(ReviewQueueState.pageSize, total: ReviewQueueState.pageSize + 1)
        #expect(help().hasPrefix("↑↓ välj  Enter läs  PgDn/PgUp"), "\(help())")
        #expect(helpBar(queue.render(size)).contains(help()))

        _ = queue.update(key: .tab, size: size)
        _ = queue.update(.followUps([]), size: size)
        #expect(!help().contains("↑↓") && !help().contains("Enter"), "\(help())")
        _ = queue.update(.followUps([FollowUpEntry(kind: .hardStop, summary: listed(1), date: "2026-11-30")]), size: size)
        #expect(help().hasPrefix("Enter läs") && !help().contains("↑↓"), "\(help())")
        #expect(helpBar(queue.render(size)).contains(help()))
    }
}
