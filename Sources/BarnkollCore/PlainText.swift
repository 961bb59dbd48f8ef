/// Plain text laid out in columns, for what is printed or pasted rather than drawn (the screens
/// have `Wrap`, by display width). Here a character is a column, which holds for the Swedish and
/// English we write; a longer word stays whole.
public enum PlainText {
    /// A person's text as a document shows it: without what follows its last word (the line
    /// break an editor leaves when Enter is pressed last, spaces at the end).
    public static func trimmedEnd(_ text: String) -> String {
        String(text[..<(text.lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? text.startIndex)])
    }

    /// Each line of `text` after `prefix`; a line of only blanks stays empty, with nothing at its end.
    public static func indented(_ text: some StringProtocol, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.allSatisfy(\.isWhitespace) ? "" : prefix + line }.joined(separator: "\n")
    }

    /// Lines of at most `width` characters (the first at most `firstWidth`), broken between words.
    public static func wrap(_ text: some StringProtocol, width: Int, firstWidth: Int? = nil) -> [String] {
        var lines: [String] = []
        var line = ""
        var limit = firstWidth ?? width
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > limit {
                lines.append(line)
                line = ""
                limit = width
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Rows as aligned columns two spaces apart: a listing people read. A line ends at its last
    /// word, also where the cells after it are empty.
    public static func columns(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            trimmedEnd(row.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
    }

    /// One line of a document broken at `width`, its continuation lines indented as far as its
    /// text starts: past its own indent and past a list mark ("- ", "2. "), so a list item and an
    /// indented answer stay readable as blocks.
    public static func wrapKeepingIndent(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let body = line.drop { $0 == " " }
        let indent = line.count - body.count
        var hanging = indent
        if body.hasPrefix("- ") {
            hanging += 2
        } else if let space = body.firstIndex(of: " "), case let mark = body[..<space], mark.count <= 4,
                  mark.last == ".", mark.dropLast().allSatisfy(\.isNumber) {
            hanging += mark.count + 1
        }
        let lines = wrap(body, width: max(20, width - hanging), firstWidth: max(20, width - indent))
        return lines.enumerated().map { String(repeating: " ", count: $0.offset == 0 ? indent : hanging) + $0.element }
    }
}
