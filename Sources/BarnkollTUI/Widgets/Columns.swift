import BarnkollCore
import Terminal

/// A list laid out in columns: each as wide as its longest value (up to its cap), one column
/// taking what is left of the width, so a header and its rows line up and fit at any width; a
/// value too long for its column is cut with "…" inside it, never pushing the next one along.
struct Columns: Sendable {
    struct Column: Sendable {
        let title: String
        /// The widest it grows to fit its values.
        let cap: Int
        /// Takes the width the others leave (at least `minimum`).
        let flexible: Bool
        let minimum: Int

        init(_ title: String, cap: Int = 16, flexible: Bool = false, minimum: Int = 8) {
            self.title = title
            self.cap = cap
            self.flexible = flexible
            self.minimum = minimum
        }
    }

    static let gap = 2
    let columns: [Column]
    let widths: [Int]

    /// Laid out for `rows` (one cell a column) in `width` columns of the screen. With no width
    /// (plain mode: read out, or piped, and never drawn) each column is as wide as its widest
    /// value, the caps set aside, so nothing is cut.
    init(_ columns: [Column], rows: [[String]], width: Int?) {
        self.columns = columns
        var widths = columns.enumerated().map { index, column in
            let widest = ([column.title] + rows.map { index < $0.count ? $0[index] : "" })
                .map { DisplayWidth.of(TextHygiene.forOutput($0, multiline: false)) }.max() ?? 0
            return width == nil ? widest : min(column.cap, widest)
        }
        if let width, let flexible = columns.firstIndex(where: \.flexible) {
            let others = widths.enumerated().filter { $0.offset != flexible }.map(\.element).reduce(0, +)
            widths[flexible] = max(columns[flexible].minimum, width - others - Self.gap * (columns.count - 1))
        }
        self.widths = widths
    }

    /// One row: each cell cut or padded to its column.
    func format(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in
            let text = DisplayWidth.truncate(TextHygiene.forOutput(cell, multiline: false), to: width)
            return text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        }.joined(separator: String(repeating: " ", count: Self.gap))
    }

    var header: String { format(columns.map(\.title)) }

    /// The cells of a row that `format` cuts, whole: what a list says of its selected row under it.
    func cut(_ cells: [String]) -> [String] {
        zip(cells, widths).compactMap { cell, width in
            let text = TextHygiene.forOutput(cell, multiline: false)
            return DisplayWidth.of(text) > width ? text : nil
        }
    }

    /// What the message row says of a selected row cut in its columns: its id and the cut cells
    /// whole ("BKA-2026-0001: Ekonomiskt bistånd, Sjövikens stadsdel"), then `also` (what follows
    /// the columns on a line cut at the edge); nil when nothing is cut.
    func whole(_ cells: [String], id: String, also: [String] = []) -> Footer.Message? {
        let cut = cut(cells).filter { $0 != id } + also.map { TextHygiene.forOutput($0, multiline: false) }
        return cut.isEmpty ? nil : Footer.Message(text: id + ": " + cut.joined(separator: " · "), style: .dim)
    }
}
