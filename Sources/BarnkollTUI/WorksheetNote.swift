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

    func renderNote(_ frame: inout Frame, _ form: NoteForm, bottom: Int) {
        let fields = form.fields
        var box = FormBox(width: min(frame.width - 4, 76))
        box.add(strings.noteTitle, .accent)
        box.add(strings.afterDecision + ":", .bold)
        // The latest two, so the form fits in 24 rows; the document (`show`) has them all.
        let kept = noteLines()
        if kept.isEmpty { box.add(rows: ["  " + strings.noNotes], .dim) }
        if kept.count > 2 { box.add(rows: ["  " + strings.earlierNotes(kept.count - 2)], .dim) }
        box.add(rows: kept.suffix(2).map { "  " + $0 }, .normal)
        func label(_ field: Int) -> Style { fields.focus == field ? .bold : .dim }
        box.choices(label: strings.noteKind + ":", NoteKind.allCases.map { $0.label(language) }, chosen: fields.choice(NoteForm.kind),
                    focused: fields.focus == NoteForm.kind)
        box.field(fields, NoteForm.date, after: strings.noteDate + ": ", label(NoteForm.date))
        if form.kind == .outcome {
            box.choices(label: strings.noteOutcome + ":", DecisionOutcome.allCases.map { $0.label(language) },
                        chosen: fields.choice(NoteForm.outcome), focused: fields.focus == NoteForm.outcome)
        }
        box.field(fields, NoteForm.text, after: strings.noteText + ": ", label(NoteForm.text))
        box.draw(&frame, x: 2, top: 1, bottom: bottom, strings: strings)
    }
}
