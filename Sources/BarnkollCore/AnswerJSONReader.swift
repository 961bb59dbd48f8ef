/// Reads the canonical JSON answers are stored in: strings, whole numbers, lists of strings, lists of
/// objects of these. A tenth of the time of JSONSerialization, which built Foundation objects only
/// to have them cast back; anything else returns nil and the caller falls back to Foundation. It
/// reads the bytes where they lie (a string's own storage, a database's row), never a copy of them.
struct AnswerJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Only for the bytes' lifetime: the reader is made and used inside the functions below.
    private init(utf8: UnsafeBufferPointer<UInt8>) {
        bytes = utf8
    }

    static func value(_ json: String) -> AnswerValue? {
        var json = json
        return json.withUTF8 { value(utf8: $0) }
    }

    static func value(utf8: UnsafeBufferPointer<UInt8>) -> AnswerValue? {
        var reader = AnswerJSONReader(utf8: utf8)
        guard let value = reader.value(), reader.atEnd else { return nil }
        return value
    }

    static func answers(_ json: String) -> Answers? {
        var json = json
        return json.withUTF8 { answers(utf8: $0) }
    }

    static func answers(utf8: UnsafeBufferPointer<UInt8>) -> Answers? {
        var reader = AnswerJSONReader(utf8: utf8)
        guard let object = reader.object(), reader.atEnd else { return nil }
        return object
    }

    private var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func value() -> AnswerValue? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string().map(AnswerValue.text)
        case UInt8(ascii: "["): return list()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number().map(AnswerValue.number)
        default: return nil
        }
    }

    private mutating func list() -> AnswerValue? {
        guard take(UInt8(ascii: "[")) else { return nil }
        if take(UInt8(ascii: "]")) { return .choices([]) }
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
            var entries: [Answers] = []
            repeat {
                guard let entry = object() else { return nil }
                entries.append(entry)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? .entries(entries) : nil
        }
        var values: [String] = []
        repeat {
            skipSpace()
            guard let text = string() else { return nil }
            values.append(text)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? .choices(values) : nil
    }

    private mutating func object() -> Answers? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var answers: Answers = [:]
        if take(UInt8(ascii: "}")) { return answers }
        repeat {
            skipSpace()
            guard let key = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
            answers[key] = value
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? answers : nil
    }

    private mutating func number() -> Int? {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    private mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        // The common case: nothing escaped, the bytes are the text.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
        }
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                continue
            }
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(scalar) {
                    // A surrogate pair: the low half must follow.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                    index += 2
                    guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                text.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            return nil
        }
        index += 4
        return value
    }
}
