/// What changed between two versions of an analysis, item by item, in the checklist's order.
public struct ItemChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case added, removed, changed
    }

    public var itemID: String
    public var section: String
    public var prompt: String
    public var kind: Kind
    /// As people read it (labels, not stored values); nil when there was no answer.
    public var before: String?
    public var after: String?

    public init(itemID: String, section: String, prompt: String, kind: Kind, before: String?, after: String?) {
        self.itemID = itemID
        self.section = section
        self.prompt = prompt
        self.kind = kind
        self.before = before
        self.after = after
    }
}

public enum VersionDiff {
    /// Every item whose answer differs. A group counts as one item, showing the entries that
    /// changed and, of an entry on both sides, only the questions whose answers changed.
    public static func compare(_ old: Answers, _ new: Answers, checklist: Checklist, language: Language) -> [ItemChange] {
        var changes: [ItemChange] = []
        var seen: Set<String> = []
        for section in checklist.sections {
            for item in section.items {
                seen.insert(item.id)
                let before: String?, after: String?
                if item.type == .group {
                    guard let shown = changedEntries(item, old, new, checklist: checklist, language: language) else { continue }
                    (before, after) = shown
                } else {
                    guard old[item.id] != new[item.id] else { continue }
                    before = old[item.id].map { AnalysisDocument.display($0, item: item, language: language) }
                    after = new[item.id].map { AnalysisDocument.display($0, item: item, language: language) }
                }
                let kind: ItemChange.Kind = before == nil ? .added : after == nil ? .removed : .changed
                changes.append(ItemChange(
                    itemID: item.id, section: section.title.text(language), prompt: item.prompt.text(language), kind: kind,
                    before: before, after: after))
            }
        }
        // Answers to items a later checklist no longer has still count as changes.
        for id in Set(old.keys).union(new.keys).subtracting(seen).sorted() where old[id] != new[id] {
            let text = { (value: AnswerValue?) in value.map { TextHygiene.forOutput($0.searchableText) } }
            changes.append(ItemChange(itemID: id, section: "", prompt: id,
                                      kind: old[id] == nil ? .added : new[id] == nil ? .removed : .changed,
                                      before: text(old[id]), after: text(new[id])))
        }
        return changes
    }

    /// A group's changed entries as shown before and after, nil when none changed. Compared entry
    /// by entry in the group's own questions: the entries also hold what groups asked for each of
    /// them ask, which are compared there.
    static func changedEntries(_ item: Item, _ old: Answers, _ new: Answers, checklist: Checklist,
                               language: Language) -> (before: String?, after: String?)? {
        let oldEntries = checklist.entries(of: item.id, in: old), newEntries = checklist.entries(of: item.id, in: new)
        var only: [Int: Set<String>] = [:]
        for index in 0..<min(oldEntries.count, newEntries.count) {
            only[index] = Set(item.items.map(\.id).filter { oldEntries[index][$0] != newEntries[index][$0] })
        }
        let changed = (0..<max(oldEntries.count, newEntries.count)).filter { !(only[$0]?.isEmpty ?? false) }
        guard !changed.isEmpty else { return nil }
        func shown(_ answers: Answers) -> String? {
            let blocks = AnalysisDocument.entryBlocks(item, in: answers, checklist: checklist, language: language, only: only) ?? []
            let picked = changed.filter { $0 < blocks.count }.map { blocks[$0] }
            return picked.isEmpty ? nil : picked.joined(separator: "\n")
        }
        return (shown(old), shown(new))
    }
}
