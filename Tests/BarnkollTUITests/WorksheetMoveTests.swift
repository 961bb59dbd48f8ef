import BarnkollCore
import BarnkollTUI
import Terminal
import Testing

/// An analysis made under the wrong one of the listed units, moved from the worksheet: Enter on
/// the unit's item offers the units Core lets its author move it to, and moves it with a reason.
@Suite struct WorksheetMove {
    func units(_ bench: Bench) throws -> String {
        for unit in ["Norr", "Söder", "Väst"] { try bench.store.addUnit(unit, by: "anna") }
        for unit in ["Norr", "Söder"] { try bench.store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: unit) }
        try bench.store.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Norr")
        return try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-140",
                                      unit: "Norr", author: "nora", answers: ["unit": .text("Norr")]).id
    }

    func flat(_ backend: MemoryBackend) -> String {
        (backend.lastFrame?.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func enterOnTheUnitOffersTheAuthorsOtherUnitsAndMovesWithAReason() throws {
        let bench = try Bench()
        let id = try units(bench)
        // The help bar names what Enter does there; the form offers Söder (nora works there), not Väst.
        let (_, before) = try bench.run([], open: id, item: "unit", as: "nora")
        #expect(before.lastFrame?.lines.suffix(2).joined().contains("Enter byt enhet") == true, "\(before.lastFrame?.lines.suffix(2) ?? [])")
        let (_, form) = try bench.run([.enter], open: id, item: "unit", as: "nora")
        #expect(flat(form).contains("Flytta analysen till en annan enhet") && flat(form).contains("Den hör nu till: Norr"), "\(flat(form))")
        #expect(flat(form).contains("Söder") && !flat(form).contains("Väst"))

        // No reason: Core refuses in its own words, the form stays and nothing moves.
        let (_, refused) = try bench.run([.enter, .enter], open: id, item: "unit", as: "nora")
        #expect(flat(refused).contains("en flytt behöver ett skäl") && flat(refused).contains("Flytta analysen"), "\(flat(refused))")
        #expect(try bench.store.header(id).summary.unit == "Norr")

        // Esc leaves the form with nothing moved.
        _ = try bench.run([.enter, .tab] + typing("Fel enhet") + [.escape], open: id, item: "unit", as: "nora")
        #expect(try bench.store.header(id).summary.unit == "Norr")

        let (_, moved) = try bench.run([.enter, .tab] + typing("Fel enhet valdes.") + [.enter], open: id, item: "unit", as: "nora")
        #expect(flat(moved).contains("Flyttad till Söder; svaret är den enheten."), "\(flat(moved))")
        let analysis = try bench.store.analysis(id, readBy: "nora")
        #expect(analysis.summary.unit == "Söder" && analysis.answers["unit"] == .text("Söder"))
        let events = try bench.store.auditEvents().filter { $0.action != "analysis.read" }.suffix(3)
        #expect(events.map(\.action) == ["analysis.move", "answer.save", "analysis.filed"], "\(events.map(\.action))")
        #expect(events.first?.detail == "Söder" && events.first?.account == "nora")
        #expect(try bench.store.verifyProblems().isEmpty)
    }

    /// An author who works in no other unit is told who can move it, and no form opens.
    @Test func anAuthorInOneUnitIsToldWhoCanMoveIt() throws {
        let bench = try Bench()
        _ = try units(bench)
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-141",
                                        unit: "Norr", author: "cecilia", answers: ["unit": .text("Norr")]).id
        let (_, backend) = try bench.run([.enter], open: id, item: "unit", as: "cecilia")
        #expect(flat(backend).contains("Du arbetar inte i någon annan enhet. När en administratör har gett dig ett medlemskap där den ska, flyttar du den själv"), "\(flat(backend))")
        #expect(!flat(backend).contains("Flytta analysen till en annan enhet"))
        #expect(try bench.store.header(id).summary.unit == "Norr")
    }
}

extension WorksheetMove {
    /// A supervisor of its unit reading a colleague's draft moves it from the worksheet, as from
    /// `admin move`; moved out of their units it is gone from them, and they are told where it
    /// went. An admin moves it and reads on. A colleague who only reads is offered nothing.
    @Test func aSupervisorReadingADraftMovesIt() throws {
        let bench = try Bench()
        let id = try units(bench)
        try bench.store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")

        let (_, colleague) = try bench.run([.enter], open: id, item: "unit", as: "cecilia")
        #expect(!flat(colleague).contains("byt enhet") && !flat(colleague).contains("Flytta analysen"), "\(flat(colleague))")

        let (_, before) = try bench.run([], open: id, item: "unit", as: "nils")
        #expect(before.lastFrame?.lines.suffix(2).joined().contains("Enter byt enhet") == true, "\(before.lastFrame?.lines.suffix(2) ?? [])")
        let (_, form) = try bench.run([.enter], open: id, item: "unit", as: "nils")
        #expect(flat(form).contains("Flytta analysen till en annan enhet") && flat(form).contains("Söder") && !flat(form).contains("Väst"),
                "\(flat(form))")
        let (_, moved) = try bench.run([.enter, .tab] + typing("Ärendet bytte enhet.") + [.enter], open: id, item: "unit", as: "nils")
        #expect(flat(moved).contains("\(id) flyttades till Söder, där du inte läser den"), "\(flat(moved))")
        let analysis = try bench.store.analysis(id, readBy: "nora")
        #expect(analysis.summary.unit == "Söder" && analysis.answers["unit"] == .text("Söder") && analysis.summary.author == "nora")
        #expect(analysis.transfers.map(\.by) == ["nils"] && analysis.transfers.map(\.reason) == ["Ärendet bytte enhet."])
        #expect(try bench.store.verifyProblems().isEmpty)

        // anna, the admin, moves it back and reads on.
        let (_, back) = try bench.run([.enter, .tab] + typing("Tillbaka.") + [.enter], open: id, item: "unit", as: "anna")
        #expect(flat(back).contains("Flyttad till Norr; svaret är den enheten."), "\(flat(back))")
        #expect(try bench.store.header(id).summary.unit == "Norr")
    }

    /// A move that is made but cannot be read back (here a trigger of the test refuses to log the
    /// read; a server gone away does the same) is told as made, with why it could not be read,
    /// not as moved out of the reader's units.
    @Test func aMoveThatCannotBeReadBackIsToldAsMade() throws {
        let bench = try Bench()
        let id = try units(bench)
        try bench.store.rawWrite { db in
            try db.execute(sql: """
                CREATE TRIGGER test_read_after_move_fails BEFORE INSERT ON audit
                WHEN NEW.action = 'analysis.read' AND EXISTS (SELECT 1 FROM transfer WHERE analysis_id = NEW.analysis_id)
                BEGIN SELECT RAISE(ABORT, 'stopped by the test'); END
                """)
        }
        let (_, moved) = try bench.run([.enter, .tab] + typing("Fel enhet valdes.") + [.enter], open: id, item: "unit", as: "anna")
        #expect(flat(moved).contains("\(id) flyttades till Söder; flytten är sparad, men analysen kunde inte läsas igen:"), "\(flat(moved))")
        #expect(!flat(moved).contains("där du inte läser den"))
        #expect(try bench.store.header(id).summary.unit == "Söder")
    }

    /// A unit's name may be 80 characters, more than the form's row: it wraps under itself, whole,
    /// and the chosen one's rows are all highlighted, also where the window round it scrolls.
    @Test func aLongUnitNameIsShownWholeInTheForm() throws {
        let bench = try Bench()
        let long = "Enhet 15, individ- och familjeomsorgen, barn och unga, utredningen i norra delen"
        #expect(long.count == 80)
        // Offered in order, Enhet 03 to 30 with the long one thirteenth: the window has scrolled to it.
        let names = ["Enhet 01", long] + (3...30).filter { $0 != 15 }.map { String(format: "Enhet %02d", $0) }
        for unit in names { try bench.store.addUnit(unit, by: "anna") }
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-144",
                                        unit: "Enhet 01", author: "anna", answers: ["unit": .text("Enhet 01")]).id
        for downs in [11, 12] {
            let (_, backend) = try bench.run([.enter] + Array(repeating: Key.down, count: downs), open: id, item: "unit")
            let frame = try #require(backend.lastFrame)
            #expect(!frame.text.contains("…") && flat(backend).contains("Skäl:"), "\(frame.text)")
            let first = try #require(frame.lines.firstIndex { $0.contains("Enhet 15, individ") }, "\(frame.text)")
            let rows = frame.lines[first...first + 1].map(insideBox)
            #expect(rows.joined(separator: " ").hasSuffix(long), "\(rows)")
            let label = try #require(columns(of: frame.lines[first]).first { $0.character == "E" }?.column)
            #expect(columns(of: frame.lines[first + 1]).first { $0.column > 4 && $0.character != " " }?.column == label, "\(frame.text)")
            #expect(frame.lines.contains { $0.contains("│ Den hör nu till: Enhet 01") })
            // Chosen, both rows in the highlight; with the unit above it chosen, neither.
            let highlighted = (first...first + 1).map { row in frame[label + 2, row].style == .selected }
            #expect(highlighted == [downs == 12, downs == 12], "\(frame.text)")
            #expect(!frame.text.contains("Enhet 03"), "\(frame.text)")
        }
    }

    /// Filed under a unit of 80 characters, the form says so whole, wrapped, above the options.
    @Test func theLongUnitItIsFiledUnderIsSaidWhole() throws {
        let bench = try Bench()
        let long = "Enhet 15, individ- och familjeomsorgen, barn och unga, utredningen i norra delen"
        for unit in [long, "Enhet 16"] { try bench.store.addUnit(unit, by: "anna") }
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-145",
                                        unit: long, author: "anna", answers: ["unit": .text(long)]).id
        let (_, backend) = try bench.run([.enter], open: id, item: "unit")
        let frame = try #require(backend.lastFrame)
        let first = try #require(frame.lines.firstIndex { $0.contains("Den hör nu till: Enhet 15") }, "\(frame.text)")
        let rows = frame.lines[first...first + 1].map(insideBox)
        #expect(rows.joined(separator: " ") == "Den hör nu till: " + long, "\(rows)")
        #expect(frame.lines[first + 2].contains("Till enheten:"), "\(frame.text)")
        #expect(frame.lines.contains { $0.contains("(•) Enhet 16") }, "\(frame.text)")
    }

    /// A reason longer than its row wraps under itself, the cursor following it inside the box; a
    /// very long one shows the three rows round the cursor.
    @Test func aLongReasonWrapsAndTheCursorStaysInTheBox() throws {
        let bench = try Bench()
        let id = try units(bench)
        let reason = "Analysen gjordes under fel enhet eftersom ärendet först kom in till mottagningen i norra delen av kommunen."
        let (_, backend) = try bench.run([.enter, .tab] + typing(reason), open: id, item: "unit", as: "nora")
        let frame = try #require(backend.lastFrame)
        let first = try #require(frame.lines.firstIndex { $0.contains("Skäl: Analysen gjordes") }, "\(frame.text)")
        let rows = frame.lines[first...first + 1].map(insideBox)
        #expect(rows.joined(separator: " ") == "Skäl: " + reason, "\(rows)")
        let text = try #require(columns(of: frame.lines[first]).first { $0.character == "A" }?.column)
        #expect(columns(of: frame.lines[first + 1]).first { $0.column > 4 && $0.character != " " }?.column == text, "\(frame.text)")
        let cursor = try #require(frame.cursor)
        #expect(cursor.y == first + 1 && cursor.x == text + DisplayWidth.of(String(rows[1])), "\(frame.text) \(cursor)")
        #expect(frame.lines[first + 2].contains("└"), "\(frame.text)")

        let (_, longer) = try bench.run([.enter, .tab] + typing(reason + " " + reason + " " + reason + " Slut."), open: id,
                                        item: "unit", as: "nora")
        let shown = try #require(longer.lastFrame)
        let last = try #require(shown.lines.firstIndex { $0.contains("Slut.") }, "\(shown.text)")
        #expect(shown.cursor?.y == last && shown.lines[last + 1].contains("└"), "\(shown.text)")
        #expect(!shown.text.contains("Skäl: Analysen"), "three rows round the cursor, from the third: \(shown.text)")
        #expect(shown.lines[last - 3].contains("Söder") && !shown.text.contains("…"), "\(shown.text)")
        let (_, moved) = try bench.run([.enter, .tab] + typing(reason) + [.enter], open: id, item: "unit", as: "nora")
        #expect(flat(moved).contains("Flyttad till Söder"), "\(flat(moved))")
        #expect(try bench.store.auditEvents().contains { $0.action == "analysis.move" && ($0.detail ?? "").contains("Söder") })
    }

    /// Offered every one of thirty units (an admin's worksheet), the form shows a window round
    /// the unit chosen, and its reason stays on a 24-row screen.
    @Test func thirtyUnitsKeepTheReasonOnTheScreen() throws {
        let bench = try Bench()
        let names = (1...30).map { String(format: "Enhet %02d", $0) }
        for unit in names { try bench.store.addUnit(unit, by: "anna") }
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-143",
                                        unit: "Enhet 01", author: "anna", answers: ["unit": .text("Enhet 01")]).id
        let (_, backend) = try bench.run([.enter] + Array(repeating: Key.down, count: 19), open: id, item: "unit")
        let text = flat(backend)
        #expect(text.contains("(•) Enhet 21") && text.contains("Skäl:") && !text.contains("Enhet 02 "), "\(text)")
        let (_, moved) = try bench.run([.enter] + Array(repeating: Key.down, count: 19) + [.tab] + typing("Fel enhet.") + [.enter],
                                       open: id, item: "unit")
        #expect(flat(moved).contains("Flyttad till Enhet 21"), "\(flat(moved))")
        // A reason on three rows takes two rows from the window, and the box still ends above the help bar.
        let long = String(repeating: "Fel enhet valdes vid mottagningen. ", count: 5)
        let (_, reasoned) = try bench.run([.enter] + Array(repeating: Key.down, count: 19) + [.tab] + typing(long),
                                          open: id, item: "unit")
        let frame = try #require(reasoned.lastFrame)
        let bottom = try #require(frame.lines.firstIndex { $0.contains("└") }, "\(frame.text)")
        #expect(bottom < 22 && frame.lines[bottom - 3].contains("Skäl: Fel enhet"), "\(frame.text)")
    }
}
