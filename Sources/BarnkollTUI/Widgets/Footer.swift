import Terminal

/// The bottom of a screen: the help bar (the keys that work at this moment) on the last rows and,
/// above it, the status message. It says how many rows it takes, so a screen's body ends above it
/// and the body, the message and the help never overlap. The help is split between key groups onto
/// as many lines as the width needs (two at 80 columns, more at the narrowest), so no key is cut
/// off; the message is wrapped by words onto up to `maximumMessageRows` rows, so it is read whole.
struct Footer: Sendable {
    struct Message: Sendable {
        let text: String
        let style: Style
    }

    /// A message longer than this many rows ends the last with "…": the body keeps room to be read
    /// even at the narrowest size, where the help already takes three rows.
    static let maximumMessageRows = 3

    /// The help bar's lines, top first.
    let helpLines: [String]
    let message: Message?
    /// The message wrapped to the width, top first: empty when there is none.
    let messageLines: [String]
    /// A screen that shows messages keeps their row even when none is shown, so its body does not
    /// jump when one appears.
    let keepsMessageRow: Bool

    init(help: String, message: Message? = nil, keepsMessageRow: Bool, width: Int) {
        helpLines = Self.lines(help, room: width - 2)
        self.message = message
        messageLines = message.map { Self.messageLines($0.text, room: width - 2) } ?? []
        self.keepsMessageRow = keepsMessageRow
    }

    /// A screen's notice in its usual style.
    init(help: String, notice: String?, width: Int) {
        self.init(help: help, message: notice.map { Message(text: $0, style: .warning) }, keepsMessageRow: true, width: width)
    }

    /// The rows it takes at the bottom of the frame.
    var rows: Int { helpLines.count + max(messageLines.count, keepsMessageRow ? 1 : 0) }

    /// The rows a body starting at `top` has above the footer in a frame `height` high: never
    /// fewer than one, which a screen draws into whatever the window's size.
    func bodyHeight(top: Int, height: Int) -> Int { max(1, rowsLeft(top: top, height: height)) }

    /// The rows left above the footer, none or fewer when it takes them all: for a screen choosing
    /// where its body starts.
    func rowsLeft(top: Int, height: Int) -> Int { height - top - rows }

    /// The help, its groups (separated by two spaces) kept whole, on as few lines as fit in `room`.
    static func lines(_ help: String, room: Int) -> [String] {
        guard DisplayWidth.of(help) > room else { return [help] }
        var lines: [String] = []
        var line = ""
        for group in help.components(separatedBy: "  ") {
            let candidate = line.isEmpty ? group : line + "  " + group
            if line.isEmpty || DisplayWidth.of(candidate) <= room {
                line = candidate
            } else {
                lines.append(line)
                line = group
            }
        }
        lines.append(line)
        return lines
    }

    /// The message wrapped by words in `room`, at most `maximumMessageRows` rows (at least one, so an
    /// empty message still holds its row); when cut, the last row ends with "…".
    static func messageLines(_ text: String, room: Int) -> [String] {
        let wrapped = Wrap.lines(text, width: room)
        guard wrapped.count > maximumMessageRows else { return wrapped.isEmpty ? [""] : wrapped }
        var lines = Array(wrapped.prefix(maximumMessageRows))
        let last = lines[lines.count - 1]
        lines[lines.count - 1] = DisplayWidth.of(last) < room ? last + "…" : DisplayWidth.truncate(last, to: room)
        return lines
    }

    /// Drawn from the bottom up, last so that nothing drawn before covers it.
    func draw(_ frame: inout Frame) {
        let room = frame.width - 2
        for (offset, line) in helpLines.enumerated() {
            let y = frame.height - helpLines.count + offset
            frame.fill(x: 0, y: y, count: frame.width, style: .reverse)
            frame.put(DisplayWidth.truncate(line, to: room), x: 1, y: y, style: .reverse)
        }
        if let message {
            let top = frame.height - helpLines.count - messageLines.count
            for (offset, line) in messageLines.enumerated() where top + offset >= 0 {
                frame.fill(x: 0, y: top + offset, count: frame.width, style: .normal)
                frame.put(DisplayWidth.truncate(line, to: room), x: 1, y: top + offset, style: message.style)
            }
        }
    }
}
