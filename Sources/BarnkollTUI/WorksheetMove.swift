import BarnkollCore
import Terminal

/// An analysis filed under the wrong one of the listed units, moved from the worksheet: Enter on
/// the unit's item opens this form with the units Core lets this account (its author, a supervisor
/// of its unit, an admin) move it to, and a reason.
/// Moved through Core's `move`, as `barnkoll admin move` does (on the chain, with the reason).
public struct MoveForm: WorksheetForm {
    static let unit = 0, reason = 1
    /// The units offered, as listed.
    public let units: [String]
    private(set) var fields: Form

    init(units: [String]) {
        self.units = units
        fields = Form([.choice(ChoiceList(count: units.count)), .text(TextEditor("", multiline: false))])
    }

    /// The unit chosen.
    public var unit: String { units[min(fields.choice(Self.unit), units.count - 1)] }
    /// The reason as typed, for tests and drawing; Core decides whether it is one.
    public var typedReason: String { fields.typed(Self.reason) }
    var reason: String { fields.text(Self.reason) ?? "" }

    mutating func move(by step: Int) { fields.move(by: step) }
    mutating func step(by step: Int) { fields.step(by: step) }
    mutating func edit(_ key: Key) { fields.edit(key) }
    var focusIsText: Bool { fields.focusIsText }
}

extension WorksheetState {
    func renderMove(_ frame: inout Frame, _ form: MoveForm) {
        let width = min(frame.width - 4, 76)
        let fields = form.fields
        func label(_ field: Int) -> Style { fields.focus == field ? .bold : .dim }
        var lines: [(String, Style)] = [(strings.moveTitle, .accent),
                                        (strings.moveFrom(TextHygiene.forOutput(analysis.summary.unit, multiline: false)), .normal),
                                        (strings.moveTo + ":", label(MoveForm.unit))]
        var cursor = (x: 6, y: 0)
        let chosen = fields.choice(MoveForm.unit)
        let names = form.units.map { TextHygiene.forOutput($0, multiline: false) }
        // An admin may be offered every unit of the administration: the options shown are a window
        // round the one chosen, so the reason and the box's edge stay on the screen.
        let room = max(1, frame.height - 3 - lines.count - 4)
        let first = min(max(0, chosen - room / 2), max(0, names.count - room))
        let options = ChoiceList.lines(names, chosen: { $0 == chosen }, several: false, numbered: false, width: width - 6)
        for index in first..<min(names.count, first + room) {
            if fields.focus == MoveForm.unit && index == chosen { cursor = (6, lines.count) }
            lines.append(("  " + options[index], index == chosen && fields.focus == MoveForm.unit ? .selected : .normal))
        }
        let prefix = strings.moveReason + ": "
        if fields.focus == MoveForm.reason { cursor = (4 + DisplayWidth.of(prefix) + fields.cursorColumn, lines.count) }
        lines.append((prefix + fields.typed(MoveForm.reason), label(MoveForm.reason)))
        let top = 1
        Dialog.draw(&frame, x: 2, y: top, width: width, lines: lines)
        frame.cursor = (min(cursor.x, width), top + 1 + cursor.y)
    }
}
