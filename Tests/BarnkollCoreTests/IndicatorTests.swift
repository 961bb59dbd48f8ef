import BarnkollCore
import Foundation
import Testing

/// Hand-built records: six impact analyses, one child checklist and one closed analysis in 2025,
/// eight analyses in 2024 for the change, one in 2026 that must not count. All fictional.
enum Fixture {
    static let today = "2025-06-15"

    static func child(_ age: Int, _ effect: String) -> [String: AnswerValue] {
        ["alias": .text("Alias\(age)"), "age": .number(age), "effect": .text(effect)]
    }

    static func bka(_ answers: Answers, status: AnalysisStatus = .approved, created: String, submitted: String,
                    approved: String? = nil, returns: [[String]] = [], unit: String = "Ekonomiskt bistånd",
                    hardStops: Set<String> = [], overrides: Set<String> = []) -> IndicatorRecord {
        IndicatorRecord(checklistID: "barnkonsekvensanalys", unit: unit, status: status, answers: answers,
                        createdAt: created + "T09:00:00.000Z", firstSubmittedAt: submitted + "T10:00:00.000Z",
                        approvedAt: approved.map { $0 + "T11:00:00.000Z" }, returns: returns.count,
                        returnedItems: returns.flatMap { $0 }, hardStopsMet: hardStops, overrides: overrides)
    }

    static func articles(_ values: String...) -> AnswerValue {
        .entries(values.map { ["article": .text($0), "comment": .text("En kommentar")] })
    }

    static let records2025: [IndicatorRecord] = [
        bka(["depth": .text("full"), "children": .entries([child(7, "indirect"), child(13, "indirect")]),
             "heard": .text("directly"), "informed": .text("yes"), "in_line": .text("yes"), "differs_from_view": .text("no"),
             "feedback_planned_date": .text("2025-03-01"), "feedback_done_date": .text("2025-02-28"),
             "follow_up_date": .text("2025-05-01"), "follow_up_done_date": .text("2025-05-02"), "concern": .text("no"),
             "other_articles": articles("art27"), "fact_family_impact": .text("negative"), "fact_health_impact": .text("negative"),
             "fact_identity_impact": .text("neutral")],
            created: "2025-01-10", submitted: "2025-01-12", approved: "2025-01-20"),
        bka(["depth": .text("simple"), "children": .entries([child(4, "direct")]),
             "heard": .text("directly"), "informed": .text("yes"), "in_line": .text("partly"),
             "compensatory_measures": .entries([["measure": .text("Skolskjuts"), "owner": .text("Handläggaren")]]),
             "differs_from_view": .text("yes"), "differs_reasons": .text("Skälen är förklarade för barnet i ett samtal."),
             "feedback_planned_date": .text("2025-03-01"), "feedback_done_date": .text("2025-03-05"),
             "follow_up_date": .text("2025-07-01"), "concern": .text("yes"), "report_made": .text("yes"),
             "other_articles": articles("art27", "art28"), "fact_family_impact": .text("negative")],
            created: "2025-02-01", submitted: "2025-02-02", approved: "2025-02-03", returns: [["heard", "art3"]]),
        bka(["depth": .text("full"), "children": .entries([child(15, "direct"), child(16, "indirect"), child(2, "indirect")]),
             "heard": .text("no"), "not_heard_reason": .text("age_maturity"), "informed": .text("no"), "in_line": .text("no"),
             "feedback_planned_date": .text("2025-06-01"), "follow_up_date": .text("2025-06-01"),
             "concern": .text("yes"), "report_made": .text("no"),
             "other_articles": articles("art27"), "fact_family_impact": .text("negative")],
            created: "2025-03-01", submitted: "2025-03-02", approved: "2025-03-31",
            hardStops: ["care-measure-against-best-interest"], overrides: ["care-measure-against-best-interest"]),
        bka(["depth": .text("full"), "children": .entries([child(9, "indirect")]),
             "heard": .text("via_representative"), "informed": .text("yes"), "in_line": .text("yes"), "differs_from_view": .text("no"),
             "feedback_planned_date": .text("2025-06-20"), "concern": .text("no"),
             "other_articles": articles("art27", "art19"), "fact_family_impact": .text("negative")],
            created: "2025-04-01", submitted: "2025-04-02", approved: "2025-04-06", returns: [["heard"], ["heard"]]),
        bka(["depth": .text("full"), "children": .entries([child(11, "indirect")]),
             "heard": .text("directly"), "informed": .text("yes"), "in_line": .text("yes"), "differs_from_view": .text("no"),
             "concern": .text("no"), "other_articles": articles("art27"), "fact_family_impact": .text("negative")],
            created: "2025-05-01", submitted: "2025-05-02", approved: "2025-05-21", returns: [["heard"]]),
        bka(["depth": .text("full"), "children": .entries([child(1, "indirect")]),
             "heard": .text("directly"), "informed": .text("yes"), "in_line": .text("yes"), "differs_from_view": .text("no"),
             "feedback_planned_date": .text(today), "follow_up_date": .text(today), "concern": .text("no")],
            status: .submitted, created: "2025-06-01", submitted: "2025-06-02", returns: [["heard"]]),
        IndicatorRecord(checklistID: "barnchecklista", unit: "Ekonomiskt bistånd", status: .approved,
                        answers: ["children": .entries([child(10, "direct")]), "heard": .text("yes")],
                        createdAt: "2025-02-01T08:00:00.000Z", firstSubmittedAt: "2025-02-01T09:00:00.000Z",
                        approvedAt: "2025-02-08T08:00:00.000Z"),
        bka(["children_affected": .text("no")], status: .closed, created: "2025-05-04", submitted: "2025-05-05"),
    ]

    static let records2024: [IndicatorRecord] = (1...8).map { n in
        bka(["depth": .text("full"), "children": .entries([child(8, "indirect")]), "heard": .text("directly"),
             "informed": .text("yes"), "in_line": .text("yes")],
            created: "2024-0\(n)-01", submitted: "2024-0\(n)-02", approved: "2024-0\(n)-05")
    }

    static let record2026 = bka(["depth": .text("full"), "children": .entries([child(3, "direct")])],
                                created: "2025-12-30", submitted: "2026-01-02")

    static var all: [IndicatorRecord] { records2025 + records2024 + [record2026] }

    static func report(unit: String? = nil, records: [IndicatorRecord] = all) -> IndicatorReport {
        Indicators.compute(records: records, year: 2025, unit: unit, today: today)
    }
}

@Suite struct IndicatorComputation {
    let figures = Fixture.report().current

    func value(_ id: String, _ category: String) -> Figure? { figures.value(id, category) }
    func share(_ id: String, _ category: String) -> Figure? { figures.indicator(id)?.row(category)?.share }

    @Test func analysesAreCountedByChecklistStatusAndDepth() {
        #expect(value("analyses", "total") == .count(7))
        #expect(value("analyses", "closed_not_applicable") == .suppressed)
        // 7 = 6 + 1: the 6 is withheld with the hidden 1, or the 1 would follow (secondary suppression).
        #expect(value("analyses_by_checklist", "barnkonsekvensanalys") == .withheld)
        #expect(share("analyses_by_checklist", "barnkonsekvensanalys") == .withheld)
        #expect(value("analyses_by_checklist", "barnchecklista") == .suppressed)
        #expect(value("analyses_by_status", "approved") == .withheld)
        #expect(value("analyses_by_status", "submitted") == .suppressed)
        #expect(value("analyses_by_status", "returned") == .count(0))
        #expect(value("analyses_by_status", "draft") == .count(0))
        #expect(value("depth", "full") == .withheld)
        #expect(share("depth", "full") == .withheld)
        #expect(value("depth", "simple") == .suppressed)
    }

    @Test func childrenComeFromImpactAnalysesOnly() {
        // 9 children in the six analyses; the checklist's child and the 2026 child are not counted.
        #expect(value("children", "total") == .count(9))
        #expect(value("children_by_age", "0-5") == .suppressed)
        #expect(value("children_by_age", "6-12") == .suppressed)
        #expect(value("children_by_age", "13-17") == .suppressed)
        #expect(value("children_by_age", "unknown") == .count(0))
        #expect(value("children_by_effect", "indirect") == .withheld)
        #expect(share("children_by_effect", "indirect") == .withheld)
        #expect(value("children_by_effect", "direct") == .suppressed)
    }

    @Test func voiceAndInformation() {
        #expect(value("heard", "directly") == .suppressed)
        #expect(share("heard", "directly") == .suppressed)
        #expect(value("heard", "via_representative") == .suppressed)
        #expect(value("heard", "in_writing") == .count(0))
        #expect(share("heard", "in_writing") == .share(0))
        #expect(value("heard", "no") == .suppressed)
        #expect(value("not_heard_reason", "age_maturity") == .suppressed)
        #expect(value("not_heard_reason", "declined") == .count(0))
        // Only one analysis did not hear the child: every share of the reasons hides.
        #expect(share("not_heard_reason", "declined") == .suppressed)
        #expect(value("informed", "yes") == .withheld)
        #expect(share("informed", "yes") == .withheld)
        #expect(value("informed", "no") == .suppressed)
    }

    @Test func bestInterestsAndTheChildsView() {
        #expect(value("in_line", "yes") == .suppressed)
        #expect(value("in_line", "partly") == .suppressed)
        #expect(value("in_line", "no") == .suppressed)
        #expect(value("compensatory_measures", "partly_or_no") == .suppressed)
        #expect(value("compensatory_measures", "with_measures") == .suppressed)
        #expect(share("compensatory_measures", "with_measures") == .suppressed)
        #expect(value("differs_from_view", "differs") == .suppressed)
        #expect(value("differs_from_view", "with_reasons") == .suppressed)
    }

    @Test func feedbackAndFollowUpAreJudgedAgainstToday() {
        #expect(value("feedback", "on_time") == .suppressed)
        #expect(value("feedback", "late") == .suppressed)
        #expect(value("feedback", "overdue") == .suppressed)
        #expect(value("feedback", "missing") == .suppressed)
        #expect(value("feedback", "not_yet_due") == .suppressed)
        #expect(value("follow_up", "done") == .suppressed)
        #expect(value("follow_up", "overdue") == .suppressed)
        #expect(value("follow_up", "missing") == .suppressed)
        #expect(value("concern", "raised") == .suppressed)
        #expect(value("concern", "report_made") == .suppressed)
    }

    /// The same states, made countable: five copies of each record lift every cell over the threshold.
    @Test func feedbackStatesHaveTheExactCounts() {
        let five = Array(Fixture.records2025.map { Array(repeating: $0, count: 5) }.joined())
        let figures = Indicators.compute(records: five, year: 2025, unit: nil, today: Fixture.today).current
        #expect(figures.value("feedback", "on_time") == .count(5))
        #expect(figures.value("feedback", "late") == .count(5))
        #expect(figures.value("feedback", "overdue") == .count(5))
        #expect(figures.value("feedback", "missing") == .count(5))
        #expect(figures.value("feedback", "not_yet_due") == .count(10))
        #expect(figures.value("follow_up", "done") == .count(5))
        #expect(figures.value("follow_up", "overdue") == .count(5))
        #expect(figures.value("follow_up", "missing") == .count(10))
        #expect(figures.value("follow_up", "not_yet_due") == .count(10))
        #expect(figures.value("concern", "raised") == .count(10))
        #expect(figures.value("concern", "report_made") == .count(5))
        #expect(figures.indicator("concern")?.row("report_made")?.share == .share(50))
        #expect(figures.value("heard", "directly") == .count(20))
        #expect(figures.value("heard", "via_representative") == .count(5))
        #expect(figures.value("heard", "no") == .count(5))
        #expect(figures.value("not_heard_reason", "age_maturity") == .count(5))
        #expect(figures.indicator("not_heard_reason")?.row("age_maturity")?.share == .share(100))
        #expect(figures.value("in_line", "yes") == .count(20))
        #expect(figures.value("in_line", "partly") == .count(5))
        #expect(figures.value("in_line", "no") == .count(5))
        #expect(figures.value("compensatory_measures", "partly_or_no") == .count(10))
        #expect(figures.value("compensatory_measures", "with_measures") == .count(5))
        #expect(figures.indicator("compensatory_measures")?.row("with_measures")?.share == .share(50))
        #expect(figures.value("differs_from_view", "differs") == .count(5))
        #expect(figures.indicator("differs_from_view")?.row("differs")?.share == .share(20))
        #expect(figures.value("differs_from_view", "with_reasons") == .count(5))
        #expect(figures.value("children_by_age", "0-5") == .count(15))
        #expect(figures.value("children_by_age", "6-12") == .count(15))
        #expect(figures.value("children_by_age", "13-17") == .count(15))
        #expect(figures.value("children_by_effect", "direct") == .count(10))
        #expect(figures.value("hard_stops", "met") == .count(5))
        #expect(figures.value("hard_stops", "overridden") == .count(5))
        #expect(figures.value("analyses", "closed_not_applicable") == .count(5))
    }

    @Test func reviewFigures() {
        #expect(value("hard_stops", "met") == .suppressed)
        #expect(value("hard_stops", "overridden") == .suppressed)
        #expect(value("returns", "returns") == .count(5))
        #expect(value("returns", "analyses_returned") == .suppressed)
        let items = figures.indicator("returned_items")
        #expect(items?.ranked == true)
        #expect(items?.rows == [IndicatorRow(category: "heard", value: .count(5)), IndicatorRow(category: "art3", value: .suppressed)])
        // Approved: 10, 2, 30, 5, 20 days and the checklist's 7: the median of six is (7 + 10) / 2.
        #expect(value("days_to_approval", "approved") == .count(6))
        #expect(value("days_to_approval", "median") == .days(8.5))
    }

    @Test func articlesAndNegativeAreasAreRankedWithHiddenOnesLast() {
        #expect(figures.indicator("articles")?.rows == [
            IndicatorRow(category: "art27", value: .count(5)),
            IndicatorRow(category: "art19", value: .suppressed),
            IndicatorRow(category: "art28", value: .suppressed),
        ])
        #expect(figures.indicator("negative_areas")?.rows == [
            IndicatorRow(category: "family", value: .count(5)),
            IndicatorRow(category: "health", value: .suppressed),
        ])
    }

    @Test func suppressionAtTheEdge() {
        #expect(Indicators.count(0) == .count(0))
        #expect(Indicators.count(1) == .suppressed)
        #expect(Indicators.count(4) == .suppressed)
        #expect(Indicators.count(5) == .count(5))
        #expect(Indicators.share(4, of: 4) == .suppressed)
        #expect(Indicators.share(0, of: 4) == .suppressed)
        #expect(Indicators.share(5, of: 5) == .share(100))
        #expect(Indicators.share(0, of: 5) == .share(0))
        #expect(Indicators.share(4, of: 10) == .suppressed)
        #expect(Indicators.share(6, of: 10) == .share(60))
        #expect(Indicators.share(5, of: 7) == .share(71.4))
    }

    @Test func suppressionOfFourAndFiveAnalyses() {
        let four = Array(Fixture.records2024.prefix(4))
        let five = Array(Fixture.records2024.prefix(5))
        let small = Indicators.compute(records: four, year: 2024, unit: nil, today: Fixture.today).current
        #expect(small.value("analyses", "total") == .suppressed)
        #expect(small.value("heard", "directly") == .suppressed)
        #expect(small.indicator("heard")?.row("directly")?.share == .suppressed)
        #expect(small.indicator("heard")?.row("no")?.share == .suppressed)
        let enough = Indicators.compute(records: five, year: 2024, unit: nil, today: Fixture.today).current
        #expect(enough.value("analyses", "total") == .count(5))
        #expect(enough.value("heard", "directly") == .count(5))
        #expect(enough.indicator("heard")?.row("directly")?.share == .share(100))
        #expect(enough.indicator("heard")?.row("no")?.share == .share(0))
        #expect(enough.value("days_to_approval", "median") == .days(4))
    }

    @Test func onlyTheYearOfTheFirstSubmissionCounts() {
        let year2026 = Indicators.compute(records: Fixture.all, year: 2026, unit: nil, today: Fixture.today)
        #expect(year2026.current.value("children", "total") == .suppressed)
        #expect(year2026.current.value("analyses", "total") == .suppressed)
        let year2023 = Indicators.compute(records: Fixture.all, year: 2023, unit: nil, today: Fixture.today)
        #expect(year2023.current.hasData == false)
        #expect(year2023.current.value("analyses", "total") == .count(0))
        // Created in 2025 but first submitted in 2026: counted in 2026, not in 2025.
        #expect(Fixture.report(records: Fixture.records2025).current == Fixture.report().current)
    }

    @Test func aUnitSeesOnlyItsOwnAnalyses() {
        let other = (1...5).map { _ in
            Fixture.bka(["depth": .text("simple"), "heard": .text("in_writing")], created: "2025-03-01",
                        submitted: "2025-03-02", unit: "Vuxenenheten")
        }
        let report = Fixture.report(unit: "Vuxenenheten", records: Fixture.all + other)
        #expect(report.unit == "Vuxenenheten")
        #expect(report.current.value("analyses", "total") == .count(5))
        #expect(report.current.value("heard", "in_writing") == .count(5))
        #expect(report.current.value("children", "total") == .count(0))
        #expect(report.previous == nil)
        let everyone = Fixture.report(records: Fixture.all + other)
        #expect(everyone.current.value("analyses", "total") == .count(12))
    }

    @Test func changeFromThePreviousYear() {
        let report = Fixture.report()
        #expect(report.previous?.year == 2024)
        #expect(report.previous?.value("analyses", "total") == .count(8))
        #expect(report.change("analyses", "total") == "−1")
        #expect(report.change("children", "total") == "+1")
        // Withheld now (secondary suppression): no change is shown for them.
        #expect(report.change("informed", "yes") == "–")
        #expect(report.change("depth", "full") == "–")
        #expect(report.change("children_by_effect", "indirect") == "–")
        #expect(report.change("heard", "in_writing") == "0")
        // Suppressed now, shown then: no figure can be derived from the difference.
        #expect(report.change("heard", "directly") == "–")
        // Named by nobody in 2024: zero then.
        #expect(report.change("articles", "art27") == "+5")
        #expect(report.change("informed", "yes") != nil)
        let first = Indicators.compute(records: Fixture.records2024, year: 2024, unit: nil, today: Fixture.today)
        #expect(first.previous == nil)
        #expect(first.change("analyses", "total") == nil)
    }
}

@Suite struct IndicatorOutput {
    let report = Fixture.report()

    @Test func jsonHasStableKeysNumbersAndSuppressedStrings() throws {
        let text = IndicatorFormats(report: report, language: .sv).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["year"] as? Int == 2025)
        #expect(object["today"] as? String == Fixture.today)
        let indicators = try #require(object["indicators"] as? [String: [String: Any]])
        #expect(indicators["analyses"]?["total"] as? Int == 7)
        #expect(indicators["analyses"]?["closed_not_applicable"] as? String == "<5")
        #expect(indicators["days_to_approval"]?["median"] as? Double == 8.5)
        let shares = try #require(object["shares"] as? [String: [String: Any]])
        #expect(shares["informed"]?["yes"] as? String == "hidden")
        #expect(indicators["informed"]?["yes"] as? String == "hidden")
        #expect(shares["heard"]?["directly"] as? String == "<5")
        let change = try #require(object["change"] as? [String: [String: String]])
        #expect(change["analyses"]?["total"] == "−1")
        let previous = try #require(object["previous_year"] as? [String: Any])
        #expect(previous["year"] as? Int == 2024)
        #expect(!text.contains("Alias"))
        #expect(!text.contains("Skolskjuts"))
    }

    @Test func csvHasOneRowPerCell() {
        let csv = IndicatorFormats(report: report, language: .sv).csv()
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows.first == "indicator,category,value")
        #expect(rows.contains("analyses,total,7"))
        #expect(rows.contains("analyses,closed_not_applicable,<5"))
        #expect(rows.contains("informed_share,yes,hidden"))
        #expect(rows.contains("articles,art27,5"))
        #expect(rows.contains("days_to_approval,median,8.5"))
        #expect(rows.dropFirst().allSatisfy { $0.isEmpty || $0.split(separator: ",").count == 3 })
    }

    @Test func tableDrawsBarsAndHidesSmallCounts() {
        let table = IndicatorFormats(report: report, language: .sv).table()
        #expect(table.hasPrefix("Barnbokslut 2025 · alla enheter"))
        let indirect = table.split(separator: "\n").first { $0.contains("Indirekt") }
        // Withheld with the hidden direct children: no bar, which would tell its size.
        #expect(indirect?.contains("dold") == true)
        #expect(indirect?.contains("█") == false)
        let total = table.split(separator: "\n").first { $0.contains("Barn som berörs av besluten") }.map { _ in true }
        #expect(total == true && table.contains("████"))
        let closed = table.split(separator: "\n").first { $0.contains("ej aktuella") }
        #expect(closed?.contains("<5") == true)
        #expect(closed?.contains("█") == false)
        #expect(table.contains("Om metoden"))
        // A short bar leaves no spaces at the end of its line, with the change column and without it.
        var firstYear = report
        firstYear.previous = nil
        for table in [table, IndicatorFormats(report: firstYear, language: .sv).table()] {
            #expect(!table.split(separator: "\n").contains { $0.hasSuffix(" ") })
        }
    }

    /// `stats` on a terminal: no line wider than 80 columns, long labels whole while they fit.
    @Test func tableFitsEightyColumns() throws {
        let formats = IndicatorFormats(report: report, language: .sv)
        let lines = formats.table().split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains { $0.contains("Avslutade som ej aktuella (redovisas för sig)") })
        // Narrower than the label and the smallest bar: the label goes on under itself, the
        // figures on its first line (it was cut with "…", and "(redovisas för sig)" was lost).
        let narrow = formats.tableLines(try #require(report.current.indicator("analyses")), width: 60)
        #expect(narrow.allSatisfy { $0.count <= 60 }, "\(narrow)")
        let first = try #require(narrow.firstIndex { $0.contains("Avslutade som ej aktuella") })
        #expect(narrow[first].contains("<5") && !narrow[first].contains("…"), "\(narrow)")
        #expect(narrow[first + 1] == "      (redovisas för sig)", "\(narrow)")
        // At 80 and at 60 columns every name and row's label is read whole, in both languages: a row's line
        // holds its label up to the figures (two spaces), and its lines indented further the rest.
        for language in [Language.sv, .en] {
            let formats = IndicatorFormats(report: report, language: language)
            for width in [80, 60] {
                for indicator in report.current.indicators where !indicator.rows.isEmpty {
                    var read: [String] = []
                    let title = formats.tableTitle(indicator, width: width)
                    #expect(title.joined(separator: " ").split(separator: " ").joined(separator: " ") == IndicatorWords(language: language).indicator(indicator.id))
                    for line in formats.tableLines(indicator, width: width).dropFirst(title.count) {
                        if line.hasPrefix("      "), let last = read.indices.last {
                            read[last] += " " + line.trimmingCharacters(in: .whitespaces)
                        } else {
                            read.append(line.dropFirst(4).components(separatedBy: "  ")[0])
                        }
                    }
                    // Every letter, in order (a word longer than the column is broken inside).
                    let labels = indicator.rows.map { formats.categoryLabel(indicator.id, $0.category) }
                    #expect(read.map { $0.filter { !$0.isWhitespace } } == labels.map { $0.filter { !$0.isWhitespace } }, "\(width): \(read)")
                    #expect((formats.tableLines(indicator, width: width) + formats.tableHeading(indicator, width: width))
                        .allSatisfy { $0.count <= width }, "\(width): \(indicator.id)")
                }
            }
        }
    }

    /// Under about 50 columns (the screen's smallest is 40) a row's figures do not fit beside even
    /// the narrowest label: they go on a line of their own under it, with the change from last year
    /// (it was cut at the edge), the heads over them; every label still read whole.
    @Test func belowFiftyColumnsTheFiguresGoUnderTheLabel() throws {
        let formats = IndicatorFormats(report: report, language: .sv)
        for width in 40...49 {
            for indicator in report.current.indicators where !indicator.rows.isEmpty {
                let title = formats.tableTitle(indicator, width: width)
                let lines = formats.tableLines(indicator, width: width)
                #expect((lines + formats.tableHeading(indicator, width: width)).allSatisfy { $0.count <= width },
                        "\(width): \(lines)")
                var labels: [String] = []
                var figures: [String] = []
                for line in lines.dropFirst(title.count) {
                    if line.hasPrefix("        ") { figures.append(line) }
                    else if line.hasPrefix("      "), let last = labels.indices.last { labels[last] += " " + line.trimmingCharacters(in: .whitespaces) }
                    else { labels.append(line.trimmingCharacters(in: .whitespaces)) }
                }
                let wanted = indicator.rows.map { formats.categoryLabel(indicator.id, $0.category) }
                #expect(labels.map { $0.filter { !$0.isWhitespace } } == wanted.map { $0.filter { !$0.isWhitespace } }, "\(width): \(labels)")
                #expect(figures.count == indicator.rows.count)
                for (row, line) in zip(indicator.rows, figures) {
                    #expect(line.dropFirst(8).trimmingCharacters(in: .whitespaces).hasPrefix(formats.text(row.value)), "\(line)")
                    if let change = report.change(indicator.id, row.category) { #expect(line.hasSuffix(" " + change), "\(width): \(line)") }
                }
            }
        }
        let analyses = formats.tableLines(try #require(report.current.indicator("analyses")), width: 40)
        #expect(analyses.contains("    Avslutade som ej aktuella (redovisas"), "\(analyses)")
        // At 60 columns the rows are as before: figures beside the label.
        #expect(!formats.tableLines(try #require(report.current.indicator("analyses")), width: 60).contains { $0.hasPrefix("        ") })
    }

    /// The text form (plain mode, `stats --format text`) reads every figure of every row, each
    /// named on its line, with no bar and no column to find by eye: what a screen reader needs.
    @Test func textReadsEveryFigureOnItsOwnLineWithoutBars() throws {
        for language in [Language.sv, .en] {
            let formats = IndicatorFormats(report: report, language: language)
            let lines = formats.textLines()
            #expect(!lines.contains { $0.contains("█") || $0.dropFirst(2).contains("  ") }, "\(lines)")
            // Names repeat between chapters ("Sort"), so each is looked for after the one before.
            var read = 0
            for indicator in IndicatorFormats.chapters.flatMap(\.indicators).compactMap(report.current.indicator) {
                let name = try #require(lines[read...].firstIndex(of: IndicatorWords(language: language).indicator(indicator.id)))
                // Its rows follow its name, in order, after the line on what the shares are of.
                let rows = lines[(name + 1)...].prefix { $0.hasPrefix("  ") }.filter { !$0.hasSuffix(":") }.prefix(indicator.rows.count)
                #expect(rows.count == indicator.rows.count, "\(indicator.id)")
                read = name + 1
                for (row, line) in zip(indicator.rows, rows) {
                    let label = formats.categoryLabel(indicator.id, row.category)
                    #expect(line.hasPrefix("  \(label): \(formats.text(row.value))"), "\(indicator.id): \(line)")
                    #expect(line.hasSuffix("."))
                }
            }
        }
        let sv = IndicatorFormats(report: report, language: .sv).textLines()
        #expect(sv.first == "Barnbokslut 2025 · alla enheter")
        #expect(sv.contains("  Analyser: 7; förändring från 2024: −1."))
        // A hidden cell says "dold", and why, under its indicator.
        let heard = try #require(sv.firstIndex(of: "Har barnet fått anpassad information?"))
        #expect(sv[heard + 1] == "  Andel av barnkonsekvensanalyserna:")
        #expect(sv[heard + 2] == "  Ja: dold; andel dold; förändring från 2024: –.", "\(sv[heard...])")
        #expect(sv[(heard + 3)...].prefix(3).contains("  dold: visas inte, eftersom ett antal under 5 annars kunde räknas fram."))
        #expect(sv.contains("Om metoden"))
        let en = IndicatorFormats(report: report, language: .en).textLines()
        #expect(en.contains("  Analyses: 7; change from 2024: −1."))
        #expect(en.contains("  Yes: hidden; share hidden; change from 2024: –."))
    }

    @Test func theBarnbokslutIsSwedishByDefaultAndEnglishOnRequest() {
        let sv = IndicatorFormats(report: report, language: .sv).markdown()
        #expect(sv.hasPrefix("# Barnbokslut 2025"))
        #expect(sv.contains("## Om metoden"))
        #expect(sv.contains("| Förändring från 2024 |"))
        #expect(sv.contains("| Analyser | 7 |  | −1 |"))
        #expect(sv.contains("| Ja | dold | dold | – |"))
        #expect(sv.contains("Övningsregistret räknas aldrig"))
        let en = IndicatorFormats(report: report, language: .en).markdown()
        #expect(en.hasPrefix("# Child rights report 2025"))
        #expect(en.contains("## Method"))
        #expect(en.contains("| Yes | hidden | hidden | – |"))
        let firstYear = Indicators.compute(records: Fixture.records2024, year: 2024, unit: nil, today: Fixture.today)
        #expect(!IndicatorFormats(report: firstYear, language: .sv).markdown().contains("Förändring från"))
    }

    @Test func htmlIsSelfContainedAndEscapesEverything() {
        let hostile = Fixture.all.map { record -> IndicatorRecord in
            var record = record
            record.unit = "<script>alert(1)</script>"
            return record
        }
        let report = Indicators.compute(records: hostile, year: 2025, unit: "<script>alert(1)</script>", today: Fixture.today)
        var labels = IndicatorLabels()
        labels.articles["art27"] = Localized(sv: "27: <b>Levnadsstandard</b> & \"mer\"")
        let html = IndicatorFormats(report: report, language: .sv, labels: labels).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("27: &lt;b&gt;Levnadsstandard&lt;/b&gt; &amp; &quot;mer&quot;"))
        #expect(!html.contains("http"))
        #expect(html.contains("&lt;5"))
        #expect(html.contains("Om metoden"))
        let markdown = IndicatorFormats(report: report, language: .sv, labels: labels).markdown()
        #expect(markdown.contains("\\<b\\>"))
    }
}

@Suite struct CountedAnswersFromAnswers {
    /// What the counts read of whole answers: blanks and broken dates are no answer, free text
    /// only whether it was written, areas only when negative, articles once each.
    @Test func onlyWhatIsCountedIsKept() {
        let counted = CountedAnswers([
            "heard": .text("  "), "informed": .text("yes"), "depth": .text("full"),
            "feedback_planned_date": .text("2025-02-30"), "feedback_done_date": .text("2025-03-01"),
            "follow_up_date": .text("2025-09-01"), "follow_up_done_date": .number(3),
            "differs_reasons": .text("\u{A0}\n"), "fact_family_impact": .text("negative"), "fact_health_impact": .text("neutral"),
            "other_articles": Fixture.articles("art27", "art19", "art27"),
            "children": .entries([Fixture.child(7, "indirect"), ["age": .text("12")], ["alias": .text("Alias")]]),
            "compensatory_measures": .entries([["measure": .text("Skolskjuts")], [:]]),
            "best_interest": .text("Fri text: bara att den skrivits räknas."),
        ])
        var expected = CountedAnswers()
        expected.informed = "yes"
        expected.depth = "full"
        expected.feedbackDone = ISODate.dayNumber("2025-03-01")
        expected.followUp = ISODate.dayNumber("2025-09-01")
        expected.negativeAreas = ["family"]
        expected.articles = ["art27", "art19"]
        expected.children = [.init(age: 7, effect: "indirect"), .init(age: 12), .init()]
        expected.compensatoryMeasures = 2
        expected.bestInterest = true
        #expect(counted == expected)

        var reasons = CountedAnswers(["differs_reasons": .text("Skälen är förklarade.")])
        #expect(reasons.differsReasons)
        // The store hands the same over as bytes, item by item; an item not counted is refused.
        func take(_ item: String, _ value: String) -> Bool {
            Array(item.utf8).withUnsafeBufferPointer { item in
                Array(value.utf8).withUnsafeBufferPointer { value in reasons.take(item: item, value: value) }
            }
        }
        let inLine = take("in_line", "no")
        let alias = take("alias", "Kim")
        #expect(inLine && !alias)
        #expect(reasons.inLine == "no")
    }
}

@Suite struct ByteKeyLookup {
    /// Keys short, exactly eight, up to sixteen and longer, and probes that differ from one of
    /// them only in the middle, at the ends or in length.
    @Test func findsExactlyTheKeys() {
        let keys = ["no", "in_line", "negative", "not_heard_reason", "feedback_planned_date", "fact_family_impact", ""]
        let lookup = ByteKeys(keys)
        func index(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { lookup.index(of: $0) } }
        for (position, key) in keys.enumerated() { #expect(index(key) == position, "\(key)") }
        for probe in ["n", "no ", "in_lime", "feedbackXplanned_date", "fact_famXXy_impact", "negativ", "negativee", "not_heard_raason", "feedback_plannedXdate",
                      "feedback_planned_datf", "Feedback_planned_date", "fact_famlly_impact", "fact_family_impact_"] {
            #expect(index(probe) == nil, "\(probe)")
        }
    }
}

@Suite struct ByteKeyTable {
    /// Many keys (more than fill the smallest table, sharing heads and tails), a key given twice
    /// (its first position, as a scan finds it), and none found among no keys.
    @Test func findsEveryKeyAmongMany() {
        var keys = (0..<300).map { "fact_area_\($0)_impact" } + (0..<40).map { "k\($0)" }
        keys.append("k7")
        let lookup = ByteKeys(keys)
        func index(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { lookup.index(of: $0) } }
        for (position, key) in keys.enumerated().dropLast() { #expect(index(key) == position, "\(key)") }
        #expect(index("k7") == 307)
        for probe in ["fact_area_300_impact", "k40", "fact_area__impact", "k"] { #expect(index(probe) == nil, "\(probe)") }
        #expect(Array("no".utf8).withUnsafeBufferPointer { ByteKeys([]).index(of: $0) } == nil)
    }
}

@Suite struct CountedTextChildren {
    /// Children read from a row's bytes are what `Child(stored:)` makes of the same fields split,
    /// and the analysis takes the children's voice as whole answers would.
    @Test func childrenAsStoredFieldsSay() {
        let children: [[String]] = [
            ["7", "direct", "no", "yes", "too_young", "", "", "yes", "", "written"],
            ["", "indirect", "in_writing", "no", "", "partly", "written", "contact_visits"],
            ["12", "direct"],
            [""],
            ["x", "", "directly", "", "", "yes", "", "", "written", ""],
        ]
        let text = children.map { $0.joined(separator: "\u{1F}") }.joined(separator: "\u{1E}")
        var row = CountedRow(nil)
        Array(text.utf8).withUnsafeBufferPointer { CountedText.read(scalars: nil, children: $0, articles: nil, measures: nil, into: &row) }
        let (counted, _) = row.finish()
        #expect(counted.children == children.map { CountedAnswers.Child(stored: $0.map { Optional($0) }) })
        var whole = CountedAnswers()
        whole.children = counted.children
        #expect(whole.children[0].age == 7 && whole.children[2].age == 12 && whole.children[4].age == nil)
        #expect(counted.heard == "directly" && counted.informed == "no" && counted.differsFromView == "yes")
        #expect(counted.differsReasons && counted.notHeardReason == nil)
        // Only children not heard: the first reason given.
        var notHeard = CountedAnswers()
        notHeard.children = [CountedAnswers.Child(heard: "no"), CountedAnswers.Child(heard: "no", notHeardReason: "refused")]
        notHeard.takeVoiceFromChildren()
        #expect(notHeard.heard == "no" && notHeard.notHeardReason == "refused" && notHeard.informed == nil && notHeard.differsFromView == nil)
        // A value outside the known ones: the first child's.
        var other = CountedAnswers()
        other.children = [CountedAnswers.Child(heard: "later"), CountedAnswers.Child(heard: "other", informed: "yes")]
        other.takeVoiceFromChildren()
        #expect(other.heard == "later" && other.informed == "yes")
    }
}

@Suite struct CountedTextWhiteSpace {
    /// The characters the stores trim in SQL are exactly those a text may consist of and still
    /// be blank to Core: Unicode's White_Space, each one a whitespace `Character`.
    @Test func theStoresTrimWhatCoreCallsBlank() {
        let whiteSpace = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(\.properties.isWhitespace).map(\.value)
        #expect(CountedText.whiteSpace == whiteSpace)
        for value in CountedText.whiteSpace {
            let text = String(Character(Unicode.Scalar(value) ?? " "))
            #expect(CountedAnswers(["best_interest": .text(text + text)]).bestInterest == false, "\(value)")
        }
        #expect(CountedAnswers(["best_interest": .text("\u{200B}")]).bestInterest)
    }
}

@Suite struct IndicatorRecordValues {
    /// Records share their box until one is changed: a changed copy leaves the original as it was.
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let original = IndicatorRecord(checklistID: "barnkonsekvensanalys", unit: "Ekonomiskt bistånd", status: .approved,
                                       answers: ["heard": .text("directly")], createdAt: "2025-02-01T08:00:00.000Z",
                                       firstSubmittedAt: "2025-02-03T08:00:00.000Z")
        var copy = original
        #expect(copy == original)
        copy.unit = "Vuxenenheten"
        copy.counted.heard = "no"
        #expect(original.unit == "Ekonomiskt bistånd" && original.counted.heard == "directly")
        #expect(copy.unit == "Vuxenenheten" && copy.counted.heard == "no")
        #expect(copy != original)
        #expect(Set([original, original, copy]).count == 2)
    }
}

/// Helsingborg's three things documented, read from whole answers the way both stores' rows give them.
@Suite struct DocumentedInEveryCase {
    @Test func anOlderAnalysisIsReadThroughItsOneVoice() {
        var answers: Answers = ["best_interest": .text("Det är bäst för barnet att bo kvar."), "heard": .text("directly"),
                                "informed": .text("yes"), "children": .entries([["alias": .text("Ella"), "age": .number(7)]])]
        #expect(CountedAnswers(answers).documented(childChecklist: false) == CountedAnswers.Documented(bestInterest: true, view: false, participation: true))
        answers["views_own_words"] = .text("Ella vill bo kvar.")
        #expect(CountedAnswers(answers).documented(childChecklist: false)?.all == true)
        answers["heard"] = .text("no")
        #expect(CountedAnswers(answers).documented(childChecklist: false)?.view == false)
        answers["position_otherwise"] = .text("Föräldern berättade.")
        #expect(CountedAnswers(answers).documented(childChecklist: false)?.all == true)
        answers["best_interest"] = .text("   ")
        #expect(CountedAnswers(answers).documented(childChecklist: false)?.bestInterest == false)
    }

    @Test func eachChildCountsWhereTheVoiceIsAskedPerChild() {
        let ella: [String: AnswerValue] = ["alias": .text("Ella"), "heard": .text("directly"), "informed": .text("yes"),
                                           "views_own_words": .text("Ella vill bo kvar.")]
        var noah: [String: AnswerValue] = ["alias": .text("Noah"), "heard": .text("no"), "informed": .text("yes")]
        var answers: Answers = ["best_interest": .text("Bäst att bo kvar."), "children": .entries([ella, noah])]
        #expect(CountedAnswers(answers).documented(childChecklist: false) == CountedAnswers.Documented(bestInterest: true, view: false, participation: true))
        noah["position_otherwise"] = .text("Skolan berättade hur Noah har det.")
        answers["children"] = .entries([ella, noah])
        #expect(CountedAnswers(answers).documented(childChecklist: false)?.all == true)
        // A case without children is not counted at all.
        #expect(CountedAnswers(["best_interest": .text("x")]).documented(childChecklist: false) == nil)
    }

    @Test func budgetOrGuidelinesAreFoundInTheChoicesAndInAStoredRow() {
        #expect(CountedAnswers(["conflicts": .choices(["child_parent", "child_budget"])]).budgetOrGuidelines)
        #expect(!CountedAnswers(["conflicts": .choices(["child_parent", "none"])]).budgetOrGuidelines)
        var stored = CountedAnswers()
        var key = "conflicts", value = #"["child_siblings","child_guidelines"]"#
        key.withUTF8 { k in value.withUTF8 { v in _ = stored.take(item: k, value: v) } }
        #expect(stored.budgetOrGuidelines)
        // Only a whole quoted value: not one that begins or ends like it.
        for (row, found) in [(#"["child_budgets","xchild_guidelines"]"#, false), (#"["child_budget"]"#, true), (#""child_budg"#, false)] {
            var other = CountedAnswers()
            var row = row
            key.withUTF8 { k in row.withUTF8 { v in _ = other.take(item: k, value: v) } }
            #expect(other.budgetOrGuidelines == found, "\(row)")
        }
    }
}
