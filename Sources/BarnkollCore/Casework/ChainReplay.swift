import Foundation

// `verify` replays the audit chain: what the chain recorded (analyses with their author, checklist,
// case reference, unit and definition; versions; reviews; roles and memberships; units;
// definitions by the hash of their text; exemptions from retention) must be in the store as
// recorded, and what the store holds must be recorded. Decided here once, over the chain's events;
// each store hands over its rows (`StoredRecords`), where content appears only as the keyed digest
// the store computed of what it holds now (`AuditChain.Content`), so a PostgreSQL auditor who
// verifies never reads content or a key.

/// A checklist definition as stored: the hash it is filed under, and the hash of the text it holds now.
public struct StoredDefinition: Sendable {
    public var hash: String
    public var checklistID: String
    public var version: Int
    /// `Casework.sha256` of the stored text, computed now.
    public var heldHash: String

    public init(hash: String, checklistID: String, version: Int, heldHash: String) {
        self.hash = hash
        self.checklistID = checklistID
        self.version = version
        self.heldHash = heldHash
    }
}

/// A frozen version as stored.
public struct StoredVersion: Sendable {
    public var number: Int
    public var contentHash: String
    /// `Casework.contentHash` of the version's definition and answers, computed now.
    public var heldHash: String
    /// The keyed digest of `.version(number, status, contentHash)` as stored; nil without a key.
    public var digest: Data?

    public init(number: Int, contentHash: String, heldHash: String, digest: Data?) {
        self.number = number
        self.contentHash = contentHash
        self.heldHash = heldHash
        self.digest = digest
    }
}

/// An analysis as stored, its content as keyed digests (nil and empty when its key is missing).
public struct StoredAnalysis: Sendable {
    public var id: String
    public var checklistID: String
    public var author: String
    public var status: String
    public var retentionExempt: Bool
    /// Whether the store holds the analysis's key (without it nothing below can be checked).
    public var hasKey: Bool
    /// The keyed digest of `.creation(author, caseRef, unit, definitionHash)` as the record holds them now.
    public var filingDigest: Data?
    public var versions: [StoredVersion]
    /// Reviews by their id, with the keyed digest of `.review(…)` as stored.
    public var reviews: [(id: Int64, digest: Data?)]
    /// The keyed digest of `.answer(item, json)` of each current answer, by item. (Of a decided
    /// analysis these are only compared with `lastVersionAnswers`: any form computed alike for both will do.)
    public var answers: [String: Data]
    /// The same of the last version's answers, item by item.
    public var lastVersionAnswers: [String: Data]
    /// The keyed digest of `.answer(item, nil)`, a save that cleared the item.
    public var clearedDigest: @Sendable (String) -> Data?
    /// Notes after the decision, by kind (`NoteKind`), with the keyed digest of `.note(…)` as stored.
    public var notes: [(kind: String, digest: Data?)]
    /// Hand-overs and moves as kept (`Transfer`), each the keyed digest of its content as stored.
    public var transfers: [Data?]
    /// The open due dates the store keeps apart for the follow-up lists (nil: it keeps none, it
    /// reads them from the answers), and the watched date answers they follow from, by item.
    public var dueDates: [FollowUpKind: String]?
    public var watchedAnswers: [String: String]

    public init(id: String, checklistID: String, author: String, status: String, retentionExempt: Bool, hasKey: Bool,
                filingDigest: Data?, versions: [StoredVersion], reviews: [(id: Int64, digest: Data?)], answers: [String: Data],
                lastVersionAnswers: [String: Data], clearedDigest: @escaping @Sendable (String) -> Data?,
                notes: [(kind: String, digest: Data?)] = [], transfers: [Data?] = [], dueDates: [FollowUpKind: String]? = nil,
                watchedAnswers: [String: String] = [:]) {
        self.id = id
        self.checklistID = checklistID
        self.author = author
        self.status = status
        self.retentionExempt = retentionExempt
        self.hasKey = hasKey
        self.filingDigest = filingDigest
        self.versions = versions
        self.reviews = reviews
        self.answers = answers
        self.lastVersionAnswers = lastVersionAnswers
        self.clearedDigest = clearedDigest
        self.notes = notes
        self.transfers = transfers
        self.dueDates = dueDates
        self.watchedAnswers = watchedAnswers
    }
}

/// The replay: rows go in one at a time in chain order (`add`), then what the store holds
/// (`check`), then `finish` names what the chain recorded and the store lacks. Problems come in
/// the order a reader should look at them; of a broken chain only the first broken row.
public struct ChainReplay: Sendable {
    /// An analysis as the chain recorded it.
    struct Recorded: Sendable {
        var checklistID: String
        var author: String
        var createdAt: Int64
        /// The digest of its filing (case reference, unit, definition, author); nil in rows from before the chain.
        var filing: Data?
        var status = AnalysisStatus.draft.rawValue
        var versions: [Int: Data?] = [:]
        var reviews: [(digest: Data?, row: Int64, action: String)] = []
        var notes: [(digest: Data?, row: Int64)] = []
        /// Hand-overs and moves made since the store kept them (`transfers.kept`).
        var transfers: [(digest: Data?, row: Int64)] = []
        /// The last digest saved per item while editable (dropped on a freeze: then the version holds them).
        var answers: [String: Data?] = [:]
        var exempt = false
        var workshop: String?
        /// The follow-ups a note after the decision closed, since their due date was last saved.
        var closedByNote: Set<FollowUpKind> = []
        /// Reviews the chain holds by the account it then had as the author (rows and actions).
        var ownReviews: [(row: Int64, action: String, by: String)] = []
    }

    struct GrantKey: Sendable, Hashable, Comparable {
        var role: String
        var account: String
        var unit: String

        static func < (a: GrantKey, b: GrantKey) -> Bool { (a.account, a.unit, a.role) < (b.account, b.unit, b.role) }

        func described(_ language: Language) -> String {
            language == .sv ? "\(role) för \(account)" + (unit.isEmpty ? "" : " i enheten \(unit)")
                            : "\(role) of \(account)" + (unit.isEmpty ? "" : " in unit \(unit)")
        }
    }

    private var previous = AuditChain.genesis
    private var broken = false
    private var rowCount = 0
    private var problems: [Localized] = []
    private var analyses: [String: Recorded] = [:]
    private var checked: Set<String> = []
    private var grants: Set<GrantKey> = []
    private var units: Set<String> = []
    private var definitions: [String: String] = [:]
    /// Whether the chain has passed the row from which the store keeps each hand-over and move
    /// with its reason: before it, only their digests were kept.
    private var transfersKept = false

    public init() {}

    // MARK: The chain

    /// One row in chain order, with the hash the store holds for it (and the previous hash, where it keeps one).
    public mutating func add(_ row: AuditChain.Row, hash stored: Data?, previous storedPrevious: Data? = nil) {
        rowCount += 1
        if !broken {
            let expected = AuditChain.hash(previous: previous, row)
            if stored != expected || (storedPrevious != nil && storedPrevious != previous) {
                problem(sv: "granskningsloggens rad \(row.id) (\(row.action), \(row.at)): dess hash följer inte av raderna före; granskningsloggen ändrades utanför barnkoll vid eller före den raden",
                        en: "audit row \(row.id) (\(row.action), \(row.at)): its hash does not follow from the rows before it; the audit trail was changed outside barnkoll at or before this row")
                broken = true
            }
            previous = stored ?? expected
        }
        apply(row)
    }

    private mutating func apply(_ row: AuditChain.Row) {
        let detail = row.detail ?? ""
        switch row.action {
        case "definition.add", "definition.sealed":
            // "checklist vN hash": the hash of the text, last.
            if let hash = detail.split(separator: " ").last { definitions[String(hash)] = String(detail.dropLast(hash.count + 1)) }
        case "role.grant", "role.sealed":
            if let grant = Self.grant(detail) { grants.insert(grant) }
        case "role.revoke":
            if let grant = Self.grant(detail) { grants.remove(grant) }
        case "roles.sealed":
            grants = []
        case "unit.add":
            units.insert(detail)
        case "transfers.kept":
            transfersKept = true
        case "unit.rename":
            if let (old, new) = Self.move(detail) {
                units.remove(old)
                units.insert(new)
                grants = Set(grants.map { $0.unit == old ? GrantKey(role: $0.role, account: $0.account, unit: new) : $0 })
            }
        case "workshop.purge":
            // "code n": every analysis that joined the workshop went with it.
            if let code = detail.split(separator: " ").first.map(String.init) {
                analyses = analyses.filter { $0.value.workshop != code }
            }
        default:
            guard let id = row.analysisID else { return }
            applyToAnalysis(id, row)
        }
    }

    private mutating func applyToAnalysis(_ id: String, _ row: AuditChain.Row) {
        if row.action == "analysis.create" {
            analyses[id] = Recorded(checklistID: row.detail ?? "", author: row.account, createdAt: row.id, filing: row.digest)
            return
        }
        guard var analysis = analyses[id] else { return }
        let detail = row.detail ?? ""
        switch row.action {
        case "analysis.filed":
            // Its filing after a hand-over, a unit's move or an upgrade's seal: detail the author.
            analysis.author = detail
            analysis.filing = row.digest
        case "analysis.reassign", "analysis.move", "transfer.sealed":
            // "transfer.sealed": one kept by another store, sealed by an import.
            if row.action == "analysis.reassign" { analysis.author = detail }
            if transfersKept { analysis.transfers.append((row.digest, row.id)) }
        case "answer.save", "answer.sealed":
            analysis.answers[detail] = .some(row.digest)
            // A due date saved again is a new promise: a note before it kept the old one.
            if let watched = WatchedDate.all.first(where: { $0.dueItem == detail }) { analysis.closedByNote.remove(watched.kind) }
        case "analysis.note":
            analysis.notes.append((row.digest, row.id))
            // "kind date": a note of feedback, follow-up or report keeps the promise its date made.
            if let kind = detail.split(separator: " ").first.flatMap({ NoteKind(rawValue: String($0)) }), let closes = kind.closes {
                analysis.closedByNote.insert(closes)
            }
        case "analysis.submitted", "analysis.closed", "version.sealed":
            if let number = Int(detail.dropFirst()) { analysis.versions[number] = .some(row.digest) }
            if row.action != "version.sealed" {
                analysis.status = String(row.action.dropFirst("analysis.".count))
                analysis.answers = [:]
            }
        case "review.sealed":
            // The seal of a review made before the chain: it takes the place of that review's undigested row.
            if let index = analysis.reviews.firstIndex(where: { $0.digest == nil }) {
                analysis.reviews[index] = (row.digest, row.id, row.action)
            } else {
                analysis.reviews.append((row.digest, row.id, row.action))
            }
        case "analysis.approved", "analysis.returned", "analysis.override":
            analysis.reviews.append((row.digest, row.id, row.action))
            // barnkoll never lets an author review their own: the author was changed behind it first.
            if row.account == analysis.author { analysis.ownReviews.append((row.id, row.action, row.account)) }
            if row.action != "analysis.override" { analysis.status = String(row.action.dropFirst("analysis.".count)) }
        case "analysis.draft":
            analysis.status = AnalysisStatus.draft.rawValue
        case "analysis.imported":
            // "status OLD-ID": moved in from another store with the status it had there.
            if let status = detail.split(separator: " ").first { analysis.status = String(status) }
        case "retention.exempt":
            analysis.exempt = true
        case "retention.unexempt":
            analysis.exempt = false
        case "workshop.join":
            analysis.workshop = detail
        case "analysis.purged":
            analyses[id] = nil
            return
        default:
            break
        }
        analyses[id] = analysis
    }

    /// "role account" or "role account unit U", as role.grant and role.revoke write it.
    static func grant(_ detail: String) -> GrantKey? {
        let parts = detail.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        var unit = ""
        if parts.count == 3 {
            guard parts[2].hasPrefix("unit ") else { return nil }
            unit = String(parts[2].dropFirst("unit ".count))
        }
        return GrantKey(role: String(parts[0]), account: String(parts[1]), unit: unit)
    }

    /// "old → new n", as unit.rename and unit.map write it.
    static func move(_ detail: String) -> (String, String)? {
        guard let space = detail.lastIndex(of: " "), let arrow = detail[..<space].range(of: " → ") else { return nil }
        return (String(detail[..<arrow.lowerBound]), String(detail[arrow.upperBound..<space]))
    }

    // MARK: What the store holds

    /// The definitions: each filed under the hash of its text, each recorded, each recorded one there.
    public mutating func check(definitions stored: [StoredDefinition]) {
        var seen = Set<String>()
        for definition in stored.sorted(by: { $0.hash < $1.hash }) {
            seen.insert(definition.hash)
            let name = Localized(sv: "checklistdefinitionen \(definition.checklistID) v\(definition.version)",
                                 en: "checklist definition \(definition.checklistID) v\(definition.version)")
            if definition.heldHash != definition.hash {
                problem(sv: "\(name.sv): texten stämmer inte med dess hash \(definition.hash.prefix(12)) (ändrad utanför barnkoll); analyser gjorda med den skulle läsas annorlunda",
                        en: "\(name.text(.en)): its text does not match its hash \(definition.hash.prefix(12)) (changed outside barnkoll); analyses made with it would read differently")
            }
            if definitions[definition.hash] == nil {
                problem(sv: "\(name.sv): finns inte i granskningsloggen (tillagd utanför barnkoll)",
                        en: "\(name.text(.en)): not recorded in the audit trail (added outside barnkoll)")
            }
        }
        for (hash, name) in definitions.sorted(by: { $0.key < $1.key }) where !seen.contains(hash) {
            problem(sv: "checklistdefinitionen \(name) (\(hash.prefix(12))): finns i granskningsloggen men saknas i lagret (raderad utanför barnkoll)",
                    en: "checklist definition \(name) (\(hash.prefix(12))): recorded in the audit trail but missing from the store (deleted outside barnkoll)")
        }
    }

    /// Roles and memberships, and the list of units.
    public mutating func check(grants stored: [(account: String, role: String, unit: String)], units storedUnits: [String]) {
        let held = Set(stored.map { GrantKey(role: $0.role, account: $0.account, unit: $0.unit) })
        for grant in held.subtracting(grants).sorted() {
            problem(sv: "rollen \(grant.described(.sv)): aldrig tilldelad i granskningsloggen (tillagd utanför barnkoll)",
                    en: "role \(grant.described(.en)): not granted in the audit trail (added outside barnkoll)")
        }
        for grant in grants.subtracting(held).sorted() {
            problem(sv: "rollen \(grant.described(.sv)): tilldelad i granskningsloggen men saknas i lagret (borttagen utanför barnkoll)",
                    en: "role \(grant.described(.en)): granted in the audit trail but missing from the store (removed outside barnkoll)")
        }
        let listed = Set(storedUnits)
        for unit in listed.subtracting(units).sorted() {
            problem(sv: "enheten \(unit): aldrig tillagd i granskningsloggen (tillagd utanför barnkoll)",
                    en: "unit \(unit): not added in the audit trail (added outside barnkoll)")
        }
        for unit in units.subtracting(listed).sorted() {
            problem(sv: "enheten \(unit): tillagd i granskningsloggen men saknas i lagret (borttagen utanför barnkoll)",
                    en: "unit \(unit): added in the audit trail but missing from the store (removed outside barnkoll)")
        }
    }

    /// One analysis as stored, against what the chain recorded of it.
    public mutating func check(_ stored: StoredAnalysis) {
        let id = stored.id
        checked.insert(id)
        for version in stored.versions where version.heldHash != version.contentHash {
            problem(sv: "versionen \(id) v\(version.number): innehållet stämmer inte med dess hash (ändrat utanför barnkoll)",
                    en: "version \(id) v\(version.number): its content does not match its hash (changed outside barnkoll)")
        }
        guard let recorded = analyses[id] else {
            problem(sv: "analysen \(id): aldrig skapad i granskningsloggen (tillagd utanför barnkoll)",
                    en: "analysis \(id): not created in the audit trail (added outside barnkoll)")
            return
        }
        for review in recorded.ownReviews {
            problem(sv: "analysen \(id): granskningsloggens rad \(review.row) (\(review.action)) är en granskning av \(review.by), som enligt granskningsloggen skrev den (fyra ögon brutet utanför barnkoll)",
                    en: "analysis \(id): audit row \(review.row) (\(review.action)) is a review by \(review.by), its author in the audit trail (four eyes broken outside barnkoll)")
        }
        guard stored.hasKey else {
            problem(sv: "analysen \(id): dess nyckel i granskningsloggen saknas, så innehållet kan inte kontrolleras",
                    en: "analysis \(id): its audit key is missing, so its content cannot be checked")
            return
        }
        if stored.author != recorded.author {
            problem(sv: "analysen \(id): den står skriven av \(stored.author) men granskningsloggen har \(recorded.author) (ändrat utanför barnkoll)",
                    en: "analysis \(id): its author is \(stored.author) but the audit trail has \(recorded.author) (changed outside barnkoll)")
        } else if let filing = recorded.filing, stored.filingDigest != filing {
            problem(sv: "analysen \(id): ärendereferensen, enheten eller checklistdefinitionen är inte den granskningsloggen har (ändrat utanför barnkoll)",
                    en: "analysis \(id): its case reference, unit or checklist definition is not what the audit trail recorded (changed outside barnkoll)")
        }
        if stored.checklistID != recorded.checklistID {
            problem(sv: "analysen \(id): checklistan är \(stored.checklistID) men granskningsloggen har \(recorded.checklistID) (ändrat utanför barnkoll)",
                    en: "analysis \(id): its checklist is \(stored.checklistID) but the audit trail has \(recorded.checklistID) (changed outside barnkoll)")
        }
        if stored.status != recorded.status {
            problem(sv: "analysen \(id): statusen är \(Self.status(stored.status, .sv)) men granskningsloggen flyttade den senast till \(Self.status(recorded.status, .sv)) (ändrat utanför barnkoll)",
                    en: "analysis \(id): its status is \(stored.status) but the audit trail last moved it to \(recorded.status) (changed outside barnkoll)")
        }
        if stored.retentionExempt != recorded.exempt {
            if stored.retentionExempt {
                problem(sv: "analysen \(id): sparad efter sin gallringstid, vilket granskningsloggen aldrig fick veta (ändrat utanför barnkoll)",
                        en: "analysis \(id): kept past its retention, which the audit trail never recorded (changed outside barnkoll)")
            } else {
                problem(sv: "analysen \(id): undantaget från gallring, som granskningsloggen har, är borta (ändrat utanför barnkoll)",
                        en: "analysis \(id): its exemption from retention, recorded in the audit trail, is gone (changed outside barnkoll)")
            }
        }
        var present = Set<Int>()
        for version in stored.versions {
            present.insert(version.number)
            switch recorded.versions[version.number] {
            case .some(.some(let logged)) where logged == version.digest:
                continue
            case .some(.none):
                continue // Frozen before the chain and never sealed: nothing to hold it to.
            default:
                problem(sv: "versionen \(id) v\(version.number): inte den version granskningsloggen har (ändrad utanför barnkoll)",
                        en: "version \(id) v\(version.number): not the version the audit trail recorded (changed outside barnkoll)")
            }
        }
        for number in recorded.versions.keys.sorted() where !present.contains(number) {
            problem(sv: "versionen \(id) v\(number): finns i granskningsloggen men saknas i lagret (raderad utanför barnkoll)",
                    en: "version \(id) v\(number): recorded in the audit trail but missing from the store (deleted outside barnkoll)")
        }
        // Each stored review takes the recorded one it matches; a row from before the chain (no
        // digest, sealed later by the migration that made the chain) is taken only when none does.
        var reviews = recorded.reviews
        for review in stored.reviews {
            if let index = reviews.firstIndex(where: { $0.digest != nil && $0.digest == review.digest })
                ?? reviews.firstIndex(where: { $0.digest == nil }) {
                reviews.remove(at: index)
            } else {
                problem(sv: "granskning \(review.id) av \(id): inte den granskning granskningsloggen har (ändrad utanför barnkoll)",
                        en: "review \(review.id) of \(id): not the review the audit trail recorded (changed outside barnkoll)")
            }
        }
        for missing in reviews where missing.digest != nil {
            problem(sv: "analysen \(id): granskningen som granskningsloggen har på rad \(missing.row) (\(missing.action)) saknas i lagret (raderad utanför barnkoll)",
                    en: "analysis \(id): the review the audit trail recorded in row \(missing.row) (\(missing.action)) is missing from the store (deleted outside barnkoll)")
        }
        let notes = Self.match(stored.notes, digest: \.digest, to: recorded.notes)
        for note in notes.unmatched {
            problem(sv: "analysen \(id): anteckningen (\(note.kind)) är inte en som granskningsloggen har (ändrad eller tillagd utanför barnkoll)",
                    en: "analysis \(id): its \(note.kind) note is not one the audit trail recorded (changed or added outside barnkoll)")
        }
        for row in notes.missing {
            problem(sv: "analysen \(id): anteckningen som granskningsloggen har på rad \(row) saknas i lagret (raderad utanför barnkoll)",
                    en: "analysis \(id): the note the audit trail recorded in row \(row) is missing from the store (deleted outside barnkoll)")
        }
        let transfers = Self.match(stored.transfers, digest: { $0 }, to: recorded.transfers)
        if !transfers.unmatched.isEmpty {
            problem(sv: "analysen \(id): en överlämning eller flytt med sitt skäl är inte en som granskningsloggen har (ändrad eller tillagd utanför barnkoll)",
                    en: "analysis \(id): a hand-over or move with its reason is not one the audit trail recorded (changed or added outside barnkoll)")
        }
        for row in transfers.missing {
            problem(sv: "analysen \(id): överlämningen eller flytten som granskningsloggen har på rad \(row) saknas i lagret (raderad utanför barnkoll)",
                    en: "analysis \(id): the hand-over or move the audit trail recorded in row \(row) is missing from the store (deleted outside barnkoll)")
        }
        checkAnswers(stored, recorded)
        checkDueDates(stored, closedByNote: recorded.closedByNote)
    }

    /// Records kept apart from the events that wrote them (notes, hand-overs and moves): each stored
    /// one takes a recorded one with its keyed digest. What none matched, and the rows of the
    /// recorded ones left over.
    private static func match<Stored>(_ stored: [Stored], digest: (Stored) -> Data?,
                                      to recorded: [(digest: Data?, row: Int64)]) -> (unmatched: [Stored], missing: [Int64]) {
        var left = recorded
        var unmatched: [Stored] = []
        for record in stored {
            if let index = left.firstIndex(where: { $0.digest == digest(record) }) {
                left.remove(at: index)
            } else {
                unmatched.append(record)
            }
        }
        return (unmatched, left.map(\.row))
    }

    private mutating func checkAnswers(_ stored: StoredAnalysis, _ recorded: Recorded) {
        let id = stored.id
        if AnalysisStatus(rawValue: stored.status)?.isEditable == true {
            for (item, digest) in stored.answers.sorted(by: { $0.key < $1.key }) {
                switch recorded.answers[item] {
                case .some(.some(let logged)) where logged == digest:
                    continue
                case .some(.none):
                    continue // Saved before the chain: nothing to hold it to.
                case .none where stored.lastVersionAnswers[item] == digest:
                    continue // Unchanged since the last version, which is checked above.
                default:
                    problem(sv: "svaret \(item) i \(id): inte det svar granskningsloggen har (ändrat utanför barnkoll)",
                            en: "answer \(item) of \(id): not the answer the audit trail recorded (changed outside barnkoll)")
                }
            }
            // A save that cleared the answer recorded a digest of no value: its absence is what was saved.
            for (item, logged) in recorded.answers.sorted(by: { $0.key < $1.key }) where stored.answers[item] == nil {
                guard let logged, logged != stored.clearedDigest(item) else { continue }
                problem(sv: "svaret \(item) i \(id): finns i granskningsloggen men saknas i lagret",
                        en: "answer \(item) of \(id): recorded in the audit trail but missing from the store")
            }
        } else if let last = recorded.versions.keys.max(), stored.versions.contains(where: { $0.number == last }),
                  stored.answers != stored.lastVersionAnswers {
            problem(sv: "analysen \(id): svaren skiljer sig från den senaste versionen v\(last) (ändrat utanför barnkoll)",
                    en: "analysis \(id): its answers differ from its last version v\(last) (changed outside barnkoll)")
        }
    }

    /// The open due dates the follow-up lists read: each the due answer's date while its done answer is
    /// missing and no note after the decision has kept it.
    private mutating func checkDueDates(_ stored: StoredAnalysis, closedByNote: Set<FollowUpKind>) {
        guard let kept = stored.dueDates else { return }
        for watched in WatchedDate.all {
            let due = stored.watchedAnswers[watched.dueItem].flatMap { $0.isEmpty ? nil : $0 }
            let open = stored.watchedAnswers[watched.doneItem] == nil && !closedByNote.contains(watched.kind) ? due : nil
            if kept[watched.kind] != open {
                problem(sv: "analysen \(stored.id): det öppna datumet \(watched.dueItem) för uppföljningslistan är \(kept[watched.kind] ?? "inget") men svaren säger \(open ?? "inget") (ändrat utanför barnkoll)",
                        en: "analysis \(stored.id): its open \(watched.dueItem) for the follow-up list is \(kept[watched.kind] ?? "none") but its answers say \(open ?? "none") (changed outside barnkoll)")
            }
        }
    }

    /// The problems found, with the analyses the chain recorded that the store no longer holds.
    public func finish() -> [Localized] {
        var all = problems
        for (id, _) in analyses.sorted(by: { $0.value.createdAt < $1.value.createdAt }) where !checked.contains(id) {
            all.append(Localized(sv: "analysen \(id): finns i granskningsloggen men saknas i lagret (raderad utanför barnkoll)",
                                 en: "analysis \(id): recorded in the audit trail but missing from the store (deleted outside barnkoll)"))
        }
        return all
    }

    private mutating func problem(sv: String, en: String) {
        problems.append(Localized(sv: sv, en: en))
    }

    /// A status as stored, in the reader's words where it is one barnkoll knows.
    static func status(_ stored: String, _ language: Language) -> String {
        AnalysisStatus(rawValue: stored)?.label(language) ?? stored
    }

    /// How many rows the replay saw.
    public var rows: Int { rowCount }
}
