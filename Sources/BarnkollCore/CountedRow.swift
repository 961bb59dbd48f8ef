/// What the stores' indicator rows need of one checklist definition, made once per definition: the
/// hard stops with the items they read, to pick those out of a row's bytes, and the Ja / Nej / Ej
/// aktuellt items `CountedAnswers.checks` keeps. Without groups among the items the stops read,
/// each combination of their answers is judged once (`HardStopMemo`). One reader's, not shared.
public final class CountedDefinition {
    public let memo: HardStopMemo
    /// The stops' items but groups, in the order of a row's stop values.
    let ids: [String]
    let items: ByteKeys
    let groups: Set<String>
    let checks: ByteKeys?
    /// The checks' item ids as strings, in `checks`' order: made once, not per row (most are
    /// longer than a string kept inline, so each would be an allocation).
    let checkIDs: [String]
    /// The stops' free-text items, by position in `ids`, each with what stands in for its text.
    let freeTexts: [(position: Int, written: AnswerValue)]

    public init(_ checklist: Checklist) {
        let check = HardStopCheck(checklist: checklist)
        memo = HardStopMemo(check)
        let all = check.itemIDs
        groups = all.intersection(Indicators.subItemIDs.keys)
        ids = all.subtracting(groups).sorted()
        items = ByteKeys(ids)
        // PostgreSQL keeps a free text as "answered" and SQLite keeps it whole: read alike, a
        // written text is only written, and never the same as another item's (a stop comparing
        // texts is counted as not met on both, as checklists/README.md says and
        // `HardStopCheck.uncountedReads` names).
        freeTexts = ids.enumerated().compactMap { position, id in
            checklist.item(id)?.type.isText == true ? (position, .text(CountedText.answered + " " + id)) : nil
        }
        let checkIDs = CountedAnswers.checkItemIDs(checklist)
        checks = checkIDs.isEmpty ? nil : ByteKeys(checkIDs)
        self.checkIDs = checkIDs
    }

    /// The stops met when their items hold `values` (in `ids`' order) and the groups are as counted.
    func met(_ values: [AnswerValue?], _ counted: CountedAnswers) -> Set<String> {
        if ids.isEmpty && groups.isEmpty { return [] }
        var values = values
        for (position, written) in freeTexts where values[position].map({ !$0.isEmpty }) ?? false {
            values[position] = written
        }
        func answers() -> Answers {
            var answers: Answers = [:]
            for (id, value) in zip(ids, values) { answers[id] = value }
            addGroups(counted, to: &answers)
            return answers
        }
        // A group's entries are not among the values: judged again each time.
        return groups.isEmpty ? memo.met(values, answers: answers) : memo.check.met(answers())
    }

    /// Groups as the conditions see them: entries, with the sub-items a row keeps (of a child every
    /// stored field, a written one as `answered`).
    private func addGroups(_ counted: CountedAnswers, to answers: inout Answers) {
        if groups.contains("children") {
            answers["children"] = .entries(counted.children.map { child in
                var entry: [String: AnswerValue] = [:]
                entry["age"] = child.age.map(AnswerValue.number)
                entry["effect"] = child.effect.map(AnswerValue.text)
                entry["heard"] = child.heard.map(AnswerValue.text)
                entry["informed"] = child.informed.map(AnswerValue.text)
                entry["not_heard_reason"] = child.notHeardReason.map(AnswerValue.text)
                entry["differs_from_view"] = child.differsFromView.map(AnswerValue.text)
                entry["lives_in_household"] = child.household.map(AnswerValue.text)
                let written = AnswerValue.text(CountedText.answered)
                if child.differsReasons { entry["differs_reasons"] = written }
                if child.viewsWritten { entry["views_own_words"] = written }
                if child.positionWritten { entry["position_otherwise"] = written }
                return entry
            })
        }
        if groups.contains("other_articles") {
            answers["other_articles"] = .entries(counted.articles.map { ["article": .text($0)] })
        }
        if groups.contains("compensatory_measures"), counted.compensatoryMeasures > 0 {
            answers["compensatory_measures"] = .entries(Array(repeating: [:], count: counted.compensatoryMeasures))
        }
    }
}

/// One indicator row being read from a store's bytes: the counted answers and the values its hard
/// stops read, without a dictionary of answers per row. SQLite's rows and PostgreSQL's are read
/// into it alike (`take`), then `finish` gives what the record keeps.
public struct CountedRow {
    public var counted = CountedAnswers()
    private let definition: CountedDefinition?
    private var stopValues: [AnswerValue?]

    public init(_ definition: CountedDefinition?) {
        self.definition = definition
        stopValues = definition.map { Array(repeating: nil, count: $0.ids.count) } ?? []
    }

    /// One kept answer, item id and value as UTF-8 bytes: a text, a whole number's digits, or a
    /// list of choices as its JSON.
    public mutating func take(item key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, kind: CountedText.Kind) {
        counted.take(item: key, value: value)
        guard let definition else { return }
        if let checks = definition.checks, let check = checks.index(of: key), !value.isEmpty {
            counted.checks.append(CountedAnswers.Check(item: definition.checkIDs[check], value: String(decoding: value, as: UTF8.self)))
        }
        if let position = definition.items.index(of: key) {
            let text = String(decoding: value, as: UTF8.self)
            stopValues[position] = switch kind {
            case .text: .text(text)
            case .integer: Int(text).map(AnswerValue.number) ?? .text(text)
            case .list: AnswerJSONReader.value(utf8: value) ?? .text(text)
            }
        }
    }

    /// Whether the definition's hard stops read this item (then `setStop` gives its value).
    func readByStops(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        definition?.items.index(of: key)
    }

    mutating func setStop(_ position: Int, _ value: AnswerValue) {
        stopValues[position] = value
    }

    /// The counted answers, the checks in id order (as `takeChecks` keeps them), and the hard stops met.
    public mutating func finish() -> (counted: CountedAnswers, hardStopsMet: Set<String>) {
        if counted.checks.count > 1 { counted.checks.sort { $0.item < $1.item } }
        return (counted, definition?.met(stopValues, counted) ?? [])
    }
}

/// The stores' lean indicator text: SQLite's indicator rows (`IndicatorCounts`) and PostgreSQL's
/// (Migration 26) keep the same four columns, read here alike into a `CountedRow`. `scalars`: one
/// `key ␟ type ␟ value` record per kept item, records separated by ␞ (type as SQLite's
/// `json_each` names it; a list's value its JSON); `children`: each child's `storedFields` joined
/// by ␟, children by ␞; `articles`: the other articles joined by ␟; `measures`: how many.
public enum CountedText {
    public static let fieldByte: UInt8 = 0x1F
    public static let recordByte: UInt8 = 0x1E

    /// What stands in for a free-text answer the indicators only count.
    public static let answered = "answered"

    /// Unicode's White_Space, the characters `Character.isWhitespace` sees in a text of one
    /// character each: a counted free text of only these is blank (`CountedAnswers.isBlank`), not
    /// written. The stores trim exactly these in SQL (SQLite's `IndicatorCounts`, PostgreSQL's
    /// Migration 28), so the three say alike whether a text was written.
    public static let whiteSpace: [UInt32] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680]
        + Array(0x2000...0x200A) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

    /// What a kept answer is, as the row's type says (SQLite's `json_each` names: `text`,
    /// `integer`, `array`). A kept list is a multiple choice's: both stores keep a kept item's
    /// list of choices as its JSON (`conflicts`, whose values `CountedAnswers` looks for, and any
    /// a definition's hard stops read), never a group's entries.
    public enum Kind: Sendable {
        case text, integer, list
    }

    /// The scalar items a definition's rows keep: those the indicators read, and those its hard
    /// stops depend on (the hard stops are judged again from them); and of those, the free-text
    /// ones the indicators only count, kept as `answered`. Groups are taken apart separately.
    /// Both stores keep this rule: SQLite when a version is frozen, PostgreSQL from the lists the
    /// client registers per definition (`indicator_items`, Migration 26).
    public static func items(_ checklist: Checklist?) -> (kept: [String], counted: [String]) {
        let hardStops = checklist.map { HardStopCheck(checklist: $0).itemIDs } ?? []
        // A checklist's Ja / Nej / Ej aktuellt answers too, for the shares of No and Ej aktuellt
        // (issue 22): versions frozen before have none in their rows.
        let checks = checklist.map(CountedAnswers.checkItemIDs) ?? []
        let kept = Set(Indicators.itemIDs).union(hardStops).union(checks).subtracting(Indicators.subItemIDs.keys)
        let freeText = kept.subtracting(hardStops).filter { checklist?.item($0)?.type.isText ?? false }
        return (kept.sorted(), freeText.sorted())
    }

    /// One row's columns into `row` (nil for a NULL column).
    public static func read(scalars: UnsafeBufferPointer<UInt8>?, children: UnsafeBufferPointer<UInt8>?,
                            articles: UnsafeBufferPointer<UInt8>?, measures: Int?, into row: inout CountedRow) {
        if let scalars {
            forEachScalar(scalars) { key, kind, value in row.take(item: key, value: value, kind: kind) }
        }
        if let children {
            // Each child straight from its bytes, as `Child(stored:)` reads the same fields: no
            // array of parts per row or per child (they were a third of reading a row; measured).
            var start = 0
            for index in 0...children.count where index == children.count || children[index] == recordByte {
                row.counted.children.append(child(UnsafeBufferPointer(rebasing: children[start..<index])))
                start = index + 1
            }
            row.counted.takeVoiceFromChildren()
        }
        if let articles {
            var start = 0
            for index in 0...articles.count where index == articles.count || articles[index] == fieldByte {
                row.counted.addArticle(String(decoding: UnsafeBufferPointer(rebasing: articles[start..<index]), as: UTF8.self))
                start = index + 1
            }
        }
        row.counted.compensatoryMeasures = measures ?? 0
    }

    /// One child's `storedFields` joined by ␟: what `Child(stored:)` makes of them split, an
    /// empty field as none.
    static func child(_ bytes: UnsafeBufferPointer<UInt8>) -> CountedAnswers.Child {
        var child = CountedAnswers.Child()
        var field = 0
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == fieldByte {
            if index > start {
                // Most fields of most children are empty: no string for those.
                let value = UnsafeBufferPointer(rebasing: bytes[start..<index])
                func text() -> String { String(decoding: value, as: UTF8.self) }
                switch field {
                case 0: child.age = Int(text())
                case 1: child.effect = text()
                case 2: child.heard = text()
                case 3: child.informed = text()
                case 4: child.notHeardReason = text()
                case 5: child.differsFromView = text()
                case 6: child.differsReasons = true
                case 7: child.household = text()
                case 8: child.viewsWritten = true
                case 9: child.positionWritten = true
                default: break
                }
            }
            field += 1
            start = index + 1
        }
        return child
    }

    /// Calls `body` with each `key ␟ type ␟ value` record of a row's scalars, in one pass over the bytes.
    public static func forEachScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (_ key: UnsafeBufferPointer<UInt8>, _ kind: Kind,
                                                                                   _ value: UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        var first = -1
        var second = -1
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : recordByte
            if byte == fieldByte && second < 0 {
                if first < 0 { first = index } else { second = index }
            } else if byte == recordByte {
                if second >= 0 {
                    // "integer" or "array" by their length and first letter; anything else is text.
                    let length = second - first - 1
                    let kind: Kind = length == 7 && bytes[first + 1] == UInt8(ascii: "i") ? .integer
                        : length == 5 && bytes[first + 1] == UInt8(ascii: "a") ? .list : .text
                    body(UnsafeBufferPointer(rebasing: bytes[start..<first]), kind,
                         UnsafeBufferPointer(rebasing: bytes[(second + 1)..<index]))
                }
                first = -1
                second = -1
                start = index + 1
            }
        }
    }
}

/// The few strings that repeat on every row of a year's records (units, checklist ids, item and
/// rule ids), each made once from a store's bytes and shared by the records.
public struct InternedStrings {
    private var known: [(bytes: [UInt8], string: String)] = []

    public init() {}

    public mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let found = known.first(where: { $0.bytes.count == bytes.count && $0.bytes.elementsEqual(bytes) }) {
            return found.string
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if known.count < 64 { known.append((Array(bytes), string)) }
        return string
    }

    /// The names of a column separated by `separator`, none for an empty one.
    public mutating func strings(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) -> [String] {
        guard !bytes.isEmpty else { return [] }
        var names: [String] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == separator {
            names.append(string(UnsafeBufferPointer(rebasing: bytes[start..<index])))
            start = index + 1
        }
        return names
    }
}
