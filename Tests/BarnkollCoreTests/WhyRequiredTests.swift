import Testing
@testable import BarnkollCore

/// Why an item is required is said as the caseworker answered: the choice they made, not the rule
/// that let it through ("du har svarat på «…» och du inte har svarat «Nej» på «…»", the same
/// question twice).
@Suite struct WhyRequired {
    let checklist: Checklist

    init() throws {
        checklist = try shipped().checklist("barnkonsekvensanalys")
    }

    func reason(_ answers: Answers, _ path: String) -> Localized? {
        Worksheet(checklist: checklist, answers: answers).evaluate().missing.first { $0.path.description == path }?.reason
    }

    @Test func aChoiceIsSaidAsItWasAnswered() throws {
        let affected = "«Berörs barn av beslutet, direkt eller indirekt?»"
        // "Not «Nej»" while unanswered is that; once answered, it is the answer.
        #expect(reason([:], "depth")?.sv == "Krävs eftersom du inte har svarat «Nej» på \(affected).")
        #expect(reason(["children_affected": .text("dont_know")], "depth")?.sv
                == "Krävs eftersom du svarade «Vet inte» på \(affected).")
        // Answered, and not «Nej»: one question, said once, with the answer given.
        let child: [String: AnswerValue] = ["alias": .text("Ella"), "effect": .text("indirect"), "heard": .text("directly")]
        let answers: Answers = ["children_affected": .text("yes"), "children": .entries([child])]
        #expect(reason(answers, "child_voice[1].maturity_assessment")?.sv
                == "Krävs eftersom du svarade «Ja, direkt» på «Fick barnet framföra sina åsikter?».")
        #expect(reason(answers, "child_voice[1].maturity_assessment")?.en
                == "Required because you answered «Yes, directly» to «Was the child given the chance to express views?».")
    }

    /// Under a `not` the rule is said as written: there the answer given is what it is not.
    @Test func underANotTheRuleIsSaidAsWritten() {
        let context = ConditionContext(checklist: checklist, answers: ["children_affected": .text("no")])
        let rule = Condition.not(.all([.answered(item: "children_affected", true), .not(.equals(item: "children_affected", value: "no"))]))
        #expect(context.holds(rule, entry: nil))
        #expect(context.describe(rule, .sv, entry: nil) == "det inte gäller att du har svarat på «Berörs barn av beslutet, direkt "
                + "eller indirekt?» och du inte har svarat «Nej» på «Berörs barn av beslutet, direkt eller indirekt?»")
    }
}
