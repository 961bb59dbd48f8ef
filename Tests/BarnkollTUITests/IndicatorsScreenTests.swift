import BarnkollCore
import BarnkollTUI
import Terminal
import Testing

@Suite struct IndicatorsScreen {
    static func record(_ n: Int, year: Int) -> IndicatorRecord {
        IndicatorRecord(checklistID: "barnkonsekvensanalys", unit: "Ekonomiskt bistånd", status: .approved,
                        answers: ["heard": .text("directly"), "informed": .text(n == 0 ? "no" : "yes"),
                                  "children": .entries([["age": .number(8), "effect": .text("indirect")]])],
                        createdAt: "\(year)-02-01T08:00:00.000Z", firstSubmittedAt: "\(year)-02-0\(n + 1)T08:00:00.000Z")
    }

    static let report = Indicators.compute(records: (0..<6).map { record($0, year: 2025) } + (0..<5).map { record($0, year: 2024) },
                                           year: 2025, unit: nil, today: "2025-12-31")

    @Test func drawsTablesBarsAndChange() {
        let state = IndicatorsState(report: Self.report, language: .sv)
        let text = state.render(Size(width: 100, height: 90)).text
        #expect(text.contains("Barnbokslut 2025 · alla enheter"))
        #expect(text.contains("Analyser"))
        let indirect = text.split(separator: "\n").first { $0.contains("Indirekt") }
        #expect(indirect?.contains("█") == true)
        #expect(indirect?.contains("+1") == true)
        // One child not informed: shown as <5, with no bar.
        let informedNo = text.split(separator: "\n").first { $0.drop { $0 == " " }.hasPrefix("Nej ") && $0.contains("<5") }
        #expect(informedNo != nil)
        #expect(informedNo?.contains("█") == false)
        #expect(text.contains("←→ år"))
    }

    /// The first chapter starts under the title's one blank row, as every screen's body does (it
    /// had a second, which at 40×10 was a fifth of the report's room); chapters keep a blank line
    /// between them.
    @Test func theFirstChapterStartsUnderOneBlankRow() {
        let state = IndicatorsState(report: Self.report, language: .sv)
        for size in [Size(width: 80, height: 24), Size(width: 40, height: 10)] {
            let lines = state.render(size).lines
            #expect(lines[1].trimmingCharacters(in: .whitespaces).isEmpty && lines[2].hasPrefix(" Analyser"),
                    "\(lines.joined(separator: "\n"))")
        }
        let tall = state.render(Size(width: 80, height: 90)).lines
        let second = tall.firstIndex { $0.hasPrefix(" Barn som berörs") } ?? 0
        #expect(second > 3 && tall[second - 1].trimmingCharacters(in: .whitespaces).isEmpty)
    }

    /// A long label ("Avslutade som ej aktuella (redovisas för sig)") shares the row of "Analyser":
    /// on 80 columns the bar gives way, and the change from last year stays on the screen.
    @Test func rowsFitEightyColumns() {
        let text = IndicatorsState(report: Self.report, language: .sv).render(Size(width: 80, height: 90)).text
        let rows = text.split(separator: "\n").filter { $0.contains("Analyser  ") || $0.contains("ej aktuella") }
        #expect(rows.count == 2)
        #expect(rows.first { $0.contains("Analyser  ") }?.hasSuffix("+1") == true, "\(rows)")
    }

    /// Each table's share column says what the share is of; a cell hidden so that a small one
    /// cannot be worked out says "dold", with why in one line under the table (issue 24); the
    /// chapters of issue 22 are on the screen; all of it on 80 columns.
    @Test func sharesSayWhatTheyAreOfAndAHiddenCellIsExplained() throws {
        // 12 = 9 + 3: the 3 is hidden, so the 9 is too.
        let records = (0..<12).map { n in
            IndicatorRecord(checklistID: "barnkonsekvensanalys", unit: "Norr", status: .approved,
                            answers: ["in_line": .text(n < 9 ? "yes" : "partly"), "children": .entries([["age": .number(8)]])],
                            createdAt: "2025-02-01T08:00:00.000Z", firstSubmittedAt: "2025-02-02T08:00:00.000Z")
        }
        let report = Indicators.compute(records: records, year: 2025, unit: nil, today: "2025-12-31")
        let lines = IndicatorsState(report: report, language: .sv).render(Size(width: 80, height: 600)).text
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = try #require(lines.firstIndex { $0.contains("Stämmer beslutet med barnets bästa?") })
        // The column heads, and what the share is of on their line or the one above.
        let heads = try #require(lines[(title + 1)...].firstIndex { $0.contains("Antal    Andel") })
        #expect(heads <= title + 2 && lines[(title + 1)...heads].contains { $0.contains("Andel av barnkonsekvensanalyserna") },
                "\(lines[title...heads])")
        #expect(lines[heads + 1].contains("Ja") && lines[heads + 1].contains("dold     dold"), "\(lines[heads + 1])")
        #expect(lines[heads + 2].contains("Delvis") && lines[heads + 2].contains("<5     dold"), "\(lines[heads + 2])")
        #expect(lines[heads + 3].contains("Nej") && lines[heads + 3].contains("0,0 %"))
        #expect(lines[heads + 4].contains("dold: visas inte, eftersom ett antal under 5 annars kunde räknas fram."))
        // The figures stay under their heads: the share column ends where "Andel" does.
        func end(_ line: String, _ text: String) -> Int? {
            line.range(of: text, options: .backwards).map { line.distance(from: line.startIndex, to: $0.upperBound) }
        }
        #expect(end(lines[heads], "Andel") != nil && end(lines[heads], "Andel") == end(lines[heads + 1], "dold"))
        #expect(end(lines[heads], "Antal") == end(lines[heads + 2], "<5"))
        // What a share is of is never cut on 80 columns.
        #expect(!lines.contains { $0.contains("Andel av") && $0.contains("…") }, "\(lines.filter { $0.contains("Andel av") && $0.contains("…") })")
        // A table with nothing hidden has no such line.
        let depth = try #require(lines.firstIndex { $0.contains("Förenklad eller fördjupad analys") })
        #expect(!lines[depth...(depth + 4)].contains { $0.contains("dold:") })
        for heading in ["Barnchecklistorna", "Besluten i enskilda ärenden", "Beslut om barn som grupp", "Dokumentation i varje ärende",
                        "Budget eller riktlinjer vägda mot barnets intresse", "Barn som fått återkoppling", "Tolk",
                        "Per sorts beslut", "Frågor som besvarats med Nej", "Fick barn säga sin mening?"] {
            #expect(lines.contains { $0.contains(heading) }, "\(heading)")
        }
        #expect(lines.contains { $0.contains("Andel av ärendena med barn") })
        #expect(lines.contains { $0.contains("Andel av raden ovan") || $0.contains("En rad som börjar med … räknas som andel av raden ovan.") })
        let english = IndicatorsState(report: report, language: .en).render(Size(width: 80, height: 600)).text
        #expect(english.contains("Share of the child impact analyses") && english.contains("Count    Share"))
        #expect(english.contains("hidden: not shown, since a count under 5 could otherwise be worked out."))
    }

    /// On a window narrower than 80 columns no word is cut at the edge: a long name, a long label
    /// and the line on hidden cells go on under themselves (they were cut with "…").
    @Test func aNarrowWindowLosesNoWord() {
        for language in [Language.sv, .en] { for width in [60, 48, 44, 40] {
            let text = IndicatorsState(report: Self.report, language: language).render(Size(width: width, height: 900)).text
            let lines = text.split(separator: "\n")
            // Cut: "…" ending a word, the line, or a label's column ("med …   0"); a label's own
            // "… med" (a share of the row above) and the line saying so are not.
            let cut = lines.filter { $0.range(of: #"\S…|…\s*$| …  "#, options: .regularExpression) != nil }
            #expect(cut.isEmpty, "\(cut)")
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for whole in language == .sv
                ? ["dold: visas inte, eftersom ett antal under 5 annars kunde räknas fram.",
                   "Barn som fått återkoppling, andel av barnen räknade per beslut"]
                : ["hidden: not shown, since a count under 5 could otherwise be worked out."] {
                #expect(words.contains(whole), "\(whole)")
            }
        } }
    }

    @Test func keysScrollChangeYearAndLeave() {
        var state = IndicatorsState(report: Self.report, language: .en)
        let before = state.render(Size(width: 100, height: 20)).text
        #expect(before.contains("Child rights report 2025"))
        #expect(state.update(key: .down, size: Size(width: 80, height: 24)).isEmpty)
        #expect(state.scroll == 1)
        #expect(state.update(key: .pageDown, size: Size(width: 80, height: 24)).isEmpty)
        #expect(state.scroll == 21)
        #expect(state.render(Size(width: 100, height: 20)).text != before)
        #expect(state.update(key: .pageUp, size: Size(width: 80, height: 24)).isEmpty && state.scroll == 1)
        #expect(state.update(key: .left, size: Size(width: 80, height: 24)) == [.year(2024)])
        #expect(state.update(key: .character("]"), size: Size(width: 80, height: 24)) == [.year(2026)])
        #expect(state.update(key: .character("["), size: Size(width: 80, height: 24)) == [.year(2024)])
        #expect(state.update(key: .escape, size: Size(width: 80, height: 24)) == [.back])
        #expect(state.update(key: .control("q"), size: Size(width: 80, height: 24)) == [.quit])
        _ = state.update(.report(Indicators.compute(records: [], year: 2020, unit: nil, today: "2025-12-31")),
                         size: Size(width: 80, height: 24))
        #expect(state.scroll == 0)
        #expect(state.render(Size(width: 100, height: 20)).text.contains("No analyses count for 2020."))
    }

    @Test func aSmallWindowSaysSo() {
        var state = IndicatorsState(report: Self.report, language: .sv)
        #expect(state.render(Size(width: 30, height: 8)).text.contains("Gör fönstret större"))
        // A key in a window of a column or two lays the report out at that width, and returns.
        for width in 0...3 { _ = state.update(key: .down, size: Size(width: width, height: 5)) }
    }
}
