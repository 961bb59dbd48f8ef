import BarnkollCore
import Terminal

public enum HomeEffect: Sendable, Equatable {
    case open(String)
    /// The supervisor's review queue.
    case review
    /// The supervisor's yearly indicators.
    case indicators
    case create(checklist: String, caseRef: String, unit: String)
    /// Read the lists again (someone changed them, or the user came back from another screen).
    case reload
    case quit
}

/// The lists home shows, as the store gave them.
public struct HomeLists: Sendable {
    public var returned: [AnalysisSummary]
    public var drafts: [AnalysisSummary]
    public var submitted: [AnalysisSummary]
    /// How many analyses wait for review; nil for an account that is no supervisor.
    public var reviewWaiting: Int?

    public init(returned: [AnalysisSummary], drafts: [AnalysisSummary], submitted: [AnalysisSummary], reviewWaiting: Int? = nil) {
        self.returned = returned
        self.drafts = drafts
        self.submitted = submitted
        self.reviewWaiting = reviewWaiting
    }
}

/// Home: start a new analysis, or open one of your own (returned first, then drafts, then submitted).
public struct HomeState: Screen {
    public enum Message: KeyMessage {
        case key(Key)
        /// The lists read again: the same entry stays selected.
        case lists(HomeLists)
        /// The checklists, once read (home is drawn before they are).
        case checklists([Checklist])
        /// What the user asked for could not be done.
        case failed(StoreError)
        case problem(String)
        /// What was just done, told on the status line (an analysis moved out of the reader's units).
        case told(String)
        /// Someone else changed what the lists show.
        case changedElsewhere
        /// The analysis the form asked for was made (and opened): the form closes, and the new
        /// analysis is selected when the lists are read again.
        case created(String)
    }

    public enum Entry: Sendable, Equatable {
        case newAnalysis
        case reviewQueue(waiting: Int)
        case indicators
        case heading(String)
        case analysis(AnalysisSummary)
        case empty
    }

    /// The form for a new analysis: checklist, case reference, unit.
    public struct NewForm: Sendable {
        static let checklist = 0, caseRef = 1, unit = 2
        var checklists: [(id: String, title: String)]
        var fields: Form

        init(checklists: [(id: String, title: String)], selected: Int) {
            self.checklists = checklists
            fields = Form([.choice(ChoiceList(count: checklists.count, selected: selected)),
                           .text(TextEditor("", multiline: false)), .text(TextEditor("", multiline: false))])
        }
    }

    public let strings: Strings
    public let account: String
    public let training: Bool
    public private(set) var entries: [Entry]
    public private(set) var selected: Int
    public private(set) var form: NewForm?
    public private(set) var notice: String?
    /// The analysis to select when the lists come next (one just made).
    private var wanted: String?
    private(set) var checklists: [(id: String, title: String)]

    public init(strings: Strings, account: String, training: Bool = false, returned: [AnalysisSummary],
                drafts: [AnalysisSummary], submitted: [AnalysisSummary], checklists: [Checklist],
                reviewWaiting: Int? = nil) {
        self.strings = strings
        self.account = account
        self.training = training
        self.checklists = checklists.map { ($0.id, $0.title.text(strings.language)) }
        entries = Self.entries(HomeLists(returned: returned, drafts: drafts, submitted: submitted, reviewWaiting: reviewWaiting),
                               strings: strings)
        selected = 0
    }

    static func entries(_ lists: HomeLists, strings: Strings) -> [Entry] {
        var entries: [Entry] = [.newAnalysis]
        // Supervisors see their queue on the home screen too.
        if let waiting = lists.reviewWaiting { entries += [.reviewQueue(waiting: waiting), .indicators] }
        for (title, list) in [(strings.returnedToYou, lists.returned), (strings.yourDrafts, lists.drafts),
                              (strings.yourSubmitted, lists.submitted)] {
            entries.append(.heading(title))
            entries += list.isEmpty ? [.empty] : list.map(Entry.analysis)
        }
        return entries
    }

    /// After reading the lists again: the same entry selected (the same analysis where it is
    /// still listed, else the same place); the notice stays.
    mutating func show(_ lists: HomeLists) {
        let old = (entries: entries, selected: selected)
        entries = Self.entries(lists, strings: strings)
        let choices = selectable
        // The analysis just made, else the one selected before.
        var id = wanted
        wanted = nil
        if id == nil, old.entries.indices.contains(old.selected), case .analysis(let summary) = old.entries[old.selected] {
            id = summary.id
        }
        var same: Int?
        if let id {
            same = choices.first { if case .analysis(let summary) = entries[$0] { summary.id == id } else { false } }
        }
        selected = same ?? choices.last { $0 <= old.selected } ?? choices.first ?? 0
    }

    /// The checklists offered by the new-analysis form, once they have been read.
    mutating func setChecklists(_ checklists: [Checklist]) {
        self.checklists = checklists.map { ($0.id, $0.title.text(strings.language)) }
    }

    var selectable: [Int] {
        entries.indices.filter {
            switch entries[$0] {
            case .newAnalysis, .reviewQueue, .indicators, .analysis: true
            default: false
            }
        }
    }

    public mutating func update(_ message: Message, size: Size) -> [HomeEffect] {
        switch message {
        case .key(let key): return update(key)
        case .lists(let lists): show(lists)
        case .checklists(let checklists): setChecklists(checklists)
        case .failed(let error): notice = strings.storeProblem(error)
        case .problem(let text), .told(let text): notice = text
        // An open form is left alone: the lists are read again when it closes.
        case .changedElsewhere: return form == nil ? [.reload] : []
        case .created(let id):
            form = nil
            wanted = id
        }
        return []
    }

    enum Action: Sendable, Equatable {
        case up, down, open, quit
        // In the new-analysis form
        case nextField, previousField, create, cancel
    }

    /// The keys of the list, or of the form when it is open.
    var keyMap: KeyMap<Action> {
        let s = strings
        let quit = KeyBinding<Action>([.control("q"), .control("c")], "^Q", s.keyExit, .quit)
        if let form {
            return KeyMap([
                KeyBinding([.tab], "Tab", s.keyNextField, .nextField), .hidden([.backTab], .previousField),
                // Named only where they work: on the checklist, not in a typed field.
                KeyBinding("↑↓", s.keyPickList, shown: !form.fields.focusIsText, [(.up, .up), (.down, .down)]),
                KeyBinding([.enter], "Enter", s.keyCreate, .create),
                KeyBinding([.escape], "Esc", s.keyCancel, .cancel),
                KeyBinding(quit.label, quit.help, shown: false, match: quit.match),
            ])
        }
        return KeyMap([
            KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)]),
            .hidden([.backTab], .up), .hidden([.tab], .down),
            KeyBinding([.enter], "Enter", s.keyOpen, .open),
            quit, .hidden([.escape], .quit),
        ])
    }

    mutating func update(_ key: Key) -> [HomeEffect] {
        let action = keyMap.action(for: key)
        if action == .quit { return [.quit] }
        if form != nil { return updateForm(key, action) }
        let choices = selectable
        let position = choices.firstIndex(of: selected) ?? 0
        notice = nil
        switch action {
        case .up: selected = choices[max(0, position - 1)]
        case .down: selected = choices[min(choices.count - 1, position + 1)]
        case .open:
            switch entries[selected] {
            case .newAnalysis:
                form = NewForm(checklists: checklists, selected: checklists.firstIndex { $0.id == ChecklistCatalog.defaultChecklist } ?? 0)
            case .analysis(let summary): return [.open(summary.id)]
            case .reviewQueue: return [.review]
            case .indicators: return [.indicators]
            default: break
            }
        default: break
        }
        return []
    }

    mutating func updateForm(_ key: Key, _ action: Action?) -> [HomeEffect] {
        guard var form else { return [] }
        defer { if self.form != nil { self.form = form } }
        switch action {
        case .cancel:
            self.form = nil
        case .nextField: form.fields.move(by: 1)
        case .previousField: form.fields.move(by: -1)
        case .up where !form.fields.focusIsText: form.fields.step(by: -1)
        case .down where !form.fields.focusIsText: form.fields.step(by: 1)
        case .create:
            guard let caseRef = form.fields.text(NewForm.caseRef) else {
                notice = strings.needCaseReference
                form.fields.focus(on: NewForm.caseRef)
                return []
            }
            guard Personnummer.find(in: caseRef).isEmpty else {
                notice = strings.caseReferenceIsPersonnummer
                form.fields.focus(on: NewForm.caseRef)
                return []
            }
            let checklist = form.fields.choice(NewForm.checklist)
            guard checklist < form.checklists.count else { return [] }
            return [.create(checklist: form.checklists[checklist].id, caseRef: caseRef,
                            unit: form.fields.text(NewForm.unit) ?? "")]
        default:
            form.fields.edit(key)
        }
        return []
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        Chrome.title(&frame, "\(strings.homeTitle) · \(account)", training: training, strings: strings)
        // Analyses in columns, the unit cut with "…" inside its own: the marker, the indent and the margins left over.
        let summaries = entries.compactMap { entry -> AnalysisSummary? in
            if case .analysis(let summary) = entry { summary } else { nil }
        }
        let columns = Columns([.init(strings.idColumn), .init(strings.caseColumn, cap: 20),
                               .init(strings.unit, flexible: true), .init(strings.submittedColumn, cap: 10)],
                              rows: summaries.map(Self.cells), width: width - 7)
        var lines = entries.map { entry -> (text: String, style: Style, marked: Bool) in
            switch entry {
            case .newAnalysis: (strings.newAnalysis, .normal, true)
            case .reviewQueue(let waiting): (strings.reviewEntry(waiting), .normal, true)
            case .indicators: (strings.indicatorsEntry, .normal, true)
            case .heading(let heading): (heading, .accent, false)
            case .empty: ("  " + strings.none, .dim, false)
            case .analysis(let summary):
                ("  " + columns.format(Self.cells(summary)), .normal, true)
            }
        }
        // A notice first; else the selected analysis's cells its columns cut, whole.
        let selectedCut: Footer.Message? = form != nil || !entries.indices.contains(selected) ? nil : {
            if case .analysis(let summary) = entries[selected] { columns.whole(Self.cells(summary), id: summary.id) } else { nil }
        }()
        let footer = notice == nil ? Footer(help: keyMap.help, message: selectedCut, keepsMessageRow: true, width: width)
            : Footer(help: keyMap.help, notice: notice, width: width)
        let room = footer.bodyHeight(top: 2, height: height)
        // Where the lists do not fit, an empty list's "(inga)" goes on its heading's line.
        var lineOf = Array(entries.indices)
        if lines.count > room {
            var folded: [(text: String, style: Style, marked: Bool)] = []
            for (index, entry) in entries.enumerated() {
                if case .empty = entry, let heading = folded.last, !heading.marked {
                    folded[folded.count - 1].text = heading.text + lines[index].text
                } else {
                    folded.append(lines[index])
                }
                lineOf[index] = folded.count - 1
            }
            lines = folded
        }
        let line = lineOf.indices.contains(selected) ? lineOf[selected] : 0
        ScrollList.drawSelectable(&frame, lines: lines, selected: form == nil ? line : nil, follow: line,
                                  x: 1, y: 2, room: room)
        if let form { renderForm(&frame, form, bottom: height - footer.rows - 1) }
        footer.draw(&frame)
        return frame
    }

    static func cells(_ summary: AnalysisSummary) -> [String] {
        [summary.id, summary.caseRef, summary.unit, String(summary.updatedAt.prefix(10))]
    }

    func renderForm(_ frame: inout Frame, _ form: NewForm, bottom: Int) {
        let fields = form.fields
        var box = FormBox(width: min(frame.width - 4, 70))
        box.add(strings.newTitle, .accent)
        box.choices(label: strings.chooseChecklist + ":", form.checklists.map(\.title), chosen: fields.choice(NewForm.checklist),
                    focused: fields.focus == NewForm.checklist)
        box.field(label: strings.caseReference + ":", fields, NewForm.caseRef, after: "  ", Style(underline: true))
        box.field(label: strings.unit + ":", fields, NewForm.unit, after: "  ", Style(underline: true))
        box.draw(&frame, x: 2, top: 2, bottom: bottom, strings: strings)
    }
}
