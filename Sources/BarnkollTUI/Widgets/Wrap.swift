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
}
