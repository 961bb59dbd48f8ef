/// A choice a user types by one of its names (Swedish first), whatever their case.
public protocol TypedByName: CaseIterable {
    var names: [String] { get }
}

extension TypedByName {
    public init?(name: String) {
        let key = name.lowercased()
        guard let match = Self.allCases.first(where: { $0.names.contains(key) }) else { return nil }
        self = match
    }
}

/// What happened after the decision, recorded on a decided analysis without a new review round:
/// the feedback given to the child, the follow-up done, the report made, the decision's outcome.
/// Approved versions never change; a note is dated, signed, kept beside them and audited, and is
/// itself never changed or deleted (a correction is a new note).
public enum NoteKind: String, Sendable, Codable, CaseIterable, TypedByName {
    /// The child was told about the decision (GC12 para 45).
    case feedback
    /// The follow-up the analysis planned was done.
    case followUp = "follow_up"
    /// A report of concern (orosanmälan) was made.
    case report
    /// The decision's outcome: granted, refused or partly granted.
    case outcome

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.feedback, .sv): "Återkoppling till barnet"
        case (.feedback, .en): "Feedback to the child"
        case (.followUp, .sv): "Uppföljning gjord"
        case (.followUp, .en): "Follow-up done"
        case (.report, .sv): "Orosanmälan gjord"
        case (.report, .en): "Report of concern made"
        case (.outcome, .sv): "Beslutets utfall"
        case (.outcome, .en): "The decision's outcome"
        }
    }

    /// The words a user types for it on the command line, Swedish first.
    public var names: [String] {
        switch self {
        case .feedback: ["återkoppling", "feedback"]
        case .followUp: ["uppföljning", "follow-up", "follow_up"]
        case .report: ["orosanmälan", "anmälan", "report"]
        case .outcome: ["utfall", "outcome"]
        }
    }

    /// The follow-up a note of this kind closes: the date the analysis promised is kept.
    public var closes: FollowUpKind? {
        switch self {
        case .feedback: .feedbackOverdue
        case .followUp: .followUpOverdue
        case .report: .reportNotMade
        case .outcome: nil
        }
    }
}

/// What the decision came to, as the indicators count it.
public enum DecisionOutcome: String, Sendable, Codable, CaseIterable, TypedByName {
    case granted, refused, partly

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.granted, .sv): "Beviljat"
        case (.granted, .en): "Granted"
        case (.refused, .sv): "Avslag"
        case (.refused, .en): "Refused"
        case (.partly, .sv): "Delvis beviljat"
        case (.partly, .en): "Partly granted"
        }
    }

    public var names: [String] {
        switch self {
        case .granted: ["beviljat", "bifall", "granted"]
        case .refused: ["avslag", "avslaget", "refused"]
        case .partly: ["delvis", "delvis-beviljat", "partly"]
        }
    }
}

/// A note as Core allowed it, for the store to keep.
public struct NewNote: Sendable, Hashable {
    public var kind: NoteKind
    /// The day it happened (YYYY-MM-DD), never after the day it is written.
    public var date: String
    public var outcome: DecisionOutcome?
    public var text: String

    public init(kind: NoteKind, date: String, outcome: DecisionOutcome?, text: String) {
        self.kind = kind
        self.date = date
        self.outcome = outcome
        self.text = text
    }
}

/// A note as kept, with who wrote it and when.
public struct AnalysisNote: Sendable, Hashable, Codable {
    public var analysisID: String
    public var kind: NoteKind
    public var date: String
    public var outcome: DecisionOutcome?
    public var text: String
    public var writtenBy: String
    public var writtenAt: String

    public init(analysisID: String, kind: NoteKind, date: String, outcome: DecisionOutcome?, text: String,
                writtenBy: String, writtenAt: String) {
        self.analysisID = analysisID
        self.kind = kind
        self.date = date
        self.outcome = outcome
        self.text = text
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
    }

    /// "2026-12-01 Återkoppling till barnet (anna): Barnet fick beslutet förklarat hemma.", as the
    /// document and the worksheet show it; `out` makes what was typed safe where it is shown.
    public func line(_ language: Language, out: (String) -> String) -> String {
        let what = kind.label(language) + (outcome.map { ": " + $0.label(language) } ?? "")
        return "\(date) \(what) (\(out(writtenBy)))" + (text.isEmpty ? "" : ": " + out(text))
    }
}

extension Casework {
    /// Whether notes after the decision are written on it now (approved or closed); the front
    /// end offers its key by this, `note` refuses by it.
    public static func takesNotes(_ summary: AnalysisSummary) -> Bool {
        summary.status == .approved || summary.status == .closed
    }

    /// A note as it may be kept: on an approved or closed analysis the writer may see; a real day
    /// not after `today`; an outcome exactly when the kind is the outcome; the text cleaned, and
    /// never a personnummer (a note is short and read by many: the case reference or an alias will do).
    public static func note(_ note: NewNote, on summary: AnalysisSummary, by actor: Actor, today: String) throws(StoreError) -> NewNote {
        try Permissions(actor: actor, summary: summary).requireSee()
        guard takesNotes(summary) else {
            throw .notAllowed(
                sv: "\(summary.id) är \(summary.status.label(.sv)): anteckningar efter beslutet skrivs på en godkänd eller avslutad analys; dessförinnan har arbetsbladet frågorna",
                en: "\(summary.id) is \(summary.status.label(.en)): notes after the decision are written on an approved or closed analysis; before that, the worksheet has the questions")
        }
        if let problem = ISODate.problem(note.date) { throw .invalidNote(problem) }
        guard note.date <= today else {
            throw .invalidNote(Localized(sv: "\(note.date) har inte hänt än: en anteckning håller det som är gjort (i dag är det \(today))",
                                         en: "\(note.date) has not happened yet: a note records what was done (today is \(today))"))
        }
        if note.kind == .outcome, note.outcome == nil {
            throw .invalidNote(Localized(sv: "en anteckning om utfallet säger vad beslutet blev: beviljat, avslag eller delvis",
                                         en: "an outcome note says what the decision came to: granted, refused or partly"))
        }
        if note.kind != .outcome, note.outcome != nil {
            throw .invalidNote(Localized(sv: "bara en anteckning om utfallet har ett utfall", en: "only an outcome note has an outcome"))
        }
        let text = TextHygiene.sanitize(note.text, multiline: true).trimmingCharacters(in: .whitespacesAndNewlines)
        if let match = Personnummer.find(in: text).first { throw .invalidNote(Casework.personnummerInFreeText(match.text)) }
        return NewNote(kind: note.kind, date: note.date, outcome: note.outcome, text: text)
    }
}

extension AnalysisRecords where Self: AccessRecords {
    /// Writes a note after the decision (`Casework.note`), audited; no new version, no review.
    @discardableResult
    public func addNote(_ id: String, _ note: NewNote, by account: String, today: String = ISODate.today()) throws(StoreError) -> AnalysisNote {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        return try recordNote(id, by: account) { header, actor throws(StoreError) in
            try Permissions(actor: actor, summary: header.summary, kind: kind).requireSee()
            return try Casework.note(note, on: header.summary, by: actor, today: today)
        }
    }
}
