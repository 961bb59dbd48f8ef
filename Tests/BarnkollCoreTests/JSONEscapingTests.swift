@testable import BarnkollCore
import Foundation
import Testing

@Suite struct JSONForTerminals {
    /// Printed JSON carries DEL, C1 and bidi controls only as \u escapes, and still reads back as the same text.
    @Test func invisibleControlsAreEscapedAndReadBackTheSame() throws {
        let text = "a\u{7F}b\u{85}c\u{9B}2Jd\u{202E}e\u{2066}f\u{2069}g\u{200E}h\u{200F}i\u{61C}j”k–l€m\u{A0}n"
        let json = JSONText.pretty(["t\u{202E}": text])
        #expect(json.contains(#"a\u007fb\u0085c\u009b2Jd\u202ee\u2066f\u2069g\u200eh\u200fi\u061cj”k–l€m"#), "\(json)")
        #expect(json.contains(#""t\u202e""#))
        #expect(!json.utf8.contains(0x7F))
        #expect(!json.unicodeScalars.contains { JSONText.isInvisibleControl($0.value) })
        let back = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(back == ["t\u{202E}": text])
        // Typographic quotes and dashes share the lead byte E2 but are left as they are.
        #expect(JSONText.pretty(["t": "”nej” – 5 €"]) == "{\n  \"t\" : \"”nej” – 5 €\"\n}\n")
        // A text with an invisible control is written scalar by scalar: its other escapes are the same.
        #expect(JSONText.pretty(["t": "\u{202E}\"\\\n\u{1}\u{8}å"]) == #"{\#n  "t" : "\u202e\"\\\n\u0001\bå"\#n}\#n"#)
        #expect(JSONText.pretty(["t": "\"\\\n\u{1}\u{8}å"]) == #"{\#n  "t" : "\"\\\n\u0001\bå"\#n}\#n"#)
    }

    /// The stored canonical form is not the printed one: it keeps what JSONEncoder wrote, so hashes hold.
    @Test func theStoredFormIsUnchanged() throws {
        let text = "x\u{85}y\u{202E}z"
        #expect(AnswerValue.text(text).canonicalJSON() == String(decoding: try JSONEncoder().encode(text), as: UTF8.self))
        #expect(AnswerValue.text(text).canonicalJSON() == "\"x\u{85}y\u{202E}z\"")
    }
}
