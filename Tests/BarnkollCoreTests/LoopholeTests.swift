import BarnkollCore
import Foundation
import Testing

/// The ways the shipped worksheets could be ticked through (issue 20), each closed. The loopholes
/// themselves are shown open on barnkonsekvensanalys 2 and barnchecklista 1 in LoopholesBeforeAndAfter.
@Suite struct Loopholes {
    func checklista() throws -> Checklist { try shipped().checklist("barnchecklista") }

    /// A barnchecklista with every Ja/Nej/Ej aktuellt question answered `value`.
    func checklistaAnswered(_ value: String) throws -> Answers {
        var answers: Answers = [
            "unit": .text("Vuxenenheten"), "case_ref": .text("VU-2026-31"), "decision": .text("Beslut om öppenvård för pappan."),
            "children_affected": .text("yes"), "children": .entries([["alias": .text("Sam"), "age": .number(9), "effect": .text("indirect")]]),
            "care_measure": .text("no"),
        ]
        for item in try checklista().allItems where item.type == .yesNoNA { answers[item.id] = .text(value) }
        return answers
    }

    @Test func aChecklistOfOnlyNotApplicableNeedsCommentsWhereTheChildIsAtStake() throws {
        let evaluation = Worksheet(checklist: try checklista(), answers: try checklistaAnswered("na")).evaluate()
        #expect(evaluation.missingPaths == ["heard_comment", "safety_assessed_comment", "report_considered_comment", "best_interest_stated_comment"])
        #expect(!evaluation.canSubmit)
    }

    @Test func notApplicableOnAStarredQuestionWarns() throws {
        var answers = try checklistaAnswered("yes")
        answers["move_checked"] = .text("na")
        #expect(Worksheet(checklist: try checklista(), answers: answers).evaluate().warningRules == ["starred-na-move_checked"])
    }

    @Test func theChecklistAsksAboutCareAndSendsItToAFullAnalysis() throws {
        var answers = try checklistaAnswered("yes")
        answers["care_measure"] = nil
        #expect(Worksheet(checklist: try checklista(), answers: answers).evaluate().missingPaths == ["care_measure"])
        answers["care_measure"] = .text("yes")
        #expect(Worksheet(checklist: try checklista(), answers: answers).evaluate().warningRules == ["care-measure-needs-full-analysis"])
        let help = try #require(try checklista().allItems.first { $0.id == "care_measure" }?.help?.sv)
        #expect(help.contains("familjehem") && help.contains("LVU"))
    }

    @Test(arguments: ["decision_means", "decision_date", "checklist_starred_no"])
    func whatForcesFullDepthCannotBeLeftEmpty(_ item: String) throws {
        #expect(try bka([item: nil, "depth": .text("simple")]).missingPaths == [item])
    }

    @Test func aConcernWithNoReportNeedsAReasonAndTheSupervisorTold() throws {
        let changes: [String: AnswerValue?] = ["concern": .text("yes"), "report_made": .text("no")]
        #expect(try bka(changes).missingPaths == ["report_not_made_reason", "supervisor_told_date"])
        var told = changes
        told["report_not_made_reason"] = .text("En anmälan om samma oro finns redan hos barn- och ungdomsenheten.")
        told["supervisor_told_date"] = .text("2026-03-02")
        #expect(try bka(told).missingPaths == [])
    }

    @Test func aReportNotMadeIsWatchedUntilItsDateIsRecorded() throws {
        let watched = try #require(WatchedDate.all.first { $0.kind == .reportNotMade })
        #expect(watched.dueItem == "supervisor_told_date" && watched.doneItem == "report_date")
        let analysis = try shipped().checklist("barnkonsekvensanalys")
        #expect(analysis.allItems.contains { $0.id == watched.dueItem } && analysis.allItems.contains { $0.id == watched.doneItem })
    }

    @Test(arguments: ["via_representative", "in_writing", "no"])
    func goingAgainstTheChildsViewIsAskedWheneverTheViewIsKnown(_ heard: String) throws {
        var changes: [String: AnswerValue?] = ["heard": .text(heard), "differs_from_view": nil]
        if heard == "no" {
            changes["not_heard_reason"] = .text("declined")
            changes["position_otherwise"] = .text("Mamman berättar att Noah inte vill flytta från sina kompisar i skolan.")
            for item in ["views_own_words", "maturity_assessment", "views_effect"] { changes[item] = nil }
        }
        #expect(try bka(changes).missingPaths == [try noah("differs_from_view")])
        changes["differs_from_view"] = .text("partly")
        #expect(try bka(changes).missingPaths == [try noah("differs_reasons")])
        let help = try #require(try shipped().checklist("barnkonsekvensanalys").allItems.flatMap(\.items)
            .first { $0.id == "differs_from_view" }?.help?.sv)
        #expect(help.contains("företrädare"))
    }

    @Test func closingAsNoChildAffectedDoesNotAskForDepth() throws {
        let evaluation = try bka(["children_affected": .text("no"), "depth": nil,
                                  "no_children_reason": .text("Den sökande bor ensam och har inga barn.")])
        #expect(evaluation.missingPaths == [])
        #expect(!evaluation.visibleItems.contains("depth"))
        #expect(evaluation.closesAsNotApplicable && evaluation.canSubmit)
    }

    @Test func aCustodyMatterAgainstTheBestInterestIsAHardStop() throws {
        let changes: [String: AnswerValue?] = [
            "family_law": .text("yes"), "violence_reported": .text("no"), "in_line": .text("partly"),
            "weightier_interests": .text("Pappans rätt till umgänge väger tyngre än barnets önskan om färre helger."),
            "compensatory_measures": .entries([["measure": .text("Umgänget sker med stöd de första månaderna"), "owner": .text("Familjerätten"),
                                                "due_date": .text("2026-05-01")]]),
        ]
        let stopped = try bka(changes)
        #expect(stopped.hardStops.map(\.rule) == ["family-law-against-best-interest"])
        #expect(stopped.hardStops.first?.message.sv.contains("inte lagligt") == true)
        var inLine = changes
        inLine["in_line"] = .text("yes")
        #expect(try bka(inLine).hardStops.isEmpty)
    }

    @Test func aCustodyMatterWithViolenceForcesFullDepth() throws {
        var changes: [String: AnswerValue?] = ["depth": .text("simple"), "family_law": .text("yes"), "violence_reported": .text("yes")]
        #expect(try bka(changes).missing.map(\.rule) == ["full-depth-forced"])
        changes["violence_reported"] = .text("no")
        #expect(try bka(changes).missing.isEmpty)
        changes.updateValue(nil, forKey: "family_law")
        changes.updateValue(nil, forKey: "violence_reported")
        #expect(try bka(changes).missingPaths == ["family_law"])
    }

    /// A risk to the child (a concern) in a custody matter forces full depth as violence does.
    @Test func aCustodyMatterWithAConcernForcesFullDepth() throws {
        let concern: [String: AnswerValue?] = ["depth": .text("simple"), "family_law": .text("yes"), "violence_reported": .text("no"),
                                               "concern": .text("yes"), "report_made": .text("yes"), "report_date": .text("2026-02-27")]
        #expect(try bka(concern).missing.map(\.rule) == ["full-depth-forced"])
        #expect(try bka(concern.merging(["family_law": .text("no")]) { $1 }).missing.isEmpty)
    }

    /// Both decisive best-interest stops say a decision against it is not lawful, and name the only grounds to lift them.
    @Test func theHardStopsSayItIsNotLawfulAndNameTheGrounds() throws {
        let analysis = try shipped().checklist("barnkonsekvensanalys")
        let stops = analysis.rules.filter { $0.kind == .hardStop }
        #expect(stops.map(\.id).sorted() == ["care-measure-against-best-interest", "family-law-against-best-interest"])
        for stop in stops {
            #expect(stop.message.sv.contains("inte lagligt"), "\(stop.id)")
            for ground in ["fel klassat", "förslaget ändras", "nämnden"] { #expect(stop.message.sv.contains(ground), "\(stop.id): \(ground)") }
        }
        #expect(OverrideGround.allCases.count == 3)
    }

    /// What each child is told (GC12 para 45): fewer than all five things warns, for the child it concerns.
    @Test func feedbackThatLeavesSomethingOutWarns() throws {
        #expect(try bka().warningRules == [])
        let partial = try bka(["feedback_content": .choices(["decision", "next_steps"])])
        #expect(partial.warningRules == ["feedback-incomplete"])
        #expect(partial.canSubmit)
        #expect(try bka(["feedback_content": nil]).missingPaths == [try noah("feedback_content")])
    }

    /// In an adult's case (a child affected indirectly), the guardians' consent and secrecy are asked
    /// before talking to the child; a decision that affects every child directly does not ask it.
    @Test func anAdultsCaseAsksForTheGuardiansConsentAndSecrecy() throws {
        #expect(try bka(["guardians_considered": nil]).missingPaths == ["guardians_considered"])
        let (checklist, answers) = try bkaAnswers(["guardians_considered": nil])
        let direct = checklist.entries(of: "children", in: answers).map { $0.merging(["effect": .text("direct")]) { $1 } }
        let evaluation = Worksheet(checklist: checklist, answers: answers.merging(["children": .entries(direct)]) { $1 }).evaluate()
        #expect(!evaluation.missingPaths.contains("guardians_considered"))
        #expect(!evaluation.visibleItems.contains("guardians_considered"))
    }

    /// Open in barnkonsekvensanalys 6: the option proposed could weaken the child's rights while the
    /// proposal was said to be in line with the child's best interest, unasked.
    @Test func aProposalInLineWithAnOptionThatWeakensRightsIsQuestioned() throws {
        let (_, answers) = try bkaAnswers()
        guard case .entries(var options)? = answers["options"] else { throw Missing.fixture }
        options[1]["proposed"] = .text("yes")
        options[0]["proposed"] = .text("no")
        options[1]["follow_up"] = .text("Kontakt med elbolaget om en avbetalningsplan.")
        let questioned = try bka(["options": .entries(options), "in_line": .text("yes")])
        #expect(questioned.missingPaths == ["in_line_despite_weakening"])
        #expect(questioned.missing.first?.reason.sv.contains("i ett svar på «Vilka alternativ har du övervägt?»") == true)
        // The same answers in other entries do not add up: only the proposed option is read.
        options[1]["proposed"] = .text("no")
        #expect(try bka(["options": .entries(options)]).warningRules.contains("no-option-proposed"))
        #expect(try bka(["options": .entries(options)]).missingPaths == [])
    }

    @Test func aCompensatoryMeasureHasADueDate() throws {
        let measure: [String: AnswerValue] = ["measure": .text("Skolskjuts resten av terminen"), "owner": .text("Handläggaren")]
        let changes: [String: AnswerValue?] = ["in_line": .text("no"),
            "weightier_interests": .text("Riktlinjen om likabehandling väger tyngre eftersom skulden är upprepad."),
            "compensatory_measures": .entries([measure])]
        #expect(try bka(changes).missingPaths == ["compensatory_measures[1].due_date"])
    }

    @Test func theReviewSectionCannotBeAnsweredInTheCaseworkersDraft() throws {
        let analysis = try shipped().checklist("barnkonsekvensanalys")
        #expect(throws: StoreError.self) {
            _ = try Casework.checked(.text("yes"), item: "material_sufficient", in: analysis, kind: .real)
        }
        // Clearing an old answer there is still allowed, and the caseworker's items are not touched.
        #expect(try Casework.checked(nil, item: "material_sufficient", in: analysis, kind: .real) == nil)
        #expect(try Casework.checked(.text("yes"), item: "in_line", in: analysis, kind: .real) == .text("yes"))
    }
}

enum Missing: Error { case fixture }
