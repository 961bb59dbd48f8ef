import Foundation

/// All participants' answers to a workshop's case side by side, item by item, for the projector
/// or a handout: choices as counts, texts one after another, what each one's analysis met.
public struct WorkshopComparison: Sendable {
    public struct Count: Sendable, Hashable {
        public var value: String
        public var label: String
        public var count: Int
        /// Who chose it, so the trainer can ask them.
        public var by: [String]
    }

    public struct Text: Sendable, Hashable {
        public var pseudonym: String
        /// The answer on one line; a group's entry with its fields joined by "; ".
        public var text: String
        /// A group's entry, laid out a field a line where people read it; nil for any other answer.
        public var entry: Entry?
    }

    /// One entry of a group: its name (the child it is for, the option, the article) and the
    /// fields answered in it, the name's own field not repeated.
    public struct Entry: Sendable, Hashable {
        public struct Field: Sendable, Hashable {
            public var prompt: String
            public var text: String
        }
        public var name: String
        public var fields: [Field]
    }

    public enum Answers: Sendable, Hashable {
        case counts([Count])
        case texts([Text])
    }

    public struct ItemRow: Sendable, Hashable {
        public var item: String
        public var section: String
        public var prompt: String
        public var answers: Answers
        /// Participants with no answer here.
        public var unanswered: [String]
    }

    public struct ParticipantRow: Sendable, Hashable {
        public var pseudonym: String
        public var status: AnalysisStatus
        /// Rule ids of the checklist that this analysis met: warnings, hard stops, missing.
        public var rules: [String]
        /// Quality warnings: placeholders, too short, personnummer-like text.
        public var warnings: [String]
        public var hardStops: [String]
        /// The options considered, as named.
        public var options: [String]
        /// Convention articles the answers concern or name.
        public var articles: [Int]
    }

    public var code: String
    public var caseTitle: String
    public var language: Language
    public var items: [ItemRow]
    public var participants: [ParticipantRow]
    /// nil until every participant has finished (or the trainer asks for them).
    public var discussion: [String]?
    public var finished: Int

    public init(code: String, trainingCase: TrainingCase, analyses: [(pseudonym: String, analysis: Analysis)],
                language: Language, showDiscussion: Bool = false) {
        self.code = code
        self.language = language
        caseTitle = trainingCase.title.text(language)
        finished = analyses.filter { $0.analysis.summary.status != .draft && $0.analysis.summary.status != .returned }.count
        let allIn = !analyses.isEmpty && finished == analyses.count
        discussion = (allIn || showDiscussion) ? trainingCase.discussion.map { $0.text(language) } : nil

        var items: [ItemRow] = []
        if let checklist = analyses.first?.analysis.checklist {
            for section in checklist.sections where section.filledBy == .caseworker {
                for item in section.items {
                    let row = Self.row(item, section: section, analyses: analyses, language: language)
                    if let row { items.append(row) }
                }
            }
        }
        self.items = items
        participants = analyses.map { Self.participant($0.pseudonym, $0.analysis, language: language) }
    }

    static func row(_ item: Item, section: Section, analyses: [(pseudonym: String, analysis: Analysis)],
                    language: Language) -> ItemRow? {
        var unanswered: [String] = []
        let answers: Answers
        switch item.type {
        case .choice, .multiChoice, .yesNoNA:
            var counts = (item.allowedValues ?? []).map { value in
                Count(value: value, label: item.label(for: value, language), count: 0, by: [])
            }
            for (pseudonym, analysis) in analyses {
                guard let value = analysis.answers[item.id], !value.isEmpty else { unanswered.append(pseudonym); continue }
                for chosen in value.selected {
                    if let index = counts.firstIndex(where: { $0.value == chosen }) {
                        counts[index].count += 1
                        counts[index].by.append(pseudonym)
                    }
                }
            }
            answers = .counts(counts)
        case .group:
            var texts: [Text] = []
            for (pseudonym, analysis) in analyses {
                let entries = analysis.checklist.entries(of: item.id, in: analysis.answers)
                guard !entries.isEmpty else {
                    unanswered.append(pseudonym)
                    continue
                }
                for (index, entry) in entries.enumerated() {
                    let fields = item.items.compactMap { sub -> (id: String, field: Entry.Field)? in
                        guard let value = entry[sub.id], !value.isEmpty else { return nil }
                        return (sub.id, Entry.Field(prompt: sub.prompt.text(language),
                                                    text: AnalysisDocument.display(value, item: sub, language: language)))
                    }
                    guard !fields.isEmpty else { continue }
                    var parts = fields.map { "\($0.field.prompt): \($0.field.text)" }
                    let name = analysis.checklist.entryName(entry, number: index + 1, of: item.each ?? item.id, language)
                    // A group repeated for another's entries is named by that entry ("Alva"); any
                    // other by its first field, which is then not repeated under the name.
                    var shown = fields
                    if item.each != nil {
                        parts.insert(name, at: 0)
                    } else if fields.first?.id == item.items.first?.id {
                        shown.removeFirst()
                    }
                    texts.append(Text(pseudonym: pseudonym, text: parts.joined(separator: "; "),
                                      entry: Entry(name: name, fields: shown.map(\.field))))
                }
            }
            answers = .texts(texts)
        default:
            var texts: [Text] = []
            for (pseudonym, analysis) in analyses {
                guard let value = analysis.answers[item.id], !value.isEmpty else { unanswered.append(pseudonym); continue }
                texts.append(Text(pseudonym: pseudonym, text: AnalysisDocument.display(value, item: item, language: language),
                                  entry: nil))
            }
            answers = .texts(texts)
        }
        if unanswered.count == analyses.count { return nil }
        return ItemRow(item: item.id, section: section.title.text(language), prompt: item.prompt.text(language),
                       answers: answers, unanswered: unanswered)
    }

    static func participant(_ pseudonym: String, _ analysis: Analysis, language: Language) -> ParticipantRow {
        let evaluation = analysis.evaluate()
        var rules: [String] = []
        func add(_ rule: String?) {
            if let rule, !rules.contains(rule) { rules.append(rule) }
        }
        evaluation.warnings.forEach { add($0.rule) }
        evaluation.hardStops.forEach { add($0.rule) }
        evaluation.missing.forEach { add($0.rule) }
        let warnings = evaluation.warnings.filter { $0.rule == nil }.map { "\($0.path): \($0.message.text(language))" }
        let checklist = analysis.checklist
        var options: [String] = []
        var articles: Set<Int> = []
        for section in checklist.sections {
            for item in section.items {
                guard let value = analysis.answers[item.id], !value.isEmpty else { continue }
                articles.formUnion(item.articles)
                guard case .entries(let entries) = value else { continue }
                for entry in entries {
                    if let option = entry["option"]?.text { options.append(option) }
                    for sub in item.items where sub.id == "article" {
                        for chosen in entry[sub.id]?.selected ?? [] {
                            if let number = Int(chosen.filter(\.isNumber)) { articles.insert(number) }
                        }
                    }
                }
            }
        }
        return ParticipantRow(pseudonym: pseudonym, status: analysis.summary.status, rules: rules, warnings: warnings,
                              hardStops: evaluation.hardStops.map(\.rule), options: options, articles: articles.sorted())
    }

    // MARK: - Output

    private func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
    private func out(_ text: String) -> String { TextHygiene.forOutput(text, multiline: false) }

    var mark: String { TrainingMark.text }

    public func text() -> String { render(markdown: false) }
    public func markdown() -> String { render(markdown: true) }

    func render(markdown: Bool) -> String {
        var lines: [String] = []
        let title = "[\(mark)] " + t("Jämförelse", "Comparison") + " \(code): \(out(caseTitle))"
        lines.append(markdown ? "# \(title)" : title)
        if !markdown { lines.append(String(repeating: "=", count: title.count)) }
        lines.append("")
        lines.append(t("Deltagare: \(participants.count), klara: \(finished)", "Participants: \(participants.count), finished: \(finished)"))
        lines.append("")
        var lastSection = ""
        for row in items {
            if row.section != lastSection {
                lastSection = row.section
                lines.append(markdown ? "## \(out(row.section))" : out(row.section))
                if !markdown { lines.append(String(repeating: "-", count: row.section.count)) }
                lines.append("")
            }
            lines.append(markdown ? "### \(out(row.prompt)) (`\(row.item)`)" : "\(out(row.prompt)) [\(row.item)]")
            switch row.answers {
            case .counts(let counts):
                for count in counts {
                    let who = count.by.isEmpty ? "" : " (" + count.by.map(out).joined(separator: ", ") + ")"
                    lines.append("- \(out(count.label)): \(count.count)\(who)")
                }
            case .texts(let texts):
                for text in texts {
                    let who = markdown ? "**\(out(text.pseudonym))**" : out(text.pseudonym)
                    guard let entry = text.entry else {
                        lines.append("- \(who): \(out(text.text))")
                        continue
                    }
                    // An entry's fields a line each under its name, as a nested list.
                    lines.append("- \(who): \(out(entry.name))")
                    lines += entry.fields.map { "  - \(out($0.prompt)): \(out($0.text))" }
                }
            }
            if !row.unanswered.isEmpty {
                lines.append("- " + t("Ej besvarad", "Not answered") + ": " + row.unanswered.map(out).joined(separator: ", "))
            }
            lines.append("")
        }
        let heading = t("Varje deltagares analys", "Each participant's analysis")
        lines.append(markdown ? "## \(heading)" : heading)
        if !markdown { lines.append(String(repeating: "-", count: heading.count)) }
        lines.append("")
        for participant in participants {
            lines.append((markdown ? "### " : "") + "\(out(participant.pseudonym)) (\(participant.status.label(language)))")
            lines.append("- " + t("Regler", "Rules") + ": " + list(participant.rules))
            lines.append("- " + t("Stopp", "Hard stops") + ": " + list(participant.hardStops))
            lines.append("- " + t("Varningar", "Warnings") + ": " + list(participant.warnings))
            lines.append("- " + t("Alternativ", "Options") + ": " + list(participant.options))
            lines.append("- " + t("Artiklar", "Articles") + ": " + list(participant.articles.map(String.init)))
            lines.append("")
        }
        let points = t("Diskussionspunkter", "Discussion points")
        lines.append(markdown ? "## \(points)" : points)
        if !markdown { lines.append(String(repeating: "-", count: points.count)) }
        if let discussion {
            for (index, point) in discussion.enumerated() { lines.append("\(index + 1). \(out(point))") }
        } else {
            lines.append(t("Visas när alla har lämnat in (\(finished) av \(participants.count) klara).",
                           "Shown once everyone has submitted (\(finished) of \(participants.count) finished)."))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func list(_ values: [String]) -> String {
        values.isEmpty ? "–" : values.map(out).joined(separator: ", ")
    }

    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "training": true,
            "mark": mark,
            "code": code,
            "case": out(caseTitle),
            "finished": finished,
        ]
        object["items"] = items.map { row -> [String: Any] in
            var entry: [String: Any] = ["item": row.item, "section": out(row.section), "prompt": out(row.prompt),
                                        "unanswered": row.unanswered.map(out)]
            switch row.answers {
            case .counts(let counts):
                entry["counts"] = counts.map { ["value": $0.value, "label": out($0.label), "count": $0.count, "by": $0.by.map(out)] as [String: Any] }
            case .texts(let texts):
                entry["texts"] = texts.map { text -> [String: Any] in
                    var object: [String: Any] = ["pseudonym": out(text.pseudonym), "text": TextHygiene.forOutput(text.text)]
                    object["entry"] = text.entry.map { entry -> [String: Any] in
                        ["name": out(entry.name),
                         "fields": entry.fields.map { ["prompt": out($0.prompt), "text": TextHygiene.forOutput($0.text)] }]
                    }
                    return object
                }
            }
            return entry
        }
        object["participants"] = participants.map { participant -> [String: Any] in
            ["pseudonym": out(participant.pseudonym), "status": participant.status.rawValue, "rules": participant.rules,
             "hard_stops": participant.hardStops, "warnings": participant.warnings.map(out),
             "options": participant.options.map(out), "articles": participant.articles]
        }
        object["discussion"] = discussion.map { $0.map(out) } ?? NSNull()
        return object
    }

    public func json() -> String { AnalysisDocument.serialize(jsonObject) }
}
