import BarnkollCore
import Terminal

public enum ReviewQueueEffect: Sendable, Equatable {
    /// Fetch a page of the queue for this filter (limit and offset set).
    case load(AnalysisFilter)
    case loadFollowUps
    case open(String)
    case indicators
    case back
    case quit
}

/// The supervisor's queue (oldest first, filtered, searched, paged) and the follow-up lists.
public struct ReviewQueueState: Screen {
    public enum Message: KeyMessage {
        case key(Key)
        /// A page of the queue, as the store gave it for `filter`.
        case page(rows: [AnalysisSummary], total: Int, filter: AnalysisFilter, countLimit: Int)
        case followUps([FollowUpEntry])
        case failed(StoreError)
        /// Back on the queue from an analysis or the indicators, with what was done there.
        case resumed(notice: String?)
        /// Someone else changed what the lists show.
        case changedElsewhere
    }

    public enum Tab: Sendable, Equatable {
        case queue, followUp
    }

    /// The filters, edited in a box: text fields and two that cycle through their values.
    public struct FilterForm: Sendable {
        public enum Field: Int, CaseIterable, Sendable {
            case search, status, unit, author, checklist, since, until
        }

        var fields: Form
        var field: Field { Field(rawValue: fields.focus) ?? .search }

        init(_ filter: AnalysisFilter, field: Field, checklists: [String?]) {
            func text(_ value: String?) -> Form.Field { .text(TextEditor(value ?? "", multiline: false)) }
            let status = ReviewQueueState.statuses.firstIndex(of: filter.status) ?? 0
            let checklist = checklists.firstIndex(of: filter.checklist) ?? 0
            fields = Form([text(filter.search), .choice(ChoiceList(count: ReviewQueueState.statuses.count, selected: status)),
                           text(filter.unit), text(filter.author), .choice(ChoiceList(count: checklists.count, selected: checklist)),
                           text(filter.since), text(filter.until)], focus: field.rawValue)
        }

        func text(_ field: Field) -> String? { fields.text(field.rawValue) }
        var status: AnalysisStatus? { ReviewQueueState.statuses[fields.choice(Field.status.rawValue)] }
        func checklist(in checklists: [String?]) -> String? { checklists[fields.choice(Field.checklist.rawValue)] }
    }

    public static let pageSize = 50
    /// The statuses the status filter cycles through; nil is every status.
    static let statuses: [AnalysisStatus?] = [.submitted, .returned, .approved, .draft, .closed, nil]

    public let strings: Strings
    public let account: String
    public let training: Bool
    let checklists: [String?]
    /// Names a follow-up's hard stop by its rule's title.
    let catalog: ChecklistCatalog
    /// Esc leaves for home when the queue was opened from there; from `barnkoll review` it quits.
    let fromHome: Bool
    public private(set) var tab: Tab = .queue
    public private(set) var filter: AnalysisFilter
    public private(set) var rows: [AnalysisSummary] = []
    public private(set) var total = 0
    /// Where the store stopped counting (the count reads "more than" past it).
    public private(set) var countLimit = AnalysisFilter.countLimit
    public private(set) var selected = 0
    /// How many rows come before this page, for "51–100 av 312".
    public private(set) var position = 0
    /// Where each earlier page began (keyset paging), to go back a page.
    var cursors: [AnalysisFilter.PageCursor?] = []
    public private(set) var followUps: [FollowUpEntry] = []
    public private(set) var followSelected = 0
    public private(set) var form: FilterForm?
    public private(set) var notice: String?
    /// A receipt shown whole over the list until a key closes it.
    public private(set) var receipt: String? {
        didSet { receiptScroll = ScrollState() }
    }
    /// Where a receipt longer than its box (in a small window) is scrolled to.
    var receiptScroll = ScrollState()

    public init(strings: Strings, account: String, catalog: ChecklistCatalog, training: Bool = false, fromHome: Bool) {
        self.strings = strings
        self.account = account
        self.training = training
        self.catalog = catalog
        self.checklists = [nil] + catalog.sorted.map { Optional.some($0.id) }
        self.fromHome = fromHome
        filter = .reviewQueue(limit: Self.pageSize)
    }

    /// The current list read again (the first page when the screen opens).
    var reload: ReviewQueueEffect { tab == .queue ? .load(filter) : .loadFollowUps }

    mutating func show(rows: [AnalysisSummary], total: Int, filter: AnalysisFilter,
                       countLimit: Int = AnalysisFilter.countLimit) {
        self.rows = rows
        self.total = total
        self.countLimit = countLimit
        self.filter = filter
        selected = min(selected, max(0, rows.count - 1))
    }

    mutating func show(followUps: [FollowUpEntry]) {
        self.followUps = followUps
        followSelected = min(followSelected, max(0, followUps.count - 1))
    }

    public mutating func update(_ message: Message, size: Size) -> [ReviewQueueEffect] {
        switch message {
        case .key(let key): return update(key, size: size)
        case .page(let rows, let total, let filter, let countLimit):
            show(rows: rows, total: total, filter: filter, countLimit: countLimit)
        case .followUps(let entries): show(followUps: entries)
        case .failed(let error): notice = strings.storeProblem(error)
        case .resumed(let notice):
            // A decided analysis leaves the queue: read it again. What does not fit its line (an
            // approval's receipt with the line to keep) stays whole in a box until a key closes it.
            if let notice, notice.contains("\n") || DisplayWidth.of(notice) > size.width - 2 {
                receipt = notice
            } else {
                self.notice = notice
            }
            return [reload]
        // An open filter form is left alone.
        case .changedElsewhere: return form == nil ? [reload] : []
        }
        return []
    }

    enum Action: Sendable, Equatable {
        case up, down, pageDown, pageUp, first, last, open, search, filter, clear, switchTab, indicators, back, quit
        /// Closes the receipt, or scrolls it when it is longer than its box.
        case dismiss, scroll
        // In the filter form
        case nextField, previousField, change(Int), apply, cancel
    }

    /// The keys of the list shown, of the filter form when it is open, or of a receipt in a
    /// window of `size`.
    func keyMap(_ size: Size) -> KeyMap<Action> {
        let s = strings
        let quit = KeyBinding<Action>([.control("q"), .control("c")], "^Q", s.keyQuit, shown: !fromHome, .quit)
        if receipt != nil { return receiptKeyMap(scrolls: receiptScrolls(size)) }
        if let form {
            return KeyMap([
                KeyBinding("Tab/↑↓", s.keyField, [(.tab, .nextField), (.down, .nextField), (.backTab, .previousField), (.up, .previousField)]),
                // Named only on a choice (status, checklist): in a typed field ←→ move the cursor.
                KeyBinding("←→", s.keyChangeValue, shown: !form.fields.focusIsText,
                           [(.left, .change(-1)), (.right, .change(1)), (.character(" "), .change(1))]),
                KeyBinding([.enter], "Enter", s.keyShow, .apply),
                KeyBinding([.escape], "Esc", s.keyCancel, .cancel),
                .hidden([.control("q"), .control("c")], .quit),
            ])
        }
        // Named where they act: ↑↓ with more than one line to pick, Enter with one to read.
        let count = tab == .queue ? max(total, position + rows.count) : followUps.count
        let common: [KeyBinding<Action>] = [
            KeyBinding("↑↓", s.keyPick, shown: count > 1, [(.up, .up), (.down, .down)]),
            KeyBinding([.enter], "Enter", s.keyRead, shown: count > 0, .open),
        ]
        let leave: [KeyBinding<Action>] = [
            KeyBinding([.escape], "Esc", s.keyBack, shown: fromHome, fromHome ? .back : .quit), quit,
        ]
        if tab == .followUp {
            return KeyMap(common + [
                KeyBinding([.tab, .backTab], "Tab", s.keyQueue, .switchTab),
                KeyBinding([.character("i")], "i", s.keyIndicators, .indicators),
            ] + leave)
        }
        return KeyMap(common + [
            KeyBinding("PgDn/PgUp", s.keyPage, shown: count > Self.pageSize, [(.pageDown, .pageDown), (.pageUp, .pageUp)]),
            .hidden([.home], .first), .hidden([.end], .last),
            KeyBinding([.character("/")], "/", s.keySearch, .search),
            KeyBinding([.character("f")], "f", s.keyFilter, .filter),
            KeyBinding([.character("x")], "x", s.keyClear, .clear),
            KeyBinding([.tab, .backTab], "Tab", s.keyFollowUp, .switchTab),
            KeyBinding([.character("i")], "i", s.keyIndicators, .indicators),
        ] + leave)
    }

    mutating func update(_ key: Key, size: Size) -> [ReviewQueueEffect] {
        let action = keyMap(size).action(for: key)
        if action == .dismiss {
            receipt = nil
            return []
        }
        if action == .scroll {
            _ = receiptScroll.handle(key, count: receiptLines(size).count, room: receiptRoom(size), pageDown: [.pageDown, .character(" ")])
            return []
        }
        if action == .quit { return [.quit] }
        if form != nil { return updateForm(key, action) }
        notice = nil
        switch action {
        case .back: return [.back]
        case .switchTab:
            tab = tab == .queue ? .followUp : .queue
            return tab == .followUp ? [.loadFollowUps] : [.load(filter)]
        case .indicators: return [.indicators]
        default: break
        }
        return tab == .queue ? updateQueue(action) : updateFollowUps(action)
    }

    mutating func updateQueue(_ action: Action?) -> [ReviewQueueEffect] {
        switch action {
        case .up: selected = max(0, selected - 1)
        case .down:
            if selected + 1 < rows.count {
                selected += 1
            } else if position + rows.count < total || (total > countLimit && rows.count == Self.pageSize) {
                return page(by: 1)
            }
        case .pageDown: return page(by: 1)
        case .pageUp: return page(by: -1)
        case .first: selected = 0
        case .last: selected = max(0, rows.count - 1)
        case .open:
            if rows.indices.contains(selected) { return [.open(rows[selected].id)] }
        case .search: form = FilterForm(filter, field: .search, checklists: checklists)
        case .filter: form = FilterForm(filter, field: .status, checklists: checklists)
        case .clear:
            // Clear every filter: back to the plain queue.
            return restart(.reviewQueue(limit: Self.pageSize))
        default: break
        }
        return []
    }

    mutating func page(by step: Int) -> [ReviewQueueEffect] {
        var next = filter
        if step > 0 {
            // Past the count's limit, a full page says there may be more.
            let more = total > countLimit ? rows.count == Self.pageSize : position + rows.count < total
            guard more, let last = rows.last else { return [] }
            if filter.search == nil {
                cursors.append(filter.after)
                next.after = AnalysisFilter.PageCursor(last)
            } else {
                next.offset = filter.offset + Self.pageSize
            }
            position += Self.pageSize
            selected = 0
        } else {
            guard position > 0 else { return [] }
            if filter.search == nil {
                next.after = cursors.popLast() ?? nil
            } else {
                next.offset = max(0, filter.offset - Self.pageSize)
            }
            position = max(0, position - Self.pageSize)
            selected = Self.pageSize - 1
        }
        return [.load(next)]
    }

    /// A new filter starts at its first page.
    mutating func restart(_ filter: AnalysisFilter) -> [ReviewQueueEffect] {
        selected = 0
        position = 0
        cursors = []
        return [.load(filter)]
    }

    mutating func updateFollowUps(_ action: Action?) -> [ReviewQueueEffect] {
        switch action {
        case .up: followSelected = max(0, followSelected - 1)
        case .down: followSelected = min(max(0, followUps.count - 1), followSelected + 1)
        case .open:
            if followUps.indices.contains(followSelected) { return [.open(followUps[followSelected].summary.id)] }
        default: break
        }
        return []
    }

    mutating func updateForm(_ key: Key, _ action: Action?) -> [ReviewQueueEffect] {
        guard var form else { return [] }
        switch action {
        case .cancel:
            self.form = nil
            return []
        case .nextField: form.fields.move(by: 1)
        case .previousField: form.fields.move(by: -1)
        case .change(let step) where !form.fields.focusIsText: form.fields.step(by: step, wrap: true)
        case .apply:
            for field in [FilterForm.Field.since, .until] {
                if let date = form.text(field), let problem = strings.badDate(date) {
                    notice = problem
                    form.fields.focus(on: field.rawValue)
                    self.form = form
                    return []
                }
            }
            let next = AnalysisFilter(status: form.status, author: form.text(.author), unit: form.text(.unit),
                                      checklist: form.checklist(in: checklists), since: form.text(.since), until: form.text(.until),
                                      search: form.text(.search), order: .oldestFirst, limit: Self.pageSize)
            self.form = nil
            tab = .queue
            return restart(next)
        default:
            form.fields.edit(key)
        }
        self.form = form
        return []
    }

    // MARK: - Drawing

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        Chrome.title(&frame, "\(strings.reviewTitle) · \(account)", training: training, strings: strings)
        // Tabs: the chosen one is marked by brackets as well as by reverse video.
        var x = 1
        for (tab, label) in [(Tab.queue, strings.queueTab), (.followUp, strings.followUpTab)] {
            let text = self.tab == tab ? "[\(label)]" : " \(label) "
            x += frame.put(text, x: x, y: 1, style: self.tab == tab ? .selected : .dim) + 1
        }
        // The list's columns measure every row: made once a frame, for the list and the footer.
        let columns = listColumns(width: width)
        let footer = footer(size, columns: columns)
        if tab == .queue { renderQueue(&frame, columns, footer) } else { renderFollowUps(&frame, columns, footer) }
        if let form { renderForm(&frame, form, bottom: height - footer.rows - 1) }
        if receipt != nil { renderReceipt(&frame, size) }
        footer.draw(&frame)
        return frame
    }

    /// The chosen tab's list in its columns, in a frame `width` wide.
    func listColumns(width: Int) -> QueueColumns {
        switch tab {
        case .queue:
            return QueueColumns(rows: rows, showStatus: filter.status == nil, width: width - 5, strings: strings)
        case .followUp:
            // The hard stop's rule (and who overrode it) in a column of its own when one is listed.
            let rules = followUps.contains { $0.rule != nil } ? followUps.map(ruleCell) : nil
            return QueueColumns(rows: followUps.map(\.summary), showStatus: false, rules: rules, dated: true, width: width - 5, strings: strings)
        }
    }

    /// The help and the notice above it; the lists end above them. With no notice, the selected
    /// analysis's cells its `columns` cut are said there whole.
    func footer(_ size: Size, columns: QueueColumns) -> Footer {
        let (width, keyMap) = (size.width, keyMap(size))
        if notice != nil || form != nil || receipt != nil { return Footer(help: keyMap.help, notice: notice, width: width) }
        let cut: Footer.Message?
        switch tab {
        case .queue:
            cut = rows.indices.contains(selected) ? columns.whole(rows[selected]) : nil
        case .followUp:
            if followUps.indices.contains(followSelected) {
                let entry = followUps[followSelected]
                cut = columns.whole(entry.summary, date: entry.date, rule: ruleCell(entry))
            } else {
                cut = nil
            }
        }
        return Footer(help: keyMap.help, message: cut, keepsMessageRow: true, width: width)
    }

    /// The first row of a list of `count` lines: under the filter line and the columns' header,
    /// or, in a window where that would leave the list fewer than two rows (40×10, where the help
    /// takes four), right under the tabs, the selected row's cells being said whole below it. An
    /// empty list's one line fits under them. (Not `bodyHeight`, which never says less than one
    /// row: a lone row there was drawn under the message.)
    static func listTop(_ footer: Footer, height: Int, count: Int) -> Int {
        footer.rowsLeft(top: 4, height: height) < min(2, max(1, count)) ? 2 : 4
    }

    func renderQueue(_ frame: inout Frame, _ columns: QueueColumns, _ footer: Footer) {
        let width = frame.width
        let first = total == 0 ? 0 : position + 1
        let counts = strings.showing(first, position + rows.count, total, countLimit: countLimit)
        frame.put(counts, x: max(1, width - 1 - DisplayWidth.of(counts)), y: 1, style: .normal)
        let top = Self.listTop(footer, height: frame.height, count: rows.count)
        if top > 2 {
            frame.put(DisplayWidth.truncate(strings.filterLine(filter), to: width - 2), x: 1, y: 2, style: .dim)
            frame.put(DisplayWidth.truncate(columns.header, to: width - 5), x: 3, y: 3, style: .bold)
        }
        let room = footer.bodyHeight(top: top, height: frame.height)
        guard !rows.isEmpty else {
            frame.put(strings.queueEmpty, x: 3, y: top, style: .dim)
            if form == nil { frame.cursor = (3, top) }
            return
        }
        ScrollList.drawSelectable(&frame, lines: rows.map { (columns.line($0), .normal, true) },
                                  selected: form == nil ? selected : nil, follow: selected, x: 1, y: top, room: room)
    }

    /// A follow-up's rule cell: the rule by its title, and who overrode it.
    func ruleCell(_ entry: FollowUpEntry) -> String {
        let rule = entry.rule.map { catalog.ruleName($0, in: entry.summary.checklistID, strings.language) }
        return [rule, entry.by.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    /// A follow-up's line in the columns: its date in place of when it last changed.
    func followUpLine(_ entry: FollowUpEntry, _ columns: QueueColumns) -> String {
        columns.line(entry.summary, date: entry.date, rule: ruleCell(entry))
    }

    /// How the follow-up list is laid out, the first that fits the window: every kind, an empty
    /// one saying "(inga)", a blank line between them; every kind, no blank lines, an empty one by
    /// its heading's count alone; the kinds with entries, then one line for the others (or one
    /// line that there is nothing to follow up).
    enum FollowUpLayout: CaseIterable { case roomy, compact, tight }

    /// The follow-up list's lines: each kind's heading with its count (which the list keeps when it
    /// cuts a long heading), then its entries.
    func followUpLines(_ columns: QueueColumns, _ layout: FollowUpLayout) -> [(text: String, style: Style, entry: Int?)] {
        if layout == .tight && followUps.isEmpty { return [("  " + strings.nothingToFollowUp, .dim, nil)] }
        var lines: [(text: String, style: Style, entry: Int?)] = []
        for kind in FollowUpKind.allCases {
            let entries = followUps.enumerated().filter { $0.element.kind == kind }
            guard layout != .tight || !entries.isEmpty else { continue }
            lines.append(("\(kind.label(strings.language)) (\(entries.count))", .accent, nil))
            if entries.isEmpty && layout == .roomy { lines.append(("  " + strings.none, .dim, nil)) }
            for (index, entry) in entries { lines.append((followUpLine(entry, columns), .normal, index)) }
            if layout == .roomy && kind != FollowUpKind.allCases.last { lines.append(("", .normal, nil)) }
        }
        if layout == .tight && Set(followUps.map(\.kind)).count < FollowUpKind.allCases.count {
            lines.append((strings.noneOfTheOtherKinds, .dim, nil))
        }
        return lines
    }

    func renderFollowUps(_ frame: inout Frame, _ columns: QueueColumns, _ footer: Footer) {
        // The roomiest layout that fits, each tighter one made only when the one before does not.
        var lines = followUpLines(columns, .roomy)
        for layout in FollowUpLayout.allCases.dropFirst()
        where lines.count > footer.bodyHeight(top: Self.listTop(footer, height: frame.height, count: lines.count), height: frame.height) {
            lines = followUpLines(columns, layout)
        }
        let top = Self.listTop(footer, height: frame.height, count: lines.count)
        if top > 2 { frame.put(DisplayWidth.truncate(columns.header, to: frame.width - 5), x: 3, y: 3, style: .bold) }
        let room = footer.bodyHeight(top: top, height: frame.height)
        let selectedLine = lines.firstIndex { $0.entry == followSelected }
        ScrollList.drawSelectable(&frame, lines: lines.map { ($0.text, $0.style, $0.entry != nil) }, selected: selectedLine,
                                  x: 1, y: top, room: room)
    }

    /// The receipt's box: from the row under the tabs, as wide as the window less two columns each side.
    static let receiptTop = 2

    /// The receipt's lines in a window of `size`. The line to keep (about 140 columns with a real
    /// store's id) is broken at its spaces, so none of it is cut off; it is printed whole again
    /// when barnkoll ends. Any key closes the box, but for the scrolling keys when it scrolls.
    func receiptLines(_ size: Size, closing: String? = nil) -> [(String, Style)] {
        let room = size.width - 8
        let paragraphs = (receipt ?? "").components(separatedBy: "\n")
        var lines: [(String, Style)] = paragraphs.enumerated().flatMap { index, paragraph in
            Wrap.lines(paragraph, width: room).map { ($0, index == 0 ? Style.normal : Style.bold) }
        }
        if paragraphs.dropFirst().contains(where: { DisplayWidth.of($0) > room }) {
            for line in Wrap.lines(strings.receiptAgainOnLeaving, width: room) { lines.append((line, .dim)) }
        }
        lines.append(("", .normal))
        let closing = closing ?? (receiptScrolls(size) ? strings.escCloses : strings.anyKeyCloses)
        return lines + Wrap.lines(closing, width: room).map { ($0, .dim) }
    }

    /// Whether the receipt is longer than its box in a window of `size`.
    func receiptScrolls(_ size: Size) -> Bool {
        receiptLines(size, closing: strings.anyKeyCloses).count > receiptRoom(size)
    }

    /// The receipt's lines shown at once: the rows between its box's borders, above the footer
    /// (counted with the scrolling keys in the help bar, which it has when it needs them).
    func receiptRoom(_ size: Size) -> Int {
        let footer = Footer(help: receiptKeyMap(scrolls: true).help, notice: notice, width: size.width)
        return max(1, footer.bodyHeight(top: Self.receiptTop + 1, height: size.height) - 1)
    }

    func receiptKeyMap(scrolls: Bool) -> KeyMap<Action> {
        KeyMap([.scroll(strings.keyScroll, when: scrolls, .scroll), KeyBinding("Esc", strings.keyClose) { _ in .dismiss }])
    }

    func renderReceipt(_ frame: inout Frame, _ size: Size) {
        Dialog.draw(&frame, x: 2, y: Self.receiptTop, width: size.width - 4, lines: receiptLines(size), room: receiptRoom(size),
                    offset: receiptScroll.offset, strings: strings)
        frame.cursor = (4, Self.receiptTop + 1)
    }

    func renderForm(_ frame: inout Frame, _ form: FilterForm, bottom: Int) {
        let width = min(frame.width - 4, 70)
        let fields: [(FilterForm.Field, String, String)] = [
            (.search, strings.searchLabel, form.fields.typed(FilterForm.Field.search.rawValue)),
            (.status, strings.statusLabel, "‹ \(form.status?.label(strings.language) ?? strings.all) ›"),
            (.unit, strings.unit, form.fields.typed(FilterForm.Field.unit.rawValue)),
            (.author, strings.caseworker, form.fields.typed(FilterForm.Field.author.rawValue)),
            (.checklist, strings.chooseChecklist, "‹ \(form.checklist(in: checklists) ?? strings.all) ›"),
            (.since, strings.since, form.fields.typed(FilterForm.Field.since.rawValue)),
            (.until, strings.until, form.fields.typed(FilterForm.Field.until.rawValue)),
        ]
        let labelWidth = fields.map { DisplayWidth.of($0.1) }.max() ?? 0
        var box = FormBox(width: width)
        box.add(strings.filterTitle, .accent)
        for (field, label, value) in fields {
            let padded = label + String(repeating: " ", count: labelWidth - DisplayWidth.of(label))
            let prefix = "\(field == form.field ? "▸" : " ") \(padded)  "
            let style: Style = field == form.field ? .bold : .normal
            // A typed value wraps under itself; a choice is one short row.
            if [.status, .checklist].contains(field) {
                box.add(rows: [prefix + value], style, cursorAt: field == form.field ? DisplayWidth.of(prefix) : nil)
            } else {
                box.field(form.fields, field.rawValue, after: prefix, style)
            }
        }
        box.draw(&frame, x: 2, top: 3, bottom: bottom, strings: strings)
    }
}

/// The queue's columns: the unit takes what the others leave, so the header and the rows line up
/// at any width.
struct QueueColumns {
    let columns: Columns
    let showStatus: Bool
    /// Whether the rows have a rule column (the follow-up lists' hard stops).
    let showRule: Bool
    let strings: Strings

    /// `rules`: a rule cell per row, for a column of its own that shares the width with the unit.
    /// `dated`: the rows show a date of their own (the follow-up lists'), not when they last changed.
    init(rows: [AnalysisSummary], showStatus: Bool, rules: [String]? = nil, dated: Bool = false, width: Int?, strings: Strings) {
        let showRule = rules != nil
        self.showStatus = showStatus
        self.showRule = showRule
        self.strings = strings
        columns = Columns([
            .init(strings.idColumn), .init(dated ? strings.dateColumn : strings.submittedColumn, cap: 10), .init(strings.unit, flexible: true),
            .init(strings.caseworker), .init(strings.caseColumn),
        ] + (showStatus ? [.init(strings.statusLabel, cap: 12)] : [])
          + (showRule ? [.init(strings.ruleColumn, flexible: true, minimum: 12)] : []),
            rows: zip(rows, rules ?? rows.map { _ in "" }).map { summary, rule in
                Self.cells(summary, date: nil, showStatus: showStatus, rule: showRule ? rule : nil, strings: strings)
            }, width: width)
    }

    static func cells(_ summary: AnalysisSummary, date: String?, showStatus: Bool, rule: String?, strings: Strings) -> [String] {
        [summary.id, date ?? String(summary.updatedAt.prefix(10)), summary.unit, summary.author, summary.caseRef]
            + (showStatus ? [summary.status.label(strings.language)] : []) + (rule.map { [$0] } ?? [])
    }

    var header: String { columns.header }

    /// The cells of `summary`'s row that the columns cut, whole, for the message row.
    func whole(_ summary: AnalysisSummary, date: String? = nil, rule: String = "") -> Footer.Message? {
        columns.whole(Self.cells(summary, date: date, showStatus: showStatus, rule: showRule ? rule : nil, strings: strings), id: summary.id)
    }

    /// One analysis; `date` in place of when it last changed (a due date on the follow-up lists).
    func line(_ summary: AnalysisSummary, date: String? = nil, rule: String = "") -> String {
        columns.format(Self.cells(summary, date: date, showStatus: showStatus, rule: showRule ? rule : nil, strings: strings))
    }
}
