/// A draft or returned analysis moved onto the newest definition of its checklist, so the rules of
/// the newest definition hold for work in progress too. Approved, submitted and closed analyses
/// never move: they keep the definition they were decided on.
public struct DefinitionMove: Sendable {
    /// The definition the analysis was on.
    public var fromVersion: Int
    public var checklist: Checklist
    /// The answers the analysis has on the new definition, carried over by item id.
    public var answers: Answers
    /// What could not be carried: the item is gone, its answer no longer fits it, or it belongs to
    /// the supervisor's review. Cleared in the store; shown to the caseworker with its text.
    public var dropped: [DroppedAnswer]
    /// The caseworker's questions the new definition has and the old did not.
    public var newQuestions: [Localized]

    /// What the store writes besides the new definition: the dropped answers cleared, and carried
    /// answers the new item stores differently (cleaned text) rewritten.
    public var changes: [AnswerChange]
    /// Questions once answered for all the children together, now asked for each: their answer
    /// copied into every entry (each child's voice), for the caseworker to go over child by child.
    public var copiedToEachEntry: [Localized]

    public init(fromVersion: Int, checklist: Checklist, answers: Answers, dropped: [DroppedAnswer],
                newQuestions: [Localized], changes: [AnswerChange], copiedToEachEntry: [Localized] = []) {
        self.fromVersion = fromVersion
        self.checklist = checklist
        self.answers = answers
        self.dropped = dropped
        self.newQuestions = newQuestions
        self.changes = changes
        self.copiedToEachEntry = copiedToEachEntry
    }
}

extension DefinitionMove {
    /// What the caseworker is told, as a heading and paragraphs: the worksheet shows them in a
    /// box on opening, plain mode and `fill --into` print them.
    public func notice(_ language: Language) -> (title: String, paragraphs: [String]) {
        let name = checklist.title.text(language)
        let sv = language == .sv
        var paragraphs = [sv
            ? "Frågorna i \(name) har uppdaterats (version \(checklist.version)). Ditt utkast följer nu de nya frågorna "
                + "och reglerna; dina svar finns kvar (det var gjort med version \(fromVersion))."
            : "The questions of \(name) have been updated (version \(checklist.version)). Your draft now follows the new "
                + "questions and rules; your answers are kept (it was made with version \(fromVersion))."]
        if !newQuestions.isEmpty {
            let shown = newQuestions.prefix(6).map { "«\($0.text(language))»" }.joined(separator: sv ? ", " : ", ")
            let more = newQuestions.count > 6 ? (sv ? " och \(newQuestions.count - 6) till" : " and \(newQuestions.count - 6) more") : ""
            paragraphs.append((sv ? "Nya frågor: " : "New questions: ") + shown + more + ".")
        }
        if !copiedToEachEntry.isEmpty {
            let shown = copiedToEachEntry.map { "«\($0.text(language))»" }.joined(separator: ", ")
            paragraphs.append(sv
                ? "Frågorna om barnets röst ställs nu för varje barn. Dina svar på \(shown) gällde alla barnen och finns nu hos vart och ett av dem: gå igenom dem barn för barn."
                : "The questions on the child's voice are now asked for each child. Your answers to \(shown) were for all the children and are now with each of them: go through them child by child.")
        }
        for answer in dropped {
            let why = switch answer.reason {
            case .gone: sv ? "frågan ställs inte längre" : "the question is no longer asked"
            case .review: sv ? "frågan besvaras nu av den som granskar, genom sitt beslut"
                             : "the question is now answered by the reviewing supervisor's decision"
            case .doesNotFit: sv ? "svaret passar inte längre frågan; svara på nytt" : "the answer no longer fits the question; answer it again"
            }
            paragraphs.append(sv
                ? "Svaret på «\(answer.prompt.text(language))» fördes inte över (\(why)). Det var: «\(answer.text.text(language))»"
                : "The answer to «\(answer.prompt.text(language))» was not carried over (\(why)). It was: «\(answer.text.text(language))»")
        }
        return (sv ? "Nya frågor och regler" : "New questions and rules", paragraphs)
    }
}

/// An answer a move could not carry, as the caseworker wrote it.
public struct DroppedAnswer: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The new definition does not ask it.
        case gone
        /// It is the supervisor's, answered by their decision.
        case review
        /// The answer no longer fits the question (an option taken away, a new limit).
        case doesNotFit
    }

    public var item: String
    public var reason: Reason
    public var prompt: Localized
    /// The answer as people read it (labels, not values), in Swedish and English.
    public var text: Localized
}

extension Casework {
    /// The move of `analysis` onto `latest`, or nil when it stays: it is not editable, `latest` is
    /// another checklist or not newer. Answers are carried by item id where the new item takes
    /// them as they are (`checked`); the rest are dropped and listed.
    public static func definitionMove(of analysis: Analysis, to latest: Checklist, kind: StoreKind) -> DefinitionMove? {
        let old = analysis.checklist
        guard analysis.summary.status.isEditable, latest.id == old.id, latest.version > old.version else { return nil }
        var carried: Answers = [:]
        var dropped: [DroppedAnswer] = []
        var changes: [AnswerChange] = []
        let (answers, folded) = foldedIntoEntries(analysis.answers, latest: latest)
        changes += folded.map { AnswerChange(item: $0.id, value: nil) }
        for item in answers.keys.sorted() {
            guard let value = answers[item] else { continue }
            if let clean = try? checked(value, item: item, in: latest, kind: kind) {
                carried[item] = clean
                if clean != analysis.answers[item] { changes.append(AnswerChange(item: item, value: clean)) }
            } else {
                let definition = old.item(item)
                let reason: DroppedAnswer.Reason = latest.item(item) == nil ? .gone
                    : latest.section(containing: item)?.filledBy == .supervisor ? .review : .doesNotFit
                dropped.append(DroppedAnswer(
                    item: item, reason: reason, prompt: definition?.prompt ?? Localized(sv: item),
                    text: definition.map { Localized(sv: AnalysisDocument.display(value, item: $0, language: .sv),
                                                     en: AnalysisDocument.display(value, item: $0, language: .en)) }
                        ?? Localized(sv: value.searchableText)))
                changes.append(AnswerChange(item: item, value: nil))
            }
        }
        let known = Set(old.allItems.map(\.id))
        let newQuestions = latest.sections.filter { $0.filledBy == .caseworker }.flatMap(\.items)
            .filter { !known.contains($0.id) }.map(\.prompt)
        return DefinitionMove(fromVersion: old.version, checklist: latest, answers: carried, dropped: dropped,
                              newQuestions: newQuestions, changes: changes, copiedToEachEntry: folded.map(\.prompt))
    }

    /// An answer to a question the new definition asks only for each entry of a group (each
    /// child's voice) is copied into every entry that lacks one, when it fits there; the rest stay
    /// and are dropped as gone.
    static func foldedIntoEntries(_ answers: Answers, latest: Checklist) -> (Answers, [Item]) {
        var answers = answers
        var folded: [Item] = []
        for group in latest.allItems {
            guard let base = group.each, case .entries(var entries)? = answers[base], !entries.isEmpty else { continue }
            for sub in group.items where latest.item(sub.id) == nil {
                guard let value = answers[sub.id], let fits = try? AnswerInput.check(value, for: sub) else { continue }
                for index in entries.indices where entries[index][sub.id] == nil { entries[index][sub.id] = fits }
                answers[sub.id] = nil
                folded.append(sub)
            }
            answers[base] = .entries(entries)
        }
        return (answers, folded)
    }
}

extension AnalysisRecords where Self: AccessRecords {
    /// Opens an analysis to work on, as the worksheet, plain mode and `fill --into` do: first a
    /// draft or returned analysis made with an older definition of its checklist than `catalog`'s
    /// moves onto it (audited), then it is read (logged). `moved` says what changed, for the caseworker.
    public func openForWork(_ id: String, catalog: ChecklistCatalog, by account: String) throws(StoreError)
        -> (analysis: Analysis, moved: DefinitionMove?) {
        let opened = try analysis(id, readBy: account)
        // Nearly every open finds the analysis on the newest definition, or decided: no move to record.
        guard let latest = catalog.checklists[opened.checklist.id],
              Casework.definitionMove(of: opened, to: latest, kind: kind) != nil,
              let moved = try moveDefinition(id, catalog: catalog, by: account) else { return (opened, nil) }
        return (try analysis(id, readBy: account), moved)
    }

    /// Moves a draft or returned analysis onto `catalog`'s definition of its checklist when that is
    /// newer; nil when it stays (also when the account may read it but not edit it: reading never
    /// moves anything).
    public func moveDefinition(_ id: String, catalog: ChecklistCatalog, by account: String) throws(StoreError) -> DefinitionMove? {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        guard let move = try recordDefinitionMove(id, by: account, { analysis, actor throws(StoreError) in
            guard Permissions(actor: actor, summary: analysis.summary, kind: kind).canEdit,
                  let latest = catalog.checklists[analysis.checklist.id] else { return nil }
            return Casework.definitionMove(of: analysis, to: latest, kind: kind)
        }) else { return nil }
        // A question the new definition asks and the program can answer is answered, as for a new analysis.
        let latest = move.checklist
        if latest.item(Casework.starredNoItem) != nil, move.answers[Casework.starredNoItem] == nil,
           try starredNo(inCase: try header(id).summary.caseRef, besides: latest.id, readBy: account) {
            try save(id, item: Casework.starredNoItem, value: .text("yes"), by: account)
        }
        return move
    }
}
