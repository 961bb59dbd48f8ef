import BarnkollCore
import Terminal

public enum SaveState: Sendable, Equatable {
    case saved
    case pending
    case failed(String)
}

/// What the worksheet asks the app to do.
public enum WorksheetEffect: Sendable, Equatable {
    case submit
    case back
    case quit
    /// Leave although some text could not be saved: it is kept aside in a recovery file.
    case leaveUnsaved
    /// Try the failed save again now.
    case retrySave
    /// Start a new version of this approved analysis, to change it and have it reviewed again.
    case revise
    /// Edit this text in $VISUAL / $EDITOR; the result comes back as `.edited`.
    case editExternally(String)
    /// Open the note form: the app answers with today's date (`.noteStarted`).
    case startNote
    /// Keep this note after the decision (Core's `addNote`); `.noted` or `.noteFailed` comes back.
    case addNote(NewNote)
    /// Enter on the unit's item with a list of units: the app answers with the units Core lets
    /// this account move the analysis to (`.moveStarted`).
    case startMove
    /// File the analysis under this unit, for this reason (Core's `move`); `.moved` or `.transferFailed` comes back.
    case moveToUnit(String, reason: String)
    /// `o` by a reader who may hand it over: the app answers with the accounts Core lets this
    /// account hand the analysis over to (`.handOverStarted`).
    case startHandOver
    /// Hand the analysis over to this account, for this reason (Core's `reassign`); `.handedOver`
    /// or `.transferFailed` comes back.
    case handOverTo(String, reason: String)
}

extension WorksheetFlow.Step {
    /// The item whose answer a change on this step changes: a group repeated for each entry of
    /// another writes into that group's entries.
    func answerID(in checklist: Checklist) -> String { checklist.entriesItem(of: itemID) }
}

/// The worksheet: one analysis, walked section by section. State, `update` and `render`, pure.
public struct WorksheetState: Screen {
    /// A place the caseworker can stand on in a section (the flow's step).
    public typealias Row = WorksheetFlow.Step

    public enum Message: KeyMessage {
        case key(Key)
        /// These answers were written to the store, as it keeps them.
        case saved([AnswerChange])
        /// Saving stopped at a failure (what was written before it is in `saved`); retried later.
        case saveFailed(saved: [AnswerChange], reason: String)
        /// Another terminal (or `fill --into`) saved this item since it was loaded; nothing was
        /// overwritten. The caseworker chooses between their text and the stored one.
        case saveConflict(saved: [AnswerChange], item: String, stored: AnswerValue?)
        /// Quitting stopped because some text could not be saved (the reason, for the question).
        case quitUnsaved(reason: String)
        /// Submitted: the new status, and the analysis as the store has it now.
        case submitted(AnalysisStatus, Analysis)
        case submitFailed(StoreError)
        /// A new version was started: the analysis as the store has it now, a draft again.
        case revised(Analysis)
        /// The text back from $EDITOR; nil when the editor failed.
        case edited(String?)
        /// The note form opens, its date today by the app's clock.
        case noteStarted(today: String)
        /// The note was kept: the analysis as the store has it now, the note among its notes.
        case noted(Analysis)
        /// Core or the store refused the note: said in the status line, the form kept as typed.
        case noteFailed(StoreError)
        /// The units the analysis may be moved to; with none, Core's words for why, said with the unit's notice.
        case moveStarted(units: [String], whyNone: Localized?)
        /// Moved: the analysis as the store has it now, under its new unit with its answer.
        case moved(Analysis)
        /// The accounts the analysis may be handed over to (none: who can take it is said).
        case handOverStarted(accounts: [String])
        /// Handed over: the analysis as the store has it now, written by its new author.
        case handedOver(Analysis)
        /// Core or the store refused the move or hand-over: said in the status line, the form kept as typed.
        case transferFailed(StoreError)
    }

    public enum Mode: Sendable, Equatable {
        case browse
        case text(TextEditor)
        case choose(ChoiceList)
        case missing(Int)
        case help
        case confirmSubmit
        /// The workshop's fictional case, over the worksheet.
        case caseBrief
        /// What changed when the analysis moved onto a newer definition, shown once on opening.
        case news
        /// The stored answer of `item` changed elsewhere while this terminal had its own.
        case conflict(item: String, stored: AnswerValue?)
        /// Quit asked while text cannot be saved: leave with it kept aside, try again, or stay.
        case confirmQuit(reason: String)
        /// Start a new version of the approved analysis? (A change of substance after approval.)
        case confirmRevise
        /// A note after the decision being written (approved or closed analysis).
        case note(NoteForm)
        /// The analysis being moved to another of the listed units, or handed over to a colleague.
        case transfer(TransferForm)
    }

    public private(set) var analysis: Analysis
    public private(set) var evaluation: Evaluation
    public let strings: Strings
    /// The account at the keyboard.
    public let account: String
    public let references: [String: LegalReference]
    public let training: Bool
    public private(set) var sectionIndex = 0
    public private(set) var row: Row?
    public private(set) var mode: Mode = .browse {
        // A box of text opens at its top, whatever the last one was scrolled to.
        didSet { if mode != oldValue { overlayScroll = ScrollState() } }
    }
    /// How far the help, the case, what is new, a question or a conflict is scrolled.
    public private(set) var overlayScroll = ScrollState()
    /// Items changed and not yet saved; the app saves them within a second.
    public private(set) var dirty: Set<String> = []
    /// The answers as the store had them when last read or written here: a save replaces only
    /// these, so another terminal's text is never overwritten silently.
    public private(set) var loaded: Answers
    public private(set) var saveState: SaveState = .saved
    public private(set) var notice: String?
    private(set) var pendingRemoval: Row?
    /// The answer as it was when its field was opened: leaving a date or number that is not one
    /// puts it back, since what was whole on the way there (15 of 150) was saved as it was typed.
    private var valueBeforeEditing: AnswerValue?
    /// In a workshop: the case being practised, shown on `c` (and first, when the worksheet opens).
    public let caseBrief: [String]?
    /// The store keeps a list of units: the unit's item holds the unit the analysis is filed
    /// under and is not typed in (Core refuses any other).
    public let unitIsFixed: Bool

    /// Someone who reads the analysis without writing in it (a supervisor of its unit, an admin)
    /// and whom Core lets move it to another of the listed units: Enter on the unit's item moves it.
    public let readerMoves: Bool

    /// Someone who reads the analysis without writing in it and whom Core lets hand it over to a
    /// colleague (a supervisor of its unit, an admin), with someone to hand it to: `o` hands it over.
    public let readerHandsOver: Bool

    /// Opened over its review screen (`a` there): Esc goes back to it, not home.
    var overReview = false

    /// The analysis has just moved onto a newer definition: what the caseworker is told, over the
    /// worksheet on opening until a key is pressed.
    public let news: (title: String, paragraphs: [String])?

    /// - Parameter account: who works in it; without one, its author (a test, the bench).
    /// - Parameter notice: a line for the first frame (the id it was opened by was renumbered).
    public init(analysis: Analysis, strings: Strings, account: String? = nil, references: [String: LegalReference] = [:],
                training: Bool = false, unitIsFixed: Bool = false, readerMoves: Bool = false, readerHandsOver: Bool = false,
                focus item: String? = nil,
                caseBrief: [String]? = nil, news: (title: String, paragraphs: [String])? = nil, notice: String? = nil) {
        self.analysis = analysis
        self.unitIsFixed = unitIsFixed
        self.readerMoves = readerMoves
        self.readerHandsOver = readerHandsOver
        self.notice = notice
        self.account = account ?? analysis.summary.author
        self.loaded = analysis.answers
        self.evaluation = analysis.evaluate()
        self.strings = strings
        self.references = references
        self.training = training
        self.caseBrief = caseBrief
        self.news = news
        if news != nil {
            mode = .news
        } else if caseBrief != nil {
            mode = .caseBrief
        }
        if let item = item ?? analysis.position, focus(item: item) {
            return
        }
        row = rows.first
    }

    var checklist: Checklist { analysis.checklist }
    /// Written only by its author, while a draft or returned (Core's rule); others read it.
    public var isEditable: Bool { Permissions.mayWrite(analysis.summary, account: account) }

    /// Why a key that writes does nothing here.
    var readOnlyNotice: String {
        guard analysis.summary.status.isEditable else { return strings.readOnly }
        return strings.onlyAuthorWrites(analysis.summary.author, youHandOver: handsOver)
    }

    /// `o` hands the analysis over: a reader whom Core lets, while it is a draft or returned.
    var handsOver: Bool { readerHandsOver && !isEditable && analysis.summary.status.isEditable }
    var language: Language { strings.language }

    /// The worksheet as the caseworker walks it, from the answers as they are now.
    var flow: WorksheetFlow { WorksheetFlow(checklist: checklist, answers: analysis.answers, evaluation: evaluation) }

    var sections: [Section] { flow.sections }

    var section: Section? {
        sections.isEmpty ? nil : sections[min(sectionIndex, sections.count - 1)]
    }

    /// The rows of the current section, in order.
    public var rows: [Row] { section.map(rows(of:)) ?? [] }

    func rows(of section: Section) -> [Row] { flow.steps(in: section, editable: isEditable) }

    func entries(_ group: String) -> [[String: AnswerValue]] { flow.entries(group) }

    /// The item a row answers (a sub-item for a group entry).
    func item(for row: Row) -> Item? { flow.item(for: row) }

    func value(of row: Row) -> AnswerValue? { flow.value(at: row) }

    func path(of row: Row) -> ItemPath { row.path }

    // MARK: - Changing answers

    mutating func setValue(_ value: AnswerValue?, at row: Row) {
        guard isEditable else { return }
        switch row {
        case .item(let id):
            analysis.answers[id] = value.flatMap { $0.isEmpty ? nil : $0 }
        case .sub(let group, let entry, let sub):
            var entries = entries(group)
            guard entry < entries.count else { return }
            entries[entry][sub] = value.flatMap { $0.isEmpty ? nil : $0 }
            analysis.answers[checklist.entriesItem(of: group)] = .entries(entries)
        case .add:
            return
        }
        dirty.insert(row.answerID(in: checklist))
        saveState = .pending
        reevaluate()
    }

    mutating func addEntry(_ group: String) {
        var entries = entries(group)
        entries.append([:])
        analysis.answers[group] = .entries(entries)
        dirty.insert(group)
        saveState = .pending
        reevaluate()
        let new = rows.first {
            if case .sub(group, entries.count - 1, _) = $0 { return true }
            return false
        }
        row = new ?? row
        // A new entry is for writing in: start on its first field.
        if let new, let item = item(for: new), item.type.isText || item.type == .number {
            mode = .text(TextEditor("", multiline: item.type == .longText))
        }
    }

    mutating func removeEntry(_ group: String, _ index: Int) {
        var entries = entries(group)
        // An entry of a repeated group is removed with the entry it is repeated for (the child).
        guard index < entries.count, checklist.item(group)?.each == nil else { return }
        entries.remove(at: index)
        analysis.answers[group] = entries.isEmpty ? nil : .entries(entries)
        dirty.insert(group)
        saveState = .pending
        row = .item(group)
        reevaluate()
    }

    /// After a change: conditional items appear and disappear; keep the focus where it was.
    mutating func reevaluate() {
        evaluation = analysis.evaluate()
        let current = section?.id
        let sections = self.sections
        if let current, let index = sections.firstIndex(where: { $0.id == current }) {
            sectionIndex = index
        } else {
            sectionIndex = min(sectionIndex, max(0, sections.count - 1))
        }
        let rows = self.rows
        if let row, !rows.contains(row) { self.row = rows.first }
        if row == nil { row = rows.first }
    }

    /// A finished save.
    mutating func saved(_ changes: [AnswerChange]) {
        for change in changes {
            dirty.remove(change.item)
            loaded[change.item] = change.value
            if let caseRef = change.caseRef { analysis.summary.caseRef = caseRef }
            if let unit = change.unit { analysis.summary.unit = unit }
        }
        if dirty.isEmpty { saveState = .saved }
    }

    /// Replaces the analysis after a submission or a reload.
    mutating func replace(_ analysis: Analysis) {
        self.analysis = analysis
        loaded = analysis.answers
        reevaluate()
    }

    /// The caseworker's choice on a conflict: keep their own answer (saved next, over the stored
    /// one they have now seen), take the stored one, or, for a text, keep both (theirs first).
    mutating func resolveConflict(item: String, stored: AnswerValue?, keep: ConflictChoice) {
        loaded[item] = stored
        switch keep {
        case .mine:
            break
        case .stored:
            analysis.answers[item] = stored
            dirty.remove(item)
        case .both:
            if case .text(let mine)? = analysis.answers[item], case .text(let theirs)? = stored {
                analysis.answers[item] = .text(mine + "\n\n" + theirs)
            }
        }
        saveState = dirty.isEmpty ? .saved : .pending
        mode = .browse
        reevaluate()
    }

    @discardableResult
    mutating func focus(item: String) -> Bool {
        // A question of a group (each child's voice) is found at its first entry.
        let group = checklist.groupAsking(item)
        guard let section = checklist.section(containing: group?.id ?? item),
              let index = sections.firstIndex(where: { $0.id == section.id }) else { return false }
        sectionIndex = index
        row = .item(group?.id ?? item)
        if let group, let first = rows.first(where: { $0 == .sub(group: group.id, entry: 0, sub: item) }) { row = first }
        return true
    }

    mutating func jump(to path: ItemPath) {
        guard focus(item: path.item) else { return }
        if let entry = path.entry, let sub = path.subItem, rows.contains(.sub(group: path.item, entry: entry, sub: sub)) {
            row = .sub(group: path.item, entry: entry, sub: sub)
        }
    }

    // MARK: - Update

    public mutating func update(_ message: Message, size: Size) -> [WorksheetEffect] {
        switch message {
        case .key(let key): return update(key, width: size.width, height: size.height)
        case .saved(let items): saved(items)
        case .saveFailed(let items, let reason):
            saved(items)
            saveState = .failed(reason)
        case .saveConflict(let items, let item, let stored):
            saved(items)
            saveState = .failed(strings.changedElsewhere)
            _ = finishEditing()
            mode = .conflict(item: item, stored: stored)
        case .quitUnsaved(let reason):
            _ = finishEditing()
            mode = .confirmQuit(reason: reason)
        case .submitted(let status, let analysis):
            replace(analysis)
            notice = strings.submitted(status)
        case .submitFailed(let error):
            notice = strings.storeProblem(error)
            // Refused as incomplete: show what is missing.
            if case .incomplete = error { mode = .missing(0) }
        case .edited(let text): externalEditResult(text)
        case .revised(let analysis):
            replace(analysis)
            notice = strings.revised(analysis.summary.versions + 1)
        case .noteStarted(let today):
            notice = nil
            mode = .note(NoteForm(today: today))
        case .noted(let analysis):
            let kept = analysis.notes.last
            replace(analysis)
            mode = .browse
            if let kept {
                let what = kept.kind.label(language) + (kept.outcome.map { ": " + $0.label(language).lowercased() } ?? "")
                notice = strings.noted(what, kept.date)
            }
        case .noteFailed(let error):
            notice = strings.storeProblem(error)
        case .moveStarted(let units, let whyNone):
            if units.isEmpty {
                notice = strings.noUnitToMoveTo(analysis.summary.unit, why: whyNone)
            } else {
                notice = nil
                mode = .transfer(TransferForm(.move, options: units))
            }
        case .moved(let analysis):
            replace(analysis)
            mode = .browse
            notice = strings.movedTo(analysis.summary.unit)
        case .handOverStarted(let accounts):
            if accounts.isEmpty {
                notice = strings.noOneToHandOverTo(analysis.summary.unit)
            } else {
                notice = nil
                mode = .transfer(TransferForm(.handOver, options: accounts))
            }
        case .handedOver(let analysis):
            replace(analysis)
            mode = .browse
            notice = strings.handedOver(to: analysis.summary.author)
        case .transferFailed(let error):
            notice = strings.storeProblem(error)
        }
        return []
    }

    mutating func update(_ key: Key, width: Int, height: Int) -> [WorksheetEffect] {
        if key == .resize { return [] }
        let layout = self.layout(width: width, height: height)
        let action = keyMap(layout).action(for: key)
        if action == .quit {
            _ = finishEditing()
            // Asked a second time, with the text still unsaved: leave, keeping it aside.
            if case .confirmQuit = mode { return [.leaveUnsaved] }
            return [.quit]
        }
        switch mode {
        case .browse: return browse(action, key: key, width: width)
        case .text(var editor): return text(key, action: action, editor: &editor, width: width)
        case .choose(var list): return choose(action, list: &list)
        case .missing(let index): return missing(action, index: index)
        case _ where action == .scroll:
            _ = overlayScroll.handle(key, count: overlayLines(layout)?.count ?? 0, room: Self.overlayRoom(layout),
                                     pageDown: [.pageDown, .character(" ")])
            return []
        case .help, .caseBrief, .news, .confirmSubmit, .confirmQuit, .confirmRevise:
            return answer(action)
        case .conflict(let item, let stored):
            switch action {
            case .keepMine: resolveConflict(item: item, stored: stored, keep: .mine)
            case .takeStored: resolveConflict(item: item, stored: stored, keep: .stored)
            case .keepBoth: resolveConflict(item: item, stored: stored, keep: .both)
            default: break
            }
            return []
        case .note(let form):
            return formKey(key, action: action, form: form, save: .saveNote, open: Mode.note) { .addNote($0.note) }
        case .transfer(let form):
            return formKey(key, action: action, form: form, save: .saveTransfer, open: Mode.transfer) { $0.effect }
        }
    }

    /// Any key but a scrolling one closes a box of text; a question's answer is its effect.
    private mutating func answer(_ action: WorksheetAction?) -> [WorksheetEffect] {
        let asked = mode
        mode = .browse
        switch (asked, action) {
        case (.confirmSubmit, .submit?): return [.submit]
        case (.confirmQuit, .retrySave?): return [.retrySave]
        case (.confirmRevise, .note?): return [.startNote]
        case (.confirmRevise, .revise?): return [.revise]
        default: return []
        }
    }

    /// A key while a form is open (a note, a move, a hand-over): Tab between fields, ↑↓ on a choice, `save`
    /// hands the form to `done`, Esc leaves with nothing written; any other key goes to the text in focus.
    mutating func formKey<F: WorksheetForm>(_ key: Key, action: WorksheetAction?, form: F, save: WorksheetAction,
                                            open: (F) -> Mode, done: (F) -> WorksheetEffect) -> [WorksheetEffect] {
        var form = form
        switch action {
        case .close:
            mode = .browse
            notice = nil
            return []
        case .nextField: form.move(by: 1)
        case .previousField: form.move(by: -1)
        case .up where !form.focusIsText: form.step(by: -1)
        case .down where !form.focusIsText: form.step(by: 1)
        case save:
            notice = nil
            return [done(form)]
        default: form.edit(key)
        }
        mode = open(form)
        return []
    }

    mutating func browse(_ action: WorksheetAction?, key: Key, width: Int) -> [WorksheetEffect] {
        let rows = self.rows
        let index = row.flatMap { rows.firstIndex(of: $0) } ?? 0
        // A removal waits for Enter; any other key lets it go.
        if let pending = pendingRemoval, action == .activate, pending == row, case .sub(let group, let entry, _) = pending {
            pendingRemoval = nil
            notice = nil
            removeEntry(group, entry)
            return []
        }
        if action != .remove { pendingRemoval = nil }
        if action != .submit { notice = nil }
        switch action {
        case .up:
            if index > 0 { row = rows[index - 1] }
        case .down:
            if index + 1 < rows.count { row = rows[index + 1] }
        case .nextRow:
            moveRow(by: 1)
        case .previousRow:
            moveRow(by: -1)
        case .previousSection:
            moveSection(by: -1)
        case .nextSection:
            moveSection(by: 1)
        case .activate:
            // The unit's item with a list of units is moved, not typed in: the unit written in
            // first if the answer says another (by its author), then the units it may go to are asked for.
            if let row, movesOnUnit {
                if isEditable { fillFixedUnit(at: row) }
                return [.startMove]
            }
            if let row { activate(row, width: width) }
        case .back:
            return [.back]
        case .help:
            mode = .help
        case .caseBrief:
            mode = .caseBrief
        case .missing:
            mode = .missing(0)
        case .revise:
            mode = .confirmRevise
        case .note:
            return [.startNote]
        case .handOver:
            return [.startHandOver]
        case .submit:
            guard isEditable else { notice = readOnlyNotice; return [] }
            // An answer naming another unit than the one the analysis is filed under (submitted
            // before a map or rename, returned since) is written in first, as on its item: Core
            // submits nothing whose case file would name another unit.
            let unitItem = Row.item(Checklist.unitItemID)
            if unitIsFixed, Casework.unitAnswer(after: value(of: unitItem), status: analysis.summary.status,
                                                filedUnder: analysis.summary.unit) != nil {
                fillFixedUnit(at: unitItem)
            }
            if evaluation.canSubmit {
                mode = .confirmSubmit
            } else {
                notice = strings.cannotSubmit
                mode = .missing(0)
            }
        case .remove:
            guard isEditable, let row, case .sub(let group, _, _) = row else { return [] }
            if let base = checklist.item(group)?.each {
                notice = strings.removeWithEntry(checklist.item(base)?.prompt.text(language) ?? base)
                return []
            }
            pendingRemoval = row
            notice = strings.removeAgain
        case .digit(let digit):
            // A question without options: the digit is the start of its answer.
            guard let row, let count = item(for: row)?.allowedValues?.count, count > 0 else {
                if case .character(let character) = key { return startTyping(character, width: width) }
                break
            }
            if count > 9 {
                // A number past 9 takes two digits: the list opens with the first.
                guard isEditable else { notice = readOnlyNotice; break }
                var list = ChoiceList(count: count, selected: currentChoice(at: row))
                mode = .choose(list)
                _ = choose(.digit(digit), list: &list)
            } else if digit >= 1 {
                pick(digit - 1, at: row)
            }
        case .externalEditor:
            guard isEditable, let row, let item = item(for: row), item.type.isText else { return [] }
            if onFixedUnit {
                fillFixedUnit(at: row)
                return []
            }
            let editor = TextEditor(value(of: row)?.text ?? "", multiline: item.type == .longText)
            mode = .text(editor)
            return [.editExternally(editor.text)]
        case nil:
            if case .character(let character) = key { return startTyping(character, width: width) }
        default:
            break
        }
        return []
    }

    /// A letter no key of the map takes: it starts writing in the text in focus, or is refused with
    /// a hint; it never acts as a command.
    mutating func startTyping(_ character: Character, width: Int) -> [WorksheetEffect] {
        guard isEditable else {
            notice = readOnlyNotice
            return []
        }
        guard let row, let item = item(for: row),
              item.type.isText || item.type == .date || item.type == .number else {
            notice = strings.notACommand(character)
            return []
        }
        activate(row, width: width)
        guard case .text(var editor) = mode else { return [] }
        return text(.character(character), action: nil, editor: &editor, width: width)
    }

    /// The next row (or previous): Tab never stops on "+ Lägg till" (Enter on the group adds, ↓
    /// reaches it), so Tab past a group's last field goes on to the next question.
    mutating func moveRow(by step: Int) {
        let rows = self.rows
        let index = row.flatMap { rows.firstIndex(of: $0) } ?? 0
        var next = index + step
        while rows.indices.contains(next), case .add = rows[next] { next += step }
        if next >= 0 && next < rows.count {
            row = rows[next]
        } else if step > 0 && sectionIndex + 1 < sections.count {
            sectionIndex += 1
            row = self.rows.first
        } else if step < 0 && sectionIndex > 0 {
            sectionIndex -= 1
            row = self.rows.last
        }
    }

    mutating func moveSection(by step: Int) {
        let next = sectionIndex + step
        guard next >= 0 && next < sections.count else { return }
        sectionIndex = next
        row = rows.first
    }

    mutating func activate(_ row: Row, width: Int) {
        guard isEditable else {
            notice = readOnlyNotice
            return
        }
        if case .add(let group) = row {
            addEntry(group)
            return
        }
        guard let item = item(for: row) else { return }
        if onFixedUnit {
            fillFixedUnit(at: row)
            return
        }
        valueBeforeEditing = value(of: row)
        switch item.type {
        case .text, .longText, .date:
            mode = .text(TextEditor(value(of: row)?.text ?? "", multiline: item.type == .longText))
        case .number:
            mode = .text(TextEditor(value(of: row)?.selected.first ?? "", multiline: false))
        case .choice, .yesNoNA, .multiChoice:
            mode = .choose(ChoiceList(count: item.allowedValues?.count ?? 0, selected: currentChoice(at: row)))
        case .group:
            if !entries(item.id).isEmpty {
                moveRow(by: 1)
            } else if item.each == nil {
                addEntry(item.id)
            } else {
                notice = strings.addEntriesFirst(item.each.flatMap { checklist.item($0)?.prompt.text(language) } ?? "")
            }
        }
    }

    /// On the unit's item with a list of units, whose answer is the unit the analysis is filed under.
    var onFixedUnit: Bool { unitIsFixed && row == .item(Checklist.unitItemID) }

    /// On the unit's item, Enter moves the analysis: for its author while they write in it, and for
    /// a reader whom Core lets move it.
    var movesOnUnit: Bool { onFixedUnit && (isEditable || (readerMoves && analysis.summary.status.isEditable)) }

    /// The unit's item with a list of units: the unit the analysis is filed under, written in
    /// when the answer says anything else (an analysis made before the answer had to).
    mutating func fillFixedUnit(at row: Row) {
        let unit = analysis.summary.unit
        if value(of: row) != .text(unit) { setValue(.text(unit), at: row) }
        notice = strings.unitIsFixed(unit)
    }

    /// Chooses (or, for several choices, ticks) option `index` of the row's item.
    mutating func pick(_ index: Int, at row: Row) {
        guard isEditable, let item = item(for: row), let values = item.allowedValues, index < values.count else { return }
        let value = values[index]
        if item.type == .multiChoice {
            var chosen = self.value(of: row)?.selected ?? []
            if let existing = chosen.firstIndex(of: value) { chosen.remove(at: existing) } else { chosen.append(value) }
            setValue(chosen.isEmpty ? nil : .choices(chosen), at: row)
        } else {
            setValue(.text(value), at: row)
        }
    }

    mutating func text(_ key: Key, action: WorksheetAction?, editor: inout TextEditor, width: Int) -> [WorksheetEffect] {
        guard let row, let item = item(for: row) else {
            mode = .browse
            return []
        }
        switch action {
        case .finish:
            // Esc never traps: a date or number that is not one is left as it was before.
            if !finishEditing() {
                notice = strings.changeNotSaved + " " + (notice ?? strings.invalid)
                mode = .browse
            }
            return []
        case .finishAndNext, .finishAndPrevious:
            if finishEditing() {
                mode = .browse
                moveRow(by: action == .finishAndNext ? 1 : -1)
            }
            return []
        case .externalEditor:
            return [.editExternally(editor.text)]
        default:
            if case .paste(let pasted) = key {
                editor.handle(.paste(TextHygiene.sanitize(pasted)), width: textWidth(width))
            } else {
                editor.handle(key, width: textWidth(width))
            }
        }
        // Laid out once here, where the state may change; drawing reuses it.
        _ = editor.layout(width: textWidth(width))
        mode = .text(editor)
        // Text is saved as it is typed; dates and numbers as soon as they are whole (a date is
        // never whole before its last digit), so a whole date waiting in its field is not lost.
        if item.type.isText {
            let text = editor.text
            if text != value(of: row)?.text ?? "" { setValue(.text(text), at: row) }
        } else if item.type == .date || item.type == .number,
                  let whole = try? AnswerInput.check(.text(editor.text), for: item), whole != value(of: row) {
            setValue(whole, at: row)
        }
        return []
    }

    /// Leaves the text being edited. For dates and numbers, checks the value first; false keeps editing.
    @discardableResult
    mutating func finishEditing() -> Bool {
        guard case .text(let editor) = mode, let row, let item = item(for: row) else { return true }
        if item.type == .date || item.type == .number {
            do {
                let value = try AnswerInput.check(.text(editor.text), for: item)
                if value != self.value(of: row) { setValue(value, at: row) }
            } catch {
                // What was saved on the way is not what was meant: the answer goes back to what it
                // was before, until the field holds a whole one again.
                if value(of: row) != valueBeforeEditing { setValue(valueBeforeEditing, at: row) }
                notice = "\(strings.invalid): \(error.message.text(strings.language))"
                return false
            }
        }
        // The field is left with what it holds: a refusal said while it was wrong no longer holds.
        notice = nil
        mode = .browse
        return true
    }

    /// The text that came back from $EDITOR (nil: the editor failed, nothing changes).
    mutating func externalEditResult(_ text: String?) {
        guard case .text(var editor) = mode, let row else { return }
        guard let text else {
            notice = strings.editorFailed
            return
        }
        editor.replaceAll(with: TextHygiene.sanitize(text, multiline: editor.multiline))
        mode = .text(editor)
        if item(for: row)?.type.isText == true { setValue(.text(editor.text), at: row) }
    }

    /// The option now chosen for the row (the first, for several), or the first option.
    func currentChoice(at row: Row) -> Int {
        value(of: row)?.selected.first.flatMap { item(for: row)?.allowedValues?.firstIndex(of: $0) } ?? 0
    }

    mutating func choose(_ action: WorksheetAction?, list: inout ChoiceList) -> [WorksheetEffect] {
        guard let row, let item = item(for: row), item.allowedValues != nil else {
            mode = .browse
            return []
        }
        let several = item.type == .multiChoice
        switch action {
        case .up: list.move(by: -1)
        case .down: list.move(by: 1)
        case .close:
            mode = .browse
            return []
        case .take:
            // Several: Enter closes the list (taking a number still being typed).
            if !list.typed.isEmpty || !several { pick(list.selected, at: row) }
            mode = .browse
            return []
        case .tick:
            pick(list.selected, at: row)
            if !several {
                mode = .browse
                return []
            }
        case .digit(let digit):
            if let option = list.type(digit) {
                pick(option, at: row)
                if !several {
                    mode = .browse
                    return []
                }
            }
        default:
            break
        }
        mode = .choose(list)
        return []
    }

    /// What the missing view lists, each a place to go: the supervisor's comments at items of a
    /// returned analysis, then the missing items and the blocking hard stops.
    enum ListedKind: Sendable, Equatable { case request, missing, stop }

    var missingEntries: [(path: ItemPath, section: String, text: String, kind: ListedKind)] {
        let order = checklist.sections.flatMap(\.items).map(\.id)
        let requests = (analysis.latestReturn?.itemComments ?? [:])
            .sorted { (order.firstIndex(of: $0.key) ?? .max, $0.key) < (order.firstIndex(of: $1.key) ?? .max, $1.key) }
            .map { item, comment in
                let prompt = checklist.item(item)?.prompt.text(language) ?? item
                return (ItemPath(item: item), checklist.section(containing: item)?.id ?? "", "\(prompt): \(comment)", ListedKind.request)
            }
        return requests + evaluation.missing.map { missing in
            (missing.path, missing.section, "\(missingPrompt(missing.path)): \(missing.reason.text(language))", .missing)
        } + evaluation.blockingHardStops.map { stop in
            let path = ItemPath(item: stop.item ?? "")
            return (path, checklist.section(containing: path.item)?.id ?? "", stop.message.text(language), .stop)
        }
    }

    /// A missing item's question, naming the entry and the field for a group's ("Barnen som berörs ·
    /// Nr 2 · Ålder"; a child's name where the group is asked for each child).
    func missingPrompt(_ path: ItemPath) -> String {
        guard let entry = path.entry, let subID = path.subItem, let group = checklist.item(path.item),
              let sub = group.items.first(where: { $0.id == subID }) else {
            return checklist.prompt(at: path, in: analysis.answers, language)
        }
        if let name = checklist.entryName(of: group.id, at: entry, beside: subID, in: analysis.answers, language) {
            return name + " · " + sub.prompt.text(language)
        }
        return "\(group.prompt.text(language)) · \(strings.entry(entry + 1)) · \(sub.prompt.text(language))"
    }

    mutating func missing(_ action: WorksheetAction?, index: Int) -> [WorksheetEffect] {
        let entries = missingEntries
        switch action {
        case .up: mode = .missing(max(0, index - 1))
        case .down: mode = .missing(min(max(0, entries.count - 1), index + 1))
        case .close: mode = .browse
        case .take:
            mode = .browse
            if index < entries.count { jump(to: entries[index].path) }
        default: break
        }
        return []
    }

    // MARK: - Layout

    static let minimumWidth = 40
    static let minimumHeight = 10

    struct Layout {
        let width: Int
        let height: Int
        /// The rows the footer takes (the help and the message's rows above it): the body ends above them.
        var footerRows = 2
        var sidebar: Int { width >= 70 ? min(30, width * 3 / 10) : 0 }
        var bodyX: Int { sidebar == 0 ? 1 : sidebar + 2 }
        var bodyWidth: Int { width - bodyX - 1 }
        var bodyTop: Int { 2 }
        var bodyHeight: Int { max(1, height - bodyTop - footerRows) }
    }

    /// The layout at this size, its body ending above the footer of the mode the worksheet is in.
    func layout(width: Int, height: Int) -> Layout {
        // The help of a box that scrolls depends on the box's room, which depends on the footer (its
        // help and its message, wrapped): fewer rows for the body only ever add the scrolling keys,
        // so from the fewest rows a footer takes this settles within three passes.
        var layout = Layout(width: width, height: height)
        for _ in 0..<3 {
            let rows = footer(layout).rows
            if rows == layout.footerRows { break }
            layout.footerRows = rows
        }
        return layout
    }

    /// The help of the mode and the message above it: a failed save or a conflict before any notice.
    func footer(_ layout: Layout) -> Footer {
        var message = notice.map { Footer.Message(text: $0, style: .warning) }
        if case .conflict = mode {
            // Nothing is retried until the caseworker chooses.
            message = Footer.Message(text: strings.conflictStatus, style: .error)
        } else if case .failed(let why) = saveState {
            message = Footer.Message(text: strings.saveFailed(why), style: .error)
        }
        return Footer(help: keyMap(layout).help, message: message, keepsMessageRow: true, width: layout.width)
    }

    /// The width text wraps at while it is edited: the body less the indent.
    /// The width the focused answer is laid out in: the same in `update` and in drawing.
    func textWidth(_ width: Int) -> Int {
        Self.answerWidth(bodyWidth: Layout(width: width, height: 24).bodyWidth, sub: row?.isSub ?? false)
    }

    static func answerWidth(bodyWidth: Int, sub: Bool) -> Int {
        max(1, bodyWidth - (sub ? 8 : 4))
    }
}
