import BarnkollCore
import Testing

/// Only fictional data: every valid number is built here with `withCheckDigit`; the literals in this
/// file either have a wrong check digit or are no date at all.
@Suite struct PersonnummerDetection {
    /// A valid ten-digit number from nine digits YYMMDDNNN.
    private func valid(_ nine: String) -> String { Personnummer.withCheckDigit(nine) }

    /// The same nine digits with a wrong check digit.
    private func wrong(_ nine: String) -> String {
        let check = Int(String(valid(nine).last!))!
        return nine + String((check + 1) % 10)
    }

    private func dashed(_ ten: String, _ separator: String = "-") -> String {
        "\(ten.prefix(6))\(separator)\(ten.suffix(4))"
    }

    @Test func theCheckDigitIsLuhn() {
        // By hand: 1 2 3 4 5 6 7 8 9 weighted 2 1 2 1 ... gives 2 2 6 4 (1+0) 6 (1+4) 8 (1+8) = 43, so 7.
        #expect(Personnummer.withCheckDigit("123456789") == "1234567897")
        #expect(Personnummer.withCheckDigit("000000000") == "0000000000")
        #expect(Personnummer.withCheckDigit("900000000") == "9000000001")   // 18 → 1 + 8 = 9
        #expect(Personnummer.hasValidCheckDigit("1234567897"))
        for digit in 0...9 where digit != 7 {
            #expect(!Personnummer.hasValidCheckDigit("123456789\(digit)"))
        }
        #expect(Personnummer.hasValidCheckDigit(valid("640823323")))
        #expect(!Personnummer.hasValidCheckDigit(wrong("640823323")))
        #expect(!Personnummer.hasValidCheckDigit("12345"))
        #expect(!Personnummer.hasValidCheckDigit("12345678970"))
        #expect(!Personnummer.hasValidCheckDigit("123456789x"))
    }

    @Test func everyWrittenFormIsFound() {
        let ten = valid("640823323")
        let short = String(ten.prefix(6))
        let tail = String(ten.suffix(4))
        for form in ["\(short)-\(tail)", "\(short)+\(tail)", "\(short)\(tail)", "\(short) \(tail)",
                     "19\(short)-\(tail)", "19\(short)\(tail)", "19\(short) \(tail)"] {
            let text = "Sökande: \(form), se akten."
            let matches = Personnummer.find(in: text)
            #expect(matches.map(\.text) == [form], "\(form)")
            #expect(matches.map { String(text[$0.range]) } == [form], "\(form)")
            #expect(matches.map(\.isSamordningsnummer) == [false], "\(form)")
        }
    }

    @Test func wordProcessorSeparatorsAreFound() {
        let ten = valid("640823323")
        for separator in ["\u{A0}", "\u{2013}", "\u{2011}", "\u{2212}"] {
            let form = dashed(ten, separator)
            #expect(Personnummer.find(in: "pnr \(form).").map(\.text) == [form])
        }
        #expect(Personnummer.find(in: dashed(ten, "/")).isEmpty)
        #expect(Personnummer.find(in: dashed(ten, "--")).isEmpty)
    }

    @Test func aWrongCheckDigitIsNotANumber() {
        let bad = wrong("640823323")
        for form in [bad, dashed(bad), dashed(bad, "+"), dashed(bad, " "), "19" + bad, "19" + dashed(bad)] {
            #expect(Personnummer.find(in: "nummer \(form)").isEmpty, "\(form)")
        }
    }

    @Test func samordningsnummerHaveDayPlusSixty() {
        let number = valid("640883323")   // 23 August + 60
        let matches = Personnummer.find(in: "Samordningsnummer \(dashed(number)).")
        #expect(matches.map(\.text) == [dashed(number)])
        #expect(matches.map(\.isSamordningsnummer) == [true])
        #expect(Personnummer.find(in: "19" + number).map(\.isSamordningsnummer) == [true])
        #expect(Personnummer.find(in: valid("640892323")).isEmpty)   // day 32 after - 60
        #expect(Personnummer.find(in: valid("640860323")).isEmpty)   // day 0 after - 60
        #expect(Personnummer.find(in: valid("640832323")).isEmpty)   // day 32, not a samordningsnummer
    }

    @Test func datesMustBeReal() {
        // month 13, month 00, day 00, 31 April, 30 February, 29 February 1921/2021, 29 + 60 in 2021
        for nine in ["641323323", "640023323", "640800323", "640431323", "640230323", "210229323", "210289323"] {
            let number = valid(nine)
            #expect(Personnummer.find(in: number).isEmpty, "\(nine)")
            #expect(Personnummer.find(in: dashed(number)).isEmpty, "\(nine)")
        }
        // 29 February: 2020 is a leap year, 1900 is not, 2000 is.
        #expect(Personnummer.find(in: dashed(valid("200229323"))).count == 1)
        #expect(Personnummer.find(in: valid("200289323")).map(\.isSamordningsnummer) == [true])
        #expect(Personnummer.find(in: "20" + valid("200229323")).count == 1)
        #expect(Personnummer.find(in: "19" + valid("000229323")).isEmpty)
        #expect(Personnummer.find(in: "20" + valid("000229323")).count == 1)
        #expect(Personnummer.find(in: valid("000229323")).count == 1)        // 19xx or 20xx: 2000 fits
        #expect(Personnummer.find(in: "19" + valid("210229323")).isEmpty)
        #expect(Personnummer.find(in: "19" + valid("640431323")).isEmpty)
    }

    @Test func phoneNumbersAndDatesAreNot() {
        #expect(Personnummer.find(in: "Ring 070-123 45 67 eller 08-123 456 78.").isEmpty)
        #expect(Personnummer.find(in: "Beslutet fattades 2026-03-01.").isEmpty)
        #expect(Personnummer.find(in: "Möte 2026-03-01 kl 10, rum 1234.").isEmpty)
        #expect(Personnummer.find(in: "").isEmpty)
        #expect(Personnummer.find(in: "Inga siffror här.").isEmpty)
    }

    @Test func digitsAroundTheNumberMeanNoMatch() {
        let ten = valid("640823323")
        #expect(Personnummer.find(in: "Konto \(ten)").count == 1)            // the number alone is found
        for text in ["9\(ten)", "\(ten)1", "9\(ten)1", "9\(dashed(ten))", "\(dashed(ten))1",
                     "1" + "19" + ten, "19\(ten)0", "119\(dashed(ten))", "19\(dashed(ten))5"] {
            #expect(Personnummer.find(in: "Konto \(text) ").isEmpty, "\(text)")
        }
    }

    @Test func severalNumbersAreFoundWithTheirPlaces() {
        let first = valid("640823323")
        let second = dashed(valid("050505123"))
        let third = "20" + dashed(valid("121285456"))   // samordningsnummer
        let text = "Mamma \(first), barnet 👧🏽 \(second) och Åsa (\(third)); fel: \(wrong("750101111"))."
        let matches = Personnummer.find(in: text)
        #expect(matches.map(\.text) == [first, second, third])
        #expect(matches.map(\.isSamordningsnummer) == [false, false, true])
        #expect(matches.map(\.range) == [text.range(of: first)!, text.range(of: second)!, text.range(of: third)!])
        #expect(matches.map { String(text[$0.range]) } == [first, second, third])
        // Back to back with one space between: both found.
        #expect(Personnummer.find(in: "\(first) \(first)").count == 2)
    }

    @Test func aMegabyteIsScanned() {
        let filler = String(repeating: "Barnet säger 070-123 45 67 och 2026-03-01. ", count: 25_000)
        let number = dashed(valid("640823323"))
        let text = filler + number + filler
        let matches = Personnummer.find(in: text)
        #expect(matches.map(\.text) == [number])
        #expect(matches.first?.range == text.range(of: number))
    }
}
