import Foundation

// Moving a unit's SQLite store into the administration's PostgreSQL store (`barnkoll admin
// import`). Core decides what an import may carry and how it is recorded in the target's audit
// chain; the source store hands over its records as they are (`ImportSource`), the target keeps
// them in one transaction (`ImportRecords.recordImport`).
//
// What is carried: every analysis with its answers, versions, reviews, notes and audit key; the
// definitions they were made with; the caseworker, supervisor and trainer roles (an admin of one
// unit's file is not made an admin of the whole administration); the source chain's rows as they
// are, so it stays verifiable, ending in the head the target's chain records (`store.import`).
// Each analysis is recorded in the target's chain as the seals of what it holds (the events
// below), so `verify` replays it like any other.

/// A checklist definition as the source store holds it.
public struct ImportedDefinition: Sendable {
    public var hash: String
    public var checklistID: String
    public var version: Int
    public var source: String

    public init(hash: String, checklistID: String, version: Int, source: String) {
        self.hash = hash
        self.checklistID = checklistID
        self.version = version
        self.source = source
    }
}

/// An analysis as the source store holds it, whole.
public struct ImportedAnalysis: Sendable {
    public struct Version: Sendable {
        public var number: Int
        public var status: String
        public var answers: String
        public var definitionHash: String
        public var contentHash: String
        public var createdBy: String
        public var createdAt: String

        public init(number: Int, status: String, answers: String, definitionHash: String, contentHash: String,
                    createdBy: String, createdAt: String) {
            (self.number, self.status, self.answers, self.definitionHash) = (number, status, answers, definitionHash)
            (self.contentHash, self.createdBy, self.createdAt) = (contentHash, createdBy, createdAt)
        }
    }

    public struct Review: Sendable {
        public var version: Int
        public var reviewer: String
        public var decision: String
        public var comment: String?
        public var itemComments: String
        public var rule: String?
        public var ground: String?
        public var at: String

        public init(version: Int, reviewer: String, decision: String, comment: String?, itemComments: String, rule: String?,
                    ground: String?, at: String) {
            (self.version, self.reviewer, self.decision, self.comment) = (version, reviewer, decision, comment)
            (self.itemComments, self.rule, self.ground, self.at) = (itemComments, rule, ground, at)
        }
    }

    public struct Answer: Sendable {
        public var item: String
        public var value: String
        public var searchText: String
        public var updatedAt: String
        public var updatedBy: String

        public init(item: String, value: String, searchText: String, updatedAt: String, updatedBy: String) {
            (self.item, self.value, self.searchText, self.updatedAt, self.updatedBy) = (item, value, searchText, updatedAt, updatedBy)
        }
    }

    public struct Note: Sendable {
        public var kind: String
        public var date: String
        public var outcome: String?
        public var text: String
        public var writtenBy: String
        public var writtenAt: String

        public init(kind: String, date: String, outcome: String?, text: String, writtenBy: String, writtenAt: String) {
            (self.kind, self.date, self.outcome, self.text, self.writtenBy, self.writtenAt) = (kind, date, outcome, text, writtenBy, writtenAt)
        }
    }

    public var id: String
    public var checklistID: String
    public var checklistVersion: Int
    public var definitionHash: String
    public var caseRef: String
    public var unit: String
    public var author: String
    public var status: String
    public var position: String?
    public var hardStop: String?
    public var retentionExempt: String?
    public var createdAt: String
    public var updatedAt: String
    /// Its audit key; nil when the source lost it (refused: its content could not be checked).
    public var key: Data?
    public var answers: [Answer]
    public var versions: [Version]
    public var reviews: [Review]
    public var notes: [Note]
    /// Hand-overs and moves with their reasons, as the source kept them.
    public var transfers: [Transfer]

    public init(id: String, checklistID: String, checklistVersion: Int, definitionHash: String, caseRef: String, unit: String,
                author: String, status: String, position: String?, hardStop: String?, retentionExempt: String?,
                createdAt: String, updatedAt: String, key: Data?, answers: [Answer], versions: [Version], reviews: [Review],
                notes: [Note], transfers: [Transfer] = []) {
        (self.id, self.checklistID, self.checklistVersion, self.definitionHash) = (id, checklistID, checklistVersion, definitionHash)
        (self.caseRef, self.unit, self.author, self.status) = (caseRef, unit, author, status)
        (self.position, self.hardStop, self.retentionExempt) = (position, hardStop, retentionExempt)
        (self.createdAt, self.updatedAt, self.key) = (createdAt, updatedAt, key)
        (self.answers, self.versions, self.reviews, self.notes) = (answers, versions, reviews, notes)
        self.transfers = transfers
    }
}

/// One row of the source's audit chain, with the hashes it holds.
public struct ImportedAuditRow: Sendable {
    public var row: AuditChain.Row
    public var hash: Data
    public var previous: Data

    public init(row: AuditChain.Row, hash: Data, previous: Data) {
        (self.row, self.hash, self.previous) = (row, hash, previous)
    }
}

/// A source store (only read). Its analyses come in two steps: what the import checks before it
/// sends anything (each analysis's row, key and reviews), and the bulk (answers, versions and
/// notes), read part by part as the parts are sent; its chain is read part by part too. So an
/// import holds one part of a large store at a time, not the whole of it (100,000 analyses held
/// whole took 11.7 GB).
public struct ImportSource: Sendable {
    public var location: String
    public var storeID: String
    public var kind: StoreKind
    public var definitions: [ImportedDefinition]
    public var grants: [Grant]
    /// In the order they are imported; their answers, versions and notes are empty until `fill`.
    public var analyses: [ImportedAnalysis]
    /// The rows of the source's chain.
    public var auditCount: Int
    /// The same analyses with their answers, versions and notes read.
    public var fill: @Sendable ([ImportedAnalysis]) throws(StoreError) -> [ImportedAnalysis]
    /// The chain's rows at these places (0 is its first row), each with the hash before it.
    public var auditRows: @Sendable (Range<Int>) throws(StoreError) -> [ImportedAuditRow]

    public init(location: String, storeID: String, kind: StoreKind, definitions: [ImportedDefinition], grants: [Grant],
                analyses: [ImportedAnalysis], auditCount: Int,
                fill: @escaping @Sendable ([ImportedAnalysis]) throws(StoreError) -> [ImportedAnalysis],
                auditRows: @escaping @Sendable (Range<Int>) throws(StoreError) -> [ImportedAuditRow]) {
        (self.location, self.storeID, self.kind, self.definitions) = (location, storeID, kind, definitions)
        (self.grants, self.analyses, self.auditCount) = (grants, analyses, auditCount)
        (self.fill, self.auditRows) = (fill, auditRows)
    }
}

/// How accounts and units of the source become the target's: `--account OLD=NEW`, `--unit UNIT`
/// (every analysis of the file) or `--unit TEXT=UNIT` (those filed under TEXT).
public struct ImportMapping: Sendable {
    public var accounts: [String: String]
    public var unit: String?
    public var units: [String: String]

    public init(accounts: [String: String] = [:], unit: String? = nil, units: [String: String] = [:]) {
        (self.accounts, self.unit, self.units) = (accounts, unit, units)
    }

    /// The options as typed; a pair without its "=" or with an empty side is refused.
    public static func parse(accounts: [String], units: [String]) throws(StoreError) -> ImportMapping {
        var mapping = ImportMapping()
        for pair in accounts {
            guard let (old, new) = split(pair) else {
                throw .notAllowed(sv: "--account vill ha GAMMALT=NYTT (OS-kontot i filen = databasens roll), inte '\(TextHygiene.forOutput(pair, multiline: false))'",
                                  en: "--account takes OLD=NEW (the file's OS account = the database's role), not '\(TextHygiene.forOutput(pair, multiline: false))'")
            }
            mapping.accounts[old] = new
        }
        for unit in units {
            if let (text, listed) = split(unit) {
                mapping.units[text] = listed
            } else if mapping.unit == nil, !unit.trimmingCharacters(in: .whitespaces).isEmpty {
                mapping.unit = unit.trimmingCharacters(in: .whitespaces)
            } else {
                throw .notAllowed(sv: "--unit vill ha en enhet för hela filen, eller TEXT=ENHET för de analyser som har TEXT som enhet",
                                  en: "--unit takes one unit for the whole file, or TEXT=UNIT for the analyses whose unit is TEXT")
            }
        }
        return mapping
    }

    private static func split(_ pair: String) -> (String, String)? {
        guard let equals = pair.firstIndex(of: "=") else { return nil }
        let left = pair[..<equals].trimmingCharacters(in: .whitespaces)
        let right = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return left.isEmpty || right.isEmpty ? nil : (left, right)
    }

    func account(_ name: String) -> String { accounts[name] ?? name }

    func unit(_ text: String) -> String { units[text] ?? unit ?? text }

    /// A unit an analysis was once filed under, in its history: renamed only by `--unit TEXT=UNIT`
    /// (`--unit UNIT` files the file's analyses; it does not rewrite where they once were).
    func formerUnit(_ text: String) -> String { units[text] ?? text }
}

/// An import as Core decided it: what the target keeps, and the events its chain records, as the
/// texts the store's import functions read, in parts (a store of 100,000 analyses is several GB of
/// plan, more than PostgreSQL keeps in one value).
public struct ImportPlan: Sendable {
    /// Analyses in a part, unless the import says otherwise; the source chain goes in parts of
    /// `auditRowsPerAnalysis` times as many rows.
    public static let defaultPartSize = 200
    static let auditRowsPerAnalysis = 10

    public var storeID: String
    public var head: ChainHead
    public var analyses: Int
    /// The file the source was read from, as the admin named it.
    public var file: String
    /// The first part (JSON): the store's id, the definitions and the grants.
    public var header: String
    /// Analyses in each part.
    public var partSize: Int
    /// The source, its analyses checked; each part is read from it and planned when it is sent.
    var source: ImportSource
    var mapping: ImportMapping
    public var analysisPartCount: Int { (analyses + partSize - 1) / partSize }
    public var auditPartCount: Int { (source.auditCount + auditPartSize - 1) / auditPartSize }
    var auditPartSize: Int { partSize * Self.auditRowsPerAnalysis }

    /// The analyses of part `index` as one JSON array (each with its rows and the events that
    /// record it), read from the source now.
    public func analysisPart(_ index: Int) throws(StoreError) -> String {
        let part = try source.fill(Array(source.analyses[(index * partSize)..<min(analyses, (index + 1) * partSize)]))
        var text = Data("[".utf8)
        for (n, analysis) in part.enumerated() {
            if n > 0 { text.append(UInt8(ascii: ",")) }
            // The content read now, checked now; a refusal undoes the parts sent before it.
            try Casework.refuseIdentities(in: analysis, file: file)
            let object = Casework.planned(analysis, mapping: mapping)
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                throw .notAllowed(sv: "\(file): importen av \(analysis.id) kunde inte ställas samman", en: "\(file): the import of \(analysis.id) could not be put together")
            }
            text.append(data)
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// The source chain's rows of part `index` as one JSON array, as they are, read from the source now.
    public func auditPart(_ index: Int) throws(StoreError) -> String {
        let rows = try source.auditRows((index * auditPartSize)..<min(source.auditCount, (index + 1) * auditPartSize)).map { entry -> [Any] in
            let row = entry.row
            return [row.id, row.at, row.account, row.action, row.analysisID ?? NSNull(), row.detail ?? NSNull(),
                    row.digest.map(AuditChain.hex) ?? NSNull(), AuditChain.hex(entry.hash), AuditChain.hex(entry.previous)]
        }
        return (try? JSONSerialization.data(withJSONObject: rows)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

/// Where an imported analysis went.
public struct ImportedID: Sendable, Hashable {
    public var old: String
    public var new: String
    /// The source store's id and when it was imported.
    public var source: String
    public var at: String
    /// The file the source store was read from (nil for an import recorded before files were).
    public var file: String?

    public init(old: String, new: String, source: String, at: String, file: String? = nil) {
        (self.old, self.new, self.source, self.at, self.file) = (old, new, source, at, file)
    }

    public var renumbered: Bool { old != new }
}

/// What an import's decision needs of the target, read in its transaction.
public struct ImportTarget: Sendable {
    /// The list of units (empty: the store keeps none).
    public var units: [String]
    /// The ids of the stores imported before.
    public var importedStores: Set<String>

    public init(units: [String], importedStores: Set<String>) {
        (self.units, self.importedStores) = (units, importedStores)
    }
}

/// A store that takes in another store's records (the PostgreSQL store).
public protocol ImportRecords: StoreIdentity {
    /// Keeps what `decide` returns in one transaction: `decide` sees the importer as stored and the
    /// target as it is. The store keeps ids that are free, renumbers the others, and returns where
    /// each went; nothing is kept if anything fails.
    func recordImport(by admin: String,
                      _ decide: @Sendable (Actor, ImportTarget) throws(StoreError) -> ImportPlan) throws(StoreError) -> [ImportedID]
    /// Where imported analyses went: those once called `old`, or all (nil).
    func importedIDs(old: String?) throws(StoreError) -> [ImportedID]
}

extension ImportRecords {
    /// Imports a whole store: only an admin; see `Casework.importPlan` for what is carried.
    /// `partSize`: analyses in each part sent to the store (tests send small parts).
    public func importStore(_ source: ImportSource, mapping: ImportMapping, by admin: String,
                            partSize: Int = ImportPlan.defaultPartSize) throws(StoreError) -> [ImportedID] {
        let kind = self.kind
        return try recordImport(by: admin) { actor, target throws(StoreError) in
            try Permissions.requireAdmin(actor, to: Localized(sv: "flyttar in ett lager", en: "imports a store"))
            guard !target.importedStores.contains(source.storeID) else {
                throw .notAllowed(sv: "\(source.location) är redan inflyttat (lagret \(source.storeID)); se barnkoll admin imported (inget ändrades)",
                                  en: "\(source.location) was imported before (store \(source.storeID)); see barnkoll admin imported (nothing was changed)")
            }
            return try Casework.importPlan(source, mapping: mapping, targetUnits: target.units, targetKind: kind, partSize: partSize)
        }
    }
}

extension Casework {
    /// What an import carries and how the target's chain records it; refuses what cannot be carried
    /// as it is (another kind of store, a unit not on the list, a review its author made once
    /// accounts are mapped, a record the source cannot vouch for).
    /// `partSize`: analyses in each part the store is sent (tests send small parts).
    public static func importPlan(_ source: ImportSource, mapping: ImportMapping, targetUnits: [String],
                                  targetKind: StoreKind, partSize: Int = ImportPlan.defaultPartSize) throws(StoreError) -> ImportPlan {
        let file = source.location
        guard source.kind == .real, targetKind == .real else {
            throw .notAllowed(sv: "\(file): bara ett riktigt lager flyttas in i ett riktigt; övningslager flyttas inte",
                              en: "\(file): only a real store is imported into a real one; training stores are not moved")
        }
        guard source.auditCount > 0, let last = try source.auditRows((source.auditCount - 1)..<source.auditCount).last else {
            throw .notAllowed(sv: "\(file): lagret har ingen granskningslogg att flytta med; kör barnkoll verify på filen",
                              en: "\(file): the store has no audit trail to carry over; run barnkoll verify on the file")
        }
        // Units, as mapped: a membership's must be on the target's list, as every membership is;
        // an analysis's too, unless the target keeps no list (then units are free text there).
        let listed = Set(targetUnits)
        let memberships = Set(source.grants.compactMap { $0.unit.map(mapping.unit) })
        let filed = listed.isEmpty ? [] : Set(source.analyses.map { mapping.unit($0.unit) })
        let unknown = memberships.union(filed).subtracting(listed).sorted()
        if !unknown.isEmpty {
            let names = unknown.map { "\"\(TextHygiene.forOutput($0, multiline: false))\"" }.joined(separator: ", ")
            throw .notAllowed(sv: "\(file): enheterna \(names) finns inte på enhetslistan; lägg till dem (barnkoll admin units add) eller ange --unit ENHET eller --unit TEXT=ENHET (inget ändrades)",
                              en: "\(file): the units \(names) are not on the list of units; add them (barnkoll admin units add) or give --unit UNIT or --unit TEXT=UNIT (nothing was changed)")
        }
        // Every refusal before anything is sent: what is refused is in each analysis's row, key and reviews.
        for analysis in source.analyses { try check(analysis, mapping: mapping, file: file) }
        let grants = source.grants.filter { $0.role != .admin }.map { grant -> [Any] in
            [mapping.account(grant.account), grant.role.rawValue, grant.unit.map(mapping.unit) ?? ""]
        }
        let head = ChainHead(store: source.storeID, id: last.row.id, hash: AuditChain.hex(last.hash))
        let header: [String: Any] = [
            "store": source.storeID,
            "definitions": source.definitions.map { [$0.hash, $0.checklistID, $0.version, $0.source] as [Any] },
            "grants": grants,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) else {
            throw .notAllowed(sv: "\(file): importen kunde inte ställas samman", en: "\(file): the import could not be put together")
        }
        return ImportPlan(storeID: source.storeID, head: head, analyses: source.analyses.count, file: source.location,
                          header: String(decoding: data, as: UTF8.self), partSize: max(1, partSize), source: source,
                          mapping: mapping)
    }

    /// Whether an analysis can be carried as it is: its key, status and id, and four eyes after the
    /// accounts are mapped.
    private static func check(_ analysis: ImportedAnalysis, mapping: ImportMapping, file: String) throws(StoreError) {
        let id = analysis.id
        guard analysis.key != nil else {
            throw .notAllowed(sv: "\(file): \(id) saknar sin nyckel i granskningsloggen, så innehållet kan inte styrkas; kör barnkoll verify på filen (inget ändrades)",
                              en: "\(file): \(id) has lost its audit key, so its content cannot be vouched for; run barnkoll verify on the file (nothing was changed)")
        }
        guard AnalysisStatus(rawValue: analysis.status) != nil, !AnalysisID.isTraining(id) else {
            throw .notAllowed(sv: "\(file): \(id) kan inte flyttas som den är (status \(analysis.status))",
                              en: "\(file): \(id) cannot be moved as it is (status \(analysis.status))")
        }
        let parts = id.split(separator: "-")
        guard parts.count == 3, Int(parts[1]) != nil else {
            throw .notAllowed(sv: "\(file): \(id) är inte ett analys-id barnkoll känner igen", en: "\(file): \(id) is not an analysis id barnkoll knows")
        }
        let author = mapping.account(analysis.author)
        // Four eyes hold after the mapping too: two accounts made one must not approve their own.
        for review in analysis.reviews where mapping.account(review.reviewer) == author {
            throw .notAllowed(sv: "\(file): \(id) skrevs av \(author) och granskades av samma konto efter --account; ingen granskar sin egen analys (inget ändrades)",
                              en: "\(file): \(id) was written by \(author) and reviewed by the same account after --account; nobody reviews their own analysis (nothing was changed)")
        }
        // Its content is read in parts and checked as each is (`analysisPart`).
        try refuseIdentities(in: analysis, file: file)
    }

    /// No personnummer where barnkoll has always refused one when it is typed (a case reference, a
    /// note, a hand-over's or move's reason, a group analysis's answers): a file barnkoll wrote
    /// holds none there, so one found means the file was written by other hands. PostgreSQL
    /// refuses the same again (Migration 46). A review's comments are moved as they were written:
    /// barnkoll let a supervisor write one there before it refused it, the record cannot be
    /// changed, and every document handed out masks it (`Analysis.maskingPersonnummer`).
    static func refuseIdentities(in analysis: ImportedAnalysis, file: String) throws(StoreError) {
        func refuse(_ what: Localized) -> StoreError {
            .notAllowed(sv: "\(file): \(analysis.id): \(what.text(.sv)) (inget ändrades)",
                        en: "\(file): \(analysis.id): \(what.text(.en)) (nothing was changed)")
        }
        if !Personnummer.find(in: analysis.caseRef).isEmpty { throw refuse(Casework.caseReferenceIsPersonnummer) }
        for text in analysis.notes.map(\.text) + analysis.transfers.map(\.reason) {
            if let match = Personnummer.find(in: text).first { throw refuse(Casework.personnummerInFreeText(match.text)) }
        }
        guard analysis.checklistID == Checklist.groupAnalysisID else { return }
        // The answers as searched and as kept (decoded, so no escaped digit hides one), and every
        // sealed version's; what does not decode is searched as it is.
        var texts = analysis.answers.flatMap { [$0.searchText, AnswerJSONReader.value($0.value)?.searchableText ?? $0.value] }
        texts += analysis.versions.flatMap { version in
            AnswerJSONReader.answers(version.answers).map { $0.values.map(\.searchableText) } ?? [version.answers]
        }
        for text in texts {
            if let match = Personnummer.find(in: text).first { throw refuse(Casework.groupIdentityRefusal(match.text)) }
        }
    }

    /// One analysis as the target keeps it, with the events that record it (action, detail, keyed
    /// content); `check` has passed it.
    static func planned(_ analysis: ImportedAnalysis, mapping: ImportMapping) -> [String: Any] {
        let id = analysis.id
        let key = analysis.key ?? Data()
        let status = AnalysisStatus(rawValue: analysis.status) ?? .draft
        let parts = id.split(separator: "-")
        let year = parts.count == 3 ? Int(parts[1]) ?? 0 : 0
        let author = mapping.account(analysis.author)
        let unit = mapping.unit(analysis.unit)
        func null(_ value: String?) -> Any { value ?? NSNull() }
        let creation = AuditChain.Content.creation(author: author, caseRef: analysis.caseRef, unit: unit,
                                                   definitionHash: analysis.definitionHash).text
        var events: [[Any]] = [["analysis.create", analysis.checklistID, creation], ["analysis.filed", author, creation]]
        for version in analysis.versions {
            events.append(["version.sealed", "v\(version.number)",
                           AuditChain.Content.version(number: version.number, status: version.status, contentHash: version.contentHash).text])
        }
        var reviews: [[Any]] = []
        for review in analysis.reviews {
            let reviewer = mapping.account(review.reviewer)
            events.append(["review.sealed", "v\(review.version) \(review.decision)",
                           AuditChain.Content.review(version: review.version, reviewer: reviewer, decision: review.decision,
                                                     comment: review.comment, itemComments: review.itemComments, rule: review.rule,
                                                     ground: review.ground).text])
            reviews.append([review.version, reviewer, review.decision, null(review.comment), review.itemComments, null(review.rule),
                            null(review.ground), review.at])
        }
        for note in analysis.notes {
            events.append(["analysis.note", "\(note.kind) \(note.date)",
                           AuditChain.Content.note(kind: note.kind, date: note.date, outcome: note.outcome, text: note.text).text])
        }
        // Accounts and units as the target names them, the one as the other for a unit's move.
        let transfers = analysis.transfers.map { transfer in
            var mapped = transfer
            mapped.by = mapping.account(transfer.by)
            let name = transfer.kind == .handOver ? mapping.account : mapping.formerUnit
            (mapped.from, mapped.to) = (name(transfer.from), name(transfer.to))
            return mapped
        }
        for transfer in transfers {
            events.append(["transfer.sealed", transfer.kind.rawValue, transfer.content.text])
        }
        if status.isEditable {
            for answer in analysis.answers {
                events.append(["answer.sealed", answer.item, AuditChain.Content.answer(item: answer.item, json: answer.value).text])
            }
        }
        if analysis.retentionExempt != nil { events.append(["retention.exempt", NSNull(), NSNull()]) }
        // Last: the status it has, and the id it had (ChainReplay reads the first word).
        events.append(["analysis.imported", "\(status.rawValue) \(id)", NSNull()])
        return [
            "old_id": id, "prefix": String(parts[0]), "year": year, "checklist_id": analysis.checklistID,
            "checklist_version": analysis.checklistVersion, "definition_hash": analysis.definitionHash, "case_ref": analysis.caseRef,
            "unit": unit, "author": author, "status": status.rawValue, "position": null(analysis.position),
            "hard_stop": null(analysis.hardStop), "retention_exempt": null(analysis.retentionExempt),
            "created_at": analysis.createdAt, "updated_at": analysis.updatedAt, "key": AuditChain.hex(key),
            "answers": analysis.answers.map { [$0.item, $0.value, $0.searchText, $0.updatedAt, mapping.account($0.updatedBy)] as [Any] },
            "versions": analysis.versions.map {
                [$0.number, $0.status, $0.answers, $0.definitionHash, $0.contentHash, mapping.account($0.createdBy), $0.createdAt] as [Any]
            },
            "reviews": reviews,
            "notes": analysis.notes.map { [$0.kind, $0.date, null($0.outcome), $0.text, mapping.account($0.writtenBy), $0.writtenAt] as [Any] },
            "transfers": transfers.map { [$0.kind.rawValue, $0.from, $0.to, $0.reason, $0.by, $0.at] },
            "events": events,
        ]
    }
}

/// An imported store's chain followed a row at a time, as `verify` reads it (in order of the rows'
/// ids): whether each row follows from the one before, up to the head the import recorded. A
/// chain of millions of rows is then never held whole.
public struct ImportedChainWalk: Sendable {
    private var previous = AuditChain.genesis
    private var lastID: Int64?
    private var brokenAt: Int64?

    public init() {}

    public mutating func add(_ entry: ImportedAuditRow) {
        guard brokenAt == nil else { return }
        guard entry.previous == previous, AuditChain.hash(previous: previous, entry.row) == entry.hash else {
            brokenAt = entry.row.id
            return
        }
        previous = entry.hash
        lastID = entry.row.id
    }

    /// The problem in both languages, or nil when the chain follows through to `head`.
    public func problem(head: ChainHead) -> Localized? {
        if let brokenAt {
            return Localized(sv: "det inflyttade lagret \(head.store), rad \(brokenAt): dess hash följer inte av raderna före (ändrat utanför barnkoll)",
                             en: "the imported store \(head.store), row \(brokenAt): its hash does not follow from the rows before it (changed outside barnkoll)")
        }
        guard lastID == head.id, AuditChain.hex(previous) == head.hash else {
            return Localized(sv: "det inflyttade lagret \(head.store): kedjan slutar inte i huvudet som importen registrerade (rad \(head.id))",
                             en: "the imported store \(head.store): its chain does not end in the head the import recorded (row \(head.id))")
        }
        return nil
    }
}

/// Where an import renumbered the analyses that had an id, told wherever that old id is asked for
/// (`show`, `open`, `history`) so nobody takes the analysis now under it for the one they mean.
public struct Renumbered: Sendable, Equatable {
    public var old: String
    /// Each analysis that had the id: the file it came from (its store's id where no file is
    /// recorded) and its id now.
    public struct Move: Sendable, Equatable {
        public var from: String
        public var new: String

        public init(from: String, new: String) { (self.from, self.new) = (from, new) }
    }

    public var moves: [Move]

    public init(old: String, moves: [Move]) { (self.old, self.moves) = (old, moves) }

    /// One line: "BKA-2026-0001 från socpsyk.sqlite heter nu BKA-2026-0143", one clause per file.
    public var message: Localized {
        func clause(_ move: Move, _ from: String, _ now: String) -> String {
            "\(old) \(from) \(TextHygiene.forOutput(move.from, multiline: false)) \(now) \(move.new)"
        }
        return Localized(sv: moves.map { clause($0, "från", "heter nu") }.joined(separator: "; "),
                         en: moves.map { clause($0, "from", "is now") }.joined(separator: "; "))
    }
}

extension Casework {
    /// The analyses an import renumbered away from `id`; nil where none was (and on a store that
    /// takes no imports).
    public static func renumbered(_ id: String, in store: any CaseworkStore) throws(StoreError) -> Renumbered? {
        guard let imports = store as? any ImportRecords else { return nil }
        let moves = try imports.importedIDs(old: id).filter(\.renumbered).map { Renumbered.Move(from: $0.file ?? $0.source, new: $0.new) }
        return moves.isEmpty ? nil : Renumbered(old: id, moves: moves)
    }

    /// Reads the analysis `id` names with `read`, first telling `note` where an import renumbered an
    /// analysis that had the id: the analysis under it now is read as always, and where no analysis
    /// has it any more, the renumbering is the refusal (instead of "no analysis").
    public static func readingOldID<Read>(_ id: String, in store: any CaseworkStore, note: (Localized) -> Void,
                                          _ read: () throws(StoreError) -> Read) throws(StoreError) -> Read {
        guard let moved = try renumbered(id, in: store) else { return try read() }
        do {
            let value = try read()
            note(moved.message)
            return value
        } catch .notFound {
            throw .notAllowed(moved.message)
        } catch {
            note(moved.message)
            throw error
        }
    }
}
