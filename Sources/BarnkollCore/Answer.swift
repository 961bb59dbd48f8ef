import Foundation

/// One answer to one item. Empty answers do not exist: clearing an item removes its answer.
public indirect enum AnswerValue: Sendable, Hashable {
    /// Text, a date (YYYY-MM-DD), the value of a choice or of yes/no/not applicable.
    case text(String)
    /// The chosen values of a multi-choice item.
    case choices([String])
    case number(Int)
    /// The entries of a repeatable group, each answering the group's sub-items.
    case entries([[String: AnswerValue]])

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The chosen values: one for a choice, several for a multi-choice.
    public var selected: [String] {
        switch self {
        case .text(let value): [value]
        case .choices(let values): values
        case .number(let value): [String(value)]
        case .entries: []
        }
    }

    public var isEmpty: Bool {
        switch self {
        case .text(let value): value.allSatisfy(\.isWhitespace)
        case .choices(let values): values.isEmpty
        case .number: false
        case .entries(let entries): entries.isEmpty
        }
    }

    /// Entries or choices, for "fewer than" conditions.
    public var count: Int {
        switch self {
        case .text, .number: 1
        case .choices(let values): values.count
        case .entries(let entries): entries.count
        }
    }

    /// All the text in the answer, for search and for the personnummer check.
    public var searchableText: String {
        switch self {
        case .text(let value): value
        case .choices(let values): values.joined(separator: " ")
        case .number(let value): String(value)
        case .entries(let entries):
            entries.map { entry in
                entry.keys.sorted().compactMap { entry[$0]?.searchableText }.joined(separator: " ")
            }.joined(separator: "\n")
        }
    }
}

/// The answers of one analysis, by item id.
public typealias Answers = [String: AnswerValue]

extension AnswerValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .text(value)
        } else if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else if let values = try? container.decode([String].self) {
            self = .choices(values)
        } else {
            self = .entries(try container.decode([[String: AnswerValue]].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .choices(let values): try container.encode(values)
        case .number(let value): try container.encode(value)
        case .entries(let entries): try container.encode(entries)
        }
    }
}

/// Canonical JSON (sorted keys, no escaped slashes): the form answers are stored and hashed in.
public enum CanonicalJSON {

    public static func encode<Value: Encodable>(_ value: Value, fallback: String = "null") -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return fallback }
        return String(decoding: data, as: UTF8.self)
    }
}

extension AnswerValue {
    /// The stored form, byte for byte what `CanonicalJSON.encode` gives (a test holds them equal).
    /// Texts, numbers and choices are written directly: JSONEncoder's generic machinery cost more
    /// than the rest of a save. Groups keep JSONEncoder, whose key order is the stored one.
    public func canonicalJSON() -> String {
        if case .entries = self { return CanonicalJSON.encode(self) }
        return compactJSON()
    }

    /// JSON with keys in Swift's string order, written directly: for export cells, where the
    /// stored form's exact key order does not matter and JSONEncoder's cost does.
    public func compactJSON() -> String {
        var output: [UInt8] = []
        writeCompact(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Written as bytes, not appended to a String piece by piece: a group's cell in an export of
    /// 10,000 went through here for each child (docs/benchmarks-history.md, "The export's group cells").
    func writeCompact(into output: inout [UInt8]) {
        switch self {
        case .entries(let entries):
            output.append(UInt8(ascii: "["))
            for (index, entry) in entries.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "{"))
                for (position, key) in entry.keys.sorted().enumerated() {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    JSONText.string(key, into: &output)
                    output.append(UInt8(ascii: ":"))
                    entry[key]?.writeCompact(into: &output)
                }
                output.append(UInt8(ascii: "}"))
            }
            output.append(UInt8(ascii: "]"))
        case .text(let text): JSONText.string(text, into: &output)
        case .number(let number): output.append(contentsOf: String(number).utf8)
        case .choices(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONText.string(value, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// Reads a stored answer (canonical JSON); other JSON through Foundation.
    public static func fromJSON(_ json: String) -> AnswerValue? {
        AnswerJSONReader.value(json)
            ?? (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)).flatMap(from)
    }

    /// The same from UTF-8 bytes, read in place.
    public static func fromJSON(utf8: UnsafeBufferPointer<UInt8>) -> AnswerValue? {
        AnswerJSONReader.value(utf8: utf8) ?? fromJSON(String(decoding: utf8, as: UTF8.self))
    }

    /// Reads stored answers by item id (a frozen version).
    public static func answersFromJSON(_ json: String) -> Answers? {
        if let answers = AnswerJSONReader.answers(json) { return answers }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object.compactMapValues(from)
    }

    /// The same from UTF-8 bytes, read in place (a database's answers, without a string between).
    public static func answersFromJSON(utf8: UnsafeBufferPointer<UInt8>) -> Answers? {
        AnswerJSONReader.answers(utf8: utf8) ?? answersFromJSON(String(decoding: utf8, as: UTF8.self))
    }

    static func from(_ object: Any) -> AnswerValue? {
        switch object {
        case let text as String: return .text(text)
        case let number as Int: return .number(number)
        case let number as NSNumber: return .number(number.intValue)
        case let list as [Any]:
            if list.isEmpty { return .choices([]) }
            if let values = list as? [String] { return .choices(values) }
            guard let entries = list as? [[String: Any]] else { return nil }
            return .entries(entries.map { $0.compactMapValues(from) })
        default: return nil
        }
    }
}

/// Calendar dates as the worksheet uses them: YYYY-MM-DD, no time zone.
public enum ISODate {
    /// Days since 1970-01-01 for a valid YYYY-MM-DD, else nil.
    public static func dayNumber(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { dayNumber(utf8: $0) }
    }

    /// The same from UTF-8 bytes, without making a string (the indicators read dates by the
    /// tens of thousands). Concrete, not generic: called from another module, a generic one
    /// went through type metadata for every byte (measured: a quarter of a year's indicators).
    public static func dayNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 10 else { return nil }
        var year = 0, month = 0, day = 0
        for offset in 0..<10 {
            let byte = bytes[offset]
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte &- UInt8(ascii: "0"))
            switch offset {
            case 0..<4: year = year * 10 + digit
            case 5, 6: month = month * 10 + digit
            default: day = day * 10 + digit
            }
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func isValid(_ text: String) -> Bool { dayNumber(text) != nil }

    /// Why `text` is not a day of the calendar, as a clause for people; nil when it is one. A
    /// right shape with no such day says so, rather than asking for the shape the writer used.
    public static func fault(_ text: String) -> Localized? {
        guard dayNumber(text) == nil else { return nil }
        return missingDay(text)
            ?? Localized(sv: "skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-03-14", en: "write it as YYYY-MM-DD, like 2026-03-14")
    }

    /// Why a YYYY-MM-DD names no day ("February 2026 has 28 days"); nil when it names one, or
    /// when `text` is not of that shape.
    public static func missingDay(_ text: String) -> Localized? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard dayNumber(text) == nil, parts.count == 3, parts.map(\.utf8.count) == [4, 2, 2],
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        guard (1...12).contains(month) else {
            return Localized(sv: "det finns ingen månad \(month)", en: "there is no month \(month)")
        }
        guard day > 0 else { return Localized(sv: "det finns ingen dag 0", en: "there is no day 0") }
        let (sv, en) = monthNames[month - 1]
        return Localized(sv: "\(sv) \(year) har \(daysIn(month: month, year: year)) dagar",
                         en: "\(en) \(year) has \(daysIn(month: month, year: year)) days")
    }

    /// The whole refusal of a date that is not one: "'2026-02-31' is not a date; February 2026 has 28 days".
    public static func problem(_ text: String) -> Localized? {
        fault(text).map { fault in
            let shown = TextHygiene.forOutput(text, multiline: false)
            return Localized(sv: "'\(shown)' är inget datum; \(fault.sv)", en: "'\(shown)' is not a date; \(fault.text(.en))")
        }
    }

    private static let monthNames = [("januari", "January"), ("februari", "February"), ("mars", "March"), ("april", "April"),
                                     ("maj", "May"), ("juni", "June"), ("juli", "July"), ("augusti", "August"),
                                     ("september", "September"), ("oktober", "October"), ("november", "November"),
                                     ("december", "December")]

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Today in UTC as YYYY-MM-DD.
    public static func today(_ now: Date = Date()) -> String {
        string(from: now)
    }

    public static func string(from date: Date) -> String {
        string(fromDay: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The date of a day number (days since 1970-01-01), by arithmetic: a DateFormatter costs
    /// tens of microseconds to make.
    public static func string(fromDay day: Int) -> String {
        // Civil from days (Howard Hinnant's algorithm), the inverse of `dayNumber`.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dayOfMonth = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + two(month) + "-" + two(dayOfMonth)
    }
}
