/// A Swedish personal identity number (or samordningsnummer, day + 60) found in free text.
public struct PersonnummerMatch: Sendable, Hashable {
    public let range: Range<String.Index>
    public let text: String
    public let isSamordningsnummer: Bool
}

public enum Personnummer {
    /// Every valid personnummer or samordningsnummer in `text`: a real date and a right check digit.
    public static func find(in text: String) -> [PersonnummerMatch] {
        let scalars = Array(text.unicodeScalars)
        var indices: [String.Index] = []
        indices.reserveCapacity(scalars.count + 1)
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            indices.append(index)
            index = text.unicodeScalars.index(after: index)
        }
        indices.append(text.unicodeScalars.endIndex)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < scalars.count && ("0"..."9").contains(scalars[i]) }
        func digits(_ from: Int, _ count: Int) -> String? {
            guard from + count <= scalars.count else { return nil }
            var result = ""
            for i in from..<(from + count) {
                guard isDigit(i) else { return nil }
                result.unicodeScalars.append(scalars[i])
            }
            return result
        }
        var matches: [PersonnummerMatch] = []
        var i = 0
        while i < scalars.count {
            guard isDigit(i), !isDigit(i - 1) else { i += 1; continue }
            var found: (end: Int, samordning: Bool)?
            for dateLength in [8, 6] {
                guard let date = digits(i, dateLength) else { continue }
                var j = i + dateLength
                if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" || scalars[j] == " " { j += 1 }
                guard let tail = digits(j, 4), !isDigit(j + 4) else { continue }
                let short = String(date.suffix(6))
                guard hasValidCheckDigit(short + tail) else { continue }
                let century = dateLength == 8 ? Int(date.prefix(2)) : nil
                if let samordning = validDate(short, century: century) {
                    found = (j + 4, samordning)
                    break
                }
            }
            if let found {
                let range = indices[i]..<indices[found.end]
                matches.append(PersonnummerMatch(range: range, text: String(text[range]), isSamordningsnummer: found.samordning))
                i = found.end
            } else {
                while isDigit(i) { i += 1 }
            }
        }
        return matches
    }

    /// nil when not a real date; else whether it is a samordningsnummer (day + 60).
    static func validDate(_ yymmdd: String, century: Int?) -> Bool? {
        let digits = yymmdd.compactMap(\.wholeNumberValue)
        guard digits.count == 6 else { return nil }
        let yy = digits[0] * 10 + digits[1]
        let month = digits[2] * 10 + digits[3]
        var day = digits[4] * 10 + digits[5]
        let samordning = day > 60
        if samordning { day -= 60 }
        guard (1...12).contains(month), day >= 1 else { return nil }
        let centuries = century.map { [$0] } ?? [19, 20]
        for century in centuries where day <= ISODate.daysIn(month: month, year: century * 100 + yy) {
            return samordning
        }
        return nil
    }

    /// True when the ten digits YYMMDDNNNC have a right Luhn check digit.
    public static func hasValidCheckDigit(_ tenDigits: String) -> Bool {
        let digits = tenDigits.compactMap(\.wholeNumberValue)
        guard digits.count == 10 else { return false }
        return checkDigit(Array(digits.prefix(9))) == digits[9]
    }

    /// For tests: nine digits YYMMDDNNN with their right check digit appended.
    public static func withCheckDigit(_ nineDigits: String) -> String {
        let digits = nineDigits.compactMap(\.wholeNumberValue)
        return nineDigits + String(checkDigit(digits))
    }

    static func checkDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (index, digit) in digits.enumerated() {
            let product = digit * (index % 2 == 0 ? 2 : 1)
            sum += product / 10 + product % 10
        }
        return (10 - sum % 10) % 10
    }
}
