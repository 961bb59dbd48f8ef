/// A group analysis (issue 22) laid out as an attachment to a board decision: a reader who never
/// opened barnkoll first sees which decision it belongs to and the summary written for children,
/// then the analysis section by section. It names no child, so nothing here is held back.
extension AnalysisDocument {
    /// The items shown in the attachment's head instead of among the sections.
    static let attachmentHead = ["diary_number", "body", "decision_type", "decision_type_other", "meeting_date", "unit"]
    static let childSummaryItem = "child_summary"

    var isGroupAnalysis: Bool { checklist.id == Checklist.groupAnalysisID }

    func attachmentMarkdown() -> String {
        let summary = analysis.summary
        let words = AttachmentWords(language: language)
        func md(_ text: String) -> String { Self.escapeMarkdown(out(text)) }
        func shown(_ id: String) -> String? {
            guard let item = checklist.item(id), evaluation.visibleItems.contains(id) else { return nil }
            return Self.answer(item, in: analysis.answers, checklist: checklist, language: language)
        }
        var lines = ["# " + md((training ? "[\(TrainingMark.text)] " : "") + words.attachment), ""]
        lines.append("**" + md(checklist.title.text(language)) + "**, \(md(summary.id))")
        lines.append("")
        let facts: [(String, String?)] = [
            (words.diaryNumber, shown("diary_number") ?? summary.caseRef),
            (words.body, shown("body")),
            (words.decisionType, [shown("decision_type"), shown("decision_type_other")].compactMap { $0 }.joined(separator: ": ")),
            (words.meeting, shown("meeting_date")),
            (words.unit, summary.unit),
            (words.author, summary.author),
            (self.words.status, summary.status.label(language)),
        ]
        for (label, value) in facts {
            guard let value, !value.isEmpty else { continue }
            lines.append("- **\(label):** \(md(value))")
        }
        // Who reviewed it, as the case-file document says it.
        lines += reviewBlock(markdown: true)
        if let childSummary = shown(Self.childSummaryItem) {
            lines += ["", "## " + words.forChildren, "", md(childSummary)]
        }
        let skipped = Set(Self.attachmentHead + [Self.childSummaryItem])
        let missing = Set(evaluation.missing.map(\.path.item))
        for section in checklist.sections where evaluation.visibleSections.contains(section.id) && section.filledBy != .supervisor {
            // As in the case-file document; a section with nothing to show is left out whole.
            let items = section.items.filter { evaluation.visibleItems.contains($0.id) && !skipped.contains($0.id) }
                .compactMap { itemLines($0, markdown: true, missing: missing) }
            guard !items.isEmpty else { continue }
            lines += ["", "## " + md(section.title.text(language))] + items.joined()
        }
        lines += block(self.words.afterDecision, analysis.notes.map { md($0.line(language, out: out)) }, markdown: true)
        lines += problems(markdown: true)
        lines += ["", md(words.madeWith(checklist.id, checklist.version))]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The attachment's own words, in both languages.
struct AttachmentWords {
    let language: Language
    private func pick(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    var attachment: String { pick("Bilaga till beslut: barnkonsekvensanalys", "Attachment to a decision: child impact analysis") }
    var diaryNumber: String { pick("Diarienummer", "Diary number") }
    var body: String { pick("Beslutande", "Decided by") }
    var decisionType: String { pick("Sorts beslut", "Kind of decision") }
    var meeting: String { pick("Sammanträde", "Meeting") }
    var unit: String { pick("Beredande enhet", "Preparing unit") }
    var author: String { pick("Handläggare", "Officer") }
    var forChildren: String { pick("Sammanfattning för barn", "Summary for children") }
    func madeWith(_ id: String, _ version: Int) -> String {
        pick("Gjord i barnkoll med checklistan \(id), version \(version).", "Made in barnkoll with the checklist \(id), version \(version).")
    }
}
