import BarnkollCore
import Testing

@Suite struct Sanitising {
    @Test func lineEndingsBecomeLF() {
        #expect(TextHygiene.sanitize("ett\r\ntvå\rtre\nfyra") == "ett\ntvå\ntre\nfyra")
        #expect(TextHygiene.sanitize("ett\r\ntvå", multiline: false) == "ett två")
    }

    @Test func tabsBecomeSpaces() {
        #expect(TextHygiene.sanitize("a\tb") == "a    b")
    }

    @Test func controlsAndBidiOverridesAreDropped() {
        #expect(TextHygiene.sanitize("\u{1B}[31mröd\u{1B}[0m") == "[31mröd[0m")
        #expect(TextHygiene.sanitize("a\u{9B}31mb") == "a31mb")
        #expect(TextHygiene.sanitize("abc\u{202E}fed\u{2066}x\u{061C}y\u{200F}") == "abcfedxy")
        #expect(TextHygiene.sanitize("a\u{0}b\u{7}c\u{8}d\u{7F}e") == "abcde")
    }

    @Test func textIsNFC() {
        let clean = TextHygiene.sanitize("a\u{30A}ngest o\u{308}ver a\u{308}ndringen")
        #expect(Array(clean.unicodeScalars) == Array("ångest över ändringen".unicodeScalars))
        #expect(clean.unicodeScalars.contains("\u{E5}"))
    }

    @Test func swedishTextIsUnchanged() {
        let text = "Åsa och Östen är på väg till förskolan i Älvsjö.\nDe är glada."
        #expect(TextHygiene.sanitize(text) == text)
    }

    @Test func aMegabyteIsCleanedWhole() {
        let line = "Barnet säger att hon vill bo kvar.\u{1B}\r\n"
        let text = String(repeating: line, count: 1_000_000 / line.utf8.count + 1)
        let clean = TextHygiene.sanitize(text)
        #expect(!clean.unicodeScalars.contains("\u{1B}") && !clean.contains("\r"))
        #expect(clean.split(separator: "\n").count == text.split(separator: "\r\n").count)
    }

    @Test func wordsAreCountedAsPeopleCountThem() {
        #expect(TextHygiene.wordCount("") == 0)
        #expect(TextHygiene.wordCount("  -- ") == 0)
        #expect(TextHygiene.wordCount("Hon vill bo kvar, säger hon.") == 6)
        #expect(TextHygiene.wordCount("13 år") == 2)
    }

    @Test func comparisonKeysIgnoreCaseSpacesAndPunctuation() {
        #expect(TextHygiene.comparisonKey("  Se OVAN. ") == "se ovan")
        #expect(TextHygiene.comparisonKey("Enl. ovan!") == TextHygiene.comparisonKey("enl ovan"))
        #expect(TextHygiene.comparisonKey("Barnets bästa") != TextHygiene.comparisonKey("Barnets basta"))
    }
}

@Suite struct PersonnummerDetection {
    // Only numbers built here: never a literal valid personnummer in the source.
    let nine = "121212121"
    var valid: String { Personnummer.withCheckDigit(nine) }
    var wrong: String {
        let check = Int(String(valid.last ?? "0")) ?? 0
        return nine + String((check + 1) % 10)
    }

    @Test func theCheckDigitIsLuhn() {
        #expect(Personnummer.hasValidCheckDigit(valid))
        #expect(!Personnummer.hasValidCheckDigit(wrong))
        #expect(!Personnummer.hasValidCheckDigit("12345"))
    }

    @Test func everyWrittenFormIsFound() {
        let short = String(valid.prefix(6))
        let tail = String(valid.suffix(4))
        for form in ["\(short)-\(tail)", "\(short)+\(tail)", "\(short)\(tail)", "\(short) \(tail)",
                     "19\(short)-\(tail)", "19\(short)\(tail)", "20\(short)-\(tail)"] {
            let matches = Personnummer.find(in: "Sökande: \(form), se akten.")
            #expect(matches.map(\.text) == [form], "\(form)")
        }
    }

    @Test func aWrongCheckDigitIsNotANumber() {
        #expect(Personnummer.find(in: "nummer \(wrong.prefix(6))-\(wrong.suffix(4))").isEmpty)
    }

    @Test func samordningsnummerHaveDayPlusSixty() {
        let number = Personnummer.withCheckDigit("121272121")   // 12 December + 60
        let matches = Personnummer.find(in: "Samordningsnummer \(number).")
        #expect(matches.map(\.isSamordningsnummer) == [true])
    }

    @Test func datesMustBeReal() {
        for nine in ["121312121", "120230121", "210229121"] {   // month 13, 30 February, 29 February 2021/1921
            let number = Personnummer.withCheckDigit(nine)
            #expect(Personnummer.find(in: number).isEmpty, "\(nine)")
        }
        let leap = Personnummer.withCheckDigit("200229121")   // 29 February 2020
        #expect(Personnummer.find(in: leap).count == 1)
        #expect(Personnummer.find(in: "19" + Personnummer.withCheckDigit("210229121")).isEmpty)
    }

    @Test func phoneNumbersDatesAndLongerDigitRunsAreNot() {
        #expect(Personnummer.find(in: "Ring 070-123 45 67 eller 08-123 456 78.").isEmpty)
        #expect(Personnummer.find(in: "Beslutet fattades 2026-03-01.").isEmpty)
        #expect(Personnummer.find(in: "Konto 9\(valid)1").isEmpty)
    }

    @Test func severalNumbersAreFoundWithTheirPlaces() {
        let second = Personnummer.withCheckDigit("050505123")
        let text = "Mamma \(valid) och barnet \(second)."
        let matches = Personnummer.find(in: text)
        #expect(matches.map(\.text) == [valid, second])
        #expect(matches.map { String(text[$0.range]) } == [valid, second])
    }
}
