import BarnkollCore
import Terminal

/// A draft or returned analysis moved to another of the listed units, or handed over to a
/// colleague, from the worksheet: the units or accounts Core lets this account choose, and a
/// reason. Enter on the unit's item opens a move (its author, a supervisor of its unit, an admin);
/// `o` a hand-over (a supervisor of its unit, an admin). Made through Core's `move` or `reassign`,
/// as `barnkoll admin move` and `admin reassign` do (on the chain, with the reason).
public struct TransferForm: WorksheetForm {
    static let choice = 0, reason = 1
    public let kind: Transfer.Kind
    /// The units or accounts offered, as the store names them.
    public let options: [String]
    private(set) var fields: Form

    init(_ kind: Transfer.Kind, options: [String]) {
        self.kind = kind
        self.options = options
        fields = Form([.choice(ChoiceList(count: options.count)), .text(TextEditor("", multiline: false))])
    }

    /// The unit or account chosen.
    public var chosen: String { options[min(fields.choice(Self.choice), options.count - 1)] }
    /// The reason as typed, for tests and drawing; Core decides whether it is one.
    public var typedReason: String { fields.typed(Self.reason) }
    var reason: String { fields.text(Self.reason) ?? "" }

    /// What the worksheet asks the app to do with it.
    var effect: WorksheetEffect {
        switch kind {
        case .move: .moveToUnit(chosen, reason: reason)
        case .handOver: .handOverTo(chosen, reason: reason)
        }
    }

    mutating func move(by step: Int) { fields.move(by: step) }
    mutating func step(by step: Int) { fields.step(by: step) }
    mutating func edit(_ key: Key) { fields.edit(key) }
    var focusIsText: Bool { fields.focusIsText }
}

extension WorksheetState {
    func renderTransfer(_ frame: inout Frame, _ form: TransferForm, bottom: Int) {
        let fields = form.fields
        let summary = analysis.summary
        let (title, now, to) = switch form.kind {
        case .move: (strings.moveTitle, strings.moveFrom(TextHygiene.forOutput(summary.unit, multiline: false)), strings.moveTo)
        case .handOver: (strings.handOverTitle, strings.handOverFrom(TextHygiene.forOutput(summary.author, multiline: false)), strings.handOverTo)
        }
        var box = FormBox(width: min(frame.width - 4, 76))
        box.add(title, .accent)
        // The unit it is filed under may have a name of 80 characters: whole, under itself.
        box.add(now, .normal)
        let focused = fields.focus == TransferForm.choice
        box.add(to + ":", focused ? .bold : .dim)
        let chosen = fields.choice(TransferForm.choice)
        let names = form.options.map { TextHygiene.forOutput($0, multiline: false) }
        // An admin may be offered every unit of the administration, a supervisor every colleague
        // of a large unit: the rows shown are a window round the option chosen (whole, however
        // many rows its name takes), so the reason and the box's edge stay on the screen.
        let reason = fields.rows(TransferForm.reason, after: strings.moveReason + ": ", width: box.textWidth)
        let top = 1
        let room = max(1, bottom - top - 1 - box.lines.count - reason.rows.count)
        let options = ChoiceList.wrapped(names, chosen: { $0 == chosen }, several: false, numbered: false, width: box.textWidth - 2)
        let rows = options.enumerated().flatMap { index, rows in rows.map { (option: index, text: $0) } }
        let chosenRows = (rows.firstIndex { $0.option == chosen } ?? 0)...(rows.lastIndex { $0.option == chosen } ?? 0)
        let window = ScrollList(count: rows.count, room: room, following: chosenRows, lead: room / 2)
        for (line, _) in window.shown {
            let row = rows[line]
            box.add(rows: ["  " + row.text], row.option == chosen && focused ? .selected : .normal,
                    cursorAt: focused && line == chosenRows.lowerBound ? 2 : nil)
        }
        let onReason = fields.focus == TransferForm.reason
        box.field(reason, focused: onReason, onReason ? .bold : .dim)
        box.draw(&frame, x: 2, top: top, bottom: bottom, strings: strings)
    }
}
