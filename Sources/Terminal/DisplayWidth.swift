import CTerminalGuard

/// Columns a text takes on the terminal: what ncurses will do with it, not its length.
public enum DisplayWidth {
    /// The sum of wcwidth over the scalars (å = 1, 中 = 2, a combining mark 0); controls count 0.
    public static func of(_ character: Character) -> Int {
        // Printable ASCII and two-byte Latin (U+00A0–U+02FF, Swedish letters among them) are one
        // column: decided on the bytes, the common case on every keystroke of a long answer.
        let utf8 = character.utf8
        if let first = utf8.first {
            if first >= 0x20 && first < 0x7F && utf8.count == 1 { return 1 }
            if utf8.count == 2 && (first > 0xC2 && first <= 0xCB || first == 0xC2 && utf8.last.map { $0 >= 0xA0 } == true) {
                return 1
            }
        }
        if character.isASCII {
            guard let value = character.asciiValue else { return 0 }
            return value >= 0x20 && value < 0x7F ? 1 : 0
        }
        var total = 0
        for scalar in character.unicodeScalars {
            let width = bk_wcwidth(scalar.value)
            if width > 0 { total += Int(width) }
        }
        return min(total, 2)
    }

    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The text cut to at most `columns`, with an ellipsis when cut.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        let total = of(text)
        if total <= columns { return text }
        // Blanks past the edge are nothing cut: a padded header or row gets no "…" for them.
        let blanks = text.reversed().prefix { $0 == " " }.count
        if total - blanks <= columns { return String(text.dropLast(blanks)) }
        var result = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// The text cut to at most `columns` before a count or note in brackets at its end ("Inskickade
    /// (12)" → "Inskick… (12)"), which is kept whole while it takes at most half the columns: a
    /// heading cut at the edge still says how many.
    public static func truncate(keepingBracketedEnd text: String, to columns: Int) -> String {
        guard of(text) > columns, text.hasSuffix(")"), let open = text.range(of: " (", options: .backwards) else {
            return truncate(text, to: columns)
        }
        let end = String(text[open.lowerBound...])
        let endWidth = of(end)
        guard columns >= 2 * endWidth else { return truncate(text, to: columns) }
        return truncate(String(text[..<open.lowerBound]), to: columns - endWidth) + end
    }
}
