import BarnkollCore
import Foundation
import Testing

@Suite struct JSONTextOutput {
    /// Our writer must read back as the same object, and lay it out as Foundation's pretty printer does.
    @Test func itMatchesFoundationsPrettyPrinter() throws {
        let object: [String: Any] = [
            "id": "BKA-2026-0001", "count": 3, "share": 0.25, "whole": 2.0, "ok": true, "none": NSNull(),
            "text": "Hon säger ”nej” \\ \"citat\"\nny rad\t/snedstreck \u{1}",
            "list": [1, "två", ["tre": 3]], "empty_list": [Any](), "empty": [String: Any](),
            "nested": ["b": 1, "a": ["z": "y"], "_x": 0],
        ]
        let ours = JSONText.pretty(object)
        let theirs = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
        #expect(ours == theirs)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: Any])
        #expect(back["text"] as? String == object["text"] as? String)
        #expect((back["nested"] as? [String: Any])?.keys.sorted() == ["_x", "a", "b"])
    }
}

@Suite struct CSVCells {
    @Test func quotingFormulasAndControlsFollowRFC4180() {
        let csv = ListFormats.csv([["a", "b,c", "säger \"nej\"", "=SUMMA(A1)", "-1,5", "rad\nrad", "\u{1B}[31mröd"]])
        #expect(csv == "a,\"b,c\",\"säger \"\"nej\"\"\",'=SUMMA(A1),\"'-1,5\",\"rad\nrad\",[31mröd\r\n")
    }
}

@Suite struct CanonicalAnswerJSON {
    /// Stored answers and version hashes depend on this form: it must stay what JSONEncoder wrote.
    @Test func itIsByteForByteWhatJSONEncoderWrites() {
        let pieces = ["a", "å", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}", "\u{85}",
                      "\u{2028}", "\u{202E}", "😀", "e\u{301}", " ", "<", "&"]
        var state: UInt64 = 7
        func text() -> String {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var result = ""
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                result += pieces[Int(state >> 33) % pieces.count]
            }
            return result
        }
        for _ in 0..<500 {
            let values: [AnswerValue] = [
                .text(text()), .number(Int(bitPattern: UInt(state >> 1)) % 1_000_000 - 500_000), .choices([text(), text()]),
                .choices([]), .entries([[text(): .text(text()), "age": .number(7)], [:], ["z": .choices([text()])]]),
            ]
            for value in values {
                #expect(value.canonicalJSON() == CanonicalJSON.encode(value))
                // An export's cell for a group: each entry's keys in Swift's order, each piece as above.
                if case .entries(let entries) = value {
                    let pieces = entries.map { entry in
                        "{" + entry.keys.sorted().map { key in
                            AnswerValue.text(key).canonicalJSON() + ":" + (entry[key]?.canonicalJSON() ?? "")
                        }.joined(separator: ",") + "}"
                    }
                    #expect(value.compactJSON() == "[" + pieces.joined(separator: ",") + "]")
                }
            }
        }
    }
}
