import CTerminalGuard

/// Columns a text takes on the terminal: what ncurses will do with it, not its length.
public enum DisplayWidth {
    /// The sum of wcwidth over the scalars (å = 1, 中 = 2, a combining mark 0); controls count 0.
    public static func of(_ character: Character) -> Int {
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
        if of(text) <= columns { return text }
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
}
