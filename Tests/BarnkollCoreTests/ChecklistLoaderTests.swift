import BarnkollCore
import Testing

/// A minimal valid checklist, changed line by line to provoke each kind of problem.
let minimalYAML = """
id: mini
version: 1
id_prefix: MIN
title: {sv: Mini, en: Mini}
sections:
  - id: one
    title: {sv: Ett}
    items:
      - id: affected
        type: choice
        prompt: {sv: Påverkas barn?}
        options:
          - {value: "yes", label: {sv: Ja}}
          - {value: "no", label: {sv: Nej}}
      - id: reason
        type: long_text
        prompt: {sv: Varför?}
        required: {item: affected, equals: "no"}
"""

func problems(_ yaml: String) -> [Problem] {
    do {
        _ = try ChecklistLoader.load(yaml: yaml, file: "mini.yaml")
        return []
    } catch {
        return error.problems
    }
}

func replacing(_ old: String, with new: String) -> String {
    precondition(minimalYAML.contains(old), "fixture does not contain \(old)")
    return minimalYAML.replacingOccurrences(of: old, with: new)
}

@Suite struct ChecklistLoading {
    @Test func theMinimalChecklistLoads() throws {
        let checklist = try ChecklistLoader.load(yaml: minimalYAML, file: "mini.yaml")
        #expect(checklist.id == "mini")
        #expect(checklist.item("reason")?.required == .when(.equals(item: "affected", value: "no")))
        #expect(checklist.item("affected")?.options.map(\.value) == ["yes", "no"])
    }

    @Test func yamlSyntaxErrorsNameLineAndColumn() {
        let found = problems(replacing("    title: {sv: Ett}", with: "    title: {sv: Ett"))
        #expect(found.count == 1)
        #expect(found.first?.line == 8 || found.first?.line == 9)
        #expect(found.first?.description.hasPrefix("mini.yaml:") == true)
        #expect(found.first?.message.contains("YAML syntax") == true)
    }

    @Test func anUnknownKeyIsNamedWhereItIs() {
        let found = problems(replacing("        type: long_text", with: "        type: long_text\n        mandatory: true"))
        #expect(found.map(\.description) == ["mini.yaml:17:9: unknown key 'mandatory' in an item (known keys: articles, each, help, id, items, max, min, options, options_from, prompt, quality, references, required, show_when, starred, type)"])
    }

    /// An answers file or a training case put among the checklists is told as what it is, in one
    /// line; a checklist that only lacks its sections is still told as a broken checklist.
    @Test func anotherKindOfFileIsToldAsNotAChecklist() {
        let answers = problems("affected: \"yes\"\nview: Vill bo kvar.\nrisks: [violence]\nchildren:\n  - {alias: Kim, age: 7}\n")
        #expect(answers.map(\.description) == ["mini.yaml:1:1: this is not a checklist (id, title and sections are missing); an answers file does not belong in the checklist folder"])
        #expect(answers.first?.text(.sv).contains("ingen checklista") == true)
        let trainingCase = problems("id: fall-1\ntitle: {sv: Flytten}\nchecklist: barnkonsekvensanalys\nchildren:\n  - {alias: Kim, age: 7}\n")
        #expect(trainingCase.count == 1)
        #expect(trainingCase.first?.text(.sv).contains("träningsfall, inte en checklista") == true)
        let noSections = problems("id: mini\nversion: 1\nid_prefix: MIN\ntitle: {sv: Mini}\n")
        #expect(noSections.map(\.message) == ["sections is missing"])
    }

    @Test func aDuplicateItemID() {
        let found = problems(replacing("      - id: reason", with: "      - id: affected"))
        #expect(found.contains { $0.message.contains("duplicate item id 'affected'") && $0.line == 15 })
    }

    @Test func aDuplicateKey() {
        let found = problems(replacing("version: 1", with: "version: 1\nversion: 2"))
        #expect(found.first?.message.contains("duplicate key") == true)
    }

    @Test func anUnknownType() {
        let found = problems(replacing("type: long_text", with: "type: essay"))
        #expect(found.map(\.description) == ["mini.yaml:16:15: unknown type 'essay' for item 'reason' (known types: text, long_text, choice, multi_choice, yes_no_na, date, number, group)"])
    }

    @Test func aConditionNamingAnUnknownItem() {
        let found = problems(replacing("{item: affected, equals: \"no\"}", with: "{item: affectd, equals: \"no\"}"))
        #expect(found.map(\.message) == ["the condition names an unknown item 'affectd'"])
        #expect(found.first?.line == 18)
        #expect(found.first?.column == 19)
    }

    @Test func aConditionNamingAnUnknownValue() {
        let found = problems(replacing("{item: affected, equals: \"no\"}", with: "{item: affected, equals: \"nej\"}"))
        #expect(found.map(\.message) == ["'affected' has no value 'nej' (its values: yes, no)"])
    }

    /// `some_entry` reads the sub-items of one entry at a time: two entries that each hold half
    /// of the condition do not make it true.
    @Test func someEntryReadsOneEntryAtATime() throws {
        let yaml = minimalYAML + """

              - id: options
                type: group
                prompt: {sv: Alternativ}
                items:
                  - id: proposed
                    type: choice
                    prompt: {sv: Föreslås?}
                    options:
                      - {value: "yes", label: {sv: Ja}}
                      - {value: "no", label: {sv: Nej}}
                  - id: weakens
                    type: choice
                    prompt: {sv: Försvagas?}
                    options:
                      - {value: "yes", label: {sv: Ja}}
                      - {value: "no", label: {sv: Nej}}
              - id: explain
                type: long_text
                prompt: {sv: Förklara}
                required: {some_entry: options, where: {all: [{item: proposed, equals: "yes"}, {item: weakens, equals: "yes"}]}}
        """
        let checklist = try ChecklistLoader.load(yaml: yaml, file: "mini.yaml")
        func missing(_ entries: [[String: AnswerValue]]) -> [String] {
            Worksheet(checklist: checklist, answers: ["options": .entries(entries)]).evaluate().missing.map(\.path.item)
        }
        #expect(missing([["proposed": .text("yes"), "weakens": .text("no")], ["proposed": .text("no"), "weakens": .text("yes")]]) == [])
        #expect(missing([["proposed": .text("no"), "weakens": .text("yes")], ["proposed": .text("yes"), "weakens": .text("yes")]]) == ["explain"])
        let notAGroup = yaml.replacingOccurrences(of: "some_entry: options", with: "some_entry: affected")
        #expect(problems(notAGroup).map(\.message).contains("some_entry needs a group, not 'affected'"))
        let alone = yaml.replacingOccurrences(of: "{some_entry: options, where:", with: "{where:")
        #expect(!problems(alone).isEmpty)
    }

    @Test func aConditionCycle() {
        let yaml = replacing("        type: choice\n", with: "        type: choice\n        show_when: {item: reason, answered: true}\n")
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("circle") == true)
    }

    @Test func aSelfReferenceIsACycle() {
        let found = problems(replacing("{item: affected, equals: \"no\"}", with: "{item: reason, answered: true}"))
        #expect(found.first?.message.contains("circle") == true)
    }

    @Test func aMissingSwedishText() {
        let found = problems(replacing("prompt: {sv: Varför?}", with: "prompt: {en: Why?}"))
        #expect(found.map(\.description) == ["mini.yaml:17:17: prompt of 'reason' has no Swedish text (sv)"])
    }

    /// A rule's optional title names it in lists; without one, or for a checklist not known, the id does.
    @Test func aRuleIsNamedByItsTitleOrElseItsID() throws {
        let rules = """

        rules:
          - id: care-against
            kind: hard_stop
            item: affected
            title: {sv: "Vård mot barnets bästa", en: "Care against best interests"}
            when: {item: affected, equals: "yes"}
            message: {sv: "Ändra förslaget."}
          - id: plain-stop
            kind: hard_stop
            item: affected
            when: {item: affected, equals: "no"}
            message: {sv: "Skriv varför."}
        """
        let checklist = try ChecklistLoader.load(yaml: minimalYAML + rules, file: "mini.yaml")
        #expect(checklist.rules.first?.title?.text(.sv) == "Vård mot barnets bästa")
        let catalog = ChecklistCatalog([checklist])
        #expect(catalog.ruleName("care-against", in: "mini", .sv) == "Vård mot barnets bästa")
        #expect(catalog.ruleName("care-against", in: "mini", .en) == "Care against best interests")
        #expect(catalog.ruleName("plain-stop", in: "mini", .sv) == "plain-stop")
        #expect(catalog.ruleName("care-against", in: "other", .sv) == "care-against")
        #expect(catalog.ruleName("gone", in: "mini", .sv) == "gone")
        // A title is held to what every text is: Swedish is required.
        let found = problems(minimalYAML + rules.replacingOccurrences(of: "title: {sv: \"Vård mot barnets bästa\", en:", with: "title: {en:"))
        #expect(found.map(\.description) == ["mini.yaml:23:12: title of rule 'care-against' has no Swedish text (sv)"], "\(found)")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let yaml = minimalYAML
            .replacingOccurrences(of: "type: long_text", with: "type: essay")
            .replacingOccurrences(of: "prompt: {sv: Påverkas barn?}", with: "prompt: {en: Affected?}")
            .replacingOccurrences(of: "version: 1", with: "version: ett")
        #expect(problems(yaml).count == 3)
    }

    @Test func combinatorsAndEveryConditionKindParse() throws {
        let yaml = replacing("{item: affected, equals: \"no\"}", with: """
            {all: [{any: [{item: affected, one_of: ["yes", "no"]}, {not: {item: affected, answered: false}}]}]}
            """)
        let checklist = try ChecklistLoader.load(yaml: yaml, file: "mini.yaml")
        #expect(checklist.item("reason")?.required == .when(.all([.any([
            .oneOf(item: "affected", values: ["yes", "no"]), .not(.answered(item: "affected", false)),
        ])])))
    }

    @Test func conditionsMustFitTheirItemsType() {
        #expect(problems(replacing("{item: affected, equals: \"no\"}", with: "{item: affected, fewer_than: 2}"))
            .first?.message.contains("fewer_than needs a group") == true)
        #expect(problems(replacing("{item: affected, equals: \"no\"}", with: "{item: affected, days_after: reason, more_than: 3}"))
            .first?.message.contains("days_after needs date items") == true)
        #expect(problems(replacing("{item: affected, equals: \"no\"}", with: "{item: affected, less_than: reason}"))
            .first?.message.contains("less_than needs number items, not 'affected'") == true)
    }

    @Test func unknownLegalReferencesAreCaughtWhenTheTableIsKnown() {
        let yaml = replacing("        type: long_text\n", with: "        type: long_text\n        references: [sol-okand]\n")
        #expect((try? ChecklistLoader.load(yaml: yaml, file: "mini.yaml")) != nil)
        do {
            _ = try ChecklistLoader.load(yaml: yaml, file: "mini.yaml", knownReferences: ["sol-barnets-basta"])
            Issue.record("an unknown reference was accepted")
        } catch {
            #expect(error.problems.first?.message == "unknown legal reference 'sol-okand' (see references.yaml)")
        }
    }

    @Test func hostileTextInAProblemNeverReachesTheTerminalRaw() {
        let found = problems(replacing("type: long_text", with: "type: \"\u{1B}[31mred\""))
        #expect(found.count == 1)
        #expect(found.first?.description.unicodeScalars.contains("\u{1B}") == false)
    }
}

/// An administrator's file is told in the user's language: every problem the loaders find is worded
/// in Swedish as well as English (the front end picks), the file's own words quoted as they are.
@Suite struct AdministratorsFilesInBothLanguages {
    static let broken = """
        id: Egen Lista
        version: 0
        id_prefix: bk
        title: {en: Own}
        sections:
          - id: a
            title: {sv: A}
            items:
              - {id: x, type: chioce, prompt: {sv: X}}
              - {id: y, type: text}
              - {id: z, type: text, prompt: {sv: Z}, options: [{value: a, label: {sv: A}}], min: 1, quality: {min_words: 3}}
              - {id: z, type: choice, prompt: {sv: Z}}
              - {id: n, type: number, prompt: {sv: N}, articles: ["99"], show_when: {item: okänd, equals: "ja"}}
              - {id: g, type: group, prompt: {sv: G}, each: saknas, items: [{id: s, type: group, prompt: {sv: S}}]}
          - id: a
            title: {sv: B}
            filled_by: alla
            items:
              - {id: c, type: choice, prompt: {sv: C}, options: [{value: ja, label: {sv: Ja}}, {value: ja, label: {sv: Ja}}],
                 required: kanske, show_when: {item: c, equals: nej}}
        rules:
          - {id: r, kind: hard_stopp, when: {item: c, equals: ja}, message: {sv: S}}
          - {id: r, when: {all: []}, message: {sv: S}}
          - {id: t, kind: warning, when: {item: c, equals: ja, answered: true}, message: {sv: S}}
          - {id: u, kind: warning, when: {not: {item: c, answered: true}, all: [{item: c, answered: true}]}, message: {sv: S}}
          - {id: v, kind: warning, when: {item: c, fewer_than: 2}, message: {sv: S}}
        """

    @Test func everyProblemOfABrokenChecklistIsWordedInSwedishToo() throws {
        let problems: [Problem]
        do {
            _ = try ChecklistLoader.load(yaml: Self.broken, file: "egen.yaml")
            Issue.record("the broken checklist loaded")
            return
        } catch {
            problems = error.problems
        }
        #expect(problems.count >= 20, "\(problems)")
        for problem in problems {
            #expect(problem.words.sv != problem.words.text(.en), "\(problem)")
            for english in [" must ", " is missing", "unknown ", " needs ", "duplicate ", " belong", " may hold "] {
                #expect(!problem.words.sv.contains(english), "\(problem.text(.sv))")
            }
            #expect(problem.text(.sv).hasPrefix("egen.yaml:") && problem.description == problem.text(.en))
        }
    }

    @Test func decisionKindsAndTrainingCasesToo() {
        var problems: [Problem] = []
        do {
            _ = try DecisionKinds.load(yaml: "decision_kinds:\n  - {value: Hyra skuld, label: {sv: Hyra}}\n  - {value: x, label: {sv: X}}\n  - {value: x}\n  - 3\n",
                                       file: "decision-kinds.yaml")
        } catch {
            problems += error.problems
        }
        do {
            _ = try CaseLoader.load(yaml: "id: Fel\ntitle: {sv: T}\nunit: {sv: U}\ndescription: {sv: D}\ndecision: {sv: B}\nchecklist: okand\nchildren: [{alias: Kim, age: 19}]\ndiscussion: []\nextra: 1\n",
                                    file: "fall.yaml", checklists: ["barnkonsekvensanalys"])
        } catch {
            problems += error.problems
        }
        #expect(problems.count >= 9, "\(problems)")
        for problem in problems {
            #expect(problem.words.sv != problem.words.text(.en), "\(problem)")
        }
    }
}
