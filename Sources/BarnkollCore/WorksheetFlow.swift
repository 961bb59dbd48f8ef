/// One analysis's worksheet as both front ends walk it: the sections and items shown now and their
/// order, their numbers, what comes next, the steps through a group's entries, and the versions to
/// compare. The full screen draws it; plain mode asks it line by line (one description of a flow,
/// two renderers, as huh's accessible mode has it). A new answer gives a new flow: it is a value.
public struct WorksheetFlow: Sendable {
    /// A place the caseworker can stand on in a section: an item, one sub-item of one entry of a
    /// group, or the group's "add an entry".
    public enum Step: Sendable, Hashable {
        case item(String)
        case sub(group: String, entry: Int, sub: String)
        case add(group: String)

        /// The top-level item the step belongs to.
        public var itemID: String {
            switch self {
            case .item(let id), .add(let id): id
            case .sub(let group, _, _): group
            }
        }

        public var path: ItemPath {
            switch self {
            case .item(let id), .add(let id): ItemPath(item: id)
            case .sub(let group, let entry, let sub): ItemPath(item: group, entry: entry, subItem: sub)
            }
        }
    }

    public let checklist: Checklist
    public let answers: Answers
    public let evaluation: Evaluation

    public init(checklist: Checklist, answers: Answers, evaluation: Evaluation) {
        self.checklist = checklist
        self.answers = answers
        self.evaluation = evaluation
    }

    /// The caseworker's flow of an analysis (its overrides count).
    public init(_ analysis: Analysis) {
        self.init(checklist: analysis.checklist, answers: analysis.answers, evaluation: analysis.evaluate())
    }

    // MARK: - Order

    /// The sections shown now that the caseworker answers, in order. A review section is the
    /// supervisor's: their decision fills it.
    public var sections: [Section] {
        checklist.sections.filter { evaluation.visibleSections.contains($0.id) && $0.filledBy == .caseworker }
    }

    /// The items shown now in one section, in order.
    public func items(in section: Section) -> [Item] {
        section.items.filter { evaluation.visibleItems.contains($0.id) }
    }

    /// Every item shown now, in reading order.
    public var items: [String] { sections.flatMap { items(in: $0).map(\.id) } }

    /// The next item shown after `id`, also when `id` itself has just been hidden by its answer.
    public func next(after id: String) -> String? {
        let all = checklist.allItems.map(\.id)
        let shown = Set(items)
        guard let here = all.firstIndex(of: id) else { return nil }
        return all[(here + 1)...].first { shown.contains($0) }
    }

    /// The entries of a group (or of the group a repeated group follows).
    public func entries(_ group: String) -> [[String: AnswerValue]] {
        checklist.entries(of: group, in: answers)
    }

    /// The sub-items of one entry shown now, and whether each is required; which show can change
    /// with each answer in the entry.
    public func subItems(of group: Item, entry index: Int) -> [(item: Item, required: Bool)] {
        let entries = entries(group.id)
        guard entries.indices.contains(index) else { return [] }
        return Worksheet(checklist: checklist, answers: answers).subItems(of: group, entry: entries[index])
    }

    /// Every step of a section, in order: each item, each shown sub-item of each entry of its
    /// groups, and "add an entry" where entries can be added (`editable`, and not for a group
    /// repeated for each entry of another, which gets its entries from that one).
    public func steps(in section: Section, editable: Bool) -> [Step] {
        var steps: [Step] = []
        for item in items(in: section) {
            steps.append(.item(item.id))
            guard item.type == .group else { continue }
            for index in entries(item.id).indices {
                steps += subItems(of: item, entry: index).map { .sub(group: item.id, entry: index, sub: $0.item.id) }
            }
            if editable && item.each == nil { steps.append(.add(group: item.id)) }
        }
        return steps
    }

    /// The item a step answers (a sub-item for a group entry).
    public func item(for step: Step) -> Item? {
        switch step {
        case .item(let id), .add(let id): checklist.item(id)
        case .sub(let group, _, let sub): checklist.item(group)?.items.first { $0.id == sub }
        }
    }

    /// The answer at a step.
    public func value(at step: Step) -> AnswerValue? {
        switch step {
        case .item(let id):
            return answers[id]
        case .add:
            return nil
        case .sub(let group, let entry, let sub):
            let entries = entries(group)
            return entries.indices.contains(entry) ? entries[entry][sub] : nil
        }
    }

    // MARK: - Numbers

    /// Items named as people see them: "4.2" is the second item of the fourth section. Numbers
    /// come from the checklist, not from what is shown, so they stay put as answers change.
    public var numbers: ItemNumbers { ItemNumbers(checklist: checklist) }
}

/// The numbers of a checklist's sections and items ("4.2"), and the item a number names.
public struct ItemNumbers: Sendable {
    public let checklist: Checklist

    public init(checklist: Checklist) { self.checklist = checklist }

    public func section(_ id: String) -> Int {
        (checklist.sections.firstIndex { $0.id == id } ?? 0) + 1
    }

    public func number(_ item: String) -> String {
        guard let section = checklist.section(containing: item),
              let index = section.items.firstIndex(where: { $0.id == item }) else { return item }
        return "\(self.section(section.id)).\(index + 1)"
    }

    /// The item for "4.2" or for an item id.
    public func resolve(_ text: String) -> String? {
        let parts = text.split(separator: ".")
        if parts.count == 2, let s = Int(parts[0]), let i = Int(parts[1]),
           checklist.sections.indices.contains(s - 1), checklist.sections[s - 1].items.indices.contains(i - 1) {
            return checklist.sections[s - 1].items[i - 1].id
        }
        // A question asked for each child is found at its group, which asks it child by child.
        return checklist.item(text)?.id ?? checklist.groupAsking(text)?.id
    }
}

/// An analysis's versions as the history lists them: each frozen version, then the unsubmitted
/// answers when they differ from the last; each compared with the one before it.
public struct VersionHistory: Sendable {
    /// The row of the answers not yet submitted.
    public static let current = Int.max

    public let analysis: Analysis
    /// Version numbers in order, `current` last when there are unsubmitted changes.
    public let rows: [Int]

    public init(_ analysis: Analysis) {
        self.analysis = analysis
        var rows = analysis.versions.map(\.number)
        if analysis.summary.status.isEditable, analysis.answers != analysis.versions.last?.answers {
            rows.append(Self.current)
        }
        self.rows = rows
    }

    public func version(_ number: Int) -> FrozenVersion? { analysis.versions.first { $0.number == number } }

    /// The answers of a row; 0 is the empty start before the first version.
    public func answers(_ number: Int) -> Answers {
        number == Self.current ? analysis.answers : version(number)?.answers ?? [:]
    }

    /// The row a row is compared with: the one before it, or the empty start (0).
    public func previous(_ number: Int) -> Int {
        guard let index = rows.firstIndex(of: number), index > 0 else { return 0 }
        return rows[index - 1]
    }

    /// The reviews of a frozen version (none for the unsubmitted answers).
    public func reviews(_ number: Int) -> [Review] {
        number == Self.current ? [] : analysis.reviews.filter { $0.version == number }
    }

    /// The hand-overs and moves made after the version before `number` and before that version;
    /// with `current`, those after the last version. Each shows where it falls in time.
    public func transfers(before number: Int) -> [Transfer] {
        let frozen = analysis.versions.map(\.number)
        let index = number == Self.current ? frozen.count : frozen.firstIndex(of: number) ?? frozen.count
        let after = index > 0 ? version(frozen[index - 1])?.createdAt : nil
        let before = number == Self.current ? nil : version(number)?.createdAt
        return analysis.transfers.filter { transfer in
            (after.map { transfer.at >= $0 } ?? true) && (before.map { transfer.at < $0 } ?? true)
        }
    }

    /// Those after every row: none when the last row is the unsubmitted answers (they came before it).
    public var transfersAfterRows: [Transfer] { rows.last == Self.current ? [] : transfers(before: Self.current) }

    /// What changed from one row to another.
    public func changes(from: Int, to: Int, language: Language) -> [ItemChange] {
        VersionDiff.compare(answers(from), answers(to), checklist: analysis.checklist, language: language)
    }
}
