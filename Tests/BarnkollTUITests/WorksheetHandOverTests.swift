import BarnkollCore
import BarnkollTUI
import Terminal
import Testing

/// A supervisor of its unit reading a colleague's draft hands it over from the worksheet, as with
/// `admin reassign`: `o` offers the accounts Core lets them hand it to, and a reason hands it over.
@Suite struct WorksheetHandOver {
    /// Norr listed; nora (the author) and nina work there, cecilia in Söder; nils supervises Norr;
    /// anna made the store and is its admin; bertil supervises the administration without a unit.
    func draft(_ bench: Bench) throws -> String {
        for unit in ["Norr", "Söder"] { try bench.store.addUnit(unit, by: "anna") }
        for account in ["nora", "nina"] { try bench.store.setRole(.caseworker, for: account, granted: true, by: "anna", unit: "Norr") }
        try bench.store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Söder")
        try bench.store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        return try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-146",
                                      unit: "Norr", author: "nora", answers: ["unit": .text("Norr")]).id
    }

    func flat(_ backend: MemoryBackend) -> String {
        (backend.lastFrame?.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func helpBar(_ backend: MemoryBackend) -> String { backend.lastFrame?.lines.last ?? "" }

    @Test func aSupervisorHandsADraftOverWithAReason() throws {
        let bench = try Bench()
        let id = try draft(bench)
        let (_, before) = try bench.run([], open: id, as: "nils")
        #expect(helpBar(before).contains("o lämna över"), "\(helpBar(before))")

        // The form: who writes it now, and whom it may go to (not its author, nor Söder's cecilia).
        let (_, form) = try bench.run([.character("o")], open: id, as: "nils")
        let text = flat(form)
        #expect(text.contains("Lämna över analysen till en kollega") && text.contains("Den skrivs nu av: nora"), "\(text)")
        #expect(text.contains("anna") && text.contains("nils") && text.contains("nina") && !text.contains("cecilia"), "\(text)")
        #expect(helpBar(form).contains("Enter lämna över") && helpBar(form).contains("Esc avbryt"), "\(helpBar(form))")

        // No reason: Core refuses in its own words, the form stays and nothing changes hands.
        let (_, refused) = try bench.run([.character("o"), .enter], open: id, as: "nils")
        #expect(flat(refused).contains("en överlämning behöver ett skäl") && flat(refused).contains("Lämna över analysen"), "\(flat(refused))")
        #expect(try bench.store.header(id).summary.author == "nora")
        // Esc leaves the form with nothing handed over.
        _ = try bench.run([.character("o"), .tab] + typing("Sjuk") + [.escape], open: id, as: "nils")
        #expect(try bench.store.header(id).summary.author == "nora")

        // anna, nils, nina: the third.
        let (_, handed) = try bench.run([.character("o"), .down, .down, .tab] + typing("Nora är sjukskriven.") + [.enter],
                                        open: id, as: "nils")
        #expect(flat(handed).contains("Överlämnad till nina; bara nina skriver i den nu."), "\(flat(handed))")
        let analysis = try bench.store.analysis(id, readBy: "nina")
        #expect(analysis.summary.author == "nina" && analysis.summary.unit == "Norr")
        #expect(analysis.transfers.map(\.kind) == [.handOver] && analysis.transfers.map(\.by) == ["nils"]
                && analysis.transfers.map(\.reason) == ["Nora är sjukskriven."] && analysis.transfers.map(\.to) == ["nina"])
        #expect(try bench.store.verifyProblems().isEmpty)
    }

    /// The author writes and has no `o`; a colleague who only reads is offered nothing, and `o`
    /// does nothing for them; an approved analysis is handed over by no one.
    @Test func onlyWhomCoreLetsIsOfferedAHandOver() throws {
        let bench = try Bench()
        let id = try draft(bench)
        for account in ["nora", "nina"] {
            let (_, backend) = try bench.run([.character("o")], open: id, as: account)
            #expect(!helpBar(backend).contains("lämna över") && !flat(backend).contains("Lämna över analysen"), "\(account): \(flat(backend))")
        }
        // A colleague told why a key that writes does nothing is not told to press o; nils is.
        let (_, colleague) = try bench.run([.character("s")], open: id, as: "nina")
        #expect(flat(colleague).contains("Du läser: bara nora skriver i den.") && !flat(colleague).contains("Med o"), "\(flat(colleague))")
        let (_, supervisor) = try bench.run([.character("s")], open: id, as: "nils")
        #expect(flat(supervisor).contains("Med o lämnar du över den."), "\(flat(supervisor))")
        #expect(try bench.store.header(id).summary.author == "nora")
    }

    /// A unit's drafts are found in the queue (f, status "utkast"); opened there, a draft's review
    /// screen offers its worksheet (a), where it is handed over; Esc comes back to the review
    /// screen, the analysis read again. A submitted analysis's review screen has no `a`.
    @Test func aSupervisorFindsTheUnitsDraftsInTheQueueAndHandsOneOverFromThere() throws {
        let bench = try Bench()
        let id = try draft(bench)
        let drafts: [Key] = [.character("f"), .right, .right, .right, .enter]
        let (_, listed) = try bench.run(drafts, start: .reviewQueue, as: "nils")
        #expect(flat(listed).contains("Status: utkast") && flat(listed).contains(id), "\(flat(listed))")
        let (_, review) = try bench.run(drafts + [.enter], start: .reviewQueue, as: "nils")
        #expect(helpBar(review).contains("a arbetsbladet"), "\(helpBar(review))")
        // A key that decides tells why not, and where the draft is handed over instead.
        let (_, told) = try bench.run(drafts + [.enter, .character("g")], start: .reviewQueue, as: "nils")
        #expect(flat(told).contains("(den här är utkast). Med a öppnar du arbetsbladet."), "\(flat(told))")

        let (_, worksheet) = try bench.run(drafts + [.enter, .character("a")], start: .reviewQueue, as: "nils")
        #expect(helpBar(worksheet).contains("Esc tillbaka") && helpBar(worksheet).contains("o lämna över"), "\(helpBar(worksheet))")
        let handOver = drafts + [.enter, .character("a"), .character("o"), .down, .down, .tab] + typing("Nora är sjukskriven.") + [.enter]
        let (app, back) = try bench.run(handOver + [.escape], start: .reviewQueue, as: "nils")
        #expect(try bench.store.header(id).summary.author == "nina")
        #expect(app.reviewScreen?.analysis.summary.author == "nina" && app.worksheet == nil, "\(flat(back))")
        #expect(try bench.store.analysis(id, readBy: "nina").transfers.map(\.by) == ["nils"])

        // Submitted, it is reviewed here, not opened in the worksheet.
        try bench.store.saveAll(id, answers: try bench.complete().merging(["unit": .text("Norr")]) { $1 }, by: "nina")
        #expect(try bench.store.submit(id, by: "nina") == .submitted)
        let (submittedApp, submitted) = try bench.run([.enter, .character("a")], start: .reviewQueue, as: "nils")
        #expect(!helpBar(submitted).contains("arbetsbladet") && submittedApp.reviewScreen != nil, "\(helpBar(submitted))")
    }
}
