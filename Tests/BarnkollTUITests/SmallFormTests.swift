import BarnkollCore
import Terminal
import Testing
@testable import BarnkollTUI

/// A form taller than the window scrolls to the field in focus: its box ends above the help bar,
/// the cursor is always on a row of it, and its borders say what lies above and below. At 24 rows
/// each fits whole, as before.
@Suite struct FormsInASmallWindow {
    /// The rows of the box's borders and the row the cursor is on; the cursor strictly inside the
    /// box, and the box above the help bar and the message row over it (where a refusal is said).
    func placed(_ frame: Frame, help: String = " Tab",
                _ sourceLocation: SourceLocation = #_sourceLocation) throws -> (top: Int, bottom: Int, cursor: String) {
        let top = try #require(frame.lines.firstIndex { $0.contains("┌") }, "\(frame.text)", sourceLocation: sourceLocation)
        let bottom = try #require(frame.lines.firstIndex { $0.contains("└") }, "\(frame.text)", sourceLocation: sourceLocation)
        let help = try #require(frame.lines.firstIndex { $0.hasPrefix(help) }, "\(frame.text)", sourceLocation: sourceLocation)
        let cursor = try #require(frame.cursor, sourceLocation: sourceLocation)
        #expect(bottom < help - 1 && top < cursor.y && cursor.y < bottom, "\(frame.text) \(cursor)", sourceLocation: sourceLocation)
        return (top, bottom, frame.lines[cursor.y])
    }

    @Test func theNewAnalysisFormAt40x10() throws {
        let bench = try Bench()
        let (_, opened) = try bench.run([.enter], width: 40, height: 10)
        let first = try placed(try #require(opened.lastFrame))
        #expect(first.cursor.contains("(•) Barnkonsekvensanalys"))
        let frame = try #require(opened.lastFrame)
        #expect(frame.lines[first.bottom].contains("↓ mer") && frame.lines[first.top].contains("↑ mer"), "\(frame.text)")

        let (_, typed) = try bench.run([.enter, .tab] + typing("EB 2026/77"), width: 40, height: 10)
        let caseRef = try #require(typed.lastFrame)
        let atCaseRef = try placed(caseRef)
        #expect(atCaseRef.cursor.contains("EB 2026/77") && caseRef.lines[(caseRef.cursor?.y ?? 1) - 1].contains("personnummer"),
                "\(caseRef.text)")
        #expect(caseRef.cursor?.x == 6 + "EB 2026/77".count)
        // ↑↓ pick the checklist; in a typed field they do nothing, and the help bar does not name them.
        #expect(frame.text.contains("↑↓ välj lista") && !caseRef.text.contains("↑↓"), "\(caseRef.text)")

        let (app, unit) = try bench.run([.enter, .tab] + typing("EB 2026/77") + [.tab] + typing("Norr"), width: 40, height: 10)
        let last = try #require(unit.lastFrame)
        let atUnit = try placed(last)
        #expect(atUnit.cursor.contains("Norr") && last.lines[(last.cursor?.y ?? 1) - 1].contains("Enhet:"), "\(last.text)")
        #expect(!last.lines[atUnit.bottom].contains("↓ mer") && last.lines[atUnit.top].contains("↑ mer"), "\(last.text)")
        unit.keys = [.enter]
        app.run(stopWhenIdle: true)
        #expect(try bench.store.analysis("BKA-2026-0001", readBy: "anna").summary.caseRef == "EB 2026/77")
    }

    /// A label is wrapped, not cut: the case reference's warning is read whole at 60 columns.
    @Test func aLabelWrapsInsteadOfBeingCut() throws {
        let bench = try Bench()
        let (_, backend) = try bench.run([.enter], width: 60, height: 24)
        let frame = try #require(backend.lastFrame)
        let label = try #require(frame.lines.firstIndex { $0.contains("Ärendereferens") }, "\(frame.text)")
        #expect((insideBox(frame.lines[label]) + " " + insideBox(frame.lines[label + 1]))
            == "Ärendereferens eller diarienummer (aldrig personnummer):", "\(frame.text)")
        #expect(!frame.text.contains("…"))
    }

    @Test func theQueueFiltersAt40x10() throws {
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        let size = Size(width: 40, height: 10)
        for key in [Key.character("/")] + Array(repeating: Key.tab, count: 6) + typing("2026-06-30") {
            _ = queue.update(key: key, size: size)
        }
        let frame = queue.render(size)
        let at = try placed(frame)
        #expect(at.cursor.contains("▸ Skapad till") && at.cursor.contains("2026-06-30"), "\(frame.text)")
        #expect(frame.lines[at.top].contains("↑ mer"), "\(frame.text)")
        // "←→ byt värde" is said on a choice only; in a typed field ←→ move the cursor.
        #expect(!frame.text.contains("byt värde"), "\(frame.text)")
        for key in [Key.backTab, .backTab] { _ = queue.update(key: key, size: size) }
        let checklist = queue.render(size)
        let onChecklist = try placed(checklist)
        #expect(checklist.text.contains("←→ byt värde") && onChecklist.cursor.contains("▸ Checklista"), "\(checklist.text)")
    }

    /// The note form, taller than 24 rows less the worksheet's, at 60×14: the text typed last is in view.
    @Test func theNoteFormAt60x14() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        let keys: [Key] = [.character("a"), .down, .down, .down, .tab, .tab, .down, .down, .tab] + typing("Delvis beviljat")
        let (app, backend) = try bench.run(keys, open: id, width: 60, height: 14)
        let frame = try #require(backend.lastFrame)
        let at = try placed(frame)
        #expect(at.cursor.contains("Text: Delvis beviljat") && frame.lines[at.top].contains("↑ mer"), "\(frame.text)")
        #expect(frame.text.contains("(•) Delvis beviljat"), "the outcome chosen above it shows too: \(frame.text)")
        backend.keys = [.enter]
        app.run(stopWhenIdle: true)
        #expect(try bench.store.analysis(id, readBy: "anna").notes.first?.text == "Delvis beviljat")
    }

    /// The new-version question at 40×10 is longer than the box: it scrolls as the help does, says
    /// so in its border and its help bar, and is answered as before once read to its end.
    @Test func aQuestionLongerThanTheBoxScrolls() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        let (_, asked) = try bench.run([.character("n")], open: id, width: 40, height: 10)
        let first = try #require(asked.lastFrame)
        #expect(first.text.contains("Börja en ny version") && !first.text.contains("Esc: nej"), "\(first.text)")
        #expect(first.text.contains("↓ mer") && first.text.contains("↑↓ PgUp PgDn"), "\(first.text)")
        let (app, read) = try bench.run([.character("n"), .end], open: id, width: 40, height: 10)
        let end = try #require(read.lastFrame)
        #expect(end.text.contains("Esc: nej") && end.text.contains("↑ mer"), "\(end.text)")
        read.keys = [.character("a")]
        app.run(stopWhenIdle: true)
        #expect(read.lastFrame?.text.contains("Efter beslutet:") == true, "\(read.lastFrame?.text ?? "")")
        #expect(app.worksheet.map { if case .note = $0.mode { true } else { false } } == true)
        // Where it fits, ↓ is any other key: it closes the question and nothing is revised.
        let (_, wide) = try bench.run([.character("n"), .down], open: id)
        #expect(wide.lastFrame?.text.contains("Börja en ny version") == false)
        #expect(try bench.store.header(id).summary.status == .approved)
    }

    /// An approval's receipt with the line to keep, at 40×10: its box ends above the help bar and
    /// scrolls to its end, every part of the line read; ↓ scrolls and Esc closes. Where it fits
    /// (80×24) any key closes it, as before.
    @Test func aReceiptLongerThanItsBoxScrolls() throws {
        let head = ChainHead(store: "6f0e2b1a-9c4d-4e8f-a1b2-c3d4e5f60718", id: 1234, hash: String(repeating: "9c", count: 32))
        let receipt = Strings(.sv).approved("BKA-2026-0001", ChainAnchor(head: head, notLogged: "x"))
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        let size = Size(width: 40, height: 10)
        _ = queue.update(.resumed(notice: receipt), size: size)
        let first = queue.render(size)
        let box = try placed(first, help: " ↑↓ PgUp PgDn bläddra")
        #expect(first.lines[box.bottom].contains("↓ mer") && !first.lines[box.top].contains("↑ mer"), "\(first.text)")
        #expect(first.text.contains("Godkännandet") && !first.text.contains("stänga"), "\(first.text)")
        var read = first.lines[(box.top + 1)..<box.bottom].map(insideBox)
        while queue.render(size).lines.contains(where: { $0.contains("↓ mer") }) {
            #expect(queue.update(key: .down, size: size).isEmpty)
            let frame = queue.render(size)
            let shown = try placed(frame, help: " ↑↓ PgUp PgDn bläddra")
            read.append(insideBox(frame.lines[shown.bottom - 1]))
        }
        let text = read.joined(separator: " ")
        // A part wider than the box (the hash) is broken across rows, none of it lost.
        #expect(text.filter { $0 != " " }.contains(head.logLine.filter { $0 != " " }), "\(text)")
        #expect(text.hasSuffix("Tryck Esc för att stänga.") && !text.contains("…"), "\(text)")
        #expect(queue.receipt != nil)
        #expect(queue.update(key: .escape, size: size).isEmpty)
        #expect(queue.receipt == nil && queue.render(size).text.contains("Granskning · bertil"))

        let wide = Size(width: 80, height: 24)
        _ = queue.update(.resumed(notice: receipt), size: wide)
        let whole = queue.render(wide)
        #expect(whole.text.contains("Tryck en tangent för att stänga.") && !whole.text.contains("↓ mer"), "\(whole.text)")
        #expect(queue.update(key: .down, size: wide).isEmpty && queue.receipt == nil)
    }

    /// The grounds of an override at 40×10: each whole under its number, the one chosen in view.
    @Test func theGroundsOfAnOverrideAt40x10() throws {
        let bench = try Bench()
        let blocked = try bench.create(try bench.stopped())
        var review = ReviewState(analysis: try bench.store.analysis(blocked, readBy: "bertil"), strings: Strings(.sv), account: "bertil")
        let size = Size(width: 40, height: 10)
        _ = review.update(key: .character("h"), size: size)
        let first = review.render(size)
        let at = try placed(first, help: " ↑↓")
        let row = try #require(first.cursor?.y)
        #expect(at.cursor.contains("1 Fel klassat:") && insideBox(first.lines[row]) + " " + insideBox(first.lines[row + 1])
                    == "1 Fel klassat: ärendet är inte ett sådant ärende",
                "\(first.text)")
        _ = review.update(key: .character("3"), size: size)
        #expect(try placed(review.render(size), help: " ↑↓").cursor.contains("3 Ärendet går till nämnden"))
    }

    /// Thirty units at 40×10: the unit chosen, then the reason, in view.
    @Test func theMoveFormAt40x10() throws {
        let bench = try Bench()
        for unit in (1...30).map({ String(format: "Enhet %02d", $0) }) { try bench.store.addUnit(unit, by: "anna") }
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-143",
                                        unit: "Enhet 01", author: "anna", answers: ["unit": .text("Enhet 01")]).id
        let down: [Key] = [.enter] + Array(repeating: Key.down, count: 19)
        let (_, chosen) = try bench.run(down, open: id, item: "unit", width: 40, height: 10)
        #expect(try placed(try #require(chosen.lastFrame)).cursor.contains("(•) Enhet 21"))
        let (_, reasoned) = try bench.run(down + [.tab] + typing("Fel enhet."), open: id, item: "unit", width: 40, height: 10)
        #expect(try placed(try #require(reasoned.lastFrame)).cursor.contains("Skäl: Fel enhet."))
    }

    /// The list of what is missing at 40×10: the selected entry whole from its first row, the
    /// cursor there, and its borders saying that more is above and below.
    @Test func theMissingListShowsItsSelectedEntryWhole() throws {
        let bench = try Bench()
        let id = try bench.create()
        let (_, missing) = try bench.run([.character("m"), .down, .down], open: id, width: 40, height: 10)
        let frame = try #require(missing.lastFrame)
        let cursor = try #require(frame.cursor, "\(frame.text)")
        #expect(frame.lines[cursor.y].contains("│ • "), "the cursor on the entry's first row: \(frame.text)")
        // Its rows to the next entry or the bottom border are all in view, filled as selected.
        let bottom = try #require(frame.lines.firstIndex { $0.contains("└") }, "\(frame.text)")
        let rows = frame.lines[cursor.y..<bottom]
        #expect(rows.count >= 2 && rows.dropFirst().allSatisfy { !$0.contains("│ • ") } && frame[cursor.x + 1, bottom - 1].style == .selected,
                "\(frame.text)")
        #expect(frame.lines.contains { $0.contains("┌") && $0.contains("↑ mer") } && frame.lines[bottom].contains("↓ mer"), "\(frame.text)")
    }
}

/// At 40×10 the queue's help takes four rows and the selected row's cells two more: the list
/// gave way to them and showed no row at all (the one row it kept was under the message). The
/// filter line and the columns' header give way instead, there only.
@Suite struct TheQueueInTheSmallestWindow {
    @Test func itsRowsShowAt40x10() throws {
        let bench = try Bench()
        var ids: [String] = []
        for _ in 0..<3 {
            let id = try bench.create(try bench.complete())
            _ = try bench.store.submit(id, by: "anna")
            ids.append(id)
        }
        let (_, queue) = try bench.run([.down], width: 40, height: 10, start: .reviewQueue, as: "bertil")
        let frame = try #require(queue.lastFrame)
        let help = try #require(frame.lines.firstIndex { $0.hasPrefix(" ↑↓") }, "\(frame.text)")
        let selected = try #require(frame.lines.firstIndex { $0.hasPrefix(" ▸") }, "\(frame.text)")
        // The list's rows from under the tabs, above the message, the second selected, its cursor on it.
        #expect(selected == 3 && frame.lines[2].contains(ids[0]) && frame.lines[3].contains(ids[1]), "\(frame.text)")
        #expect(frame.cursor?.y == selected && help - selected >= 2, "\(frame.text)")
        #expect(frame.lines[(selected + 1)..<help].contains { $0.hasPrefix(" \(ids[1]): ") },
                "the selected row said whole under it: \(frame.text)")
        // A queue of one row, said whole over two rows: the row above its message, not under it
        // (its help bar, with no ↑↓ to name, leaves room for the filter line and header too).
        let one = try Bench()
        let lone = try one.create(try one.complete())
        _ = try one.store.submit(lone, by: "anna")
        let (_, single) = try one.run([], width: 40, height: 10, start: .reviewQueue, as: "bertil")
        let only = try #require(single.lastFrame)
        let row = try #require(only.lines.firstIndex { $0.hasPrefix(" ▸ \(lone)") }, "\(only.text)")
        let said = try #require(only.lines.firstIndex { $0.hasPrefix(" \(lone): ") }, "\(only.text)")
        let bar = try #require(only.lines.firstIndex { $0.hasPrefix(" Enter läs") }, "\(only.text)")
        #expect(row < said && said < bar && only.cursor?.y == row, "\(only.text)")
        // The last page's one row, under a help bar that names ↑↓ and PgDn/PgUp (four rows) and
        // its message (two): the row under the tabs, where the filter line and header gave way.
        var paged = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: false)
        let small = Size(width: 40, height: 10)
        let size = ReviewQueueState.pageSize
        _ = paged.update(.page(rows: (0..<size).map { listed($0) }, total: size + 1, filter: paged.filter, countLimit: AnalysisFilter.countLimit),
                         size: small)
        let next = paged.update(key: .pageDown, size: small)
        guard case .load(let filter)? = next.first else {
            Issue.record("PgDn did not read the next page: \(next)")
            return
        }
        _ = paged.update(.page(rows: [listed(size)], total: size + 1, filter: filter, countLimit: AnalysisFilter.countLimit), size: small)
        let last = paged.render(small)
        #expect(last.lines[2].hasPrefix(" ▸ BKA-2026-\(1000 + size)") && last.cursor?.y == 2, "\(last.text)")
        #expect(last.lines.contains { $0.contains("PgDn/PgUp") }, "\(last.text)")
        // An empty queue keeps the filter line its one line speaks of ("med de här filtren").
        let empty = try Bench()
        let (_, none) = try empty.run([], width: 40, height: 10, start: .reviewQueue, as: "bertil")
        let nothing = try #require(none.lastFrame)
        #expect(nothing.lines[2].contains("Status: inskickad") && nothing.lines[4].contains("Inget att granska"), "\(nothing.text)")
        // At 80×24 the filter line and the header are there, as before.
        let (_, wide) = try bench.run([], start: .reviewQueue, as: "bertil")
        let whole = try #require(wide.lastFrame)
        #expect(whole.lines[2].contains("Status: inskickad") && whole.lines[3].contains("Id") && whole.lines[4].contains(ids[0]),
                "\(whole.text)")
    }

    /// The follow-up tab at 40×10: where its six kinds do not fit, the kinds with entries and one
    /// line for the others; each entry under its heading, the heading's count never cut, and the
    /// cells the screen's edge hides said under the list. With nothing to follow up, one line.
    @Test func followUpsAt40x10() throws {
        let size = Size(width: 40, height: 10)
        func lines(_ frame: Frame) -> [String] { frame.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) } }
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        _ = queue.update(key: .tab, size: size)
        _ = queue.update(.followUps([]), size: size)
        let nothing = queue.render(size).lines
        #expect(nothing.contains { $0.contains("Inget att följa upp.") } && !nothing.contains { $0.contains("(0)") },
                "\(nothing.joined(separator: "\n"))")

        func followUps(_ kinds: [FollowUpKind]) -> [FollowUpEntry] {
            kinds.enumerated().map { index, kind in
                FollowUpEntry(kind: kind, summary: AnalysisSummary(
                    id: "BKA-2026-000\(index + 1)", checklistID: "barnkonsekvensanalys", checklistVersion: 1, caseRef: "EB \(index + 1)",
                    unit: "Norr", author: "anna", status: .approved, versions: 1, createdAt: "2026-11-01", updatedAt: "2026-11-01"),
                    date: "2026-11-30")
            }
        }
        let entries = followUps([.feedbackOverdue, .hardStop])
        _ = queue.update(.followUps(entries), size: size)
        let first = queue.render(size)
        let firstLines = lines(first)
        let row = try #require(first.lines.firstIndex { $0.hasPrefix(" ▸ BKA-2026-0001") }, "\(first.text)")
        // A heading has no marker: it reaches the edge the entries' cells do, and this one is whole.
        #expect(firstLines[row - 1] == " Återkoppling till barnet försenad (1)", "\(first.text)")
        #expect(first.lines.contains { $0.contains("BKA-2026-0001: anna · EB 1") }, "\(first.text)")
        _ = queue.update(key: .down, size: size)
        let second = queue.render(size)
        let secondLines = lines(second)
        let next = try #require(second.lines.firstIndex { $0.hasPrefix(" ▸ BKA-2026-0002") }, "\(second.text)")
        #expect(secondLines[next - 1] == " Har ett stopp (1)" && secondLines[next + 1] == " Inget i de övriga slagen.", "\(second.text)")
        #expect(!second.text.contains("(0)"), "\(second.text)")
        // At 80×24 every kind, "(inga)" under each empty one, as before.
        let roomy = queue.render(Size(width: 80, height: 24))
        let roomyLines = lines(roomy)
        #expect(roomyLines.filter { $0.hasSuffix("(0)") }.count == 4 && roomyLines.filter { $0 == "   (inga)" }.count == 4,
                "\(roomy.text)")
        // Four entries at 80×24: every kind still, the empty ones by their count, no blank lines between.
        _ = queue.update(.followUps(followUps([.feedbackOverdue, .feedbackOverdue, .followUpOverdue, .followUpOverdue])), size: size)
        let compact = queue.render(Size(width: 80, height: 24))
        let compactLines = lines(compact)
        #expect(compactLines.filter { $0.hasSuffix("(0)") }.count == 4 && !compact.text.contains("(inga)")
                && !compact.text.contains("Inget i de övriga"), "\(compact.text)")
        #expect(compactLines[4...11].allSatisfy { !$0.isEmpty }, "\(compact.text)")
        // Twelve of a kind at 40 columns: the heading is cut before its count, which it keeps.
        _ = queue.update(.followUps(followUps(Array(repeating: .feedbackOverdue, count: 12))), size: size)
        let many = queue.render(size)
        let manyLines = lines(many)
        #expect(manyLines.contains(" Återkoppling till barnet försen… (12)"), "\(many.text)")
    }
}
