import Foundation

/// Human names for the ids a report holds that are not the report's own: checklists, items
/// (for "most often commented on in returns") and articles, taken from the loaded checklists.
public struct IndicatorLabels: Sendable {
    public var checklists: [String: Localized] = [:]
    public var items: [String: Localized] = [:]
    /// The child checklist's own questions, whose ids the impact analysis may share.
    public var checklistItems: [String: Localized] = [:]
    public var articles: [String: Localized] = [:]
    /// The options' labels by item id and value, as the checklists word them: a unit's own label
    /// for an option is the one its barnbokslut shows.
    public var options: [String: [String: Localized]] = [:]

    public init() {}

    public init(checklists: [Checklist]) {
        // The impact analysis last, so its wording wins for item ids both checklists share.
        for checklist in checklists.sorted(by: { ($0.id == Indicators.impactAnalysis ? 1 : 0, $0.id) < ($1.id == Indicators.impactAnalysis ? 1 : 0, $1.id) }) {
            self.checklists[checklist.id] = checklist.title
            for item in checklist.allItems {
                items[item.id] = item.prompt
                if checklist.id == Indicators.childChecklist { checklistItems[item.id] = item.prompt }
                for option in item.options { options[item.id, default: [:]][option.value] = option.label }
                for sub in item.items where item.id == "other_articles" && sub.id == "article" {
                    for option in sub.options { articles[option.value] = option.label }
                }
            }
        }
    }
}

/// The indicators as text: a table for the terminal, JSON, CSV, and the barnbokslut itself
/// (markdown and HTML) for the board. Every label goes through the existing hygiene and escaping.
public struct IndicatorFormats: Sendable {
    public var report: IndicatorReport
    public var language: Language
    public var labels: IndicatorLabels

    public init(report: IndicatorReport, language: Language, labels: IndicatorLabels = IndicatorLabels()) {
        self.report = report
        self.language = language
        self.labels = labels
    }

    var words: IndicatorWords { IndicatorWords(language: language) }

    /// The report's chapters: which indicators go under which heading.
    public static let chapters: [(id: String, indicators: [String])] = [
        ("analyses", ["analyses", "analyses_by_checklist", "analyses_by_status", "depth"]),
        ("children", ["children", "children_by_age", "children_by_effect", "children_by_household"]),
        ("voice", ["heard", "children_heard", "voice_asked_once", "not_heard_reason", "informed"]),
        ("best_interests", ["in_line", "compensatory_measures", "differs_from_view", "budget_or_guidelines"]),
        ("follow_up", ["feedback", "feedback_children", "follow_up", "concern"]),
        ("documented", ["documented", "interpreter"]),
        ("review", ["hard_stops", "returns", "returned_items", "days_to_approval"]),
        ("rights", ["articles", "negative_areas"]),
        ("checklists", ["checklists", "checklist_no", "checklist_na"]),
        ("decisions", ["decisions", "decision_kind", "decision_outcome", "children_granted_by_kind"]),
        ("group_analyses", ["group_analyses", "group_decision_type", "group_consulted", "group_in_line", "group_follow_up",
                            "group_consulted_by_type", "group_in_line_by_type", "group_follow_up_by_type"]),
    ]

    /// Indicators whose categories are an item's options: labelled as the checklist words them.
    /// The words of barnkoll's own (`IndicatorWords.category`) are the fallback, for a category no
    /// loaded checklist has (an option of an older version, "unknown", "not_recorded").
    static let optionItems = ["group_decision_type": "decision_type", "decision_kind": "decision_kind",
                              "children_granted_by_kind": "decision_kind", "interpreter": "interpreter",
                              "depth": "depth", "children_by_effect": "effect", "heard": "heard", "children_heard": "heard",
                              "not_heard_reason": "not_heard_reason", "informed": "informed", "in_line": "in_line",
                              "group_in_line": "in_line", "group_consulted": "consulted"]

    // MARK: - Cells

    public func text(_ figure: Figure) -> String {
        switch figure {
        case .count(let value): String(value)
        case .suppressed: "<\(Indicators.threshold)"
        case .withheld: words.withheld
        case .share(let value): decimal(value) + (language == .sv ? " %" : "%")
        case .days(let value): decimal(value, trimZero: true)
        }
    }

    /// A share as people read it: a hidden share says "dold" (hidden), never "<5", which would
    /// read as a percentage under five (issue 24).
    public func shareText(_ figure: Figure) -> String {
        figure.isSuppressed ? words.withheld : text(figure)
    }

    func decimal(_ value: Double, trimZero: Bool = false) -> String {
        var text = String(format: "%.1f", value)
        if trimZero && text.hasSuffix(".0") { text.removeLast(2) }
        return language == .sv ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    public func categoryLabel(_ indicator: String, _ category: String) -> String {
        let raw: String
        switch indicator {
        case "analyses_by_checklist": raw = labels.checklists[category]?.text(language) ?? category
        case "returned_items": raw = labels.items[category]?.text(language) ?? category
        case "checklist_no", "checklist_na":
            raw = (labels.checklistItems[category] ?? labels.items[category])?.text(language) ?? category
        case "articles":
            let number = category.hasPrefix("art") ? String(category.dropFirst(3)) : category
            raw = labels.articles[category]?.text(language) ?? words.article(number)
        case "negative_areas": raw = words.area(category)
        case "group_consulted_by_type", "group_in_line_by_type", "group_follow_up_by_type":
            // "kind/value": the kind as the decision type's label, the value as the figure's own.
            let parts = category.split(separator: "/", maxSplits: 1).map(String.init)
            raw = parts.count == 2
                ? categoryLabel("group_decision_type", parts[0]) + ": " + categoryLabel(String(indicator.dropLast("_by_type".count)), parts[1])
                : category
        default:
            raw = Self.optionItems[indicator].flatMap { labels.options[$0]?[category]?.text(language) }
                ?? words.category(indicator, category)
        }
        return TextHygiene.forOutput(raw, multiline: false)
    }

    var unitText: String {
        report.unit.map { TextHygiene.forOutput($0, multiline: false) } ?? words.allUnits
    }

    var hasChange: Bool { report.previous != nil }

    // MARK: - Table

    /// Plain text for the terminal, with a bar of █ per row, scaled within each indicator.
    public func table() -> String {
        var lines = [words.title(report.year) + " · " + unitText]
        lines.append(String(repeating: "=", count: lines[0].count))
        for chapter in Self.chapters {
            lines.append("")
            lines.append(words.chapter(chapter.id))
            lines.append(String(repeating: "-", count: words.chapter(chapter.id).count))
            for id in chapter.indicators {
                guard let indicator = report.current.indicator(id) else { continue }
                lines += tableLines(indicator)
            }
        }
        lines.append("")
        lines.append(words.methodTitle)
        for note in methodNotes() {
            lines += PlainText.wrapKeepingIndent("- " + note, width: 80)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An indicator's rows in lines of at most `width` columns (a terminal's 80 for `stats`): a long
    /// label takes room from the bar, down to five, and only then goes on under itself, indented,
    /// the figures on its first line: no word of it is lost.
    public func tableLines(_ indicator: Indicator, width: Int = 80, longestBar: Int = 20) -> [String] {
        tableTitle(indicator, width: width) + tableRows(indicator, width: width, longestBar: longestBar)
    }

    /// `tableLines` without the indicator's name: its rows (the screen draws the name apart, in bold).
    public func tableRows(_ indicator: Indicator, width: Int = 80, longestBar: Int = 20) -> [String] {
        var lines: [String] = []
        if indicator.rows.isEmpty {
            lines.append("    " + words.noneRecorded)
            return lines
        }
        let maximum = indicator.rows.compactMap { $0.value.number }.max() ?? 0
        let (labelWidth, barWidth, stacked) = columns(indicator, width: width, longestBar: longestBar)
        // Count, share, bar and change, without the spaces a short bar leaves at the end.
        func figures(_ row: IndicatorRow) -> String {
            var line = pad(text(row.value), 6) + " " + pad(row.share.map(shareText) ?? "", 8)
            line += "  " + bar(row.value, maximum: maximum, width: barWidth).padding(toLength: barWidth, withPad: " ", startingAt: 0)
            if hasChange, let change = report.change(indicator.id, row.category) { line += "  " + pad(change, 4) }
            return TextHygiene.trailingSpacesDropped(line)
        }
        for row in indicator.rows {
            let label = categoryLabel(indicator.id, row.category)
            if stacked {
                lines += Self.wrap(label, width: labelWidth).enumerated().map { ($0.offset == 0 ? "    " : "      ") + $0.element }
                lines.append("        " + figures(row))
                continue
            }
            let pieces = label.count > labelWidth ? Self.wrap(label, width: labelWidth) : [label]
            lines.append("    " + (pieces.first ?? "").padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " " + figures(row))
            lines += pieces.dropFirst().map { "      " + $0 }
        }
        return lines
    }

    /// A label in lines of `width`, the later ones two narrower (they are indented); a word longer
    /// than its line (a checklist's id on a narrow screen) is broken inside. Never under one
    /// character a line, however narrow the window.
    static func wrap(_ label: String, width: Int) -> [String] {
        var pieces: [String] = []
        for piece in PlainText.wrap(label, width: width - 2, firstWidth: width) {
            var rest = Substring(piece)
            while case let room = max(1, pieces.isEmpty ? width : width - 2), rest.count > room {
                pieces.append(String(rest.prefix(room)))
                rest = rest.dropFirst(room)
            }
            pieces.append(String(rest))
        }
        return pieces
    }

    /// The indicator's name over its rows, in lines of at most `width` columns.
    public func tableTitle(_ indicator: Indicator, width: Int = 80) -> [String] {
        Self.wrap(words.indicator(indicator.id), width: width - 2).map { "  " + $0 }
    }

    /// The widths of the label and the bar of an indicator's rows in `width` columns: indent,
    /// count, share, the gaps, and the change from last year when there is one. Where a label of
    /// twenty and a bar of five do not fit beside the figures (a window under about 50 columns; a
    /// label cut into pieces of a word or two reads badly), the rows are `stacked`: the label over
    /// the whole width, the figures on a line under it.
    func columns(_ indicator: Indicator, width: Int, longestBar: Int) -> (label: Int, bar: Int, stacked: Bool) {
        let figures = 1 + 6 + 1 + 8 + 2 + (hasChange ? 6 : 0)
        let room = width - 4 - figures
        let wanted = max(28, indicator.rows.map { categoryLabel(indicator.id, $0.category).count }.max() ?? 0)
        let barWidth = max(5, min(longestBar, room - wanted))
        let labelWidth = min(wanted, room - barWidth)
        if labelWidth >= 20 { return (labelWidth, barWidth, false) }
        // The figures' line starts at column 8, without the gap before the count.
        return (width - 4, max(1, min(longestBar, width - 8 - (figures - 1))), true)
    }

    /// The column headings over `tableLines`' rows, in `width` columns: "Antal" over the count,
    /// "Andel" over the share, and what the share is of: in the label column when it fits there,
    /// else over the bars, else on a line of its own above. Empty for an indicator without shares.
    public func tableHeading(_ indicator: Indicator, width: Int = 80, longestBar: Int = 20) -> [String] {
        guard indicator.rows.contains(where: { $0.share != nil }) else { return [] }
        let (labelWidth, _, stacked) = columns(indicator, width: width, longestBar: longestBar)
        let of = words.shareOf(indicator.id)
        let columnHeads = " " + pad(words.count, 6) + " " + pad(words.share, 8)
        if stacked { return Self.wrap(of, width: width - 4).map { "    " + $0 } + ["       " + columnHeads] }
        if of.count <= labelWidth { return ["    " + of.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + columnHeads] }
        let plain = String(repeating: " ", count: 4 + labelWidth) + columnHeads
        if plain.count + 2 + of.count <= width { return [plain + "  " + of] }
        return Self.wrap(of, width: width - 4).map { "    " + $0 } + [plain]
    }

    /// The lines under an indicator's rows: that rows beginning with "…" are shares of the row
    /// above, and when a cell says "dold", why it is hidden; in lines of at most `width` columns.
    public func tableNotes(_ indicator: Indicator, width: Int = 80) -> [String] {
        notes(indicator).flatMap { Self.wrap($0, width: width - 4).map { "    " + $0 } }
    }

    /// What a reader needs under an indicator's rows: that rows beginning with "…" are shares of
    /// the row above, and, when a cell says "dold", why it is hidden.
    func notes(_ indicator: Indicator) -> [String] {
        var notes: [String] = []
        if indicator.rows.contains(where: { $0.share != nil && categoryLabel(indicator.id, $0.category).hasPrefix("…") }) {
            notes.append(words.shareOfRowAbove)
        }
        if indicator.rows.contains(where: { $0.value == .withheld || ($0.share?.isSuppressed ?? false) }) {
            notes.append(words.withheldWhy)
        }
        return notes
    }

    func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// A bar for a shown count or share; hidden figures get none, or its length would tell.
    public func bar(_ figure: Figure, maximum: Double, width: Int) -> String {
        guard let value = figure.number, maximum > 0, value > 0 else { return "" }
        if case .days = figure { return "" }
        return String(repeating: "█", count: max(1, Int((value / maximum * Double(width)).rounded())))
    }

    // MARK: - Text without a table

    /// The table's figures as lines a screen reader reads well: no bars and no columns, each row
    /// one line that names what each figure is ("Ja: 7; andel 58,3 %; förändring från 2025: +2.").
    /// Plain mode shows these, and `stats --format text` prints them.
    public func textLines() -> [String] {
        var lines = [words.title(report.year) + " · " + unitText]
        for chapter in Self.chapters {
            lines += ["", words.chapter(chapter.id)]
            for id in chapter.indicators {
                guard let indicator = report.current.indicator(id) else { continue }
                lines.append(words.indicator(id))
                if indicator.rows.contains(where: { $0.share != nil }) { lines.append("  " + words.shareOf(id) + ":") }
                if indicator.rows.isEmpty { lines.append("  " + words.noneRecorded) }
                for row in indicator.rows {
                    var line = "  " + categoryLabel(id, row.category) + ": " + text(row.value)
                    if let share = row.share { line += "; " + words.share.lowercased() + " " + shareText(share) }
                    if hasChange, let change = report.change(id, row.category) {
                        line += "; " + words.changeFrom(report.year - 1).lowercased() + ": " + change
                    }
                    lines.append(line + ".")
                }
                lines += notes(indicator).map { "  " + $0 }
            }
        }
        lines += ["", words.methodTitle]
        lines += methodNotes().map { "- " + $0 }
        return lines
    }

    public func textReport() -> String { textLines().joined(separator: "\n") + "\n" }

    // MARK: - JSON and CSV

    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "year": report.year, "unit": report.unit.map { TextHygiene.forOutput($0, multiline: false) } ?? NSNull(),
            "today": report.today, "suppression_threshold": Indicators.threshold,
        ]
        object.merge(Self.figuresObject(report.current)) { $1 }
        if let previous = report.previous {
            var before = Self.figuresObject(previous)
            before["year"] = previous.year
            object["previous_year"] = before
            var change: [String: [String: String]] = [:]
            for indicator in report.current.indicators {
                for row in indicator.rows {
                    if let text = report.change(indicator.id, row.category) { change[indicator.id, default: [:]][row.category] = text }
                }
            }
            object["change"] = change
        } else {
            object["previous_year"] = NSNull()
        }
        return object
    }

    static func figuresObject(_ figures: IndicatorFigures) -> [String: Any] {
        var values: [String: [String: Any]] = [:]
        var shares: [String: [String: Any]] = [:]
        for indicator in figures.indicators {
            values[indicator.id] = [:]
            for row in indicator.rows {
                values[indicator.id]?[row.category] = jsonValue(row.value)
                if let share = row.share { shares[indicator.id, default: [:]][row.category] = jsonValue(share) }
            }
        }
        return ["indicators": values, "shares": shares]
    }

    static func jsonValue(_ figure: Figure) -> Any {
        switch figure {
        case .count(let value): value
        case .share(let value), .days(let value): value
        case .suppressed: "<\(Indicators.threshold)"
        case .withheld: "hidden"
        }
    }

    public func json() -> String { AnalysisDocument.serialize(jsonObject) }

    /// One row per cell: indicator, category, value; shares as the indicator id with "_share".
    public func csv() -> String {
        var rows = [["indicator", "category", "value"]]
        for indicator in report.current.indicators {
            for row in indicator.rows { rows.append([indicator.id, row.category, csvValue(row.value)]) }
            for row in indicator.rows {
                if let share = row.share { rows.append([indicator.id + "_share", row.category, csvValue(share)]) }
            }
        }
        return ListFormats.csv(rows)
    }

    func csvValue(_ figure: Figure) -> String {
        switch figure {
        case .count(let value): String(value)
        case .share(let value), .days(let value): String(format: "%.1f", value)
        case .suppressed: "<\(Indicators.threshold)"
        case .withheld: "hidden"
        }
    }

    // MARK: - The barnbokslut: markdown and HTML

    /// One table of the barnbokslut: rows of label, figure, share, change.
    struct Block {
        var heading: String
        var rows: [(label: String, value: Figure, share: Figure?, change: String?)]
    }

    func blocks(_ chapter: (id: String, indicators: [String])) -> [Block] {
        chapter.indicators.compactMap { id in
            guard let indicator = report.current.indicator(id) else { return nil }
            return Block(heading: words.indicator(id), rows: indicator.rows.map { row in
                (categoryLabel(id, row.category), row.value, row.share, report.change(id, row.category))
            })
        }
    }

    var intro: String {
        words.intro(unit: unitText, today: report.today, previous: report.previous?.year)
    }

    public func markdown() -> String {
        var lines = ["# " + markdownEscape(words.title(report.year)), "", markdownEscape(intro)]
        let columns = [words.category, String(report.year), words.share] + (hasChange ? [words.changeFrom(report.year - 1)] : [])
        for chapter in Self.chapters {
            lines += ["", "## " + words.chapter(chapter.id)]
            if let intro = words.chapterIntro(chapter.id) { lines += ["", markdownEscape(intro)] }
            for block in blocks(chapter) {
                lines += ["", "### " + block.heading, ""]
                if block.rows.isEmpty {
                    lines.append(words.noneRecorded)
                    continue
                }
                lines.append("| " + columns.map(markdownEscape).joined(separator: " | ") + " |")
                lines.append("|" + columns.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|")
                for row in block.rows {
                    var cells = [row.label, text(row.value), row.share.map(shareText) ?? ""]
                    if hasChange { cells.append(row.change ?? "") }
                    lines.append("| " + cells.map(markdownEscape).joined(separator: " | ") + " |")
                }
            }
        }
        lines += ["", "## " + words.methodTitle, ""]
        lines += methodNotes().map { "- " + markdownEscape($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Labels come from checklists a unit may write itself: nothing in them may become markup.
    func markdownEscape(_ text: String) -> String {
        var result = ""
        for character in TextHygiene.forOutput(text, multiline: false) {
            if "\\|*_`[]<>#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    public func html() -> String {
        let e = AnalysisDocument.escapeHTML
        var body = ["<h1>\(e(words.title(report.year)))</h1>", "<p>\(e(intro))</p>"]
        let columns = [words.category, String(report.year), words.share] + (hasChange ? [words.changeFrom(report.year - 1)] : [])
        for chapter in Self.chapters {
            body.append("<h2>\(e(words.chapter(chapter.id)))</h2>")
            if let intro = words.chapterIntro(chapter.id) { body.append("<p>\(e(intro))</p>") }
            for block in blocks(chapter) {
                body.append("<h3>\(e(block.heading))</h3>")
                if block.rows.isEmpty {
                    body.append("<p>\(e(words.noneRecorded))</p>")
                    continue
                }
                let maximum = block.rows.compactMap { $0.value.number }.max() ?? 0
                body.append("<table>")
                body.append("<tr>" + columns.enumerated().map { "<th\($0.offset == 0 ? "" : " class=\"n\"")>\(e($0.element))</th>" }.joined() + "<th></th></tr>")
                for row in block.rows {
                    var cells = ["<td>\(e(row.label))</td>", "<td class=\"n\">\(e(text(row.value)))</td>",
                                 "<td class=\"n\">\(e(row.share.map(shareText) ?? ""))</td>"]
                    if hasChange { cells.append("<td class=\"n\">\(e(row.change ?? ""))</td>") }
                    // The bar is the same █ run as on the terminal, so hidden figures get none here either.
                    cells.append("<td class=\"bar\" aria-hidden=\"true\">\(e(bar(row.value, maximum: maximum, width: 20)))</td>")
                    body.append("<tr>" + cells.joined() + "</tr>")
                }
                body.append("</table>")
            }
        }
        body.append("<h2>\(e(words.methodTitle))</h2>")
        body.append("<ul>" + methodNotes().map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        return """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head><meta charset="utf-8"><title>\(e(words.title(report.year)))</title>
        <style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.45}table{border-collapse:collapse;margin:.5em 0 1em}th,td{padding:.15em .6em;border-bottom:1px solid #ddd;text-align:left}.n{text-align:right}.bar{color:#456;letter-spacing:-1px}</style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    public func methodNotes() -> [String] {
        words.methodNotes(year: report.year, today: report.today)
    }
}

/// Every word of the indicators, in Swedish and English.
public struct IndicatorWords: Sendable {
    public let language: Language

    public init(language: Language) {
        self.language = language
    }

    func pick(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    public func title(_ year: Int) -> String { pick("Barnbokslut \(year)", "Child rights report \(year)") }
    public var allUnits: String { pick("alla enheter", "all units") }
    var category: String { pick("Kategori", "Category") }
    var share: String { pick("Andel", "Share") }
    func changeFrom(_ year: Int) -> String { pick("Förändring från \(year)", "Change from \(year)") }
    var noneRecorded: String { pick("Inga uppgifter.", "Nothing recorded.") }
    /// A cell hidden so that another hidden one cannot be worked out (secondary suppression).
    var withheld: String { pick("dold", "hidden") }
    var count: String { pick("Antal", "Count") }
    /// Why a cell says "dold", in one line under its table.
    var withheldWhy: String {
        pick("dold: visas inte, eftersom ett antal under \(Indicators.threshold) annars kunde räknas fram.",
             "hidden: not shown, since a count under \(Indicators.threshold) could otherwise be worked out.")
    }

    var shareOfRowAbove: String {
        pick("En rad som börjar med … räknas som andel av raden ovan.", "A row beginning with … is a share of the row above.")
    }

    /// What an indicator's shares are shares of, as the heading of its share column. Rows that
    /// begin with "…" are shares of the row above (`shareOfRowAbove`, under the table).
    public func shareOf(_ id: String) -> String {
        switch id {
        case "analyses_by_checklist", "analyses_by_status", "returns": return pick("Andel av analyserna", "Share of the analyses")
        case "depth", "heard", "informed", "in_line", "feedback", "follow_up":
            return pick("Andel av barnkonsekvensanalyserna", "Share of the child impact analyses")
        case "children_by_age", "children_by_effect", "children_by_household", "feedback_children":
            return pick("Andel av barnen, räknade per beslut", "Share of the children, counted per decision")
        case "children_heard": return pick("Andel av barnen vars röst frågades", "Share of the children whose voice was asked")
        case "not_heard_reason": return pick("Andel av analyserna där barnet inte hördes", "Share of the analyses where the child was not heard")
        case "compensatory_measures": return pick("Andel av raden ovan", "Share of the row above")
        case "differs_from_view": return pick("Andel av analyserna där barnets vilja prövades", "Share of the analyses that weighed the child's wishes")
        case "concern", "budget_or_guidelines": return pick("Andel av barnkonsekvensanalyserna", "Share of the child impact analyses")
        case "interpreter": return pick("Andel av analyserna som svarat", "Share of the analyses that answered")
        case "documented": return pick("Andel av ärendena med barn", "Share of the cases with children")
        case "checklist_no", "checklist_na": return pick("Andel av svaren på frågan", "Share of the question's answers")
        case "decision_outcome": return pick("Andel av besluten", "Share of the decisions")
        case "group_decision_type", "group_consulted", "group_in_line", "group_follow_up":
            return pick("Andel av analyserna på gruppnivå", "Share of the group analyses")
        case "group_consulted_by_type", "group_in_line_by_type", "group_follow_up_by_type":
            return pick("Andel av analyserna av samma sort", "Share of the analyses of the same kind")
        default: return pick("Andel", "Share")
        }
    }
    public var methodTitle: String { pick("Om metoden", "Method") }
    func article(_ number: String) -> String { pick("Artikel \(number)", "Article \(number)") }

    func intro(unit: String, today: String, previous: Int?) -> String {
        let comparison = previous.map { pick(" Förändringen jämförs med \($0).", " The change is compared with \($0).") } ?? ""
        return pick("Underlag till nämndens barnbokslut från barnkoll, för \(unit). Återkoppling och uppföljning bedöms per \(today).",
                    "Figures for the board's child rights report from barnkoll, for \(unit). Feedback and follow-up are judged as of \(today).")
            + comparison
    }

    public func chapter(_ id: String) -> String {
        switch id {
        case "analyses": pick("Analyser", "Analyses")
        case "children": pick("Barn som berörs", "Children affected")
        case "voice": pick("Barnets röst", "The child's voice")
        case "best_interests": pick("Barnets bästa i beslutet", "Best interests in the decision")
        case "follow_up": pick("Återkoppling, uppföljning och oro", "Feedback, follow-up and concern")
        case "review": pick("Granskning", "Review")
        case "rights": pick("Rättigheter och områden", "Rights and areas")
        case "group_analyses": pick("Beslut om barn som grupp", "Decisions about children as a group")
        case "decisions": pick("Besluten i enskilda ärenden", "The decisions in individual cases")
        case "checklists": pick("Barnchecklistorna", "The child checklists")
        case "documented": pick("Dokumentation i varje ärende", "What every case documents")
        default: id
        }
    }

    /// A chapter's opening for a reader who never opened barnkoll (a board member): what the
    /// instrument is and what its tables say. Nil where the tables speak for themselves.
    public func chapterIntro(_ id: String) -> String? {
        switch id {
        case "checklists":
            pick("En barnchecklista är en kortare prövning som handläggaren gör när ett beslut berör barn: frågor om barnets bästa, barnets åsikter, barnets trygghet och vad barnet får veta efteråt, som besvaras med Ja, Nej eller Ej aktuellt. Ett Nej på en stjärnmärkt fråga betyder att en fördjupad barnkonsekvensanalys behövs. Tabellerna visar hur många barnchecklistor som gjorts och hur många barn de gällde, och för varje fråga hur ofta den besvarats med Nej och med Ej aktuellt. Många Nej visar var barnets rättigheter oftast inte har tillgodosetts. Många Ej aktuellt kan betyda att frågan kryssas av utan att prövas.",
                 "A child checklist is a shorter check a caseworker makes when a decision affects children: questions on the child's best interest, the child's views, the child's safety and what the child is told afterwards, answered Yes, No or Not applicable. A No to a starred question means a full child impact analysis is needed. The tables show how many child checklists were made and how many children they concerned, and for each question how often it was answered No and Not applicable. Many No answers show where the child's rights were most often not met. Many Not applicable answers can mean a question is ticked off without being considered.")
        case "documented":
            pick("Helsingborgs plan kräver att varje ärende som rör barn dokumenterar tre saker: vad som är barnets bästa, vad barnet själv tycker, och hur barnet har fått vara delaktigt. Här räknas de barnkonsekvensanalyser och barnchecklistor där minst ett barn berörs. Här syns också hur ofta ett barn fick tolka åt sin familj, vilket inte ska ske.",
                 "Helsingborg's plan asks every case concerning children to document three things: what is in the child's best interest, what the child thinks, and how the child took part. Counted here are the child impact analyses and child checklists where at least one child is affected. Also shown is how often a child interpreted for the family, which should not happen.")
        case "decisions":
            pick("Varje barnkonsekvensanalys och barnchecklista hör till ett beslut i ett enskilt ärende. Här räknas besluten per sort, till exempel ekonomiskt bistånd till en elskuld, och efter hur de utföll.",
                 "Each child impact analysis and child checklist belongs to a decision in an individual case. The decisions are counted here by kind, for example financial aid for an electricity debt, and by their outcome.")
        case "group_analyses":
            pick("Beslut som berör många barn på en gång, till exempel budget, riktlinjer eller nämndens yttranden, analyseras för barnen som grupp. De räknas för sig: de uppskattade grupperna av barn läggs aldrig ihop med barnen i de enskilda ärendena.",
                 "Decisions that affect many children at once, such as budgets, guidelines or the board's statements, are analysed for the children as a group. They are counted apart: the estimated groups of children are never added to the children in individual cases.")
        default: nil
        }
    }

    public func indicator(_ id: String) -> String {
        switch id {
        case "analyses": pick("Analyser som räknas", "Analyses counted")
        case "analyses_by_checklist": pick("Per checklista", "By checklist")
        case "analyses_by_status": pick("Per status i dag", "By status today")
        case "depth": pick("Förenklad eller fördjupad analys", "Simple or full analysis")
        case "children": pick("Barn som berörs av besluten", "Children affected by the decisions")
        case "children_by_age": pick("Barn per ålder", "Children by age")
        case "children_by_effect": pick("Barn som berörs direkt eller indirekt", "Children affected directly or indirectly")
        case "heard": pick("Har barnet fått komma till tals?", "Was the child heard?")
        case "children_heard": pick("Barn som fått komma till tals, räknat per barn", "Children heard, counted per child")
        case "voice_asked_once": pick("Äldre analyser där barnens röst frågades en gång för alla barn", "Older analyses that asked the children's voice once for all")
        case "children_by_household": pick("Barn som bor i hushållet eller har umgänge", "Children in the household or visiting")
        case "not_heard_reason": pick("Skäl när barnet inte hördes", "Reasons the child was not heard")
        case "informed": pick("Har barnet fått anpassad information?", "Was the child given adapted information?")
        case "in_line": pick("Stämmer beslutet med barnets bästa?", "Is the decision in line with the child's best interests?")
        case "compensatory_measures": pick("Åtgärder när beslutet inte helt stämmer med barnets bästa", "Measures when the decision is not fully in line")
        case "differs_from_view": pick("Beslut som går emot barnets vilja", "Decisions against the child's view")
        case "feedback": pick("Återkoppling till barnet", "Feedback to the child")
        case "follow_up": pick("Uppföljning av beslutet", "Follow-up of the decision")
        case "concern": pick("Oro för att ett barn far illa", "Concern that a child is at risk")
        case "feedback_children": pick("Barn som fått återkoppling, andel av barnen räknade per beslut", "Children given feedback, share of the children counted per decision")
        case "budget_or_guidelines": pick("Budget eller riktlinjer vägda mot barnets intresse", "Budget or guidelines weighed against the child's interest")
        case "interpreter": pick("Tolk", "Interpreter")
        case "documented": pick("Barnets bästa, åsikt och delaktighet dokumenterade, andel av ärenden med barn", "Best interest, view and participation documented, share of cases with children")
        case "hard_stops": pick("Stopp och chefens hävningar", "Hard stops and overrides")
        case "returns": pick("Återsändningar", "Returns")
        case "returned_items": pick("Frågor som oftast fick kommentarer vid återsändning", "Questions most often commented on in returns")
        case "days_to_approval": pick("Dagar från start till godkännande", "Days from start to approval")
        case "articles": pick("Artiklar som oftast nämns", "Articles named most often")
        case "negative_areas": pick("Områden där beslutet oftast påverkar negativt", "Areas most often affected negatively")
        case "checklists": pick("Barnchecklistor och barnen i dem", "Child checklists and their children")
        case "checklist_no": pick("Frågor som besvarats med Nej (andel av svaren på frågan)", "Questions answered No (share of the question's answers)")
        case "checklist_na": pick("Frågor som besvarats med Ej aktuellt (andel av svaren på frågan)", "Questions answered Not applicable (share of the question's answers)")
        case "decisions": pick("Beslut med barnkonsekvensanalys eller barnchecklista", "Decisions with a child impact analysis or a child checklist")
        case "decision_kind": pick("Per sorts beslut", "By kind of decision")
        case "decision_outcome": pick("Beslutets utfall", "The decision's outcome")
        case "children_granted_by_kind": pick("Barn som bor med en förälder som beviljats hjälp, per sorts beslut", "Children living with a parent granted help, by kind of decision")
        case "group_analyses": pick("Barnkonsekvensanalyser på gruppnivå", "Child impact analyses for children as a group")
        case "group_decision_type": pick("Per sorts beslut", "By kind of decision")
        case "group_consulted": pick("Fick barn säga sin mening?", "Were children asked for their views?")
        case "group_in_line": pick("Stämmer förslaget med barnens bästa?", "Is the proposal in line with the children's best interests?")
        case "group_follow_up": pick("Uppföljning av beslutet", "Follow-up of the decision")
        case "group_consulted_by_type": pick("Fick barn säga sin mening? Per sorts beslut", "Were children asked? By kind of decision")
        case "group_in_line_by_type": pick("Stämmer förslaget med barnens bästa? Per sorts beslut", "In line with the children's best interests? By kind of decision")
        case "group_follow_up_by_type": pick("Uppföljning gjord, per sorts beslut", "Follow-up done, by kind of decision")
        default: id
        }
    }

    public func category(_ indicator: String, _ category: String) -> String {
        switch (indicator, category) {
        case ("analyses", "total"): pick("Analyser", "Analyses")
        case ("decisions", "total"): pick("Beslut", "Decisions")
        case ("checklists", "total"): pick("Barnchecklistor", "Child checklists")
        case ("checklists", "children"): pick("Barn i barnchecklistorna, räknat per checklista", "Children in the child checklists, counted per checklist")
        case ("decision_kind", "not_recorded"), ("children_granted_by_kind", "not_recorded"): pick("Sort inte angiven", "Kind not recorded")
        case ("decision_outcome", "granted"): pick("Beviljat", "Granted")
        case ("decision_outcome", "partly"): pick("Delvis beviljat", "Partly granted")
        case ("decision_outcome", "refused"): pick("Avslag", "Refused")
        case ("decision_outcome", "none"): pick("Inget utfall antecknat", "No outcome noted")
        case ("group_analyses", "total"): pick("Analyser på gruppnivå", "Group analyses")
        case ("group_analyses", "screened_out"): pick("Prövade, inga barn berörs (redovisas för sig)", "Screened, no children affected (counted apart)")
        case ("group_decision_type", "budget"): pick("Budget", "Budget")
        case ("group_decision_type", "guideline"): pick("Riktlinje eller ändrad inriktning", "Guideline or changed direction")
        case ("group_decision_type", "organisation"): pick("Organisation", "Organisation")
        case ("group_decision_type", "statement"): pick("Yttrande", "Statement")
        case ("group_decision_type", "procurement"): pick("Upphandling", "Procurement")
        case ("group_decision_type", "other"): pick("Annat", "Other")
        case ("analyses", "closed_not_applicable"): pick("Avslutade som ej aktuella (redovisas för sig)", "Closed as not applicable (counted apart)")
        case (_, "submitted"): pick("Inskickade, väntar på granskning", "Submitted, awaiting review")
        case (_, "returned"): pick("Återsända för komplettering", "Returned for completion")
        case (_, "approved"): pick("Godkända", "Approved")
        case (_, "draft"): pick("Ny version påbörjad", "New version in progress")
        case ("depth", "simple"): pick("Förenklad", "Simple")
        case ("depth", "full"): pick("Fördjupad", "Full")
        case ("children", "total"): pick("Barn, räknat per beslut", "Children, counted per decision")
        case ("children", "distinct"): pick("Olika barn, räknat en gång per ärende", "Different children, counted once per case")
        case ("children_by_age", "0-5"): pick("0–5 år", "0–5 years")
        case ("children_by_age", "6-12"): pick("6–12 år", "6–12 years")
        case ("children_by_age", "13-17"): pick("13–17 år", "13–17 years")
        case (_, "unknown"): pick("Okänt", "Unknown")
        case (_, "direct"): pick("Direkt", "Directly")
        case (_, "indirect"): pick("Indirekt", "Indirectly")
        case ("children_by_household", "yes"): pick("Bor i hushållet", "Live in the household")
        case ("children_by_household", "contact_visits"): pick("Har umgänge", "Visit")
        case ("children_by_household", "no"): pick("Bor inte i hushållet", "Do not live in the household")
        case ("voice_asked_once", "analyses"): pick("Analyser med en fråga för alla barn", "Analyses with one question for all children")
        case ("heard", "directly"), ("children_heard", "directly"): pick("Ja, direkt", "Yes, directly")
        case ("heard", "via_representative"), ("children_heard", "via_representative"): pick("Ja, genom en företrädare", "Yes, through a representative")
        case ("heard", "in_writing"), ("children_heard", "in_writing"): pick("Ja, skriftligt eller digitalt", "Yes, in writing or digitally")
        case ("heard", "no"), ("children_heard", "no"): pick("Nej, hördes inte", "No, not heard")
        case (_, "declined"): pick("Barnet ville inte", "The child declined")
        case (_, "age_maturity"): pick("Barnets ålder eller mognad (före version 6)", "The child's age or maturity (before version 6)")
        case (_, "could_not_express"): pick("Barnet kunde inte uttrycka åsikter, inte heller med stöd", "The child could not express views, not even with support")
        case (_, "guardian_objected"): pick("Vårdnadshavaren motsatte sig", "The guardian objected")
        case (_, "risk_of_harm"): pick("Risk att barnet tar skada", "A risk of harm to the child")
        case (_, "urgent"): pick("Brådskande beslut, samtal planeras", "Urgent decision, a talk is planned")
        case (_, "other"): pick("Annat skäl", "Another reason")
        case (_, "yes"): pick("Ja", "Yes")
        case (_, "partly"): pick("Delvis", "Partly")
        case (_, "no"): pick("Nej", "No")
        case (_, "partly_or_no"): pick("Delvis eller nej", "Partly or no")
        case (_, "with_measures"): pick("… med kompenserande åtgärder", "… with compensatory measures")
        case (_, "differs"): pick("Går emot barnets vilja", "Against the child's view")
        case (_, "with_reasons"): pick("… med skälen redovisade", "… with the reasons given")
        case (_, "on_time"): pick("Gjord i tid", "Done on time")
        case (_, "late"): pick("Gjord men senare än planerat", "Done, later than planned")
        case (_, "overdue"): pick("Försenad, inte gjord", "Overdue, not done")
        case (_, "missing"): pick("Inget datum planerat", "No date planned")
        case (_, "not_yet_due"): pick("Inte dags än", "Not yet due")
        case (_, "done"): pick("Gjord", "Done")
        case (_, "not_done"): pick("Inte gjord", "Not done")
        case (_, "raised"): pick("Oro finns", "Concern raised")
        case (_, "report_made"): pick("… orosanmälan gjord", "… report made")
        case (_, "met"): pick("Analyser med stopp", "Analyses with a hard stop")
        case (_, "overridden"): pick("Analyser där chefen hävt ett stopp", "Analyses with an override")
        case ("returns", "returns"): pick("Återsändningar", "Returns")
        case (_, "analyses_returned"): pick("Analyser som återsänts minst en gång", "Analyses returned at least once")
        case (_, "median"): pick("Median, dagar", "Median, days")
        case ("feedback_children", "given"): pick("Barn som fått veta beslutet", "Children told about the decision")
        case ("budget_or_guidelines", "weighed"): pick("Analyser där budget eller riktlinjer står mot barnets intresse", "Analyses where budget or guidelines conflict with the child's interest")
        case ("budget_or_guidelines", "decided_against"): pick("… och beslutet stämmer delvis eller inte med barnets bästa", "… and the decision is partly or not in line with the child's best interest")
        case ("interpreter", "not_needed"): pick("Ingen tolk behövdes", "No interpreter needed")
        case ("interpreter", "interpreter_used"): pick("En tolk anlitades", "An interpreter was used")
        case ("interpreter", "child_interpreted"): pick("Barnet tolkade", "The child interpreted")
        case ("documented", "analyses"): pick("Barnkonsekvensanalyser och barnchecklistor med barn", "Child impact analyses and child checklists with children")
        case ("documented", "best_interest"): pick("Barnets bästa bedömt", "Best interest assessed")
        case ("documented", "child_view"): pick("Varje barns åsikt dokumenterad", "Each child's view documented")
        case ("documented", "participation"): pick("Hur varje barn deltog dokumenterat", "How each child took part documented")
        case ("documented", "all"): pick("Alla tre dokumenterade", "All three documented")
        default: category
        }
    }

    public func area(_ id: String) -> String {
        switch id {
        case "identity": pick("Identitet", "Identity")
        case "family": pick("Familj och relationer", "Family and relations")
        case "care_safety": pick("Omsorg, skydd och säkerhet", "Care, protection and safety")
        case "vulnerability": pick("Sårbarhet", "Vulnerability")
        case "health": pick("Hälsa", "Health")
        case "education": pick("Utbildning", "Education")
        case "housing": pick("Boende och levnadsstandard", "Housing and standard of living")
        case "leisure": pick("Fritid", "Leisure")
        default: id
        }
    }

    public func methodNotes(year: Int, today: String) -> [String] {
        let t = Indicators.threshold
        return [
            pick("Räknas gör analyser som skickats in minst en gång, efter året för den första inlämningen (\(year)). Varje analys räknas med sin senast inlämnade version; utkast räknas aldrig. Status är den som gäller i dag.",
                 "Analyses count once submitted at least once, by the year of their first submission (\(year)). Each is read through its latest submitted version; drafts never count. Status is the status today."),
            pick("Analyser som avslutats som ej aktuella (inga barn berörs) redovisas för sig och ingår inte i de andra siffrorna.",
                 "Analyses closed as not applicable (no child affected) are counted apart and left out of every other figure."),
            pick("Uppgifter om barnen, barnets röst, barnets bästa, återkoppling, uppföljning, oro, artiklar och områden kommer från barnkonsekvensanalyserna. Ett barn som berörs av två beslut räknas två gånger bland barnen per beslut, men en gång bland olika barn när besluten gäller samma ärende (samma ärendereferens och samma alias för barnet, inom enheten och året). Där varje barns röst frågas räknas barnen som fått komma till tals per barn; äldre analyser, som frågade en gång för alla barn, räknas för sig.",
                 "Figures on the children, their voice, best interests, feedback, follow-up, concern, articles and areas come from the child impact analyses. A child affected by two decisions counts twice among the children per decision, but once among the different children when the decisions belong to the same case (the same case reference and the same alias for the child, within the unit and the year). Where each child's voice is asked, children heard are counted per child; older analyses, which asked once for all children, are counted apart."),
            pick("Återkoppling och uppföljning bedöms per \(today): försenad betyder att det planerade datumet har passerat och att inget är gjort. Siffrorna för ett år kan ändras när återkoppling förs in i en ny version.",
                 "Feedback and follow-up are judged as of \(today): overdue means the planned date has passed and nothing is done. A year's figures can change as feedback is recorded in new versions."),
            pick("Återkoppling per barn: barnen i analyser där återkopplingen har ett datum i analysen eller en anteckning efter beslutet, som andel av barnen räknade per beslut. Budget eller riktlinjer räknas när de valts bland intressena som står mot barnets. Tolk räknas per analys, så ”Barnet tolkade” är antalet analyser där ett barn tolkade. Dokumentationen i varje ärende räknas på barnkonsekvensanalyser och barnchecklistor med barn. I en barnkonsekvensanalys: barnets bästa är bedömt, varje barns åsikt finns med barnets egna ord (eller, för ett barn som inte hördes, hur barnets inställning togs reda på), och för varje barn står om barnet fått information och fått komma till tals. I en barnchecklista: Ja på frågorna om barnets bästa står i akten, om barnets åsikter står i akten, och om barnet fått framföra sina åsikter (eller om akten säger varför inte och hur barnets åsikt togs reda på på annat sätt).",
                 "Feedback per child: the children in analyses whose feedback has a date in the analysis or a note after the decision, as a share of the children counted per decision. Budget or guidelines count when chosen among the interests that conflict with the child's. The interpreter is counted per analysis, so \"The child interpreted\" is the number of analyses in which a child interpreted. What every case documents is counted over child impact analyses and child checklists with children. In an impact analysis: the best interest is assessed, each child's view is written in the child's own words (or, for a child not heard, how the child's position was found out), and for each child whether the child was informed and heard is recorded. In a child checklist: Yes to the questions whether the file states the best interest, whether it records the child's views, and whether the child expressed views (or whether the file says why not and how the child's view was found out otherwise)."),
            pick("Barnchecklistorna redovisas för sig: deras barn läggs inte ihop med barnen i barnkonsekvensanalyserna, eftersom samma beslut kan ha båda. För varje fråga med svaren Ja, Nej och Ej aktuellt visas hur ofta den besvarats med Nej och med Ej aktuellt, som andel av svaren på just den frågan. Många Ej aktuellt kan betyda att frågan kryssas av utan att prövas.",
                 "The child checklists are counted apart: their children are not added to those of the child impact analyses, since one decision may have both. For each Yes / No / Not applicable question, how often it was answered No and Not applicable, as a share of that question's answers. Many Not applicable answers can mean the question is ticked off without being considered."),
            pick("Besluten räknas per sort och utfall både från barnkonsekvensanalyser och barnchecklistor. Sorten väljs ur enhetens lista över sorters beslut; utfallet är den senaste anteckningen om utfall efter beslutet. Barn som bor med en förälder som beviljats hjälp är barnen som bor i hushållet i barnkonsekvensanalyser med utfallet beviljat eller delvis beviljat; ett barn räknas en gång per sorts beslut i samma ärende.",
                 "Decisions are counted by kind and outcome from both child impact analyses and child checklists. The kind is chosen from the unit's list of kinds of decision; the outcome is the latest note of the outcome after the decision. Children living with a parent granted help are the children living in the household in child impact analyses whose outcome is granted or partly granted; a child counts once per kind of decision in one case."),
            pick("Analyser på gruppnivå (beslut om barn som grupp, till exempel nämndbeslut) redovisas för sig. De uppskattade grupperna av barn räknas aldrig in bland barnen som berörs av beslut i enskilda ärenden.",
                 "Group analyses (decisions about children as a group, such as board decisions) are counted apart. Their estimated groups of children are never added to the children affected by decisions in individual cases."),
            pick("Sekretess: antal från 1 till \(t - 1) visas som ”<\(t)”; 0 visas. En andel döljs när den räknas på färre än \(t) analyser eller när antalet bakom den är 1–\(t - 1). Förändringen visas som ”–” när någon av siffrorna är dold. När bara en siffra i en uppdelning skulle döljas döljs också den minsta av de andra (”dold”), så att den dolda inte kan räknas fram ur summan.",
                 "Privacy: counts from 1 to \(t - 1) are shown as \"<\(t)\"; 0 is shown. A share is hidden when based on fewer than \(t) analyses or when the count behind it is 1–\(t - 1). The change shows \"–\" when either figure is hidden. Where only one figure of a breakdown would be hidden, the smallest of the others is hidden with it (\"hidden\"), so the hidden one cannot be worked out from the total."),
            pick("Statistiken innehåller bara sammanräknade tal: aldrig namn, alias, handläggare eller ärendereferenser. Övningsregistret räknas aldrig; statistiken läses bara ur det riktiga registret.",
                 "The statistics hold only aggregates: never names, aliases, caseworkers or case references. The training store is never counted; statistics are read from the real store only."),
        ]
    }
}
