/// A grid of cells a screen renders into; the backend draws it. Screens are tested through it.
public struct Frame: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the real terminal cursor goes (braille displays follow it), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set {
            cursorX = newValue?.x
            cursorY = newValue?.y ?? 0
        }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes text from (x, y), clipped at `limit` columns (or the edge). Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x >= 0 else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in text {
            if character == "\n" { break }
            let columns = DisplayWidth.of(character)
            if columns == 0 { continue }
            if column + columns > end { break }
            cells[y * width + column] = Cell(character, style: style)
            if columns == 2 { cells[y * width + column + 1] = Cell(nil, style: style) }
            column += columns
        }
        return column - x
    }

    /// Fills a run of cells with spaces in a style (for bars and selections).
    public mutating func fill(x: Int, y: Int, count: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + count) {
            cells[y * width + column] = Cell(" ", style: style)
        }
    }

    /// One line of text per row, trailing spaces kept, for tests and the captures in README.md and docs/.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                if let character = self[x, y].character { line.append(character) }
            }
            return line
        }
    }

    /// The lines without their trailing blanks, as a test reads the screen.
    public var text: String {
        lines.map { line in
            var line = line
            while line.last?.isWhitespace == true { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursorX == rhs.cursorX && lhs.cursorY == rhs.cursorY
    }
}
