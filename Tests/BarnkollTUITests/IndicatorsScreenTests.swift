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

    /// A long label ("Avslutade som ej aktuella (redovisas för sig)") shares the row of "Analyser":
    /// on 80 columns the bar gives way, and the change from last year stays on the screen.
    @Test func rowsFitEightyColumns() {
        let text = IndicatorsState(report: Self.report, language: .sv).render(Size(width: 80, height: 90)).text
        let rows = text.split(separator: "\n").filter { $0.contains("Analyser  ") || $0.contains("ej aktuella") }
        #expect(rows.count == 2)
        #expect(rows.first { $0.contains("Analyser  ") }?.hasSuffix("+1") == true, "\(rows)")
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
        let state = IndicatorsState(report: Self.report, language: .sv)
        #expect(state.render(Size(width: 30, height: 8)).text.contains("Gör fönstret större"))
    }
}
