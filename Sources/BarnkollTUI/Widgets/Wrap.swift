import Terminal

/// Text wrapped at word boundaries for display, with a space hanging at a break dropped.
enum Wrap {
    /// A line that starts with spaces (a group's entries in an answer as documents write it)
    /// goes on under its own text, not at the edge, while that leaves it half the width.
    static func lines(_ text: String, width: Int) -> [String] {
        guard text.first == " " || text.contains("\n ") else { return unindented(text, width: width) }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            let indent = line.prefix { $0 == " " }.count
            guard indent > 0, indent < line.count, indent <= width / 2 else { return unindented(String(line), width: width) }
            return lines(String(line.dropFirst(indent)), width: width, marker: String(repeating: " ", count: indent))
        }
    }

    private static func unindented(_ text: String, width: Int) -> [String] {
        let characters = Array(text)
        let layout = TextLayout(characters, width: max(1, width))
        return layout.lines.map {
            var line = layout.text(of: $0, in: characters)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Parts that read alone ("Enhet: Norr", a date) joined by " · ", each row broken between
    /// parts, so no label is left at the end of a row without its value; a part wider than a row
    /// is wrapped at its words.
    static func parts(_ parts: [String], width: Int, separator: String = " · ") -> [String] {
        var rows: [String] = []
        var row = ""
        for part in parts {
            if !row.isEmpty && DisplayWidth.of(row + separator + part) <= width {
                row += separator + part
                continue
            }
            if !row.isEmpty { rows.append(row) }
            let wrapped = lines(part, width: width)
            rows += wrapped.dropLast()
            row = wrapped.last ?? ""
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Text after a marker ("• ", "⛔ "), its later rows starting under the text, not the marker.
    static func lines(_ text: String, width: Int, marker: String) -> [String] {
        let hanging = DisplayWidth.of(marker)
        return lines(text, width: width - hanging).enumerated().map { row, line in
            (row == 0 ? marker : String(repeating: " ", count: hanging)) + line
        }
    }
}
