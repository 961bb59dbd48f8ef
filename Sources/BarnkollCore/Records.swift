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

    /// A status by any of its names: the stored one (`approved`), the Swedish (`godkänd`, also typed
    /// `godkand`) or the English label, or the first word of one (`avslutad`); case aside.
    public static func named(_ name: String) -> AnalysisStatus? {
        func key(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespaces).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        let typed = key(name)
        guard !typed.isEmpty else { return nil }
        for status in allCases {
            let names = [status.rawValue, status.label(.sv), status.label(.en)].map(key)
            if names.contains(typed) || names.contains(where: { $0.split(separator: ",").first.map(String.init) == typed }) {
                return status
            }
        }
        return nil
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

    /// The decision as people read it in a review's history, as the screens say it (`Strings.decision`); JSON keeps the stored word.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.approve, .sv): "godkände"
        case (.approve, .en): "approved"
        case (.return, .sv): "återsände"
        case (.return, .en): "returned"
        case (.override, .sv): "hävde stopp"
        case (.override, .en): "overrode a hard stop"
        }
    }
}

/// The only grounds on which a supervisor lets a decision go ahead despite a hard stop: where the
/// child's best interest is decisive, a decision against it is not lawful, so the stop is lifted
/// only because it does not apply, because the proposal will change, or because the board decides.
public enum OverrideGround: String, Sendable, Hashable, Codable, CaseIterable, TypedByName {
    /// The matter is not of the kind the stop is about (not care or treatment, not family law).
    case misclassified
    /// The proposal will be changed before the decision.
    case proposalChanged = "proposal_changed"
    /// The matter goes to the board (nämnden) to decide.
    case toBoard = "to_board"

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.misclassified, .sv): "Fel klassat: ärendet är inte ett sådant ärende"
        case (.misclassified, .en): "Misclassified: the matter is not of that kind"
        case (.proposalChanged, .sv): "Förslaget kommer att ändras"
        case (.proposalChanged, .en): "The proposal will be changed"
        case (.toBoard, .sv): "Ärendet går till nämnden"
        case (.toBoard, .en): "The matter goes to the board"
        }
    }

    /// The grounds as a list for a message: "felklassat (…), ändras (…), nämnden (…)".
    public static func listed(_ language: Language) -> String {
        allCases.map { "\($0.names[0]) (\($0.label(language)))" }.joined(separator: ", ")
    }

    /// The words a user types for it on the command line, Swedish first.
    public var names: [String] {
        switch self {
        case .misclassified: ["felklassat", "fel-klassat", "misclassified"]
        case .proposalChanged: ["ändras", "forslaget-andras", "förslaget-ändras", "proposal-changed", "proposal_changed"]
        case .toBoard: ["nämnden", "namnden", "board", "to-board", "to_board"]
        }
    }
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
    /// For an override: the ground it was made on (none on overrides made before grounds were asked).
    public var ground: OverrideGround?
    public var at: String

    public init(analysisID: String, version: Int, reviewer: String, decision: ReviewDecision, comment: String?,
                itemComments: [String: String], rule: String?, ground: OverrideGround? = nil, at: String) {
        self.analysisID = analysisID
        self.version = version
        self.reviewer = reviewer
        self.decision = decision
        self.comment = comment
        self.itemComments = itemComments
        self.rule = rule
        self.ground = ground
        self.at = at
    }

    /// "v2", the version this review decided; nil for an override made before the first submission,
    /// which belongs to no version (the histories and the case-file document name none).
    public var versionName: String? { version > 0 ? "v\(version)" : nil }

    /// What was decided, as the histories name it: "återsände", or for an override the stop by its
    /// title in the analysis's own checklist, and the ground: "hävde stopp Vårdinsats mot barnets
    /// bästa (Ärendet går till nämnden)".
    public func decided(in checklist: Checklist, _ language: Language) -> String {
        [decision.label(language), rule.map { checklist.ruleName($0, language) }, ground.map { "(\($0.label(language)))" }]
            .compactMap { $0 }.joined(separator: " ")
    }

    /// The comments by item as a store keeps them (a JSON object); none when unreadable or absent.
    public static func itemComments(fromJSON json: String?) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data((json ?? "{}").utf8))) ?? [:]
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
    /// What was recorded after the decision, oldest first (`Notes.swift`).
    public var notes: [AnalysisNote] = []
    /// Hand-overs and moves with their reasons, oldest first (`Transfers.swift`); none from before
    /// the stores kept them.
    public var transfers: [Transfer] = []

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
    /// One case's analyses, by its (cleaned) case reference.
    public var caseRef: String?
    /// Created on or after this date (YYYY-MM-DD).
    public var since: String?
    /// Created on or before this date (YYYY-MM-DD).
    public var until: String?
    /// Full-text search over the answers. Results come most recently written first, whatever `order` says.
    /// Every typed word (`searchWords`) must start a word of one and the same answer.
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

    /// The words a person typed into `search`, as every store splits them: runs of letters and
    /// digits, anything else between them (so "e-post" is "e" and "post" on both stores).
    public var searchWords: [String] {
        guard let search else { return [] }
        return TextHygiene.sanitize(search, multiline: false)
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
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

    /// Which analyses the reader may see; nil: all of them. Set by Core's use cases
    /// (`list(_:for:)`), from the reader's roles and units.
    public var scope: VisibilityScope?

    /// Counts stop past this many: the screen says "more than 1000". A store may stop a search's
    /// count sooner (`StoreCapabilities.searchCountLimit`); the screens show the count as given.
    public static let countLimit = 1000

    /// The supervisor's queue: submitted analyses, longest waiting first.
    public static func reviewQueue(limit: Int? = nil) -> AnalysisFilter {
        AnalysisFilter(status: .submitted, order: .oldestFirst, limit: limit)
    }
}

