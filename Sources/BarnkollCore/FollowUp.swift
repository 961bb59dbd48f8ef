/// The supervisor's follow-up lists: promises to a child whose date has passed, and hard stops.
public enum FollowUpKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Feedback to the child was planned for a date that has passed, and is not recorded as given.
    case feedbackOverdue = "feedback_overdue"
    /// The decision's follow-up date has passed, and the follow-up is not recorded as done.
    case followUpOverdue = "follow_up_overdue"
    /// A concern that a child is at risk, with no report made: watched from the day the supervisor
    /// was told until the report's date is recorded.
    case reportNotMade = "report_not_made"
    /// A compensatory measure was to be in place by a date that has passed, and the follow-up is
    /// not recorded as done (barnkonsekvensanalys 7: `compensatory_measures[].due_date`).
    case measureOverdue = "measure_overdue"
    /// Submission was refused by a hard stop that no supervisor has overridden yet.
    case hardStop = "hard_stop"
    /// A supervisor let the decision go ahead despite a hard stop.
    case override

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.feedbackOverdue, .sv): "Återkoppling till barnet försenad"
        case (.feedbackOverdue, .en): "Feedback to the child overdue"
        case (.followUpOverdue, .sv): "Uppföljning försenad"
        case (.followUpOverdue, .en): "Follow-up overdue"
        case (.reportNotMade, .sv): "Oro för barn utan orosanmälan"
        case (.reportNotMade, .en): "Concern for a child, no report made"
        case (.measureOverdue, .sv): "Kompenserande åtgärd försenad"
        case (.measureOverdue, .en): "Compensatory measure overdue"
        case (.hardStop, .sv): "Har ett stopp"
        case (.hardStop, .en): "Stopped by a hard stop"
        case (.override, .sv): "Stopp hävda av chef"
        case (.override, .en): "Hard stops overridden"
        }
    }
}

/// A dated promise the store watches: the date it is due, and the item that records it as done.
/// Checklists that use these item ids get the lists too (checklists/README.md).
public struct WatchedDate: Sendable, Hashable {
    public var kind: FollowUpKind
    public var dueItem: String
    public var doneItem: String

    public static let all: [WatchedDate] = [
        WatchedDate(kind: .feedbackOverdue, dueItem: "feedback_planned_date", doneItem: "feedback_done_date"),
        WatchedDate(kind: .followUpOverdue, dueItem: "follow_up_date", doneItem: "follow_up_done_date"),
        WatchedDate(kind: .reportNotMade, dueItem: "supervisor_told_date", doneItem: "report_date"),
    ]
}

/// The compensatory measures the store watches: each entry's date it is done by, until the
/// decision's follow-up is recorded as done (the item, or a note after the decision).
public enum WatchedMeasures {
    public static let group = "compensatory_measures"
    public static let dueField = "due_date"
    public static let doneItem = "follow_up_done_date"
    public static let doneNote = NoteKind.followUp
}

/// One line of a follow-up list.
public struct FollowUpEntry: Sendable, Hashable {
    public var kind: FollowUpKind
    public var summary: AnalysisSummary
    /// The date that passed (YYYY-MM-DD), or when the override was made.
    public var date: String
    /// The hard-stop rule, for hard stops and overrides.
    public var rule: String?
    /// Who overrode, for overrides.
    public var by: String?

    public init(kind: FollowUpKind, summary: AnalysisSummary, date: String, rule: String? = nil, by: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.date = date
        self.rule = rule
        self.by = by
    }
}
