import BarnkollCore
import Terminal

/// A question answered with text, in a box over the screen: a comment, a reason.
public struct TextPrompt: Sendable {
    var title: String
    var hint: String
    var editor: TextEditor
    /// Whether an empty answer is refused (returning, overriding).
    var required: Bool

    init(title: String, hint: String, text: String = "", required: Bool) {
        self.title = title
        self.hint = hint
        self.editor = TextEditor(text, multiline: true)
        self.required = required
    }

    enum Outcome: Equatable {
        case editing
        case cancelled
        case done(String)
        case refusedEmpty
    }

    /// Enter on its own line ends the text; Alt/paste keep newlines. Esc cancels.
    mutating func update(_ key: Key) -> Outcome {
        switch key {
        case .escape:
            return .cancelled
        case .enter, .control("s"):
            let text = TextHygiene.sanitize(editor.text).trimmingCharacters(in: .whitespacesAndNewlines)
            if required && text.isEmpty { return .refusedEmpty }
            return .done(text)
        case .paste(let text):
            editor.handle(.paste(TextHygiene.sanitize(text)), width: 60)
        default:
            editor.handle(key, width: 60)
        }
        return .editing
    }

    func draw(_ frame: inout Frame) {
        let width = min(frame.width - 4, 76)
        let inner = width - 4
        var lines: [(String, Style)] = [(title, .accent)]
        let characters = editor.characters
        var layout = editor
        let textLayout = layout.layout(width: inner - 2)
        let rows = max(3, min(textLayout.lines.count, frame.height - 10))
        let position = textLayout.position(of: editor.cursor, in: characters)
        let first = max(0, position.row - rows + 1)
        for index in first..<(first + rows) {
            let text = index < textLayout.lines.count ? textLayout.text(of: textLayout.lines[index], in: characters) : ""
            lines.append(("▏" + text, .normal))
        }
        lines.append((hint, .dim))
        let top = max(1, (frame.height - lines.count - 2) / 2)
        Dialog.draw(&frame, x: 2, y: top, width: width, lines: lines)
        frame.cursor = (2 + 2 + 1 + position.column, top + 2 + (position.row - first))
    }
}
