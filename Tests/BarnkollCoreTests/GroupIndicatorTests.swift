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

/// The categories that are a checklist's options are labelled as the loaded checklists word them
/// (issue 22): a unit that words an option its own way reads its own words in its barnbokslut.
@Suite struct LabelsFromTheChecklists {
    @Test func aUnitsOwnWordsForTheInterpreterAndTheVoiceShowInItsBarnbokslut() throws {
        var checklist = try shipped().checklist("barnkonsekvensanalys")
        for section in checklist.sections.indices {
            for item in checklist.sections[section].items.indices where checklist.sections[section].items[item].id == "interpreter" {
                for option in checklist.sections[section].items[item].options.indices
                where checklist.sections[section].items[item].options[option].value == "child_interpreted" {
                    checklist.sections[section].items[item].options[option].label = Localized(sv: "Ett barn fick tolka", en: "A child had to interpret")
                }
            }
        }
        let records = (0..<6).map { _ in
            GroupIndicators.analysis(["interpreter": .text("child_interpreted"), "depth": .text("full"),
                                      "children": .entries([["age": .number(9), "heard": .text("in_writing"), "informed": .text("yes")]])])
        }
        let report = Indicators.compute(records: records, year: 2026, unit: nil, today: GroupIndicators.today)
        let own = IndicatorFormats(report: report, language: .sv, labels: IndicatorLabels(checklists: [checklist])).markdown()
        #expect(own.contains("| Ett barn fick tolka | 6 | 100,0 % |"), "\(own)")
        #expect(own.contains("| Ja, skriftligt eller digitalt | 6 |"))
        let english = IndicatorFormats(report: report, language: .en, labels: IndicatorLabels(checklists: [checklist])).html()
        #expect(english.contains("A child had to interpret"))
        // Without the checklist, barnkoll's own words.
        #expect(IndicatorFormats(report: report, language: .sv).markdown().contains("| Barnet tolkade | 6 | 100,0 % |"))
    }
}

/// The group analyses' tally per kind of decision (issue 22): children consulted, in line, follow-up
/// done, each kind a breakdown of its own; the groups' sizes never among the children.
@Suite struct GroupTallyByKind {
    @Test func eachKindHasItsOwnFiguresAndNoGroupCountsAsChildren() {
        let groups: AnswerValue = .entries([["group_name": .text("Barn i familjer med elskulder"), "estimated_number": .number(900)]])
        var records: [IndicatorRecord] = []
        for index in 0..<10 {
            records.append(GroupIndicators.group(["decision_type": .text("budget"), "consulted": .text("yes"),
                                                  "in_line": .text(index < 5 ? "yes" : "partly"), "child_groups": groups,
                                                  "follow_up_date": .text("2026-09-01"),
                                                  "follow_up_done_date": index < 6 ? .text("2026-10-01") : .text("")]))
        }
        for _ in 0..<5 {
            records.append(GroupIndicators.group(["decision_type": .text("guideline"), "consulted": .text("no"),
                                                  "in_line": .text("no"), "child_groups": groups]))
        }
        let report = Indicators.compute(records: records, year: 2026, unit: nil, today: GroupIndicators.today)
        let figures = report.current
        #expect(figures.indicator("group_consulted_by_type")?.rows == [
            IndicatorRow(category: "budget/yes", value: .count(10), share: .share(100)),
            IndicatorRow(category: "budget/no", value: .count(0), share: .share(0)),
            IndicatorRow(category: "guideline/yes", value: .count(0), share: .share(0)),
            IndicatorRow(category: "guideline/no", value: .count(5), share: .share(100)),
        ])
        #expect(figures.indicator("group_in_line_by_type")?.rows.map(\.value) == [.count(5), .count(5), .count(0), .count(0), .count(0), .count(5)])
        // Four budget decisions not followed up: hidden, and the six done with them, or 10 − 6 would tell.
        #expect(figures.indicator("group_follow_up_by_type")?.rows == [
            IndicatorRow(category: "budget/done", value: .withheld, share: .withheld),
            IndicatorRow(category: "budget/not_done", value: .suppressed, share: .suppressed),
            IndicatorRow(category: "guideline/done", value: .count(0), share: .share(0)),
            IndicatorRow(category: "guideline/not_done", value: .count(5), share: .share(100)),
        ])
        // 15 groups of 900 children each: none of them among the children of individual decisions.
        #expect(figures.value("children", "total") == .count(0))
        #expect(figures.value("children", "distinct") == .count(0))
        let markdown = IndicatorFormats(report: report, language: .sv).markdown()
        #expect(markdown.contains("| Budget: Ja | 10 | 100,0 % |"), "\(markdown)")
        #expect(markdown.contains("| Riktlinje eller ändrad inriktning: Inte gjord | 5 | 100,0 % |"))

        // A kind whose own count is hidden (a statement, 1; the five guidelines hidden with it) has
        // every cell hidden, or its cells would add up to it.
        records.append(GroupIndicators.group(["decision_type": .text("statement"), "consulted": .text("yes")]))
        let withStatement = Indicators.compute(records: records, year: 2026, unit: nil, today: GroupIndicators.today).current
        #expect(withStatement.value("group_decision_type", "guideline") == .withheld)
        let consulted = withStatement.indicator("group_consulted_by_type")?.rows ?? []
        #expect(consulted.filter { !$0.category.hasPrefix("budget/") }.allSatisfy { $0.value == .withheld && $0.share == .withheld })
        #expect(consulted.first?.value == .count(10))
    }
}
