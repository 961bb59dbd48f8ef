import Foundation

/// JSON for people and scripts: pretty-printed, keys sorted, slashes unescaped. Written by hand:
/// Foundation's sorted-keys writer on Linux compares keys through a locale and took more than half
/// the time of `show --format json`.
public enum JSONText {
    public static func pretty(_ object: Any) -> String {
        var output: [UInt8] = []
        write(object, indent: 0, into: &output)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    static func write(_ object: Any, indent: Int, into output: inout [UInt8]) {
        switch object {
        case let text as String: string(text, into: &output, escapingInvisible: true)
        case let flag as Bool: output.append(contentsOf: (flag ? "true" : "false").utf8)
        case let number as Int: output.append(contentsOf: String(number).utf8)
        case let number as Double:
            let text = number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)) : "null"
            output.append(contentsOf: text.utf8)
        case let list as [Any]:
            guard !list.isEmpty else { output.append(contentsOf: "[\n\n".utf8); pad(indent, &output); output.append(UInt8(ascii: "]")); return }
            output.append(contentsOf: "[\n".utf8)
            for (index, element) in list.enumerated() {
                pad(indent + 1, &output)
                write(element, indent: indent + 1, into: &output)
                output.append(contentsOf: (index == list.count - 1 ? "\n" : ",\n").utf8)
            }
            pad(indent, &output)
            output.append(UInt8(ascii: "]"))
        case let dictionary as [String: Any]:
            guard !dictionary.isEmpty else { output.append(contentsOf: "{\n\n".utf8); pad(indent, &output); output.append(UInt8(ascii: "}")); return }
            output.append(contentsOf: "{\n".utf8)
            let keys = dictionary.keys.sorted()
            for (index, key) in keys.enumerated() {
                pad(indent + 1, &output)
                string(key, into: &output, escapingInvisible: true)
                output.append(contentsOf: " : ".utf8)
                write(dictionary[key] ?? NSNull(), indent: indent + 1, into: &output)
                output.append(contentsOf: (index == keys.count - 1 ? "\n" : ",\n").utf8)
            }
            pad(indent, &output)
            output.append(UInt8(ascii: "}"))
        // Last: a cast to a class bridges a Swift collection to Foundation's to test it, which took
        // a fifth of `show --format json` when this case came before the collections.
        case let number as NSNumber: output.append(contentsOf: number.stringValue.utf8)
        default:
            output.append(contentsOf: "null".utf8)
        }
    }

    static func pad(_ level: Int, _ output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// A JSON string, as UTF-8 bytes: the text's runs that need no escape are copied whole.
    /// `escapingInvisible`: also write DEL, the C1 controls and the bidi controls as \u escapes, so
    /// JSON printed to a terminal never carries them raw (the reader gets the same text). Off for the
    /// stored canonical form, which must stay what JSONEncoder wrote.
    static func string(_ text: String, into output: inout [UInt8], escapingInvisible: Bool = false) {
        if escapingInvisible && holdsInvisibleControl(text) {
            invisibleEscaped(text, into: &output)
            return
        }
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        output.append(quote)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == quote || byte == backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                escape(UnicodeScalar(byte), into: &output)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        output.append(quote)
    }

    /// The rare text that holds an invisible control, scalar by scalar.
    private static func invisibleEscaped(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar == "\"" || scalar == "\\" || isInvisibleControl(scalar.value) {
                escape(scalar, into: &output)
            } else {
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The escape JSONEncoder writes for a quote, a backslash or a control: its short form where
    /// it has one, otherwise \u and four lower-case hex digits.
    private static func escape(_ scalar: UnicodeScalar, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch scalar {
        case "\"", "\\": output.append(UInt8(scalar.value))
        case "\n": output.append(UInt8(ascii: "n"))
        case "\r": output.append(UInt8(ascii: "r"))
        case "\t": output.append(UInt8(ascii: "t"))
        case "\u{8}": output.append(UInt8(ascii: "b"))
        case "\u{C}": output.append(UInt8(ascii: "f"))
        default:
            output.append(UInt8(ascii: "u"))
            for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((scalar.value >> UInt32(shift)) & 0xF)]) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Decided on the UTF-8 bytes: DEL, C1 (C2 80–9F) and the bidi controls (D8 9C,
    /// E2 80 8E/8F/AA–AE, E2 81 A6–A9).
    static func holdsInvisibleControl(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) || (previous == 0xD8 && byte == 0x9C) {
                return true
            }
            if beforePrevious == 0xE2 && ((previous == 0x80 && (byte == 0x8E || byte == 0x8F || (0xAA...0xAE).contains(byte)))
                                          || (previous == 0x81 && (0xA6...0xA9).contains(byte))) {
                return true
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func isInvisibleControl(_ value: UInt32) -> Bool {
        switch value {
        case 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
