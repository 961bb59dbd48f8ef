import BarnkollCore
@testable import BarnkollTUI
import Terminal
import Testing

/// The screens' rough edges a newcomer hit (issue 24), each as what the screen does and shows.
@Suite struct RoughEdges {
    let size = Size(width: 80, height: 24)

    func worksheet(_ bench: Bench, _ answers: Answers = [:], focus: String? = nil) throws -> WorksheetState {
        let id = try bench.create(answers)
        return WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv), focus: focus)
    }

    /// A worksheet with one child, Ella, 7, standing on her age.
    func onElasAge(_ bench: Bench) throws -> (WorksheetState, WorksheetState.Row) {
        let child: [String: AnswerValue] = ["alias": .text("Ella"), "age": .number(7)]
        var state = try worksheet(bench, ["children_affected": .text("yes"), "children": .entries([child])], focus: "children")
        let age = WorksheetState.Row.sub(group: "children", entry: 0, sub: "age")
        while state.row != age { _ = state.update(key: .down, size: size) }
        return (state, age)
    }

    /// Tab on a group's last field goes on to the next question; ↓ still reaches "+ Lägg till".
    @Test func tabAtTheEndOfAGroupMovesToTheNextQuestion() throws {
        let bench = try Bench()
        let child: [String: AnswerValue] = ["alias": .text("Ella"), "age": .number(7), "effect": .text("indirect")]
        var state = try worksheet(bench, ["children_affected": .text("yes"), "children": .entries([child])], focus: "children")
        let last = try #require(state.rows.last { if case .sub(group: "children", _, _) = $0 { true } else { false } })
        while state.row != last { _ = state.update(key: .down, size: size) }
        _ = state.update(key: .tab, size: size)
        #expect(state.row != .add(group: "children"))
        #expect(state.row.map { state.rows.firstIndex(of: $0) ?? 0 } == state.rows.firstIndex(of: .add(group: "children")).map { $0 + 1 }
                || state.row.map { $0.itemID != "children" } == true)
        // In a text, Tab past the last field does the same.
        while state.row != last { _ = state.update(key: .backTab, size: size) }
        _ = state.update(key: .down, size: size)
        #expect(state.row == .add(group: "children"))
    }

    /// Esc leaves a number that is not one; the answer stays as saved and the user is told.
    @Test func aNumberFieldNeverTrapsTheUser() throws {
        let bench = try Bench()
        var (state, age) = try onElasAge(bench)
        _ = state.update(key: .enter, size: size)
        for key in [Key.backspace] + typing("sju") { _ = state.update(key: key, size: size) }
        _ = state.update(key: .tab, size: size)
        guard case .text = state.mode else { Issue.record("Tab left an invalid number"); return }
        _ = state.update(key: .escape, size: size)
        #expect(state.mode == .browse)
        #expect(state.value(of: age) == .number(7))
        #expect(state.render(size).text.contains("Ändringen sparades inte."))
    }

    /// A date refused while the field is open is no longer called invalid once it is mended: the
    /// refusal goes with the field (it stayed on the status line beside the mended date).
    @Test func aMendedDateTakesItsRefusalAway() throws {
        let bench = try Bench()
        var state = try worksheet(bench, focus: "decision_date")
        for key in [Key.enter] + typing("31/13/2026") + [.tab] { _ = state.update(key: key, size: size) }
        guard case .text = state.mode else { Issue.record("Tab left an invalid date"); return }
        #expect(state.render(size).text.contains("Ogiltigt"))
        for key in Array(repeating: Key.backspace, count: 10) + typing("2026-12-01") + [.tab] {
            _ = state.update(key: key, size: size)
        }
        #expect(state.mode == .browse)
        #expect(state.value(of: .item("decision_date")) == .text("2026-12-01"))
        #expect(state.notice == nil)
        #expect(!state.render(size).text.contains("Ogiltigt"))
    }

    /// A whole date is saved as it is typed, before its field is left: a date waiting in its
    /// field is not lost with the terminal. One short of whole is not saved.
    @Test func aWholeDateIsSavedBeforeItsFieldIsLeft() throws {
        let bench = try Bench()
        let id = try bench.create()
        let (app, _) = try bench.run([.enter] + typing("2026-03-0"), open: id, item: "decision_date")
        guard case .text? = app.worksheet?.mode else { Issue.record("the field closed"); return }
        #expect(try bench.answers(id)["decision_date"] == nil)
        let (whole, _) = try bench.run([.enter] + typing("2026-03-02"), open: id, item: "decision_date")
        guard case .text? = whole.worksheet?.mode else { Issue.record("the field closed"); return }
        #expect(try bench.answers(id)["decision_date"] == .text("2026-03-02"))
    }

    /// A number is saved as it is typed while it is one (1, then 15); when it stops being one
    /// (150, over 17), leaving puts back the answer it had when the field was opened.
    @Test func aNumberIsSavedAsTypedAndPutBackWhenLeftInvalid() throws {
        let bench = try Bench()
        var (state, age) = try onElasAge(bench)
        for key in [Key.enter, .backspace] + typing("15") { _ = state.update(key: key, size: size) }
        #expect(state.value(of: age) == .number(15))
        #expect(state.dirty.contains("children"))
        _ = state.update(key: .character("0"), size: size)
        #expect(state.value(of: age) == .number(15))
        _ = state.update(key: .escape, size: size)
        #expect(state.mode == .browse)
        #expect(state.value(of: age) == .number(7))
        #expect(state.render(size).text.contains("Ändringen sparades inte."))
    }

    @Test func aDateFieldShowsItsFormatBeforeTheFirstMistake() throws {
        let bench = try Bench()
        var state = try worksheet(bench, focus: "decision_date")
        #expect(!state.render(size).text.contains("ÅÅÅÅ-MM-DD"))
        _ = state.update(key: .enter, size: size)
        #expect(state.render(size).text.contains("ÅÅÅÅ-MM-DD"))
        #expect(state.notice == nil)
    }

    /// A letter that is no command writes in the text in focus, or is refused with a hint; it never
    /// acts silently.
    @Test func lettersOutsideATextStartWritingOrAreRefused() throws {
        let bench = try Bench()
        var state = try worksheet(bench, ["unit": .text("Ekonomiskt bistånd")], focus: "unit")
        _ = state.update(key: .character("k"), size: size)
        guard case .text(let editor) = state.mode else { Issue.record("k did not start writing: \(state.mode)"); return }
        #expect(editor.text == "Ekonomiskt biståndk")
        #expect(state.analysis.answers["unit"] == .text("Ekonomiskt biståndk"))

        var choice = try worksheet(bench, focus: "children_affected")
        _ = choice.update(key: .character("k"), size: size)
        #expect(choice.mode == .browse)
        #expect(choice.analysis.answers["children_affected"] == nil)
        #expect(choice.render(size).text.contains("«k» gör inget här"))
    }

    /// Past 9 options a number takes two digits; a label too long for the list wraps under itself,
    /// never cut.
    @Test func choicesPastNineByNumberAndLongLabelsWrapUnderThemselves() {
        var list = ChoiceList(count: 12)
        #expect(list.type(1) == nil)          // could be 1, 10, 11 or 12
        #expect(list.selected == 0)
        #expect(list.type(2) == 11)           // 12
        #expect(list.type(3) == 2)            // no option 30-something: 3 at once
        #expect(list.type(1) == nil)
        #expect(list.type(9) == 8)            // 19 is none: 9 alone
        var short = ChoiceList(count: 3)
        #expect(short.type(2) == 1)
        #expect(short.type(0) == nil)

        let labels = (1...12).map { "Alternativ \($0)" } + ["Ett mycket långt alternativ som inte ryms på raden i listan"]
        let options = ChoiceList.wrapped(labels, chosen: { $0 == 12 }, several: false, width: 30)
        #expect(options[0] == [" 1 ( ) Alternativ 1"])
        #expect(options[12] == ["13 (•) Ett mycket långt", "       alternativ som inte", "       ryms på raden i listan"])
        #expect(options.joined().allSatisfy { DisplayWidth.of($0) <= 30 && !$0.contains("…") })
        let unnumbered = ChoiceList.wrapped(["Ett", "Två"], chosen: { $0 == 1 }, several: true, numbered: false, width: 30)
        #expect(unnumbered == [["[ ] Ett"], ["[x] Två"]])
    }

    /// A value typed past its form's row wraps under itself, and the cursor follows it inside the
    /// box: a unit's name of 80 characters in the new-analysis form, a long search in the queue's
    /// filters (the fields below it moved down a row).
    @Test func aLongTypedValueWrapsInsideItsForm() throws {
        let bench = try Bench()
        let size = Size(width: 80, height: 24)
        let unit = "Enhet 15, individ- och familjeomsorgen, barn och unga, utredningen i norra delen"
        var home = HomeState(strings: Strings(.sv), account: "anna", returned: [], drafts: [], submitted: [],
                             checklists: [try bench.catalog.checklist("barnkonsekvensanalys")])
        for key in [Key.enter, .tab, .tab, .paste(unit)] { _ = home.update(key: key, size: size) }
        let frame = home.render(size)
        let first = try #require(frame.lines.firstIndex { $0.contains("│   Enhet 15, individ") }, "\(frame.lines)")
        let rows = frame.lines[first...first + 1].map(insideBox)
        #expect(rows.joined(separator: " ") == unit, "\(rows)")
        #expect(frame.cursor?.y == first + 1 && frame.lines[first + 2].contains("└"), "\(frame.lines)")
        #expect((frame.cursor?.x ?? 99) < 2 + 70 - 1, "\(String(describing: frame.cursor))")

        let search = "barnets bästa umgänge skola fritidsaktiviteter kontaktperson boendestöd familjehem placering"
        var queue = ReviewQueueState(strings: Strings(.sv), account: "bertil", catalog: ChecklistCatalog(), fromHome: true)
        for key in [Key.character("/"), .paste(search)] { _ = queue.update(key: key, size: size) }
        let filter = queue.render(size)
        let top = try #require(filter.lines.firstIndex { $0.contains("▸ Sök") }, "\(filter.lines)")
        #expect(filter.cursor?.y == top + 1 && filter.lines[top + 2].contains("Status"), "\(filter.lines)")
        let searched = filter.lines[top...top + 1].map(insideBox)
        #expect(searched.joined(separator: " ").hasSuffix(search), "\(searched)")
    }

    /// The help, the case and what is new say in the help bar that they scroll, when they do.
    @Test func theOverlaysHelpBarSaysItScrolls() throws {
        let bench = try Bench()
        let id = try bench.create()
        let path = packageRoot.appendingPathComponent("checklists/cases/1-elskuld.yaml").path
        let brief = try CaseLibrary.loadFile(path, checklists: ["barnkonsekvensanalys"]).brief(.sv)
        let state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv),
                                   training: true, caseBrief: brief)
        #expect(state.mode == .caseBrief)
        let small = Size(width: 60, height: 14)
        let bottom = state.render(small).lines.suffix(2).joined()
        #expect(bottom.contains("↑↓ PgUp PgDn bläddra"))
        #expect(bottom.contains("Esc stäng"))
    }

    /// With a list of units the unit's item is not typed in: a key on it says which unit the
    /// analysis is filed under and, where an older answer says another (submitted before a map,
    /// then returned), writes that unit in.
    @Test func withAListOfUnitsTheUnitIsNotTypedIn() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete().merging(["unit": .text("Ekonomiskt bistånd")]) { $1 })
        // Made before the list and mapped onto it while it waited in the queue: returned, its
        // answer still says the free text it was submitted with.
        #expect(try bench.store.submit(id, by: "anna") == .submitted)
        try bench.store.addUnit("Norr", by: "anna")
        try bench.store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Norr")
        #expect(try bench.store.mapUnit("Ekonomiskt bistånd", to: "Norr", by: "anna") == 1)
        try bench.store.return(id, by: "bertil", comment: "Komplettera.", itemComments: [:])
        #expect(try bench.store.analysis(id, readBy: "anna").answers["unit"] == .text("Ekonomiskt bistånd"))
        let (_, backend) = try bench.run(typing("Söder"), open: id, item: "unit")
        #expect(try bench.store.analysis(id, readBy: "anna").answers["unit"] == .text("Norr"))
        #expect(try bench.store.header(id).summary.unit == "Norr")
        let text = try #require(backend.lastFrame?.text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Analysen hör till enheten Norr, och svaret är den enheten. Hör den till en annan enhet: flytta den med barnkoll admin move."), "\(text)")
        #expect(!text.contains("Söder"))
        // Nothing is typed there: the help bar's Enter moves the analysis (WorksheetMoveTests), not edits it.
        let help = try #require(backend.lastFrame?.lines.suffix(2).joined(separator: " "))
        #expect(help.contains("Enter byt enhet") && !help.contains("Enter ändra"), "\(help)")
    }

    /// Submitted before a rename and returned after it, an analysis's unit answer names the old
    /// unit: `s` writes in the unit it is filed under before it submits, so the case file names it
    /// (Core refuses to submit it otherwise).
    @Test func submittingWritesInTheUnitItIsFiledUnder() throws {
        let bench = try Bench()
        try bench.store.addUnit("Norr", by: "anna")
        try bench.store.setRole(.caseworker, for: "anna", granted: true, by: "anna", unit: "Norr")
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-1", unit: "Norr",
                                        author: "anna", answers: try bench.complete()).id
        #expect(try bench.store.submit(id, by: "anna") == .submitted)
        try bench.store.renameUnit("Norr", to: "IFO Norr", by: "anna")
        try bench.store.return(id, by: "bertil", comment: "Komplettera.", itemComments: [:])
        #expect(try bench.store.analysis(id, readBy: "anna").answers["unit"] == .text("Norr"))
        _ = try bench.run([.character("s"), .enter], open: id)
        let submitted = try bench.store.analysis(id, readBy: "anna")
        #expect(submitted.summary.status == .submitted && submitted.answers["unit"] == .text("IFO Norr"))
        #expect(try bench.store.verifyProblems().isEmpty)
    }

    /// Home keeps its cursor on the review queue's entry after Esc from the queue.
    @Test func afterEscFromTheQueueHomesCursorIsWhereItWas() throws {
        let bench = try Bench()
        let (app, _) = try bench.run([.down, .enter, .escape], as: "bertil")
        let home = try #require(app.homeScreen)
        #expect(home.entries[home.selected] == .reviewQueue(waiting: 0))
    }

    /// A returned analysis: the comment is cut on the header line with where to read it, `m` shows
    /// it whole beside the comments at items and what is missing, and the commented section is marked.
    @Test func theReturnCommentIsReadWholeBesideWhatIsMissing() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        let long = "Beskriv Noahs fritid och hur skolan påverkas av beslutet. Ta också med vad mamman sa vid "
            + "hembesöket om elräkningen, och vad barnen själva berättade när ni träffades i december."
        try bench.store.return(id, by: "bertil", comment: long, itemComments: ["art2": "Vad betyder det för skolan?"])
        var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv))
        let first = state.render(size).lines[1]
        #expect(first.contains("(m: läs allt)"))
        let section = try #require(state.checklist.section(containing: "art2")).title.text(.sv)
        #expect(state.render(size).lines.contains { $0.contains("»" + section.prefix(10)) })
        _ = state.update(key: .character("m"), size: size)
        let text = state.render(size).text.replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "│", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("själva berättade när ni träffades i december."), "\(text)")
        #expect(text.contains("» Barnets bästa") || text.contains(": Vad betyder det för skolan?"))
        _ = state.update(key: .enter, size: size)                    // the request is a place to go
        #expect(state.row == .item("art2"))
    }

    /// A section is complete only when every entry of its groups is; what is missing names the
    /// entry and the field.
    @Test func aSectionIsCompleteOnlyWithEveryEntryAndTheMissingListNamesTheEntry() throws {
        let bench = try Bench()
        var answers = try bench.complete()
        guard case .entries(var children)? = answers["children"], !children.isEmpty else {
            Issue.record("the complete analysis has no children")
            return
        }
        children.append(["alias": .text("Sam")])                   // age and effect missing
        answers["children"] = .entries(children)
        var state = try worksheet(bench, answers)
        let section = try #require(state.checklist.section(containing: "children")).title.text(.sv)
        let line = try #require(state.render(size).lines.first { $0.contains(String(section.prefix(12))) })
        #expect(!line.contains("✓"), "\(line)")
        _ = state.update(key: .character("m"), size: size)
        // Named by its alias, as the questions asked for each child are.
        #expect(state.render(size).text.contains("• Sam · Ålder: "), "\(state.render(size).text)")
    }

    /// The missing list keeps its selection in view as it moves down a long list.
    @Test func theMissingListScrollsToItsSelection() throws {
        let bench = try Bench()
        var state = try worksheet(bench)
        _ = state.update(key: .character("m"), size: size)
        let entries = state.missingEntries
        #expect(entries.count > 15)
        for _ in 0..<15 { _ = state.update(key: .down, size: size) }
        let frame = state.render(size)
        let cursor = try #require(frame.cursor)
        #expect(frame.lines[cursor.y].contains(String(entries[15].text.prefix(20))), "\(frame.text)")
    }

    /// Home's list fits 80 columns in columns: a long unit name is cut with "…" inside its own
    /// column and the date keeps its place.
    @Test func homeListsFitTheirWidthALongUnitCutInItsColumn() throws {
        let bench = try Bench()
        let long = "Enheten för ekonomiskt bistånd till barnfamiljer i Norrköpinge och Sjövikens kommundelar"
        let id = try bench.store.create(checklist: bench.catalog.checklist("barnkonsekvensanalys"), caseRef: "EB-2026-31",
                                        unit: long, author: "anna", answers: [:]).id
        _ = try bench.create()
        let (_, backend) = try bench.run([])
        let frame = try #require(backend.lastFrame)
        let rows = frame.lines.filter { $0.contains("BKA-2026-") }
        #expect(rows.count == 2)
        let mine = try #require(rows.first { $0.contains(id) })
        #expect(mine.contains("…"))
        #expect(!mine.contains(long))
        // Both dates begin in the same column, inside the window.
        let today = String(try bench.store.analysis(id, readBy: "anna").summary.updatedAt.prefix(10))
        let columns = rows.compactMap { row in row.range(of: today).map { DisplayWidth.of(String(row[..<$0.lowerBound])) } }
        #expect(columns.count == 2 && columns[0] == columns[1], "\(rows)")
        #expect(rows.allSatisfy { DisplayWidth.of($0.trimmingCharacters(in: .whitespaces)) <= 78 })
    }

    /// A colleague who opens a draft reads it: the title says who writes, a key that would write
    /// says why it does nothing, and nothing is saved.
    @Test func aColleagueReadsADraftOnlyItsAuthorWrites() throws {
        let bench = try Bench()
        let id = try bench.create(["decision": .text("Annas text")])
        for keys in [[Key.enter], typing("b")] {
            let (_, backend) = try bench.run(keys, open: id, item: "decision", as: "bertil")
            let frame = try #require(backend.lastFrame?.text)
            #expect(frame.contains("läses, skrivs av anna"), "\(frame)")
            #expect(frame.contains("Du läser: bara anna skriver i den."), "\(frame)")
            #expect(!frame.contains("Sparat"), "nothing was saved: \(frame)")
        }
        #expect(try bench.answers(id)["decision"] == .text("Annas text"))
        // The author writes as before.
        let (_, own) = try bench.run([.enter, .end] + typing(" och mer") + [.escape], open: id, item: "decision")
        #expect(own.lastFrame?.text.contains("läses") == false)
        #expect(try bench.answers(id)["decision"] == .text("Annas text och mer"))
    }
}
