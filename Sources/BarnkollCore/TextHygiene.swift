import Foundation

/// Cleaning of text that comes in or goes out, and the small measures the quality warnings use.
/// Everything works on Unicode scalars in one pass; a megabyte of text takes milliseconds.
public enum TextHygiene {
    /// Cleans text coming in (typing, paste, editor, import): CRLF and lone CR become LF; a tab becomes
    /// four spaces; other C0 controls (U+0000–U+001F except LF), DEL U+007F, C1 controls U+0080–U+009F,
    /// bidi controls U+202A–U+202E, U+2066–U+2069, U+061C, U+200E, U+200F are dropped; then NFC
    /// (`precomposedStringWithCanonicalMapping`, import Foundation). `multiline: false` also turns LF into a space.
    public static func sanitize(_ text: String, multiline: Bool = true) -> String {
        if isClean(text, multiline: multiline) { return text }
        let newline: Unicode.Scalar = multiline ? "\n" : " "
        var output = NFCBuilder(capacity: text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 {
                switch value {
                case 0x0A:
                    if !previousWasCR { output.append(newline) }
                case 0x0D:
                    output.append(newline)
                case 0x09:
                    for _ in 0..<4 { output.append(" ") }
                default:
                    break   // other C0 controls, ESC among them
                }
                previousWasCR = value == 0x0D
                continue
            }
            previousWasCR = false
            if value < 0x7F {
                output.append(scalar)
            } else if value <= 0x9F {
                continue   // DEL and the C1 controls (U+009B is a one-byte CSI)
            } else if !isBidiControl(value) {
                output.append(scalar)
            }
        }
        return output.finish()
    }

    /// The line without the spaces a padded column left at its end (for speech, and for files).
    public static func trailingSpacesDropped(_ line: String) -> String {
        var end = line.endIndex
        while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
        return String(line[..<end])
    }

    /// For output that goes outside curses (plain mode, exports, error messages): the same as sanitize,
    /// so ESC and other controls can never reach a terminal raw.
    public static func forOutput(_ text: String, multiline: Bool = true) -> String {
        sanitize(text, multiline: multiline)
    }

    /// Words as a person counts them (runs of letters/digits), for "too short" quality warnings.
    /// A combining mark continues the word it follows.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = isWordPart(scalar, continuing: inWord)
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }

    /// Key for comparing texts "the same": lowercase, letters and digits only, single spaces.
    /// ("  Se OVAN. " and "se ovan" have the same key; "bästa" and "basta" do not.)
    public static func comparisonKey(_ text: String) -> String {
        comparisonKey(text, atMost: .max) ?? ""
    }

    /// The key, or nil as soon as it would be longer than `limit` scalars: a long answer is never a
    /// placeholder, and its whole key need not be built to know it.
    public static func comparisonKey(_ text: String, atMost limit: Int) -> String? {
        var key = NFCBuilder(capacity: min(text.utf8.count, limit == .max ? text.utf8.count : limit * 4))
        var inWord = false
        for scalar in text.unicodeScalars {
            if key.count > limit { return nil }
            guard isWordPart(scalar, continuing: inWord) else {
                inWord = false
                continue
            }
            if !inWord {
                if !key.isEmpty { key.append(" ") }
                inWord = true
            }
            let value = scalar.value
            if value < 0x80 {
                // ASCII letters and digits: lowercase by hand.
                key.append((0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { key.append(lower) }
            } else {
                key.append(scalar)
            }
        }
        return key.finish()
    }

    // MARK: - Helpers

    /// Whether `sanitize` would return the text unchanged, decided on its UTF-8 bytes: printable
    /// ASCII, newlines where allowed, and scalars from U+00A0 to U+02FF (Swedish and the rest of
    /// Latin) pass; anything else takes the scalar-by-scalar path. Most text goes out this way.
    static func isClean(_ text: String, multiline: Bool) -> Bool {
        var text = text
        return text.withUTF8 { isClean($0, multiline: multiline) }
    }

    /// The same, on UTF-8 bytes where they lie.
    static func isClean(_ bytes: UnsafeBufferPointer<UInt8>, multiline: Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x7F || (byte < 0x20 && !(byte == 0x0A && multiline)) { return false }
                index += 1
            } else if byte == 0xC2 {
                // U+0080–U+009F are C1 controls.
                if index + 1 >= bytes.count || bytes[index + 1] < 0xA0 { return false }
                index += 2
            } else if byte >= 0xC3 && byte <= 0xCB {
                index += 2
            } else {
                return false
            }
        }
        return true
    }

    private static func isBidiControl(_ value: UInt32) -> Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// A letter or digit; a combining mark only when it continues a word.
    private static func isWordPart(_ scalar: Unicode.Scalar, continuing inWord: Bool) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        guard inWord else { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// Collects scalars and returns them as NFC. Foundation's normalisation on Linux slows down more than
/// linearly on long text with many compositions (seconds for a megabyte of decomposed text), so the
/// text is normalised in pieces of about 4096 scalars, each cut just before a scalar below U+0300.
/// Those are all starters (combining class 0) and never the second part of a canonical composition,
/// so nothing composes or reorders across the cut and NFC of the pieces joined is NFC of the whole.
/// A piece with no scalar from U+0300 up is NFC already (no combining marks, no singletons below
/// U+0300) and skips normalisation: the common case for Swedish text.
private struct NFCBuilder {
    private var result = ""
    private var piece = String.UnicodeScalarView()
    private var pieceCount = 0
    private var pieceNeedsNormalization = false
    private static let pieceLength = 4096

    init(capacity: Int) {
        result.reserveCapacity(capacity)
        piece.reserveCapacity(min(capacity, Self.pieceLength * 4 + 64))
    }

    var isEmpty: Bool { result.isEmpty && pieceCount == 0 }
    /// Scalars appended so far (before normalisation).
    private(set) var count = 0

    mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x300 {
            if pieceCount >= Self.pieceLength { flush() }
        } else {
            pieceNeedsNormalization = true
        }
        // One scalar at a time: append(contentsOf:) on a scalar view can copy the whole string.
        piece.append(scalar)
        pieceCount += 1
        count += 1
    }

    mutating func finish() -> String {
        flush()
        return result
    }

    private mutating func flush() {
        guard pieceCount > 0 else { return }
        let text = String(piece)
        result += pieceNeedsNormalization ? text.precomposedStringWithCanonicalMapping : text
        piece.removeAll(keepingCapacity: true)
        pieceCount = 0
        pieceNeedsNormalization = false
    }
}
