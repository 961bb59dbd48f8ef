import Terminal

/// A box over the body, for lists and questions.
enum Dialog {
    /// Blank columns kept beside the box on its rows: one on the left (a sidebar's line two columns
    /// away stays), or all of them when that leaves a column of its own at the screen's edge (the
    /// worksheet's sidebar showed its "▸" there beside a form), and everything to the right, where
    /// the body's text otherwise peeked out as stray letters (a home row's date cut to "2-05"
    /// beside a box capped at 70 columns).
    static let leftMargin = 1

    /// `above` and `below`: said in the upper and lower border, when the lines shown are a window
    /// of longer ones ("↑ mer"), so no line of the text gives way to it.
    static func draw(_ frame: inout Frame, x: Int, y: Int, width: Int, lines: [(String, Style)],
                     above: String? = nil, below: String? = nil) {
        let inner = max(1, width - 4)
        let left = x - leftMargin > 1 ? x - leftMargin : 0
        for row in y...(y + 1 + lines.count) {
            frame.fill(x: left, y: row, count: x - left, style: .normal)
            frame.fill(x: x + width, y: row, count: max(0, frame.width - x - width), style: .normal)
        }
        let top = "┌" + String(repeating: "─", count: max(0, width - 2)) + "┐"
        let bottom = "└" + String(repeating: "─", count: max(0, width - 2)) + "┘"
        frame.put(top, x: x, y: y, style: .bold)
        for (offset, line) in lines.enumerated() {
            let row = y + 1 + offset
            frame.fill(x: x, y: row, count: width, style: .normal)
            frame.put("│", x: x, y: row, style: .bold)
            if line.1.reverse { frame.fill(x: x + 2, y: row, count: inner, style: line.1) }
            frame.put(DisplayWidth.truncate(line.0, to: inner), x: x + 2, y: row, style: line.1)
            frame.put("│", x: x + width - 1, y: row, style: .bold)
        }
        frame.put(bottom, x: x, y: y + 1 + lines.count, style: .bold)
        if let above { frame.put(" \(above) ", x: x + 2, y: y, style: .bold) }
        if let below { frame.put(" \(below) ", x: x + 2, y: y + 1 + lines.count, style: .bold) }
    }

    /// A box of text that scrolls: `room` of its `lines` from `offset` (never past the end), its
    /// borders saying where more is, so a text longer than the window is read whole, never cut.
    static func draw(_ frame: inout Frame, x: Int, y: Int, width: Int, lines: [(String, Style)], room: Int, offset: Int,
                     strings: Strings) {
        let window = ScrollList(count: lines.count, room: room, offset: offset)
        Dialog.draw(&frame, x: x, y: y, width: width, lines: window.shown.map { lines[$0.line] },
                    above: window.moreAbove ? strings.moreAbove : nil,
                    below: window.moreBelow ? strings.moreBelow : nil)
    }
}
