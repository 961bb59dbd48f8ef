import Foundation
import Synchronization

// The store contract: what Core needs from a store, by concern. A store keeps records and checks
// only that a record is still as Core saw it (a status, a version); every rule of casework is
// decided in Core (`Casework.swift`, `Permissions.swift`), inside the store's transaction where
// the decision depends on what is stored (`decide` closures). Stores name no rule of their own.
// The contract suite (Tests/BarnkollStoreTests/ContractTests.swift) holds every store to it.

/// What every store is.
public protocol StoreIdentity: Sendable {
    var kind: StoreKind { get }
    /// Where the store is, for messages: a file's path, or a database's name.
    var location: String { get }
    /// False for synthetic stores (benchmarks): nothing synced, nothing sent to the system log.
    var isDurable: Bool { get }
}

/// An analysis's head as decisions need it: its summary and the definition it was made with.
public struct AnalysisHeader: Sendable {
    public var summary: AnalysisSummary
    public var checklist: Checklist

    public init(summary: AnalysisSummary, checklist: Checklist) {
        self.summary = summary
        self.checklist = checklist
    }
}

/// A new draft as Core decided it: cleaned, checked, filed under its unit.
public struct NewAnalysis: Sendable {
    public var checklist: Checklist
    public var caseRef: String
    public var unit: String
    public var author: String
    public var answers: Answers
    /// The id's prefix, as Core chose it for the store's kind (`AnalysisID.prefix(for:in:)`).
    public var idPrefix: String

    public init(checklist: Checklist, caseRef: String, unit: String, author: String, answers: Answers, idPrefix: String? = nil) {
        self.checklist = checklist
        self.caseRef = caseRef
        self.unit = unit
        self.author = author
        self.answers = answers
        self.idPrefix = idPrefix ?? checklist.idPrefix
    }
}

/// One answer to write (nil: cleared), already checked against its item.
public struct AnswerChange: Sendable {
    public var item: String
    public var value: AnswerValue?
    /// The analysis's case reference after this change, when the change gives it a new one (the
    /// checklist's case-reference item saved with another text): the store files the analysis
    /// under it and records its filing in the chain.
    public var caseRef: String?
    /// The unit the analysis is filed under after this change, when the store has no list of
    /// units and the change gives the unit's item another text; filed and recorded as `caseRef` is.
    public var unit: String?

    public init(item: String, value: AnswerValue?, caseRef: String? = nil, unit: String? = nil) {
        self.item = item
        self.value = value
        self.caseRef = caseRef
        self.unit = unit
    }
}

/// A version to freeze and the status it moves the analysis to. The store hashes it
/// (`Casework.contentHash`) with the hash of the definition it holds for the analysis.
public struct Submission: Sendable {
    public var number: Int
    public var status: AnalysisStatus
    public var answersJSON: String

    public init(number: Int, status: AnalysisStatus, answersJSON: String) {
        self.number = number
        self.status = status
        self.answersJSON = answersJSON
    }
}

/// A supervisor's decision as Core allowed it.
public struct ReviewChange: Sendable {
    public var decision: ReviewDecision
    public var version: Int
    public var comment: String?
    public var itemComments: [String: String]
    public var rule: String?
    /// For an override: its ground.
    public var ground: OverrideGround?
    /// The status it moves the analysis to; nil for an override, which moves nothing.
    public var moveTo: AnalysisStatus?

    public init(decision: ReviewDecision, version: Int, comment: String?, itemComments: [String: String], rule: String?,
                ground: OverrideGround? = nil, moveTo: AnalysisStatus?) {
        self.decision = decision
        self.version = version
        self.comment = comment
        self.itemComments = itemComments
        self.rule = rule
        self.ground = ground
        self.moveTo = moveTo
    }

    /// What the audit chain keeps of it, keyed (`AuditChain.Content.review`).
    public func content(reviewer: String) -> AuditChain.Content {
        .review(version: version, reviewer: reviewer, decision: decision.rawValue, comment: comment,
                itemComments: CanonicalJSON.encode(itemComments, fallback: "{}"), rule: rule, ground: ground?.rawValue)
    }
}

/// Analyses: drafts, answers, submissions, lists.
public protocol AnalysisRecords: StoreIdentity {
    /// Inserts a draft with its first answers, in one transaction; the store allocates its id
    /// (`AnalysisID.make`) and records its creation in the audit chain.
    func insertAnalysis(_ new: NewAnalysis) throws(StoreError) -> AnalysisSummary
    /// An analysis's head, read without logging (decisions, not reading).
    func header(_ id: String) throws(StoreError) -> AnalysisHeader
    /// Reads an analysis whole and logs that `account` read it, in one transaction, once `allow`
    /// has seen its summary and the reader as stored (a refused read is not logged).
    func readAnalysis(_ id: String, loggedFor account: String,
                      _ allow: @Sendable (AnalysisSummary, Actor) throws(StoreError) -> Void) throws(StoreError) -> Analysis
    /// Every analysis a filter selects, read whole; `deliver`'s result is returned only once every
    /// read is logged. Without `history`, versions and reviews are left out.
    func readAnalyses<Delivered>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                 deliver: ([Analysis]) -> Delivered) throws(StoreError) -> Delivered
    /// The same read handed over in parts, each made by the function `shape` returns as soon as its
    /// analyses are read (on any thread, parts at once): `shape` sees the chosen analyses'
    /// definitions first (`Checklist.firstUsed`). The parts come back in the filter's order, once
    /// every read is logged. Stores that read everything first use `AnalysesInParts.init`.
    func readAnalysisParts<Part: Sendable>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                           shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part)
        throws(StoreError) -> AnalysesInParts<Part>
    /// Writes answers in one transaction: `decide` sees the analysis's head, the account, and the
    /// stored answers of `reading` (read inside the same transaction), and returns what to write.
    @discardableResult
    func recordAnswers(_ id: String, by account: String, reading items: [String],
                       _ decide: @Sendable (AnalysisHeader, Actor, Answers) throws(StoreError) -> [AnswerChange]) throws(StoreError) -> [AnswerChange]
    func recordPosition(_ id: String, item: String) throws(StoreError)
    /// Freezes a version: `decide` sees the analysis and the author as stored and returns the version, or refuses.
    func recordSubmission(_ id: String, by account: String,
                          _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> Submission) throws(StoreError) -> AnalysisStatus
    /// Moves a draft or returned analysis onto a newer definition of its checklist, in one
    /// transaction: `decide` sees the analysis and the account as stored and returns the move, or
    /// nil (nothing is written). The store keeps the definition (`definition.add` when it is new),
    /// points the analysis at it, writes the move's answer changes, and records
    /// `analysis.definition` in the audit chain.
    func recordDefinitionMove(_ id: String, by account: String,
                              _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> DefinitionMove?) throws(StoreError) -> DefinitionMove?
    /// Keeps a note after the decision: `decide` sees the head and the writer as stored and returns
    /// the note to keep; the store records `analysis.note` in the audit chain and closes the
    /// follow-up the note's kind closes (`NoteKind.closes`).
    func recordNote(_ id: String, by account: String,
                    _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> NewNote) throws(StoreError) -> AnalysisNote
    /// Puts refused hard stops on the supervisor's list (nothing else changes).
    func recordHardStops(_ id: String, rules: [String], by account: String) throws(StoreError)
    /// Moves an analysis to the status `decide` returns (a new version after approval).
    func recordTransition(_ id: String, by account: String,
                          _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> AnalysisStatus) throws(StoreError)
    /// The summaries a filter selects (its `scope` honoured), in its order.
    func list(_ filter: AnalysisFilter) throws(StoreError) -> [AnalysisSummary]
    /// How many a filter selects, up to `countLimit(for:) + 1` ("more than").
    func count(_ filter: AnalysisFilter) throws(StoreError) -> Int
    /// A page (the filter's limit and offset) and the count, as a list screen shows them.
    func page(_ filter: AnalysisFilter) throws(StoreError) -> (rows: [AnalysisSummary], total: Int)
    /// Where this store stops counting what a filter selects.
    func countLimit(for filter: AnalysisFilter) -> Int
    /// Overdue feedback and follow-ups (dates before `today`), hard stops and overrides, at most
    /// `limit` of each kind, within `scope` (nil: all) and `unit`.
    func followUps(today: String, unit: String?, scope: VisibilityScope?, limit: Int) throws(StoreError) -> [FollowUpEntry]
}

/// Supervisors' decisions and handing work over.
public protocol ReviewRecords: StoreIdentity {
    /// Records a review in one transaction: `decide` sees the analysis and the reviewer as stored.
    /// Returns the audit chain's head after it.
    func recordReview(_ id: String, by account: String,
                      _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> ReviewChange) throws(StoreError) -> ChainHead
    /// Gives an analysis to another author: `decide` sees its head, who hands it over and who takes it.
    func recordReassignment(_ id: String, to account: String, reason: String, by actor: String,
                            _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> Void) throws(StoreError)
    /// Files an analysis under another unit: `decide` sees its head, who moves it and its author,
    /// and returns the unit's answer to write with it (nil: its checklist has no such item).
    func recordUnitMove(_ id: String, to unit: String, reason: String, by actor: String,
                        _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> AnswerValue?) throws(StoreError)
}

/// Roles, units and memberships.
public protocol AccessRecords: StoreIdentity {
    /// An account with its roles and units, as stored.
    func actor(_ account: String) throws(StoreError) -> Actor
    /// Every grant, by account.
    func grants() throws(StoreError) -> [Grant]
    /// Grants or revokes: `decide` sees the admin and every grant, inside the transaction.
    func recordGrant(_ grant: Grant, granted: Bool, by admin: String,
                     _ decide: @Sendable (Actor, [Grant]) throws(StoreError) -> Void) throws(StoreError)
    /// The administration's units, by name.
    func units() throws(StoreError) -> [String]
    /// Adds a unit (`renaming` nil) or renames one, with every analysis and membership filed under
    /// it; each analysis moved takes the unit's answer `Casework.unitAnswer(after:status:filedUnder:)` gives.
    func recordUnit(_ name: String, renaming old: String?, by admin: String) throws(StoreError)
    /// Files the analyses whose free-text unit is `text` under `unit`, each with the unit's answer
    /// `Casework.unitAnswer(after:status:filedUnder:)` gives; returns how many moved.
    func recordUnitMapping(_ text: String, to unit: String, by admin: String) throws(StoreError) -> Int
    /// The free-text units analyses carry that are not on the list, with how many carry each.
    func unlistedUnits() throws(StoreError) -> [(text: String, analyses: Int)]
}

/// Workshops, in a training store only.
public protocol WorkshopRecords: StoreIdentity {
    func insertWorkshop(caseID: String, checklistID: String, trainer: String) throws(StoreError) -> String
    /// Creates the participant's analysis, or gives back the one this account already has under the pseudonym.
    func joinWorkshop(code: String, pseudonym: String, _ new: NewAnalysis) throws(StoreError) -> AnalysisSummary
    func workshop(_ code: String) throws(StoreError) -> Workshop
    func workshops() throws(StoreError) -> [Workshop]
    func workshopOf(analysis id: String) throws(StoreError) -> (code: String, pseudonym: String)?
    /// Deletes a workshop and all its participants wrote; returns how many analyses went.
    func deleteWorkshop(_ code: String, by account: String) throws(StoreError) -> Int
}

/// One row of the audit trail as people read it.
public struct AuditEvent: Sendable, Hashable {
    public var at: String
    public var account: String
    public var action: String
    public var analysisID: String?
    public var detail: String?

    public init(at: String, account: String, action: String, analysisID: String?, detail: String?) {
        self.at = at
        self.account = account
        self.action = action
        self.analysisID = analysisID
        self.detail = detail
    }
}

/// The audit trail and its chain.
public protocol AuditTrail: StoreIdentity {
    func auditEvents(for id: String?) throws(StoreError) -> [AuditEvent]
    func chainHead() throws(StoreError) -> ChainHead
    /// How many of `heads` were checked, and what does not match.
    func checkAnchors(_ heads: [ChainHead]) throws(StoreError) -> (checked: Int, problems: [Localized])
    /// The OS accounts (uids) whose barnkoll may have sent this store's heads to the system log:
    /// those that can write it, and root. A head line in the journal from any other is not ours.
    func anchorSenders() throws(StoreError) -> Set<UInt32>
}

/// The uids of OS accounts, as the host's user database knows them.
public enum HostAccounts {
    /// The uid of each named account that exists.
    public static func uids(of names: some Sequence<String>) -> Set<UInt32> {
        Set(names.compactMap { name in getpwnam(name).map { UInt32($0.pointee.pw_uid) } })
    }

    /// The members of a group: those it names, and those whose own group it is.
    public static func members(ofGroup gid: gid_t) -> Set<UInt32> {
        var names: [String] = []
        if let group = getgrgid(gid), var member = group.pointee.gr_mem {
            while let name = member.pointee {
                names.append(String(cString: name))
                member += 1
            }
        }
        var uids = uids(of: names)
        setpwent()
        while let entry = getpwent() {
            if entry.pointee.pw_gid == gid { uids.insert(UInt32(entry.pointee.pw_uid)) }
        }
        endpwent()
        return uids
    }
}

/// Retention: what a purge with a date deletes, and what is kept past it.
public struct RetentionPlan: Sendable {
    /// What a purge with the same date deletes, oldest first.
    public var due: [AnalysisSummary]
    /// Past the date but kept, with the reason given.
    public var exempt: [(id: String, reason: String)]

    public init(due: [AnalysisSummary], exempt: [(id: String, reason: String)]) {
        self.due = due
        self.exempt = exempt
    }
}

/// Keeping the store whole: checks, copies, retention, statistics.
public protocol StoreMaintenance: StoreIdentity {
    /// The problems found, first broken record first, in both languages; empty when all holds.
    func verifyProblems() throws(StoreError) -> [Localized]
    /// What `verifyProblems` leaves unchecked for this caller, said beside "all holds"; empty when
    /// it checks everything.
    func verifyLeftUnchecked() throws(StoreError) -> [Localized]
    /// Every analysis holding what looks like a personnummer where its documents mask it (a review's
    /// comments on a group analysis or in a training store), in id order: only the places, never
    /// the text, so it logs no read. For an admin or an auditor, as `verifyProblems` is.
    func readKeptPersonnummer() throws(StoreError) -> [KeptPersonnummer]
    func backup(to destination: String) throws(StoreError)
    func retention(before date: String) throws(StoreError) -> RetentionPlan
    /// Deletes what `retention(before:)` lists, leaving a tombstone per analysis in the chain.
    func deleteForRetention(before date: String, by account: String) throws(StoreError) -> [String]
    func recordRetentionExempt(_ id: String, reason: String?, by account: String) throws(StoreError)
    /// What the yearly indicators count, for analyses first submitted in `years`; logs one read.
    func readIndicatorRecords(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                              loggedFor account: String) throws(StoreError) -> [IndicatorRecord]
    /// The same records counted, one tally per year of `years` (a year with none has none); logs
    /// one read. A store may keep tallies and count again only what changed since.
    func readIndicatorTallies(years: ClosedRange<Int>, unit: String?, scope: VisibilityScope?,
                              loggedFor account: String) throws(StoreError) -> [Int: Indicators.Tally]
}

/// Lists that update themselves: the front end asks on its tick whether someone may have changed
/// what its list shows, and reads the list again (under the reader's visibility) when so.
public protocol ChangeWatch: StoreIdentity {
    /// A value that differs from the last one returned once another connection has committed a
    /// change (SQLite: `PRAGMA data_version`; PostgreSQL: a NOTIFY of a unit's analysis). It may
    /// also change when nothing a reader sees did; it never stays the same across such a change.
    /// Cheap: no round trip to a server.
    func changeToken() throws(StoreError) -> ChangeToken
}

/// What `ChangeWatch.changeToken()` returns: only compared, never read.
public struct ChangeToken: Hashable, Sendable {
    let value: [Int64]

    public init(_ value: Int64...) { self.value = value }
}

extension StoreMaintenance {
    /// A store whose every reader checks all of it.
    public func verifyLeftUnchecked() throws(StoreError) -> [Localized] { [] }

    /// The problems `verifyProblems` finds, in English (the tests' and the logs' words).
    public func verify() throws(StoreError) -> [String] {
        try verifyProblems().map { $0.text(.en) }
    }
}

/// Everything barnkoll needs from a store.
public typealias CaseworkStore = AnalysisRecords & ReviewRecords & AccessRecords & WorkshopRecords & AuditTrail
    & StoreMaintenance & ChangeWatch

/// What can go wrong with a record or a store, each with a message for people in either language
/// (`message(_:)`; `description` is the English one). A store maps its own failures (files, SQL)
/// onto these when it opens and as it works.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    /// The analysis exists but the reader may not see it (another unit's).
    case notVisible(String)
    /// A training store's id (ÖVN-…) asked of a real store: refused before any lookup.
    case trainingID(String)
    /// The store cannot be opened as it is: not ours, unsafe permissions, no access. Nothing changed.
    case cannotOpen(store: String, reason: Localized)
    case newerStore(store: String)
    case wrongKind(store: String, expected: StoreKind, actual: StoreKind)
    case notEditable(id: String, status: AnalysisStatus)
    /// The stored answer is no longer the one the saver loaded: someone else (another terminal,
    /// `fill --into`) saved it in between. Nothing was written; `stored` is what is there now.
    case conflict(id: String, item: String, stored: AnswerValue?)
    case forbiddenTransition(id: String, from: AnalysisStatus, to: AnalysisStatus)
    case incomplete(id: String, missing: [MissingItem], hardStops: [HardStop])
    /// A rule of casework refused it; the words in both languages.
    case notAllowed(Localized)
    case busy(store: String)
    case full(store: String)
    case readOnly(store: String)
    /// The disk failed a read, write or sync (EIO): the change in hand did not happen.
    case diskError(store: String)
    case invalidAnswer(AnswerProblem)
    /// A note after the decision that cannot be kept as given (a date, a missing outcome).
    case invalidNote(Localized)
    case io(store: String, message: Localized)

    /// A refusal in both languages.
    public static func notAllowed(sv: String, en: String) -> StoreError { .notAllowed(Localized(sv: sv, en: en)) }

    /// A failure of the store's files or connection, in both languages.
    public static func io(store: String, sv: String, en: String) -> StoreError {
        .io(store: store, message: Localized(sv: sv, en: en))
    }

    /// A failure in words that come as they are from elsewhere (the system's, the driver's).
    public static func io(store: String, raw words: String) -> StoreError {
        .io(store: store, message: Localized(sv: words, en: words))
    }

    /// A stored checklist definition that no longer parses.
    public static func unreadableDefinition(store: String, id: String, _ problem: Localized) -> StoreError {
        .io(store: store, sv: "den sparade checklistdefinitionen för \(id) går inte att läsa: \(problem.sv)",
            en: "the stored checklist definition of \(id) cannot be read: \(problem.text(.en))")
    }

    /// The same, met in a read of many analyses: named by the start of its hash, which is not an
    /// analysis's id.
    public static func unreadableDefinition(store: String, hash: String, _ problem: Localized) -> StoreError {
        .io(store: store, sv: "en sparad checklistdefinition (\(hash.prefix(12))) går inte att läsa: \(problem.sv)",
            en: "a stored checklist definition (\(hash.prefix(12))) cannot be read: \(problem.text(.en))")
    }

    /// An analysis whose stored checklist definition is not there.
    public static func missingDefinition(store: String, id: String) -> StoreError {
        .io(store: store, sv: "den sparade checklistdefinitionen för \(id) saknas",
            en: "the stored checklist definition of \(id) is missing")
    }

    /// A database server that stopped answering.
    public static func notResponding(_ location: String) -> StoreError {
        .io(store: location, sv: "databasen svarar inte", en: "the database does not answer")
    }

    /// A backup that could not be written, with the system's reason (`errno`): the store itself is untouched.
    public static func backupNotWritten(_ destination: String, reason code: Int32) -> StoreError {
        if code == ENOSPC || code == EDQUOT { return StoreError.full(store: destination).stopped(.backup(destination)) }
        let reason = SystemReason.of(code)
        return .io(store: destination, sv: "säkerhetskopian skrevs inte (\(reason.sv)); lagret är orört",
                   en: "the backup was not written (\(reason.text(.en))); the store is untouched")
    }

    /// What a full or failing disk stopped, said as it happened: no text was at stake in any of these.
    public enum Stopped: Sendable {
        /// Opening the store: nothing was read or written.
        case opening
        /// A reading, which is logged first: the record is not shown unlogged.
        case reading
        /// A backup to this destination: the store itself is untouched.
        case backup(String)
    }

    /// This failure (a full or failing disk) in the words of what it `stopped`; any other as it is.
    public func stopped(_ what: Stopped) -> StoreError {
        let store: String
        let full: Bool
        switch self {
        case .full(let location): (store, full) = (location, true)
        case .diskError(let location): (store, full) = (location, false)
        default: return self
        }
        let (svCause, enCause) = full ? ("disken är full", "the disk is full")
                                      : ("disken rapporterade ett fel (I/O-fel)", "the disk reported an error (I/O error)")
        let (svFix, enFix) = full ? ("frigör utrymme och försök igen", "free some space and try again")
                                  : ("kontrollera disken och försök igen", "check the disk, then try again")
        switch what {
        case .opening:
            return .io(store: store, sv: "\(svCause), så lagret kunde inte öppnas; \(svFix) (inget ändrades)",
                       en: "\(enCause), so the store could not be opened; \(enFix) (nothing was changed)")
        case .reading:
            return .io(store: store, sv: "\(svCause), så läsningen kunde inte loggas, och barnkoll visar inget som inte loggas; \(svFix) (inget ändrades)",
                       en: "\(enCause), so the reading could not be logged, and barnkoll shows nothing it has not logged; \(enFix) (nothing was changed)")
        case .backup(let destination):
            return .io(store: destination, sv: "\(svCause), så säkerhetskopian skrevs inte; lagret är orört. \(svFix.prefix(1).uppercased() + svFix.dropFirst())",
                       en: "\(enCause), so the backup was not written; the store is untouched. \(enFix.prefix(1).uppercased() + enFix.dropFirst())")
        }
    }

    /// A store that cannot be opened as it is, in both languages.
    public static func cannotOpen(store: String, sv: String, en: String) -> StoreError {
        .cannotOpen(store: store, reason: Localized(sv: sv, en: en))
    }

    /// A refusal in words that come as they are from elsewhere (the database server's own).
    public static func refused(_ words: String) -> StoreError { .notAllowed(Localized(sv: words, en: words)) }

    /// A workshop's case reference (ÖVNING-…) given to a real store.
    public static func trainingCaseRef(_ caseRef: String) -> StoreError {
        let caseRef = TextHygiene.forOutput(caseRef, multiline: false)
        return .notAllowed(sv: "ärendereferensen \(caseRef) hör till en övning; en övnings svar hör inte hemma bland riktiga ärenden (använd --training)",
                           en: "the case reference \(caseRef) belongs to a workshop; a workshop's answers do not belong among real records (use --training)")
    }

    /// What to do about a workshop code that names none.
    public enum WorkshopHint: Sendable { case askTrainer, list }

    /// No workshop has the code in this training store.
    public static func noWorkshop(_ code: String, in store: String, hint: WorkshopHint) -> StoreError {
        let code = TextHygiene.forOutput(code, multiline: false)
        return switch hint {
        case .askTrainer: .notAllowed(sv: "ingen övning har koden \(code) i \(store); fråga utbildaren efter koden",
                                      en: "no workshop with code \(code) in \(store); ask the trainer for the code")
        case .list: .notAllowed(sv: "ingen övning har koden \(code) i \(store); se `barnkoll train list`",
                                en: "no workshop with code \(code) in \(store); see `barnkoll train list`")
        }
    }

    public var description: String { message(.en) }

    /// The message in `language`, one line.
    public func message(_ language: Language) -> String {
        let sv = language == .sv
        func t(_ swedish: String, _ english: String) -> String { sv ? swedish : english }
        switch self {
        case .notFound(let id):
            let id = TextHygiene.forOutput(id, multiline: false)
            return t("det finns ingen analys '\(id)' i det här lagret; se `barnkoll list`",
                     "no analysis '\(id)' in this store; see `barnkoll list`")
        case .notVisible(let id):
            let id = TextHygiene.forOutput(id, multiline: false)
            return t("\(id) hör till en enhet du inte arbetar i; fråga enhetens chef eller en administratör",
                     "\(id) belongs to a unit you do not work in; ask its supervisor or an admin")
        case .trainingID(let id):
            let id = TextHygiene.forOutput(id, multiline: false)
            return t("\(id) är en övningsanalys (ÖVNING) och finns inte bland de riktiga; lägg till --training för att arbeta i övningslagret",
                     "\(id) is a training analysis (ÖVNING) and is not among the real records; add --training to work in the training store")
        case .cannotOpen(let store, let reason):
            return "\(store): \(reason.text(language))"
        case .newerStore(let store):
            return t("\(store): lagret är skrivet av en nyare barnkoll; uppdatera barnkoll för att använda det (inget ändrades)",
                     "\(store): this store was written by a newer barnkoll; update barnkoll to use it (nothing was changed)")
        case .wrongKind(let store, _, let actual):
            return actual == .training
                ? t("\(store) är ett övningslager (ÖVNING) och kan inte ha riktiga ärenden; använd det riktiga lagret, eller `barnkoll train` och --training för att öva",
                    "\(store) is a training store (ÖVNING) and cannot hold real records; use the real store, or `barnkoll train` and --training to practise")
                : t("\(store) är ett riktigt lager och används aldrig för övning; övningar har ett eget lager (barnkoll-training.sqlite bredvid, eller en annan fil som --store anger)",
                    "\(store) is a real store and is never used for training; workshops use a separate training store (barnkoll-training.sqlite beside it, or another file named with --store)")
        case .notEditable(let id, let status):
            return t("\(id) är \(status.label(.sv)) och kan inte ändras" + (status == .approved ? "; en ändring efter godkännandet blir en ny version" : ""),
                     "\(id) is \(status.label(.en)) and cannot be changed" + (status == .approved ? "; a change after approval starts a new version" : ""))
        case .conflict(let id, let item, _):
            return t("svaret på \(item) i \(id) har ändrats någon annanstans (ett annat fönster eller `fill --into`) sedan det lästes; inget skrevs över",
                     "the answer to \(item) in \(id) was changed elsewhere (another terminal or `fill --into`) since it was read; nothing was overwritten")
        case .forbiddenTransition(let id, let from, let to):
            // Said as what the move is for, since the command that asked it names no status.
            let state = t("\(id) är \(from.label(.sv)): ", "\(id) is \(from.label(.en)): ")
            switch to {
            case .draft:
                let hint = from == .submitted ? t("; den väntar på granskning", "; it is waiting for review")
                    : from.isEditable ? t("; ändra den som den är: barnkoll open \(id)", "; change it as it is: barnkoll open \(id)") : ""
                return state + t("bara en godkänd analys får en ny version", "only an approved analysis gets a new version") + hint
            case .approved, .returned:
                return state + t("bara en inskickad analys kan godkännas eller återsändas",
                                 "only a submitted analysis can be approved or returned")
            case .submitted:
                return state + t("bara ett utkast eller en återsänd analys kan skickas in",
                                 "only a draft or a returned analysis can be submitted")
            case .closed:
                return state + t("bara ett utkast eller en återsänd analys kan avslutas som ej aktuell",
                                 "only a draft or a returned analysis can be closed as not applicable")
            }
        case .incomplete(let id, let missing, let hardStops):
            var parts: [String] = []
            let items = missing.map(\.path.description).joined(separator: ", ")
            if !missing.isEmpty { parts.append(t("\(missing.count) saknas: ", "\(missing.count) missing: ") + items) }
            if !hardStops.isEmpty { parts.append(t("stopp: ", "hard stop: ") + hardStops.map(\.rule).joined(separator: ", ")) }
            return t("\(id) kan inte skickas in: ", "\(id) cannot be submitted: ") + parts.joined(separator: "; ")
        case .notAllowed(let message):
            return message.text(language)
        case .busy(let store):
            return t("\(store): en annan användare sparar just nu; försök igen om en stund (inget gick förlorat)",
                     "\(store): another user is saving right now; try again in a moment (nothing was lost)")
        case .full(let store):
            return t("\(store): disken är full; frigör utrymme och försök igen (texten sparades inte)",
                     "\(store): the disk is full; free some space and try again (the text was not saved)")
        case .readOnly(let store):
            return t("\(store): lagret går inte att skriva i (skrivskyddad fil eller mapp); kontrollera behörigheterna",
                     "\(store): the store cannot be written (read-only file or folder); check its permissions")
        case .diskError(let store):
            return t("\(store): disken rapporterade ett fel (I/O-fel) och ändringen sparades inte; kontrollera disken och försök igen",
                     "\(store): the disk reported an error (I/O error) and the change was not saved; check the disk, then try again")
        case .invalidAnswer(let problem):
            return problem.description(language)
        case .invalidNote(let message):
            return message.text(language)
        case .io(let store, let message):
            return "\(store): \(message.text(language))"
        }
    }
}

/// The OS account running barnkoll: the identity of everything it does.
public enum Account {
    /// The account's name in the user database (passwd, NSS); nil when it has no entry there.
    public static var resolved: String? {
        let uid = geteuid()
        return looked.withLock { (known: inout (uid: uid_t, name: String?)?) in
            if let known, known.uid == uid { return known.name }
            let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) }
            known = (uid, name)
            return name
        }
    }

    /// The last lookup: a start asks four times, and each `getpwuid` reads the user database again.
    private static let looked = Mutex<(uid: uid_t, name: String?)?>(nil)

    /// Never `$USER`, which anyone can set to be anyone: the command line refuses to run without a
    /// resolved account, so the uid form is only ever seen by code that runs on regardless.
    public static var current: String {
        resolved ?? "uid-\(geteuid())"
    }
}

/// Analysis ids: short and human, BKA-2026-0042. The store allocates the number.
public enum AnalysisID {
    /// Every analysis a training store makes has this prefix, whatever its checklist: ÖVN-2026-0001
    /// cannot be mistaken for a real record's id, and a real store refuses it. (Training stores from
    /// before kept their checklists' prefixes for the analyses they already hold.)
    public static let trainingPrefix = "ÖVN"

    public static func make(prefix: String, year: Int, number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The prefix a new analysis gets in a store of `kind`.
    public static func prefix(for checklist: Checklist, in kind: StoreKind) -> String {
        kind == .training ? trainingPrefix : checklist.idPrefix
    }

    /// An id as typed, as stored: ids are capitals (prefixes are A-Z, or ÖVN), so `bka-2026-0001`
    /// and `övn-2026-0001` find theirs; spaces around it and a decomposed Ö do not matter.
    public static func normalize(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.uppercased()
    }

    /// Whether an id is a training store's (ÖVN-…).
    public static func isTraining(_ id: String) -> Bool {
        normalize(id).hasPrefix(trainingPrefix + "-")
    }
}
