/// Soft-wraps text by display width: greedy by words, over-long words broken between characters,
/// `\n` kept as a paragraph break. Lines are ranges into the text, so a cursor maps through the
/// same result it is drawn with.
public struct TextLayout: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// Character offsets into the text; `end` excludes the line's newline.
        public var start: Int
        public var end: Int
    }

    public let width: Int
    public let lines: [Line]

    public init(_ characters: [Character], width: Int) {
        self.width = max(1, width)
        var lines: [Line] = []
        var paragraphStart = 0
        for index in 0...characters.count {
            if index == characters.count || characters[index] == "\n" {
                Self.wrap(characters, from: paragraphStart, to: index, width: self.width, into: &lines)
                paragraphStart = index + 1
            }
        }
        self.lines = lines
    }

    static func wrap(_ characters: [Character], from start: Int, to end: Int, width: Int, into lines: inout [Line]) {
        if start == end {
            lines.append(Line(start: start, end: end))
            return
        }
        var lineStart = start
        var used = 0
        var lastBreak: Int?
        var index = start
        while index < end {
            let character = characters[index]
            let columns = DisplayWidth.of(character)
            if used + columns > width && character != " " {
                if let breakAt = lastBreak, breakAt > lineStart {
                    lines.append(Line(start: lineStart, end: breakAt))
                    lineStart = breakAt
                } else {
                    lines.append(Line(start: lineStart, end: index))
                    lineStart = index
                }
                lastBreak = nil
                used = 0
                for offset in lineStart..<index { used += DisplayWidth.of(characters[offset]) }
                continue
            }
            used += columns
            index += 1
            if character == " " { lastBreak = index }
        }
        lines.append(Line(start: lineStart, end: end))
    }

    /// The row and column of a cursor offset.
    public func position(of cursor: Int, in characters: [Character]) -> (row: Int, column: Int) {
        for (row, line) in lines.enumerated() {
            let isLastOfParagraph = row + 1 == lines.count || lines[row + 1].start != line.end
            if cursor >= line.start && (cursor < line.end || (cursor == line.end && isLastOfParagraph)) {
                var column = 0
                for offset in line.start..<cursor { column += DisplayWidth.of(characters[offset]) }
                return (row, min(column, width))
            }
        }
        return (max(0, lines.count - 1), 0)
    }

    /// The offset nearest to a column on a row.
    public func offset(row: Int, column: Int, in characters: [Character]) -> Int {
        guard !lines.isEmpty else { return 0 }
        let line = lines[min(max(0, row), lines.count - 1)]
        var used = 0
        var offset = line.start
        while offset < line.end {
            let columns = DisplayWidth.of(characters[offset])
            if used + columns > column { break }
            used += columns
            offset += 1
        }
        // A wrapped line's last offset belongs to the next line; stay before it.
        let continues = row + 1 < lines.count && lines[row + 1].start == line.end
        return continues && offset == line.end && offset > line.start ? offset - 1 : offset
    }

    public func text(of line: Line, in characters: [Character]) -> String {
        String(characters[line.start..<line.end])
    }
}
