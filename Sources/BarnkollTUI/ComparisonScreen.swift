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

    func lines(width: Int) -> [(text: String, heading: Bool)] {
        body.flatMap { line in
            line.text.isEmpty ? [("", false)] : Wrap.lines(line.text, width: width).map { ($0, line.heading) }
        }
    }

    public mutating func update(_ message: Message, size: Size) -> [ComparisonEffect] {
        switch message {
        case .key(let key): return update(key, width: size.width, height: size.height)
        case .reloaded(let comparison): self.comparison = comparison
        }
        return []
    }

    mutating func update(_ key: Key, width: Int, height: Int) -> [ComparisonEffect] {
        if scroll.handle(key, count: lines(width: width - 2).count, room: max(1, height - 3),
                         pageDown: [.pageDown, .character(" ")]) {
            return []
        }
        switch key {
        case .character("r"): return [.reload(points: showPoints)]
        case .character("p"):
            showPoints.toggle()
            return [.reload(points: showPoints)]
        case .escape, .character("q"), .control("q"), .control("c"): return [.quit]
        default: break
        }
        return []
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var frame = Frame(width: width, height: height)
        guard width >= WorksheetState.minimumWidth, height >= WorksheetState.minimumHeight else {
            frame.put(DisplayWidth.truncate(strings.tooSmall, to: width), x: 0, y: height / 2, style: .bold)
            return frame
        }
        frame.fill(x: 0, y: 0, count: width, style: .reverse)
        let title = "[\(strings.training)] \(strings.comparisonTitle) \(comparison.code) · \(comparison.caseTitle) · "
            + strings.finishedOf(comparison.finished, comparison.participants.count)
        frame.put(DisplayWidth.truncate(TextHygiene.forOutput(title, multiline: false), to: width - 2), x: 1, y: 0,
                  style: Style(bold: true, reverse: true, role: .training))
        let room = height - 3
        let all = lines(width: width - 2)
        for (index, row) in ScrollList(count: all.count, room: room, offset: scroll.offset).shown {
            frame.put(all[index].text, x: 1, y: 1 + row, style: all[index].heading ? .accent : .normal, limit: width - 2)
        }
        HelpBar.draw(&frame, text: strings.keysComparison)
        return frame
    }
}
