import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh folder per test, removed afterwards.
final class TemporaryFolder {
    let path: String
    /// Run when the folder goes: what a test made outside it (a PostgreSQL database).
    var cleanups: [() -> Void] = []

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("barnkoll-test-\(UUID().uuidString)")
        path = base.path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        cleanups.forEach { $0() }
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// A small checklist written for these tests: a text, a choice, a group and one hard stop.
let testChecklistYAML = """
id: testlista
version: 1
id_prefix: BKA
title: {sv: Testlista, en: Test list}
not_applicable:
  when: {item: affected, equals: "no"}
  reason: reason
sections:
  - id: first
    title: {sv: Första, en: First}
    items:
      - id: affected
        type: choice
        prompt: {sv: Påverkas barn?, en: Are children affected?}
        required: true
        options:
          - {value: "yes", label: {sv: Ja, en: "Yes"}}
          - {value: "no", label: {sv: Nej, en: "No"}}
      - id: reason
        type: long_text
        prompt: {sv: Varför inte?, en: Why not?}
        show_when: {item: affected, equals: "no"}
        required: true
  - id: second
    title: {sv: Andra, en: Second}
    show_when: {not: {item: affected, equals: "no"}}
    items:
      - id: view
        type: long_text
        prompt: {sv: Barnets åsikt, en: The child's view}
        required: true
      - id: care
        type: choice
        prompt: {sv: Vård?, en: Care?}
        options:
          - {value: "yes", label: {sv: Ja, en: "Yes"}}
          - {value: "no", label: {sv: Nej, en: "No"}}
      - id: children
        type: group
        prompt: {sv: Barnen, en: The children}
        items:
          - {id: alias, type: text, prompt: {sv: Alias}, required: true}
          - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}
rules:
  - id: care-stop
    kind: hard_stop
    item: care
    when: {item: care, equals: "yes"}
    message: {sv: Stopp, en: Stop}
"""

func testChecklist(version: Int = 1, prompt: String = "Barnets åsikt") -> Checklist {
    let yaml = testChecklistYAML
        .replacingOccurrences(of: "version: 1", with: "version: \(version)")
        .replacingOccurrences(of: "Barnets åsikt", with: prompt)
    do {
        return try ChecklistLoader.load(yaml: yaml, file: "test.yaml")
    } catch {
        preconditionFailure("test checklist does not load: \(error)")
    }
}

/// Opens the test store as anna, its creator and so its admin, with bertil as a supervisor.
func openStore(_ folder: TemporaryFolder, kind: StoreKind = .real) throws -> SQLiteStore {
    let store = try SQLiteStore.open(path: folder.file("store/barnkoll.sqlite"), kind: kind, account: "anna")
    try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
    return store
}

func sha(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

/// A draft of the complete, fictional barnkonsekvensanalys (Tests/Fixtures/complete-bka.yaml) by anna in Norr.
func completeDraft(_ store: any CaseworkStore) throws -> String {
    let catalog = try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
    let checklist = try catalog.checklist("barnkonsekvensanalys")
    let path = packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml").path
    let answers = try AnswerInput.readFile(FileManager.default.contents(atPath: path) ?? Data(), file: path, checklist: checklist)
    return try store.create(checklist: checklist, caseRef: "EB-2026-117", unit: "Norr", author: "anna", answers: answers).id
}
