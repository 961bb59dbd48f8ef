import BarnkollCore
import BarnkollStore
import BarnkollTUI
import Foundation
import Terminal
import Testing

/// Text is never lost at the edges: two terminals on one analysis never overwrite each other
/// silently, and leaving while a save fails asks, then keeps the text in a recovery file.
@Suite struct UnsavedText {
    let mine = "Mitt svar, skrivet i det gamla fönstret."
    let theirs = "Svaret från det nya fönstret."

    /// The worksheet of a new draft at `decision`, with a clock that stands still (so only the
    /// end of each run saves) and a recovery folder of the test's own.
    func worksheet(_ bench: Bench) throws -> (App, MemoryBackend, String) {
        let id = try bench.create()
        let backend = MemoryBackend(width: 80, height: 24)
        let clock = TestClock()
        let app = try App(backend: backend, store: bench.store, catalog: bench.catalog, account: "anna", strings: Strings(.sv),
                          start: .analysis(try bench.store.analysis(id, readBy: "anna"), item: "decision"), clock: { clock.now })
        app.recoveryFolder = bench.folder + "/recovery"
        return (app, backend, id)
    }

    /// Types `mine` into `decision` while another terminal saves `theirs` there; the conflict is on screen.
    func conflict(_ bench: Bench) throws -> (App, MemoryBackend, String) {
        let (app, backend, id) = try worksheet(bench)
        backend.keys = [.enter] + typing(mine) + [.escape]
        let theirs = self.theirs
        backend.onIdle = { try? bench.store.save(id, item: "decision", value: .text(theirs), by: "anna") }
        app.run(stopWhenIdle: true)
        backend.onIdle = nil
        return (app, backend, id)
    }

    @Test func aConflictShowsBothTextsAndOverwritesNothing() throws {
        let bench = try Bench()
        let (app, backend, id) = try conflict(bench)
        let text = try #require(backend.lastFrame?.text)
        #expect(text.contains("har sparats från ett annat fönster"), "\(text)")
        #expect(text.contains(mine) && text.contains(theirs), "\(text)")
        #expect(text.contains("1 behåll mitt") && text.contains("2 ta det sparade") && text.contains("3 behåll båda"), "\(text)")
        // Nothing is retried behind the question: the status says to choose, not "Försöker igen".
        #expect(text.contains("Välj vilket som ska gälla.") && !text.contains("Försöker igen"), "\(text)")
        #expect(try bench.answers(id)["decision"] == .text(theirs))
        #expect(app.worksheet?.dirty == ["decision"])
    }

    /// Two long texts are each read whole, scrolled, before one is chosen: none is cut with "…".
    @Test func aLongConflictIsReadWholeByScrolling() throws {
        let bench = try Bench()
        let (app, backend, id) = try worksheet(bench)
        let long = (1...12).map { "Mening \($0) i mitt svar om hur barnet har fått komma till tals." }.joined(separator: " ") + " Mitt slut."
        let stored = (1...12).map { "Mening \($0) i det sparade svaret från det andra fönstret." }.joined(separator: " ") + " Sparat slut."
        backend.keys = [.enter, .paste(long), .escape]
        backend.onIdle = { try? bench.store.save(id, item: "decision", value: .text(stored), by: "anna") }
        app.run(stopWhenIdle: true)
        backend.onIdle = nil
        let first = try #require(backend.lastFrame?.text)
        #expect(first.contains("har sparats från ett annat fönster") && first.contains("↓ mer"), "\(first)")
        #expect(first.contains("↑↓ PgUp PgDn") && !first.contains("Sparat slut."), "\(first)")
        var read: [String] = []
        for _ in 0..<8 {
            read += backend.lastFrame?.lines ?? []
            backend.keys = [.pageDown]
            app.run(stopWhenIdle: true)
        }
        // Right of the sidebar (whose labels are cut with "…" at its own edge), nothing is cut.
        let box = read.map { String(columns(of: $0).filter { $0.column >= 26 }.map(\.character)) }
        let flat = box.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Mitt slut.") && flat.contains("Sparat slut.") && !flat.contains("…"), "\(flat)")
        backend.keys = [.character("1")]
        app.run(stopWhenIdle: true)
        #expect(try bench.answers(id)["decision"] == .text(long))
    }

    @Test func takingTheStoredTextReplacesMineOnScreen() throws {
        let bench = try Bench()
        let (app, backend, id) = try conflict(bench)
        backend.keys = [.character("2")]
        app.run(stopWhenIdle: true)
        #expect(app.worksheet?.analysis.answers["decision"] == .text(theirs))
        #expect(app.worksheet?.dirty.isEmpty == true)
        #expect(try bench.answers(id)["decision"] == .text(theirs))
    }

    @Test func keepingMineSavesItOverTheTextNowSeen() throws {
        let bench = try Bench()
        let (app, backend, id) = try conflict(bench)
        backend.keys = [.character("1")]
        app.run(stopWhenIdle: true)
        #expect(try bench.answers(id)["decision"] == .text(mine))
        #expect(app.worksheet?.saveState == .saved)
    }

    @Test func keepingBothPutsMineFirst() throws {
        let bench = try Bench()
        let (app, backend, id) = try conflict(bench)
        backend.keys = [.character("3")]
        app.run(stopWhenIdle: true)
        #expect(try bench.answers(id)["decision"] == .text(mine + "\n\n" + theirs))
    }

    @Test func quittingWhileTheDiskIsFullAsksThenKeepsTheTextAside() throws {
        let bench = try Bench()
        let (app, backend, id) = try worksheet(bench)
        try bench.limitPages(true)
        let long = String(repeating: "Texten får inte försvinna när disken är full. ", count: 200)
        backend.keys = [.enter, .paste(long), .escape, .control("q")]
        app.run(stopWhenIdle: true)
        // Asked, not gone: the question names the reason.
        let text = try #require(backend.lastFrame?.text)
        #expect(text.contains("Texten är inte sparad (disken är full)"), "\(text)")
        #expect(text.contains("^Q avsluta ändå") && text.contains("Enter försök spara igen") && text.contains("Esc stanna kvar"), "\(text)")
        #expect(app.recovery == nil)
        // ^Q again: the text goes to a file only anna can read, in the answers format fill reads.
        backend.keys = [.control("q")]
        app.run(stopWhenIdle: true)
        guard case .file(let path)? = app.recovery else {
            Issue.record("no recovery file: \(String(describing: app.recovery))")
            return
        }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue == 0o600)
        let data = try #require(FileManager.default.contents(atPath: path))
        let checklist = try bench.catalog.checklist("barnkonsekvensanalys")
        let kept = try AnswerInput.readFile(data, file: path, checklist: checklist)
        #expect(kept["decision"]?.text?.contains("Texten får inte försvinna") == true)
        // Put back once there is room again.
        try bench.limitPages(false)
        try bench.store.saveAll(id, answers: kept, by: "anna")
        #expect(try bench.answers(id)["decision"] == kept["decision"])
    }

    @Test func tryingAgainAfterSpaceReturnsSavesAndLeavesNothingAside() throws {
        let bench = try Bench()
        let (app, backend, id) = try worksheet(bench)
        try bench.limitPages(true)
        let long = String(repeating: "Sparas när det finns plats igen. ", count: 200)
        backend.keys = [.enter, .paste(long), .escape, .control("q")]
        app.run(stopWhenIdle: true)
        try bench.limitPages(false)
        backend.keys = [.enter, .control("q")]
        app.run(stopWhenIdle: true)
        #expect(app.recovery == nil)
        #expect(try bench.answers(id)["decision"]?.text?.hasPrefix("Sparas när det finns plats igen.") == true)
    }
}

/// A change of substance after approval is reachable from the worksheet: `n` asks, then starts a
/// new version to be reviewed again; the approved one stays as it was.
@Suite struct NewVersionOnTheWorksheet {
    @Test func anApprovedAnalysisGetsANewVersionFromTheWorksheet() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        let (app, backend) = try bench.run([.character("n")], open: id)
        #expect(backend.lastFrame?.text.contains("Börja en ny version för att ändra i sak?") == true)
        #expect(try bench.store.header(id).summary.status == .approved)
        backend.keys = [.enter]
        app.run(stopWhenIdle: true)
        let analysis = try bench.store.analysis(id, readBy: "anna")
        #expect(analysis.summary.status == .draft)
        #expect(analysis.versions.count == 1 && analysis.reviews.last?.decision == .approve)
        #expect(app.worksheet?.isEditable == true)
        #expect(backend.lastFrame?.text.contains("Version 2 påbörjad som utkast") == true, "\(backend.lastFrame?.text ?? "")")
    }

    /// Only the author starts a new version: the supervisor who reads the approved analysis is
    /// not offered the key.
    @Test func onlyTheAuthorIsOfferedANewVersion() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        _ = try bench.store.approve(id, by: "bertil", comment: nil)
        let (_, backend) = try bench.run([.character("n")], open: id, as: "bertil")
        #expect(backend.lastFrame?.text.contains("Börja en ny version") == false)
        #expect(backend.lastFrame?.text.contains("n ny version") == false, "\(backend.lastFrame?.text ?? "")")
        #expect(try bench.store.header(id).summary.status == .approved)
    }

    @Test func aDraftHasNoNewVersionKey() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        let (_, backend) = try bench.run([.character("n")], open: id)
        #expect(backend.lastFrame?.text.contains("ny version") == false)
        #expect(try bench.store.header(id).summary.status == .draft)
    }
}
