import Terminal

/// A form's box as it is built, field by field, and drawn: titles and labels wrapped (a label is
/// never cut at the edge), options whole (`ChoiceList.wrapped`), typed values under their label
/// (`Form.rows`), and where the cursor stands. Drawn between two rows of the screen: when the
/// form is taller than the window, its lines scroll to keep the field in focus and its cursor in
/// view, and the box's borders say that more is above or below.
struct FormBox {
    /// The box's width, borders included; its text has four columns fewer.
    let width: Int
    private(set) var lines: [(String, Style)] = []
    /// The cursor's line, and its column counted from the start of the box's text.
    private(set) var cursor = (line: 0, column: 0)
    /// The lines of the field in focus (its label, its options or its rows), kept in view as far as they fit.
    private(set) var focus = 0...0

    init(width: Int) { self.width = width }

    var textWidth: Int { max(1, width - 4) }

    /// Text wrapped at the box's width: a title, a label, a line said above the fields.
    mutating func add(_ text: String, _ style: Style) {
        lines += Wrap.lines(text, width: textWidth).map { ($0, style) }
    }

    /// Rows laid out already (a window of options), the cursor at `column` of the first when told.
    mutating func add(rows: [String], _ style: Style, cursorAt column: Int? = nil) {
        if let column { place(line: lines.count, column: column, through: lines.count + rows.count - 1) }
        lines += rows.map { ($0, style) }
    }

    /// A choice: its label, and its options under it, whole; the cursor on the chosen one when in focus.
    mutating func choices(label: String, _ labels: [String], chosen: Int, focused: Bool) {
        let start = lines.count
        add(label, focused ? .bold : .dim)
        let options = ChoiceList.wrapped(labels, chosen: { $0 == chosen }, several: false, numbered: false, width: textWidth - 2)
        for (index, rows) in options.enumerated() {
            let here = index == chosen && focused
            if here { place(line: lines.count, column: 2, through: lines.count + rows.count - 1, from: start) }
            lines += rows.map { ("  " + $0, here ? .selected : .normal) }
        }
    }

    /// A typed field after `prefix`, under its own label when it has one, in `style`; the cursor in
    /// it when in focus.
    mutating func field(label: String? = nil, _ form: Form, _ index: Int, after prefix: String, _ style: Style) {
        let start = lines.count
        let focused = form.focus == index
        if let label { add(label, focused ? .bold : .dim) }
        field(form.rows(index, after: prefix, width: textWidth), focused: focused, style, from: start)
    }

    /// A typed field laid out already (`Form.rows` at `textWidth`), by a form that counted its rows first.
    mutating func field(_ laidOut: (rows: [String], cursor: (row: Int, column: Int)), focused: Bool, _ style: Style,
                        from start: Int? = nil) {
        let at = laidOut.cursor
        if focused { place(line: lines.count + at.row, column: at.column, through: lines.count + at.row, from: start ?? lines.count) }
        lines += laidOut.rows.map { ($0, style) }
    }

    private mutating func place(line: Int, column: Int, through last: Int, from start: Int? = nil) {
        cursor = (line, column)
        focus = min(start ?? line, line)...max(last, line)
    }

    /// Drawn at column `x` from row `top`, its lower border at row `bottom` at the latest. When
    /// the lines do not fit, a window of them: the cursor's line always, and as much of the field
    /// in focus as fits with it.
    func draw(_ frame: inout Frame, x: Int, top: Int, bottom: Int, strings: Strings) {
        let room = max(1, bottom - top - 1)
        let first = max(min(focus.lowerBound, cursor.line), cursor.line - room + 1)
        let window = ScrollList(count: lines.count, room: room,
                                following: first...min(max(focus.upperBound, cursor.line), first + room - 1))
        let shown = window.shown.map { lines[$0.line] }
        Dialog.draw(&frame, x: x, y: top, width: width, lines: shown, above: window.moreAbove ? strings.moreAbove : nil,
                    below: window.moreBelow ? strings.moreBelowInForm : nil)
        frame.cursor = (min(x + 2 + cursor.column, x + width - 2), top + 1 + cursor.line - window.top)
    }
}
