import BarnkollCore
import Terminal

/// A list laid out in columns: each as wide as its longest value (up to its cap), the flexible
/// ones sharing what is left of the width, so a header and its rows line up and fit at any width;
/// a value too long for its column is cut with "…" inside it, never pushing the next one along.
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
    /// The columns of the screen the rows are drawn in; nil in plain mode.
    let width: Int?

    /// Laid out for `rows` (one cell a column) in `width` columns of the screen. With no width
    /// (plain mode: read out, or piped, and never drawn) each column is as wide as its widest
    /// value, the caps set aside, so nothing is cut.
    init(_ columns: [Column], rows: [[String]], width: Int?) {
        self.columns = columns
        self.width = width
        let widest = columns.indices.map { index in
            ([columns[index].title] + rows.map { index < $0.count ? $0[index] : "" })
                .map { DisplayWidth.of(TextHygiene.forOutput($0, multiline: false)) }.max() ?? 0
        }
        var widths = zip(columns, widest).map { column, widest in width == nil ? widest : min(column.cap, widest) }
        if let width {
            let flexible = columns.indices.filter { columns[$0].flexible }
            let others = widths.indices.filter { !columns[$0].flexible }.map { widths[$0] }.reduce(0, +)
            let shared = Self.share(width - others - Self.gap * (columns.count - 1),
                                    among: flexible.map { (need: widest[$0], minimum: columns[$0].minimum) })
            for (index, share) in zip(flexible, shared) { widths[index] = share }
        }
        self.widths = widths
    }

    /// `room` shared among flexible columns as evenly as they need: one that needs less than an
    /// even share gets what it needs and leaves the rest to the others; none gets less than its
    /// minimum; what all leave over goes to the first (so the rows fill the width).
    static func share(_ room: Int, among columns: [(need: Int, minimum: Int)]) -> [Int] {
        var shares = columns.map(\.minimum)
        var left = room
        // Smallest need first, each up to an even share of what is left, the others' minimums kept.
        let order = columns.indices.sorted { (columns[$0].need, $0) < (columns[$1].need, $1) }
        for (position, index) in order.enumerated() {
            let after = order[(position + 1)...]
            let kept = after.map { columns[$0].minimum }.reduce(0, +)
            shares[index] = max(columns[index].minimum, min(columns[index].need, left / (after.count + 1), left - kept))
            left -= shares[index]
        }
        if left > 0, !shares.isEmpty { shares[0] += left }
        return shares
    }

    /// One row: each cell cut or padded to its column.
    func format(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in
            let text = DisplayWidth.truncate(TextHygiene.forOutput(cell, multiline: false), to: width)
            return text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        }.joined(separator: String(repeating: " ", count: Self.gap))
    }

    var header: String { format(columns.map(\.title)) }

    /// The cells of a row that `format` cuts, or that the screen's edge cuts or hides (in a narrow
    /// window the minimums of the columns can pass it, and the row is cut with "…" where it
    /// ends), whole: what a list says of its selected row under it.
    func cut(_ cells: [String]) -> [String] {
        let line = widths.reduce(0, +) + Self.gap * max(0, widths.count - 1)
        // Where the row is longer than the screen, its last column shows "…".
        let edge = width.map { line > $0 ? $0 - 1 : $0 } ?? .max
        var start = 0
        return zip(cells, widths).compactMap { cell, width in
            defer { start += width + Self.gap }
            let text = TextHygiene.forOutput(cell, multiline: false)
            return DisplayWidth.of(text) > min(width, edge - start) ? text : nil
        }
    }

    /// What the message row says of a selected row cut in its columns: its id and the cut cells
    /// whole ("BKA-2026-0001: Ekonomiskt bistånd, Sjövikens stadsdel"); nil when nothing is cut.
    func whole(_ cells: [String], id: String) -> Footer.Message? {
        let cut = cut(cells).filter { $0 != id }
        return cut.isEmpty ? nil : Footer.Message(text: id + ": " + cut.joined(separator: " · "), style: .dim)
    }
}
