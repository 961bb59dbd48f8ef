import BarnkollCore
import Terminal

/// A question answered with text, in a box over the screen: a comment, a reason.
public struct TextPrompt: Sendable {
    var title: String
    var editor: TextEditor
    /// Whether an empty answer is refused (returning, overriding).
    var required: Bool
    /// Its keys, named under the text (the hint) and in the help bar.
    let keyMap: KeyMap<Action>

    enum Action: Sendable { case done, cancel, edit }

    init(title: String, strings: Strings, text: String = "", required: Bool) {
        self.title = title
        self.editor = TextEditor(text, multiline: true)
        self.required = required
        keyMap = KeyMap([
            KeyBinding([.enter, .control("s")], "Enter", strings.keyDone, .done),
            KeyBinding([.escape], "Esc", strings.keyCancel, .cancel),
            KeyBinding([.control("z")], "^Z", strings.keyUndo, .edit),
        ])
    }

    enum Outcome: Equatable {
        case editing
        case cancelled
        case done(String)
        case refusedEmpty
    }

    /// The box's width in a window `width` wide, and the text's inside it: the text is laid out
    /// at the one width it is drawn at, so ↑↓ move by the lines seen.
    static func boxWidth(_ width: Int) -> Int { min(width - 4, 76) }
    static func textWidth(_ width: Int) -> Int { max(1, boxWidth(width) - 6) }

    /// Enter on its own line ends the text; Alt/paste keep newlines. Esc cancels.
    mutating func update(_ key: Key, width: Int) -> Outcome {
        let textWidth = Self.textWidth(width)
        switch keyMap.action(for: key) {
        case .cancel:
            return .cancelled
        case .done:
            let text = TextHygiene.sanitize(editor.text).trimmingCharacters(in: .whitespacesAndNewlines)
            if required && text.isEmpty { return .refusedEmpty }
            return .done(text)
        case .edit, nil:
            if case .paste(let text) = key {
                editor.handle(.paste(TextHygiene.sanitize(text)), width: textWidth)
            } else {
                editor.handle(key, width: textWidth)
            }
        }
        return .editing
    }

    /// Drawn within the `room` rows under the title, so a footer's message of up to three rows
    /// is never drawn over the box's last lines; below its three rows of text only when the room
    /// is that small (the smallest window with the tallest footer). The title and the keys are
    /// wrapped, never cut ("Godkänn. Kommentar till handläg…" at 40 columns).
    func draw(_ frame: inout Frame, room: Int) {
        let width = Self.boxWidth(frame.width)
        var lines: [(String, Style)] = Wrap.lines(title, width: width - 4).map { ($0, .accent) }
        let titleRows = lines.count
        let help = Footer.lines(keyMap.help, room: width - 4)
        let characters = editor.characters
        var layout = editor
        let textLayout = layout.layout(width: Self.textWidth(frame.width))
        // The box is its text, the title and the help, and two borders.
        let rows = max(1, min(max(3, textLayout.lines.count), room - 2 - titleRows - help.count))
        let position = textLayout.position(of: editor.cursor, in: characters)
        let first = ScrollList(count: max(rows, textLayout.lines.count), room: rows, following: position.row).top
        for index in first..<(first + rows) {
            let text = index < textLayout.lines.count ? textLayout.text(of: textLayout.lines[index], in: characters) : ""
            lines.append(("▏" + text, .normal))
        }
        lines += help.map { ($0, .dim) }
        let top = 1 + max(0, (room - lines.count - 2) / 2)
        Dialog.draw(&frame, x: 2, y: top, width: width, lines: lines)
        frame.cursor = (2 + 2 + 1 + position.column, top + 1 + titleRows + (position.row - first))
    }
}
