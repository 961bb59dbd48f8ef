import BarnkollCore
@testable import BarnkollTUI
import Foundation
import Terminal
import Testing

/// The widgets every screen shares, and screens as functions: a message in, a frame out, no app
/// and no clock.
@Suite struct Widgets {
    @Test func aListFollowsItsFocusAndAFreeScrollStopsAtTheEnd() {
        #expect(ScrollList(count: 30, room: 10, following: 4).top == 0)
        #expect(ScrollList(count: 30, room: 10, following: 12).top == 3)                 // the focus on the last row
        #expect(ScrollList(count: 30, room: 10, following: 12...25).top == 12)          // a tall focus starts at its top
        #expect(ScrollList(count: 30, room: 9, following: 20, lead: 3).top == 17)        // a third of the way down
        #expect(ScrollList(count: 30, room: 10, offset: 50).top == 20)
        #expect(ScrollList(count: 30, room: 10, offset: 25).shown.map(\.line) == Array(20..<30))
        var state = ScrollState()
        var handled = state.handle(.end, count: 30, room: 10)
        #expect(handled && state.offset == 20)
        handled = state.handle(.down, count: 30, room: 10)
        #expect(handled && state.offset == 20)
        handled = state.handle(.pageUp, count: 30, room: 10, page: 8)
        #expect(handled && state.offset == 12)
        handled = state.handle(.character("q"), count: 30, room: 10)
        #expect(!handled && state.offset == 12)
    }

    /// A group's entries as documents write an answer (each line indented under its entry): a
    /// long line goes on under its own text, not at the edge, unless that leaves under half the width.
    @Test func anIndentedLineWrapsUnderItsText() {
        let answer = "1. Ella\n   Hur fick barnet informationen?\n     Samtal hemma med bilder av en lampa och ett kylskåp.\nSlut"
        #expect(Wrap.lines(answer, width: 30) == [
            "1. Ella", "   Hur fick barnet", "   informationen?", "     Samtal hemma med bilder", "     av en lampa och ett", "     kylskåp.", "Slut",
        ])
        #expect(Wrap.lines("      sex blanksteg", width: 10) == ["      sex", "blanksteg"])
        #expect(Wrap.lines("• a\n\n   b", width: 10) == ["• a", "", "   b"])
    }

    /// A selectable list shows the selected line under its heading, then the lines after it that
    /// cannot be selected where there is room; in two rows, the heading and the line.
    @Test func aSelectedLineShowsUnderItsHeadingAndBeforeWhatFollowsIt() {
        let lines: [(text: String, style: Style, marked: Bool)] = [
            ("Första", .accent, false), ("a", .normal, true), ("Andra", .accent, false), ("b", .normal, true),
            ("Tredje (inga)", .accent, false), ("Fjärde (inga)", .accent, false),
        ]
        func rows(_ room: Int) -> [String] {
            var frame = Frame(width: 20, height: room)
            ScrollList.drawSelectable(&frame, lines: lines, selected: 3, x: 0, y: 0, room: room)
            return frame.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        }
        #expect(rows(4) == ["Andra", "▸ b", "Tredje (inga)", "Fjärde (inga)"])
        #expect(rows(3) == ["Andra", "▸ b", "Tredje (inga)"])
        #expect(rows(2) == ["Andra", "▸ b"])
    }

    /// An entry deep under its heading keeps the heading in view (it scrolled off at 40×10 in the
    /// follow-up tab): right above where the window holds both, with the lines that end the list
    /// first, as nothing below brings them up; else on the window's first row, over the lines under
    /// it, where those lines still show.
    @Test func aSelectedLineKeepsItsHeadingWhereTheWindowHoldsBoth() {
        let kinds: [(text: String, style: Style, marked: Bool)] = [("Tidigare", .accent, false), ("x", .normal, true),
            ("Återkoppling (3)", .accent, false), ("a", .normal, true), ("b", .normal, true), ("c", .normal, true),
            ("Uppföljning (1)", .accent, false), ("d", .normal, true)]
        func rows(_ lines: [(text: String, style: Style, marked: Bool)], _ selected: Int, _ room: Int) -> [String] {
            var frame = Frame(width: 20, height: room)
            ScrollList.drawSelectable(&frame, lines: lines, selected: selected, x: 0, y: 0, room: room)
            return frame.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        }
        #expect(rows(kinds, 5, 4) == ["Återkoppling (3)", "  a", "  b", "▸ c"])
        #expect(rows(kinds, 5, 5) == ["Återkoppling (3)", "  a", "  b", "▸ c", "Uppföljning (1)"])
        #expect(rows(kinds, 5, 3) == ["Återkoppling (3)", "▸ c", "Uppföljning (1)"])
        #expect(rows(kinds, 5, 2) == ["Återkoppling (3)", "▸ c"])
        #expect(rows(kinds, 7, 2) == ["Uppföljning (1)", "▸ d"])
        #expect(rows(kinds, 5, 1) == ["▸ c"])
        #expect(rows(kinds, 4, 3) == ["Återkoppling (3)", "  a", "▸ b"])
        // The last kind's heading ends the list: it shows before the heading further up does.
        let ending = Array(kinds.dropLast(2)) + [("Inget mer.", .dim, false)]
        #expect(rows(ending, 5, 4) == ["Återkoppling (3)", "  b", "▸ c", "Inget mer."])
        #expect(rows(ending, 5, 2) == ["▸ c", "Inget mer."])
        #expect(rows(ending, 5, 5) == ["Återkoppling (3)", "  a", "  b", "▸ c", "Inget mer."])
    }

    /// Nothing of the body peeks out beside a box: at 80 columns the note form (x 2, width 76) left
    /// the body's last letters in the two columns to its right, and the sidebar's "▸" in the one
    /// column left of its margin. A box further in keeps one blank column on its left.
    /// A title's giving part is cut first, or left out below its least, before the end is cut; a
    /// title of several shapes takes the first that fits.
    @Test func aTitleGivesWayByItsGivingPartFirst() {
        let id = "BKA-2026-0001", checklist = " · Barnkonsekvensanalys", status = " · utkast"
        func fit(_ width: Int) -> String { Chrome.fit([TitleShape(before: id, giving: checklist, after: status, least: 8)], width: width) }
        #expect(fit(80) == id + checklist + status)
        #expect(fit(32) == id + " · Barnko…" + status)
        #expect(fit(30) == id + " · Barn…" + status)
        #expect(fit(29) == id + status)
        #expect(fit(15) == "BKA-2026-0001 …")
        // The review: with its verb where it fits whole, else without it.
        let shapes = [TitleShape(before: "Granskar " + id + " · inskickad · v1"), TitleShape(before: id + " · inskickad · v1")]
        #expect(Chrome.fit(shapes, width: 39) == "Granskar " + id + " · inskickad · v1")
        #expect(Chrome.fit(shapes, width: 38) == id + " · inskickad · v1")
        // The comparison: the case's name cut while it keeps eight cells, then the word dropped.
        let comparison = ["Jämförelse KTRHNA", "KTRHNA"].map {
            TitleShape(before: $0, giving: " · Elskuld i Sjöviken", after: " · 0 av 1 klara", least: 8)
        }
        #expect(Chrome.fit(comparison, width: 45) == "Jämförelse KTRHNA · Elskuld i… · 0 av 1 klara")
        #expect(Chrome.fit(comparison, width: 39) == "KTRHNA · Elskuld i Sjöv… · 0 av 1 klara")
    }

    @Test func aDialogKeepsItsSidesBlank() {
        var frame = Frame(width: 80, height: 12)
        for y in 0..<12 { frame.put(String(repeating: "x", count: 80), x: 0, y: y, style: .normal) }
        Dialog.draw(&frame, x: 2, y: 3, width: 76, lines: [("Anteckning", .normal), ("Text:", .normal)])
        for y in 3...6 {
            let row = Array(frame.lines[y])
            #expect(row[0] == " " && row[1] == " " && row[78] == " " && row[79] == " ", "row \(y): «\(frame.lines[y])»")
        }
        #expect(frame.lines[2] == String(repeating: "x", count: 80) && frame.lines[7] == String(repeating: "x", count: 80))
        Dialog.draw(&frame, x: 26, y: 8, width: 40, lines: [("Välj", .normal)])
        #expect(frame.lines[9].hasPrefix(String(repeating: "x", count: 25) + " │ Välj"), "«\(frame.lines[9])»")
    }

    /// Many versions: the history scrolls to the selected one (it opens on the newest) and back.
    @Test func theVersionsListScrolls() throws {
        let bench = try Bench()
        var answers = try bench.complete()
        answers["unit"] = .text("Ekonomiskt bistånd")
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-1",
                                        unit: "Ekonomiskt bistånd", author: "anna", answers: answers).id
        _ = try bench.store.submit(id, by: "anna")
        for round in 2...12 {
            try bench.store.return(id, by: "bertil", comment: "Runda \(round).", itemComments: [:])
            _ = try bench.store.submit(id, by: "anna")
        }
        let size = Size(width: 80, height: 24)
        var state = ReviewState(analysis: try bench.store.analysis(id, readBy: "bertil"), strings: Strings(.sv), account: "bertil")
        _ = state.update(key: .character("v"), size: size)
        let newest = state.render(size)
        let newestRow = try #require(newest.cursor?.y)
        #expect(newest.lines[newestRow].contains("v12 "), "\(newest.text)")
        #expect(!newest.text.contains("v1 "))
        for _ in 1...11 { _ = state.update(key: .up, size: size) }
        let oldest = state.render(size)
        let oldestRow = try #require(oldest.cursor?.y)
        #expect(oldest.lines[oldestRow].contains("v1 "), "\(oldest.text)")
    }

    /// A comment box lays its text out at the width it draws it at: ↑ goes to the line drawn above.
    @Test func aTextFieldEditsAtTheWidthItIsDrawnAt() throws {
        var prompt = TextPrompt(title: "Kommentar", strings: Strings(.sv), required: false)
        let size = Size(width: 80, height: 24)
        for character in String(repeating: "ord ", count: 60) { _ = prompt.update(.character(character), width: size.width) }
        var frame = Frame(width: size.width, height: size.height)
        prompt.draw(&frame, room: 20)
        let end = try #require(frame.cursor)
        _ = prompt.update(.up, width: size.width)
        var after = Frame(width: size.width, height: size.height)
        prompt.draw(&after, room: 20)
        let up = try #require(after.cursor)
        #expect(up.y == end.y - 1 && up.x == end.x)
    }

    /// At 40 columns the title is wrapped, not cut ("Godkänn. Kommentar till handläg…"), and the
    /// cursor stands on the text's first row under it.
    @Test func aTextBoxTitleWrapsAtTheNarrowestWidth() throws {
        let strings = Strings(.sv)
        var prompt = TextPrompt(title: strings.approveTitle, strings: strings, required: false)
        for character in "Bra" { _ = prompt.update(.character(character), width: 40) }
        var frame = Frame(width: 40, height: 10)
        prompt.draw(&frame, room: 7)
        let top = try #require(frame.lines.firstIndex { $0.contains("┌") })
        let title = insideBox(frame.lines[top + 1]) + " " + insideBox(frame.lines[top + 2])
        #expect(title == strings.approveTitle && !frame.text.contains("…"), "\(frame.text)")
        let cursor = try #require(frame.cursor)
        #expect(cursor.y == top + 3 && frame.lines[cursor.y].contains("▏Bra") && cursor.x == 5 + 3, "\(frame.text) \(cursor)")
        let bottom = try #require(frame.lines.lastIndex { $0.contains("┘") })
        #expect(bottom <= 7 && frame.lines[bottom - 1].contains("Esc avbryt"), "\(frame.text)")
    }

    /// A long comment's box ends above the footer, however tall a message makes it.
    @Test func aTextBoxEndsAboveTheFooter() throws {
        var prompt = TextPrompt(title: "Kommentar", strings: Strings(.sv), required: true)
        for character in String(repeating: "ord ", count: 400) { _ = prompt.update(.character(character), width: 80) }
        for room in [18, 15, 9] {
            var frame = Frame(width: 80, height: 24)
            prompt.draw(&frame, room: room)
            let bottom = try #require(frame.lines.lastIndex { $0.contains("┘") })
            #expect(bottom <= room, "room \(room): the box ends on row \(bottom)")
            #expect(frame.lines[1...].contains { $0.contains("┐") })
            let cursor = try #require(frame.cursor)
            #expect(cursor.y < bottom)
        }
    }

    /// Flexible columns share what the others leave: one that needs little gives the rest to the
    /// other, none below its minimum, and the rows fill the width; one alone takes all, as before.
    @Test func flexibleColumnsShareTheWidth() {
        #expect(Columns.share(26, among: [(need: 5, minimum: 8), (need: 34, minimum: 12)]) == [8, 18])
        #expect(Columns.share(60, among: [(need: 5, minimum: 8), (need: 34, minimum: 12)]) == [26, 34])
        #expect(Columns.share(40, among: [(need: 30, minimum: 8), (need: 30, minimum: 12)]) == [20, 20])
        #expect(Columns.share(10, among: [(need: 30, minimum: 8), (need: 30, minimum: 12)]) == [8, 12])
        #expect(Columns.share(26, among: [(need: 5, minimum: 8)]) == [26])
        #expect(Columns.share(4, among: [(need: 5, minimum: 8)]) == [8])
        #expect(Columns.share(20, among: [(need: 30, minimum: 2), (need: 30, minimum: 15)]) == [5, 15])
        let columns = Columns([.init("Id"), .init("Enhet", flexible: true), .init("Stopp", flexible: true, minimum: 12)],
                              rows: [["BKA-2026-0001", "Öst", "care-measure-against-best-interest"]], width: 50)
        #expect(DisplayWidth.of(columns.header) == 50)
        #expect(columns.widths == [13, 8, 25])
    }

    /// The worksheet told that a submission was refused as incomplete shows what is missing.
    @Test func aRefusedSubmissionOpensWhatIsMissing() throws {
        let bench = try Bench()
        let id = try bench.create()
        var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv))
        let size = Size(width: 80, height: 24)
        _ = state.update(.submitFailed(.incomplete(id: id, missing: [], hardStops: [])), size: size)
        #expect(state.mode == .missing(0))
        #expect(state.render(size).text.contains("Kan inte skickas in: 0 saknas, 0 stopp."))
    }
}
