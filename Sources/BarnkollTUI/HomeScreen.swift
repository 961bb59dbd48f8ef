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
        /// Someone else changed what the lists show.
        case changedElsewhere
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
        var checklists: [(id: String, title: String)]
        var checklistIndex = 0
        var caseRef = TextEditor("", multiline: false)
        var unit = TextEditor("", multiline: false)
        var field = 0
    }

    public let strings: Strings
    public let account: String
    public let training: Bool
    public private(set) var entries: [Entry]
    public private(set) var selected: Int
    public private(set) var form: NewForm?
    public private(set) var notice: String?
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
        var same: Int?
        if old.entries.indices.contains(old.selected), case .analysis(let wanted) = old.entries[old.selected] {
            same = choices.first { if case .analysis(let summary) = entries[$0] { summary.id == wanted.id } else { false } }
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
        case .problem(let text): notice = text
        // An open form is left alone: the lists are read again when it closes.
        case .changedElsewhere: return form == nil ? [.reload] : []
        }
        return []
    }

    mutating func update(_ key: Key) -> [HomeEffect] {
        if key == .control("q") || key == .control("c") { return [.quit] }
        if form != nil { return updateForm(key) }
        let choices = selectable
        let position = choices.firstIndex(of: selected) ?? 0
        notice = nil
        switch key {
        case .up, .backTab: selected = choices[max(0, position - 1)]
        case .down, .tab: selected = choices[min(choices.count - 1, position + 1)]
        case .escape: return [.quit]
        case .enter:
            switch entries[selected] {
            case .newAnalysis:
                var form = NewForm(checklists: checklists)
                form.checklistIndex = checklists.firstIndex { $0.id == "barnkonsekvensanalys" } ?? 0
                self.form = form
            case .analysis(let summary): return [.open(summary.id)]
            case .reviewQueue: return [.review]
            case .indicators: return [.indicators]
            default: break
            }
        default: break
        }
        return []
    }

    mutating func updateForm(_ key: Key) -> [HomeEffect] {
        guard var form else { return [] }
        defer { if self.form != nil { self.form = form } }
        switch key {
        case .escape:
            self.form = nil
        case .tab: form.field = (form.field + 1) % 3
        case .backTab: form.field = (form.field + 2) % 3
        case .up where form.field == 0: form.checklistIndex = max(0, form.checklistIndex - 1)
        case .down where form.field == 0: form.checklistIndex = min(form.checklists.count - 1, form.checklistIndex + 1)
        case .enter:
            let caseRef = TextHygiene.sanitize(form.caseRef.text, multiline: false).trimmingCharacters(in: .whitespaces)
            guard !caseRef.isEmpty else {
                notice = strings.needCaseReference
                form.field = 1
                return []
            }
            guard Personnummer.find(in: caseRef).isEmpty else {
                notice = strings.caseReferenceIsPersonnummer
                form.field = 1
                return []
            }
            guard form.checklistIndex < form.checklists.count else { return [] }
            return [.create(checklist: form.checklists[form.checklistIndex].id, caseRef: caseRef,
                            unit: TextHygiene.sanitize(form.unit.text, multiline: false))]
        case .paste(let text):
            if form.field == 1 { form.caseRef.handle(.paste(TextHygiene.sanitize(text, multiline: false)), width: 200) }
            if form.field == 2 { form.unit.handle(.paste(TextHygiene.sanitize(text, multiline: false)), width: 200) }
        default:
            if form.field == 1 { form.caseRef.handle(key, width: 200) }
            if form.field == 2 { form.unit.handle(key, width: 200) }
        }
        return []
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        Chrome.title(&frame, "\(strings.homeTitle) · \(account)", training: training, strings: strings)
        let lines = entries.map { entry -> (text: String, style: Style, marked: Bool) in
            switch entry {
            case .newAnalysis: (strings.newAnalysis, .normal, true)
            case .reviewQueue(let waiting): (strings.reviewEntry(waiting), .normal, true)
            case .indicators: (strings.indicatorsEntry, .normal, true)
            case .heading(let heading): (heading, .accent, false)
            case .empty: ("  " + strings.none, .dim, false)
            case .analysis(let summary):
                ("  \(summary.id)  \(summary.caseRef)  \(summary.unit)  \(summary.updatedAt.prefix(10))", .normal, true)
            }
        }
        ScrollList.drawSelectable(&frame, lines: lines, selected: form == nil ? selected : nil, follow: selected,
                                  x: 1, y: 2, room: height - 4)
        if let form { renderForm(&frame, form) }
        HelpBar.draw(&frame, text: form == nil ? strings.keysHome : strings.keysNew)
        if let notice { frame.put(DisplayWidth.truncate(notice, to: width - 2), x: 1, y: height - 2, style: .warning) }
        return frame
    }

    func renderForm(_ frame: inout Frame, _ form: NewForm) {
        let width = min(frame.width - 4, 70)
        var lines: [(String, Style)] = [(strings.newTitle, .accent), (strings.chooseChecklist + ":", form.field == 0 ? .bold : .dim)]
        for (index, checklist) in form.checklists.enumerated() {
            let mark = index == form.checklistIndex ? "(•)" : "( )"
            lines.append(("  \(mark) \(checklist.title)", index == form.checklistIndex && form.field == 0 ? .selected : .normal))
        }
        let caseLine = lines.count + 1
        lines.append((strings.caseReference + ":", form.field == 1 ? .bold : .dim))
        lines.append(("  " + form.caseRef.text, Style(underline: true)))
        lines.append((strings.unit + ":", form.field == 2 ? .bold : .dim))
        lines.append(("  " + form.unit.text, Style(underline: true)))
        let top = 2
        Dialog.draw(&frame, x: 2, y: top, width: width, lines: lines)
        switch form.field {
        case 0: frame.cursor = (6, top + 3 + form.checklistIndex)
        case 1: frame.cursor = (6 + DisplayWidth.of(String(form.caseRef.characters.prefix(form.caseRef.cursor))), top + caseLine + 1)
        default: frame.cursor = (6 + DisplayWidth.of(String(form.unit.characters.prefix(form.unit.cursor))), top + caseLine + 3)
        }
    }
}
