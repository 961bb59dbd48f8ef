import BarnkollCore
import Terminal

/// A note after the decision, written on an approved or closed analysis from the worksheet
/// (issue 20): the kind, the day, the outcome (for the outcome only) and a short text. Saved
/// through Core's `addNote`, as `barnkoll note` does: no new version, no review.
public struct NoteForm: WorksheetForm {
    static let kind = 0, date = 1, outcome = 2, text = 3
    private(set) var fields: Form

    /// `today`: the date the form starts with (the app's clock).
    init(today: String) {
        fields = Form([.choice(ChoiceList(count: NoteKind.allCases.count)), .text(TextEditor(today, multiline: false)),
                       .choice(ChoiceList(count: DecisionOutcome.allCases.count)), .text(TextEditor("", multiline: false))])
    }

    public var kind: NoteKind { NoteKind.allCases[min(fields.choice(Self.kind), NoteKind.allCases.count - 1)] }
    public var outcome: DecisionOutcome? {
        kind == .outcome ? DecisionOutcome.allCases[min(fields.choice(Self.outcome), DecisionOutcome.allCases.count - 1)] : nil
    }
    /// The date and the text as typed, for tests and drawing.
    public var typedDate: String { fields.typed(Self.date) }
    public var typedText: String { fields.typed(Self.text) }

    /// The note as the caseworker wrote it; Core decides whether it may be kept.
    var note: NewNote {
        NewNote(kind: kind, date: fields.text(Self.date) ?? "", outcome: outcome, text: fields.text(Self.text) ?? "")
    }

    /// The next field, past the outcome unless the kind is the outcome.
    mutating func move(by step: Int) {
        fields.move(by: step)
        if fields.focus == Self.outcome && kind != .outcome { fields.move(by: step) }
    }

    mutating func step(by step: Int) { fields.step(by: step) }
    mutating func edit(_ key: Key) { fields.edit(key) }
    var focusIsText: Bool { fields.focusIsText }
}

extension WorksheetState {
    /// One line per note kept, in `show`'s words (`AnalysisNote.line`), each on one line.
    func noteLines() -> [String] {
        analysis.notes.map { $0.line(language) { TextHygiene.forOutput($0, multiline: false) } }
    }

    func renderNote(_ frame: inout Frame, _ form: NoteForm) {
        let width = min(frame.width - 4, 76)
        let fields = form.fields
        func label(_ field: Int) -> Style { fields.focus == field ? .bold : .dim }
        var lines: [(String, Style)] = [(strings.noteTitle, .accent), (strings.afterDecision + ":", .bold)]
        // The latest two, so the form fits in 24 rows; the document (`show`) has them all.
        let kept = noteLines()
        if kept.isEmpty { lines.append(("  " + strings.noNotes, .dim)) }
        if kept.count > 2 { lines.append(("  " + strings.earlierNotes(kept.count - 2), .dim)) }
        lines += kept.suffix(2).map { ("  " + $0, .normal) }
        var cursor = (x: 6, y: 0)
        func choices(_ field: Int, _ labels: [String]) {
            lines.append(((field == NoteForm.kind ? strings.noteKind : strings.noteOutcome) + ":", label(field)))
            let chosen = fields.choice(field)
            for (index, rows) in ChoiceList.wrapped(labels, chosen: { $0 == chosen }, several: false, numbered: false,
                                                    width: width - 6).enumerated() {
                if fields.focus == field && index == chosen { cursor = (6, lines.count) }
                let style: Style = index == chosen && fields.focus == field ? .selected : .normal
                lines += rows.map { ("  " + $0, style) }
            }
        }
        func text(_ field: Int, _ name: String) {
            let (rows, at) = fields.rows(field, after: name + ": ", width: width - 4)
            if fields.focus == field { cursor = (4 + at.column, lines.count + at.row) }
            lines += rows.map { ($0, label(field)) }
        }
        choices(NoteForm.kind, NoteKind.allCases.map { $0.label(language) })
        text(NoteForm.date, strings.noteDate)
        if form.kind == .outcome { choices(NoteForm.outcome, DecisionOutcome.allCases.map { $0.label(language) }) }
        text(NoteForm.text, strings.noteText)
        let top = 1
        Dialog.draw(&frame, x: 2, y: top, width: width, lines: lines)
        frame.cursor = (min(cursor.x, width), top + 1 + cursor.y)
    }
}
