import Terminal

/// What every screen draws the same way: the notice for a window too small, and the title bar
/// (with the training mark when the store is a training store).
enum Chrome {
    /// A frame for the screen; nil, with the notice drawn, when the window is below the minimum.
    static func frame(width: Int, height: Int, strings: Strings) -> (frame: Frame, usable: Bool) {
        var frame = Frame(width: width, height: height)
        guard width >= WorksheetState.minimumWidth, height >= WorksheetState.minimumHeight else {
            frame.put(DisplayWidth.truncate(strings.tooSmall, to: width), x: 0, y: height / 2, style: .bold)
            return (frame, false)
        }
        return (frame, true)
    }

    static func title(_ frame: inout Frame, _ text: String, training: Bool, strings: Strings) {
        title(&frame, [TitleShape(before: text)], training: training, strings: strings)
    }

    /// The first of `shapes` that fits (see `fit`), after the training mark.
    static func title(_ frame: inout Frame, _ shapes: [TitleShape], training: Bool, strings: Strings) {
        frame.fill(x: 0, y: 0, count: frame.width, style: .reverse)
        let title = fit(shapes.map { shape in
            var marked = shape
            marked.before = strings.trainingMark(training) + shape.before
            return marked
        }, width: frame.width - 2)
        frame.put(title, x: 1, y: 0, style: Style(bold: true, reverse: true, role: training ? .training : .normal))
    }

    /// The first shape that fits in `width` cells; where none does, the last with its giving part
    /// left out and its end cut with "…".
    static func fit(_ shapes: [TitleShape], width: Int) -> String {
        for shape in shapes {
            if let text = shape.fitted(width) { return text }
        }
        guard let last = shapes.last else { return "" }
        return DisplayWidth.truncate(last.before + last.after, to: width)
    }
}

/// One way to write a title in a narrow window: `giving` gives way to `before` and `after`, cut
/// with "…" to the room they leave but not below `least` cells (a name cut to a letter or two
/// says nothing). A shape with nothing giving fits whole or not at all.
struct TitleShape: Sendable {
    var before: String
    var giving = ""
    var after = ""
    var least = 1

    /// The title in `width` cells, or nil where it would need `giving` below `least` cells.
    func fitted(_ width: Int) -> String? {
        let whole = before + giving + after
        if DisplayWidth.of(whole) <= width { return whole }
        let room = width - DisplayWidth.of(before) - DisplayWidth.of(after)
        guard !giving.isEmpty, room >= max(1, least) else { return nil }
        return before + DisplayWidth.truncate(giving, to: room) + after
    }
}
