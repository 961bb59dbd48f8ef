import BarnkollCore
import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func shipped() throws -> ChecklistCatalog {
    try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
}

/// The complete, fictional analysis in Tests/Fixtures, read the way `fill` reads it.
func completeAnalysis() throws -> (Checklist, Answers) {
    let checklist = try shipped().checklist("barnkonsekvensanalys")
    let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
    let data = try #require(FileManager.default.contents(atPath: path))
    return (checklist, try AnswerInput.readFile(data, file: path, checklist: checklist))
}

/// The complete analysis with some answers changed (`nil` removes one). A question asked for
/// each child is changed for Noah, the second child, whom the fixture's texts are mostly about.
func bkaAnswers(_ changes: [String: AnswerValue?] = [:]) throws -> (Checklist, Answers) {
    var (checklist, answers) = try completeAnalysis()
    for (key, value) in changes {
        if checklist.item(key) == nil, case .entries(var children)? = answers["children"], children.count > 1 {
            children[1][key] = value
            answers["children"] = .entries(children)
        } else {
            answers[key] = value
        }
    }
    return (checklist, answers)
}

/// Evaluates the complete analysis with some answers changed, as `bkaAnswers`.
func bka(_ changes: [String: AnswerValue?] = [:], overrides: Set<String> = [], role: FilledBy = .caseworker) throws -> Evaluation {
    let (checklist, answers) = try bkaAnswers(changes)
    return Worksheet(checklist: checklist, answers: answers).evaluate(overrides: overrides, role: role)
}

/// Where a question asked for each child is for Noah: `child_voice[2].heard`.
func noah(_ item: String) throws -> String {
    let checklist = try shipped().checklist("barnkonsekvensanalys")
    let group = try #require(checklist.allItems.first { $0.each != nil && $0.items.contains { $0.id == item } })
    return ItemPath(item: group.id, entry: 1, subItem: item).description
}

/// Whether a question asked for each child is shown for Noah.
func shownForNoah(_ item: String, _ changes: [String: AnswerValue?]) throws -> Bool {
    let (checklist, answers) = try bkaAnswers(changes)
    let group = try #require(checklist.allItems.first { $0.each != nil && $0.items.contains { $0.id == item } })
    let noah = checklist.entries(of: group.id, in: answers)[1]
    return Worksheet(checklist: checklist, answers: answers).subItems(of: group, entry: noah).contains { $0.item.id == item }
}

extension Evaluation {
    var missingPaths: [String] { missing.map(\.path.description) }
    var warningRules: [String] { warnings.compactMap(\.rule) }
}

@Suite struct ShippedChecklists {
    @Test func bothLoadWithTheirReferencesChecked() throws {
        let catalog = try shipped()
        #expect(catalog.checklists.keys.sorted() == ["barnchecklista", "barnkonsekvensanalys", "gruppanalys"])
        let analysis = try catalog.checklist("barnkonsekvensanalys")
        #expect(analysis.sections.map(\.id) == ["case", "children", "rights", "voice", "facts", "options", "best_interests", "follow_up", "review"])
        for item in analysis.allItems + analysis.allItems.flatMap(\.items) {
            #expect(item.prompt.en != nil, "\(item.id) has no English prompt")
        }
    }

    /// The law in force, and a paragraph only where someone compared it with the law's text.
    /// The follow-up list names a stop by its title: every shipped hard stop has one, in both languages.
    @Test func everyHardStopHasATitleInBothLanguages() throws {
        let stops = try shipped().sorted.flatMap { checklist in checklist.rules.filter { $0.kind == .hardStop } }
        #expect(!stops.isEmpty)
        for stop in stops {
            let title = try #require(stop.title, "\(stop.id)")
            #expect(title.text(.sv) != title.text(.en) && title.text(.sv).count <= 40, "\(stop.id)")
        }
    }

    @Test func referencesCiteTheLawInForceAndAParagraphOnlyWhenChecked() throws {
        let catalog = try shipped()
        #expect(catalog.references["sol-anmalningsskyldighet"]?.display(.sv)
                == "Anmälningsskyldighet vid oro för barn, socialtjänstlagen (2025:400)")
        #expect(catalog.references["lvu-barnets-basta"]?.display(.sv)
                == "Barnets bästa avgörande vid beslut enligt LVU, 1 § femte stycket lagen (1990:52) med särskilda bestämmelser om vård av unga")
        for reference in catalog.references.values {
            if reference.verified || reference.checked != nil {
                #expect(reference.source?.isEmpty == false && reference.checked != nil, "\(reference.id)")
            }
            for language in Language.allCases {
                #expect(!reference.display(language).contains("2001:453"), "\(reference.id)")
                if !reference.verified { #expect(!reference.display(language).contains("§"), "\(reference.id)") }
            }
        }
        // Every reference a shipped checklist cites is in the table, and none cites the investigation rule.
        let cited = Set(catalog.checklists.values.flatMap { $0.allItems + $0.allItems.flatMap(\.items) }.flatMap(\.references))
        #expect(cited.isSubset(of: Set(catalog.references.keys)))
        #expect(!cited.contains("sol-utredning"))
        // Withdrawn: older checklists that cite it still load, and nothing shows it.
        #expect(catalog.knownReferences.contains("sol-utredning") && catalog.references["sol-utredning"] == nil)
        // The whole case-file document of the complete analysis, in every format.
        let (checklist, answers) = try completeAnalysis()
        let summary = AnalysisSummary(id: "BKA-2026-0001", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "EB-2026-117", unit: "Norr", author: "anna", status: .draft, versions: 0,
                                      createdAt: "2026-03-01T09:00:00Z", updatedAt: "2026-03-01T09:00:00Z")
        let document = AnalysisDocument(analysis: Analysis(summary: summary, checklist: checklist, answers: answers, versions: [],
                                                           reviews: [], position: nil),
                                        language: .sv, references: catalog.references)
        for text in [document.text(), document.markdown(), document.html()] {
            #expect(text.contains("socialtjänstlagen (2025:400)") && !text.contains("2001:453"))
        }
    }

    /// A reference marked verified or checked must say where and when it was compared.
    @Test(arguments: [
        ("verified: true\n    checked: 2026-12-02\n", "is verified but names no section"),
        ("section: \"1 §\"\n    verified: true\n", "is verified but has no date it was checked"),
        ("section: \"1 §\"\n    verified: true\n    checked: 2026-12-02\n", "is checked but names no source"),
        ("checked: i går\n    source: lagen.nu\n", "checked must be a date (YYYY-MM-DD), not 'i går'"),
    ])
    func aCheckedReferenceNamesItsSourceAndDate(_ fields: String, _ message: String) throws {
        let yaml = "references:\n  - id: x\n    institution: {sv: X, en: X}\n    law: {sv: \"lag (2000:1)\", en: \"Act (2000:1)\"}\n    " + fields
        #expect(throws: Problems.self) { try ChecklistLoader.loadReferences(yaml: yaml, file: "references.yaml") }
        do {
            _ = try ChecklistLoader.loadReferences(yaml: yaml, file: "references.yaml")
        } catch {
            #expect(error.problems.contains { $0.message.hasSuffix(message) }, "\(error.problems)")
        }
    }

    @Test func theCompleteFixtureIsCompleteAndClean() throws {
        let evaluation = try bka()
        #expect(evaluation.missingPaths == [])
        #expect(evaluation.hardStops.isEmpty)
        #expect(evaluation.warnings.map(\.path.description) == [])
        #expect(evaluation.canSubmit)
        #expect(!evaluation.closesAsNotApplicable)
    }
}

@Suite struct TheAnalysisRules {
    @Test func noChildAffectedNeedsAReasonAndThenClosesAsNotApplicable() throws {
        var evaluation = try bka(["children_affected": .text("no")])
        #expect(evaluation.missingPaths == ["no_children_reason"])
        #expect(evaluation.visibleSections == ["case", "children"])
        #expect(!evaluation.visibleItems.contains("children"))
        evaluation = try bka(["children_affected": .text("no"), "no_children_reason": .text("Den sökande bor ensam och har inga barn.")])
        #expect(evaluation.closesAsNotApplicable && evaluation.canSubmit)
    }

    @Test func dontKnowCountsAsYes() throws {
        let evaluation = try bka(["children_affected": .text("dont_know"), "children": nil])
        #expect(evaluation.missingPaths == ["children"])
        #expect(evaluation.visibleSections.contains("voice"))
        #expect(!evaluation.closesAsNotApplicable)
    }

    @Test func theCaseAndEveryAlwaysRequiredItemIsRequired() throws {
        for item in ["unit", "decision", "case_ref", "depth", "children_affected", "art2", "art3", "art6", "care_measure",
                     "appeal_informed", "sources", "options", "best_interest", "proposed_decision",
                     "in_line", "feedback_planned_date", "feedback_how", "feedback_who", "follow_up_date", "concern"] {
            #expect(try bka([item: nil]).missingPaths == [item], "\(item)")
        }
        for item in ["informed", "heard", "feedback_content"] {
            #expect(try bka([item: nil]).missingPaths == [try noah(item)], "\(item)")
        }
    }

    @Test func eachChildNeedsAliasAgeAndEffectAndTheirOwnVoice() throws {
        let evaluation = try bka(["children": .entries([["relation": .text("dotter")]])])
        #expect(evaluation.missingPaths == ["children[1].alias", "children[1].age", "children[1].effect",
                                            "child_voice[1].informed", "child_voice[1].heard", "child_feedback[1].feedback_content"])
    }

    @Test func eachChildIsHeardApart() throws {
        // Ella was heard and Noah was not: each has the questions that fit them, and neither
        // child's answers stand in for the other's.
        let evaluation = try bka(["heard": .text("no"), "views_own_words": nil, "maturity_assessment": nil, "views_effect": nil])
        #expect(evaluation.missingPaths == [try noah("not_heard_reason"), try noah("position_otherwise")])
        let (checklist, answers) = try bkaAnswers()
        var children = checklist.entries(of: "children", in: answers)
        children[1]["heard"] = nil
        let noVoice = Worksheet(checklist: checklist, answers: answers.merging(["children": .entries(children)]) { $1 }).evaluate()
        #expect(noVoice.missingPaths == ["child_voice[2].heard"])
        #expect(noVoice.progress["voice"] == SectionProgress(answered: 1, required: 2))
        #expect(try bka().progress["voice"] == SectionProgress(answered: 2, required: 2))
    }

    @Test func eachPickedArticleNeedsAComment() throws {
        let evaluation = try bka(["other_articles": .entries([["article": .text("art28")]])])
        #expect(evaluation.missingPaths == ["other_articles[1].comment"])
    }

    @Test func informingTheChildNeedsHowAndByWhom() throws {
        #expect(try bka(["informed_how": nil, "informed_by": nil]).missingPaths == [try noah("informed_how"), try noah("informed_by")])
        let notInformed: [String: AnswerValue?] = ["informed": .text("no"), "informed_how": nil, "informed_by": nil]
        #expect(try bka(notInformed).missingPaths == [])
        #expect(try !shownForNoah("informed_how", notInformed))
    }

    @Test func aChildNotHeardNeedsTheReasonAndHowThePositionWasFoundOtherwise() throws {
        let notHeard: [String: AnswerValue?] = ["heard": .text("no")]
        #expect(try bka(notHeard).missingPaths == [try noah("not_heard_reason"), try noah("position_otherwise")])
        // The child's own words and the weighing belong to a child who was heard; whether the
        // decision goes against the child's view is asked also when it was learnt otherwise.
        #expect(try !shownForNoah("views_own_words", notHeard))
        #expect(try shownForNoah("differs_from_view", notHeard))
        let other = try bka(["heard": .text("no"), "not_heard_reason": .text("other"),
                             "position_otherwise": .text("Genom samtal med mamman och skolans kurator om hur Noah har det.")])
        #expect(other.missingPaths == [try noah("not_heard_other")])
        let urgent = try bka(["heard": .text("no"), "not_heard_reason": .text("urgent"),
                              "position_otherwise": .text("Genom samtal med mamman och skolans kurator om hur Noah har det.")])
        #expect(urgent.missingPaths == [try noah("talk_planned_date")])
    }

    @Test func aChildHeardNeedsTheirWordsTheWeighingAndTheEffect() throws {
        for item in ["views_own_words", "maturity_assessment", "views_effect", "differs_from_view"] {
            #expect(try bka([item: nil]).missingPaths == [try noah(item)], "\(item)")
        }
        for way in ["via_representative", "in_writing"] {
            #expect(try bka(["heard": .text(way), "views_own_words": nil]).missingPaths == [try noah("views_own_words")])
        }
    }

    @Test func aFullAnalysisNeedsEveryElementASimpleOneDoesNot() throws {
        let elements = ["identity", "family", "care_safety", "vulnerability", "health", "education", "housing", "leisure"]
        var removed: [String: AnswerValue?] = [:]
        for element in elements {
            removed["fact_\(element)_impact"] = .some(nil)
            removed["fact_\(element)_comment"] = .some(nil)
        }
        let full = try bka(removed)
        #expect(full.missingPaths.count == 16)
        #expect(full.missing.allSatisfy { $0.section == "facts" && $0.reason.sv.contains("«Fördjupad»") })
        var simple = removed
        simple["depth"] = .text("simple")
        #expect(try bka(simple).missingPaths == [])
    }

    @Test func anUnknownElementNeedsWhatIsMissingAndWhyDecideAnyway() throws {
        #expect(try bka(["fact_health_impact": .text("unknown")]).missingPaths == ["missing_info"])
    }

    @Test func aWeakenedRightNeedsAFollowUpInTheProposedOptionOnly() throws {
        let option: [String: AnswerValue] = ["option": .text("Avslag"), "short_term": .text("Elen stängs av."),
                                             "long_term": .text("Familjen kan behöva flytta."), "rights_effect": .text("weakened"),
                                             "rights_effect_later": .text("weakened"), "proposed": .text("yes")]
        let other = option.merging(["rights_effect": .text("unaffected"), "rights_effect_later": .text("unaffected"),
                                    "proposed": .text("no")]) { $1 }
        #expect(try bka(["options": .entries([option, other]), "in_line": .text("partly")]).missingPaths
            .contains("options[1].follow_up"))
        // An option not proposed is compared, not followed up.
        let notProposed = option.merging(["proposed": .text("no")]) { $1 }
        #expect(try bka(["options": .entries([notProposed, other.merging(["proposed": .text("yes")]) { $1 }])]).missingPaths == [])
    }

    @Test func anOptionCanBeHardNowAndGoodLater() throws {
        let option: [String: AnswerValue] = ["option": .text("Flytt till familjehem"), "short_term": .text("Byte av skola."),
                                             "long_term": .text("Ett tryggt hem."), "rights_effect": .text("weakened"),
                                             "rights_effect_later": .text("strengthened"), "proposed": .text("yes")]
        let evaluation = try bka(["options": .entries([option, option.merging(["proposed": .text("no")]) { $1 }])])
        // Weakened now: followed up, and the proposal said to be in line is questioned.
        #expect(evaluation.missingPaths == ["options[1].follow_up", "in_line_despite_weakening"])
        let answered = try bka(["options": .entries([option.merging(["follow_up": .text("Stödsamtal varje vecka första terminen.")]) { $1 },
                                                     option.merging(["proposed": .text("no")]) { $1 }]),
                                "in_line_despite_weakening": .text("Skolbytet är svårt nu men hemmet är tryggt och barnet får stöd i skolan.")])
        #expect(answered.missingPaths == [])
    }

    @Test func conflictsNeedADescriptionUnlessThereAreNone() throws {
        #expect(try bka(["conflicts_comment": nil]).missingPaths == ["conflicts_comment"])
        #expect(try bka(["conflicts_comment": nil, "conflicts": .choices(["none"])]).missingPaths == [])
        #expect(try bka(["conflicts_comment": nil, "conflicts": nil]).missingPaths == [])
    }

    @Test func aDecisionNotInLineNeedsTheWeighingAndACompensatoryMeasureWithAnOwner() throws {
        for answer in ["partly", "no"] {
            #expect(try bka(["in_line": .text(answer)]).missingPaths == ["weightier_interests", "compensatory_measures"])
        }
        let evaluation = try bka(["in_line": .text("partly"),
                                  "weightier_interests": .text("Riktlinjen om likabehandling väger tyngre eftersom skulden är upprepad."),
                                  "compensatory_measures": .entries([["measure": .text("Budgetrådgivning varje vecka")]])])
        #expect(evaluation.missingPaths == ["compensatory_measures[1].owner", "compensatory_measures[1].due_date"])
    }

    @Test func goingAgainstTheChildsViewNeedsReasons() throws {
        #expect(try bka(["differs_from_view": .text("yes")]).missingPaths == [try noah("differs_reasons")])
    }

    @Test func aConcernNeedsAReportAndItsDate() throws {
        #expect(try bka(["concern": .text("yes")]).missingPaths == ["report_made"])
        #expect(try bka(["concern": .text("yes"), "report_made": .text("yes")]).missingPaths == ["report_date"])
        #expect(try bka(["concern": .text("yes"), "report_made": .text("no")]).missingPaths == ["report_not_made_reason", "supervisor_told_date"])
    }

    @Test(arguments: [
        ["decision_means": AnswerValue.choices(["move"])],
        ["decision_means": .choices(["school_change"])],
        ["decision_means": .choices(["separation_from_parent"])],
        ["decision_means": .choices(["sheltered_housing"])],
        ["decision_means": .choices(["unaccompanied_child"])],
        ["checklist_starred_no": .text("yes")],
        ["care_measure": .text("yes")],
    ])
    func fullDepthIsForced(by trigger: [String: AnswerValue]) throws {
        var changes: [String: AnswerValue?] = ["depth": .text("simple")]
        for (key, value) in trigger { changes[key] = value }
        let forced = try bka(changes)
        #expect(forced.missing.map(\.rule) == ["full-depth-forced"])
        #expect(forced.missing.first?.path.item == "depth")
        changes["depth"] = .text("full")
        #expect(try bka(changes).missing.isEmpty)
    }

    @Test func aSimpleAnalysisWithNoTriggerIsAllowed() throws {
        #expect(try bka(["depth": .text("simple"), "decision_means": .choices(["none"])]).missing.isEmpty)
    }

    @Test func careAgainstTheBestInterestIsAHardStopUntilOverridden() throws {
        let changes: [String: AnswerValue?] = [
            "care_measure": .text("yes"), "in_line": .text("no"),
            "weightier_interests": .text("Kommunens riktlinje om boendekostnad väger tyngre än barnets önskan att stanna."),
            "compensatory_measures": .entries([["measure": .text("Skolskjuts resten av terminen"), "owner": .text("Handläggaren"),
                                                "due_date": .text("2026-04-01")]]),
        ]
        let stopped = try bka(changes)
        #expect(stopped.missing.isEmpty)
        #expect(stopped.hardStops.map(\.rule) == ["care-measure-against-best-interest"])
        #expect(!stopped.canSubmit)
        #expect(try bka(changes, overrides: ["care-measure-against-best-interest"]).canSubmit)
        var partly = changes
        partly["in_line"] = .text("partly")
        #expect(try bka(partly).hardStops.count == 1)
        var inLine = changes
        inLine["in_line"] = .text("yes")
        #expect(try bka(inLine).hardStops.isEmpty)
        var notCare = changes
        notCare["care_measure"] = .text("no")
        #expect(try bka(notCare).hardStops.isEmpty)
    }

    @Test func onlyOneOptionInAFullAnalysisIsWarnedAbout() throws {
        let (_, answers) = try completeAnalysis()
        guard case .entries(let options)? = answers["options"] else { Issue.record("no options"); return }
        #expect(try bka(["options": .entries([options[0]])]).warningRules == ["only-one-option"])
        #expect(try bka(["options": .entries([options[0]]), "depth": .text("simple")]).warningRules == [])
    }

    @Test func allFactsUnknownIsWarnedAbout() throws {
        var changes: [String: AnswerValue?] = ["missing_info": .text("Familjen har inte velat berätta mer ännu.")]
        for element in ["identity", "family", "care_safety", "vulnerability", "health", "education", "housing", "leisure"] {
            changes["fact_\(element)_impact"] = .text("unknown")
        }
        #expect(try bka(changes).warningRules == ["all-facts-unknown"])
        changes["fact_leisure_impact"] = .text("negative")
        #expect(try bka(changes).warningRules == [])
    }

    @Test func theBestInterestCopiedIntoTheDecisionIsWarnedAbout() throws {
        let (_, answers) = try completeAnalysis()
        let text = try #require(answers["best_interest"]?.text)
        #expect(try bka(["proposed_decision": .text(text.uppercased() + "!")]).warningRules == ["best-interest-copied"])
    }

    @Test func lateFeedbackIsWarnedAbout() throws {
        #expect(try bka(["feedback_planned_date": .text("2026-04-02")]).warningRules == ["feedback-late"])
        #expect(try bka(["feedback_planned_date": .text("2026-04-01")]).warningRules == [])
    }

    @Test func shortViewsAndPlaceholdersAreWarnedAbout() throws {
        let short = try bka(["views_own_words": .text("Han vill bo kvar.")])
        #expect(short.warnings.map(\.kind) == [.tooShort])
        #expect(short.warnings.map(\.path.description) == [try noah("views_own_words")])
        #expect(try bka(["best_interest": .text("enl. ovan")]).warnings.map(\.kind) == [.placeholder])
    }

    @Test func theReviewSectionIsTheSupervisorsNotTheCaseworkers() throws {
        #expect(try bka().missingPaths == [])
        #expect(try bka(role: .supervisor).missingPaths == ["material_sufficient"])
        #expect(try bka(["material_sufficient": .text("no")], role: .supervisor).missingPaths == ["review_missing"])
    }
}

@Suite struct TheChecklistRules {
    func checklist() throws -> Checklist { try shipped().checklist("barnchecklista") }

    var questions: [String] {
        get throws {
            try checklist().sections.flatMap(\.items).filter { $0.type == .yesNoNA }.map(\.id)
        }
    }

    /// The questions asked only after another answer: the second half of a question that used to ask two things.
    static let followUpQuestions = ["heard_otherwise": ("heard", "no"), "full_analysis_planned": ("move_checked", "yes")]

    func complete() throws -> Answers {
        var answers: Answers = [
            "unit": .text("Vuxenenheten"), "case_ref": .text("VU-2026-31"), "decision": .text("Beslut om öppenvård för pappan."),
            "children_affected": .text("yes"), "children": .entries([["alias": .text("Sam"), "age": .number(9), "effect": .text("indirect")]]),
            "care_measure": .text("no"),
        ]
        for question in try questions { answers[question] = .text("yes") }
        return answers
    }

    func evaluate(_ answers: Answers) throws -> Evaluation {
        Worksheet(checklist: try checklist(), answers: answers).evaluate()
    }

    @Test func aCompleteChecklistIsComplete() throws {
        #expect(try questions.count == 21)
        let evaluation = try evaluate(complete())
        #expect(evaluation.missing.isEmpty && evaluation.warnings.isEmpty && evaluation.canSubmit)
    }

    @Test func everyQuestionIsRequiredAndANoNeedsAComment() throws {
        for question in try questions {
            var answers = try complete()
            if let (asker, answer) = Self.followUpQuestions[question] {
                // Asked only after that answer, which needs its own comment on a No.
                answers[asker] = .text(answer)
                if answer == "no" { answers["\(asker)_comment"] = .text("Barnet ville inte prata den här gången.") }
                answers[question] = nil
                #expect(try evaluate(answers).missingPaths == [question], "\(question)")
                answers[asker] = .text(answer == "no" ? "yes" : "no")
                if answer == "yes" { answers["\(asker)_comment"] = .text("Inte kontrollerat ännu, görs i veckan.") }
                #expect(!(try evaluate(answers).missingPaths.contains(question)), "\(question) is asked only after \(asker) \(answer)")
                continue
            }
            answers[question] = nil
            #expect(try evaluate(answers).missingPaths == [question])
            answers[question] = .text("no")
            #expect(try evaluate(answers).missingPaths == ["\(question)_comment"])
            answers[question] = .text("na")
            // Not applicable needs a comment where the child is at stake (heard, safety, best interest).
            let needsComment = ["heard", "safety_assessed", "report_considered", "best_interest_stated"].contains(question)
            #expect(try evaluate(answers).missingPaths == (needsComment ? ["\(question)_comment"] : []))
        }
    }

    @Test func aNoOnAStarredQuestionCallsForAFullAnalysis() throws {
        let starred = try checklist().allItems.filter(\.starred).map(\.id)
        #expect(starred == ["heard", "safety_assessed", "move_checked", "best_interest_stated", "against_justified"])
        for question in try questions {
            var answers = try complete()
            answers[question] = .text("no")
            answers["\(question)_comment"] = .text("Samtal bokas nästa vecka.")
            let rules = try evaluate(answers).warningRules
            #expect(rules == (starred.contains(question) ? ["starred-no-\(question)"] : []), "\(question)")
        }
    }

    @Test func noChildAffectedClosesAsNotApplicable() throws {
        let answers: Answers = ["unit": .text("Vuxenenheten"), "case_ref": .text("VU-2026-32"), "decision": .text("Beslut om boende."),
                                "children_affected": .text("no")]
        #expect(try evaluate(answers).missingPaths == ["no_children_reason"])
        var closed = answers
        closed["no_children_reason"] = .text("Den sökande har inga barn och inget umgänge.")
        let evaluation = try evaluate(closed)
        #expect(evaluation.closesAsNotApplicable && evaluation.canSubmit)
    }

    @Test func childrenAreRequiredWhenAffectedOrUnknown() throws {
        var answers = try complete()
        answers["children"] = nil
        #expect(try evaluate(answers).missingPaths == ["children"])
        answers["children_affected"] = .text("dont_know")
        #expect(try evaluate(answers).missingPaths == ["children"])
    }
}

/// The shipped checklists are found from the binary wherever it is: installed, or built in the tree.
@Suite struct ShippedChecklistsFound {
    @Test func besideAnInstalledBinaryAndAboveABuiltOne() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func shipped(at folder: String) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in ["barnkonsekvensanalys.yaml", "references.yaml"] {
                _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())
            }
        }
        try shipped(at: root + "/usr/share/barnkoll/checklists")
        #expect(ChecklistCatalog.shippedDirectory(executable: root + "/usr/bin/barnkoll")?.path
                == root + "/usr/share/barnkoll/checklists")
        try shipped(at: root + "/src/checklists")
        #expect(ChecklistCatalog.shippedDirectory(executable: root + "/src/.build/x86_64-unknown-linux-gnu/release/barnkoll")?.path
                == root + "/src/checklists")
        // A folder with only one of the two files is not the shipped one; the source tree's is found instead.
        try FileManager.default.createDirectory(atPath: root + "/other/checklists", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/other/checklists/references.yaml", contents: Data())
        #expect(ChecklistCatalog.shippedDirectory(executable: root + "/other/barnkoll")?.path == packageRoot.appendingPathComponent("checklists").path)
        #expect(ChecklistCatalog.shippedDirectory()?.path == packageRoot.appendingPathComponent("checklists").path)
        #if os(Linux)
        #expect(ChecklistCatalog.executablePath().map { FileManager.default.isExecutableFile(atPath: $0) } == true)
        #endif
    }
}
