import BarnkollCore
@testable import BarnkollTUI
import Terminal
import Testing

/// The footer (the status line and the help bar under it) at 80×24 and at the smallest size the
/// program draws at: no key of the help is hidden, the message shows above the help, and the body
/// ends above both.
@Suite struct Footers {
    static let sizes = [Size(width: 80, height: 24), Size(width: WorksheetState.minimumWidth, height: WorksheetState.minimumHeight)]

    /// The frame's bottom as a user reads it: the help bar's rows (drawn in reverse from the left
    /// edge, counted from the bottom up) and the index of the row above them.
    func bottom(_ frame: Frame) -> (help: [String], above: Int) {
        var y = frame.height - 1
        while y >= 0 && frame[0, y].style.reverse { y -= 1 }
        return (Array(frame.lines[(y + 1)...]), y)
    }

    /// A row of the frame shows a line of the body: its text, or nothing when the line is blank.
    func shows(_ row: String, _ text: String) -> Bool {
        text.isEmpty ? row.trimmingCharacters(in: .whitespaces).isEmpty : row.contains(text)
    }

    /// Every key group of `help` whole on one of the help bar's rows, and `message` wrapped by words
    /// on the rows right above them; returns the index of the message's first row.
    @discardableResult
    func expectFooter(_ frame: Frame, help: String, message: String, _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let (rows, above) = bottom(frame)
        for group in help.components(separatedBy: "  ") {
            #expect(rows.contains { $0.contains(group) }, "\(what) \(frame.width)×\(frame.height): «\(group)» not in \(rows)",
                    sourceLocation: sourceLocation)
        }
        let shown = Wrap.lines(message, width: frame.width - 2)
        let top = above - shown.count + 1
        #expect(top >= 0 && zip(frame.lines[max(0, top)...], shown).allSatisfy { $0.contains($1) },
                "\(what) \(frame.width)×\(frame.height): «\(shown)» not above the help in \(frame.lines)",
                sourceLocation: sourceLocation)
        return top
    }

    /// The worksheet's status message used to overwrite the first line of its wrapped help at 80 columns.
    @Test func theWorksheetShowsItsMessageAndEveryKey() throws {
        let bench = try Bench()
        let id = try bench.create()
        for size in Self.sizes {
            var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv),
                                       focus: "children_affected")
            _ = state.update(key: .character("k"), size: size)            // a letter that is no command: a hint
            let message = try #require(state.notice)
            let frame = state.render(size)
            // Browsing, the keys do not depend on the layout's height.
            let layout = WorksheetState.Layout(width: size.width, height: size.height)
            let help = state.keyMap(layout).help
            #expect(help.contains("m saknas") && help.contains("Esc hem"))
            let messageTop = expectFooter(frame, help: help, message: message, "worksheet")
            // The body ends on the row above the message: the sidebar's rule runs down to it.
            if layout.sidebar > 0 {
                for y in layout.bodyTop..<messageTop { #expect(frame[layout.sidebar, y].character == "│", "row \(y)") }
            }

            // A failed save is said in the same place, every key still named.
            _ = state.update(.saveFailed(saved: [], reason: "disken är full"), size: size)
            let afterFailure = state.render(size)
            expectFooter(afterFailure, help: state.keyMap(layout).help,
                         message: state.strings.saveFailed("disken är full"), "worksheet, failed save")
        }
    }

    /// After a note on an approved analysis the status line says what was noted, longer than a row
    /// at 80 columns: it used to be cut at 78. Now it is wrapped above the help, every word shown,
    /// and the body ends on the row above it, its last row its own.
    @Test func theWorksheetWrapsALongMessageAndItsBodyEndsAboveIt() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        _ = try bench.store.addNote(id, NewNote(kind: .outcome, date: "2026-12-03", outcome: .partly,
                                                text: "Delvis beviljat efter omprövning"), by: "anna", today: "2026-12-03")
        let analysis = try bench.store.analysis(id, readBy: "anna")
        for size in Self.sizes {
            var state = WorksheetState(analysis: analysis, strings: Strings(.sv), focus: "children_affected")
            _ = state.update(.noted(analysis), size: size)
            let message = try #require(state.notice)
            #expect(message.hasPrefix("Antecknat: Beslutets utfall: delvis beviljat, 2026-12-03."))
            #expect(DisplayWidth.of(message) > size.width - 2, "longer than one row")
            let frame = state.render(size)
            let layout = state.layout(width: size.width, height: size.height)
            let (help, above) = bottom(frame)
            for group in state.keyMap(layout).help.components(separatedBy: "  ") {
                #expect(help.contains { $0.contains(group) }, "\(size.width)×\(size.height): «\(group)» not in \(help)")
            }
            // The message on the rows right above the help, every word of it.
            let rows = Wrap.lines(message, width: size.width - 2).count
            #expect(rows > 1 && rows <= Footer.maximumMessageRows)
            let top = above - rows + 1
            let shown = frame.lines[top...above].joined(separator: " ")
            for word in message.split(separator: " ") {
                #expect(shown.contains(word), "\(size.width)×\(size.height): «\(word)» not in «\(shown)»")
            }
            #expect(state.footer(layout).rows == help.count + rows)
            // The body ends above the message: its last row is as the body draws it alone.
            #expect(layout.bodyTop + layout.bodyHeight == top, "\(size.width)×\(size.height)")
            var body = Frame(width: size.width, height: size.height)
            state.renderBody(&body, layout)
            let last = top - 1
            let bodyRow = (layout.bodyX..<size.width).map { body[$0, last].character }
            let bodyText = String(bodyRow.compactMap { $0 })
            #expect(!bodyText.trimmingCharacters(in: .whitespaces).isEmpty, "the body reaches its last row")
            #expect((layout.bodyX..<size.width).map { frame[$0, last].character } == bodyRow,
                    "\(size.width)×\(size.height): row \(last) «\(frame.lines[last])», the body's «\(bodyText)»")
            if layout.sidebar > 0 {
                for y in layout.bodyTop..<top { #expect(frame[layout.sidebar, y].character == "│", "row \(y)") }
            }
        }
    }

    @Test func homeShowsItsNoticeAndEveryKeyOfItsForm() throws {
        for size in Self.sizes {
            var home = HomeState(strings: Strings(.sv), account: "anna", returned: [], drafts: [], submitted: [], checklists: [],
                                 reviewWaiting: 3)
            _ = home.update(.problem("Listorna kunde inte läsas."), size: size)
            expectFooter(home.render(size), help: home.keyMap.help, message: "Listorna kunde inte läsas.", "home")
            // The new-analysis form's help is longer; Enter with no case reference is refused on the status line.
            _ = home.update(key: .enter, size: size)
            #expect(home.form != nil)
            _ = home.update(key: .tab, size: size)
            _ = home.update(key: .enter, size: size)
            let notice = try #require(home.notice)
            expectFooter(home.render(size), help: home.keyMap.help, message: notice, "home's form")
        }
    }

    @Test func theReviewQueueShowsItsNoticeAndEveryKey() throws {
        for size in Self.sizes {
            var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
            _ = queue.update(.resumed(notice: "BKA-1: godkänd."), size: size)
            expectFooter(queue.render(size), help: queue.keyMap(size).help, message: "BKA-1: godkänd.", "queue")
            _ = queue.update(key: .tab, size: size)                           // the follow-up lists
            _ = queue.update(.failed(.notFound("BKA-9")), size: size)
            let notice = try #require(queue.notice)
            expectFooter(queue.render(size), help: queue.keyMap(size).help, message: notice, "follow-up")
        }
    }

    @Test func theReviewShowsItsNoticeEveryKeyAndItsBodyToTheRowAbove() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        for size in Self.sizes {
            var review = ReviewState(analysis: try bench.store.analysis(id, readBy: "bertil"), strings: Strings(.sv), account: "bertil")
            _ = review.update(.failed(.notFound(id)), size: size)
            let notice = try #require(review.notice)
            let frame = review.render(size)
            let help = review.keyMap.help
            #expect(help.contains("g godkänn") && help.contains("r återsänd"))
            let messageTop = expectFooter(frame, help: help, message: notice, "review")
            // The body fills rows 1 up to the notice: its last row, just above the notice, is its own.
            let lines = review.bodyLines(width: size.width - 2)
            let room = messageTop - 1
            let focusLine = lines.firstIndex { $0.item == review.focus } ?? 0
            let last = try #require(ScrollList(count: lines.count, room: room, following: focusLine, lead: room / 3).shown.last)
            #expect(last.row == room - 1)
            let text = lines[last.line].text
            #expect(shows(frame.lines[messageTop - 1], DisplayWidth.truncate(text, to: size.width - 2 - lines[last.line].indent)),
                    "\(size.width)×\(size.height): «\(text)» not in «\(frame.lines[messageTop - 1])»")
        }
    }

    /// A screen without messages: its help alone, and the report down to the row above it.
    @Test func theIndicatorsEndAboveTheirHelp() throws {
        for size in Self.sizes {
            let state = IndicatorsState(report: IndicatorsScreen.report, language: .sv)
            let frame = state.render(size)
            let (rows, above) = bottom(frame)
            for group in state.keyMap.help.components(separatedBy: "  ") {
                #expect(rows.contains { $0.contains(group) }, "\(size.width)×\(size.height): «\(group)» not in \(rows)")
            }
            let lines = state.lines(width: size.width)
            let last = lines[above - 2].text
            #expect(shows(frame.lines[above], DisplayWidth.truncate(last, to: size.width - 2)),
                    "\(size.width)×\(size.height): \(frame.lines[above])")
            // Scrolled to the end, the report's last line shows above the help, not under it.
            var scrolled = state
            _ = scrolled.update(key: .end, size: size)
            let end = scrolled.render(size)
            let final = try #require(lines.last { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }).text
            #expect(end.lines[...bottom(end).above].contains { $0.contains(DisplayWidth.truncate(final, to: size.width - 2)) },
                    "\(size.width)×\(size.height): «\(final)» not above the help in \(end.lines)")
        }
    }
}

/// The footer widget alone: the help split between key groups, drawn from the bottom up.
@Suite struct FooterWidget {
    @Test func theWidgetWrapsBetweenKeyGroupsAndDrawsFromTheBottomUp() {
        let help = "↑↓ flytta  Enter ändra  ←→ avsnitt  m saknas  s skicka in  ? hjälp  Esc hem  ^Q sluta"
        #expect(Footer.lines(help, room: 100) == [help])
        let lines = Footer.lines(help, room: 38)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 38 })
        #expect(lines.joined(separator: "  ") == help)          // nothing cut, nothing left out

        let footer = Footer(help: help, notice: "Sparat.", width: 40)
        #expect(footer.rows == 4)
        #expect(footer.bodyHeight(top: 2, height: 10) == 4)
        var frame = Frame(width: 40, height: 10)
        footer.draw(&frame)
        #expect(frame.lines[6].contains("Sparat."))
        #expect(frame.lines[7...9].map { $0.trimmingCharacters(in: .whitespaces) } == lines)
        #expect(frame.lines[5].trimmingCharacters(in: .whitespaces).isEmpty)

        // A one-row message takes the row a screen keeps for it: the body does not move.
        #expect(Footer(help: help, notice: nil, width: 40).rows == footer.rows)
        // A screen without messages keeps no row for one.
        #expect(Footer(help: "Esc tillbaka", keepsMessageRow: false, width: 80).rows == 1)
        #expect(Footer(help: "Esc tillbaka", notice: nil, width: 80).rows == 2)
    }

    /// A long status message is wrapped by words above the help, on as many rows as it needs, and
    /// counted in `rows`: at 80 columns and at the narrowest the program draws at.
    @Test func aLongMessageIsWrappedAboveTheHelpAndCounted() {
        let help = "↑↓ flytta  Enter ändra  ←→ avsnitt  m saknas  s skicka in  ? hjälp  Esc hem  ^Q sluta"
        let message = Strings(.sv).noted("Beslutets utfall: delvis beviljat", "2026-12-03")
        for width in [80, WorksheetState.minimumWidth] {
            let footer = Footer(help: help, notice: message, width: width)
            let helpRows = Footer.lines(help, room: width - 2)
            #expect(footer.messageLines.count > 1, "\(width): longer than a row")
            #expect(footer.messageLines.allSatisfy { DisplayWidth.of($0) <= width - 2 })
            #expect(footer.rows == helpRows.count + footer.messageLines.count)
            #expect(footer.bodyHeight(top: 2, height: 24) == 22 - footer.rows)

            var frame = Frame(width: width, height: 24)
            footer.draw(&frame)
            let top = 24 - footer.rows
            let messageRows = frame.lines[top..<(top + footer.messageLines.count)].map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(messageRows == footer.messageLines)
            // Nothing cut, nothing left out: the rows read as the message.
            #expect(messageRows.joined(separator: " ") == message, "\(width): \(messageRows)")
            for word in message.split(separator: " ") {
                #expect(messageRows.contains { $0.contains(word) }, "\(width): «\(word)» not in \(messageRows)")
            }
            #expect(frame.lines[(24 - helpRows.count)...].map { $0.trimmingCharacters(in: .whitespaces) } == helpRows)
            for group in help.components(separatedBy: "  ") {
                #expect(frame.lines[(24 - helpRows.count)...].contains { $0.contains(group) }, "\(width): «\(group)»")
            }
            #expect(frame.lines[top - 1].trimmingCharacters(in: .whitespaces).isEmpty, "the row above is the body's")
        }

        // Past the cap the last row ends with "…"; a screen keeping a message row keeps it when there is none.
        let long = Array(repeating: "Den godkända versionen är oförändrad.", count: 12).joined(separator: " ")
        let capped = Footer(help: help, notice: long, width: 80)
        #expect(capped.messageLines.count == Footer.maximumMessageRows)
        #expect(capped.messageLines.last?.hasSuffix("…") == true)
        #expect(capped.messageLines.allSatisfy { DisplayWidth.of($0) <= 78 })
        #expect(capped.rows == 2 + Footer.maximumMessageRows)
        let cappedNarrow = Footer(help: help, notice: long, width: WorksheetState.minimumWidth)
        #expect(cappedNarrow.messageLines.count == Footer.maximumMessageRows)
        #expect(cappedNarrow.messageLines.last?.hasSuffix("…") == true)
        #expect(cappedNarrow.messageLines.allSatisfy { DisplayWidth.of($0) <= WorksheetState.minimumWidth - 2 })
        #expect(Footer(help: help, notice: nil, width: 80).rows == 3)
        #expect(Footer(help: help, notice: "Sparat.", width: 80).rows == 3)
    }
}
