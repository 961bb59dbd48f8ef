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
        frame.fill(x: 0, y: 0, count: frame.width, style: .reverse)
        let title = (training ? "[\(strings.training)] " : "") + text
        frame.put(DisplayWidth.truncate(title, to: frame.width - 2), x: 1, y: 0,
                  style: Style(bold: true, reverse: true, role: training ? .training : .normal))
    }
}
