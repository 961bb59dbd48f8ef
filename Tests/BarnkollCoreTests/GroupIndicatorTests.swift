import BarnkollCore
import Foundation
import Testing

/// Group analyses in the indicators (issue 22): a tally of their own, and the secondary
/// suppression that keeps a hidden cell hidden. Fictional records only.
@Suite struct GroupIndicators {
    static let today = "2026-12-01"

    static func group(_ answers: Answers, status: AnalysisStatus = .approved, day: String = "2026-03-02") -> IndicatorRecord {
        IndicatorRecord(checklistID: Checklist.groupAnalysisID, unit: "Ekonomiskt bistånd", status: status, answers: answers,
                        createdAt: day + "T09:00:00.000Z", firstSubmittedAt: day + "T10:00:00.000Z")
    }

    static func analysis(_ answers: Answers) -> IndicatorRecord {
        IndicatorRecord(checklistID: "barnkonsekvensanalys", unit: "Ekonomiskt bistånd", status: .approved, answers: answers,
                        createdAt: "2026-02-01T09:00:00.000Z", firstSubmittedAt: "2026-02-01T10:00:00.000Z")
    }

    /// Six group analyses of a fictional 2026, one screened out, and one individual analysis of two children.
    static let records: [IndicatorRecord] = {
        // Big groups: if they were counted as children, the children's total would show it.
        let groups: AnswerValue = .entries([["group_name": .text("Barn i hushåll med bistånd"), "estimated_number": .number(420),
                                             "age_from": .number(6), "age_to": .number(17)]])
        var list: [IndicatorRecord] = []
        for index in 0..<6 {
            list.append(group(["decision_type": .text(index < 5 ? "guideline" : "budget"), "consulted": .text(index < 5 ? "yes" : "no"),
                               "in_line": .text(index < 5 ? "yes" : "partly"), "child_groups": groups,
                               "follow_up_date": .text("2027-01-01"),
                               "follow_up_done_date": index == 0 ? .text("2026-11-01") : nil].compactMapValues { $0 }))
        }
        list.append(group(["children_affected": .text("no"), "screening_no_reason": .text("Gäller arkivlokaler.")], status: .closed))
        list.append(analysis(["children": .entries([["alias": .text("A"), "age": .number(5)], ["alias": .text("B"), "age": .number(9)]])]))
        return list
    }()

    @Test func groupAnalysesAreTalliedApartAndTheirGroupsNeverCountAsChildren() {
        let figures = Indicators.compute(records: Self.records, year: 2026, unit: nil, today: Self.today).current
        #expect(figures.value("group_analyses", "total") == .count(6))
        #expect(figures.value("group_analyses", "screened_out") == .suppressed)   // 1
        #expect(figures.value("group_decision_type", "guideline") == .withheld)   // 5, hidden with budget's 1
        #expect(figures.value("group_decision_type", "budget") == .suppressed)
        #expect(figures.value("group_decision_type", "statement") == .count(0))
        #expect(figures.value("group_consulted", "yes") == .withheld && figures.value("group_consulted", "no") == .suppressed)
        #expect(figures.value("group_in_line", "no") == .count(0))
        #expect(figures.value("group_follow_up", "not_yet_due") == .withheld && figures.value("group_follow_up", "done") == .suppressed)
        // The 420 children of each group are nowhere among the children.
        #expect(figures.value("children", "total") == .suppressed)   // the two children of the one analysis
        // One individual analysis beside six group analyses: both hidden, or the one would follow from the total.
        #expect(figures.value("analyses", "total") == .count(7))
        #expect(figures.value("analyses_by_checklist", "gruppanalys") == .withheld)
    }

    @Test func withEnoughInEveryCellNothingIsHidden() {
        var records = Self.records
        for _ in 0..<5 { records.append(Self.group(["decision_type": .text("budget"), "consulted": .text("no"), "in_line": .text("no")])) }
        let figures = Indicators.compute(records: records, year: 2026, unit: nil, today: Self.today).current
        #expect(figures.value("group_decision_type", "guideline") == .count(5))
        #expect(figures.value("group_decision_type", "budget") == .count(6))
        #expect(figures.value("group_consulted", "no") == .count(6))
    }

    /// No hidden cell can be worked out: for every set of categories, the cells shown and any total
    /// shown leave at least two cells hidden, or none.
    @Test func noHiddenCellCanBeRecomputedFromWhatIsShown() {
        // Counts that sum to a shown total with exactly one small cell: 12 = 9 + 3 + 0.
        var records: [IndicatorRecord] = []
        for index in 0..<12 {
            records.append(Self.analysis(["in_line": .text(index < 9 ? "yes" : "partly"), "depth": .text("full"),
                                          "heard": .text(index < 10 ? "directly" : index < 11 ? "in_writing" : "no")]))
        }
        let figures = Indicators.compute(records: records, year: 2026, unit: nil, today: Self.today).current
        #expect(figures.value("in_line", "yes") == .withheld && figures.value("in_line", "partly") == .suppressed)
        #expect(figures.indicator("in_line")?.row("yes")?.share == .withheld)
        let table = IndicatorFormats(report: Indicators.compute(records: records, year: 2026, unit: nil, today: Self.today), language: .sv)
        #expect(table.markdown().contains("| Ja | dold | dold |"))
        #expect(figures.value("in_line", "no") == .count(0))
        for indicator in figures.indicators where !indicator.ranked {
            let hidden = indicator.rows.filter(\.value.isSuppressed).count
            #expect(hidden != 1 || indicator.rows.count == 1 || ["analyses", "children", "compensatory_measures", "differs_from_view",
                                                                 "concern", "hard_stops", "returns", "days_to_approval",
                                                                 "group_analyses"].contains(indicator.id),
                    "\(indicator.id): one hidden cell among shown ones")
        }
    }

    @Test func aUnitsOwnLabelForAnOptionIsWhatItsBarnbokslutShows() throws {
        var checklist = try shipped().checklist(Checklist.groupAnalysisID)
        let index = try #require(checklist.sections.firstIndex { $0.id == "decision" })
        let item = try #require(checklist.sections[index].items.firstIndex { $0.id == "decision_type" })
        let option = try #require(checklist.sections[index].items[item].options.firstIndex { $0.value == "guideline" })
        checklist.sections[index].items[item].options[option].label = Localized(sv: "Ny riktlinje i nämnden", en: "A new board guideline")
        var records = Self.records
        for _ in 0..<5 { records.append(Self.group(["decision_type": .text("budget")])) }
        let report = Indicators.compute(records: records, year: 2026, unit: nil, today: Self.today)
        let formats = IndicatorFormats(report: report, language: .sv, labels: IndicatorLabels(checklists: [checklist]))
        #expect(formats.markdown().contains("| Ny riktlinje i nämnden | 5 |"))
        #expect(formats.markdown().contains("## Beslut om barn som grupp"))
        let english = IndicatorFormats(report: report, language: .en, labels: IndicatorLabels(checklists: [checklist]))
        #expect(english.html().contains("A new board guideline"))
        // Without the checklist, barnkoll's own words.
        #expect(IndicatorFormats(report: report, language: .sv).markdown().contains("| Riktlinje eller ändrad inriktning | 5 |"))
    }
}

/// Children in the household or visiting, and participation per child (issue 22). Fictional.
@Suite struct ChildIndicators {
    static func child(_ alias: String, _ household: String, heard: String? = nil) -> [String: AnswerValue] {
        var entry: [String: AnswerValue] = ["alias": .text(alias), "age": .number(8), "effect": .text("indirect"),
                                            "lives_in_household": .text(household)]
        if let heard { entry["heard"] = .text(heard) }
        return entry
    }

    @Test func householdAndVisitingChildrenAreCountedApartAndEachChildsVoiceCounts() {
        var records: [IndicatorRecord] = []
        // Six analyses asking each child: 6 × (two in the household heard directly, one visiting not heard).
        for _ in 0..<6 {
            records.append(GroupIndicators.analysis(["children": .entries([
                Self.child("A", "yes", heard: "directly"), Self.child("B", "yes", heard: "directly"),
                Self.child("C", "contact_visits", heard: "no"),
            ])]))
        }
        // Five older analyses that asked once for all children: counted apart, not per child.
        for _ in 0..<5 {
            records.append(GroupIndicators.analysis(["heard": .text("directly"), "children": .entries([Self.child("D", "yes")])]))
        }
        let figures = Indicators.compute(records: records, year: 2026, unit: nil, today: GroupIndicators.today).current
        #expect(figures.value("children", "total") == .count(23))
        #expect(figures.value("children_by_household", "yes") == .count(17))
        #expect(figures.value("children_by_household", "contact_visits") == .count(6))
        #expect(figures.value("children_by_household", "unknown") == .count(0))
        #expect(figures.value("children_heard", "directly") == .count(12))
        #expect(figures.value("children_heard", "no") == .count(6))
        #expect(figures.indicator("children_heard")?.row("directly")?.share == .share(66.7))
        #expect(figures.value("voice_asked_once", "analyses") == .count(5))
        let markdown = IndicatorFormats(report: Indicators.compute(records: records, year: 2026, unit: nil, today: GroupIndicators.today),
                                        language: .sv).markdown()
        #expect(markdown.contains("| Har umgänge | 6 |"))
    }
}
