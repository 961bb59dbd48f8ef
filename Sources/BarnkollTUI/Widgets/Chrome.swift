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
        title(&frame, text, giving: "", after: "", least: 0, training: training, strings: strings)
    }

    /// A title whose part `giving` gives way (see `fit`) so that `before` and `after` are read whole.
    static func title(_ frame: inout Frame, _ before: String, giving: String, after: String, least: Int,
                      training: Bool, strings: Strings) {
        frame.fill(x: 0, y: 0, count: frame.width, style: .reverse)
        let title = fit((training ? "[\(strings.training)] " : "") + before, giving: giving, after: after,
                        least: least, width: frame.width - 2)
        frame.put(title, x: 1, y: 0, style: Style(bold: true, reverse: true, role: training ? .training : .normal))
    }

    /// `before + giving + after` in `width` cells. Where it does not fit, `giving` gives way first:
    /// cut with "…" to the room the others leave, or left out where that room is below `least`
    /// cells (its whole width: whole or not at all). Only then is the end cut.
    static func fit(_ before: String, giving: String, after: String, least: Int, width: Int) -> String {
        let whole = before + giving + after
        guard DisplayWidth.of(whole) > width else { return whole }
        let room = width - DisplayWidth.of(before) - DisplayWidth.of(after)
        let kept = room >= max(1, least) ? DisplayWidth.truncate(giving, to: room) : ""
        return DisplayWidth.truncate(before + kept + after, to: width)
    }
}
