import BarnkollCore
import BarnkollTUI
import Foundation
import Terminal
import Testing

/// Issue 20 in the full screen: what happened after the decision is noted on an approved
/// analysis from the worksheet (`a`), through Core's `addNote`, with no new version, against a
/// real SQLite store.
@Suite struct NotesAfterTheDecisionOnTheWorksheet {
    func approved(_ bench: Bench) throws -> String {
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        return id
    }

    /// Kind: utfall is the fourth (↓↓↓); Tab to the date (today), Tab to the outcome, ↓↓ delvis,
    /// Tab to the text.
    let outcomePartly: [Key] = [.character("a"), .down, .down, .down, .tab, .tab, .down, .down, .tab]
        + typing("Delvis beviljat efter omprövning") + [.enter]

    @Test func anOutcomeNoteIsKeptAndShownByShow() throws {
        let bench = try Bench()
        let id = try approved(bench)
        let (app, backend) = try bench.run([], open: id)
        #expect(backend.lastFrame?.text.contains("a anteckning") == true, "\(backend.lastFrame?.text ?? "")")
        backend.keys = [.character("a")]
        app.run(stopWhenIdle: true)
        let form = backend.lastFrame?.text ?? ""
        #expect(form.contains("Anteckning efter beslutet") && form.contains("inga anteckningar än"), "\(form)")
        #expect(form.contains(ISODate.today()), "the date starts as today: \(form)")
        // Nothing of the sidebar peeks out beside the box (its "▸" stood alone at the edge).
        let lines = try #require(backend.lastFrame?.lines)
        let top = try #require(lines.firstIndex { $0.contains("┌") }), bottom = try #require(lines.firstIndex { $0.contains("└") })
        #expect(lines[top...bottom].allSatisfy { $0.hasPrefix("  ") }, "\(form)")
        backend.keys = [.escape] + outcomePartly
        app.run(stopWhenIdle: true)

        let analysis = try bench.store.analysis(id, readBy: "anna")
        #expect(analysis.notes.count == 1)
        let note = try #require(analysis.notes.first)
        #expect(note.kind == .outcome && note.outcome == .partly && note.date == ISODate.today())
        #expect(note.text == "Delvis beviljat efter omprövning" && note.writtenBy == "anna")
        // No new version, no review: still approved on version 1.
        #expect(analysis.summary.status == .approved && analysis.versions.count == 1)
        #expect(backend.lastFrame?.text.contains("Antecknat: Beslutets utfall: delvis beviljat") == true,
                "\(backend.lastFrame?.text ?? "")")
        let document = AnalysisDocument(analysis: analysis, language: .sv).text()
        #expect(document.contains("Efter beslutet") && document.contains("Beslutets utfall: Delvis beviljat")
                && document.contains("(anna): Delvis beviljat efter"), "\(document)")

        // Opened again, the form lists it in show's words.
        backend.keys = [.character("a")]
        app.run(stopWhenIdle: true)
        #expect(backend.lastFrame?.text.contains("Beslutets utfall: Delvis beviljat (anna)") == true, "\(backend.lastFrame?.text ?? "")")
    }

    /// An outcome note's long text wraps under "Text:" with the cursor at its end, the form whole
    /// above the help bar at 24 rows, and is kept whole.
    @Test func aLongNoteWrapsInTheFormAndIsKeptWhole() throws {
        let bench = try Bench()
        let id = try approved(bench)
        let text = "Nämnden beviljade insatsen delvis efter omprövning; familjen får stöd av en kontaktperson "
            + "två gånger i veckan och barnet fick själv veta beslutet vid ett samtal i skolan."
        let keys: [Key] = [.character("a"), .down, .down, .down, .tab, .tab, .down, .down, .tab] + typing(text)
        let (app, backend) = try bench.run(keys, open: id)
        let frame = try #require(backend.lastFrame)
        let last = try #require(frame.lines.firstIndex { $0.contains("i skolan.") }, "\(frame.text)")
        #expect(frame.cursor?.y == last && frame.lines[last + 1].contains("└") && last + 1 < 22, "\(frame.text)")
        #expect(frame.lines[(last - 2)...last].map(insideBox).joined(separator: " ") == "Text: " + text, "\(frame.text)")
        backend.keys = [.enter]
        app.run(stopWhenIdle: true)
        #expect(try bench.store.analysis(id, readBy: "anna").notes.first?.text == text)
    }

    @Test func escapeWritesNothing() throws {
        let bench = try Bench()
        let id = try approved(bench)
        let (app, backend) = try bench.run([.character("a"), .tab, .tab] + typing("Barnet fick veta") + [.escape], open: id)
        #expect(try bench.store.analysis(id, readBy: "anna").notes.isEmpty)
        #expect(app.worksheet?.mode == .browse)
        #expect(backend.lastFrame?.text.contains("Anteckning efter beslutet") == false)
    }

    /// A future date is Core's refusal in the status line; what was typed stays, and is saved once
    /// the date is right.
    @Test func aFutureDateIsRefusedAndTheFormKeepsWhatWasTyped() throws {
        let bench = try Bench()
        let id = try approved(bench)
        let clear = [Key](repeating: .backspace, count: 10)
        // Återkoppling (the first kind): Tab to the date, Tab past the outcome to the text.
        let (app, backend) = try bench.run([.character("a"), .tab] + clear + typing("2999-01-01") + [.tab]
                                           + typing("Barnet fick beslutet förklarat") + [.enter], open: id)
        #expect(try bench.store.analysis(id, readBy: "anna").notes.isEmpty)
        let frame = backend.lastFrame?.text ?? ""
        #expect(frame.contains("2999-01-01 har inte hänt än"), "\(frame)")
        guard case .note(let form)? = app.worksheet?.mode else {
            Issue.record("the form closed: \(String(describing: app.worksheet?.mode))")
            return
        }
        #expect(form.typedDate == "2999-01-01" && form.typedText == "Barnet fick beslutet förklarat")
        #expect(form.kind == .feedback && form.outcome == nil)

        backend.keys = [.backTab] + clear + typing(ISODate.today()) + [.enter]
        app.run(stopWhenIdle: true)
        let notes = try bench.store.analysis(id, readBy: "anna").notes
        #expect(notes.map(\.kind) == [.feedback] && notes.first?.text == "Barnet fick beslutet förklarat")
    }

    /// The new-version prompt names the key, which opens the form instead.
    @Test func theNewVersionPromptNamesTheNoteKey() throws {
        let bench = try Bench()
        let id = try approved(bench)
        let (app, backend) = try bench.run([.character("n")], open: id)
        let prompt = backend.lastFrame?.text ?? ""
        #expect(prompt.contains("antecknas med a") && !prompt.contains("barnkoll note"), "\(prompt)")
        backend.keys = [.character("a")]
        app.run(stopWhenIdle: true)
        #expect(backend.lastFrame?.text.contains("Anteckning efter beslutet") == true)
        #expect(try bench.store.header(id).summary.status == .approved)
    }

    /// A draft has no note key: Core writes notes only after the decision.
    @Test func aDraftHasNoNoteKey() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        let (_, backend) = try bench.run([], open: id)
        #expect(backend.lastFrame?.text.contains("a anteckning") == false)
    }
}
