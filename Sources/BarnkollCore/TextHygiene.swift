import Foundation

public enum TextHygiene {
    /// Cleans text coming in: CRLF and CR become LF, a tab four spaces; other C0 and C1 controls,
    /// DEL and bidi controls are dropped; then NFC. `multiline: false` also turns LF into a space.
    public static func sanitize(_ text: String, multiline: Bool = true) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { previousWasCR = value == 0x0D }
            switch value {
            case 0x0D:
                scalars.append(multiline ? "\n" : " ")
            case 0x0A:
                if !previousWasCR { scalars.append(multiline ? "\n" : " ") }
            case 0x09:
                scalars.append(contentsOf: "    ".unicodeScalars)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x200E, 0x200F:
                continue
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// For output outside curses: the same cleaning, so no control reaches a terminal raw.
    public static func forOutput(_ text: String, multiline: Bool = true) -> String {
        sanitize(text, multiline: multiline)
    }

    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }

    /// Lowercase letters and digits with single spaces, for comparing texts "the same".
    public static func comparisonKey(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: " ")
    }
}
