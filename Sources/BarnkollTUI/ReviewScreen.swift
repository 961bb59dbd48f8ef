import BarnkollCore
import Terminal

public enum ReviewEffect: Sendable, Equatable {
    case approve(comment: String?)
    case `return`(comment: String, items: [String: String])
    case override(rule: String, ground: OverrideGround, reason: String)
    /// The analysis's worksheet over this screen: a draft or returned analysis is moved or handed
    /// over there.
    case openWorksheet
    case back
    case quit
}

/// One analysis read in full by a supervisor: every section with its answers and warnings, comments
/// at items, the decision, and the versions with what changed between them.
public struct ReviewState: Screen {
    public enum Message: KeyMessage {
        case key(Key)
        /// A hard stop overridden: the analysis as the store has it now.
        case overridden(Analysis)
        /// Back from its worksheet: the analysis as it is now, and what the worksheet said on leaving.
        case resumed(Analysis, notice: String?)
        case failed(StoreError)
    }

    public enum Decision: Sendable, Equatable {
        case approve
        case `return`
        case override(String, OverrideGround)
    }

    public enum Mode: Sendable {
        case read
        case comment(item: String, TextPrompt)
        case decide(Decision, TextPrompt)
        /// The ground of an override chosen first: the rule, its message and the selected ground.
        case ground(rule: String, message: String, selected: Int)
        /// The history; the selected row.
        case versions(Int)
        /// What changed from one version to another (0: nothing yet; `current`: unsubmitted answers).
        case diff(from: Int, to: Int, scroll: ScrollState)
    }

    public private(set) var analysis: Analysis
    public private(set) var evaluation: Evaluation
    public let strings: Strings
    public let references: [String: LegalReference]
    public let account: String
    public let training: Bool
    /// The visible items, in reading order: what the focus moves over.
    public private(set) var items: [String]
    public private(set) var focus = 0
    /// Comments drafted at items, sent with a return.
    public private(set) var itemComments: [String: String] = [:]
    public private(set) var mode: Mode = .read
    public private(set) var notice: String?

    public init(analysis: Analysis, strings: Strings, account: String, references: [String: LegalReference] = [:],
                training: Bool = false) {
        self.analysis = analysis
        self.evaluation = analysis.evaluate()
        self.strings = strings
        self.account = account
        self.references = references
        self.training = training
        items = []
        items = readingOrder
    }

    var language: Language { strings.language }
    var checklist: Checklist { analysis.checklist }
    public var focusedItem: String? { items.indices.contains(focus) ? items[focus] : nil }

    /// The worksheet as the caseworker walks it: the sections and items read here, in order.
    var flow: WorksheetFlow { WorksheetFlow(checklist: checklist, answers: analysis.answers, evaluation: evaluation) }
    var sections: [Section] { flow.sections }
    var readingOrder: [String] { flow.items }

    mutating func replace(_ analysis: Analysis) {
        self.analysis = analysis
        evaluation = analysis.evaluate()
        items = readingOrder
        focus = min(focus, max(0, items.count - 1))
    }

    var history: VersionHistory { VersionHistory(analysis) }

    // MARK: - Update

    public mutating func update(_ message: Message, size: Size) -> [ReviewEffect] {
        switch message {
        case .key(let key): return update(key, size: size)
        case .overridden(let analysis):
            replace(analysis)
            mode = .read
            notice = strings.overrideDone(analysis.summary.id)
        case .resumed(let analysis, let notice):
            replace(analysis)
            mode = .read
            self.notice = notice
        case .failed(let error): notice = strings.storeProblem(error)
        }
        return []
    }

    enum Action: Sendable, Equatable {
        case up, down, pageUp, pageDown, first, last, previousSection, nextSection, back, comment, approve, `return`
        case override, versions, worksheet, open, scroll, quit
        /// Ground `n` (from 0) of an override, by its number.
        case pick(Int)
        /// Handed to the text prompt, whose own key map says what it does.
        case prompt
    }

    /// The keys of the mode the review is in.
    var keyMap: KeyMap<Action> {
        let s = strings
        let quit = KeyBinding<Action>.hidden([.control("q"), .control("c")], .quit)
        switch mode {
        case .read:
            return KeyMap([
                quit,
                KeyBinding("↑↓", s.keyItem, [(.up, .up), (.down, .down)]),
                .hidden([.pageUp], .pageUp), .hidden([.pageDown], .pageDown), .hidden([.home], .first), .hidden([.end], .last),
                KeyBinding("←→", s.keySection, [(.left, .previousSection), (.right, .nextSection)]),
                KeyBinding([.character("k"), .enter], "k", s.keyComment, shown: canDecide, .comment),
                KeyBinding([.character("g")], "g", s.keyApprove, shown: canDecide, .approve),
                KeyBinding([.character("r")], "r", s.keyReturn, shown: canDecide, .return),
                KeyBinding([.character("h")], "h", s.keyOverride, .override),
                KeyBinding([.character("v")], "v", s.keyVersions, .versions),
                KeyBinding([.character("a")], "a", s.keyWorksheet, shown: opensWorksheet, .worksheet),
                KeyBinding([.escape], "Esc", canDecide ? s.keyQueue : s.keyBack, .back),
            ])
        case .comment, .decide:
            return KeyMap([quit, KeyBinding("", "") { _ in .prompt }])
        case .ground:
            let count = OverrideGround.allCases.count
            return KeyMap([
                quit,
                KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)]),
                KeyBinding("1–\(count)", s.keyDirect) { key in
                    guard case .character(let c) = key, let digit = c.wholeNumberValue, (1...count).contains(digit) else { return nil }
                    return .pick(digit - 1)
                },
                KeyBinding([.enter], "Enter", s.keyOnward, .open),
                KeyBinding([.escape], "Esc", s.keyCancel, .back),
            ])
        case .versions:
            return KeyMap([
                quit,
                KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)]),
                KeyBinding([.enter], "Enter", s.keyWhatChanged, .open),
                KeyBinding([.escape, .character("v")], "Esc", s.keyBack, .back),
            ])
        case .diff:
            return KeyMap([
                quit,
                KeyBinding([.up, .down, .pageUp, .pageDown, .character(" ")], "↑↓ PgUp PgDn", s.keyScroll, .scroll),
                KeyBinding([.escape], "Esc", s.keyVersions, .back),
            ])
        }
    }

    mutating func update(_ key: Key, size: Size) -> [ReviewEffect] {
        let height = size.height
        let action = keyMap.action(for: key)
        if action == .quit { return [.quit] }
        switch mode {
        case .read: return updateRead(action, height: height)
        case .comment(let item, var prompt):
            switch prompt.update(key, width: size.width) {
            case .editing: mode = .comment(item: item, prompt)
            case .cancelled: mode = .read
            case .refusedEmpty: break
            case .done(let text):
                itemComments[item] = text.isEmpty ? nil : text
                mode = .read
            }
        case .decide(let decision, var prompt):
            switch prompt.update(key, width: size.width) {
            case .editing: mode = .decide(decision, prompt)
            case .cancelled: mode = .read
            case .refusedEmpty: notice = decision == .return ? strings.returnNeedsComment : strings.overrideNeedsReason
            case .done(let text):
                // The prompt stays, its text with it, until the store has taken the decision: a
                // refused one (a personnummer in a group analysis's comment, the server gone) is
                // told beneath it, to be mended or cancelled, not typed again.
                mode = .decide(decision, prompt)
                switch decision {
                case .approve: return [.approve(comment: text.isEmpty ? nil : text)]
                case .return: return [.return(comment: text, items: itemComments)]
                case .override(let rule, let ground): return [.override(rule: rule, ground: ground, reason: text)]
                }
            }
        case .ground(let rule, let message, let selected):
            let grounds = OverrideGround.allCases
            switch action {
            case .up: mode = .ground(rule: rule, message: message, selected: max(0, selected - 1))
            case .down: mode = .ground(rule: rule, message: message, selected: min(grounds.count - 1, selected + 1))
            case .pick(let index): mode = .ground(rule: rule, message: message, selected: index)
            case .open:
                let ground = grounds[selected]
                mode = .decide(.override(rule, ground), TextPrompt(title: strings.overrideTitle(ground.label(language)),
                                                                   strings: strings, required: true))
            case .back: mode = .read
            default: break
            }
        case .versions(let selected):
            let history = history, rows = history.rows
            switch action {
            case .up: mode = .versions(max(0, selected - 1))
            case .down: mode = .versions(min(max(0, rows.count - 1), selected + 1))
            case .open where rows.indices.contains(selected):
                mode = .diff(from: history.previous(rows[selected]), to: rows[selected], scroll: ScrollState())
            case .back: mode = .read
            default: break
            }
        case .diff(let from, let to, var scroll):
            if action == .back {
                mode = .versions(max(0, history.rows.firstIndex(of: to) ?? 0))
            } else if action == .scroll,
                      scroll.handle(key, count: diffLines(from: from, to: to, width: size.width - 2).count,
                                    room: room(size), page: max(1, room(size) - 2)) {
                mode = .diff(from: from, to: to, scroll: scroll)
            }
        }
        return []
    }

    mutating func updateRead(_ action: Action?, height: Int) -> [ReviewEffect] {
        notice = nil
        let page = max(1, height / 4)
        switch action {
        case .up: focus = max(0, focus - 1)
        case .down: focus = min(max(0, items.count - 1), focus + 1)
        case .pageUp: focus = max(0, focus - page)
        case .pageDown: focus = min(max(0, items.count - 1), focus + page)
        case .first: focus = 0
        case .last: focus = max(0, items.count - 1)
        case .previousSection, .nextSection:
            // Jump to the previous or next section's first item.
            guard let item = focusedItem, let here = sections.firstIndex(where: { $0.items.contains { $0.id == item } })
            else { break }
            let target = action == .previousSection ? here - 1 : here + 1
            if sections.indices.contains(target),
               let first = sections[target].items.first(where: { items.contains($0.id) }),
               let index = items.firstIndex(of: first.id) {
                focus = index
            }
        case .back: return [.back]
        case .comment:
            guard let item = focusedItem else { break }
            guard canDecide else {
                notice = strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet)
                break
            }
            let prompt = checklist.item(item)?.prompt.text(language) ?? item
            mode = .comment(item: item, TextPrompt(title: strings.commentAt(prompt), strings: strings,
                                                   text: itemComments[item] ?? "", required: false))
        case .approve:
            guard canDecide else {
                notice = strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet)
                break
            }
            let incomplete = evaluation.missing.count + evaluation.blockingHardStops.count
            guard incomplete == 0 else {
                notice = strings.cannotApproveIncomplete(evaluation.missing.count, evaluation.blockingHardStops.count)
                break
            }
            mode = .decide(.approve, TextPrompt(title: strings.approveTitle, strings: strings, required: false))
        case .return:
            guard canDecide else {
                notice = strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet)
                break
            }
            mode = .decide(.return, TextPrompt(title: strings.returnTitle(itemComments.count), strings: strings,
                                               required: true))
        case .override:
            let stops = evaluation.blockingHardStops
            guard let stop = stops.first(where: { $0.item == focusedItem }) ?? stops.first else {
                notice = strings.noHardStop
                break
            }
            guard analysis.summary.author != account else {
                notice = strings.notYourOwn
                break
            }
            mode = .ground(rule: stop.rule, message: stop.message.text(language), selected: 0)
        case .versions:
            mode = .versions(max(0, history.rows.count - 1))
        case .worksheet:
            if opensWorksheet { return [.openWorksheet] }
        default: break
        }
        return []
    }

    /// A supervisor decides on a submitted analysis written by someone else.
    var canDecide: Bool { analysis.summary.status == .submitted && analysis.summary.author != account }
    /// A draft or returned analysis (found in the queue under those statuses) opens in the worksheet,
    /// where its author writes and a supervisor of its unit moves or hands it over.
    var opensWorksheet: Bool { analysis.summary.status.isEditable }

    // MARK: - Drawing

    struct Line {
        var text: String
        var style: Style
        var indent: Int
        /// The index in `items` this line belongs to.
        var item: Int?
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        let summary = analysis.summary
        // Without its verb in a narrow window: the id, status and version are what it must say.
        Chrome.title(&frame, [TitleShape(before: strings.reviewTitle(summary)), TitleShape(before: strings.reviewed(summary))],
                     training: training, strings: strings)
        // The footer once a frame: the body's room, the grounds' last row and the drawing.
        let footer = footer(width: width)
        let room = footer.bodyHeight(top: 1, height: height)
        switch mode {
        case .versions(let selected): renderVersions(&frame, selected: selected, room: room)
        case .diff(let from, let to, let scroll): renderDiff(&frame, from: from, to: to, scroll: scroll, room: room)
        default: renderBody(&frame, room: room)
        }
        switch mode {
        case .comment(_, let prompt), .decide(_, let prompt): prompt.draw(&frame, room: room)
        case .ground(_, let message, let selected):
            renderGrounds(&frame, message: message, selected: selected, bottom: height - footer.rows - 1)
        default: break
        }
        footer.draw(&frame)
        return frame
    }

    /// The help of the mode and the notice above it.
    func footer(width: Int) -> Footer { Footer(help: helpText, notice: notice, width: width) }

    /// The rows the body has between the title and the footer.
    func room(_ size: Size) -> Int { footer(width: size.width).bodyHeight(top: 1, height: size.height) }

    var helpText: String {
        switch mode {
        case .comment(_, let prompt), .decide(_, let prompt): prompt.keyMap.help
        default: keyMap.help
        }
    }

    /// The accepted grounds for lifting a hard stop, with what the stop says above them.
    /// Each ground whole, under its number; in a small window the box scrolls to the one chosen.
    func renderGrounds(_ frame: inout Frame, message: String, selected: Int, bottom: Int) {
        var box = FormBox(width: frame.width - 4)
        box.add(message, .normal)
        box.add(strings.groundQuestion, .bold)
        for (index, ground) in OverrideGround.allCases.enumerated() {
            box.add(rows: Wrap.lines(ground.label(language), width: box.textWidth, marker: "\(index + 1) "),
                    index == selected ? .selected : .normal, cursorAt: index == selected ? 0 : nil)
        }
        box.draw(&frame, x: 2, top: 2, bottom: bottom, strings: strings)
    }

    func renderBody(_ frame: inout Frame, room: Int) {
        let width = frame.width - 2
        let lines = bodyLines(width: width)
        // Keep the focused item a third of the way down, so what follows it shows too.
        let focusLine = lines.firstIndex { $0.item == focus } ?? 0
        for (index, row) in ScrollList(count: lines.count, room: room, following: focusLine, lead: room / 3).shown {
            let line = lines[index]
            let y = 1 + row
            let focused = line.item == focus && line.indent == 0 && line.style.bold
            if focused { frame.fill(x: 1, y: y, count: width, style: .selected) }
            frame.put(DisplayWidth.truncate(line.text, to: width - line.indent), x: 1 + line.indent, y: y,
                      style: focused ? .selected : line.style)
            if focused, case .read = mode { frame.cursor = (1, y) }
        }
    }

    func bodyLines(width: Int) -> [Line] {
        var lines: [Line] = []
        // A marked line ("• ", "⛔ ") wraps under its text, not under its marker.
        func add(_ text: String, _ style: Style = .normal, indent: Int = 0, item: Int? = nil, marker: String = "") {
            for part in Wrap.lines(text, width: width - indent, marker: marker) {
                lines.append(Line(text: part, style: style, indent: indent, item: item))
            }
        }
        let summary = analysis.summary
        for row in Wrap.parts(["\(strings.caseColumn): \(out(summary.caseRef))", "\(strings.unit): \(out(summary.unit))",
                               "\(strings.caseworker): \(out(summary.author))", String(summary.updatedAt.prefix(10))], width: width) {
            add(row, .dim)
        }
        if !evaluation.missing.isEmpty { add(strings.missingCount(evaluation.missing.count), .warning, marker: "⚠ ") }
        for stop in evaluation.hardStops {
            add("\(strings.hardStopTitle): \(out(stop.message.text(language)))"
                + (stop.overridden ? " (\(strings.overridden))" : ""), .error, marker: "⛔ ")
        }
        if !evaluation.warnings.isEmpty { add(strings.warningsCount(evaluation.warnings.count), .warning, marker: "⚠ ") }
        for review in analysis.reviews {
            add(strings.reviewLine(review, in: analysis.checklist, version: true), .dim, marker: "• ")
        }
        let previous = analysis.reviews.last { $0.decision == .return }
        for section in sections {
            lines.append(Line(text: "", style: .normal, indent: 0))
            add("── \(section.title.text(language)) ──", .accent)
            for item in flow.items(in: section) {
                let index = items.firstIndex(of: item.id)
                let articles = item.articles.isEmpty ? "" : " (\(strings.articles) \(item.articles.map(String.init).joined(separator: ", ")))"
                for (number, part) in Wrap.lines(item.prompt.text(language) + articles, width: max(1, width - 2)).enumerated() {
                    let marker = number > 0 ? "  " : index == focus ? "▸ " : "  "
                    lines.append(Line(text: marker + part, style: .bold, indent: 0, item: index))
                }
                // The comments under the question, where they stay in view however long the answer.
                if let earlier = previous?.itemComments[item.id] {
                    add("\(strings.earlierComment): \(out(earlier))", .dim, indent: 4, item: index, marker: "« ")
                }
                if let comment = itemComments[item.id] {
                    add("\(strings.yourComment): \(out(comment))", .accent, indent: 4, item: index, marker: "» ")
                }
                if let value = AnalysisDocument.answer(item, in: analysis.answers, checklist: analysis.checklist, language: language) {
                    add(value, .normal, indent: 4, item: index)
                } else {
                    add(strings.notAnswered, .dim, indent: 4, item: index)
                }
                for warning in evaluation.warnings where warning.path.item == item.id {
                    add(out(warning.message.text(language)), .warning, indent: 4, item: index, marker: "⚠ ")
                }
                for stop in evaluation.hardStops where stop.item == item.id {
                    add(out(stop.message.text(language)), .error, indent: 4, item: index, marker: "⛔ ")
                }
            }
        }
        return lines
    }

    func renderVersions(_ frame: inout Frame, selected: Int, room: Int) {
        var lines: [(String, Style, Int?)] = [(strings.historyTitle, .accent, nil)]
        let history = history
        // Wrapped at the frame's edge, not cut: its first row `first` columns in, the others `rest`.
        func add(_ text: String, first: Int, rest: Int, _ style: Style, _ entry: Int?) {
            for (index, line) in Wrap.lines(text, width: frame.width - 2 - rest).enumerated() {
                lines.append((String(repeating: " ", count: index == 0 ? first : rest) + line, style, entry))
            }
        }
        // A review's comment or a hand-over's reason, indented under the versions.
        func note(_ text: String) { add(text, first: 4, rest: 6, .dim, nil) }
        let checklist = history.analysis.checklist
        // An override made before the first submission belongs to no version: first, as in `review history`.
        history.reviews(0).forEach { note(strings.reviewLine($0, in: checklist)) }
        for (index, number) in history.rows.enumerated() {
            history.transfers(before: number).forEach { note(strings.transferLine($0)) }
            // In a narrow window its status and hash wrap under it (they were past the edge at 40 columns).
            add(strings.versionLine(history, number), first: 0, rest: 4, index == selected ? .selected : .normal, index)
            history.reviews(number).forEach { note(strings.reviewLine($0, in: checklist)) }
        }
        if history.rows.isEmpty { lines.append((strings.noVersions, .dim, nil)) }
        history.transfersAfterRows.forEach { note(strings.transferLine($0)) }
        let selectedLines = (lines.firstIndex { $0.2 == selected } ?? 0)...(lines.lastIndex { $0.2 == selected } ?? 0)
        for (index, row) in ScrollList(count: lines.count, room: room, following: selectedLines).shown {
            let line = lines[index]
            let y = 1 + row
            if line.1.reverse { frame.fill(x: 1, y: y, count: frame.width - 2, style: line.1) }
            frame.put(DisplayWidth.truncate(line.0, to: frame.width - 2), x: 1, y: y, style: line.1)
            if index == selectedLines.lowerBound && line.2 == selected { frame.cursor = (1, y) }
        }
    }

    public func changes(from: Int, to: Int) -> [ItemChange] { history.changes(from: from, to: to, language: language) }

    func renderDiff(_ frame: inout Frame, from: Int, to: Int, scroll: ScrollState, room: Int) {
        let width = frame.width - 2
        let lines = diffLines(from: from, to: to, width: width)
        for (index, row) in ScrollList(count: lines.count, room: room, offset: scroll.offset).shown {
            frame.put(DisplayWidth.truncate(lines[index].0, to: width), x: 1, y: 1 + row, style: lines[index].1)
        }
        // At the top of what shows, where reading (and a braille display) starts as it scrolls.
        frame.cursor = (1, 1)
    }

    func diffLines(from: Int, to: Int, width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = [(strings.diffTitle(strings.versionLabel(from), strings.versionLabel(to)), .accent)]
        let changes = changes(from: from, to: to)
        if changes.isEmpty { lines.append((strings.noChanges, .dim)) }
        for change in changes {
            lines.append(("", .normal))
            let where_ = change.section.isEmpty ? change.prompt : "\(change.section) › \(change.prompt)"
            for part in Wrap.lines("\(strings.changeKind(change.kind)): \(where_)", width: width) { lines.append((part, .bold)) }
            // Words as well as marks, so nothing depends on colour.
            for part in Wrap.lines("− \(strings.before): \(change.before ?? strings.notAnswered)", width: width) {
                lines.append((part, .dim))
            }
            for part in Wrap.lines("+ \(strings.after): \(change.after ?? strings.notAnswered)", width: width) {
                lines.append((part, .normal))
            }
        }
        return lines
    }

    func out(_ text: String) -> String { TextHygiene.forOutput(text, multiline: false) }
}
