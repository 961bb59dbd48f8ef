import Terminal

/// Text wrapped at word boundaries for display, with a space hanging at a break dropped.
enum Wrap {
    static func lines(_ text: String, width: Int) -> [String] {
        let characters = Array(text)
        let layout = TextLayout(characters, width: max(1, width))
        return layout.lines.map {
            var line = layout.text(of: $0, in: characters)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Text after a marker ("• ", "⛔ "), its later rows starting under the text, not the marker.
    static func lines(_ text: String, width: Int, marker: String) -> [String] {
        let hanging = DisplayWidth.of(marker)
        return lines(text, width: width - hanging).enumerated().map { row, line in
            (row == 0 ? marker : String(repeating: " ", count: hanging)) + line
        }
    }
}
