import Terminal

/// Where a freely scrolled text stands (the comparison, the indicators, a version diff): the
/// state of a `ScrollList`, kept by the screen apart from the drawing, as ratatui's ListState is.
public struct ScrollState: Sendable, Equatable {
    /// The first line shown.
    public private(set) var offset = 0

    public init() {}

    /// Moves on a scrolling key: ↑↓ a line, PgUp/PgDn (and `pageDown`'s other keys) a page
    /// (`room` lines unless told), Home/End to either end. False for any other key. `count`
    /// lines, `room` at a time.
    mutating func handle(_ key: Key, count: Int, room: Int, page: Int? = nil, pageDown: [Key] = [.pageDown]) -> Bool {
        let last = max(0, count - room)
        let page = page ?? room
        switch key {
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= page
        case .home: offset = 0
        case .end: offset = last
        case _ where pageDown.contains(key): offset += page
        default: return false
        }
        offset = min(max(0, offset), last)
        return true
    }
}

/// The one scrolling list: which of a list's lines show in a window of `room` rows, either
/// scrolled freely (`ScrollState`) or following a focus (the selected entry, the cursor), so the
/// focus is always in view.
struct ScrollList {
    let count: Int
    let room: Int
    /// The first line shown.
    let top: Int

    /// Scrolled freely: from `offset`, never past the end.
    init(count: Int, room: Int, offset: Int) {
        self.count = count
        self.room = max(0, room)
        top = min(max(0, offset), max(0, count - room))
    }

    /// Following the lines `focus`: they show, with `lead` lines above them where there is room
    /// (nil: the focus moves down to the last row before the list scrolls).
    init(count: Int, room: Int, following focus: ClosedRange<Int>, lead: Int? = nil) {
        self.count = count
        self.room = max(0, room)
        if let lead {
            top = max(0, min(focus.lowerBound - lead, count - room))
        } else if focus.upperBound >= room {
            top = max(0, min(focus.lowerBound, focus.upperBound - room + 1))
        } else {
            top = 0
        }
    }

    init(count: Int, room: Int, following line: Int, lead: Int? = nil) {
        self.init(count: count, room: room, following: line...line, lead: lead)
    }

    /// Whether lines lie above and below the window (what a box's borders say: "↑ mer", "↓ mer").
    var moreAbove: Bool { top > 0 }
    var moreBelow: Bool { top + room < count }

    /// The lines shown, each with its row in the window (0 is the window's first row).
    var shown: [(line: Int, row: Int)] {
        guard room > 0, top < count else { return [] }
        return (top..<min(count, top + room)).map { ($0, $0 - top) }
    }

    /// Draws selectable lines from row `y`: the selected one filled, marked `▸` (not by colour
    /// alone) and given the real cursor; `marked: false` lines (headings) take no marker column.
    /// The list follows `follow` (the selected line unless told), with the lines after it that
    /// cannot be selected (headings, "(inga)") where there is room, those that end the list first,
    /// so nothing is left below the window with no line there to select and bring it up; and with
    /// its heading (the nearest line above it that cannot be selected) right above it, or further
    /// up where the window holds both, or else on the window's first row where the lines that end
    /// the list still show.
    static func drawSelectable(_ frame: inout Frame, lines: [(text: String, style: Style, marked: Bool)], selected: Int?,
                               follow: Int? = nil, x: Int, y: Int, room: Int) {
        let focus = follow ?? selected ?? 0
        var end = focus
        while end + 1 < lines.count, !lines[end + 1].marked { end += 1 }
        // Lines after it that end the list must show, as nothing below brings them up; a heading
        // further up comes after them, as moving up brings it back.
        let tail = end + 1 == lines.count ? end : focus
        var heading = focus <= lines.count ? focus - 1 : -1
        while heading >= 0, lines[heading].marked { heading -= 1 }
        let start = heading >= 0 && (tail - heading < room || heading == focus - 1) ? heading : focus
        let list = ScrollList(count: lines.count, room: room, following: start...max(focus, end))
        var shown = list.shown
        if heading >= 0, heading < list.top, tail - focus < room - 1 {
            // Scrolled above the window, the heading keeps its first row, over the lines under it
            // (where the lines that end the list still show).
            let under = ScrollList(count: lines.count, room: room - 1, following: focus...max(focus, end))
            shown = [(heading, 0)] + under.shown.map { ($0.line, $0.row + 1) }
        }
        let width = frame.width - x - 1
        for (index, row) in shown {
            let line = lines[index]
            let isSelected = index == selected
            if isSelected { frame.fill(x: x, y: y + row, count: width, style: .selected) }
            // A heading has no marker column: it is cut at the same edge as the lines under it, and
            // before its count, which it keeps.
            let text = line.marked
                ? (isSelected ? "▸ " : "  ") + DisplayWidth.truncate(line.text, to: width - 3)
                : DisplayWidth.truncate(keepingBracketedEnd: line.text, to: width - 1)
            frame.put(text, x: x, y: y + row, style: isSelected ? .selected : line.style)
            if isSelected { frame.cursor = (x, y + row) }
        }
    }
}
