import BarnkollCore
import Terminal

/// One line of the worksheet body, before scrolling.
struct BodyLine {
    var text: String
    var style: Style
    var indent: Int
    var row: WorksheetState.Row?
    /// The column of the real cursor on this line, when it is there.
    var cursor: Int?
    /// A line of the text being edited, made into a string only if it is drawn: a long answer has
    /// hundreds of lines and a frame shows twenty.
    var characters: ArraySlice<Character>?
    /// A later row of what the cursor is on (a wrapped option), kept in view with it.
    var keptWithCursor = false
}

extension WorksheetState {
    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var frame = Frame(width: width, height: height)
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            renderTooSmall(&frame)
            return frame
        }
        let layout = self.layout(width: width, height: height)
        renderHeader(&frame)
        if layout.sidebar > 0 { renderSidebar(&frame, layout) }
        renderBody(&frame, layout)
        switch mode {
        case .missing(let index): renderMissing(&frame, layout, selected: index)
        case .help, .caseBrief, .news, .confirmSubmit, .confirmRevise, .confirmQuit, .conflict: renderOverlay(&frame, layout)
        case .note(let form): renderNote(&frame, form, bottom: layout.bodyTop + layout.bodyHeight - 1)
        case .transfer(let form): renderTransfer(&frame, form, bottom: layout.bodyTop + layout.bodyHeight - 1)
        default: break
        }
        footer(layout).draw(&frame)
        return frame
    }

    func renderTooSmall(_ frame: inout Frame) {
        let lines = [strings.tooSmall, strings.minimum(Self.minimumWidth, Self.minimumHeight)]
        for (offset, line) in lines.enumerated() {
            let y = frame.height / 2 - 1 + offset
            let x = max(0, (frame.width - DisplayWidth.of(line)) / 2)
            frame.put(DisplayWidth.truncate(line, to: frame.width), x: x, y: y, style: .bold)
            if offset == 0, y >= 0 { frame.cursor = (x, y) }
        }
    }

    func renderHeader(_ frame: inout Frame) {
        let summary = analysis.summary
        // The checklist's title gives way first in a narrow window: the id and status are read whole.
        let checklistTitle = " · " + checklist.title.text(language)
        var after = " · " + summary.status.label(language)
        if summary.status.isEditable && !isEditable { after += " · " + strings.writtenBy(summary.author) }
        let before = strings.trainingMark(training) + summary.id
        frame.fill(x: 0, y: 0, count: frame.width, style: .reverse)
        var status: String
        let sign: String
        let statusStyle: Style
        switch saveState {
        // Nothing is saved here: the corner stays empty (the title says whose it is, or its status).
        case .saved where !isEditable: (status, sign, statusStyle) = ("", "", Style(reverse: true))
        case .saved: (status, sign, statusStyle) = (strings.saved, strings.savedSign, Style(reverse: true))
        case .pending: (status, sign, statusStyle) = (strings.saving, strings.savingSign, Style(reverse: true))
        // A failure is said whole, the title cut for it.
        case .failed: (status, sign, statusStyle) = (strings.notSaved, strings.notSaved, Style(bold: true, reverse: true, role: .error))
        }
        // The title's room beside the corner's `status` (at most half the width), a cell between them.
        func room(_ status: String) -> Int {
            let width = min(DisplayWidth.of(status), frame.width / 2)
            return frame.width - width - (width > 0 ? 3 : 2)
        }
        // The corner gives way to its sign before the id or the status is cut (a training
        // worksheet's mark leaves no room for both at 40 columns).
        if DisplayWidth.of(before + after) > room(status) { status = sign }
        let statusWidth = min(DisplayWidth.of(status), frame.width / 2)
        let title = Chrome.fit([TitleShape(before: before, giving: checklistTitle, after: after, least: 8)], width: room(status))
        frame.put(title, x: 1, y: 0,
                  style: Style(bold: true, reverse: true, role: training ? .training : .normal))
        frame.put(DisplayWidth.truncate(status, to: statusWidth), x: frame.width - statusWidth - 1, y: 0, style: statusStyle)
        if let review = analysis.latestReturn, let comment = review.comment {
            let line = "\(strings.returnedComment) (\(review.reviewer)): \(comment)".replacingOccurrences(of: "\n", with: " ")
            // Cut, it says where it is read whole (m, with the comments at items).
            let more = " " + strings.readWholeComment
            let text = DisplayWidth.of(line) <= frame.width - 2
                ? line : DisplayWidth.truncate(line, to: frame.width - 2 - DisplayWidth.of(more)) + more
            frame.put(text, x: 1, y: 1, style: .warning)
        }
    }

    func renderSidebar(_ frame: inout Frame, _ layout: Layout) {
        for (index, section) in sections.enumerated() {
            let y = layout.bodyTop + index
            guard y < layout.bodyTop + layout.bodyHeight else { break }
            let progress = evaluation.progress[section.id] ?? SectionProgress(answered: 0, required: 0)
            // ✓ only when nothing in it is missing, every entry of its groups included.
            let left = evaluation.missing.filter { $0.section == section.id }.count
            let mark = progress.isComplete && left == 0 ? "✓"
                : progress.isComplete ? strings.left(left) : "\(progress.answered)/\(progress.required)"
            let current = index == sectionIndex
            // » marks a section the supervisor commented on.
            let commented = analysis.latestReturn?.itemComments.keys.contains { checklist.section(containing: $0)?.id == section.id } ?? false
            let name = DisplayWidth.truncate("\(current ? "▸" : " ")\(commented ? "»" : " ")\(section.title.text(language))",
                                             to: layout.sidebar - DisplayWidth.of(mark) - 1)
            let style: Style = current ? .selected : .normal
            if current { frame.fill(x: 0, y: y, count: layout.sidebar, style: style) }
            frame.put(name, x: 0, y: y, style: style)
            frame.put(mark, x: layout.sidebar - DisplayWidth.of(mark), y: y, style: current ? style : .dim)
        }
        for y in layout.bodyTop..<(layout.bodyTop + layout.bodyHeight) {
            frame.put("│", x: layout.sidebar, y: y, style: .dim)
        }
    }

    func renderBody(_ frame: inout Frame, _ layout: Layout) {
        guard let section else { return }
        var lines: [BodyLine] = []
        let title = layout.sidebar == 0
            ? "\(sectionIndex + 1)/\(sections.count) \(section.title.text(language))"
            : section.title.text(language)
        lines.append(BodyLine(text: title, style: .accent, indent: 0))
        lines.append(BodyLine(text: "", style: .normal, indent: 0))
        for row in rows { lines += bodyLines(for: row, width: layout.bodyWidth) }

        // Keep the focus (the cursor line while editing) in view.
        let focusLines = lines.indices.filter { lines[$0].row == row && row != nil }
        let cursorLine = lines.firstIndex { $0.cursor != nil }
        let focusStart = cursorLine ?? focusLines.first ?? 0
        let focusEnd = cursorLine.map { start in lines[(start + 1)...].prefix { $0.keptWithCursor }.count + start } ?? focusLines.last ?? 0
        let list = ScrollList(count: lines.count, room: layout.bodyHeight, following: focusStart...max(focusStart, focusEnd))
        frame.cursor = nil
        for (index, offset) in list.shown {
            let line = lines[index]
            let y = layout.bodyTop + offset
            let x = layout.bodyX + line.indent
            if line.style.reverse { frame.fill(x: layout.bodyX, y: y, count: layout.bodyWidth, style: line.style) }
            frame.put(line.characters.map { String($0) } ?? line.text, x: x, y: y, style: line.style,
                      limit: layout.bodyWidth - line.indent)
            if let column = line.cursor {
                frame.cursor = (min(layout.width - 1, x + column), y)
            } else if frame.cursor == nil, cursorLine == nil, line.row == row, row != nil,
                      focusLines.first == index {
                frame.cursor = (layout.bodyX, y)
            }
        }
    }

    /// The lines one row takes: its prompt, its answer (or the editor), warnings and comments.
    func bodyLines(for row: Row, width: Int) -> [BodyLine] {
        let focused = row == self.row
        var lines: [BodyLine] = []
        let marker = focused ? "▸ " : "  "
        if case .add = row {
            lines.append(BodyLine(text: marker + strings.addEntry, style: focused ? .selected : .dim, indent: 2, row: row))
            return lines
        }
        guard let item = item(for: row) else { return [] }
        let path = path(of: row)
        let missing = evaluation.missing.contains { $0.path == path && $0.rule == nil }
        // The fields its entry shows, for a field of a group's entry: read once for both uses below.
        var fields: [(item: Item, required: Bool)] = []
        if case .sub(let group, let entry, _) = row, let group = checklist.item(group) {
            fields = flow.subItems(of: group, entry: entry)
        }
        let required: Bool
        switch row {
        case .item(let id): required = evaluation.requiredItems.contains(id)
        case .sub: required = fields.contains { $0.item.id == item.id && $0.required }
        case .add: required = false
        }
        func label(_ item: Item) -> String {
            item.articles.isEmpty ? item.prompt.text(language)
                : item.prompt.text(language) + " (art. \(item.articles.map(String.init).joined(separator: ", ")))"
        }
        var prompt = label(item)
        let indent = row.isSub ? 4 : 0
        if case .sub(let group, let entry, _) = row {
            // The entry's name before the field, cut alike on all the entry's rows: to half the
            // row, and so that each field that fits on one row with twelve columns of the name
            // still does (a longer field wraps anyway). Its number where too little would show.
            let line = width - indent - 4 - 2
            let rooms = fields.map { min(line / 2, line - DisplayWidth.of(" · " + label($0.item))) }
            let cut = rooms.filter { $0 >= 12 }.min() ?? line / 2
            let name = checklist.entryName(of: group, at: entry, beside: item.id, in: analysis.answers, language)
                .map { TextHygiene.forOutput($0, multiline: false) }
                .flatMap { DisplayWidth.of($0) <= cut || cut >= 8 ? DisplayWidth.truncate($0, to: cut) : nil }
            prompt = (name ?? strings.entry(entry + 1)) + " · " + prompt
        }
        let promptStyle: Style = focused ? .selected : (missing ? .warning : .bold)
        let promptLines = wrap((required ? "* " : "") + prompt, width: width - indent - 4)
        let hanging = required ? "    " : "  "
        for (index, text) in promptLines.enumerated() {
            lines.append(BodyLine(text: (index == 0 ? marker : hanging) + text, style: promptStyle, indent: indent, row: row))
        }
        let answerIndent = indent + 4
        let answerWidth = Self.answerWidth(bodyWidth: width, sub: row.isSub)
        if focused, case .text(let editor) = mode {
            let characters = editor.characters
            let layout = editor.cachedLayout(width: answerWidth) ?? TextLayout(characters, width: answerWidth)
            let position = layout.position(of: editor.cursor, in: characters)
            for (index, line) in layout.lines.enumerated() {
                lines.append(BodyLine(text: "", style: Style(underline: true), indent: answerIndent, row: row,
                                      cursor: index == position.row ? position.column : nil,
                                      characters: characters[line.start..<line.end]))
            }
            // The format is shown while a date is written, before any mistake.
            if item.type == .date {
                lines.append(BodyLine(text: strings.dateFormat, style: .dim, indent: answerIndent, row: row))
            }
        } else if focused, case .choose(let list) = mode, let values = item.allowedValues {
            let chosen = value(of: row)?.selected ?? []
            let options = ChoiceList.wrapped(values.map { item.label(for: $0, language) }, chosen: { chosen.contains(values[$0]) },
                                             several: item.type == .multiChoice, width: answerWidth)
            for (index, rows) in options.enumerated() {
                for (number, text) in rows.enumerated() {
                    lines.append(BodyLine(text: text, style: index == list.selected ? .selected : .normal, indent: answerIndent,
                                          row: row, cursor: index == list.selected && number == 0 ? 0 : nil,
                                          keptWithCursor: index == list.selected && number > 0))
                }
            }
        } else if item.type != .group {
            if let value = value(of: row), !value.isEmpty {
                let wrapped = wrap(answerText(value, of: item), width: answerWidth)
                let limit = focused ? 12 : 4
                for line in wrapped.prefix(limit) {
                    lines.append(BodyLine(text: line, style: .normal, indent: answerIndent, row: row))
                }
                if wrapped.count > limit { lines.append(BodyLine(text: "…", style: .dim, indent: answerIndent, row: row)) }
            } else {
                let text = missing ? "\(strings.notAnswered) – \(strings.missingMark)" : strings.notAnswered
                lines.append(BodyLine(text: text, style: missing ? .warning : .dim, indent: answerIndent, row: row))
            }
        } else if item.each != nil, entries(item.id).isEmpty {
            let base = item.each.flatMap { checklist.item($0)?.prompt.text(language) } ?? ""
            for line in wrap(strings.addEntriesFirst(base), width: answerWidth) {
                lines.append(BodyLine(text: line, style: .dim, indent: answerIndent, row: row))
            }
        }
        func warn(_ message: Localized) {
            for line in Wrap.lines(message.text(language), width: answerWidth, marker: "! ") {
                lines.append(BodyLine(text: line, style: .warning, indent: answerIndent, row: row))
            }
        }
        for warning in evaluation.warnings where warning.path == path { warn(warning.message) }
        // What a rule still asks of an answered item ("Choose full") reads like a warning, there.
        for missing in evaluation.missing where missing.rule != nil && missing.path == path { warn(missing.reason) }
        for stop in evaluation.blockingHardStops where stop.item == path.item && !row.isSub {
            for line in Wrap.lines(stop.message.text(language), width: answerWidth, marker: "⛔ ") {
                lines.append(BodyLine(text: line, style: .error, indent: answerIndent, row: row))
            }
        }
        if !row.isSub, let comment = analysis.latestReturn?.itemComments[path.item] {
            for line in Wrap.lines("\(strings.supervisorComment): \(comment)", width: answerWidth, marker: "» ") {
                lines.append(BodyLine(text: line, style: .accent, indent: answerIndent, row: row))
            }
        }
        lines.append(BodyLine(text: "", style: .normal, indent: 0, row: row))
        return lines
    }

    func wrap(_ text: String, width: Int) -> [String] { Wrap.lines(text, width: width) }

    /// An answer as the caseworker reads it: the labels of chosen options, else its text to its last word.
    func answerText(_ value: AnswerValue, of item: Item) -> String {
        switch value {
        case .choices(let values): values.map { item.label(for: $0, language) }.joined(separator: ", ")
        case .text(let raw) where item.type == .choice || item.type == .yesNoNA: item.label(for: raw, language)
        // The empty lines an Enter pressed last leaves are not shown as rows (the field, open, has them).
        default: PlainText.trimmedEnd(value.searchableText)
        }
    }

    func renderMissing(_ frame: inout Frame, _ layout: Layout, selected: Int) {
        var lines: [(String, Style)] = [(strings.missingTitle, .accent)]
        let entries = missingEntries
        let width = layout.bodyWidth - 6
        var selectedLine = 0
        var selectedEnd = 0
        // A returned analysis: the supervisor's comment whole, and their comments at items, first.
        if let review = analysis.latestReturn {
            lines.append(("\(strings.returnedComment) (\(review.reviewer)):", .bold))
            // Indented under its heading, and as narrow as the entries below it.
            for line in Wrap.lines(TextHygiene.forOutput(review.comment ?? "", multiline: true), width: width, marker: "  ") {
                lines.append((line, .normal))
            }
            lines.append(("", .normal))
            selectedLine = lines.count
        }
        if !entries.contains(where: { $0.kind != .request }) {
            lines.append((strings.nothingMissing, .normal))
            if entries.isEmpty { selectedLine = lines.count - 1 }
        }
        for (index, entry) in entries.enumerated() {
            if index == selected { selectedLine = lines.count }
            let style: Style = index == selected ? .selected : (entry.kind == .stop ? .error : .normal)
            let (marker, text) = switch entry.kind {
            case .request: ("» ", entry.text)
            case .missing: ("• ", entry.text)
            case .stop: ("⛔ ", "\(strings.hardStopTitle): \(entry.text)")
            }
            for line in Wrap.lines(text, width: width, marker: marker) { lines.append((line, style)) }
            if entry.kind == .stop {
                for line in Wrap.lines(strings.hardStopHelp, width: width, marker: "   ") { lines.append((line, .dim)) }
            }
            if index == selected { selectedEnd = lines.count - 1 }
        }
        // The title stays; the entries scroll under it to keep the selected one whole in view,
        // its first line on top where it is taller than the room, the borders saying where more is.
        // On the first entry, the supervisor's comment above it shows from its top.
        let focus = max(0, selectedLine - 1)
        let list = ScrollList(count: lines.count - 1, room: layout.bodyHeight - 3,
                              following: (selected == 0 ? 0 : focus)...max(focus, selectedEnd - 1))
        let shown = [lines[0]] + list.shown.map { lines[$0.line + 1] }
        Dialog.draw(&frame, x: layout.bodyX, y: layout.bodyTop, width: layout.bodyWidth, lines: shown,
                    above: list.moreAbove ? strings.moreAbove : nil,
                    below: list.moreBelow ? strings.moreBelowInForm : nil)
        frame.cursor = (layout.bodyX + 2, layout.bodyTop + 1 + min(selectedLine - list.top, max(0, shown.count - 1)))
    }

    /// The lines of the help, the case, what is new, a question or a conflict, at the body's width;
    /// nil in other modes.
    func overlayLines(_ layout: Layout) -> [(String, Style)]? {
        let width = layout.bodyWidth - 4
        switch mode {
        case .help:
            guard let row, let item = item(for: row) else { return nil }
            // The whole question, wrapped: a long one is not cut at the dialog's edge.
            var lines: [(String, Style)] = wrap("\(strings.help): \(item.prompt.text(language))", width: width).map { ($0, .accent) }
            for line in wrap(item.help?.text(language) ?? strings.noHelp, width: width) { lines.append((line, .normal)) }
            if !item.articles.isEmpty {
                lines.append(("\(strings.articles) \(item.articles.map(String.init).joined(separator: ", "))", .normal))
            }
            for id in item.references {
                if let reference = references[id] {
                    for line in wrap("§ " + reference.display(language), width: width) { lines.append((line, .dim)) }
                }
            }
            return lines
        case .caseBrief:
            return caseBrief.map { paragraphLines("\(strings.training): \(strings.caseTitle)", $0, width: width) }
        case .news:
            return news.map { paragraphLines($0.title, $0.paragraphs, width: width) }
        case .confirmSubmit:
            return wrap(evaluation.closesAsNotApplicable ? strings.confirmClose : strings.confirmSubmit, width: width).map { ($0, .bold) }
        case .confirmRevise:
            return wrap(strings.confirmRevise, width: width).map { ($0, .bold) }
        case .confirmQuit(let reason):
            return wrap(strings.confirmQuit(reason), width: width).map { ($0, .bold) }
        case .conflict(let id, let stored):
            // Another terminal saved the item this one has its own answer to: both whole, to choose between.
            let item = checklist.item(id)
            func text(_ value: AnswerValue?) -> [(String, Style)] {
                guard let value, !value.isEmpty, let item else { return [("  " + strings.answerEmpty, .normal)] }
                return wrap(TextHygiene.forOutput(answerText(value, of: item), multiline: true), width: width - 2).map { ("  " + $0, .normal) }
            }
            return wrap(strings.conflictTitle(item?.prompt.text(language) ?? id), width: width).map { ($0, .accent) }
                + [("", .normal), (strings.conflictMine, .bold)] + text(analysis.answers[id])
                + [("", .normal), (strings.conflictStored, .bold)] + text(stored)
        default:
            return nil
        }
    }

    func paragraphLines(_ title: String, _ paragraphs: [String], width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = [(title, .accent)]
        for (index, paragraph) in paragraphs.enumerated() {
            // An empty paragraph is one blank line (wrapped, it is already one).
            for line in wrap(paragraph, width: width) { lines.append((line, index == 0 ? .bold : .normal)) }
        }
        return lines
    }

    /// Rows the overlay shows at once: the body less the box's two borders.
    static func overlayRoom(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 2) }

    /// The help, the case, what is new, a question or a conflict in a box that scrolls (↑↓,
    /// PgUp/PgDn): a case or a help longer than the screen is read whole, never cut at its last
    /// line, and so are a question in a small window and both texts of a conflict.
    func renderOverlay(_ frame: inout Frame, _ layout: Layout) {
        guard let lines = overlayLines(layout) else { return }
        Dialog.draw(&frame, x: layout.bodyX, y: layout.bodyTop, width: layout.bodyWidth, lines: lines,
                    room: Self.overlayRoom(layout), offset: overlayScroll.offset, strings: strings)
        frame.cursor = (layout.bodyX + 2, layout.bodyTop + 1)
    }

}

extension WorksheetFlow.Step {
    var isSub: Bool {
        if case .sub = self { return true }
        return false
    }
}
