import BarnkollCore
@testable import BarnkollTUI
import Foundation
import Terminal
import Testing

@Suite struct TrainingScreens {
    func elskuld() throws -> TrainingCase {
        let path = packageRoot.appendingPathComponent("checklists/cases/1-elskuld.yaml").path
        return try CaseLibrary.loadFile(path, checklists: ["barnkonsekvensanalys"])
    }

    @Test func theWorksheetOpensOnTheCaseAndShowsItAgainOnC() throws {
        let bench = try Bench()
        let id = try bench.create()
        let analysis = try bench.store.analysis(id, readBy: "anna")
        var state = WorksheetState(analysis: analysis, strings: Strings(.sv), training: true, caseBrief: try elskuld().brief(.sv))
        let first = state.render(Size(width: 80, height: 24)).text
        #expect(first.contains("[ÖVNING]"))
        #expect(first.contains("ÖVNING: fallet ni övar på (påhittat)"))
        #expect(first.contains("Barn: Alva, 7 år; Noah, 13 år"))
        _ = state.update(key: .escape, size: Size(width: 80, height: 24))
        let browsing = state.render(Size(width: 80, height: 24)).text
        #expect(!browsing.contains("fallet ni övar på"))
        #expect(browsing.contains("c fallet"))
        _ = state.update(key: .character("c"), size: Size(width: 80, height: 24))
        #expect(state.render(Size(width: 80, height: 24)).text.contains("Elskuld i Sjöviken"))
    }

    /// The case belongs to the workshop's analysis: a new analysis made from home in the same
    /// session opens without it (it opened on the workshop's case), and the workshop's own
    /// analysis, opened again from home, still has it.
    @Test func theCaseIsAtHandOnlyInTheWorkshopsAnalysis() throws {
        let bench = try Bench()
        let id = try bench.create()
        let analysis = try bench.store.analysis(id, readBy: "anna")
        let backend = MemoryBackend(width: 80, height: 24, keys: [.escape, .escape, .up])
        let app = try App(backend: backend, store: bench.store, catalog: bench.catalog, account: "anna", strings: Strings(.sv),
                          training: true, caseBrief: try elskuld().brief(.sv), start: .analysis(analysis, item: nil))
        app.run(stopWhenIdle: true)
        #expect(backend.lastFrame?.text.contains("+ Ny analys") == true)
        backend.keys = [.enter, .tab] + typing("TR-1") + [.tab] + typing("Norr") + [.enter]
        app.run(stopWhenIdle: true)
        let other = try #require(app.worksheet)
        #expect(other.analysis.summary.id != id)
        #expect(other.caseBrief == nil)
        #expect(other.mode == .browse)
        #expect(backend.lastFrame?.text.contains("c fallet") == false)
        backend.keys = [.escape]
        app.run(stopWhenIdle: true)
        let home = try #require(app.homeScreen)
        let workshops = try #require(home.entries.firstIndex { if case .analysis(let summary) = $0 { summary.id == id } else { false } })
        let steps = workshops - home.selected
        backend.keys = Array(repeating: steps > 0 ? Key.down : .up, count: abs(steps)) + [.enter]
        app.run(stopWhenIdle: true)
        let again = try #require(app.worksheet)
        #expect(again.analysis.summary.id == id)
        #expect(again.caseBrief != nil)
        #expect(backend.lastFrame?.text.contains("ÖVNING: fallet ni övar på (påhittat)") == true)
    }

    /// Every shipped case is read whole at 80×24: the brief scrolls, and its last sentence comes into view.
    @Test func everyCaseIsReadWholeAt80x24() throws {
        let bench = try Bench()
        let id = try bench.create()
        let analysis = try bench.store.analysis(id, readBy: "anna")
        let library = try CaseLibrary.load(directories: [packageRoot.appendingPathComponent("checklists")],
                                           checklists: Set(bench.catalog.checklists.keys))
        let size = Size(width: 80, height: 24)
        var scrolled = 0
        defer { #expect(scrolled > 0, "no case is longer than the box: the test reads nothing it would have cut") }
        for trainingCase in library.sorted {
            let brief = trainingCase.brief(.sv)
            var state = WorksheetState(analysis: analysis, strings: Strings(.sv), training: true, caseBrief: brief)
            // Every word of the case, read page by page with the space bar, as a participant would.
            let first = state.render(size).text
            let longer = first.contains("↓ mer")
            if longer { scrolled += 1 }
            var seen = Set(first.split(whereSeparator: \.isWhitespace).map(String.init))
            for _ in 0..<20 {
                _ = state.update(key: .character(" "), size: size)
                seen.formUnion(state.render(size).text.split(whereSeparator: \.isWhitespace).map(String.init))
            }
            let words = brief.joined(separator: " ").split(whereSeparator: \.isWhitespace).map(String.init)
            let unseen = words.filter { !seen.contains($0) }
            #expect(unseen.isEmpty, "\(trainingCase.id): never shown: \(unseen)")
            // A case longer than the box says there is more, and scrolls rather than closes.
            if longer { #expect(state.render(size).text.contains("↑ mer"), "\(trainingCase.id)") }
            _ = state.update(key: .escape, size: size)
            #expect(!state.render(size).text.contains("fallet ni övar på"))
        }
    }

    @Test func theComparisonScrollsAndShowsThePointsOnP() throws {
        let bench = try Bench()
        let trainingCase = try elskuld()
        let falken = try bench.create(["depth": .text("simple"), "art2": .text("Falken skriver om elen.")])
        let ugglan = try bench.create(["depth": .text("full"), "art2": .text("Ugglan skriver om laget.")])
        let analyses = try [("Falken", falken), ("Ugglan", ugglan)].map {
            (pseudonym: $0.0, analysis: try bench.store.analysis($0.1, readBy: "anna"))
        }
        let comparison = WorkshopComparison(code: "KTRHNA", trainingCase: trainingCase, analyses: analyses, language: .sv)
        let withPoints = WorkshopComparison(code: "KTRHNA", trainingCase: trainingCase, analyses: analyses, language: .sv,
                                            showDiscussion: true)
        let backend = MemoryBackend(width: 80, height: 24, keys: [])
        let app = try App(backend: backend, store: bench.store, catalog: bench.catalog, account: "anna", strings: Strings(.sv),
                          training: true, start: .comparison(comparison, reload: { points in points ? withPoints : comparison }))
        app.run(stopWhenIdle: true)
        let top = try #require(backend.lastFrame?.text)
        #expect(top.contains("[ÖVNING] Jämförelse KTRHNA · Elskuld i Sjöviken · 0 av 2 klara"))
        #expect(top.contains("- Förenklad: 1 (Falken)"))
        #expect(top.contains("- Fördjupad: 1 (Ugglan)"))

        backend.keys = [.end]
        app.run(stopWhenIdle: true)
        let bottom = try #require(backend.lastFrame?.text)
        #expect(bottom.contains("Visas när alla har lämnat in (0 av 2 klara)."))
        backend.keys = [.character("p"), .end]
        app.run(stopWhenIdle: true)
        #expect(backend.lastFrame?.text.contains("1. Berörs barnen direkt eller indirekt") == true)
    }

    /// At 40 columns the comparison's title cuts the case's name and leaves out its first word,
    /// never the workshop's code or how many are finished.
    @Test func theComparisonsTitleKeepsHowManyAreFinished() throws {
        let bench = try Bench()
        let falken = try bench.create()
        let analyses = [(pseudonym: "Falken", analysis: try bench.store.analysis(falken, readBy: "anna"))]
        let comparison = WorkshopComparison(code: "KTRHNA", trainingCase: try elskuld(), analyses: analyses, language: .sv)
        let state = ComparisonState(comparison: comparison, strings: Strings(.sv))
        let narrow = try #require(state.render(Size(width: 40, height: 10)).lines.first)
        #expect(narrow.hasPrefix(" [ÖVNING] KTRHNA · Elsk") && narrow.hasSuffix("… · 0 av 1 klara "), "\(narrow)")
        let wide = try #require(state.render(Size(width: 80, height: 24)).lines.first)
        #expect(wide.contains("KTRHNA · \(comparison.caseTitle) · 0 av 1 klara"), "\(wide)")
    }

    /// At 40 columns a training worksheet's title keeps its mark, id and status whole: the corner's
    /// save mark gives way to its sign ("✓", "…"); a failure is still said whole, the title cut.
    @Test func aTrainingWorksheetsTitleKeepsItsStatusAtFortyColumns() throws {
        let bench = try Bench()
        let id = try bench.create()
        var state = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv), training: true)
        let narrow = Size(width: 40, height: 10)
        func title(_ size: Size) -> String { state.render(size).lines.first ?? "" }
        #expect(title(narrow).hasPrefix(" [ÖVNING] \(id) · utkast ") && title(narrow).hasSuffix(" ✓ "), "\(title(narrow))")
        #expect(title(Size(width: 80, height: 24)).hasSuffix(" ✓ Sparat "))
        _ = state.update(key: .enter, size: narrow)                     // the unit, a text
        _ = state.update(key: .character("x"), size: narrow)
        #expect(state.saveState == .pending)
        #expect(title(narrow).hasPrefix(" [ÖVNING] \(id) · utkast ") && title(narrow).hasSuffix(" … "), "\(title(narrow))")
        _ = state.update(.saveFailed(saved: [], reason: "disken är full"), size: narrow)
        #expect(title(narrow).hasPrefix(" [ÖVNING] \(id) · ") && title(narrow).hasSuffix(" ! Ej sparat "), "\(title(narrow))")
        // Outside training the words fit beside the id and status.
        let plain = WorksheetState(analysis: try bench.store.analysis(id, readBy: "anna"), strings: Strings(.sv))
        #expect(plain.render(narrow).lines.first?.hasSuffix(" · utkast        ✓ Sparat ") == true)
    }

    /// At 40 columns a participant's answer wraps under its own text, past the "- ", not back to
    /// the margin; so does a field of a group's entry, past its own "- ".
    @Test func aWrappedAnswerHangsUnderItsDash() throws {
        let bench = try Bench()
        let falken = try bench.create(["art2": .text("Falken skriver om elen och om vad barnen behöver för skolan."),
                                       "other_articles": .entries([["article": .text("art27"),
                                                                    "comment": .text("Familjen har en låg levnadsnivå och skulden hotar den.")]])])
        let analyses = [(pseudonym: "Falken", analysis: try bench.store.analysis(falken, readBy: "anna"))]
        let comparison = WorkshopComparison(code: "KTRHNA", trainingCase: try elskuld(), analyses: analyses, language: .sv)
        let backend = MemoryBackend(width: 40, height: 60, keys: [])
        let app = try App(backend: backend, store: bench.store, catalog: bench.catalog, account: "anna", strings: Strings(.sv),
                          training: true, start: .comparison(comparison, reload: { _ in comparison }))
        var seen: [String] = []
        for _ in 0..<8 {
            app.run(stopWhenIdle: true)
            seen += try #require(backend.lastFrame?.lines)
            backend.keys = [.pageDown]
        }
        let first = try #require(seen.firstIndex { $0.hasPrefix(" - Falken: Falken skriver") }, "\(seen.joined(separator: "\n"))")
        #expect(seen[first + 1].hasPrefix("   ") && seen[first + 1].dropFirst(3).first?.isLetter == true,
                "\(seen[first...(first + 2)].joined(separator: "\n"))")
        let article = try #require(seen.firstIndex { $0.hasPrefix(" - Falken: 27: Skälig levnadsstandard") }, "\(seen.joined(separator: "\n"))")
        #expect(seen[article + 1].hasPrefix("   - Hur berörs artikeln?: Familjen"), "\(seen[article + 1])")
        #expect(seen[article + 2].hasPrefix("     ") && seen[article + 2].dropFirst(5).first?.isLetter == true,
                "\(seen[article...(article + 2)].joined(separator: "\n"))")
        // So does a numbered discussion point, past its number (an indent is `Wrap`'s own).
        #expect(ComparisonState.marker("7. Om ansökan avslås") == "7. " && ComparisonState.marker("  texten") == ""
                && ComparisonState.marker("- Falken: ja") == "- " && ComparisonState.marker("Ärendet") == ""
                && ComparisonState.marker("  - Ålder: 7") == "  - ")
    }
}
