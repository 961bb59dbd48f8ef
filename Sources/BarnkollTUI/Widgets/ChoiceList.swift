import Terminal

/// Options to pick one from, or tick several: where the highlight stands and the number being
/// typed, apart from the drawing. ↑↓ move; a number picks, past 9 too ("1" then "2" is option 12:
/// a digit that could begin a longer number waits for the next one or Enter).
public struct ChoiceList: Sendable, Equatable {
    public let count: Int
    public private(set) var selected: Int
    /// The digits typed so far of a number that may go on.
    public private(set) var typed = ""

    init(count: Int, selected: Int = 0) {
        self.count = count
        self.selected = min(max(0, selected), max(0, count - 1))
    }

    mutating func move(by step: Int) {
        typed = ""
        selected = min(max(0, selected + step), max(0, count - 1))
    }

    /// A digit typed: the option picked (from 0) when the number is whole, nil while it may go on
    /// (the highlight on the option so far) or when no option has that number.
    mutating func type(_ digit: Int) -> Int? {
        var number = Int(typed + String(digit)) ?? 0
        if number < 1 || number > count {
            // Not an option with the digits before: the digit alone starts again.
            number = digit
            typed = ""
            guard number >= 1 && number <= count else { return nil }
        }
        selected = number - 1
        if number * 10 > count {
            typed = ""
            return number - 1
        }
        typed = String(number)
        return nil
    }

    /// The options as drawn, each numbered (unless told) and marked (chosen ones `(•)`, or `[x]` when
    /// several may be ticked), and each whole: wrapped to `width`, its later rows under its label.
    /// A checklist's option may be a long sentence, and a unit's or a checklist's name a long one:
    /// none is cut at the edge.
    static func wrapped(_ labels: [String], chosen: (Int) -> Bool, several: Bool, numbered: Bool = true,
                        width: Int) -> [[String]] {
        marked(labels, chosen: chosen, several: several, numbered: numbered).map { Wrap.lines($0.label, width: width, marker: $0.marker) }
    }

    /// Each option's number (aligned) and mark, and its label.
    private static func marked(_ labels: [String], chosen: (Int) -> Bool, several: Bool, numbered: Bool) -> [(marker: String, label: String)] {
        let digits = String(labels.count).count
        return labels.enumerated().map { index, label in
            let number = String(index + 1)
            let mark = several ? (chosen(index) ? "[x]" : "[ ]") : (chosen(index) ? "(•)" : "( )")
            let prefix = numbered ? String(repeating: " ", count: digits - number.count) + number + " " : ""
            return ("\(prefix)\(mark) ", label)
        }
    }
}
