/// The state of a text being edited: the characters, the cursor, undo and redo.
public struct TextEditor: Sendable, Equatable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    public let multiline: Bool
    private var undoStack: [Snapshot] = []
    private var redoStack: [Snapshot] = []
    /// Typing coalesces into one undo step until something else happens.
    private var typing = false
    /// The column the cursor tries to keep when moving up and down.
    private var goalColumn: Int?
    private var layoutCache: TextLayout?

    static let undoLimit = 500

    struct Snapshot: Sendable, Equatable {
        var characters: [Character]
        var cursor: Int
    }

    public init(_ text: String, multiline: Bool) {
        characters = Array(text)
        cursor = characters.count
        self.multiline = multiline
    }

    public var text: String { String(characters) }

    public static func == (lhs: TextEditor, rhs: TextEditor) -> Bool {
        lhs.characters == rhs.characters && lhs.cursor == rhs.cursor
    }

    /// The layout kept from the last `layout(width:)`, if the text has not changed since.
    public func cachedLayout(width: Int) -> TextLayout? {
        layoutCache.flatMap { $0.width == max(1, width) ? $0 : nil }
    }

    /// The layout for a width, kept until the text changes.
    public mutating func layout(width: Int) -> TextLayout {
        if let layoutCache, layoutCache.width == max(1, width) { return layoutCache }
        let layout = TextLayout(characters, width: width)
        layoutCache = layout
        return layout
    }

    /// Applies a key. Returns true when the text changed.
    @discardableResult
    public mutating func handle(_ key: Key, width: Int) -> Bool {
        if case .character = key {} else { typing = false }
        switch key {
        case .character(let character):
            return insert(String(character), coalesce: true)
        case .paste(let text):
            return insert(multiline ? text : text.replacingOccurrences(of: "\n", with: " "), coalesce: false)
        case .enter:
            guard multiline else { return false }
            return insert("\n", coalesce: false)
        case .backspace:
            guard cursor > 0 else { return false }
            edit { $0.characters.remove(at: $0.cursor - 1); $0.cursor -= 1 }
            return true
        case .delete:
            guard cursor < characters.count else { return false }
            edit { $0.characters.remove(at: $0.cursor) }
            return true
        case .deleteWordBack:
            let start = wordStart(before: cursor)
            guard start < cursor else { return false }
            edit { $0.characters.removeSubrange(start..<$0.cursor); $0.cursor = start }
            return true
        case .control("u"):
            // As in a shell: the line before the cursor goes (in a search field, all of it).
            let start = characters[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
            guard start < cursor else { return false }
            edit { $0.characters.removeSubrange(start..<$0.cursor); $0.cursor = start }
            return true
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .wordLeft:
            cursor = wordStart(before: cursor)
        case .wordRight:
            cursor = wordEnd(after: cursor)
        case .home:
            let layout = layout(width: width)
            let row = layout.position(of: cursor, in: characters).row
            cursor = layout.lines[row].start
        case .end:
            let layout = layout(width: width)
            let row = layout.position(of: cursor, in: characters).row
            let line = layout.lines[row]
            let continues = row + 1 < layout.lines.count && layout.lines[row + 1].start == line.end
            cursor = continues ? max(line.start, line.end - 1) : line.end
        case .up, .down:
            let layout = layout(width: width)
            let position = layout.position(of: cursor, in: characters)
            let target = position.row + (key == .up ? -1 : 1)
            guard target >= 0 && target < layout.lines.count else { return false }
            let column = goalColumn ?? position.column
            cursor = layout.offset(row: target, column: column, in: characters)
            goalColumn = column
            return false
        case .control("z"):
            return undo()
        case .control("y"):
            return redo()
        default:
            return false
        }
        goalColumn = nil
        return false
    }

    public mutating func insert(_ text: String, coalesce: Bool = false) -> Bool {
        guard !text.isEmpty else { return false }
        if !(coalesce && typing) { pushUndo() }
        typing = coalesce
        characters.insert(contentsOf: Array(text), at: cursor)
        cursor += text.count
        changed()
        return true
    }

    public mutating func replaceAll(with text: String) {
        pushUndo()
        characters = Array(text)
        cursor = characters.count
        changed()
    }

    private mutating func edit(_ change: (inout TextEditor) -> Void) {
        pushUndo()
        change(&self)
        changed()
    }

    private mutating func changed() {
        layoutCache = nil
        goalColumn = nil
        redoStack.removeAll()
    }

    private mutating func pushUndo() {
        undoStack.append(Snapshot(characters: characters, cursor: cursor))
        if undoStack.count > Self.undoLimit { undoStack.removeFirst() }
    }

    public mutating func undo() -> Bool { step(back: true) }

    public mutating func redo() -> Bool { step(back: false) }

    /// Restores the last snapshot of one stack, keeping the present on the other.
    private mutating func step(back: Bool) -> Bool {
        guard let snapshot = back ? undoStack.popLast() : redoStack.popLast() else { return false }
        let present = Snapshot(characters: characters, cursor: cursor)
        if back { redoStack.append(present) } else { undoStack.append(present) }
        characters = snapshot.characters
        cursor = snapshot.cursor
        layoutCache = nil
        typing = false
        return true
    }

    private func isWord(_ index: Int) -> Bool {
        characters[index].isLetter || characters[index].isNumber
    }

    private func wordStart(before index: Int) -> Int {
        var position = index
        while position > 0 && !isWord(position - 1) { position -= 1 }
        while position > 0 && isWord(position - 1) { position -= 1 }
        return position
    }

    private func wordEnd(after index: Int) -> Int {
        var position = index
        while position < characters.count && !isWord(position) { position += 1 }
        while position < characters.count && isWord(position) { position += 1 }
        return position
    }
}
