import BarnkollCore
import Terminal

/// Fields one under another, one in focus: text fields edited in place, choices stepped through
/// their options. The focus goes round (Tab, ⇧Tab); the screen draws the fields its own way and
/// reads their values. Used by the new-analysis form and the review queue's filters.
struct Form: Sendable, Equatable {
    enum Field: Sendable, Equatable {
        case text(TextEditor)
        case choice(ChoiceList)
    }

    private(set) var fields: [Field]
    /// The field in focus.
    private(set) var focus: Int

    init(_ fields: [Field], focus: Int = 0) {
        self.fields = fields
        self.focus = min(max(0, focus), max(0, fields.count - 1))
    }

    /// The next field (or the previous one, `by: -1`), round from the last to the first.
    mutating func move(by step: Int) {
        guard !fields.isEmpty else { return }
        focus = ((focus + step) % fields.count + fields.count) % fields.count
    }

    mutating func focus(on index: Int) {
        if fields.indices.contains(index) { focus = index }
    }

    var focusIsText: Bool {
        if case .text = fields[focus] { return true }
        return false
    }

    /// A key for the focused text field (a paste comes on one line, cleaned); nothing on a choice.
    mutating func edit(_ key: Key) {
        guard case .text(var editor) = fields[focus] else { return }
        if case .paste(let text) = key {
            editor.handle(.paste(TextHygiene.sanitize(text, multiline: false)), width: 200)
        } else {
            editor.handle(key, width: 200)
        }
        fields[focus] = .text(editor)
    }

    /// Steps the focused choice: stopping at the ends, or round them (`wrap`).
    mutating func step(by step: Int, wrap: Bool = false) {
        guard case .choice(var list) = fields[focus], list.count > 0 else { return }
        if wrap {
            list = ChoiceList(count: list.count, selected: ((list.selected + step) % list.count + list.count) % list.count)
        } else {
            list.move(by: step)
        }
        fields[focus] = .choice(list)
    }

    /// A text field's value, cleaned and trimmed; nil when empty (or not a text).
    func text(_ index: Int) -> String? {
        guard case .text(let editor) = fields[index] else { return nil }
        let text = TextHygiene.sanitize(editor.text, multiline: false).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// The text as typed, for drawing.
    func typed(_ index: Int) -> String {
        if case .text(let editor) = fields[index] { return editor.text }
        return ""
    }

    /// A choice's selected option.
    func choice(_ index: Int) -> Int {
        if case .choice(let list) = fields[index] { return list.selected }
        return 0
    }

    /// A text field drawn after `prefix` in `width` columns: wrapped, its later rows under its
    /// text, so a reason, a note or a unit's name longer than the row is never cut at the edge;
    /// at most `room` rows, following the cursor. The rows, and where the cursor stands among
    /// them (its column counted from the prefix's start).
    func rows(_ index: Int, after prefix: String, width: Int, room: Int = 3) -> (rows: [String], cursor: (row: Int, column: Int)) {
        let hanging = DisplayWidth.of(prefix)
        guard case .text(let editor) = fields[index] else { return ([prefix], (0, hanging)) }
        let characters = editor.characters
        let layout = TextLayout(characters, width: max(1, width - hanging))
        let position = layout.position(of: editor.cursor, in: characters)
        let window = ScrollList(count: max(1, layout.lines.count), room: room, following: position.row)
        let indent = String(repeating: " ", count: hanging)
        let rows = window.shown.map { line, _ in
            var text = layout.lines.indices.contains(line) ? layout.text(of: layout.lines[line], in: characters) : ""
            // The space a row breaks at hangs past the edge, as in `Wrap`.
            while text.hasSuffix(" ") && DisplayWidth.of(text) > layout.width { text.removeLast() }
            return (line == 0 ? prefix : indent) + text
        }
        return (rows, (position.row - window.top, hanging + position.column))
    }
}

/// A form over the worksheet (a note, a move, a hand-over) as its keys drive it: fields in turn, choices
/// stepped, text edited (`WorksheetState.formKey`).
protocol WorksheetForm: Sendable, Equatable {
    mutating func move(by step: Int)
    mutating func step(by step: Int)
    mutating func edit(_ key: Key)
    var focusIsText: Bool { get }
}
