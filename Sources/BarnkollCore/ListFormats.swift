import Foundation

/// Many analyses at once: tables for people, CSV for spreadsheets, JSON and markdown for files.
public enum ListFormats {
    static let columns = ["id", "checklist", "checklist_version", "case_ref", "unit", "author", "status", "versions",
                          "created_at", "updated_at"]

    static func fields(_ summary: AnalysisSummary) -> [String] {
        [summary.id, summary.checklistID, String(summary.checklistVersion), summary.caseRef, summary.unit,
         summary.author, summary.status.rawValue, String(summary.versions), summary.createdAt, summary.updatedAt]
    }

    /// An aligned table for the terminal.
    public static func table(_ summaries: [AnalysisSummary], language: Language) -> String {
        let header = language == .sv
            ? ["ID", "STATUS", "CHECKLISTA", "ÄRENDE", "ENHET", "HANDLÄGGARE", "ÄNDRAD"]
            : ["ID", "STATUS", "CHECKLIST", "CASE", "UNIT", "CASEWORKER", "UPDATED"]
        let rows = summaries.map {
            [$0.id, $0.status.label(language), $0.checklistID, $0.caseRef, $0.unit, $0.author,
             String($0.updatedAt.prefix(16)).replacingOccurrences(of: "T", with: " ")]
                .map { TextHygiene.forOutput($0, multiline: false) }
        }
        if rows.isEmpty {
            return language == .sv ? "Inga analyser.\n" : "No analyses.\n"
        }
        return PlainText.columns([header] + rows).joined(separator: "\n") + "\n"
    }

    public static func summariesJSON(_ summaries: [AnalysisSummary]) -> String {
        AnalysisDocument.serialize(summaries.map(AnalysisDocument.summaryObject))
    }

    public static func summariesCSV(_ summaries: [AnalysisSummary]) -> String {
        csv([columns] + summaries.map(fields))
    }

    /// Full analyses: the summary columns, then one column per item across the analyses, in checklist order,
    /// named `item.` and the item's id: the checklists ask for the unit and the case reference too, and
    /// those answers can differ from the analysis's own, so a bare id would be a second `unit` column.
    /// Rows are written in chunks on every core: ten thousand analyses are a few seconds' work on one.
    /// `training`: from a training store; every row says so in a first column, so no copy of a
    /// row can pass for a real record.
    public static func analysesCSV(_ analyses: [Analysis], training: Bool = false) -> String {
        String(decoding: joined(analysesCSVParts(analyses, training: training)), as: UTF8.self)
    }

    /// The same CSV in parts, to be written one after another: ten thousand analyses are about
    /// 100 MB, and every whole copy of that (joined, made a String, made bytes again) cost a third
    /// of an export in the kernel clearing fresh pages. The header is the first part.
    public static func analysesCSVParts(_ analyses: [Analysis], training: Bool = false) -> [[UInt8]] {
        csvParts(AnalysesInParts(analyses) { csvRows(for: $0, training: training) }, training: training)
    }

    /// The CSV of a bulk read made into parts by `csvRows`: its header, then its parts.
    public static func csvParts(_ read: AnalysesInParts<[UInt8]>, training: Bool = false) -> [[UInt8]] {
        [csvHeader(for: read.definitions, training: training)] + read.parts
    }

    /// The item columns of a CSV of analyses of these definitions: each item once, in the order
    /// of the definitions and their items. A group asked for each child has no column: its
    /// answers are in the children's entries.
    static func csvItemColumns(_ definitions: [Checklist]) -> [String] {
        var columns: [String] = []
        var seen: Set<String> = []
        for definition in definitions {
            for item in definition.allItems where item.each == nil && seen.insert(item.id).inserted {
                columns.append(item.id)
            }
        }
        return columns
    }

    /// The CSV's header line, for analyses of these definitions.
    public static func csvHeader(for definitions: [Checklist], training: Bool = false) -> [UInt8] {
        Array(csv([(training ? ["mark"] : []) + columns + csvItemColumns(definitions).map { "item." + $0 }]).utf8)
    }

    /// What makes the CSV's lines of analyses of these definitions (the columns `csvHeader` names),
    /// a part at a time: a bulk read hands its parts to it as they arrive.
    public static func csvRows(for definitions: [Checklist], training: Bool = false)
        -> @Sendable (ArraySlice<Analysis>) -> [UInt8] {
        let itemIDs = csvItemColumns(definitions)
        return { analyses in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(analyses.count * 16_384)
            var group: [UInt8] = []
            for analysis in analyses {
                if training {
                    appendCell(TrainingMark.text, to: &bytes)
                    bytes.append(UInt8(ascii: ","))
                }
                for (index, field) in fields(analysis.summary).enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    appendCell(field, to: &bytes)
                }
                for id in itemIDs {
                    bytes.append(UInt8(ascii: ","))
                    if let value = analysis.answers[id] { appendCell(value, to: &bytes, scratch: &group) }
                }
                bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
            }
            return bytes
        }
    }

    /// Parts as one contiguous buffer: decoding the joined parts as a lazy sequence went byte by byte.
    public static func joined(_ parts: [[UInt8]]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { body.append(contentsOf: part) }
        return body
    }

    public static func analysesJSON(_ analyses: [Analysis], language: Language, training: Bool = false) -> String {
        AnalysisDocument.serialize(analyses.map {
            var document = AnalysisDocument(analysis: $0, language: language)
            document.training = training
            return document.jsonObject
        })
    }

    /// The analyses as Markdown, and a line for each that masks a personnummer (`show`'s words).
    public static func analysesMarkdown(_ analyses: [Analysis], language: Language, references: [String: LegalReference],
                                        training: Bool = false) -> (text: String, masked: [Localized]) {
        var masked: [Localized] = []
        let text = analyses.map {
            var document = AnalysisDocument(analysis: $0, language: language, references: references)
            document.training = training
            let (handedOut, places) = document.handedOut()
            if !places.isEmpty { masked.append(MaskedPlace.warning($0.summary.id, places)) }
            return handedOut.markdown()
        }.joined(separator: "\n---\n\n")
        return (text, masked)
    }

    static func cellText(_ value: AnswerValue) -> String {
        switch value {
        case .text(let text): text
        case .choices(let values): values.joined(separator: "; ")
        case .number(let number): String(number)
        case .entries: value.compactJSON()
        }
    }

    /// RFC 4180 CSV. Cells that a spreadsheet would run as a formula get a leading apostrophe.
    /// Written as bytes: appending to a String cell by cell was most of an export's time.
    public static func csv(_ rows: [[String]]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(rows.count * 512)
        for row in rows {
            for (index, raw) in row.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendCell(raw, to: &output)
            }
            output.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One cell: cleaned for output, quoted when it holds a comma, quote or newline, and with an
    /// apostrophe before what a spreadsheet would run as a formula.
    static func appendCell(_ raw: String, to output: inout [UInt8]) {
        guard !raw.isEmpty else { return }
        var cell = TextHygiene.forOutput(raw)
        cell.withUTF8 { appendCell(utf8: $0, to: &output) }
    }

    /// An answer's cell. A group's JSON goes from its bytes into the cell with no String between
    /// (`scratch` holds them), unless it needs cleaning for output.
    static func appendCell(_ value: AnswerValue, to output: inout [UInt8], scratch: inout [UInt8]) {
        guard case .entries = value else { return appendCell(cellText(value), to: &output) }
        scratch.removeAll(keepingCapacity: true)
        value.writeCompact(into: &scratch)
        scratch.withUnsafeBufferPointer { json in
            if TextHygiene.isClean(json, multiline: true) {
                appendCell(utf8: json, to: &output)
            } else {
                appendCell(String(decoding: json, as: UTF8.self), to: &output)
            }
        }
    }

    /// A cell already clean for output, as UTF-8 bytes.
    static func appendCell(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
        let formula = bytes.first.map { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "@") } ?? false
        let quoted = bytes.contains { $0 == comma || $0 == quote || $0 == newline }
        if quoted { output.append(quote) }
        if formula { output.append(UInt8(ascii: "'")) }
        if quoted {
            for byte in bytes {
                output.append(byte)
                if byte == quote { output.append(quote) }
            }
            output.append(quote)
        } else {
            output.append(contentsOf: bytes)
        }
    }
}
