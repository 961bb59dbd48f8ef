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
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    public static func summariesJSON(_ summaries: [AnalysisSummary]) -> String {
        AnalysisDocument.serialize(summaries.map(AnalysisDocument.summaryObject))
    }

    public static func summariesCSV(_ summaries: [AnalysisSummary]) -> String {
        csv([columns] + summaries.map(fields))
    }

    /// Full analyses: the summary columns, then one column per item across the analyses, in checklist order.
    /// `training`: from a training store; every row says so in a first column, so no copy of a
    /// row can pass for a real record.
    public static func analysesCSV(_ analyses: [Analysis], training: Bool = false) -> String {
        var itemColumns: [String] = []
        var seen: Set<String> = []
        for analysis in analyses {
            for item in analysis.checklist.allItems where seen.insert(item.id).inserted {
                itemColumns.append(item.id)
            }
        }
        let rows = analyses.map { analysis in
            fields(analysis.summary) + itemColumns.map { id in
                analysis.answers[id].map(cellText) ?? ""
            }
        }
        guard training else { return csv([columns + itemColumns] + rows) }
        return csv([["mark"] + columns + itemColumns] + rows.map { [TrainingMark.text] + $0 })
    }

    public static func analysesJSON(_ analyses: [Analysis], language: Language, training: Bool = false) -> String {
        AnalysisDocument.serialize(analyses.map {
            var document = AnalysisDocument(analysis: $0, language: language)
            document.training = training
            return document.jsonObject
        })
    }

    public static func analysesMarkdown(_ analyses: [Analysis], language: Language,
                                        references: [String: LegalReference], training: Bool = false) -> String {
        analyses.map {
            var document = AnalysisDocument(analysis: $0, language: language, references: references)
            document.training = training
            return document.markdown()
        }.joined(separator: "\n---\n\n")
    }

    static func cellText(_ value: AnswerValue) -> String {
        switch value {
        case .text(let text): text
        case .choices(let values): values.joined(separator: "; ")
        case .number(let number): String(number)
        case .entries: value.canonicalJSON()
        }
    }

    /// RFC 4180 CSV. Cells that a spreadsheet would run as a formula get a leading apostrophe.
    public static func csv(_ rows: [[String]]) -> String {
        var output = ""
        output.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, raw) in row.enumerated() {
                if index > 0 { output += "," }
                if raw.isEmpty { continue }
                let cell = TextHygiene.forOutput(raw)
                let formula = cell.utf8.first.map { "=+-@".utf8.contains($0) } ?? false
                let quoted = cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }
                if !quoted {
                    if formula { output += "'" }
                    output += cell
                    continue
                }
                output += formula ? "\"'" : "\""
                for character in cell {
                    output.append(character)
                    if character == "\"" { output += "\"" }
                }
                output += "\""
            }
            output += "\r\n"
        }
        return output
    }
}
