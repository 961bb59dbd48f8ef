import BarnkollCore
import Foundation
import Testing

/// The kind of decision and its outcome reach the indicators from every store kind alike: the
/// kind from the frozen answers, the outcome from the latest note after the decision (issue 22).
@Suite struct DecisionOutcomeInTheStores {
    @Test(arguments: ContractStore.enabled)
    func theKindAndTheLatestOutcomeAreCounted(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        var (checklist, answers) = try completeBKA()

        func decided(_ decisionKind: String?, caseRef: String) throws -> String {
            answers["decision_kind"] = decisionKind.map(AnswerValue.text)
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "anna", answers: answers).id
            _ = try store.submit(id, by: "anna")
            _ = try store.approve(id, by: "bertil", comment: nil)
            return id
        }
        let electricity = try decided("financial_aid_electricity_debt", caseRef: "EB-2026-901")
        let care = try decided("care_and_treatment", caseRef: "VU-2026-17")
        _ = try decided(nil, caseRef: "EB-2026-902")
        try store.addNote(electricity, NewNote(kind: .outcome, date: "2026-03-10", outcome: .refused, text: ""), by: "anna", today: "2026-12-02")
        // A correction is a new note, and the latest counts.
        try store.addNote(electricity, NewNote(kind: .outcome, date: "2026-03-12", outcome: .granted, text: "Omprövat."), by: "anna", today: "2026-12-02")
        try store.addNote(care, NewNote(kind: .outcome, date: "2026-03-11", outcome: .partly, text: ""), by: "anna", today: "2026-12-02")
        try store.addNote(care, NewNote(kind: .feedback, date: "2026-03-12", outcome: nil, text: "Berättat för barnet."), by: "anna", today: "2026-12-02")

        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        let pairs = records.map { "\($0.counted.decisionKind ?? "-") \($0.outcome?.rawValue ?? "-")" }.sorted()
        #expect(pairs == ["- -", "care_and_treatment partly", "financial_aid_electricity_debt granted"])
    }

    /// A child met in two decisions of one case counts once among the different children: the
    /// case reference and the alias tell children apart, inside the store.
    @Test(arguments: ContractStore.enabled)
    func aChildMetInTwoDecisionsOfOneCaseCountsOnce(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let (checklist, answers) = try completeBKA()
        guard case .entries(let children)? = answers["children"] else {
            Issue.record("the fixture has no children")
            return
        }
        // Ella and Noah in three decisions of EB-2026-501 (the alias written as it came), and in
        // three other cases, where children of the same alias are other children.
        var ids: [String: [String]] = [:]
        for (caseRef, aliases) in [("EB-2026-501", ["Ella", "Noah"]), ("EB-2026-501", [" ella", "NOAH "]), ("EB-2026-501", ["Ella", "Noah"]),
                                   ("EB-2026-502", ["Ella", "Noah"]), ("EB-2026-503", ["Ella", "Noah"]), ("VU-2026-9", ["Ella", "Noah"])] {
            var changed = answers
            changed["children"] = .entries(zip(children, aliases).map { child, alias in
                var child = child
                child["alias"] = .text(alias)
                return child
            })
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "anna", answers: changed).id
            _ = try store.submit(id, by: "anna")
            ids[caseRef, default: []].append(id)
        }
        // The same case in another unit is another unit's child.
        let other = try store.create(checklist: checklist, caseRef: "EB-2026-501", unit: "Söder", author: "anna", answers: answers).id
        _ = try store.submit(other, by: "anna")

        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(records.count == 7)
        #expect(records.map(\.childrenSeenBefore).reduce(0, +) == 4)
        let norr = Indicators.compute(records: records, year: year, unit: "Norr", today: ISODate.today()).current
        #expect(norr.value("children", "total") == .count(12))
        #expect(norr.value("children", "distinct") == .count(8))
        let all = Indicators.compute(records: records, year: year, unit: nil, today: ISODate.today()).current
        #expect(all.value("children", "distinct") == .count(10))
    }

    /// The child checklists' children and, per Ja / Nej / Ej aktuellt question, the shares of No
    /// and of Ej aktuellt, alike from every store kind.
    @Test(arguments: ContractStore.enabled)
    func theChildChecklistsAreCountedPerQuestion(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let checklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist("barnchecklista")
        for index in 0..<6 {
            let answers: Answers = [
                "decision": .text("Ansökan om bistånd till en elskuld."), "decision_kind": .text("financial_aid_electricity_debt"),
                "children_affected": .text("yes"), "children": .entries([["alias": .text("Vera"), "age": .number(8)]]),
                "heard": .text(index < 5 ? "no" : "na"), "informed": .text(index < 5 ? "na" : "yes"),
                "views_recorded": .text("yes"),
            ]
            let id = try store.create(checklist: checklist, caseRef: "EB-2026-6\(index)", unit: "Norr", author: "anna",
                                      answers: completed(checklist, answers)).id
            _ = try store.submit(id, by: "anna")
        }
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        #expect(records.count == 6)
        // Every question answered (the rest Yes): heard, informed and views_recorded as set.
        #expect(records.allSatisfy { $0.counted.checks.contains { $0.item == "heard" } && $0.counted.checks.count > 3 })
        let figures = Indicators.compute(records: records, year: year, unit: nil, today: ISODate.today()).current
        #expect(figures.value("checklists", "total") == .count(6))
        #expect(figures.value("checklists", "children") == .count(6))
        // Counted apart from the impact analyses' children.
        #expect(figures.value("children", "total") == .count(0))
        #expect(figures.indicator("checklist_no")?.row("heard") == IndicatorRow(category: "heard", value: .count(5), share: .share(83.3)))
        #expect(figures.value("checklist_na", "heard") == .suppressed)
        #expect(figures.indicator("checklist_na")?.row("informed") == IndicatorRow(category: "informed", value: .count(5), share: .share(83.3)))
        #expect(figures.indicator("checklist_no")?.row("views_recorded") == IndicatorRow(category: "views_recorded", value: .count(0), share: .share(0)))
        #expect(figures.value("decision_kind", "financial_aid_electricity_debt") == .count(6))
    }
}

/// Arvika's two questions (issue 22), answered from a fictional year on every store kind: how many
/// children socialpsykiatri's decisions affected, and how many children live with a parent
/// granted financial aid for an electricity debt.
@Suite struct ArvikasQuestions {
    @Test(arguments: ContractStore.enabled)
    func aFictionalYearAnswersBoth(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try supervised(kind, folder)
        let (checklist, fixture) = try completeBKA()
        guard case .entries(let twoChildren)? = fixture["children"] else {
            Issue.record("the fixture has no children")
            return
        }
        // The fixture's two children, Ella and Noah, living as given.
        func decide(unit: String, caseRef: String, decisionKind: String, households: [String], outcome: DecisionOutcome?) throws {
            var answers = fixture
            answers["decision_kind"] = .text(decisionKind)
            answers["children"] = .entries(zip(twoChildren, households).map { child, household in
                var child = child
                child["lives_in_household"] = .text(household)
                return child
            })
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: "anna", answers: answers).id
            _ = try store.submit(id, by: "anna")
            if let outcome {
                _ = try store.approve(id, by: "bertil", comment: nil)
                try store.addNote(id, NewNote(kind: .outcome, date: "2026-04-01", outcome: outcome, text: ""), by: "anna", today: "2026-12-02")
            }
        }
        // Socialpsykiatri: seven cases of one parent each, two children apiece; in SP-1 the same
        // two children again in a second decision (counted once).
        for number in 1...7 {
            try decide(unit: "Socialpsykiatri", caseRef: "SP-\(number)", decisionKind: "support_measure",
                       households: ["yes", "contact_visits"], outcome: nil)
        }
        try decide(unit: "Socialpsykiatri", caseRef: "SP-1", decisionKind: "care_and_treatment",
                   households: ["yes", "contact_visits"], outcome: nil)
        // Financial aid: electricity debts, three granted (one child at home, one visiting each), one
        // partly (both at home), one refused (both at home: not counted); rent debts granted.
        for number in 1...3 {
            try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-\(number)", decisionKind: "financial_aid_electricity_debt",
                       households: ["yes", "contact_visits"], outcome: .granted)
        }
        try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-4", decisionKind: "financial_aid_electricity_debt",
                   households: ["yes", "yes"], outcome: .partly)
        try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-5", decisionKind: "financial_aid_electricity_debt",
                   households: ["yes", "yes"], outcome: .refused)
        for number in 6...8 {
            try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-\(number)", decisionKind: "financial_aid_rent_debt",
                       households: ["yes", "yes"], outcome: .granted)
        }
        // EB-1 again: a second electricity debt granted to the same parent, where Ella, at home,
        // counts once; and a rent debt granted in the same case, another kind, where she counts.
        try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-1", decisionKind: "financial_aid_electricity_debt",
                   households: ["yes", "contact_visits"], outcome: .granted)
        try decide(unit: "Ekonomiskt bistånd", caseRef: "EB-1", decisionKind: "financial_aid_rent_debt",
                   households: ["yes", "contact_visits"], outcome: .granted)

        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let records = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil")
        let psychiatry = Indicators.compute(records: records, year: year, unit: "Socialpsykiatri", today: ISODate.today()).current
        #expect(psychiatry.value("children", "total") == .count(16))
        #expect(psychiatry.value("children", "distinct") == .count(14))
        let all = Indicators.compute(records: records, year: year, unit: nil, today: ISODate.today()).current
        #expect(all.value("children_granted_by_kind", "financial_aid_electricity_debt") == .count(5))
        #expect(all.value("children_granted_by_kind", "financial_aid_rent_debt") == .count(7))
    }
}

/// `answers` with every question still required answered by a plain, fictional answer of its
/// type (Yes to a Ja / Nej / Ej aktuellt question, the first option of a choice), so a test can
/// submit what it set up without writing out a whole checklist.
func completed(_ checklist: Checklist, _ given: Answers) -> Answers {
    var answers = given
    func plain(_ item: Item) -> AnswerValue {
        switch item.type {
        case .yesNoNA: .text("yes")
        case .choice: .text(item.options.first?.value ?? "")
        case .multiChoice: .choices([item.options.first?.value ?? ""])
        case .date: .text("2026-03-02")
        case .number: .number(9)
        case .group: .entries([[:]])
        case .text: .text("Påhittat")
        case .longText: .text("En påhittad text som beskriver beslutet och vad det betyder för barnet här.")
        }
    }
    for _ in 0..<12 {
        let missing = Worksheet(checklist: checklist, answers: answers).evaluate().missing
        if missing.isEmpty { break }
        for gap in missing {
            guard let item = checklist.item(gap.path.item) ?? checklist.groupAsking(gap.path.item) else { continue }
            if let entry = gap.path.entry, let subID = gap.path.subItem, let sub = item.items.first(where: { $0.id == subID }),
               case .entries(var entries)? = answers[item.id], entry < entries.count {
                entries[entry][subID] = plain(sub)
                answers[item.id] = .entries(entries)
            } else if answers[item.id] == nil || gap.path.entry == nil {
                answers[item.id] = plain(item)
            }
        }
    }
    return answers
}

/// A store of `kind` where anna is the admin and bertil a supervisor.
func supervised(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
    let store = try kind.make(folder)
    try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
    return store
}

/// The shipped barnkonsekvensanalys and the complete, fictional answers of Tests/Fixtures.
func completeBKA() throws -> (Checklist, Answers) {
    let checklist = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
        .checklist("barnkonsekvensanalys")
    let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
    return (checklist, try AnswerInput.readFile(FileManager.default.contents(atPath: path) ?? Data(), file: path, checklist: checklist))
}
