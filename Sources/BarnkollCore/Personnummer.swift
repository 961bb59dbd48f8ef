/// A Swedish personal identity number (or samordningsnummer, day + 60) found in free text.
public struct PersonnummerMatch: Sendable, Hashable {
    public let range: Range<String.Index>   // where in the text
    public let text: String                  // as written
    public let isSamordningsnummer: Bool
}

public enum Personnummer {
    /// Every valid personnummer or samordningsnummer in `text`: YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC,
    /// YYYYMMDD-NNNC, YYYYMMDDNNNC (also with a space instead of the dash). Valid means: a real calendar
    /// date (day - 60 for samordningsnummer; for 6-digit years try both 19xx and 20xx, leap years right)
    /// and the Luhn check digit over the ten digits YYMMDDNNN: weights 2,1,2,1,... from the left, sum the
    /// digits of the products, C = (10 - sum % 10) % 10. Digits directly before or after the number
    /// (part of a longer digit run) mean no match. Phone numbers (e.g. 070-123 45 67), plain dates
    /// (2026-03-01), and numbers with a wrong check digit never match.
    ///
    /// Since this guards against identities slipping into a record, the separator may also be a
    /// no-break space or a dash as word processors write it (U+2010, U+2011, U+2013, U+2212), and `+`
    /// is accepted after an 8-digit date too. ASCII digits only.
    public static func find(in text: String) -> [PersonnummerMatch] {
        let utf8 = text.utf8
        let found: [Found] = utf8.withContiguousStorageIfAvailable { scan($0) }
            ?? Array(utf8).withUnsafeBufferPointer { scan($0) }
        guard !found.isEmpty else { return [] }
        // Offsets to indices, walking forward once.
        var matches: [PersonnummerMatch] = []
        matches.reserveCapacity(found.count)
        var index = utf8.startIndex
        var offset = 0
        for hit in found {
            index = utf8.index(index, offsetBy: hit.start - offset)
            let start = index
            index = utf8.index(index, offsetBy: hit.end - hit.start)
            offset = hit.end
            let range = start..<index
            matches.append(PersonnummerMatch(range: range, text: String(Substring(utf8[range])),
                                             isSamordningsnummer: hit.isSamordningsnummer))
        }
        return matches
    }

    /// True when the ten-digit string YYMMDDNNNC has a right check digit.
    public static func hasValidCheckDigit(_ tenDigits: String) -> Bool {
        let bytes = Array(tenDigits.utf8)
        guard bytes.count == 10, bytes.allSatisfy(isDigit) else { return false }
        return checkDigit(bytes[0..<9]) == Int(bytes[9] &- 0x30)
    }

    /// Builds a valid number for tests: appends the right check digit to nine digits YYMMDDNNN.
    /// Anything but nine ASCII digits comes back unchanged.
    public static func withCheckDigit(_ nineDigits: String) -> String {
        let bytes = Array(nineDigits.utf8)
        guard bytes.count == 9, bytes.allSatisfy(isDigit) else { return nineDigits }
        return nineDigits + String(checkDigit(bytes[...]))
    }

    // MARK: - Scanning

    private struct Found {
        let start: Int   // UTF-8 offsets
        let end: Int
        let isSamordningsnummer: Bool
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Scans digit runs: a 10- or 12-digit run alone, or a 6- or 8-digit run, one separator and a
    /// 4-digit run. Runs are taken whole, so a number inside a longer run never matches.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [Found] {
        var found: [Found] = []
        let count = bytes.count
        func runEnd(from start: Int) -> Int {
            var end = start
            while end < count && isDigit(bytes[end]) { end += 1 }
            return end
        }
        var i = 0
        while i < count {
            guard isDigit(bytes[i]) else { i += 1; continue }
            let start = i
            let end = runEnd(from: start)
            i = end
            switch end - start {
            case 10, 12:
                let dateLength = end - start - 4
                if let samordning = check(bytes, date: start, dateLength: dateLength, tail: start + dateLength) {
                    found.append(Found(start: start, end: end, isSamordningsnummer: samordning))
                }
            case 6, 8:
                guard let separatorLength = separatorLength(bytes, at: end) else { continue }
                let tailStart = end + separatorLength
                let tailEnd = runEnd(from: tailStart)
                guard tailEnd - tailStart == 4 else { continue }
                if let samordning = check(bytes, date: start, dateLength: end - start, tail: tailStart) {
                    found.append(Found(start: start, end: tailEnd, isSamordningsnummer: samordning))
                    i = tailEnd
                }
            default:
                continue
            }
        }
        return found
    }

    /// UTF-8 length of a separator at `offset`: - + space, no-break space, U+2010, U+2011, U+2013, U+2212.
    private static func separatorLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        guard offset < bytes.count else { return nil }
        switch bytes[offset] {
        case 0x2D, 0x2B, 0x20:
            return 1
        case 0xC2 where offset + 1 < bytes.count && bytes[offset + 1] == 0xA0:
            return 2
        case 0xE2 where offset + 2 < bytes.count:
            let (second, third) = (bytes[offset + 1], bytes[offset + 2])
            if second == 0x80 && (third == 0x90 || third == 0x91 || third == 0x93) { return 3 }
            if second == 0x88 && third == 0x92 { return 3 }
            return nil
        default:
            return nil
        }
    }

    /// nil unless the date is real and the check digit right; else whether it is a samordningsnummer.
    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, date: Int, dateLength: Int, tail: Int) -> Bool? {
        func number(_ at: Int, _ length: Int) -> Int {
            var value = 0
            for k in at..<(at + length) { value = value * 10 + Int(bytes[k] &- 0x30) }
            return value
        }
        let short = date + dateLength - 6   // YYMMDD
        let yy = number(short, 2)
        let month = number(short + 2, 2)
        var day = number(short + 4, 2)
        let samordning = day > 60
        if samordning { day -= 60 }
        guard (1...12).contains(month), day >= 1 else { return nil }
        let years = dateLength == 8 ? [number(date, 4)] : [1900 + yy, 2000 + yy]
        guard years.contains(where: { day <= daysIn(month: month, year: $0) }) else { return nil }
        var ten: [UInt8] = []
        ten.reserveCapacity(10)
        ten.append(contentsOf: bytes[short..<(short + 6)])
        ten.append(contentsOf: bytes[tail..<(tail + 4)])
        guard checkDigit(ten[0..<9]) == Int(ten[9] &- 0x30) else { return nil }
        return samordning
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Luhn: weights 2,1,2,1,... from the left over ASCII digits, digits of the products summed.
    private static func checkDigit(_ digits: ArraySlice<UInt8>) -> Int {
        var sum = 0
        for (position, byte) in digits.enumerated() {
            let product = Int(byte &- 0x30) * (position % 2 == 0 ? 2 : 1)
            sum += product / 10 + product % 10
        }
        return (10 - sum % 10) % 10
    }
}
