import BarnkollCore
import Foundation
import Testing

let engineYAML = """
id: motor
version: 1
id_prefix: MOT
title: {sv: Motor}
placeholders: ["enl. tidigare"]
not_applicable:
  when: {item: affected, equals: "no"}
  reason: reason
sections:
  - id: start
    title: {sv: Start}
    items:
      - id: affected
        type: choice
        prompt: {sv: Påverkas barn?}
        required: true
        options:
          - {value: "yes", label: {sv: Ja}}
          - {value: "no", label: {sv: Nej}}
          - {value: dont_know, label: {sv: Vet inte}}
      - id: reason
        type: long_text
        prompt: {sv: Varför inte?}
        show_when: {item: affected, equals: "no"}
        required: true
  - id: body
    title: {sv: Innehåll}
    show_when: {not: {item: affected, equals: "no"}}
    items:
      - id: view
        type: long_text
        prompt: {sv: Barnets åsikt}
        required: true
        quality: {min_words: 4, placeholders: ["se journal"]}
      - id: depth
        type: choice
        prompt: {sv: Djup}
        options:
          - {value: simple, label: {sv: Förenklad}}
          - {value: full, label: {sv: Fördjupad}}
      - id: options
        type: group
        prompt: {sv: Alternativ}
        required: true
        items:
          - {id: option, type: text, prompt: {sv: Alternativ}, required: true}
          - id: effect
            type: choice
            prompt: {sv: Rättigheter}
            required: true
            options:
              - {value: strengthened, label: {sv: Stärks}}
              - {value: weakened, label: {sv: Försvagas}}
          - {id: follow_up, type: long_text, prompt: {sv: Uppföljning}, show_when: {item: effect, equals: weakened}, required: true}
      - id: decided
        type: date
        prompt: {sv: Beslutsdatum}
      - id: feedback
        type: date
        prompt: {sv: Återkoppling}
      - id: topics
        type: multi_choice
        prompt: {sv: Ämnen}
        options:
          - {value: school, label: {sv: Skola}}
          - {value: home, label: {sv: Boende}}
      - id: topics_comment
        type: long_text
        prompt: {sv: Om ämnena}
        required: {item: topics, equals: school}
rules:
  - id: depth-forced
    kind: missing
    item: depth
    when: {all: [{item: topics, equals: home}, {not: {item: depth, equals: full}}]}
    message: {sv: Flytt kräver fördjupad analys., en: A move needs a full analysis.}
  - id: one-option
    kind: warning
    item: options
    when: {all: [{item: depth, equals: full}, {item: options, fewer_than: 2}]}
    message: {sv: Bara ett alternativ.}
  - id: late
    kind: warning
    item: feedback
    when: {item: feedback, days_after: decided, more_than: 30}
    message: {sv: Sen återkoppling.}
  - id: copied
    kind: warning
    item: view
    when: {item: view, same_text_as: reason}
    message: {sv: Kopierad text.}
  - id: stop
    kind: hard_stop
    item: depth
    when: {item: depth, equals: simple}
    message: {sv: Stopp.}
"""

func engine() throws -> Checklist { try ChecklistLoader.load(yaml: engineYAML, file: "motor.yaml") }

func evaluate(_ answers: Answers, overrides: Set<String> = []) throws -> Evaluation {
    Worksheet(checklist: try engine(), answers: answers).evaluate(overrides: overrides)
}

let goodOption: [String: AnswerValue] = ["option": .text("Betala skulden direkt"), "effect": .text("strengthened")]

@Suite struct WorksheetEngine {
    @Test func anEmptyAnalysisMissesItsAlwaysRequiredItems() throws {
        let evaluation = try evaluate([:])
        #expect(evaluation.missing.map(\.path.description) == ["affected", "view", "options"])
        #expect(evaluation.missing.first?.reason.sv == "Obligatorisk fråga.")
        #expect(!evaluation.canSubmit)
        #expect(evaluation.visibleSections == ["start", "body"])
    }

    @Test func hiddenItemsAreNeitherShownNorRequired() throws {
        let evaluation = try evaluate(["affected": .text("yes")])
        #expect(!evaluation.visibleItems.contains("reason"))
        #expect(!evaluation.missing.contains { $0.path.item == "reason" })
    }

    @Test func noChildAffectedHidesTheRestAndMayClose() throws {
        var evaluation = try evaluate(["affected": .text("no")])
        #expect(evaluation.visibleSections == ["start"])
        #expect(evaluation.missing.map(\.path.item) == ["reason"])
        #expect(!evaluation.closesAsNotApplicable)
        evaluation = try evaluate(["affected": .text("no"), "reason": .text("Den sökande har inga barn och inget umgänge.")])
        #expect(evaluation.missing.isEmpty)
        #expect(evaluation.closesAsNotApplicable)
        #expect(evaluation.canSubmit)
    }

    @Test func dontKnowCountsAsAffected() throws {
        let evaluation = try evaluate(["affected": .text("dont_know")])
        #expect(evaluation.visibleSections == ["start", "body"])
        #expect(!evaluation.closesAsNotApplicable)
    }

    @Test func conditionalRequirementsSayWhy() throws {
        let evaluation = try evaluate(["affected": .text("yes"), "topics": .choices(["school", "home"])])
        let missing = evaluation.missing.first { $0.path.item == "topics_comment" }
        #expect(missing?.reason.sv == "Krävs eftersom du svarade «Skola» på «Ämnen».")
        #expect(missing?.reason.en == "Required because you answered «Skola» to «Ämnen».")
    }

    @Test func groupEntriesAreCheckedEachAndSubItemConditionsUseTheirEntry() throws {
        let evaluation = try evaluate([
            "affected": .text("yes"), "view": .text("Hon vill bo kvar hos pappa"),
            "options": .entries([goodOption, ["option": .text("Avslag"), "effect": .text("weakened")], [:]]),
        ])
        #expect(evaluation.missing.map(\.path.description) == [
            "options[2].follow_up", "options[3].option", "options[3].effect",
        ])
    }

    @Test func aMissingRuleBlocksWithItsMessage() throws {
        let evaluation = try evaluate(["affected": .text("yes"), "topics": .choices(["home"])])
        let missing = evaluation.missing.first { $0.rule == "depth-forced" }
        #expect(missing?.path.item == "depth")
        #expect(missing?.section == "body")
        #expect(missing?.reason.en == "A move needs a full analysis.")
        let full = try evaluate(["affected": .text("yes"), "topics": .choices(["home"]), "depth": .text("full")])
        #expect(!full.missing.contains { $0.rule == "depth-forced" })
    }

    @Test func ruleWarningsApplyExactlyWhenTheirConditionHolds() throws {
        let base: Answers = ["affected": .text("yes"), "view": .text("Hon vill bo kvar hos pappa"), "depth": .text("full")]
        func rules(_ extra: Answers) throws -> [String] {
            try evaluate(base.merging(extra) { $1 }).warnings.compactMap(\.rule)
        }
        #expect(try rules(["options": .entries([goodOption])]) == ["one-option"])
        #expect(try rules(["options": .entries([goodOption, goodOption])]) == [])
        #expect(try rules(["options": .entries([goodOption, goodOption]), "decided": .text("2026-03-01"),
                           "feedback": .text("2026-04-01")]) == ["late"])
        #expect(try rules(["options": .entries([goodOption, goodOption]), "decided": .text("2026-03-01"),
                           "feedback": .text("2026-03-31")]) == [])
    }

    @Test func sameTextIgnoresCaseSpacesAndPunctuation() throws {
        // The reason is hidden unless no child is affected, so compare through a visible pair instead.
        let checklist = try engine()
        var answers: Answers = ["affected": .text("no"), "reason": .text("Barnet ska bo kvar.")]
        answers["view"] = .text("barnet  ska bo kvar")
        // `view` is hidden here (no child affected): hidden items have no value, so no warning.
        #expect(!Worksheet(checklist: checklist, answers: answers).evaluate().warnings.contains { $0.rule == "copied" })
    }

    @Test func placeholdersAndShortTextsAreWarnedAbout() throws {
        func kinds(_ text: String) throws -> [WarningKind] {
            try evaluate(["affected": .text("yes"), "view": .text(text)]).warnings.filter { $0.path.item == "view" }.map(\.kind)
        }
        #expect(try kinds("se ovan") == [.placeholder])
        #expect(try kinds("Se ovan.") == [.placeholder])
        #expect(try kinds("  SE   OVAN !!! ") == [.placeholder])
        #expect(try kinds(String(repeating: "se ovan ", count: 500)).isEmpty)
        #expect(try kinds("-") == [.placeholder])
        #expect(try kinds("enl. tidigare") == [.placeholder])   // the checklist's own
        #expect(try kinds("se journal") == [.placeholder])      // the item's own
        #expect(try kinds("Vill bo kvar") == [.tooShort])
        #expect(try kinds("Hon vill bo kvar hos mamma") == [])
    }

    @Test func aPersonnummerAnywhereIsWarnedAboutNamingTheItem() throws {
        let number = Personnummer.withCheckDigit("121212121")
        let evaluation = try evaluate([
            "affected": .text("no"), "reason": .text("Sökande \(number) har inga barn."),
            "options": .entries([["option": .text("Ring \(number)")]]),
        ])
        let paths = evaluation.warnings.filter { $0.kind == .personnummer }.map(\.path.description)
        #expect(paths.sorted() == ["options[1].option", "reason"])
        let wrong = String(number.dropLast()) + String((Int(String(number.last!))! + 1) % 10)
        #expect(try evaluate(["reason": .text("Nummer \(wrong)")]).warnings.allSatisfy { $0.kind != .personnummer })
    }

    @Test func hardStopsBlockUntilOverridden() throws {
        let answers: Answers = ["affected": .text("yes"), "view": .text("Hon vill bo kvar hos pappa"),
                                "depth": .text("simple"), "options": .entries([goodOption])]
        let blocked = try evaluate(answers)
        #expect(blocked.missing.isEmpty)
        #expect(blocked.hardStops.map(\.rule) == ["stop"])
        #expect(!blocked.canSubmit)
        let overridden = try evaluate(answers, overrides: ["stop"])
        #expect(overridden.hardStops.first?.overridden == true)
        #expect(overridden.canSubmit)
    }

    @Test func progressCountsRequiredAnsweredPerSection() throws {
        let evaluation = try evaluate(["affected": .text("yes"), "view": .text("Hon vill bo kvar hos pappa")])
        #expect(evaluation.progress["start"] == SectionProgress(answered: 1, required: 1))
        #expect(evaluation.progress["body"] == SectionProgress(answered: 1, required: 2))
    }
}

@Suite struct AnswerChecking {
    @Test func valuesAreCheckedAndCleaned() throws {
        let checklist = try engine()
        func check(_ item: String, _ value: AnswerValue) throws -> AnswerValue? {
            guard let definition = checklist.item(item) else { throw AnswerProblem(item: item, sv: "ingen fråga", en: "no item") }
            return try AnswerInput.check(value, for: definition)
        }
        #expect(try check("view", .text("  rad ett\r\nrad två\u{1B}[2J")) == .text("  rad ett\nrad två[2J"))
        #expect(try check("view", .text("   ")) == nil)
        #expect(try check("affected", .text("dont_know")) == .text("dont_know"))
        #expect(throws: AnswerProblem.self) { try check("affected", .text("kanske")) }
        #expect(try check("topics", .choices(["home", "home", "school"])) == .choices(["home", "school"]))
        #expect(throws: AnswerProblem.self) { try check("topics", .choices(["moon"])) }
        #expect(try check("decided", .text("2028-02-29")) == .text("2028-02-29"))
        #expect(throws: AnswerProblem.self) { try check("decided", .text("2026-02-29")) }
        #expect(throws: AnswerProblem.self) { try check("decided", .text("1 mars")) }
        #expect(throws: AnswerProblem.self) { try check("options", .entries([["colour": .text("blå")]])) }
        #expect(throws: AnswerProblem.self) { try check("view", .entries([])) }
    }

    /// A refused number says why in both languages, with the item's range when it has one.
    @Test func aRefusedNumberSaysItsRange() throws {
        let group = try #require(try shipped().checklist("gruppanalys").item("child_groups"))
        let from = try #require(group.entryItems.first { $0.id == "age_from" })
        let count = try #require(group.entryItems.first { $0.id == "estimated_number" })
        func refusal(_ item: Item, _ value: AnswerValue) -> AnswerProblem? {
            do { _ = try AnswerInput.check(value, for: item); return nil } catch { return error }
        }
        #expect(refusal(from, .text("tio"))?.message == Localized(sv: "'tio' är inget heltal från 0 till 17",
                                                                     en: "'tio' is not a whole number from 0 to 17"))
        #expect(refusal(from, .text("18"))?.message == Localized(sv: "18 är mer än 17", en: "18 is more than 17"))
        #expect(refusal(count, .text("många"))?.message == Localized(sv: "'många' är inget heltal", en: "'många' is not a whole number"))
        #expect(refusal(count, .text(" 40 ")) == nil)
    }
}

@Suite struct StoredAnswers {
    @Test(arguments: [
        AnswerValue.text("Hon säger ”nej” och \\ \"citerar\"\nmed ny rad"), .text("\u{1}\t😀 / é"), .text(""),
        .number(17), .number(-3), .choices([]), .choices(["move", "none"]),
        .entries([["alias": .text("Kim"), "age": .number(7)], [:]]),
    ])
    func everyShapeReadsBackAsItWasStored(value: AnswerValue) {
        #expect(AnswerValue.fromJSON(value.canonicalJSON()) == value)
        #expect(AnswerValue.answersFromJSON(CanonicalJSON.encode(["item": value])) == ["item": value])
    }

    @Test func somethingElseIsNotAnAnswer() {
        #expect(AnswerValue.fromJSON("{\"a\": 1}") == nil)
        #expect(AnswerValue.fromJSON("not json") == nil)
        #expect(AnswerValue.answersFromJSON("[1]") == nil)
        // Escapes the canonical encoder does not write still read right.
        #expect(AnswerValue.fromJSON("\"a\\u00e5\\ud83d\\ude00\\/\"") == .text("aå😀/"))
        #expect(AnswerValue.fromJSON("[\"a\", 1]") == nil)
    }
}

@Suite struct Dates {
    @Test func dayNumbersAndDatesAreInverse() {
        for day in stride(from: -700_000, through: 2_900_000, by: 997) {
            #expect(ISODate.dayNumber(ISODate.string(fromDay: day)) == day)
        }
        #expect(ISODate.string(fromDay: 0) == "1970-01-01")
        #expect(ISODate.string(fromDay: ISODate.dayNumber("2024-02-29") ?? 0) == "2024-02-29")
        #expect(ISODate.string(from: Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18")
    }

    @Test func onlyWholeValidDatesHaveADayNumber() {
        for text in ["2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-01", "25-01-01", "+999-01-01",
                     "2025-01-0x", "2025/01/01", "2025-01-01 ", "２０２５-01-01", ""] {
            #expect(ISODate.dayNumber(text) == nil, "\(text)")
        }
        #expect(ISODate.dayNumber("2024-02-29") == ISODate.dayNumber("2024-02-28").map { $0 + 1 })
        #expect(Array("2026-11-23".utf8).withUnsafeBufferPointer { ISODate.dayNumber(utf8: $0) } == ISODate.dayNumber("2026-11-23"))
    }

    /// A date of the right shape that names no day says why; another asks for the shape.
    @Test func aRefusedDateSaysWhy() {
        #expect(ISODate.fault("2026-02-28") == nil && ISODate.missingDay("2026-02-28") == nil)
        #expect(ISODate.fault("2026-02-31")?.sv == "februari 2026 har 28 dagar")
        #expect(ISODate.fault("2024-02-30")?.text(.en) == "February 2024 has 29 days")
        #expect(ISODate.fault("2025-04-31")?.text(.en) == "April 2025 has 30 days")
        #expect(ISODate.fault("2026-13-01")?.sv == "det finns ingen månad 13")
        #expect(ISODate.fault("2026-00-10")?.text(.en) == "there is no month 0")
        #expect(ISODate.fault("2026-05-00")?.text(.en) == "there is no day 0")
        for text in ["31/02/2026", "2026-2-31", "2026-02-3x", "２０２６-02-31", "-202-02-31", ""] {
            #expect(ISODate.missingDay(text) == nil, "\(text)")
            #expect(ISODate.fault(text)?.text(.en) == "write it as YYYY-MM-DD, like 2026-03-14", "\(text)")
        }
        #expect(ISODate.problem("2026-02-31")?.text(.en) == "'2026-02-31' is not a date; February 2026 has 28 days")
        #expect(ISODate.problem("18 dec")?.sv == "'18 dec' är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-03-14")
    }
}
