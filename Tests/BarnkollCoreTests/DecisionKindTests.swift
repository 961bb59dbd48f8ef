import BarnkollCore
import Foundation
import Testing

/// The kinds of decision (issue 22): a list kept beside the checklists, validated as it loads,
/// taken into the analysis and the checklist, counted with the decision's outcome. Fictional.
@Suite struct DecisionKindList {
    static let kinds = packageRoot.appendingPathComponent("checklists/\(DecisionKinds.fileName)").path

    func problems(_ yaml: String) -> [Problem] {
        do {
            _ = try DecisionKinds.load(yaml: yaml, file: "decision-kinds.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func theShippedListLoadsAndBothChecklistsTakeIt() throws {
        let list = try DecisionKinds.loadFile(Self.kinds)
        #expect(list.contains { $0.value == "financial_aid_electricity_debt" && $0.label.sv == "Ekonomiskt bistånd: elskuld" })
        #expect(list.allSatisfy { $0.label.en != nil })
        let catalog = try shipped()
        #expect(catalog.decisionKinds == list)
        for id in ["barnkonsekvensanalys", "barnchecklista"] {
            let checklist = try catalog.checklist(id)
            #expect(checklist.item("decision_kind")?.options == list, "\(id)")
            // The stored definition holds the options: read back without the list, it is the same.
            #expect(try ChecklistLoader.load(yaml: checklist.source, file: id) == checklist, "\(id)")
        }
        #expect(try catalog.checklist("barnkonsekvensanalys").version == 8)
        #expect(try catalog.checklist("barnchecklista").version == 4)
        // A file loaded alone finds the list beside it.
        let alone = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("checklists/barnchecklista.yaml").path)
        #expect(alone.item("decision_kind")?.options == list)
    }

    @Test func aBrokenListIsOneClearLinePerProblem() {
        let duplicate = problems("""
        decision_kinds:
          - {value: rent, label: {sv: Hyra, en: Rent}}
          - {value: rent, label: {sv: Hyresskuld, en: Rent debt}}
        """)
        #expect(duplicate.map(\.description) == ["decision-kinds.yaml:3:13: duplicate kind of decision 'rent'"])
        let badValue = problems("""
        decision_kinds:
          - {value: "Hyra skuld", label: {sv: Hyra, en: Rent}}
        """)
        #expect(badValue.map(\.message) == ["value 'Hyra skuld' may hold only a-z, 0-9 and _"])
        #expect(problems("decision_kinds:\n  - {value: rent, label: {sv: Hyra}}\n").map(\.message)
                == ["label of 'rent' has no English text (en)"])
        #expect(problems("decision_kinds: []\n").map(\.message) == ["decision_kinds needs at least one kind of decision"])
        #expect(problems("kinds: []\n").first?.message.hasPrefix("unknown key 'kinds'") == true)
        for problem in duplicate + badValue { #expect(!problem.description.contains("\n")) }
    }

    @Test func aChecklistAskingForTheListWithoutItIsAProblem() {
        let yaml = replacing("""
                options:
                  - {value: "yes", label: {sv: Ja}}
                  - {value: "no", label: {sv: Nej}}
        """, with: "        options_from: decision_kinds")
        let found = BarnkollCoreTests.problems(yaml)
        // (The other problem: the minimal checklist's condition names a value the item now lacks.)
        #expect(found.first?.message == "'affected' takes its options from decision-kinds.yaml, which was not found beside the checklist")
        let other = BarnkollCoreTests.problems(yaml.replacingOccurrences(of: "options_from: decision_kinds", with: "options_from: colours"))
        #expect(other.first?.message == "options_from may only name decision_kinds, not 'colours'")
        // With the list, the options are written in on the same line: the next line keeps its number.
        let list = [ChoiceOption(value: "yes", label: Localized(sv: "Ja \"citat\"", en: "Yes")),
                    ChoiceOption(value: "no", label: Localized(sv: "Nej", en: "No"))]
        let checklist = try? ChecklistLoader.load(yaml: yaml, file: "mini.yaml", decisionKinds: list)
        #expect(checklist?.item("affected")?.options == list)
        #expect(checklist?.source.split(separator: "\n").count == yaml.split(separator: "\n").count)
    }

    @Test func aUnitsOwnListReplacesTheShippedOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        decision_kinds:
          - {value: financial_aid_electricity_debt, label: {sv: "Elskuld (vår egen rubrik)", en: "Electricity debt (ours)"}}
          - {value: other, label: {sv: Annat, en: Other}}
        """.write(to: folder.appendingPathComponent(DecisionKinds.fileName), atomically: true, encoding: .utf8)
        let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists"), folder])
        #expect(catalog.decisionKinds.map(\.value) == ["financial_aid_electricity_debt", "other"])
        #expect(try catalog.checklist("barnkonsekvensanalys").item("decision_kind")?.options.first?.label.sv == "Elskuld (vår egen rubrik)")
    }
}

/// Decisions counted by kind and outcome, from impact analyses and checklists alike.
@Suite struct DecisionKindIndicators {
    static func record(_ checklist: String, kind: String?, outcome: DecisionOutcome?) -> IndicatorRecord {
        var answers: Answers = [:]
        if let kind { answers["decision_kind"] = .text(kind) }
        return IndicatorRecord(checklistID: checklist, unit: "Ekonomiskt bistånd", status: .approved, answers: answers,
                               createdAt: "2026-02-01T09:00:00.000Z", firstSubmittedAt: "2026-02-01T10:00:00.000Z", outcome: outcome)
    }

    @Test func decisionsAreCountedByKindAndOutcome() throws {
        var records: [IndicatorRecord] = []
        for index in 0..<6 { records.append(Self.record("barnkonsekvensanalys", kind: "financial_aid_electricity_debt", outcome: index < 5 ? .granted : .refused)) }
        for _ in 0..<5 { records.append(Self.record("barnchecklista", kind: "care_and_treatment", outcome: .partly)) }
        records.append(Self.record("barnchecklista", kind: nil, outcome: nil))
        // A group analysis is not a decision in a case.
        records.append(IndicatorRecord(checklistID: Checklist.groupAnalysisID, unit: "Nämnden", status: .approved,
                                       answers: ["decision_type": .text("budget")], createdAt: "2026-02-01T09:00:00.000Z",
                                       firstSubmittedAt: "2026-02-01T10:00:00.000Z", outcome: .granted))
        let figures = Indicators.compute(records: records, year: 2026, unit: nil, today: "2026-12-01").current
        #expect(figures.value("decisions", "total") == .count(12))
        #expect(figures.value("decision_kind", "financial_aid_electricity_debt") == .count(6))
        // One hidden cell and the smallest other with it, so neither is the total less the rest.
        #expect(figures.value("decision_kind", "not_recorded") == .suppressed)
        #expect(figures.value("decision_kind", "care_and_treatment") == .withheld)
        #expect(figures.value("decision_outcome", "granted") == .count(5))
        #expect(figures.value("decision_outcome", "partly") == .count(5))
        #expect(figures.value("decision_outcome", "refused")?.isSuppressed == true)
        #expect(figures.value("decision_outcome", "none")?.isSuppressed == true)

        // The barnbokslut words the kind as the unit's list does.
        let labels = IndicatorLabels(checklists: try shipped().sorted)
        let report = Indicators.compute(records: records, year: 2026, unit: nil, today: "2026-12-01")
        let markdown = IndicatorFormats(report: report, language: .sv, labels: labels).markdown()
        #expect(markdown.contains("## Besluten i enskilda ärenden"))
        #expect(markdown.contains("| Ekonomiskt bistånd: elskuld | 6 |"))
        #expect(markdown.contains("| Beviljat | 5 |"))
    }
}

/// The child checklists in the barnbokslut: their own chapter, the questions as the checklist words them.
@Suite struct ChildChecklistFigures {
    @Test func aBoardMemberReadsTheQuestionsNotTheirIDs() throws {
        let catalog = try shipped()
        var records: [IndicatorRecord] = []
        for index in 0..<6 {
            var counted = CountedAnswers()
            counted.checks = [CountedAnswers.Check(item: "heard", value: index < 5 ? "na" : "yes")]
            records.append(IndicatorRecord(checklistID: "barnchecklista", unit: "Norr", status: .approved, counted: counted,
                                           year: 2026, createdDay: ISODate.dayNumber("2026-02-01")))
        }
        let report = Indicators.compute(records: records, year: 2026, unit: nil, today: "2026-12-01")
        let markdown = IndicatorFormats(report: report, language: .sv, labels: IndicatorLabels(checklists: catalog.sorted)).markdown()
        let prompt = try #require(try catalog.checklist("barnchecklista").item("heard")?.prompt.sv)
        #expect(markdown.contains("## Barnchecklistorna"))
        #expect(markdown.contains("| \(prompt) | 5 | 83,3 % |"), "\(markdown)")
        #expect(markdown.contains("Många Ej aktuellt kan betyda"))
        // The chapter opens by saying what a barnchecklista is, for a reader who never opened barnkoll.
        #expect(markdown.contains("## Barnchecklistorna\n\nEn barnchecklista är en kortare prövning som handläggaren gör"))
        let html = IndicatorFormats(report: report, language: .sv, labels: IndicatorLabels(checklists: catalog.sorted)).html()
        #expect(html.contains("<h2>Barnchecklistorna</h2>\n<p>En barnchecklista är en kortare prövning"))
        let english = IndicatorFormats(report: report, language: .en, labels: IndicatorLabels(checklists: catalog.sorted)).markdown()
        #expect(english.contains("A child checklist is a shorter check a caseworker makes when a decision affects children"))
    }
}
