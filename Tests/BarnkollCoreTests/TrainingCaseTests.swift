import BarnkollCore
import Foundation
import Testing

/// A minimal valid case, changed line by line to provoke each kind of problem.
let minimalCase = """
id: ovning
title: {sv: "Övning", en: "Exercise"}
checklist: barnkonsekvensanalys
unit: {sv: "Ekonomiskt bistånd", en: "Financial aid"}
decision: {sv: "Ansökan om bistånd", en: "An application for aid"}
description: {sv: "Ett påhittat ärende.", en: "A made-up case."}
children:
  - {alias: "Alva", age: 7}
discussion:
  - {sv: "Direkt eller indirekt?", en: "Directly or indirectly?"}
"""

func caseProblems(_ yaml: String, checklists: Set<String> = ["barnkonsekvensanalys", "barnchecklista"]) -> [Problem] {
    do {
        _ = try CaseLoader.load(yaml: yaml, file: "fall.yaml", checklists: checklists)
        return []
    } catch {
        return error.problems
    }
}

func changedCase(_ old: String, _ new: String) -> String {
    precondition(minimalCase.contains(old), "fixture does not contain \(old)")
    return minimalCase.replacingOccurrences(of: old, with: new)
}

@Suite struct TrainingCases {
    @Test func theMinimalCaseLoads() throws {
        let loaded = try CaseLoader.load(yaml: minimalCase, file: "fall.yaml", checklists: ["barnkonsekvensanalys"])
        #expect(loaded.id == "ovning")
        #expect(loaded.children == [TrainingCase.Child(alias: "Alva", age: 7)])
        #expect(loaded.decision.text(.en) == "An application for aid")
        #expect(loaded.brief(.sv).contains("Barn: Alva, 7 år"))
    }

    @Test func theShippedCasesLoadInBothLanguages() throws {
        let catalog = try shipped()
        let library = try CaseLibrary.load(directories: [packageRoot.appendingPathComponent("checklists")],
                                           checklists: Set(catalog.checklists.keys), rules: catalog.ruleIDs)
        #expect(library.sorted.map(\.id) == ["behandling", "checklista-oppenvard", "elskuld", "elskulder-namnden", "ensamkommande",
                                              "lss-korttid", "oklart-om-barn", "oro", "skyddat-boende", "umgange", "vrakning"])
        for item in library.sorted {
            for text in [item.title, item.unit, item.decision, item.description] + item.discussion {
                #expect(text.en != nil && text.en != text.sv, "\(item.id): English missing in '\(text.sv)'")
            }
            // A case for the group analysis names no child (issue 22); every other names at least one.
            #expect(item.children.isEmpty == (item.checklist == Checklist.groupAnalysisID), "\(item.id)")
            #expect(item.discussion.count >= 4, "\(item.id)")
            #expect(catalog.checklists[item.checklist] != nil)
        }
        #expect(try library.trainingCase("vrakning").children.map(\.age) == [2, 6, 10])
        #expect(throws: CaseError.self) { try library.trainingCase("okänt") }
    }

    /// Every rule of the shipped checklists is met in at least one case, for a workshop to discuss.
    @Test func everyRuleIsExercisedByACase() throws {
        let catalog = try shipped()
        let library = try CaseLibrary.load(directories: [packageRoot.appendingPathComponent("checklists")],
                                           checklists: Set(catalog.checklists.keys), rules: catalog.ruleIDs)
        for checklist in catalog.sorted {
            let named = Set(library.sorted.filter { $0.checklist == checklist.id }.flatMap(\.rules))
            let unexercised = Set(checklist.rules.map(\.id)).subtracting(named)
            #expect(unexercised.isEmpty, "\(checklist.id): no case exercises \(unexercised.sorted())")
        }
        // The barnchecklista itself, family law, LSS and a concern to report each have a case.
        #expect(Set(library.sorted.map(\.checklist)) == ["barnchecklista", "barnkonsekvensanalys", "gruppanalys"])
        #expect(["umgange", "lss-korttid", "oro", "oklart-om-barn"].allSatisfy { library.cases[$0] != nil })
    }

    @Test func aCaseNamingARuleItsChecklistLacksIsRefused() throws {
        let yaml = changedCase("checklist: barnkonsekvensanalys", "checklist: barnkonsekvensanalys\nrules: [no-such-rule]")
        do {
            _ = try CaseLoader.load(yaml: yaml, file: "fall.yaml", checklists: ["barnkonsekvensanalys"],
                                    rules: ["barnkonsekvensanalys": ["full-depth-forced"]])
            Issue.record("an unknown rule was accepted")
        } catch {
            #expect(error.problems.first?.message == "unknown rule 'no-such-rule' in barnkonsekvensanalys (its rules: full-depth-forced)")
        }
    }

    @Test func anUnknownKeyIsNamedWithItsPlace() {
        let found = caseProblems(changedCase("checklist: barnkonsekvensanalys", "checklist: barnkonsekvensanalys\nsecret: x"))
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("fall.yaml:4:1: unknown key 'secret' in the case") == true)
    }

    @Test func aMissingFieldIsNamed() {
        let found = caseProblems(changedCase("decision: {sv: \"Ansökan om bistånd\", en: \"An application for aid\"}\n", ""))
        #expect(found.map(\.message) == ["decision is missing"])
        #expect(found.first?.line == 1)
        let noDiscussion = caseProblems(String(minimalCase.prefix(upTo: minimalCase.range(of: "discussion:")!.lowerBound)))
        #expect(noDiscussion.map(\.message) == ["discussion is missing"])
        let noSwedish = caseProblems(changedCase("title: {sv: \"Övning\", en: \"Exercise\"}", "title: {en: \"Exercise\"}"))
        #expect(noSwedish.first?.description == "fall.yaml:2:8: title has no Swedish text (sv)")
    }

    @Test func anUnknownChecklistIsRefused() {
        let found = caseProblems(changedCase("checklist: barnkonsekvensanalys", "checklist: bka"))
        #expect(found.first?.description.hasPrefix("fall.yaml:3:12: unknown checklist 'bka'") == true)
    }

    @Test func aValidPersonnummerAnywhereIsRefused() {
        let number = Personnummer.withCheckDigit("850101123")
        let inDescription = caseProblems(changedCase("Ett påhittat ärende.", "Mamman har nummer \(number)."))
        #expect(inDescription.count == 1)
        #expect(inDescription.first?.line == 6)
        #expect(inDescription.first?.message.contains("looks like a real personnummer") == true)
        let inAlias = caseProblems(changedCase("alias: \"Alva\"", "alias: \"\(number)\""))
        #expect(inAlias.first?.line == 8)
        // A made-up number with a wrong check digit is how fiction writes one: allowed.
        let last = number.last?.wholeNumberValue ?? 0
        let wrongDigit = "850101-123\((last + 1) % 10)"
        #expect(Personnummer.find(in: wrongDigit).isEmpty)
        #expect(caseProblems(changedCase("Ett påhittat ärende.", "Numret \(wrongDigit) är påhittat.")).isEmpty)
    }

    @Test func badValuesAreAllReported() {
        let found = caseProblems(changedCase("{alias: \"Alva\", age: 7}", "{alias: \"Alva\", age: 19, eyes: blue}")
            .replacingOccurrences(of: "id: ovning", with: "id: Övning"))
        let messages = found.map(\.message)
        #expect(messages.contains("id 'Övning' may hold only a-z, 0-9, - and _"))
        #expect(messages.contains { $0.hasPrefix("unknown key 'eyes' in a child") })
        #expect(messages.contains("age must be 0 to 17, not 19"))
        #expect(found.count == 3)
        let age = caseProblems(changedCase("age: 7", "age: 19"))
        #expect(age.map(\.description) == ["fall.yaml:8:26: age must be 0 to 17, not 19"])
    }

    @Test func aUnitsOwnCasesAddToAndReplaceTheShippedOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("cases"), withIntermediateDirectories: true)
        try minimalCase.write(to: folder.appendingPathComponent("cases/egen.yaml"), atomically: true, encoding: .utf8)
        let replaced = minimalCase.replacingOccurrences(of: "id: ovning", with: "id: elskuld")
            .replacingOccurrences(of: "Övning", with: "Vår elskuld")
        try replaced.write(to: folder.appendingPathComponent("cases/elskuld.yaml"), atomically: true, encoding: .utf8)
        let library = try CaseLibrary.load(directories: [packageRoot.appendingPathComponent("checklists"), folder],
                                           checklists: Set(try shipped().checklists.keys))
        #expect(library.cases.count == 12)
        #expect(library.cases["ovning"] != nil)
        #expect(library.cases["elskuld"]?.title.sv == "Vår elskuld")

        try "id: trasig\n".write(to: folder.appendingPathComponent("cases/trasig.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try CaseLibrary.load(directories: [folder], checklists: ["barnkonsekvensanalys"])
        } throws: { error in
            "\(error)".contains("cases/trasig.yaml:1:1: title is missing")
        }
    }

    @Test func aCaseForTheGroupAnalysisNamesNoChild() throws {
        let group = minimalCase.replacingOccurrences(of: "checklist: barnkonsekvensanalys", with: "checklist: gruppanalys")
        let withChild = caseProblems(group, checklists: ["gruppanalys"])
        #expect(withChild.map(\.message) == ["a case for the group analysis names no child; describe the groups of children in the description"])
        let noChild = String(group.prefix(upTo: group.range(of: "children:")!.lowerBound))
            + String(group.suffix(from: group.range(of: "discussion:")!.lowerBound))
        let loaded = try CaseLoader.load(yaml: noChild, file: "fall.yaml", checklists: ["gruppanalys"])
        #expect(loaded.children.isEmpty && !loaded.brief(.sv).contains { $0.hasPrefix("Barn:") })
        let checklist = try shipped().checklist(Checklist.groupAnalysisID)
        let answers = Workshop.caseAnswers(loaded, checklist: checklist, caseRef: "ÖVNING-1", language: .sv)
        #expect(answers["proposal"] == .text("Ansökan om bistånd") && answers["decision"] == nil)
    }
}
