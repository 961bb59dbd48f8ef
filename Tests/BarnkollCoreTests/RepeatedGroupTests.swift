import BarnkollCore
import Testing

/// A group of children and two groups repeated for each of them, the shape of each child's voice.
let repeatedYAML = """
id: rep
version: 1
id_prefix: REP
title: {sv: Upprepat}
sections:
  - id: kids
    title: {sv: Barnen}
    items:
      - id: children
        type: group
        prompt: {sv: Barnen}
        items:
          - {id: alias, type: text, prompt: {sv: Alias}, required: true}
          - {id: age, type: number, prompt: {sv: Ålder}}
  - id: voice
    title: {sv: Röst}
    items:
      - id: voices
        type: group
        each: children
        prompt: {sv: Varje barns röst}
        items:
          - id: heard
            type: choice
            prompt: {sv: Hördes barnet?}
            required: true
            options:
              - {value: "yes", label: {sv: Ja}}
              - {value: "no", label: {sv: Nej}}
          - id: words
            type: long_text
            prompt: {sv: Barnets ord}
            show_when: {item: heard, equals: "yes"}
            required: {all: [{item: heard, equals: "yes"}, {not: {item: age, equals: "0"}}]}
            quality: {min_words: 3}
      - id: weighed
        type: group
        each: children
        prompt: {sv: Vägt}
        items:
          - id: against
            type: long_text
            prompt: {sv: Varför emot?}
            show_when: {item: heard, answered: true}
  - id: after
    title: {sv: Efter}
    items:
      - id: nobody_heard
        type: long_text
        prompt: {sv: Varför hördes inget barn?}
        show_when: {not: {item: heard, equals: "yes"}}
rules:
  - id: one-not-heard
    kind: warning
    item: voices
    when: {item: heard, equals: "no"}
    message: {sv: Ett barn hördes inte.}
"""

@Suite struct RepeatedGroups {
    let checklist: Checklist

    init() throws {
        checklist = try ChecklistLoader.load(yaml: repeatedYAML, file: "rep.yaml")
    }

    func evaluate(_ children: [[String: AnswerValue]]) -> Evaluation {
        Worksheet(checklist: checklist, answers: ["children": .entries(children)]).evaluate()
    }

    @Test func theRepeatedItemsAreStoredInTheEntriesTheyAreRepeatedFor() throws {
        #expect(checklist.item("voices")?.each == "children")
        #expect(checklist.item("children")?.repeatedItems.map(\.id) == ["heard", "words", "against"])
        #expect(checklist.entriesItem(of: "voices") == "children")
        #expect(checklist.entriesItem(of: "children") == "children")
        // The answers file and every save take them inside the children's entries ...
        let clean = try AnswerInput.check(.entries([["alias": .text("Alva"), "heard": .text("yes")]]),
                                          for: try #require(checklist.item("children")))
        #expect(clean == .entries([["alias": .text("Alva"), "heard": .text("yes")]]))
        // ... and never as an answer of their own.
        #expect(throws: StoreError.self) {
            try Casework.checked(.entries([["heard": .text("yes")]]), item: "voices", in: checklist, kind: .real)
        }
    }

    @Test func eachEntryIsAskedAndJudgedOnItsOwn() throws {
        let evaluation = evaluate([["alias": .text("Alva"), "heard": .text("yes")], ["alias": .text("Bo"), "age": .number(0)]])
        #expect(evaluation.missing.map(\.path.description) == ["voices[1].words", "voices[2].heard"])
        // Only a group with something required in some entry counts towards the section.
        #expect(evaluation.progress["voice"] == SectionProgress(answered: 0, required: 1))
        // A condition reads the same entry's answers of the group repeated for (age), and of
        // another group repeated for it (heard, from `weighed`).
        let baby = evaluate([["alias": .text("Bo"), "age": .number(0), "heard": .text("yes")]])
        #expect(baby.missing.isEmpty)
        let worksheet = Worksheet(checklist: checklist, answers: [:])
        let weighed = try #require(checklist.item("weighed"))
        #expect(worksheet.subItems(of: weighed, entry: ["heard": .text("no")]).map(\.item.id) == ["against"])
        #expect(worksheet.subItems(of: weighed, entry: [:]).map(\.item.id) == [])
    }

    @Test func aConditionOutsideTheGroupsHoldsWhenAnyEntryMakesItHold() {
        let oneNotHeard = evaluate([["alias": .text("Alva"), "heard": .text("yes"), "words": .text("Jag vill bo kvar.")],
                                    ["alias": .text("Bo"), "heard": .text("no")]])
        #expect(oneNotHeard.warnings.compactMap(\.rule) == ["one-not-heard"])
        #expect(oneNotHeard.visibleItems.contains("nobody_heard") == false)
        let noneHeard = evaluate([["alias": .text("Bo"), "heard": .text("no")]])
        #expect(noneHeard.visibleItems.contains("nobody_heard"))
    }

    @Test func warningsAndPathsNameTheGroupThatAsks() {
        let evaluation = evaluate([["alias": .text("Alva"), "heard": .text("yes"), "words": .text("Nej")]])
        #expect(evaluation.warnings.map(\.path.description) == ["voices[1].words"])
        // A number built valid here, inside the test, and nowhere else.
        let number = Personnummer.withCheckDigit("121212121")
        let identity = evaluate([["alias": .text("Alva"), "heard": .text("yes"), "words": .text("Alva \(number) sa nej")]])
        #expect(identity.warnings.filter { $0.kind == .personnummer }.map(\.path.description) == ["voices[1].words"])
    }

    @Test func anEntryIsNamedByItsFirstAnswer() throws {
        #expect(checklist.entryName(["alias": .text("Alva")], number: 1, of: "children", .sv) == "Alva")
        #expect(checklist.entryName([:], number: 2, of: "children", .sv) == "Post 2")
        // What is missing says for which child, and in which group.
        let named: Answers = ["children": .entries([["alias": .text("Alva")], ["alias": .text("Bo")]])]
        #expect(checklist.prompt(at: ItemPath(item: "voices", entry: 1, subItem: "heard"), in: named, .sv) == "Bo · Hördes barnet?")
        // A base group's entry by its own first answer, except beside the field that names it.
        #expect(checklist.prompt(at: ItemPath(item: "children", entry: 0, subItem: "age"), in: named, .sv) == "Alva · Ålder")
        #expect(checklist.prompt(at: ItemPath(item: "children", entry: 0, subItem: "alias"), in: named, .sv) == "Barnen · Alias")
        #expect(checklist.prompt(at: ItemPath(item: "children", entry: 2, subItem: "age"), in: named, .sv) == "Barnen · Ålder")
        #expect(checklist.prompt(at: ItemPath(item: "voices"), in: named, .sv) == "Varje barns röst")
        let answers: Answers = ["children": .entries([["alias": .text("Alva"), "heard": .text("yes"), "words": .text("Jag vill bo kvar.")]])]
        let voices = try #require(checklist.item("voices"))
        let shown = AnalysisDocument.answer(voices, in: answers, checklist: checklist, language: .sv)
        // A written answer stands under its question; a choice beside it.
        #expect(shown == "1. Alva\n   Hördes barnet?: Ja\n   Barnets ord\n     Jag vill bo kvar.")
        // The children's own entries show only their own questions.
        let children = try #require(checklist.item("children"))
        #expect(AnalysisDocument.answer(children, in: answers, checklist: checklist, language: .sv) == "1.\n   Alias: Alva")
    }

    @Test(arguments: [
        ("        each: children\n        prompt: {sv: Varje", "        each: kids\n        prompt: {sv: Varje",
         "'voices' is repeated for each entry of an unknown group 'kids'"),
        ("        each: children\n        prompt: {sv: Vägt}", "        each: voices\n        prompt: {sv: Vägt}",
         "'weighed' can be repeated only for each entry of a group of its own entries, not 'voices'"),
        ("            show_when: {item: heard, answered: true}", "            show_when: {item: heard, answered: true}\n          - {id: age, type: text, prompt: {sv: X}}",
         "'weighed.age' is stored in the entries of 'children', which already have an item 'age'"),
        ("        each: children\n        prompt: {sv: Varje", "        each: children\n        required: true\n        prompt: {sv: Varje",
         "'voices' is repeated for each entry of 'children' and is required as they are; leave out required"),
    ])
    func aRepeatedGroupThatCannotWorkIsRefused(_ change: (String, String, String)) {
        let yaml = repeatedYAML.replacingOccurrences(of: change.0, with: change.1)
        #expect(yaml != repeatedYAML)
        #expect(problems(yaml).map(\.message).contains(change.2), "\(problems(yaml).map(\.message))")
    }
}
