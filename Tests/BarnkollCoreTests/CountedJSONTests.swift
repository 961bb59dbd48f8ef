import BarnkollCore
import Foundation
import Testing

/// PostgreSQL's indicator rows read from their bytes (`CountedJSON` into `CountedRow`) count what
/// the same answers read whole count: `CountedAnswers(_:)`, the checks and the hard stops, as the
/// store read every row before. A row in a shape the pass does not read is said so, never half read.
@Suite struct CountedJSONRows {
    func whole(_ json: String, _ checklist: Checklist) -> (counted: CountedAnswers, hardStopsMet: Set<String>) {
        let answers = AnswerValue.answersFromJSON(json) ?? [:]
        var counted = CountedAnswers(answers)
        let checks = CountedAnswers.checkItemIDs(checklist)
        if !checks.isEmpty { counted.takeChecks(answers, items: checks) }
        return (counted, HardStopMemo(HardStopCheck(checklist: checklist)).met(in: answers))
    }

    func byBytes(_ json: String, _ definition: CountedDefinition) -> (counted: CountedAnswers, hardStopsMet: Set<String>)? {
        var row = CountedRow(definition)
        var text = json
        let read = text.withUTF8 { CountedJSON.read($0, into: &row) }
        return read ? row.finish() : nil
    }

    /// The JSON of answers as the store keeps them, and as PostgreSQL's jsonb writes it (a blank
    /// after each comma and colon between values).
    func forms(_ answers: Answers) -> [String] {
        let compact = CanonicalJSON.encode(answers)
        return [compact, compact.replacingOccurrences(of: "\",\"", with: "\", \"").replacingOccurrences(of: "\":", with: "\": ")]
    }

    @Test func anImpactAnalysisCountsAsWholeAnswers() throws {
        let (checklist, fixture) = try completeAnalysis()
        let definition = CountedDefinition(checklist)
        var variants: [Answers] = [fixture, [:]]
        // Hard stops met; budget weighed; a word with a quote and a backslash; children with an age
        // as text, a blank and an empty answer.
        variants.append(fixture.merging(["care_measure": .text("yes"), "in_line": .text("no")]) { $1 })
        variants.append(fixture.merging(["family_law": .text("yes"), "in_line": .text("partly"),
                                         "conflicts": .choices(["child_budget", "child_parent"])]) { $1 })
        variants.append(fixture.merging(["decision_kind": .text("rent\"debt\\ö"),
                                         "interpreter": .text("   ")]) { $1 })
        variants.append(fixture.merging([
            "children": .entries([["alias": .text("Ella"), "age": .text("7"), "effect": .text("direct"), "heard": .text(""),
                                   "views_own_words": .text("  "), "position_otherwise": .text("Samtal med skolan.")],
                                  ["age": .number(12), "lives_in_household": .text("yes"), "differs_reasons": .text("Tryggheten.")], [:]]),
            "other_articles": .entries([["article": .text("24")], ["article": .text("24")], [:], ["article": .text("8")]]),
            "compensatory_measures": .entries([["what": .text("Stödsamtal")], [:]]),
        ]) { $1 })
        for answers in variants {
            for json in forms(answers) {
                let read = try #require(byBytes(json, definition), "\(json.prefix(80))")
                let expected = whole(json, checklist)
                #expect(read.counted == expected.counted)
                #expect(read.hardStopsMet == expected.hardStopsMet)
            }
        }
        let met = try #require(byBytes(CanonicalJSON.encode(variants[2]), definition)).hardStopsMet
        #expect(met.contains("care-measure-against-best-interest"))
        #expect(try #require(byBytes(CanonicalJSON.encode(variants[4]), definition)).counted.decisionKind == "rent\"debt\\ö")
    }

    @Test func aChildChecklistKeepsItsChecks() throws {
        let checklist = try shipped().checklist("barnchecklista")
        let answers: Answers = [
            "decision_kind": .text("financial_aid_rent_debt"), "children_affected": .text("yes"),
            "children": .entries([["alias": .text("Vera"), "age": .number(9)]]),
            "views_recorded": .text("no"), "best_interest_stated": .text("yes"), "heard": .text("na"), "heard_otherwise": .text(""),
        ]
        for json in forms(answers) {
            let read = try #require(byBytes(json, CountedDefinition(checklist)))
            #expect(read.counted == whole(json, checklist).counted)
            #expect(read.counted.checks.map(\.item) == ["best_interest_stated", "heard", "views_recorded"])
        }
    }

    /// Values the pass does not read (true, a fraction, an escaped key, broken JSON): the store
    /// then reads the row whole. A group the counts do not read is passed over.
    @Test func otherShapesAreLeftToTheWholeReading() throws {
        let definition = CountedDefinition(try completeAnalysis().0)
        for json in [#"{"depth": true}"#, #"{"depth": 1.5}"#, #"{"de\"pth": "full"}"#,
                     #"{"depth": "full""#, #"{"children": [{"age": [1]}]}"#, ""] {
            #expect(byBytes(json, definition) == nil, "\(json)")
        }
        #expect(byBytes("{}", definition)?.counted == CountedAnswers())
        #expect(byBytes(#"{"notes": [{"a": "b", "c": [{"d": 1}]}], "depth": "full"}"#, definition)?.counted.depth == "full")
        #expect(byBytes(#"{"compensatory_measures": [{"a": "b"}, {}]}"#, definition)?.counted.compensatoryMeasures == 2)
    }

    func completeAnalysis() throws -> (Checklist, Answers) {
        let checklist = try shipped().checklist("barnkonsekvensanalys")
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
        let data = try #require(FileManager.default.contents(atPath: path))
        return (checklist, try AnswerInput.readFile(data, file: path, checklist: checklist))
    }
}
