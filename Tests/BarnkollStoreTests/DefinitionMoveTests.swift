import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// A draft or returned analysis moves onto the newest definition of its checklist when it is next
/// opened to work on, so a new rule holds for work in progress too; what was decided never moves.
/// Run against every store kind.
@Suite struct DefinitionMoves {
    /// The test checklist's next version: a new required question (`safety`), the group of
    /// children gone, and "Nej" no longer an option of `care`.
    static let next: Checklist = {
        let yaml = testChecklistYAML
            .replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: """
                      - {value: "no", label: {sv: Nej, en: "No"}}
                  - id: children
            """, with: """

                  - id: children
            """)
            .replacingOccurrences(of: """
                  - id: children
                    type: group
                    prompt: {sv: Barnen, en: The children}
                    items:
                      - {id: alias, type: text, prompt: {sv: Alias}, required: true}
                      - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}
            """, with: """
                  - id: safety
                    type: long_text
                    prompt: {sv: Är barnet tryggt?, en: Is the child safe?}
                    required: true
            """)
        do {
            return try ChecklistLoader.load(yaml: yaml, file: "test-v2.yaml")
        } catch {
            preconditionFailure("the next test checklist does not load: \(error)")
        }
    }()

    static let catalog = ChecklistCatalog([next])

    @Test func theNextVersionIsWhatTheTestsSayItIs() {
        #expect(Self.next.version == 2)
        #expect(Self.next.item("children") == nil && Self.next.item("safety") != nil)
        #expect(Self.next.item("care")?.options.map(\.value) == ["yes"])
    }

    @Test(arguments: ContractStore.enabled)
    func aDraftMovesKeepingItsAnswersAndSaysWhatIsNew(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let answers: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar hos mormor."), "care": .text("no"),
                                "children": .entries([["alias": .text("Ett"), "age": .number(7)]])]
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: answers).id

        let (analysis, moved) = try store.openForWork(id, catalog: Self.catalog, by: "anna")
        let move = try #require(moved)
        #expect(move.fromVersion == 1)
        #expect(analysis.checklist.version == 2 && analysis.summary.checklistVersion == 2)
        #expect(analysis.answers == ["affected": .text("yes"), "view": .text("Vill bo kvar hos mormor.")])
        #expect(move.dropped.map(\.item) == ["care", "children"])
        #expect(move.dropped.map(\.reason) == [.doesNotFit, .gone])
        #expect(move.dropped.first?.text.sv == "Nej")
        #expect(move.newQuestions.map(\.sv) == ["Är barnet tryggt?"])
        let notice = move.notice(.sv)
        #expect(notice.paragraphs.contains { $0.contains("Nya frågor: «Är barnet tryggt?»") })
        #expect(notice.paragraphs.contains { $0.contains("«Vård?»") && $0.contains("Det var: «Nej»") })

        // Audited: the move and each answer it cleared; the chain still verifies.
        let events = try store.auditEvents(for: id).map(\.action)
        #expect(events.contains("analysis.definition"))
        let detail = try store.auditEvents(for: id).first { $0.action == "analysis.definition" }?.detail ?? ""
        #expect(detail.hasPrefix("testlista v1 v2 "), "\(detail)")
        #expect(try store.verify().isEmpty)

        // The new definition's rules hold: the new required question stops the submission.
        #expect(throws: StoreError.self) { _ = try store.submit(id, by: "anna") }
        try store.save(id, item: "safety", value: .text("Ja, hos mormor är barnet tryggt."), by: "anna")
        #expect(try store.submit(id, by: "anna") == .submitted)

        // Once moved it stays: opening again moves nothing.
        #expect(try store.moveDefinition(id, catalog: Self.catalog, by: "anna") == nil)
    }

    @Test(arguments: ContractStore.enabled)
    func whatWasDecidedNeverMovesAndAReturnedAnalysisDoes(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let complete: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar.")]
        func submitted() throws -> String {
            let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna", answers: complete).id
            _ = try store.submit(id, by: "anna")
            return id
        }
        let approved = try submitted()
        _ = try store.approve(approved, by: "bertil", comment: nil)
        let waiting = try submitted()
        let returned = try submitted()
        try store.return(returned, by: "bertil", comment: "Skriv om tryggheten.", itemComments: [:])

        for id in [approved, waiting] {
            let before = try store.analysis(id, readBy: "anna")
            let opened = try store.openForWork(id, catalog: Self.catalog, by: "anna")
            #expect(opened.moved == nil)
            #expect(opened.analysis.checklist.version == 1 && opened.analysis.answers == before.answers)
            #expect(AnalysisDocument(analysis: opened.analysis, language: .sv).text() == AnalysisDocument(analysis: before, language: .sv).text())
        }
        // A supervisor reading a returned analysis moves nothing: only opening it to work on does.
        _ = try store.analysis(returned, readBy: "bertil")
        #expect(try store.header(returned).summary.checklistVersion == 1)
        let opened = try store.openForWork(returned, catalog: Self.catalog, by: "anna")
        #expect(opened.moved != nil && opened.analysis.summary.status == .returned)
        #expect(opened.analysis.checklist.version == 2)
        // The version that was returned keeps the definition it was submitted on.
        #expect(opened.analysis.versions.count == 1)
        #expect(try store.verify().isEmpty)
    }

    /// The definitions barnkoll shipped: a draft made with barnkonsekvensanalys 2 (the file as it
    /// shipped, in Tests/Fixtures) moves onto the shipped one and keeps its answers; a caseworker's
    /// answer to the supervisor's review section, which version 2 let through, is not carried; and
    /// the loophole version 3 closed (no decision means, no date) closes for the draft too.
    @Test func aDraftOnTheShippedVersion2MovesOntoTheShippedChecklist() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let old = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("Tests/Fixtures/barnkonsekvensanalys-v2.yaml").path,
                                                knownReferences: try shipped().knownReferences)
        #expect(old.version == 2)
        let answers: Answers = [
            "decision": .text("Beslut om kontaktperson för familjen."), "children_affected": .text("yes"),
            "children": .entries([["alias": .text("Alva"), "age": .number(9), "effect": .text("direct")]]),
            "informed": .text("yes"), "heard": .text("directly"),
        ]
        let id = try store.create(checklist: old, caseRef: "R-7", unit: "Norr", author: "anna", answers: answers).id
        // As version 2's barnkoll let a caseworker do: the review section answered in the draft.
        let queue = try DatabaseQueue(path: store.location)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by)
                VALUES (?, 'material_sufficient', '"yes"', 'yes', '2026-11-30T09:00:00.000Z', 'anna')
                """, arguments: [id])
        }
        try queue.close()

        let catalog = try shipped()
        let latest = try catalog.checklist("barnkonsekvensanalys")
        let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: "anna")
        let move = try #require(moved)
        #expect(move.fromVersion == 2 && analysis.checklist.version == latest.version)
        for item in ["decision", "children_affected"] { #expect(analysis.answers[item] == answers[item], "\(item)") }
        // The voice, once one answer for all the children, is now Alva's own.
        #expect(analysis.answers["children"] == .entries([["alias": .text("Alva"), "age": .number(9), "effect": .text("direct"),
                                                           "informed": .text("yes"), "heard": .text("directly")]]))
        #expect(analysis.answers["heard"] == nil && analysis.answers["informed"] == nil)
        #expect(analysis.answers["material_sufficient"] == nil)
        #expect(move.dropped.map(\.item) == ["material_sufficient"] && move.dropped.first?.reason == .review)
        #expect(move.newQuestions.contains { $0.sv == latest.item("decision_means")?.prompt.sv } == false,
                "decision_means was asked in version 2 already")
        #expect(move.newQuestions.contains { $0.sv == latest.item("family_law")?.prompt.sv })
        let missing = analysis.evaluate().missing.map(\.path.item)
        #expect(missing.contains("decision_means") && missing.contains("decision_date"))
    }

    /// A complete draft on version 4, one voice for all the children, moves onto version 5: each
    /// child gets that voice to go over, nothing is lost, and the caseworker is told.
    @Test func aDraftWithOneVoiceForAllTheChildrenGivesEachChildTheirOwn() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let v4 = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("Tests/Fixtures/barnkonsekvensanalys-v4.yaml").path,
                                               knownReferences: try shipped().knownReferences)
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka-v4.yaml").path
        let answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: path)), file: path, checklist: v4)
        let id = try store.create(checklist: v4, caseRef: "EB-2026-117", unit: "Norr", author: "anna", answers: answers).id

        let (analysis, moved) = try store.openForWork(id, catalog: try shipped(), by: "anna")
        let move = try #require(moved)
        let newest = try shipped().checklist("barnkonsekvensanalys").version
        #expect(move.fromVersion == 4 && analysis.checklist.version == newest)
        #expect(move.dropped.isEmpty, "\(move.dropped)")
        guard case .entries(let children)? = analysis.answers["children"] else {
            Issue.record("no children")
            return
        }
        for voice in ["informed", "informed_how", "heard", "views_own_words", "maturity_assessment", "views_effect", "differs_from_view"] {
            #expect(children.map { $0[voice] } == [answers[voice], answers[voice]], "\(voice)")
            #expect(analysis.answers[voice] == nil)
        }
        #expect(move.copiedToEachEntry.map(\.sv).contains("Fick barnet framföra sina åsikter?"))
        let notice = move.notice(.sv).paragraphs.joined(separator: "\n")
        #expect(notice.contains("ställs nu för varje barn") && notice.contains("barn för barn"))
        // What versions 6 and 7 ask that version 4 did not is all that is missing: what each child is told, the
        // questions for a decision about an adult (support to the parent, the child as a relative, an interpreter),
        // and of each option whether it is the one proposed and what it does to the child's rights in the long term.
        #expect(Set(analysis.evaluate().missing.map(\.path.description))
            == ["child_feedback[1].feedback_content", "child_feedback[2].feedback_content", "guardians_considered",
                 "parent_support", "child_as_relative", "interpreter", "options[1].rights_effect_later", "options[1].proposed",
                 "options[2].rights_effect_later", "options[2].proposed"])
        // The move is in the chain, and the stored answers are what the analysis now reads.
        #expect(try store.verify().isEmpty)
        #expect(try store.analysis(id, readBy: "anna").answers == analysis.answers)
    }

    /// An analysis approved on barnkonsekvensanalys 4 (one voice for all the children, none of the
    /// questions of versions 5 to 7) keeps that definition: opened to work on with the shipped checklists it does
    /// not move, and it reads and exports word for word as before, in every format.
    @Test(arguments: ContractStore.enabled)
    func anAnalysisApprovedOnAnOlderShippedDefinitionReadsAsBefore(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let v4 = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("Tests/Fixtures/barnkonsekvensanalys-v4.yaml").path,
                                               knownReferences: try shipped().knownReferences)
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka-v4.yaml").path
        let answers = try AnswerInput.readFile(try #require(FileManager.default.contents(atPath: path)), file: path, checklist: v4)
        // The unit given answers the unit item: the one the answers name, so that they stay as read.
        let id = try store.create(checklist: v4, caseRef: "EB-2026-117", unit: answers["unit"]?.text ?? "", author: "anna",
                                  answers: answers).id
        #expect(try store.submit(id, by: "anna") == .submitted)
        _ = try store.approve(id, by: "bertil", comment: nil)
        let before = try store.analysis(id, readBy: "anna")

        let catalog = try shipped()
        #expect(try catalog.checklist("barnkonsekvensanalys").version > 4)
        let opened = try store.openForWork(id, catalog: catalog, by: "anna")
        #expect(opened.moved == nil)
        let after = try store.analysis(id, readBy: "anna")
        #expect(after.checklist.version == 4 && after.summary.checklistVersion == 4 && after.answers == answers)
        #expect(after.checklist.item("heard") != nil && after.checklist.item("parent_support") == nil)
        let documents = { (analysis: Analysis) in
            let document = AnalysisDocument(analysis: analysis, language: .sv, references: catalog.references)
            return [document.text(), document.markdown(), document.html(), document.json()]
        }
        #expect(documents(after) == documents(before))
        // The one voice reads as it was answered, not as each child's.
        let markdown = documents(after)[1]
        #expect(markdown.contains("Noah är tretton år") && !markdown.contains("Ella · "))
        #expect(try store.auditEvents(for: id).allSatisfy { $0.action != "analysis.definition" })
        #expect(try store.verify().isEmpty)
    }

    func shipped() throws -> ChecklistCatalog {
        try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
    }
}

/// Barnchecklista 3 to 4 (issue 22): the kind of decision is only added, so a draft keeps every
/// answer and the caseworker is told of the new question, whose options are the unit's list.
@Suite struct DecisionKindMove {
    func shipped() throws -> ChecklistCatalog {
        try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
    }

    @Test func aChecklistDraftOnVersion3GetsTheKindOfDecisionAsANewQuestion() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let old = try ChecklistCatalog.loadFile(packageRoot.appendingPathComponent("Tests/Fixtures/barnchecklista-v3.yaml").path,
                                                knownReferences: try shipped().knownReferences)
        #expect(old.version == 3 && old.item("decision_kind") == nil)
        let answers: Answers = [
            "unit": .text("Ekonomiskt bistånd"), "decision": .text("Ansökan om bistånd till en elskuld."),
            "children_affected": .text("yes"),
            "children": .entries([["alias": .text("Alva"), "age": .number(9)]]),
        ]
        let id = try store.create(checklist: old, caseRef: "EB-2026-88", unit: "Ekonomiskt bistånd", author: "anna", answers: answers).id
        let catalog = try shipped()
        let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: "anna")
        let move = try #require(moved)
        #expect(move.fromVersion == 3 && analysis.checklist.version == 4)
        #expect(move.dropped.isEmpty, "\(move.dropped)")
        for (item, value) in answers { #expect(analysis.answers[item] == value, "\(item)") }
        let prompt = try #require(try catalog.checklist("barnchecklista").item("decision_kind")?.prompt.sv)
        #expect(move.newQuestions.map(\.sv).contains(prompt))
        #expect(analysis.checklist.item("decision_kind")?.options == catalog.decisionKinds)
    }
}
