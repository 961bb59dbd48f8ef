import Foundation

/// JSON for people and scripts: pretty-printed, keys sorted, slashes unescaped. Written by hand:
/// Foundation's sorted-keys writer on Linux compares keys through a locale and took more than half
/// the time of `show --format json`.
public enum JSONText {
    public static func pretty(_ object: Any) -> String {
        var output = ""
        write(object, indent: 0, into: &output)
        return output + "\n"
    }

    static func write(_ object: Any, indent: Int, into output: inout String) {
        switch object {
        case let text as String: string(text, into: &output, escapingInvisible: true)
        case let flag as Bool: output += flag ? "true" : "false"
        case let number as Int: output += String(number)
        case let number as Double: output += number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)) : "null"
        case let list as [Any]:
            guard !list.isEmpty else { output += "[\n\n" + pad(indent) + "]"; return }
            output += "[\n"
            for (index, element) in list.enumerated() {
                output += pad(indent + 1)
                write(element, indent: indent + 1, into: &output)
                output += index == list.count - 1 ? "\n" : ",\n"
            }
            output += pad(indent) + "]"
        case let dictionary as [String: Any]:
            guard !dictionary.isEmpty else { output += "{\n\n" + pad(indent) + "}"; return }
            output += "{\n"
            let keys = dictionary.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += pad(indent + 1)
                string(key, into: &output, escapingInvisible: true)
                output += " : "
                write(dictionary[key] ?? NSNull(), indent: indent + 1, into: &output)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += pad(indent) + "}"
        // Last: a cast to a class bridges a Swift collection to Foundation's to test it, which took
        // a fifth of `show --format json` when this case came before the collections.
        case let number as NSNumber: output += number.stringValue
        default:
            output += "null"
        }
    }

    static func pad(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// `escapingInvisible`: also write DEL, the C1 controls and the bidi controls as \u escapes, so
    /// JSON printed to a terminal never carries them raw (the reader gets the same text). Off for the
    /// stored canonical form, which must stay what JSONEncoder wrote.
    static func string(_ text: String, into output: inout String, escapingInvisible: Bool = false) {
        output += "\""
        // Most text needs no escaping: append it whole instead of scalar by scalar.
        if !needsEscaping(text, invisible: escapingInvisible) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{8}": output += "\\b"
            case "\u{C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (escapingInvisible && isInvisibleControl(scalar.value)) {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// The same string (without `escapingInvisible`) as UTF-8 bytes: the text's runs that need no
    /// escape are copied whole.
    static func string(_ text: String, into output: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        output.append(quote)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == quote || byte == backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                output.append(backslash)
                switch byte {
                case quote, backslash: output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
                }
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        output.append(quote)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Decided on the UTF-8 bytes: controls, quote, backslash, and where asked DEL, C1 (C2 80–9F)
    /// and the bidi controls (D8 9C, E2 80 8E/8F/AA–AE, E2 81 A6–A9).
    static func needsEscaping(_ text: String, invisible: Bool) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            if invisible {
                if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) || (previous == 0xD8 && byte == 0x9C) {
                    return true
                }
                if beforePrevious == 0xE2 && ((previous == 0x80 && (byte == 0x8E || byte == 0x8F || (0xAA...0xAE).contains(byte)))
                                              || (previous == 0x81 && (0xA6...0xA9).contains(byte))) {
                    return true
                }
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
