import BarnkollCore
@testable import BarnkollStore
import GRDB
import BarnkollTUI
import Foundation
import Terminal

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

    func complete() throws -> Answers {
        let checklist = try catalog.checklist("barnkonsekvensanalys")
        let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
        return try AnswerInput.readFile(FileManager.default.contents(atPath: path) ?? Data(), file: path, checklist: checklist)
    }

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
