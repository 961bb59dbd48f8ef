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
        case let text as String: string(text, into: &output)
        case let flag as Bool: output += flag ? "true" : "false"
        case let number as Int: output += String(number)
        case let number as Double: output += number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)) : "null"
        case let number as NSNumber: output += number.stringValue
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
                string(key, into: &output)
                output += " : "
                write(dictionary[key] ?? NSNull(), indent: indent + 1, into: &output)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += pad(indent) + "}"
        default:
            output += "null"
        }
    }

    static func pad(_ level: Int) -> String { String(repeating: "  ", count: level) }

    static func string(_ text: String, into output: inout String) {
        output += "\""
        // Most text needs no escaping: append it whole instead of scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
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
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
