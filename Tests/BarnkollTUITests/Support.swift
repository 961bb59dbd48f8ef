import BarnkollCore
@testable import BarnkollStore
import GRDB
import BarnkollTUI
import Foundation
import Terminal
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A real store in a temporary folder and the shipped checklists: the front end's real parts.
final class Bench {
    let folder: String
    let store: SQLiteStore
    let catalog: ChecklistCatalog

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("barnkoll-tui-\(UUID().uuidString)").path
        store = try SQLiteStore.open(path: folder + "/store.sqlite", kind: .real, account: "anna")
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func create(_ answers: Answers = [:], checklist: String = "barnkonsekvensanalys") throws -> String {
        try store.create(checklist: catalog.checklist(checklist), caseRef: "EB-1", unit: "Ekonomiskt bistånd",
                         author: "anna", answers: answers).id
    }

    func complete() throws -> Answers { try fixture("complete-bka.yaml") }

    /// The answers in a file of Tests/Fixtures, read for `checklist` as `fill` reads them.
    func fixture(_ name: String, checklist: String = "barnkonsekvensanalys") throws -> Answers {
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/" + name).path
        return try AnswerInput.readFile(FileManager.default.contents(atPath: path) ?? Data(), file: path,
                                        checklist: catalog.checklist(checklist))
    }

    /// `complete()` with a care measure against the child's best interests, weighed and with a
    /// compensatory measure: whole but for the hard stop, which refuses its submission.
    func stopped() throws -> Answers {
        var answers = try complete()
        answers["care_measure"] = .text("yes")
        answers["in_line"] = .text("no")
        answers["weightier_interests"] = .text("Placeringen skyddar Noah mot våld i hemmet under utredningen.")
        answers["compensatory_measures"] = .entries([["measure": .text("Umgänge varje vecka"), "owner": .text("Handläggaren"),
                                                      "due_date": .text("2026-04-01")]])
        return answers
    }

    /// A stopped draft by anna that bertil overrode on a ground (to the board) before its first
    /// submission; then submitted. The line the histories show for the override is `overrideLine`.
    func overriddenBeforeTheFirstSubmission() throws {
        let id = try create(try stopped())
        try store.override(id, rule: "care-measure-against-best-interest", ground: .toBoard, by: "bertil",
                           reason: "Nämnden beslutar den 12 mars.")
        _ = try store.submit(id, by: "anna")
    }
    static let overrideLine = "bertil: hävde stopp Vårdinsats mot barnets bästa (Ärendet går till nämnden) – Nämnden beslutar den 12 mars."

    /// Runs the app over scripted keys until they run out; returns the app and its backend.
    @discardableResult
    func run(_ keys: [Key], open id: String? = nil, item: String? = nil, width: Int = 80, height: Int = 24,
             language: Language = .sv, start: App.Start? = nil, as account: String = "anna") throws -> (App, MemoryBackend) {
        let backend = MemoryBackend(width: width, height: height, keys: keys)
        let analysis = try id.map { try store.analysis($0, readBy: account) }
        let app = try App(backend: backend, store: store, catalog: catalog, account: account, strings: Strings(language),
                          start: start ?? analysis.map { .analysis($0, item: item) } ?? .home)
        app.run(stopWhenIdle: true)
        return (app, backend)
    }

    /// Stops the store from growing (`PRAGMA max_page_count`), as a full disk would.
    func limitPages(_ limited: Bool) throws {
        try store.pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(limited ? pages : 1_073_741_823)")
        }
    }

    func answers(_ id: String) throws -> Answers { try store.analysis(id, readBy: "test").answers }

    /// Saves a question asked for each child for Noah, the fixture's second child, as the worksheet does.
    func saveForNoah(_ id: String, item: String, value: AnswerValue?, by account: String = "anna") throws {
        guard case .entries(var children)? = try answers(id)["children"], children.count > 1 else { return }
        children[1][item] = value
        try store.save(id, item: "children", value: .entries(children), by: account)
    }
}

/// A clock a test moves by hand, so nothing waits on the real one.
final class TestClock {
    private(set) var now = Date(timeIntervalSince1970: 1_780_000_000)

    func advance(by seconds: TimeInterval) { now += seconds }
}

func typing(_ text: String) -> [Key] { text.map { Key.character($0) } }

/// The `n`th of a list of submitted analyses as the queue is given them (BKA-2026-1000 on), for a
/// screen fed its lines without a store.
func listed(_ n: Int, unit: String = "Ekonomiskt bistånd, Norrköpinge") -> AnalysisSummary {
    AnalysisSummary(id: "BKA-2026-\(1000 + n)", checklistID: "barnkonsekvensanalys", checklistVersion: 1, caseRef: "EB-2026-\(n)",
                    unit: unit, author: "anna", status: .submitted, versions: 1, createdAt: "2026-11-01", updatedAt: "2026-11-01")
}

/// The words of a box's row (`│ … │`) as one string, single-spaced; "" for a row without a box.
func insideBox(_ line: String) -> String {
    line.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first?.split(separator: " ").joined(separator: " ") ?? ""
}

/// Each character of a frame's line with the column it starts at (a wide one takes two), to check
/// that a wrapped line's rows start under its text.
func columns(of line: String) -> [(character: Character, column: Int)] {
    var column = 0
    return line.map { character in
        defer { column += DisplayWidth.of(character) }
        return (character, column)
    }
}

/// A frame's lines as a page shows a screen: blanks at the ends of lines and rows at the bottom dropped.
func shownLines(_ frame: Frame?) throws -> [String] {
    var lines = try #require(frame).lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
}

/// The lines of the ```text block in `page` (a path in the package) that begins with `first`.
func textBlock(in page: String, startingWith first: String) throws -> [String] {
    let text = try String(contentsOf: packageRoot.appendingPathComponent(page), encoding: .utf8)
    let fence = "```text\n"
    let start = try #require(text.range(of: fence + first), "\(page): no block starting \(first)")
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    return text[text.index(start.lowerBound, offsetBy: fence.count)..<end.lowerBound].components(separatedBy: "\n")
}
