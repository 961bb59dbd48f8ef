import BarnkollCore
import Foundation
import Testing

/// What `show` hands out for the case file: it says who reviewed it, when, which version and its
/// content hash; a returned or unreviewed analysis says so; optional questions left empty are left
/// out; the text fits a case journal's 80 columns. Against every store kind, since the review's
/// time and hash come from the store.
@Suite struct CaseFileDocument {
    func submitted(_ store: any CaseworkStore) throws -> String {
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        let id = try completeDraft(store)
        _ = try store.submit(id, by: "anna")
        return id
    }

    func formats(_ analysis: Analysis, _ language: Language = .sv) -> [String: String] {
        let document = AnalysisDocument(analysis: analysis, language: language)
        return ["text": document.text(), "markdown": document.markdown(), "html": document.html()]
    }

    @Test(arguments: ContractStore.enabled)
    func anApprovedAnalysisNamesItsReviewerDateVersionAndHash(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let id = try submitted(store)
        try store.return(id, by: "bertil", comment: "Skriv hur Noah fick veta beslutet.", itemComments: [:])
        _ = try store.submit(id, by: "anna")
        _ = try store.approve(id, by: "bertil", comment: "Väl underbyggd.")
        let analysis = try store.analysis(id, readBy: "bertil")
        let approval = try #require(analysis.reviews.last)
        let hash = try #require(analysis.versions.first { $0.number == approval.version }?.contentHash)
        #expect(approval.version == 2 && hash.count == 64)
        let day = String(approval.at.prefix(10))

        for (format, document) in formats(analysis) {
            #expect(document.contains("Godkänd av bertil \(day)"), "\(format)")
            #expect(document.contains("version 2"), "\(format)")
            #expect(document.contains(hash), "\(format)")
            #expect(document.contains("Väl underbyggd."), "\(format)")
            // The earlier return stays readable, and the supervisor's section is not left "unanswered".
            #expect(document.contains("Skriv hur Noah fick veta beslutet."), "\(format)")
            #expect(!document.contains("Räcker underlaget"), "\(format)")
            #expect(!document.contains("ej besvarad"), "\(format)")
        }
        let english = try #require(formats(analysis, .en)["text"])
        #expect(english.contains("Approved by bertil \(day)") && english.contains("Content hash of version 2 (SHA-256):\n  \(hash)"))
        // A new version begun after the approval says so.
        try store.revise(id, by: "anna")
        #expect(formats(try store.analysis(id, readBy: "anna")).values.allSatisfy {
            $0.contains("En ny version efter godkännandet, ännu inte inskickad för granskning.")
        })
    }

    @Test(arguments: ContractStore.enabled)
    func aReturnedOrUnreviewedAnalysisSaysSo(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        let id = try submitted(store)
        for document in formats(try store.analysis(id, readBy: "anna")).values {
            #expect(document.contains("Inskickad och ännu inte granskad."))
            #expect(!document.contains("Godkänd av"))
        }
        try store.return(id, by: "bertil", comment: "Barnens röster saknas.", itemComments: [:])
        for (format, document) in formats(try store.analysis(id, readBy: "anna")) {
            #expect(document.contains("Återsänd av bertil"), "\(format)")
            #expect(document.contains("Barnens röster saknas."), "\(format)")
            #expect(!document.contains("Godkänd av"), "\(format)")
        }
        let draft = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna").id
        #expect(formats(try store.analysis(draft, readBy: "anna")).values.allSatisfy { $0.contains("inte inskickat för granskning") })
    }

    @Test func emptyOptionalQuestionsAreLeftOutAndTheTextFitsEightyColumns() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try submitted(store)
        let analysis = try store.analysis(id, readBy: "anna")
        let text = AnalysisDocument(analysis: analysis, language: .sv).text()
        // The fixture leaves these optional questions empty: they are not printed at all.
        let unanswered = ["När fick barnet återkoppling?", "När följdes beslutet upp?"]
        for prompt in unanswered {
            let item = try #require(analysis.checklist.allItems.first { $0.prompt.sv == prompt })
            #expect(analysis.answers[item.id] == nil)
            #expect(!text.contains(prompt))
        }
        let wide = text.split(separator: "\n").filter { $0.count > AnalysisDocument.pasteWidth }
        #expect(wide.isEmpty, "\(wide)")
        // A child's own words stand under the question, not run on after it.
        #expect(text.contains("     Vad tycker barnet? Skriv med barnets egna ord.\n       Ella säger"))
    }
}
