@testable import BarnkollCore
import Testing

@Suite struct Sanitising {
    private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func lineEndingsBecomeLF() {
        #expect(TextHygiene.sanitize("ett\r\ntvå\rtre\nfyra") == "ett\ntvå\ntre\nfyra")
        #expect(TextHygiene.sanitize("a\r\r\nb") == "a\n\nb")          // a lone CR, then CRLF
        #expect(TextHygiene.sanitize("a\n\r\nb") == "a\n\nb")
        #expect(TextHygiene.sanitize("slut\r") == "slut\n")
        #expect(!TextHygiene.sanitize("x\r\ny\rz").unicodeScalars.contains("\r"))
    }

    @Test func singleLineTurnsEveryLineBreakIntoOneSpace() {
        #expect(TextHygiene.sanitize("ett\r\ntvå\rtre\nfyra", multiline: false) == "ett två tre fyra")
        #expect(TextHygiene.sanitize("a\n\nb", multiline: false) == "a  b")
        #expect(TextHygiene.sanitize("a\nb") == "a\nb")                 // multiline is the default
    }

    @Test func tabsBecomeFourSpaces() {
        #expect(TextHygiene.sanitize("a\tb") == "a    b")
        #expect(TextHygiene.sanitize("\t\t", multiline: false) == "        ")
    }

    @Test func escapeSequencesLoseTheirEscape() {
        let clean = TextHygiene.sanitize("\u{1B}[31mröd\u{1B}[0m")
        #expect(clean == "[31mröd[0m")
        #expect(!clean.unicodeScalars.contains("\u{1B}"))
        #expect(TextHygiene.sanitize("\u{1B}]0;titel\u{7}text") == "]0;titeltext")
    }

    @Test func c0C1AndDelAreDropped() {
        #expect(TextHygiene.sanitize("a\u{9B}31mb") == "a31mb")
        #expect(TextHygiene.sanitize("a\u{0}b\u{7}c\u{8}d\u{7F}e\u{1F}f") == "abcdef")
        #expect(TextHygiene.sanitize("a\u{80}b\u{85}c\u{9F}d") == "abcd")
        #expect(TextHygiene.sanitize("\u{A0}") == "\u{A0}")            // no-break space is not a control
    }

    @Test func bidiControlsAreDropped() {
        #expect(TextHygiene.sanitize("abc\u{202E}fed") == "abcfed")
        let all = "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}\u{200E}\u{200F}"
        #expect(TextHygiene.sanitize("x\(all)y") == "xy")
        #expect(TextHygiene.sanitize("\u{200D}") == "\u{200D}")        // ZWJ (emoji) stays
    }

    @Test func textBecomesNFC() {
        #expect(scalars(TextHygiene.sanitize("a\u{30A}")) == [0xE5])
        let clean = TextHygiene.sanitize("a\u{30A}ngest o\u{308}ver A\u{308}NDRING")
        #expect(scalars(clean) == scalars("\u{E5}ngest \u{F6}ver \u{C4}NDRING"))
        // A control between base and mark goes first, so they still compose.
        #expect(scalars(TextHygiene.sanitize("a\u{1B}\u{30A}")) == [0xE5])
    }

    @Test func swedishAndOtherTextIsUnchanged() {
        let text = "Åsa och Östen är på väg till förskolan i Älvsjö.\nDe är glada. Ça va? 😀 漢字 Ωμέγα"
        #expect(scalars(TextHygiene.sanitize(text)) == scalars(text))
        #expect(scalars(TextHygiene.sanitize("åäö ÅÄÖ")) == [0xE5, 0xE4, 0xF6, 0x20, 0xC5, 0xC4, 0xD6])
        #expect(TextHygiene.sanitize("") == "")
    }

    @Test func outputIsCleanedTheSameWay() {
        let raw = "fel\u{1B}[2J i\tfil\r\nrad 2\u{202E}a\u{30A}"
        #expect(scalars(TextHygiene.forOutput(raw)) == scalars(TextHygiene.sanitize(raw)))
        #expect(TextHygiene.forOutput(raw, multiline: false) == TextHygiene.sanitize(raw, multiline: false))
        #expect(TextHygiene.forOutput(raw, multiline: false) == "fel[2J i    fil rad 2\u{E5}")
    }

    @Test func aMegabyteIsCleanedWhole() {
        let line = "Barnet säger att hon vill bo kvar.\u{1B}\t\r\n"
        let repeats = 1_000_000 / line.utf8.count + 1
        let text = String(repeating: line, count: repeats)
        let clean = TextHygiene.sanitize(text)
        #expect(clean == String(repeating: "Barnet säger att hon vill bo kvar.    \n", count: repeats))

        let decomposed = String(repeating: "a\u{30A}\u{202E}b\r", count: 200_000)
        #expect(TextHygiene.sanitize(decomposed).unicodeScalars.elementsEqual(
            String(repeating: "\u{E5}b\n", count: 200_000).unicodeScalars))
    }

    @Test func longTextIsNFCEverywhere() {
        // Normalisation works piecewise; marks right at any possible cut must still compose.
        for prefix in 4085...4105 {
            let text = String(repeating: "x", count: prefix) + "a\u{1B}\u{30A}o\u{308}\u{301}" + "A\u{30A}"
            let expected = String(repeating: "x", count: prefix) + "\u{E5}\u{F6}\u{301}\u{C5}"
            #expect(TextHygiene.sanitize(text).unicodeScalars.elementsEqual(expected.unicodeScalars), "\(prefix)")
        }
        let all = String(repeating: "o\u{308}", count: 30_000)
        #expect(TextHygiene.sanitize(all).unicodeScalars.elementsEqual(String(repeating: "\u{F6}", count: 30_000).unicodeScalars))
        #expect(TextHygiene.comparisonKey(all).unicodeScalars.elementsEqual(
            String(repeating: "\u{F6}", count: 30_000).unicodeScalars))
    }

    @Test func trailingSpacesAreDroppedAndNothingElse() {
        #expect(TextHygiene.trailingSpacesDropped("") == "")
        #expect(TextHygiene.trailingSpacesDropped("    ") == "")
        #expect(TextHygiene.trailingSpacesDropped("  Ålder  3 år   ") == "  Ålder  3 år")
        #expect(TextHygiene.trailingSpacesDropped("█▌ \u{301} ") == "█▌ \u{301}")
    }

    @Test func wordsAreCountedAsPeopleCountThem() {
        #expect(TextHygiene.wordCount("") == 0)
        #expect(TextHygiene.wordCount("  -- ... !") == 0)
        #expect(TextHygiene.wordCount("Hon vill bo kvar, säger hon.") == 6)
        #expect(TextHygiene.wordCount("13 år") == 2)
        #expect(TextHygiene.wordCount("över\nälven\tåt") == 3)
        #expect(TextHygiene.wordCount("o\u{308}ver a\u{30A}n") == 2)    // marks stay in their word
        #expect(TextHygiene.wordCount("barn-och-unga") == 3)
        #expect(TextHygiene.wordCount("ok") == 1)
    }

    @Test func comparisonKeysIgnoreCaseSpacesAndPunctuation() {
        #expect(TextHygiene.comparisonKey("  Se OVAN. ") == "se ovan")
        #expect(TextHygiene.comparisonKey("Enl. ovan!") == "enl ovan")
        #expect(TextHygiene.comparisonKey("ÅSA\t\n  och   ÖSTEN 12") == "åsa och östen 12")
        #expect(TextHygiene.comparisonKey("Barnets bästa") != TextHygiene.comparisonKey("Barnets basta"))
        #expect(TextHygiene.comparisonKey("...") == "")
        #expect(TextHygiene.comparisonKey("") == "")
        #expect(TextHygiene.comparisonKey("-x-") == "x")
        #expect(scalars(TextHygiene.comparisonKey("A\u{30A}SA")) == scalars("\u{E5}sa"))
    }
}

@Suite struct CleanTextFastPath {
    /// The byte scan may only pass text the scalar path would leave as it is.
    @Test func itPassesOnlyTextSanitizeLeavesAlone() {
        let pool: [Unicode.Scalar] = ["a", "Å", "ö", " ", "\n", "\t", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{A0}",
                                      "\u{AD}", "\u{2FF}", "\u{300}", "\u{301}", "\u{61C}", "\u{200E}", "\u{202E}", "\u{2067}",
                                      "”", "€", "😀", "e"]
        var state: UInt64 = 42
        for _ in 0..<3_000 {
            var scalars = String.UnicodeScalarView()
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                scalars.append(pool[Int(state >> 33) % pool.count])
            }
            let text = String(scalars)
            for multiline in [true, false] where TextHygiene.isClean(text, multiline: multiline) {
                #expect(text.unicodeScalars.allSatisfy { scalar in
                    let value = scalar.value
                    return (value >= 0x20 && value < 0x7F) || (value == 0x0A && multiline) || (value >= 0xA0 && value < 0x300)
                }, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(TextHygiene.isClean("Barnet säger ”nej”.".replacingOccurrences(of: "”", with: "\""), multiline: false))
        #expect(!TextHygiene.isClean("rad\nrad", multiline: false))
        #expect(!TextHygiene.isClean("\u{1B}[31m", multiline: true))
    }
}
