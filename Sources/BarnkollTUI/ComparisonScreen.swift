import BarnkollCore
import Terminal

public enum ComparisonEffect: Sendable, Equatable {
    /// Read the answers again (participants keep writing during the workshop).
    case reload(points: Bool)
    case quit
}

/// The trainer's view of a workshop: every participant's answers side by side, read-only, for the
/// projector. The same text as `barnkoll train compare`, scrolled.
public struct ComparisonState: Screen {
    public enum Message: KeyMessage {
        case key(Key)
        /// The answers read again.
        case reloaded(WorkshopComparison)
    }

    public private(set) var comparison: WorkshopComparison
    public let strings: Strings
    public private(set) var scroll = ScrollState()
    /// The discussion points before everyone has submitted, on the trainer's word.
    public private(set) var showPoints: Bool

    public init(comparison: WorkshopComparison, strings: Strings, showPoints: Bool = false) {
        self.comparison = comparison
        self.strings = strings
        self.showPoints = showPoints
    }


    /// The comparison's text without its title lines (the header shows the title), with the
    /// underlines of the plain text turned into a heading style.
    var body: [(text: String, heading: Bool)] {
        let all = Array(comparison.text().components(separatedBy: "\n").dropFirst(3))
        var result: [(text: String, heading: Bool)] = []
        for (index, line) in all.enumerated() {
            let isUnderline = !line.isEmpty && line.allSatisfy { $0 == "-" }
            if isUnderline { continue }
            let next = index + 1 < all.count ? all[index + 1] : ""
            result.append((line, !next.isEmpty && next.allSatisfy { $0 == "-" }))
        }
        return result
    }

    /// The body wrapped to `width`: a line's further rows hang under its text, past its "- ", its
    /// number ("7. ") or its indent (as `Wrap` hangs every indented line), so each answer and each
    /// discussion point reads as one.
    func lines(width: Int) -> [(text: String, heading: Bool)] {
        body.flatMap { line in
            guard !line.text.isEmpty else { return [("", false)] }
            let marker = Self.marker(line.text)
            return Wrap.lines(String(line.text.dropFirst(marker.count)), width: width, marker: marker).map { ($0, line.heading) }
        }
    }

    /// What a line's further rows hang past: "- " and the indent before it (a group entry's field
    /// in its nested list), or a number and its point ("7. ").
    static func marker(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        if line.dropFirst(indent.count).hasPrefix("- ") { return indent + "- " }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return digits + ". " }
        return ""
    }

    public mutating func update(_ message: Message, size: Size) -> [ComparisonEffect] {
        switch message {
        case .key(let key): return update(key, width: size.width, height: size.height)
        case .reloaded(let comparison): self.comparison = comparison
        }
        return []
    }

    enum Action: Sendable { case scroll, reload, points, quit }

    var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end, .character(" ")], "↑↓ PgUp PgDn", strings.keyScroll, .scroll),
            KeyBinding([.character("r")], "r", strings.keyReload, .reload),
            KeyBinding([.character("p")], "p", strings.keyDiscussionPoints, .points),
            KeyBinding([.character("q"), .escape, .control("q"), .control("c")], "q", strings.keyQuit, .quit),
        ])
    }

    mutating func update(_ key: Key, width: Int, height: Int) -> [ComparisonEffect] {
        switch keyMap.action(for: key) {
        case .scroll:
            _ = scroll.handle(key, count: lines(width: width - 2).count, room: room(width: width, height: height),
                              pageDown: [.pageDown, .character(" ")])
        case .reload: return [.reload(points: showPoints)]
        case .points:
            showPoints.toggle()
            return [.reload(points: showPoints)]
        case .quit: return [.quit]
        case nil: break
        }
        return []
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        // In a narrow window the case's name gives way, then the word before the code: the
        // workshop's code and how many are finished stay.
        let caseTitle = " · " + TextHygiene.forOutput(comparison.caseTitle, multiline: false)
        let finished = " · " + strings.finishedOf(comparison.finished, comparison.participants.count)
        Chrome.title(&frame, ["\(strings.comparisonTitle) \(comparison.code)", comparison.code].map {
            TitleShape(before: $0, giving: caseTitle, after: finished, least: 8)
        }, training: true, strings: strings)
        let all = lines(width: width - 2)
        for (index, row) in ScrollList(count: all.count, room: room(width: width, height: height), offset: scroll.offset).shown {
            frame.put(all[index].text, x: 1, y: 1 + row, style: all[index].heading ? .accent : .normal, limit: width - 2)
        }
        footer(width: width).draw(&frame)
        return frame
    }

    /// The help alone: this screen has no messages.
    func footer(width: Int) -> Footer { Footer(help: keyMap.help, keepsMessageRow: false, width: width) }

    /// The rows the comparison has between the title and the help, the same in `update` and in drawing.
    func room(width: Int, height: Int) -> Int { footer(width: width).bodyHeight(top: 1, height: height) }
}
