import Foundation

/// Where an analysis is in its life. Moves only along `allowedTransitions`.
public enum AnalysisStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted
    case returned
    case approved
    /// Closed as not applicable: no child is affected, with a reason.
    case closed

    /// Every move the store allows; the database enforces the same list with a trigger.
    public static let allowedTransitions: Set<Transition> = [
        Transition(from: .draft, to: .submitted),
        Transition(from: .draft, to: .closed),
        Transition(from: .submitted, to: .approved),
        Transition(from: .submitted, to: .returned),
        Transition(from: .returned, to: .submitted),
        Transition(from: .returned, to: .closed),
        // A change after approval is a new version, worked on as a draft.
        Transition(from: .approved, to: .draft),
    ]

    public struct Transition: Sendable, Hashable {
        public var from: AnalysisStatus
        public var to: AnalysisStatus

        public init(from: AnalysisStatus, to: AnalysisStatus) {
            self.from = from
            self.to = to
        }
    }

    public var isEditable: Bool { self == .draft || self == .returned }

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.draft, .sv): "utkast"
        case (.draft, .en): "draft"
        case (.submitted, .sv): "inskickad"
        case (.submitted, .en): "submitted"
        case (.returned, .sv): "återsänd"
        case (.returned, .en): "returned"
        case (.approved, .sv): "godkänd"
        case (.approved, .en): "approved"
        case (.closed, .sv): "avslutad, ej aktuell"
        case (.closed, .en): "closed, not applicable"
        }
    }
}

/// What an account may do in a store. Anyone with access writes analyses; the rest is granted.
public enum Role: String, Sendable, Codable, CaseIterable {
    case caseworker, supervisor, trainer, admin
}

/// Real records, or fictional ones for workshops. Fixed when a store is created.
public enum StoreKind: String, Sendable, Codable {
    case real
    case training
}

/// One analysis as lists show it.
public struct AnalysisSummary: Sendable, Hashable, Codable {
    /// Short and human: BKA-2026-0042.
    public var id: String
    public var checklistID: String
    public var checklistVersion: Int
    public var caseRef: String
    public var unit: String
    public var author: String
    public var status: AnalysisStatus
    /// The number of versions frozen so far (each submission freezes one).
    public var versions: Int
    public var createdAt: String
    public var updatedAt: String

    public init(id: String, checklistID: String, checklistVersion: Int, caseRef: String, unit: String,
                author: String, status: AnalysisStatus, versions: Int, createdAt: String, updatedAt: String) {
        self.id = id
        self.checklistID = checklistID
        self.checklistVersion = checklistVersion
        self.caseRef = caseRef
        self.unit = unit
        self.author = author
        self.status = status
        self.versions = versions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum ReviewDecision: String, Sendable, Codable {
    case approve
    case `return`
    case override
}

/// A supervisor's decision on a submitted version. Never edited: a new decision is a new review.
public struct Review: Sendable, Hashable, Codable {
    public var analysisID: String
    public var version: Int
    public var reviewer: String
    public var decision: ReviewDecision
    public var comment: String?
    /// Comments attached to items, by item id.
    public var itemComments: [String: String]
    /// For an override: the hard-stop rule overridden.
    public var rule: String?
    public var at: String

    public init(analysisID: String, version: Int, reviewer: String, decision: ReviewDecision, comment: String?,
                itemComments: [String: String], rule: String?, at: String) {
        self.analysisID = analysisID
        self.version = version
        self.reviewer = reviewer
        self.decision = decision
        self.comment = comment
        self.itemComments = itemComments
        self.rule = rule
        self.at = at
    }
}

/// A frozen version of an analysis, made at each submission.
public struct FrozenVersion: Sendable, Hashable, Codable {
    public var analysisID: String
    public var number: Int
    public var status: AnalysisStatus
    public var answers: Answers
    public var contentHash: String
    public var createdBy: String
    public var createdAt: String

    public init(analysisID: String, number: Int, status: AnalysisStatus, answers: Answers, contentHash: String,
                createdBy: String, createdAt: String) {
        self.analysisID = analysisID
        self.number = number
        self.status = status
        self.answers = answers
        self.contentHash = contentHash
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One analysis with everything needed to read it: the definition it was made with, its answers,
/// its versions and reviews.
public struct Analysis: Sendable {
    public var summary: AnalysisSummary
    public var checklist: Checklist
    public var answers: Answers
    public var versions: [FrozenVersion]
    public var reviews: [Review]
    /// The item the author was last at, to come back to it.
    public var position: String?

    public init(summary: AnalysisSummary, checklist: Checklist, answers: Answers, versions: [FrozenVersion],
                reviews: [Review], position: String?) {
        self.summary = summary
        self.checklist = checklist
        self.answers = answers
        self.versions = versions
        self.reviews = reviews
        self.position = position
    }

    /// Hard-stop rules a supervisor has overridden for the current version.
    public var overrides: Set<String> {
        Set(reviews.filter { $0.decision == .override }.compactMap(\.rule))
    }

    public func evaluate(role: FilledBy = .caseworker) -> Evaluation {
        Worksheet(checklist: checklist, answers: answers).evaluate(overrides: overrides, role: role)
    }

    /// The latest return, whose comments the author sees while revising.
    public var latestReturn: Review? {
        guard summary.status == .returned else { return nil }
        return reviews.last { $0.decision == .return }
    }
}

/// Filters for lists and exports.
public struct AnalysisFilter: Sendable, Hashable {
    public enum Order: Sendable, Hashable {
        /// Most recently changed first: the caseworker's lists.
        case newestFirst
        /// Longest waiting first: the review queue.
        case oldestFirst
    }

    public var status: AnalysisStatus?
    public var author: String?
    public var unit: String?
    public var checklist: String?
    /// Created on or after this date (YYYY-MM-DD).
    public var since: String?
    /// Created on or before this date (YYYY-MM-DD).
    public var until: String?
    /// Full-text search over the answers. Results come most recently written first, whatever `order` says.
    public var search: String?
    public var order: Order
    public var limit: Int?
    public var offset: Int
    /// Keyset paging: the rows after this one in `order` (a deep page costs what the first does,
    /// where an offset would step over every row before it). Searches page by `offset`.
    public var after: PageCursor?

    public init(status: AnalysisStatus? = nil, author: String? = nil, unit: String? = nil, checklist: String? = nil,
                since: String? = nil, until: String? = nil, search: String? = nil, order: Order = .newestFirst,
                limit: Int? = nil, offset: Int = 0) {
        self.status = status
        self.author = author
        self.unit = unit
        self.checklist = checklist
        self.since = since
        self.until = until
        self.search = search
        self.order = order
        self.limit = limit
        self.offset = offset
    }

    /// Where a page ended: its last row's time and id.
    public struct PageCursor: Sendable, Hashable {
        public var updatedAt: String
        public var id: String

        public init(_ summary: AnalysisSummary) {
            updatedAt = summary.updatedAt
            id = summary.id
        }
    }

    /// Counts stop past this many: the screen says "more than 1000", and a count costs what a
    /// page of a thousand would, whatever the size of the store.
    public static let countLimit = 1000

    /// A search's count stops sooner: each analysis counted is a walk through the full-text index,
    /// and with another filter (the queue's status) most of the walk is analyses that do not pass
    /// (measured at 100,000: counting to 1,000 took 45 ms, to 200 about 10).
    public static let searchCountLimit = 200

    /// Where this filter's count stops.
    public var countLimit: Int { search.map { $0.isEmpty } == false ? Self.searchCountLimit : Self.countLimit }

    /// The supervisor's queue: submitted analyses, longest waiting first.
    public static func reviewQueue(limit: Int? = nil) -> AnalysisFilter {
        AnalysisFilter(status: .submitted, order: .oldestFirst, limit: limit)
    }
}

/// What can go wrong with a record, each with a message for people.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case notOurs(path: String, why: String)
    case newerStore(path: String)
    case wrongKind(path: String, expected: StoreKind, actual: StoreKind)
    case notEditable(id: String, status: AnalysisStatus)
    case forbiddenTransition(id: String, from: AnalysisStatus, to: AnalysisStatus)
    case incomplete(id: String, missing: [MissingItem], hardStops: [HardStop])
    case notAllowed(String)
    case busy(path: String)
    case full(path: String)
    case readOnly(path: String)
    /// The disk failed a read, write or sync (EIO): the change in hand did not happen.
    case diskError(path: String)
    case invalidAnswer(AnswerProblem)
    case io(path: String, message: String)
    /// A store file every account on the host can read or write: refused, changing nothing.
    case openToOthers(path: String, mode: Int)
    /// This account cannot use a file or folder of the store; `why` names the cause and the command that fixes it.
    case noAccess(path: String, why: String)

    public var description: String {
        switch self {
        case .notFound(let id):
            return "no analysis '\(TextHygiene.forOutput(id, multiline: false))' in this store; see `barnkoll list`"
        case .notOurs(let path, let why):
            return "\(path): not a barnkoll store (\(why)); nothing was changed"
        case .newerStore(let path):
            return "\(path): this store was written by a newer barnkoll; update barnkoll to use it (nothing was changed)"
        case .wrongKind(let path, _, let actual):
            return actual == .training
                ? "\(path) is a training store (ÖVNING) and cannot hold real records; use the real store, or `barnkoll train` and --training to practise"
                : "\(path) is a real store and is never used for training; workshops use a separate training store (barnkoll-training.sqlite beside it, or another file named with --store)"
        case .notEditable(let id, let status):
            return "\(id) is \(status.label(.en)) and cannot be changed"
                + (status == .approved ? "; a change after approval starts a new version" : "")
        case .forbiddenTransition(let id, let from, let to):
            return "\(id) cannot go from \(from.label(.en)) to \(to.label(.en))"
        case .incomplete(let id, let missing, let hardStops):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("\(missing.count) missing: " + missing.map(\.path.description).joined(separator: ", ")) }
            if !hardStops.isEmpty { parts.append("hard stop: " + hardStops.map(\.rule).joined(separator: ", ")) }
            return "\(id) cannot be submitted: " + parts.joined(separator: "; ")
        case .notAllowed(let message):
            return message
        case .busy(let path):
            return "\(path): another user is saving right now; try again in a moment (nothing was lost)"
        case .full(let path):
            return "\(path): the disk is full; free some space and try again (the text was not saved)"
        case .readOnly(let path):
            return "\(path): the store cannot be written (read-only file or folder); check its permissions"
        case .diskError(let path):
            return "\(path): the disk reported an error (I/O error) and the change was not saved; check the disk, then try again"
        case .invalidAnswer(let problem):
            return problem.description
        case .io(let path, let message):
            return "\(path): \(message)"
        case .openToOthers(let path, let mode):
            return "\(path): refused: every account on this host can read or write this store file (mode "
                + String(mode, radix: 8).leftPadded(to: 4) + "); nothing was changed. Fix it with: chmod o-rwx \(path)"
        case .noAccess(let path, let why):
            return "\(path): \(why)"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

/// What the rest of barnkoll needs from a record store. The SQLite store implements it; a
/// PostgreSQL store can join later without touching screens or commands.
public protocol RecordStore: Sendable {
    var kind: StoreKind { get }
    var path: String { get }

    /// Creates a draft with its first answers, all in one transaction.
    func create(checklist: Checklist, caseRef: String, unit: String, author: String,
                answers: Answers) throws(StoreError) -> AnalysisSummary
    /// Reads an analysis and logs who read it.
    func analysis(_ id: String, readBy account: String) throws(StoreError) -> Analysis
    /// Saves one answer (nil clears it) in one small transaction.
    func save(_ id: String, item: String, value: AnswerValue?, by account: String) throws(StoreError)
    func saveAll(_ id: String, answers: Answers, by account: String) throws(StoreError)
    func setPosition(_ id: String, item: String, by account: String) throws(StoreError)
    /// Freezes a version and moves the analysis on: submitted, or closed when no child is affected.
    func submit(_ id: String, by account: String) throws(StoreError) -> AnalysisStatus
    @discardableResult
    func approve(_ id: String, by account: String, comment: String?) throws(StoreError) -> ChainAnchor
    func `return`(_ id: String, by account: String, comment: String, itemComments: [String: String]) throws(StoreError)
    func override(_ id: String, rule: String, by account: String, reason: String) throws(StoreError)
    /// Starts a new version of an approved analysis.
    func revise(_ id: String, by account: String) throws(StoreError)
    func list(_ filter: AnalysisFilter) throws(StoreError) -> [AnalysisSummary]
    /// How many analyses a filter selects, up to the filter's `countLimit + 1` ("more than").
    func count(_ filter: AnalysisFilter) throws(StoreError) -> Int
    /// A page (the filter's limit and offset) and the count, as a list screen shows them.
    func page(_ filter: AnalysisFilter) throws(StoreError) -> (rows: [AnalysisSummary], total: Int)
    /// Overdue feedback and follow-ups (dates before `today`, YYYY-MM-DD), hard stops and overrides.
    func followUps(today: String, unit: String?, limit: Int) throws(StoreError) -> [FollowUpEntry]
    func hasRole(_ account: String, _ role: Role) throws(StoreError) -> Bool
    /// What the yearly indicators count, for analyses first submitted in `years` (supervisors and admins).
    func indicatorRecords(years: ClosedRange<Int>, unit: String?, by account: String) throws(StoreError) -> [IndicatorRecord]
}

/// The OS account running barnkoll: the identity of everything it does.
public enum Account {
    public static var current: String {
        if let name = getpwuid(geteuid())?.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid-\(geteuid())"
    }
}
