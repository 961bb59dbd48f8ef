import BarnkollCore
import Terminal

public enum IndicatorsEffect: Sendable, Equatable {
    /// Show another year: the app reads it from the store and calls `show(_:)`.
    case year(Int)
    case back
    case quit
}

/// The supervisor's indicators: the same tables and bars as `barnkoll stats`, scrollable, a year at a time.
public struct IndicatorsState: Screen {
    public enum Message: KeyMessage {
        case key(Key)
        /// Another year's report, read from the top.
        case report(IndicatorReport)
    }

    public let strings: Strings
    public private(set) var report: IndicatorReport
    public var labels: IndicatorLabels
    private(set) var scrolling = ScrollState()
    /// The first line shown.
    public var scroll: Int { scrolling.offset }

    public init(report: IndicatorReport, language: Language, labels: IndicatorLabels = IndicatorLabels()) {
        self.strings = Strings(language)
        self.report = report
        self.labels = labels
    }

    /// A new year's report replaces the old one, read from the top.
    mutating func show(_ report: IndicatorReport) {
        self.report = report
        scrolling = ScrollState()
    }

    public mutating func update(_ message: Message, size: Size) -> [IndicatorsEffect] {
        switch message {
        case .key(let key): return update(key, size: size)
        case .report(let report): show(report)
        }
        return []
    }

    enum Action: Sendable { case scroll, previousYear, nextYear, back, quit }

    var keyMap: KeyMap<Action> {
        let s = strings
        return KeyMap([
            KeyBinding([.up, .down, .home, .end], "↑↓", s.keyScroll, .scroll),
            KeyBinding([.pageUp, .pageDown], "PgUp/PgDn", s.keyPage, .scroll),
            KeyBinding("←→", s.keyYear, [(.left, .previousYear), (.character("["), .previousYear),
                                         (.right, .nextYear), (.character("]"), .nextYear)]),
            KeyBinding([.escape], "Esc", s.keyBack, .back),
            KeyBinding([.control("q"), .control("c")], "^Q", s.keyQuit, .quit),
        ])
    }

    mutating func update(_ key: Key, size: Size) -> [IndicatorsEffect] {
        switch keyMap.action(for: key) {
        case .scroll:
            // Laid out at the width it is drawn at.
            let room = self.room(size)
            _ = scrolling.handle(key, count: lines(width: size.width).count, room: room, page: max(1, room - 1))
        case .quit: return [.quit]
        case .back: return [.back]
        case .previousYear: return [.year(report.year - 1)]
        case .nextYear: return [.year(report.year + 1)]
        case nil: break
        }
        return []
    }

    /// The report as lines: chapter headings, then each indicator's rows with bars sized to the width
    /// (drawn from column 1, two columns short of it, the rows' indent of two dropped).
    func lines(width: Int) -> [(text: String, style: Style)] {
        let formats = IndicatorFormats(report: report, language: strings.language, labels: labels)
        var lines: [(String, Style)] = []
        if !report.current.hasData { lines.append((strings.noAnalyses(report.year), .dim)) }
        for chapter in IndicatorFormats.chapters {
            // A blank line between chapters; the first starts under the title's blank row.
            if !lines.isEmpty { lines.append(("", .normal)) }
            lines.append((IndicatorWords(language: strings.language).chapter(chapter.id), .accent))
            for id in chapter.indicators {
                guard let indicator = report.current.indicator(id) else { continue }
                for line in formats.tableTitle(indicator, width: width) { lines.append((String(line.dropFirst(2)), .bold)) }
                // Under the indicator's name, what its columns hold: the share says what it is of.
                for heading in formats.tableHeading(indicator, width: width, longestBar: 30) {
                    lines.append((String(heading.dropFirst(2)), .dim))
                }
                for line in formats.tableRows(indicator, width: width, longestBar: 30) {
                    lines.append((String(line.dropFirst(2)), .normal))
                }
                for note in formats.tableNotes(indicator, width: width) { lines.append((String(note.dropFirst(2)), .dim)) }
            }
        }
        lines.append(("", .normal))
        lines.append((IndicatorWords(language: strings.language).methodTitle, .accent))
        for note in formats.methodNotes() {
            for piece in Wrap.lines(note, width: max(20, width - 4)) { lines.append(("  " + piece, .dim)) }
        }
        return lines
    }

    public func render(_ size: Size) -> Frame {
        let (width, height) = (size.width, size.height)
        var (frame, usable) = Chrome.frame(width: width, height: height, strings: strings)
        guard usable else { return frame }
        let unit = report.unit.map { TextHygiene.forOutput($0, multiline: false) } ?? strings.allUnits
        Chrome.title(&frame, IndicatorWords(language: strings.language).title(report.year) + " · " + unit, training: false,
                     strings: strings)
        let all = lines(width: width)
        for (index, row) in ScrollList(count: all.count, room: room(size), offset: scrolling.offset).shown {
            frame.put(DisplayWidth.truncate(all[index].text, to: width - 2), x: 1, y: 2 + row, style: all[index].style)
        }
        footer(width: width).draw(&frame)
        return frame
    }

    /// The help alone: this screen has no messages.
    func footer(width: Int) -> Footer { Footer(help: keyMap.help, keepsMessageRow: false, width: width) }

    /// The rows the report has between the title and the help, the same in `update` and in drawing.
    func room(_ size: Size) -> Int { footer(width: size.width).bodyHeight(top: 2, height: size.height) }
}
