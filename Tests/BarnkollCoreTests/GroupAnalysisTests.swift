import BarnkollCore
import Foundation
import Testing

/// The complete, fictional group analysis in Tests/Fixtures, read the way `fill` reads it.
func completeGroupAnalysis() throws -> (Checklist, Answers) {
    let checklist = try shipped().checklist(Checklist.groupAnalysisID)
    let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-gruppanalys.yaml").path
    let data = try #require(FileManager.default.contents(atPath: path))
    return (checklist, try AnswerInput.readFile(data, file: path, checklist: checklist))
}

/// The third instrument (issue 22): decisions about children as a group.
@Suite struct TheGroupAnalysis {
    func evaluate(_ changes: [String: AnswerValue?] = [:]) throws -> Evaluation {
        var (checklist, answers) = try completeGroupAnalysis()
        for (key, value) in changes { answers[key] = value }
        return Worksheet(checklist: checklist, answers: answers).evaluate(overrides: [], role: .caseworker)
    }

    @Test func everyTextIsInSwedishAndEnglish() throws {
        let checklist = try shipped().checklist(Checklist.groupAnalysisID)
        #expect(checklist.title.en != nil && checklist.description?.en != nil && checklist.idPrefix == "GBA")
        for section in checklist.sections {
            #expect(section.title.en != nil, "\(section.id)")
            if let help = section.help { #expect(help.en != nil, "\(section.id)") }
        }
        for item in checklist.allItems + checklist.allItems.flatMap(\.items) {
            #expect(item.prompt.en != nil, "\(item.id) has no English prompt")
            if let help = item.help { #expect(help.en != nil, "\(item.id) has no English help") }
            for option in item.options { #expect(option.label.en != nil, "\(item.id).\(option.value)") }
        }
        for rule in checklist.rules { #expect(rule.message.en != nil, "\(rule.id)") }
    }

    @Test func itAsksForNoChildAndNoCase() throws {
        let checklist = try shipped().checklist(Checklist.groupAnalysisID)
        let ids = Set((checklist.allItems + checklist.allItems.flatMap(\.items)).map(\.id))
        for personal in ["alias", "case_ref", "children", "relation", "lives_in_household", "age"] {
            #expect(!ids.contains(personal), "\(personal)")
        }
        // Ages are a range of the group, and options are asked for each group.
        #expect(ids.isSuperset(of: ["age_from", "age_to", "estimated_number", "diary_number", "decision_type", "child_summary"]))
        #expect(checklist.item("group_consequences")?.each == "child_groups")
    }

    /// The diary number given when the analysis is made answers its question, as a case reference does.
    @Test func theDiaryNumberIsGivenOnce() throws {
        let checklist = try shipped().checklist(Checklist.groupAnalysisID)
        let answers = checklist.withCaseAnswers(caseRef: "SN-2026-114", unit: "Socialnämnden", into: [:])
        #expect(answers["diary_number"] == .text("SN-2026-114") && answers["unit"] == .text("Socialnämnden"))
        #expect(answers["case_ref"] == nil)
    }

    @Test func theCompleteFixtureIsCompleteAndClean() throws {
        let evaluation = try evaluate()
        #expect(evaluation.missingPaths == [])
        #expect(evaluation.warnings.map(\.path.description) == [])
        #expect(evaluation.canSubmit && !evaluation.closesAsNotApplicable)
    }

    @Test func aNoIsKeptWithItsReasonsAsAScreening() throws {
        var evaluation = try evaluate(["children_affected": .text("no")])
        #expect(evaluation.missingPaths == ["screening_no_reason"])
        evaluation = try evaluate(["children_affected": .text("no"),
                                   "screening_no_reason": .text("Beslutet gäller lokalerna för vuxenenhetens arkiv, som inga barn besöker eller påverkas av.")])
        #expect(evaluation.closesAsNotApplicable && evaluation.canSubmit)
    }

    @Test func noChildrenHeardNeedsWhyAndGoingAgainstThemNeedsReasons() throws {
        var evaluation = try evaluate(["consulted": .text("no")])
        #expect(evaluation.missingPaths == ["not_consulted_reason"])
        evaluation = try evaluate(["against_views": .text("partly")])
        #expect(evaluation.missingPaths == ["against_views_reasons"])
        evaluation = try evaluate(["in_line": .text("no"), "weightier_interests": nil])
        #expect(evaluation.missingPaths == ["weightier_interests"])
    }

    @Test func aWeakenedGroupWithoutMeasuresIsWarnedAbout() throws {
        var (checklist, answers) = try completeGroupAnalysis()
        guard case .entries(var groups)? = answers["child_groups"] else { Issue.record("no groups"); return }
        groups[1]["rights_effect"] = .text("weakened")
        answers["child_groups"] = .entries(groups)
        answers["compensatory_measures"] = nil
        let evaluation = Worksheet(checklist: checklist, answers: answers).evaluate(overrides: [], role: .caseworker)
        #expect(evaluation.warningRules == ["weakened-without-measures"])
    }

    /// An age range that runs backwards is not complete until mended; an equal range (children of
    /// one age) is.
    @Test func aGroupsAgesMayNotRunBackwards() throws {
        var (checklist, answers) = try completeGroupAnalysis()
        guard case .entries(var groups)? = answers["child_groups"] else { Issue.record("no groups"); return }
        groups[1]["age_from"] = .number(12)
        groups[1]["age_to"] = .number(5)
        answers["child_groups"] = .entries(groups)
        var evaluation = Worksheet(checklist: checklist, answers: answers).evaluate(overrides: [], role: .caseworker)
        #expect(evaluation.missing.map(\.rule) == ["ages-reversed"])
        // At the field to mend, in the entry where it runs backwards: the worksheet says it there.
        #expect(evaluation.missingPaths == ["child_groups[2].age_to"])
        #expect(!evaluation.canSubmit)
        var both = groups
        both[0]["age_to"] = .number(1)
        answers["child_groups"] = .entries(both)
        evaluation = Worksheet(checklist: checklist, answers: answers).evaluate(overrides: [], role: .caseworker)
        #expect(evaluation.missingPaths == ["child_groups[1].age_to", "child_groups[2].age_to"])
        answers["child_groups"] = .entries(groups)
        // Listed in its section's place, between what earlier and later sections lack.
        var incomplete = answers
        incomplete["child_summary"] = nil
        incomplete["meeting_date"] = nil
        evaluation = Worksheet(checklist: checklist, answers: incomplete).evaluate(overrides: [], role: .caseworker)
        #expect(evaluation.missingPaths == ["meeting_date", "child_groups[2].age_to", "child_summary"])
        groups[1]["age_to"] = .number(12)
        answers["child_groups"] = .entries(groups)
        evaluation = Worksheet(checklist: checklist, answers: answers).evaluate(overrides: [], role: .caseworker)
        #expect(evaluation.missingPaths == [] && evaluation.canSubmit)
    }

    @Test func textThatLooksLikeAPersonnummerIsRefusedInAnyStore() throws {
        let checklist = try shipped().checklist(Checklist.groupAnalysisID)
        // Built here with a right check digit, never written down: only fictional numbers in the tree.
        let number = Personnummer.withCheckDigit("640823323")
        for kind in [StoreKind.real, .training] {
            #expect(throws: StoreError.self) {
                try Casework.checked(.text("Gäller \(number) och hans barn."), item: "proposal", in: checklist, kind: kind)
            }
            #expect(throws: StoreError.self) {
                try Casework.checked(.entries([["group_name": .text("Barn till \(number)")]]), item: "child_groups",
                                     in: checklist, kind: kind)
            }
        }
        #expect(try Casework.checked(.text("Gäller 420 barn."), item: "proposal", in: checklist, kind: .real) != nil)
        // The individual analysis in a real store still only warns, as before.
        let analysis = try shipped().checklist("barnkonsekvensanalys")
        #expect(try Casework.checked(.text("Se \(number)."), item: "decision", in: analysis, kind: .real) != nil)
    }

    @Test func everyoneReadsItAndAnySupervisorOrAdminButTheAuthorReviewsIt() throws {
        let summary = AnalysisSummary(id: "GBA-2026-0001", checklistID: Checklist.groupAnalysisID, checklistVersion: 1,
                                      caseRef: "SN 2026/0412", unit: "Norr", author: "nora", status: .submitted, versions: 1,
                                      createdAt: "2026-05-01T08:00:00.000Z", updatedAt: "2026-05-01T08:00:00.000Z")
        let sven = Actor(account: "sven", roles: [], units: ["Söder": [.caseworker]], unitsDefined: true)
        let siv = Actor(account: "siv", roles: [], units: ["Söder": [.supervisor]], unitsDefined: true)
        let admin = Actor(account: "anna", roles: [.admin], unitsDefined: true)
        let nora = Actor(account: "nora", roles: [.supervisor], unitsDefined: true)
        #expect(Permissions(actor: sven, summary: summary).canSee)
        #expect(throws: StoreError.self) { try Permissions(actor: sven, summary: summary).requireReview() }
        try Permissions(actor: siv, summary: summary).requireReview()
        try Permissions(actor: admin, summary: summary).requireReview()
        #expect(throws: StoreError.self) { try Permissions(actor: nora, summary: summary).requireReview() }
        // An individual analysis of Norr stays Norr's.
        var individual = summary
        individual.checklistID = "barnkonsekvensanalys"
        #expect(!Permissions(actor: sven, summary: individual).canSee)
        #expect(throws: StoreError.self) { try Permissions(actor: siv, summary: individual).requireReview() }
    }

    /// Its document prints the supervisor's comment, so a review's comments hold no personnummer
    /// either; nor do they in a training store. An individual analysis's review is not held to it.
    @Test func itsReviewCommentsHoldNoPersonnummerNorDoATrainingStores() throws {
        let (checklist, answers) = try completeGroupAnalysis()
        let summary = AnalysisSummary(id: "GBA-2026-0001", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "SN 2026/0412", unit: "Norr", author: "nora", status: .submitted, versions: 1,
                                      createdAt: "2026-05-01T08:00:00.000Z", updatedAt: "2026-05-01T08:00:00.000Z")
        let group = Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [], position: nil)
        let siv = Actor(account: "siv", roles: [], units: ["Söder": [.supervisor]], unitsDefined: true)
        let number = Personnummer.withCheckDigit("640823323")   // built, never written down
        let refused = StoreError.notAllowed(Casework.groupIdentityRefusal(number)).message(.sv)
        let approval = #expect(throws: StoreError.self) {
            try Casework.review(group, by: siv, decision: .approve, comment: "Se \(number).", itemComments: [:], rule: nil, kind: .real)
        }
        #expect(approval?.message(.sv) == refused)
        let itemComment = #expect(throws: StoreError.self) {
            try Casework.review(group, by: siv, decision: .return, comment: "Komplettera.",
                                itemComments: ["proposal": "Gäller \(number)?"], rule: nil, kind: .real)
        }
        #expect(itemComment?.message(.sv) == refused)
        // A number hidden by a character the comment is cleaned of is found all the same.
        #expect(throws: StoreError.self) {
            try Casework.review(group, by: siv, decision: .approve, comment: String(number.prefix(6)) + "\u{7F}" + number.suffix(4),
                                itemComments: [:], rule: nil, kind: .real)
        }
        #expect(try Casework.review(group, by: siv, decision: .approve, comment: "Tydlig bilaga.", itemComments: [:],
                                    rule: nil, kind: .real).moveTo == .approved)

        var individual = summary
        individual.id = "BKA-2026-0001"
        individual.checklistID = "barnkonsekvensanalys"
        let analysis = Analysis(summary: individual, checklist: try shipped().checklist("barnkonsekvensanalys"), answers: [:],
                                versions: [], reviews: [], position: nil)
        let nils = Actor(account: "nils", roles: [], units: ["Norr": [.supervisor]], unitsDefined: true)
        #expect(try Casework.review(analysis, by: nils, decision: .return, comment: "Se \(number).", itemComments: [:],
                                    rule: nil, kind: .real).moveTo == .returned)
        let training = #expect(throws: StoreError.self) {
            try Casework.review(analysis, by: nils, decision: .return, comment: "Se \(number).", itemComments: [:], rule: nil,
                                kind: .training)
        }
        #expect(training?.message(.sv) == StoreError.notAllowed(Casework.identityRefusal(number)).message(.sv))
    }

    /// A review's comment written before barnkoll refused a personnummer there (or moved in as it
    /// was written) stays in the record; the text, Markdown and HTML handed out mask it, and say
    /// where. An analysis of one child may name the child in its case file: nothing is masked.
    @Test func aPersonnummerInAReviewCommentIsMaskedInWhatIsHandedOutAndKeptInTheRecord() throws {
        let (checklist, answers) = try completeGroupAnalysis()
        let number = Personnummer.withCheckDigit("640823323")   // built, never written down
        let summary = AnalysisSummary(id: "GBA-2026-0001", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "SN 2026/0412", unit: "Norr", author: "nora", status: .approved, versions: 2,
                                      createdAt: "2026-05-01T08:00:00.000Z", updatedAt: "2026-05-03T08:00:00.000Z")
        let reviews = [
            Review(analysisID: summary.id, version: 1, reviewer: "siv", decision: .return, comment: "Komplettera.",
                   itemComments: ["proposal": "Gäller \(number)?"], rule: nil, at: "2026-05-02T08:00:00.000Z"),
            Review(analysisID: summary.id, version: 2, reviewer: "siv", decision: .approve, comment: "Se \(number) och \(number).",
                   itemComments: [:], rule: nil, at: "2026-05-03T08:00:00.000Z"),
        ]
        let group = Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: reviews, position: nil)
        let swedish = AnalysisDocument(analysis: group, language: .sv)
        #expect(swedish.maskedPlaces == [.reviewItemComment(version: 1, item: "proposal"), .reviewComment(version: 2)])
        // Markdown escapes the brackets, which it would otherwise read as a link.
        for (name, shown, mask) in [("text", swedish.text(), "[personnummer maskerat]"),
                                    ("markdown", swedish.markdown(), "\\[personnummer maskerat\\]"),
                                    ("html", swedish.html(), "[personnummer maskerat]")] {
            #expect(!shown.contains(number) && shown.contains("Se \(mask) och \(mask)."), "\(name)")
        }
        #expect(AnalysisDocument(analysis: group, language: .en).text().contains("Se [personnummer masked] och [personnummer masked]."))
        // The JSON is the record as kept, and the warning names the places without the number.
        #expect(swedish.json().contains("Se \(number) och \(number)."))
        let warning = MaskedPlace.warning(summary.id, swedish.maskedPlaces)
        #expect(warning.text(.sv) == "GBA-2026-0001: det som ser ut som ett personnummer är maskerat i dokumentet "
                + "(kommentaren till proposal i granskningen av version 1, kommentaren i granskningen av version 2); lagret har kvar det som skrevs")
        #expect(!warning.text(.en).contains(number) && warning.text(.en).hasSuffix("; the store keeps what was written"))

        // An analysis of one child: its case file may name the child. From a training store: masked.
        var individual = summary
        individual.id = "BKA-2026-0001"
        individual.checklistID = "barnkonsekvensanalys"
        let analysis = Analysis(summary: individual, checklist: try shipped().checklist("barnkonsekvensanalys"), answers: [:],
                                versions: [], reviews: reviews, position: nil)
        var caseFile = AnalysisDocument(analysis: analysis, language: .sv)
        #expect(caseFile.maskedPlaces.isEmpty && caseFile.text().contains("Se \(number) och \(number)."))
        caseFile.training = true
        #expect(caseFile.maskedPlaces.count == 2 && !caseFile.text().contains(number) && !caseFile.markdown().contains(number))
    }

    @Test func aPersonnummerIsMaskedWhereverItSitsAndNothingElseIs() {
        let number = Personnummer.withCheckDigit("640823323")
        #expect(Personnummer.masking("Ring 070-123 45 67 den 2026-03-01.", with: "[x]") == nil)
        #expect(Personnummer.masking("\(number)", with: "[x]") == "[x]")
        #expect(Personnummer.masking("a \(number), b 19\(number)", with: "[x]") == "a [x], b [x]")
    }

    /// What `verify` names: the places of a review's comments that hold one, the comment first and
    /// then the items by id, one entry an analysis, and the words said of it.
    @Test func theReviewCommentsKeepingAPersonnummerAreNamedByPlace() {
        let number = Personnummer.withCheckDigit("640823323")
        #expect(KeptPersonnummer.places(inReviewOf: 1, comment: "Tydlig bilaga.", itemComments: ["a": "Bra."]).isEmpty)
        #expect(KeptPersonnummer.places(inReviewOf: 2, comment: "Se \(number).", itemComments: ["b": "ok", "a": number, "c": "19\(number)"])
                == [.reviewComment(version: 2), .reviewItemComment(version: 2, item: "a"), .reviewItemComment(version: 2, item: "c")])
        let kept = KeptPersonnummer.grouped([("GBA-2026-0001", .reviewComment(version: 1)), ("GBA-2026-0001", .reviewComment(version: 2)),
                                             ("GBA-2026-0002", .reviewItemComment(version: 1, item: "a"))])
        #expect(kept == [KeptPersonnummer(analysisID: "GBA-2026-0001", places: [.reviewComment(version: 1), .reviewComment(version: 2)]),
                         KeptPersonnummer(analysisID: "GBA-2026-0002", places: [.reviewItemComment(version: 1, item: "a")])])
        #expect(kept[0].notice.text(.sv) == "GBA-2026-0001: det som ser ut som ett personnummer finns kvar i kommentaren i granskningen av "
                + "version 1, kommentaren i granskningen av version 2, skrivet innan barnkoll nekade det där; posten ändras inte, "
                + "och dokumenten som lämnas ut maskerar det")
        #expect(kept[1].notice.text(.en).hasPrefix("GBA-2026-0002: what looks like a personnummer is kept in the comment on a in the review of version 1,"))
    }

    @Test func showLaysItOutAsAnAttachmentWithTheChildrensSummaryFirst() throws {
        let (checklist, answers) = try completeGroupAnalysis()
        let summary = AnalysisSummary(id: "GBA-2026-0001", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "SN 2026/0412", unit: "Ekonomiskt bistånd", author: "nora", status: .approved,
                                      versions: 1, createdAt: "2026-05-01T08:00:00.000Z", updatedAt: "2026-05-03T08:00:00.000Z")
        let approval = Review(analysisID: summary.id, version: 1, reviewer: "siv", decision: .approve, comment: nil,
                              itemComments: [:], rule: nil, at: "2026-05-03T08:00:00.000Z")
        let analysis = Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [approval], position: nil)
        let markdown = AnalysisDocument(analysis: analysis, language: .sv).markdown()
        #expect(markdown.hasPrefix("# Bilaga till beslut: barnkonsekvensanalys\n"))
        for line in ["- **Diarienummer:** SN 2026/0412", "- **Beslutande:** Nämnden",
                     "- **Sorts beslut:** Riktlinje eller ändrad inriktning", "## Granskning", "siv"] {
            #expect(markdown.contains(line), "\(line)")
        }
        let forChildren = try #require(markdown.range(of: "## Sammanfattning för barn"))
        let groups = try #require(markdown.range(of: "## Grupper av barn"))
        #expect(forChildren.lowerBound < groups.lowerBound)
        // Each group's consequences under the group's name, no child anywhere, no review section.
        #expect(markdown.contains("Barn med funktionsnedsättning i samma hushåll"))
        #expect(!markdown.contains("Alias") && !markdown.contains("Räcker underlaget"))
        #expect(markdown.components(separatedBy: "Nämnden har bestämt").count == 2)   // the summary once
        // Plain text, for a case journal, names the diary number as a diary number too.
        let text = AnalysisDocument(analysis: analysis, language: .sv).text()
        #expect(text.contains("\nDiarienummer: SN 2026/0412\n") && !text.contains("Ärendereferens"), "\(text)")
        let english = AnalysisDocument(analysis: analysis, language: .en)
        #expect(english.text().contains("\nDiary number: SN 2026/0412\n"))
        #expect(english.markdown().contains("## Summary for children"))
        #expect(english.html().contains("<h2>Summary for children</h2>"))
    }
}
