import Foundation

/// One analysis laid out for reading or for pasting into the case file. Every text that goes out
/// is sanitised again, so nothing typed can reach a terminal or a page raw.
public struct AnalysisDocument: Sendable {
    public var analysis: Analysis
    public var evaluation: Evaluation
    public var language: Language
    public var references: [String: LegalReference]
    /// From a training store: every format carries the ÖVNING / TRAINING mark.
    public var training = false
    /// Set on the document `handedOut()` returns: its analysis is masked already, here.
    private var masked: [MaskedPlace]?

    public init(analysis: Analysis, language: Language, references: [String: LegalReference] = [:]) {
        self.analysis = analysis
        self.evaluation = analysis.evaluate()
        self.language = language
        self.references = references
    }

    var words: Words { Words(language: language) }
    var checklist: Checklist { analysis.checklist }

    // MARK: text and markdown

    public func text() -> String { handedOut().document.render(markdown: false) }
    /// A group analysis is laid out as an attachment to a decision (GroupAnalysisDocument.swift).
    public func markdown() -> String {
        let document = handedOut().document
        return isGroupAnalysis ? document.attachmentMarkdown() : document.render(markdown: true)
    }

    /// A document that must name no one (`Casework.namesNoOne`: a group analysis, a public
    /// attachment, or anything from a training store, fiction only). Its text, Markdown and HTML
    /// mask a personnummer; the JSON is the record as it is kept.
    public var namesNoOne: Bool { Casework.namesNoOne(checklistID: checklist.id, kind: training ? .training : .real) }

    /// Where the text, Markdown and HTML mask a personnummer (`Masking.swift`); empty for an
    /// analysis of one child, whose case file may name the child.
    public var maskedPlaces: [MaskedPlace] { handedOut().places }

    /// This document as handed out, and where it masks: one masking for both, so a caller that
    /// says where (`show`, `export`) and then writes the document finds each number once. The
    /// evaluation stays the record's, so its warnings still say where a personnummer was found.
    public func handedOut() -> (document: AnalysisDocument, places: [MaskedPlace]) {
        if let masked { return (self, masked) }
        guard namesNoOne else { return (self, []) }
        let found = analysis.maskingPersonnummer(language)
        var document = self
        document.analysis = found.analysis
        document.masked = found.places
        return (document, found.places)
    }

    func render(markdown: Bool) -> String {
        let summary = analysis.summary
        var lines: [String] = []
        // What people wrote, as text in Markdown: never markup of its own.
        func md(_ text: String) -> String { markdown ? Self.escapeMarkdown(text) : text }
        let title = (training ? "[\(TrainingMark.text)] " : "") + "\(checklist.title.text(language)) \(summary.id)"
        lines.append(markdown ? "# \(out(title))" : out(title))
        if !markdown { lines.append(String(repeating: "=", count: title.count)) }
        lines.append("")
        let facts: [(String, String)] = [
            (words.status, summary.status.label(language)),
            // A decision about children as a group has a diary number where a case has its reference.
            (isGroupAnalysis ? AttachmentWords(language: language).diaryNumber : words.caseRef, summary.caseRef),
            (words.unit, summary.unit),
            (words.author, summary.author),
            (words.checklist, "\(checklist.id) v\(checklist.version)"),
            (words.created, String(summary.createdAt.prefix(10))),
            (words.updated, String(summary.updatedAt.prefix(10))),
        ]
        for (label, value) in facts {
            lines.append(markdown ? "- **\(label):** \(md(out(value)))" : "\(label): \(out(value))")
        }
        lines += reviewBlock(markdown: markdown)
        let returnComments = analysis.latestReturn
        let missing = Set(evaluation.missing.map(\.path.item))
        // The supervisor's own section is what the review above says; the caseworker's form never holds it.
        for section in checklist.sections
        where evaluation.visibleSections.contains(section.id) && section.filledBy == .caseworker {
            lines.append("")
            let heading = section.title.text(language)
            lines.append(markdown ? "## \(out(heading))" : out(heading))
            if !markdown { lines.append(String(repeating: "-", count: heading.count)) }
            for item in section.items where evaluation.visibleItems.contains(item.id) {
                guard let itemLines = itemLines(item, markdown: markdown, missing: missing) else { continue }
                lines += itemLines
                if let comment = returnComments?.itemComments[item.id] {
                    lines.append(markdown ? "> \(words.supervisorComment): \(md(out(comment)))"
                                          : "  [\(words.supervisorComment)] \(out(comment))")
                }
            }
        }
        lines += block(words.afterDecision, analysis.notes.map { md($0.line(language, out: out)) }, markdown: markdown)
        lines += problems(markdown: markdown)
        // Text is pasted into a case journal: no line wider than its 80 columns.
        let shown = markdown ? lines : lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
            .flatMap { PlainText.wrapKeepingIndent(String($0), width: Self.pasteWidth) }
        return shown.joined(separator: "\n") + "\n"
    }

    /// The width of a case journal's text field and of a terminal.
    public static let pasteWidth = 80

    /// Who reviewed what, and when: the approval with its version and content hash, a return with
    /// its comment, an override with its reason, or that no one has reviewed it yet. First after
    /// the facts, since it says how far to trust the rest.
    func reviewBlock(markdown: Bool) -> [String] {
        func md(_ text: String) -> String { markdown ? Self.escapeMarkdown(text) : text }
        let title = words.review
        var lines = ["", markdown ? "## \(title)" : title]
        if !markdown { lines.append(String(repeating: "-", count: title.count)) }
        if markdown { lines.append("") }
        let status = analysis.summary.status
        let decisive = analysis.reviews.last { $0.decision != .override }
        switch status {
        case .approved:
            if let approval = decisive, approval.decision == .approve {
                lines.append(words.approvedBy(out(approval.reviewer), at: Self.minute(approval.at), version: approval.version))
                if let hash = analysis.versions.first(where: { $0.number == approval.version })?.contentHash {
                    lines.append("")
                    // In text the hash has a line of its own, to fit 80 columns whole.
                    lines += markdown ? [words.contentHash(approval.version) + " " + hash] : [words.contentHash(approval.version), "  " + hash]
                }
                if let comment = approval.comment, !comment.isEmpty {
                    lines.append("")
                    lines.append(words.supervisorComment + ": " + md(out(comment)))
                }
            } else {
                lines.append(words.approvedWithoutRecord)
            }
        case .returned:
            if let back = decisive, back.decision == .return {
                lines.append(words.returnedBy(out(back.reviewer), at: Self.minute(back.at), version: back.version))
                if let comment = back.comment, !comment.isEmpty {
                    lines.append("")
                    lines.append(words.supervisorComment + ": " + md(out(comment)))
                }
            }
        case .submitted: lines.append(words.awaitingReview)
        // A draft is a new version after approval only when it was approved; a stop lifted before
        // the first submission leaves a review on a plain draft.
        case .draft:
            lines.append(analysis.reviews.contains { $0.decision == .approve } ? words.revisedNotSubmitted : words.notSubmitted)
        case .closed: lines.append(words.closedWithoutReview)
        }
        // Every decision on the way, oldest first: an inspector sees a return before an approval.
        let earlier = analysis.reviews.filter { $0 != decisive || status == .draft || status == .submitted }
        if !earlier.isEmpty {
            lines.append("")
            lines.append(words.reviewHistory)
            if markdown { lines.append("") }
            for review in earlier {
                let version = review.versionName.map { $0 + " " } ?? ""
                var line = "- \(Self.minute(review.at)) \(version)\(out(review.reviewer)) \(review.decision.label(language))"
                if let rule = review.rule { line += " (\(analysis.checklist.ruleName(rule, language)))" }
                if let ground = review.ground { line += " · " + ground.label(language) }
                if let comment = review.comment, !comment.isEmpty { line += ": " + md(out(comment)) }
                lines.append(line)
            }
        }
        return lines
    }

    /// "2026-12-02 14:03" from a stored ISO time.
    static func minute(_ at: String) -> String {
        String(at.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// A question and its answer. Nil for an optional question left empty, which a document leaves
    /// out; a required one says it is not answered.
    func itemLines(_ item: Item, markdown: Bool, missing: Set<String>) -> [String]? {
        let answer = Self.answer(item, in: analysis.answers, checklist: checklist, language: language)
        guard answer != nil || missing.contains(item.id) else { return nil }
        let prompt = out(item.prompt.text(language)) + articles(item)
        let value = answer ?? "(\(words.notAnswered))"
        return markdown ? ["", "**\(prompt)**", "", answer.map(Self.escapeMarkdown) ?? value] : ["", prompt, indent(value)]
    }


    func problems(markdown: Bool) -> [String] {
        block(words.missing, evaluation.missing.map { "\($0.path): \(out($0.reason.text(language)))" }, markdown: markdown)
            + block(words.hardStops, evaluation.hardStops.map {
                "\($0.item ?? $0.rule): \(out($0.message.text(language)))" + ($0.overridden ? " (\(words.overridden))" : "")
            }, markdown: markdown)
            + block(words.warnings, evaluation.warnings.map { "\($0.path): \(out($0.message.text(language)))" }, markdown: markdown)
    }

    /// A heading and a list, or nothing when the list is empty.
    func block(_ title: String, _ entries: [String], markdown: Bool) -> [String] {
        guard !entries.isEmpty else { return [] }
        var lines = ["", markdown ? "## \(title)" : title]
        if !markdown { lines.append(String(repeating: "-", count: title.count)) }
        if markdown { lines.append("") }
        return lines + entries.map { "- \($0)" }
    }

    func articles(_ item: Item) -> String {
        var notes: [String] = []
        if !item.articles.isEmpty {
            notes.append(words.articles(item.articles))
        }
        for id in item.references {
            if let reference = references[id] { notes.append(out(reference.display(language))) }
        }
        return notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
    }

    /// An item's answer as people read it, nil when it has none. A group repeated for each entry
    /// of another shows that group's entries, each by its name ("Alva").
    public static func answer(_ item: Item, in answers: Answers, checklist: Checklist, language: Language) -> String? {
        guard item.each != nil else { return answers[item.id].map { display($0, item: item, language: language) } }
        return entryBlocks(item, in: answers, checklist: checklist, language: language).map { $0.joined(separator: "\n") }
    }

    /// A group's answer one block per entry (a group repeated for each child names the child); nil
    /// when it has no entries.
    /// `only`: per entry, the sub-items to show (a comparison shows what changed); all when nil.
    public static func entryBlocks(_ item: Item, in answers: Answers, checklist: Checklist, language: Language,
                                   only: [Int: Set<String>]? = nil) -> [String]? {
        let entries = checklist.entries(of: item.id, in: answers)
        guard !entries.isEmpty else { return nil }
        return entries.enumerated().map { index, entry in
            let name = item.each.map { " " + TextHygiene.forOutput(checklist.entryName(entry, number: index + 1, of: $0, language),
                                                                   multiline: false) } ?? ""
            let shown = only.map { keep in entry.filter { keep[index]?.contains($0.key) ?? true } } ?? entry
            return entryBlock(shown, of: item, heading: "\(index + 1).\(name)", language: language)
        }
    }

    /// One entry of a group: a heading line, then one indented line per answered sub-item.
    static func entryBlock(_ entry: [String: AnswerValue], of group: Item, heading: String, language: Language) -> String {
        let lines = group.items.compactMap { sub -> String? in
            guard let value = entry[sub.id], !value.isEmpty else { return nil }
            let prompt = TextHygiene.forOutput(sub.prompt.text(language))
            // Written text under its question, as at the top level; a choice or a number beside it.
            guard sub.type != .longText else {
                return "   \(prompt)\n" + PlainText.indented(display(value, item: sub, language: language), by: "     ")
            }
            return "   \(prompt): \(display(value, item: sub, language: language).replacingOccurrences(of: "\n", with: "\n     "))"
        }
        return ([heading] + lines).joined(separator: "\n")
    }

    /// An answer as people read it: labels for choices, a block per group entry. Sanitised.
    public static func display(_ value: AnswerValue, item: Item, language: Language) -> String {
        func out(_ text: String) -> String { TextHygiene.forOutput(text) }
        switch value {
        case .text(let text):
            if item.type == .choice || item.type == .yesNoNA { return out(item.label(for: text, language)) }
            return out(PlainText.trimmedEnd(text))
        case .choices(let values):
            return values.map { out(item.label(for: $0, language)) }.joined(separator: ", ")
        case .number(let number):
            return String(number)
        case .entries(let entries):
            return entries.enumerated().map { index, entry in
                entryBlock(entry, of: item, heading: "\(index + 1).", language: language)
            }.joined(separator: "\n")
        }
    }

    func indent(_ text: String) -> String {
        PlainText.indented(text, by: "  ")
    }

    func out(_ text: String) -> String { TextHygiene.forOutput(text) }

    // MARK: json

    public var jsonObject: [String: Any] {
        let summary = analysis.summary
        var object = AnalysisDocument.summaryObject(summary)
        object["checklist_title"] = out(checklist.title.text(language))
        if training {
            object["training"] = true
            object["mark"] = TrainingMark.text
        }
        object["answers"] = analysis.answers.mapValues { Self.jsonValue($0) }
        object["missing"] = evaluation.missing.map { missing -> [String: Any] in
            var entry: [String: Any] = ["item": missing.path.item, "path": missing.path.description,
                                        "section": missing.section, "reason": out(missing.reason.text(language))]
            if let rule = missing.rule { entry["rule"] = rule }
            return entry
        }
        object["warnings"] = evaluation.warnings.map { warning -> [String: Any] in
            var entry: [String: Any] = ["item": warning.path.item, "path": warning.path.description,
                                        "kind": warning.kind.rawValue, "message": out(warning.message.text(language))]
            if let rule = warning.rule { entry["rule"] = rule }
            return entry
        }
        object["hard_stops"] = evaluation.hardStops.map {
            ["rule": $0.rule, "item": $0.item ?? "", "message": out($0.message.text(language)), "overridden": $0.overridden]
        }
        object["can_submit"] = evaluation.canSubmit
        object["closes_as_not_applicable"] = evaluation.closesAsNotApplicable
        object["reviews"] = analysis.reviews.map { review -> [String: Any] in
            var entry: [String: Any] = ["version": review.version, "reviewer": review.reviewer,
                                        "decision": review.decision.rawValue, "at": review.at,
                                        "item_comments": review.itemComments.mapValues { out($0) }]
            if let comment = review.comment { entry["comment"] = out(comment) }
            if let rule = review.rule { entry["rule"] = rule }
            if let ground = review.ground { entry["ground"] = ground.rawValue }
            return entry
        }
        object["notes"] = analysis.notes.map { note -> [String: Any] in
            var entry: [String: Any] = ["kind": note.kind.rawValue, "date": note.date, "text": out(note.text),
                                        "written_by": note.writtenBy, "written_at": note.writtenAt]
            if let outcome = note.outcome { entry["outcome"] = outcome.rawValue }
            return entry
        }
        object["transfers"] = analysis.transfers.map {
            ["kind": $0.kind.rawValue, "from": out($0.from), "to": out($0.to), "reason": out($0.reason), "by": $0.by, "at": $0.at]
        }
        object["frozen_versions"] = analysis.versions.map {
            ["number": $0.number, "status": $0.status.rawValue, "content_hash": $0.contentHash,
             "created_by": $0.createdBy, "created_at": $0.createdAt] as [String: Any]
        }
        return object
    }

    public func json() -> String { Self.serialize(jsonObject) }

    public static func summaryObject(_ summary: AnalysisSummary) -> [String: Any] {
        [
            "id": summary.id, "checklist": summary.checklistID, "checklist_version": summary.checklistVersion,
            "case_ref": TextHygiene.forOutput(summary.caseRef, multiline: false),
            "unit": TextHygiene.forOutput(summary.unit, multiline: false), "author": summary.author,
            "status": summary.status.rawValue, "versions": summary.versions,
            "created_at": summary.createdAt, "updated_at": summary.updatedAt,
        ]
    }

    public static func jsonValue(_ value: AnswerValue) -> Any {
        switch value {
        case .text(let text): TextHygiene.forOutput(text)
        case .choices(let values): values.map { TextHygiene.forOutput($0, multiline: false) }
        case .number(let number): number
        case .entries(let entries): entries.map { $0.mapValues { jsonValue($0) } }
        }
    }

    public static func serialize(_ object: Any) -> String {
        JSONText.pretty(object)
    }

    // MARK: html

    public func html() -> String {
        let body = markdownToHTML(markdown())
        let title = Self.escapeHTML((training ? "[\(TrainingMark.text)] " : "") + "\(checklist.title.text(language)) \(analysis.summary.id)")
        return """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head><meta charset="utf-8"><title>\(title)</title>
        <style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.45}blockquote{border-left:3px solid #999;margin-left:0;padding-left:1em}</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Just enough markdown for our own documents: headings, paragraphs, bold lines, lists, quotes.
    func markdownToHTML(_ markdown: String) -> String {
        var html: [String] = []
        var inList = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let isItem = line.hasPrefix("- ")
            if inList && !isItem {
                html.append("</ul>")
                inList = false
            }
            if line.hasPrefix("## ") {
                html.append("<h2>\(Self.escapeHTML(String(line.dropFirst(3))))</h2>")
            } else if line.hasPrefix("# ") {
                html.append("<h1>\(Self.escapeHTML(String(line.dropFirst(2))))</h1>")
            } else if isItem {
                if !inList { html.append("<ul>"); inList = true }
                html.append("<li>\(inline(String(line.dropFirst(2))))</li>")
            } else if line.hasPrefix("> ") {
                html.append("<blockquote>\(inline(String(line.dropFirst(2))))</blockquote>")
            } else if !line.isEmpty {
                html.append("<p>\(inline(line))</p>")
            }
        }
        if inList { html.append("</ul>") }
        return html.joined(separator: "\n")
    }

    func inline(_ text: String) -> String {
        // A backslash-escaped character (`escapeMarkdown`) is that character as text: held apart
        // as a placeholder while the bold is found, then written out HTML-escaped.
        var held: [Character] = []
        var plain = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            if character == "\\", let next = characters.next() {
                plain.unicodeScalars.append(Unicode.Scalar(0xF0000 + UInt32(held.count)) ?? "?")
                held.append(next)
            } else {
                plain.append(character)
            }
        }
        var escaped = Self.escapeHTML(plain)
        while let start = escaped.range(of: "**"),
              let end = escaped.range(of: "**", range: start.upperBound..<escaped.endIndex) {
            let inner = escaped[start.upperBound..<end.lowerBound]
            escaped.replaceSubrange(start.lowerBound..<end.upperBound, with: "<strong>\(inner)</strong>")
        }
        guard !held.isEmpty else { return escaped }
        var out = ""
        for scalar in escaped.unicodeScalars {
            let index = Int(scalar.value) - 0xF0000
            if (0..<held.count).contains(index) { out += Self.escapeHTML(String(held[index])) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Text that Markdown shows as written: every character that could start markup (raw HTML,
    /// a link such as `[x](javascript:…)`, emphasis, code) backslash-escaped, and a line that would
    /// open a heading, a list, a quote or a rule escaped at its start, so a typed "## Granskning"
    /// cannot pose as a section of the document.
    public static func escapeMarkdown(_ text: String) -> String {
        let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "(", ")", "!", "|", "~", "{", "}", "&"]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var out = ""
            for character in line { out += inline.contains(character) ? "\\\(character)" : String(character) }
            let body = out.drop(while: { $0 == " " })
            let indent = String(repeating: " ", count: out.count - body.count)
            if let first = body.first, "#-+=".contains(first) { return indent + "\\" + body }
            if let dot = body.firstIndex(where: { !$0.isNumber }), dot != body.startIndex, ".)".contains(body[dot]) {
                return indent + body[..<dot] + "\\" + body[dot...]
            }
            return out
        }.joined(separator: "\n")
    }

    public static func escapeHTML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in TextHygiene.forOutput(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The few words documents need, in both languages.
struct Words {
    let language: Language
    private func pick(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    var status: String { pick("Status", "Status") }
    var caseRef: String { pick("Ärendereferens", "Case reference") }
    var unit: String { pick("Enhet", "Unit") }
    var author: String { pick("Handläggare", "Caseworker") }
    var checklist: String { pick("Checklista", "Checklist") }
    var created: String { pick("Skapad", "Created") }
    var updated: String { pick("Ändrad", "Updated") }
    var notAnswered: String { pick("ej besvarad", "not answered") }
    var missing: String { pick("Saknas", "Missing") }
    var afterDecision: String { pick("Efter beslutet", "After the decision") }
    var warnings: String { pick("Varningar", "Warnings") }
    var hardStops: String { pick("Stopp", "Hard stops") }
    var overridden: String { pick("hävt av chef", "overridden by a supervisor") }
    var supervisorComment: String { pick("Chefens kommentar", "Supervisor's comment") }
    var review: String { pick("Granskning", "Review") }
    var reviewHistory: String { pick("Granskningens historik:", "The review's history:") }
    var awaitingReview: String { pick("Inskickad och ännu inte granskad.", "Submitted and not yet reviewed.") }
    var notSubmitted: String { pick("Ett utkast: inte inskickat för granskning.", "A draft: not submitted for review.") }
    var revisedNotSubmitted: String {
        pick("En ny version efter godkännandet, ännu inte inskickad för granskning.",
             "A new version after approval, not yet submitted for review.")
    }
    var closedWithoutReview: String {
        pick("Avslutad utan granskning: inga barn berörs av beslutet.", "Closed without review: no child is affected by the decision.")
    }
    var approvedWithoutRecord: String {
        pick("Godkänd, men godkännandet finns inte i det som lästes. Kör barnkoll verify.",
             "Approved, but the approval is missing from what was read. Run barnkoll verify.")
    }
    func approvedBy(_ reviewer: String, at: String, version: Int) -> String {
        pick("Godkänd av \(reviewer) \(at), version \(version).", "Approved by \(reviewer) \(at), version \(version).")
    }
    func returnedBy(_ reviewer: String, at: String, version: Int) -> String {
        pick("Återsänd av \(reviewer) \(at), version \(version).", "Returned by \(reviewer) \(at), version \(version).")
    }
    func contentHash(_ version: Int) -> String {
        pick("Kontrollsumma för version \(version) (SHA-256):", "Content hash of version \(version) (SHA-256):")
    }
    func articles(_ numbers: [Int]) -> String {
        pick("art. ", "art. ") + numbers.map(String.init).joined(separator: ", ")
    }
}

/// The mark every view and export of a training store carries.
public enum TrainingMark {
    public static let text = "ÖVNING / TRAINING"
}
