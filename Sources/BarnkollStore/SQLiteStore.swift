import BarnkollCore
import Crypto
import Foundation
import GRDB
import Synchronization

/// The record store: one SQLite file (WAL) owned by this type, with its migrations in `Schema`.
public final class SQLiteStore: CaseworkStore, Sendable {
    public let path: String
    public let kind: StoreKind
    let connections: SQLiteConnections
    /// False for synthetic stores (benchmarks): no syncing, nothing sent to the system log.
    let durable: Bool
    /// Where chain heads are sent as `AnchorPolicy` says.
    let systemLog: String
    /// Parsed definitions by hash: parsing YAML on every read would dominate reads.
    /// Parsed definitions by hash: a hash names one source forever, so one parse a process.
    let definitions = Mutex<[String: Checklist]>([:])

    /// Opens (or creates) the store at `path`, checking that it is ours, not newer than us, and of `kind`.
    /// A file that fails a check is left untouched.
    /// - Parameter durable: false only for generating synthetic stores: commits are not synced to
    ///   disk, and approvals are not sent to the system log.
    /// - Parameter systemLog: the log socket the chain heads go to (`AnchorPolicy`); tests name their own.
    public static func open(path: String, kind: StoreKind, account: String = Account.current,
                            durable: Bool = true, systemLog: String = SystemLog.socketPath) throws(StoreError) -> SQLiteStore {
        let files = StoreFiles(path: path)
        let directory = files.folder
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                let reason = SystemReason.of(error)
                throw .io(store: directory, sv: "kan inte skapa lagrets mapp (\(reason.sv))",
                          en: "cannot create the store folder (\(reason.text(.en)))")
            }
        }
        let key = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let open = openStores.withLock({ $0[key]?.store }) {
            guard open.kind == kind else { throw .wrongKind(store: path, expected: kind, actual: open.kind) }
            return open
        }
        try files.checkBeforeOpening(account: Account.current)
        let existed = FileManager.default.fileExists(atPath: path)
        // One process at a time opens and migrates: a brand-new file raced by several processes
        // otherwise fails with "database is locked" or "table already exists".
        let lock = try FileLock(path: files.lockPath, mode: files.mode)
        var opened = false
        defer {
            // A refused file (newer, of the other kind) is left as it was found, with nothing beside it.
            if !opened && existed && lock.created { unlink(files.lockPath) }
            lock.unlock()
        }

        let isNew = try checkHeader(path: path, mode: files.mode)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.publicStatementArguments = false
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY")
        }
        let connections = SQLiteConnections(path: path, configuration: config, durable: durable)
        let upToDate: Bool
        do {
            upToDate = isNew ? false : try connections.check { db in try inspect(db, path: path, kind: kind) }
        } catch let error as StoreError {
            throw error.stopped(.opening)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_IOERR && noRoom(in: directory) {
            throw StoreError.full(store: path).stopped(.opening)
        } catch {
            throw map(error, path: path).stopped(.opening)
        }
        let store = SQLiteStore(path: path, kind: kind, connections: connections, durable: durable, systemLog: systemLog)
        // A store as this barnkoll left it is only read until something writes; a new one, or one
        // an older barnkoll left, is migrated (and stamped) now, under the lock.
        if !upToDate {
            do {
                let pool = try store.connections.pool()
                try Schema.migrator(openedBy: account).migrate(pool)
                try pool.write { db in
                    let stored = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'kind'")
                    if let stored {
                        guard let actual = StoreKind(rawValue: stored) else {
                            throw SQLiteFileProblem.notOurs(path: path, why: .unknownKind(stored))
                        }
                        if actual != kind { throw StoreError.wrongKind(store: path, expected: kind, actual: actual) }
                    } else {
                        let now = Clock.timestamp()
                        try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('kind', ?), ('created_at', ?), ('created_by', ?)",
                                       arguments: [kind.rawValue, now, account])
                        try audit(db, account: account, action: "store.create", analysis: nil, detail: kind.rawValue)
                        try db.execute(sql: "INSERT OR IGNORE INTO role (account, role, granted_by, granted_at) VALUES (?, 'admin', ?, ?)",
                                       arguments: [account, account, now])
                        // Recorded like every grant, so that `verify` replays the roles from the chain alone.
                        try audit(db, account: account, action: "role.grant", analysis: nil, detail: "admin \(account)")
                    }
                }
            } catch let error as StoreError {
                throw error.stopped(.opening)
            } catch {
                throw map(error, path: path).stopped(.opening)
            }
        }
        openStores.withLock { $0[key] = WeakStore(store: store) }
        opened = true
        return store
    }

    /// The stores open in this process, by file: a second open gets the first. Opening the file
    /// again beside an open pool would close a descriptor of it, and POSIX drops every lock a
    /// process holds on a file when any descriptor of it closes: SQLite's own locks would vanish
    /// under its readers and writers (measured: "database disk image is malformed" on the next write).
    private static let openStores = Mutex<[String: WeakStore]>([:])

    /// Closes the store's connections; the next `open` of its file opens it afresh.
    public func closeConnections() throws(StoreError) {
        let key = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        Self.openStores.withLock { open in
            if open[key]?.store === self { open[key] = nil }
        }
        do { try connections.close() } catch { throw Self.map(error, path: path) }
    }

    private struct WeakStore: Sendable {
        weak var store: SQLiteStore?
    }

    private init(path: String, kind: StoreKind, connections: SQLiteConnections, durable: Bool, systemLog: String) {
        self.path = path
        self.kind = kind
        self.connections = connections
        self.durable = durable
        self.systemLog = systemLog
    }

    /// Checks an existing store before anything writes to it: a store from a newer barnkoll, or of
    /// the other kind, is refused (its reader closed so that the file keeps every byte, as
    /// `SQLiteConnections.check` says). Returns whether it is up to date: every migration applied and its kind recorded.
    /// It runs on the plain reader that later reads use: a connection of its own made SQLite parse
    /// the schema twice a start (measured: 12 % of a start's instructions).
    private static func inspect(_ db: Database, path: String, kind: StoreKind) throws -> Bool {
        /// The first column of each row; nil when the table is missing (a file stamped but never migrated).
        func column(_ sql: String) throws -> [String]? {
            do {
                return try Optional<String>.fetchAll(db, sql: sql).map { $0 ?? "" }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && (error.message ?? "").hasPrefix("no such table") {
                return nil
            }
        }
        // A migration this barnkoll does not know: the store is newer (GRDB's `hasBeenSuperseded`).
        let known = Set(Schema.migrator.migrations)
        let applied = try column("SELECT identifier FROM grdb_migrations")
        if let applied, applied.contains(where: { !known.contains($0) }) {
            throw StoreError.newerStore(store: path)
        }
        guard let stored = try column("SELECT value FROM store_meta WHERE key = 'kind'")?.first else { return false }
        guard let actual = StoreKind(rawValue: stored) else {
            throw SQLiteFileProblem.notOurs(path: path, why: .unknownKind(stored))
        }
        if actual != kind { throw StoreError.wrongKind(store: path, expected: kind, actual: actual) }
        if kind == .training, let old = try column("SELECT id FROM analysis WHERE id NOT LIKE '\(AnalysisID.trainingPrefix)-%' LIMIT 1")?.first {
            throw SQLiteFileProblem.oldTrainingIDs(path: path, example: old)
        }
        return Set(applied ?? []) == known
    }

    /// Whether the file system holding `folder` has too little room for SQLite's shared-memory file
    /// (32 KB): GRDB closes a connection that fails as it opens, and SQLite's errno with it, so a
    /// full disk at opening is told from the file system.
    private static func noRoom(in folder: String) -> Bool {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 32 * 1024
    }

    /// Refuses a file whose header is not a barnkoll store's, reading nothing else.
    static func requireOurHeader(path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(store: path, sv: "kan inte läsa lagerfilen; kontrollera dess behörigheter",
                      en: "cannot read the store file; check its permissions")
        }
        let header = handle.readData(ofLength: 100)
        try? handle.close()
        if let problem = headerProblem(header) { throw SQLiteFileProblem.notOurs(path: path, why: problem) }
    }

    /// Why a file's first 100 bytes are not the header of a store of ours, or nil when they are.
    static func headerProblem(_ header: Data) -> SQLiteFileProblem.NotOurs? {
        guard header.count == 100 else { return .tooShort }
        guard header.prefix(16) == Data("SQLite format 3\0".utf8) else { return .notSQLite }
        let id = header[header.startIndex + 68..<header.startIndex + 72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard Int32(bitPattern: id) == Schema.applicationID else { return .anotherProgram }
        return nil
    }

    /// Refuses a file that is not a SQLite database of ours; creates a new one with `mode` and our id.
    /// Returns whether the store is new.
    private static func checkHeader(path: String, mode: mode_t) throws(StoreError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 && info.st_size > 0 {
            try requireOurHeader(path: path)
            return false
        }
        // New: create the file ourselves and stamp it as ours before WAL is turned on, so the id is
        // in the main file's header from the start. An empty file holds nothing yet, so one of ours
        // gets the mode a new store gets.
        var fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 && errno == EEXIST { fd = Glibc.open(path, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            let reason = SystemReason.of(errno)
            throw .io(store: path, sv: "kan inte skapa lagerfilen (\(reason.sv))", en: "cannot create the store file (\(reason.text(.en)))")
        }
        var created = stat()
        if fstat(fd, &created) == 0 && created.st_uid == geteuid() {
            fchmod(fd, mode)
        } else if created.st_mode & 0o007 != 0 {
            close(fd)
            throw SQLiteFileProblem.openToOthers(path: path, mode: Int(created.st_mode & 0o7777))
        }
        close(fd)
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            }
            try queue.close()
        } catch {
            throw map(error, path: path)
        }
        return true
    }

    // MARK: - Analyses

    public var location: String { path }
    public var isDurable: Bool { durable }

    public func insertAnalysis(_ new: NewAnalysis) throws(StoreError) -> AnalysisSummary {
        try write { db in try self.insertAnalysis(db, new) }
    }

    /// The inside of `insertAnalysis`, for callers that add rows of their own in the same transaction.
    func insertAnalysis(_ db: Database, _ new: NewAnalysis) throws -> AnalysisSummary {
        let checklist = new.checklist
        let hash = try keep(db, checklist, by: new.author)
        let now = Clock.timestamp()
        let year = Int(now.prefix(4)) ?? 0
        let number = try Int.fetchOne(db, sql: "SELECT next FROM id_sequence WHERE prefix = ? AND year = ?",
                                      arguments: [new.idPrefix, year]) ?? 1
        try db.execute(sql: """
            INSERT INTO id_sequence (prefix, year, next) VALUES (?, ?, ?)
            ON CONFLICT (prefix, year) DO UPDATE SET next = excluded.next
            """, arguments: [new.idPrefix, year, number + 1])
        let id = AnalysisID.make(prefix: new.idPrefix, year: year, number: number)
        try db.execute(sql: """
            INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author,
                                  status, versions, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?, ?)
            """, arguments: [id, checklist.id, checklist.version, hash, new.caseRef, new.unit, new.author, now, now])
        try AuditChain.createKey(db, analysis: id)
        try Self.audit(db, account: new.author, action: "analysis.create", analysis: id, detail: checklist.id,
                       content: .creation(author: new.author, caseRef: new.caseRef, unit: new.unit, definitionHash: hash))
        let summary = AnalysisSummary(id: id, checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: new.caseRef, unit: new.unit, author: new.author, status: .draft, versions: 0,
                                      createdAt: now, updatedAt: now)
        for key in new.answers.keys.sorted() {
            try self.store(db, summary: summary, item: key, value: new.answers[key], account: new.author)
        }
        return summary
    }

    /// Keeps a definition's text (once, by its hash; `definition.add` when it is new) and returns its hash.
    private func keep(_ db: Database, _ checklist: Checklist, by account: String) throws -> String {
        let hash = Casework.definitionHash(checklist)
        try db.execute(sql: "INSERT OR IGNORE INTO checklist_definition (hash, checklist_id, version, source) VALUES (?, ?, ?, ?)",
                       arguments: [hash, checklist.id, checklist.version, checklist.source])
        if db.changesCount > 0 {
            try Self.audit(db, account: account, action: "definition.add", analysis: nil,
                           detail: "\(checklist.id) v\(checklist.version) \(hash)")
        }
        return hash
    }

    public func header(_ id: String) throws(StoreError) -> AnalysisHeader {
        try read { db in try self.headerRecord(db, id) }
    }

    public func readAnalysis(_ id: String, loggedFor account: String,
                             _ allow: @Sendable (AnalysisSummary, Actor) throws(StoreError) -> Void) throws(StoreError) -> Analysis {
        try write { db in
            let analysis = try self.load(db, id)
            try allow(analysis.summary, try Self.actor(db, account))
            try Self.audit(db, account: account, action: "analysis.read", analysis: id, detail: nil)
            return analysis
        }
    }

    /// Every analysis a filter selects, each read whole in one transaction, handed to `deliver`
    /// (an export making its text) while their reads are logged: its result is returned only once
    /// the log holds every read, so nothing leaves barnkoll unlogged. Logging 10,000 reads takes
    /// 0.4 s (each extends the audit's index by analysis somewhere else), which the export's own
    /// work now hides.
    public func readAnalyses<Delivered>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                        deliver: ([Analysis]) -> Delivered) throws(StoreError) -> Delivered {
        let ids = try read { db in
            let (clause, arguments) = try Self.whereClause(filter, db)
            var sql = "SELECT id FROM analysis\(clause)\(Self.orderClause(filter))"
            var all = arguments
            if let limit = filter.limit {
                sql += " LIMIT ? OFFSET ?"
                _ = all.append(contentsOf: [limit, filter.offset])
            }
            return try String.fetchAll(db, sql: sql, arguments: all)
        }
        // Read in chunks by several readers at once (the writer's pool allows it, and the reads are
        // logged through it anyway): each analysis is read whole in one transaction, and thousands
        // take half the time on two cores. In id order, which is the order they were written in,
        // so each reader moves forward through the file.
        if !ids.isEmpty { try openWriter() }
        let byID = ids.sorted()
        let chunkSize = 250
        let chunks = (ids.count + chunkSize - 1) / chunkSize
        let results = Mutex<[Int: Result<[Analysis], StoreError>]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let slice = Array(byID[(chunk * chunkSize)..<min(ids.count, (chunk + 1) * chunkSize)])
            let result = Result { () throws(StoreError) in
                try self.read { db in try slice.map { try self.load(db, $0, history: history) } }
            }
            results.withLock { $0[chunk] = result }
        }
        var read: [String: Analysis] = [:]
        read.reserveCapacity(ids.count)
        for chunk in 0..<chunks {
            guard let result = results.withLock({ $0[chunk] }) else { continue }
            for analysis in try result.get() { read[analysis.summary.id] = analysis }
        }
        let analyses = ids.compactMap { read[$0] }
        let logged = Mutex<Result<Void, StoreError>?>(nil)
        let logging = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: logging) {
            let result = Result { () throws(StoreError) in try self.logReads(byID, by: account) }
            logged.withLock { $0 = result }
        }
        let delivered = deliver(analyses)
        logging.wait()
        try logged.withLock({ $0 })?.get()
        return delivered
    }

    /// One `analysis.read` event for each id (given in id order), in one transaction. So the audit's
    /// index by analysis is passed through once instead of jumped about in, with room in the cache
    /// for the pages they change (measured on 10,000: 310–420 → 130–150 ms before the commit).
    private func logReads(_ ids: [String], by account: String) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            for id in ids {
                try Self.audit(db, account: account, action: "analysis.read", analysis: id, detail: nil)
            }
        }
    }

    @discardableResult
    public func recordAnswers(_ id: String, by account: String, reading items: [String],
                              _ decide: @Sendable (AnalysisHeader, Actor, Answers) throws(StoreError) -> [AnswerChange]) throws(StoreError) -> [AnswerChange] {
        try write { db in
            let head = try self.headerRecord(db, id)
            var stored: Answers = [:]
            for item in items {
                let json = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM answer WHERE analysis_id = ? AND item_id = ?"),
                                               arguments: [id, item])
                stored[item] = json.flatMap(AnswerValue.fromJSON)
            }
            let changes = try decide(head, try Self.actor(db, account), stored)
            for change in changes {
                try self.store(db, summary: head.summary, item: change.item, value: change.value, account: account)
                if let caseRef = change.caseRef {
                    try db.execute(sql: "UPDATE analysis SET case_ref = ? WHERE id = ?", arguments: [caseRef, id])
                }
                if let unit = change.unit { try Self.refile(db, id, unit: unit) }
                if change.caseRef != nil || change.unit != nil { try Self.file(db, id, by: account) }
            }
            return changes
        }
    }

    public func recordPosition(_ id: String, item: String) throws(StoreError) {
        try write { db in
            _ = try self.headerRecord(db, id)
            try db.execute(sql: "UPDATE analysis SET position = ? WHERE id = ?", arguments: [item, id])
        }
    }

    public func recordDefinitionMove(_ id: String, by account: String,
                                     _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> DefinitionMove?) throws(StoreError) -> DefinitionMove? {
        try write { db in
            let analysis = try self.load(db, id, history: false)
            guard let move = try decide(analysis, try Self.actor(db, account)) else { return nil }
            let summary = analysis.summary
            guard summary.status.isEditable else { throw StoreError.notEditable(id: id, status: summary.status) }
            let hash = try self.keep(db, move.checklist, by: account)
            try db.execute(sql: "UPDATE analysis SET definition_hash = ?, checklist_version = ? WHERE id = ?",
                           arguments: [hash, move.checklist.version, id])
            try Self.audit(db, account: account, action: "analysis.definition", analysis: id,
                           detail: "\(move.checklist.id) v\(move.fromVersion) v\(move.checklist.version) \(hash)")
            try Self.file(db, id, by: account)
            for change in move.changes {
                try self.store(db, summary: summary, item: change.item, value: change.value, account: account)
            }
            return move
        }
    }

    public func recordNote(_ id: String, by account: String,
                           _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> NewNote) throws(StoreError) -> AnalysisNote {
        try write { db in
            let head = try self.headerRecord(db, id)
            let note = try decide(head, try Self.actor(db, account))
            let now = Clock.timestamp()
            try db.execute(sql: """
                INSERT INTO note (analysis_id, kind, date, outcome, text, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, note.kind.rawValue, note.date, note.outcome?.rawValue, note.text, account, now])
            // The promise is kept: the date the analysis watched leaves the supervisor's list.
            if let closes = note.kind.closes, let watched = WatchedDate.all.first(where: { $0.kind == closes }) {
                try db.execute(sql: "UPDATE analysis SET \(Self.column(watched)) = NULL WHERE id = ?", arguments: [id])
            }
            try Self.audit(db, account: account, action: "analysis.note", analysis: id, detail: "\(note.kind.rawValue) \(note.date)",
                           content: .note(kind: note.kind.rawValue, date: note.date, outcome: note.outcome?.rawValue, text: note.text))
            return AnalysisNote(analysisID: id, kind: note.kind, date: note.date, outcome: note.outcome, text: note.text,
                                writtenBy: account, writtenAt: now)
        }
    }

    public func recordHardStops(_ id: String, rules: [String], by account: String) throws(StoreError) {
        try write { db in
            let joined = rules.joined(separator: " ")
            try db.execute(sql: "UPDATE analysis SET hard_stop = ? WHERE id = ?", arguments: [joined, id])
            try Self.audit(db, account: account, action: "analysis.hard_stop", analysis: id, detail: joined)
        }
    }

    public func recordSubmission(_ id: String, by account: String,
                                 _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> Submission) throws(StoreError) -> AnalysisStatus {
        try write { db in
            let analysis = try self.load(db, id)
            let summary = analysis.summary
            let submission = try decide(analysis, try Self.actor(db, account))
            // A record still as Core saw it: the next version of an editable analysis.
            guard summary.status.isEditable, submission.number == summary.versions + 1 else {
                throw StoreError.notEditable(id: id, status: summary.status)
            }
            let definitionHash = try String.fetchOne(db, sql: "SELECT definition_hash FROM analysis WHERE id = ?", arguments: [id]) ?? ""
            let contentHash = Casework.contentHash(definitionHash: definitionHash, answersJSON: submission.answersJSON)
            try db.execute(sql: """
                INSERT INTO version (analysis_id, number, status, answers, definition_hash, content_hash, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, submission.number, submission.status.rawValue, submission.answersJSON, definitionHash,
                                 contentHash, account, Clock.timestamp()])
            try IndicatorCounts.record(db, analysis: id, number: submission.number, checklist: analysis.checklist)
            try self.move(db, id, from: summary.status, to: submission.status, account: account, detail: "v\(submission.number)",
                          content: .version(number: submission.number, status: submission.status.rawValue, contentHash: contentHash),
                          extra: ", versions = \(submission.number), hard_stop = NULL")
            return submission.status
        }
    }

    public func recordTransition(_ id: String, by account: String,
                                 _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> AnalysisStatus) throws(StoreError) {
        try write { db in
            let head = try self.headerRecord(db, id)
            let status = try decide(head, try Self.actor(db, account))
            try self.move(db, id, from: head.summary.status, to: status, account: account, detail: "v\(head.summary.versions + 1)")
        }
    }

    public func recordReview(_ id: String, by account: String,
                             _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> ReviewChange) throws(StoreError) -> ChainHead {
        try write { db in
            let analysis = try self.load(db, id)
            let summary = analysis.summary
            let change = try decide(analysis, try Self.actor(db, account))
            guard change.version == summary.versions else { throw StoreError.notEditable(id: id, status: summary.status) }
            let itemJSON = CanonicalJSON.encode(change.itemComments, fallback: "{}")
            let content = change.content(reviewer: account)
            if let status = change.moveTo {
                try self.move(db, id, from: summary.status, to: status, account: account, detail: "v\(summary.versions)", content: content)
            } else {
                try Self.audit(db, account: account, action: "analysis.override", analysis: id, detail: change.rule, content: content)
                try db.execute(sql: "UPDATE analysis SET hard_stop = NULL WHERE id = ?", arguments: [id])
            }
            try db.execute(sql: """
                INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, ground, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, summary.versions, account, change.decision.rawValue, change.comment, itemJSON, change.rule,
                                 change.ground?.rawValue, Clock.timestamp()])
            try IndicatorCounts.refresh(db, analysis: id)
            let head = try AuditChain.head(db)
            // An approval's head is sent by Core's approve (with its receipt): not again by `write`.
            if change.decision == .approve { try Anchoring.mark(db, head.id) }
            return head
        }
    }

    public func recordReassignment(_ id: String, to account: String, reason: String, by actor: String,
                                   _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> Void) throws(StoreError) {
        try write { db in
            let head = try self.headerRecord(db, id)
            try decide(head, try Self.actor(db, actor), try Self.actor(db, account))
            let now = Clock.timestamp()
            try db.execute(sql: "UPDATE analysis SET author = ?, updated_at = ? WHERE id = ?", arguments: [account, now, id])
            try Self.transfer(db, id, Transfer(kind: .handOver, from: head.summary.author, to: account, reason: reason, by: actor, at: now))
            try Self.file(db, id, by: actor)
        }
    }

    public func recordUnitMove(_ id: String, to unit: String, reason: String, by actor: String,
                               _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> AnswerValue?) throws(StoreError) {
        try write { db in
            let head = try self.headerRecord(db, id)
            let answer = try decide(head, try Self.actor(db, actor), try Self.actor(db, head.summary.author))
            let now = Clock.timestamp()
            try Self.refile(db, id, unit: unit, at: now)
            try Self.transfer(db, id, Transfer(kind: .move, from: head.summary.unit, to: unit, reason: reason, by: actor, at: now))
            if let answer { try self.store(db, summary: head.summary, item: Checklist.unitItemID, value: answer, account: actor) }
            try Self.file(db, id, by: actor)
        }
    }

    /// Files an analysis under another unit. A returned analysis is counted already: under its
    /// new unit from now on.
    /// With `at`, the analysis counts as updated then (a move; a rename of the unit leaves it be).
    static func refile(_ db: Database, _ id: String, unit: String, at: String? = nil) throws {
        try db.execute(sql: "UPDATE analysis SET unit = ?, updated_at = coalesce(?, updated_at) WHERE id = ?", arguments: [unit, at, id])
        try db.execute(sql: "UPDATE indicator_analysis SET unit = ? WHERE analysis_id = ?", arguments: [unit, id])
    }

    /// Keeps a hand-over or move with its reason, and records it on the chain.
    static func transfer(_ db: Database, _ id: String, _ transfer: Transfer) throws {
        try db.execute(sql: """
            INSERT INTO transfer (analysis_id, kind, from_value, to_value, reason, made_by, made_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, transfer.kind.rawValue, transfer.from, transfer.to, transfer.reason, transfer.by, transfer.at])
        try audit(db, account: transfer.by, action: transfer.action, analysis: id, detail: transfer.to, content: transfer.content)
    }

    /// An analysis's hand-overs and moves, oldest first.
    static func transfers(_ db: Database, _ id: String) throws -> [Transfer] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM transfer WHERE analysis_id = ? ORDER BY id"), arguments: [id]).map(transfer)
    }

    static func transfer(_ row: Row) -> Transfer {
        Transfer(kind: Transfer.Kind(rawValue: row["kind"]) ?? .move, from: row["from_value"], to: row["to_value"],
                 reason: row["reason"], by: row["made_by"], at: row["made_at"])
    }

    /// Records an analysis's filing as it now is (author, case reference, unit, definition), after
    /// a change of one of them, so the chain always holds the digest of the current filing.
    static func file(_ db: Database, _ id: String, by account: String) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT author, case_ref, unit, definition_hash FROM analysis WHERE id = ?"),
                                         arguments: [id]) else { return }
        let author: String = row[0]
        try audit(db, account: account, action: "analysis.filed", analysis: id, detail: author,
                  content: .creation(author: author, caseRef: row[1], unit: row[2], definitionHash: row[3]))
    }

    // MARK: - Roles and units

    public func actor(_ account: String) throws(StoreError) -> Actor {
        try read { db in try Self.actor(db, account) }
    }

    static func actor(_ db: Database, _ account: String) throws -> Actor {
        var roles: Set<Role> = []
        var units: [String: Set<Role>] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT role, unit FROM role WHERE account = ?"), arguments: [account])
        while let row = try rows.next() {
            guard let role = Role(rawValue: row[0]) else { continue }
            if let unit: String = row[1], !unit.isEmpty { units[unit, default: []].insert(role) } else { roles.insert(role) }
        }
        let defined = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM unit)").firstValue([]) ?? false
        return Actor(account: account, roles: roles, units: units, unitsDefined: defined)
    }

    public func grants() throws(StoreError) -> [Grant] {
        try read { db in try Self.grants(db) }
    }

    static func grants(_ db: Database) throws -> [Grant] {
        try Row.fetchAll(db, sql: "SELECT account, role, unit FROM role ORDER BY account, unit, role").compactMap { row in
            Role(rawValue: row[1]).map { Grant(account: row[0], role: $0, unit: (row[2] as String?).flatMap { $0.isEmpty ? nil : $0 }) }
        }
    }

    public func recordGrant(_ grant: Grant, granted: Bool, by admin: String,
                            _ decide: @Sendable (Actor, [Grant]) throws(StoreError) -> Void) throws(StoreError) {
        try write { db in
            try decide(try Self.actor(db, admin), try Self.grants(db))
            let unit = grant.unit ?? ""
            if granted {
                try db.execute(sql: "INSERT OR IGNORE INTO role (account, role, unit, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [grant.account, grant.role.rawValue, unit, admin, Clock.timestamp()])
            } else {
                try db.execute(sql: "DELETE FROM role WHERE account = ? AND role = ? AND unit = ?",
                               arguments: [grant.account, grant.role.rawValue, unit])
            }
            try Self.audit(db, account: admin, action: granted ? "role.grant" : "role.revoke", analysis: nil,
                           detail: "\(grant.role.rawValue) \(grant.account)" + (grant.unit.map { " unit \($0)" } ?? ""))
        }
    }

    public func units() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM unit ORDER BY name") }
    }

    public func recordUnit(_ name: String, renaming old: String?, by admin: String) throws(StoreError) {
        try write { db in
            if let old {
                try db.execute(sql: "UPDATE unit SET name = ? WHERE name = ?", arguments: [name, old])
                try db.execute(sql: "UPDATE role SET unit = ? WHERE unit = ?", arguments: [name, old])
                let moved = try self.moveUnit(db, from: old, to: name, by: admin)
                try Self.audit(db, account: admin, action: "unit.rename", analysis: nil, detail: "\(old) → \(name) \(moved)")
            } else {
                try db.execute(sql: "INSERT INTO unit (name, created_by, created_at) VALUES (?, ?, ?)",
                               arguments: [name, admin, Clock.timestamp()])
                try Self.audit(db, account: admin, action: "unit.add", analysis: nil, detail: name)
            }
        }
    }

    public func recordUnitMapping(_ text: String, to unit: String, by admin: String) throws(StoreError) -> Int {
        try write { db in
            let moved = try self.moveUnit(db, from: text, to: unit, by: admin)
            try Self.audit(db, account: admin, action: "unit.map", analysis: nil, detail: "\(text) → \(unit) \(moved)")
            return moved
        }
    }

    /// Files every analysis under `from` under `to`, decided ones too: the unit a figure is counted
    /// under is corrected, not what was decided (versions keep their answers). The trigger that
    /// freezes a decided analysis's unit lets a move through only while it is listed in `unit_move`.
    /// A draft's or returned analysis's unit answer names the new unit (Core's rule).
    private func moveUnit(_ db: Database, from: String, to: String, by admin: String) throws -> Int {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM analysis WHERE unit = ? ORDER BY id", arguments: [from])
        try db.execute(sql: "INSERT INTO unit_move (from_unit, to_unit) VALUES (?, ?)", arguments: [from, to])
        try db.execute(sql: "UPDATE analysis SET unit = ? WHERE unit = ?", arguments: [to, from])
        let moved = db.changesCount
        // The indicators count the analyses under their new unit too (before v22 they stayed under the old).
        try db.execute(sql: "UPDATE indicator_analysis SET unit = ? WHERE unit = ?", arguments: [to, from])
        try db.execute(sql: "DELETE FROM unit_move")
        let current = try db.cachedStatement(sql: "SELECT value FROM answer WHERE analysis_id = ? AND item_id = ?")
        for id in ids {
            let summary = try headerRecord(db, id).summary
            let answer = try String.fetchOne(current, arguments: [id, Checklist.unitItemID]).flatMap(AnswerValue.fromJSON)
            if let written = Casework.unitAnswer(after: answer, status: summary.status, filedUnder: to) {
                try store(db, summary: summary, item: Checklist.unitItemID, value: written, account: admin)
            }
            try Self.file(db, id, by: admin)
        }
        return moved
    }

    public func unlistedUnits() throws(StoreError) -> [(text: String, analyses: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT unit, COUNT(*) FROM analysis WHERE unit NOT IN (SELECT name FROM unit) GROUP BY unit ORDER BY unit
                """).map { ($0[0], $0[1]) }
        }
    }

    // MARK: - Lists

    /// A search's count stops sooner: each analysis counted is a walk through the full-text index,
    /// and with another filter (the queue's status) most of the walk is analyses that do not pass
    /// (measured at 100,000: counting to 1,000 took 45 ms, to 200 about 10).
    public static let searchCountLimit = 200

    public func countLimit(for filter: AnalysisFilter) -> Int { Self.countLimit(filter) }

    static func countLimit(_ filter: AnalysisFilter) -> Int {
        filter.search.map { $0.isEmpty } == false ? searchCountLimit : AnalysisFilter.countLimit
    }

    public func list(_ filter: AnalysisFilter) throws(StoreError) -> [AnalysisSummary] {
        try read { db in
            if let search = filter.search, let query = try SearchTerms.query(search, db) {
                var found: [String] = []
                try Self.eachMatch(db, filter, query) { id, index in
                    if index >= filter.offset { found.append(id) }
                    return filter.limit.map { found.count < $0 } ?? true
                }
                return try Self.summaries(db, found)
            }
            var (sql, arguments) = try Self.whereClause(filter, db)
            sql = "SELECT \(Self.summaryColumns) FROM analysis\(sql)\(Self.orderClause(filter))"
            if let limit = filter.limit {
                sql += " LIMIT ? OFFSET ?"
                _ = arguments.append(contentsOf: [limit, filter.offset])
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.summary)
        }
    }

    public func count(_ filter: AnalysisFilter) throws(StoreError) -> Int {
        try read { db in
            if let search = filter.search, let query = try SearchTerms.query(search, db) {
                var others = filter
                others.search = nil
                if try Self.whereClause(others, db).0.isEmpty {
                    // Only the words: count analyses from the index alone, without reading their rows.
                    return try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM (SELECT DISTINCT owner.analysis_id FROM answer_fts
                        JOIN answer_owner owner ON owner.answer = answer_fts.rowid WHERE answer_fts MATCH ?
                        LIMIT \(Self.countLimit(filter) + 1))
                        """, arguments: [query]) ?? 0
                }
                var count = 0
                try Self.eachMatch(db, filter, query) { _, index in
                    count = index + 1
                    return count <= Self.countLimit(filter)
                }
                return count
            }
            let (sql, arguments) = try Self.whereClause(filter, db)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM analysis\(sql) LIMIT \(AnalysisFilter.countLimit + 1))",
                                    arguments: arguments) ?? 0
        }
    }

    public func page(_ filter: AnalysisFilter) throws(StoreError) -> (rows: [AnalysisSummary], total: Int) {
        var all = filter
        all.limit = nil
        all.offset = 0
        all.after = nil
        let query = try filter.search.map { search throws(StoreError) in try read { db in try SearchTerms.query(search, db) } }
        guard let query = query ?? nil else {
            return (try list(filter), try count(all))
        }
        // A search's page and count in one walk of the index, not two.
        return try read { db in
            var rows: [String] = []
            var total = 0
            let end = filter.limit.map { filter.offset + $0 } ?? .max
            try Self.eachMatch(db, filter, query) { id, index in
                total = index + 1
                if index >= filter.offset && index < end { rows.append(id) }
                return total <= max(Self.countLimit(filter), end)
            }
            return (try Self.summaries(db, rows), total)
        }
    }

    /// Analyses whose answers match a search, most recently written first, each once, passing the
    /// other filters. The index is walked in its own order and left as soon as `body` says enough,
    /// so a first page costs the same in a small store and a large one.
    static func eachMatch(_ db: Database, _ filter: AnalysisFilter, _ query: String,
                          _ body: (String, Int) throws -> Bool) throws {
        var others = filter
        others.search = nil
        let (clause, arguments) = try whereClause(others, db)
        let (join, extra) = clause.isEmpty ? ("", "")
            : (" JOIN analysis ON analysis.id = owner.analysis_id", " AND " + clause.dropFirst(" WHERE ".count))
        // Each match's analysis id only (from the narrow owner table), each analysis once; its
        // whole row is read only for the page.
        let cursor = try String.fetchCursor(db, sql: """
            SELECT owner.analysis_id FROM answer_fts JOIN answer_owner owner ON owner.answer = answer_fts.rowid\(join)
            WHERE answer_fts MATCH ?\(extra)
            ORDER BY answer_fts.rowid DESC
            """, arguments: [query] + arguments)
        var seen: Set<String> = []
        while let id = try cursor.next() {
            guard seen.insert(id).inserted else { continue }
            if try !body(id, seen.count - 1) { return }
        }
    }

    /// The summaries of analyses by id, in the order given.
    static func summaries(_ db: Database, _ ids: [String]) throws -> [AnalysisSummary] {
        let statement = try db.cachedStatement(sql: "SELECT \(summaryColumns) FROM analysis WHERE id = ?")
        return try ids.compactMap { id in try Row.fetchOne(statement, arguments: [id]).map(summary) }
    }

    static func whereClause(_ filter: AnalysisFilter, _ db: Database) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            clauses.append(clause)
            _ = arguments.append(contentsOf: [value])
        }
        add("status = ?", filter.status?.rawValue)
        add("author = ?", filter.author)
        add("unit = ?", filter.unit)
        add("checklist_id = ?", filter.checklist)
        add("case_ref = ?", filter.caseRef)
        add("created_at >= ?", filter.since)
        // Timestamps are YYYY-MM-DDThh:mm:ss.sssZ: every one of that day sorts before "YYYY-MM-DDU".
        add("created_at < ?", filter.until.map { $0 + "U" })
        if let scope = filter.scope {
            clauses.append("(analysis.author = ? OR analysis.unit IN (SELECT value FROM json_each(?)) \(Self.openClause))")
            _ = arguments.append(contentsOf: [scope.account, CanonicalJSON.encode(scope.units, fallback: "[]")])
        }
        if let after = filter.after, filter.search == nil {
            let comparison = filter.order == .oldestFirst ? ">" : "<"
            clauses.append("(analysis.updated_at \(comparison) ? OR (analysis.updated_at = ? AND analysis.id \(comparison) ?))")
            _ = arguments.append(contentsOf: [after.updatedAt, after.updatedAt, after.id])
        }
        if let search = filter.search, let query = try SearchTerms.query(search, db) {
            add("analysis.id IN (SELECT owner.analysis_id FROM answer_fts JOIN answer_owner owner ON owner.answer = answer_fts.rowid WHERE answer_fts MATCH ?)", query)
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func orderClause(_ filter: AnalysisFilter) -> String {
        filter.order == .oldestFirst ? " ORDER BY updated_at ASC, id ASC" : " ORDER BY updated_at DESC, id DESC"
    }

    // MARK: - Follow-up

    /// The analysis column the store keeps a watched date's open due date in.
    static func column(_ watched: WatchedDate) -> String {
        switch watched.kind {
        case .feedbackOverdue: "feedback_due"
        case .followUpOverdue: "follow_up_due"
        case .reportNotMade: "report_due"
        case .hardStop, .override, .measureOverdue: "hard_stop"
        }
    }

    /// Sets an analysis's open due date: the due answer's date while the done answer is missing, else NULL.
    static func refreshDueSQL(_ watched: WatchedDate, onlyAnalysis: Bool) -> String {
        """
        UPDATE analysis SET \(column(watched)) = (
            SELECT json_extract(due.value, '$') FROM answer due
            WHERE due.analysis_id = analysis.id AND due.item_id = ?1
              AND NOT EXISTS (SELECT 1 FROM answer done WHERE done.analysis_id = analysis.id AND done.item_id = ?2))
        \(onlyAnalysis ? "WHERE id = ?3" : "")
        """
    }

    /// What a supervisor follows up: dates passed before `today` (YYYY-MM-DD) on analyses that have
    /// been submitted at least once, refused hard stops, and overrides; at most `limit` of each kind.
    /// Analyses everyone reads whatever their units (`VisibilityScope.open`: group analyses).
    static let openClause = "OR analysis.checklist_id IN (" + VisibilityScope.open.map { "'\($0)'" }.joined(separator: ",") + ")"

    public func followUps(today: String, unit: String?, scope: VisibilityScope?, limit: Int) throws(StoreError) -> [FollowUpEntry] {
        try read { db in
            var entries: [FollowUpEntry] = []
            var unitClause = unit == nil ? "" : " AND analysis.unit = ?"
            var bound: [any DatabaseValueConvertible] = unit.map { [$0] } ?? []
            if let scope {
                unitClause += " AND (analysis.author = ? OR analysis.unit IN (SELECT value FROM json_each(?)) \(Self.openClause))"
                bound += [scope.account, CanonicalJSON.encode(scope.units, fallback: "[]")]
            }
            func arguments(_ first: [any DatabaseValueConvertible]) -> StatementArguments {
                StatementArguments(first + bound + [limit])
            }
            for watched in WatchedDate.all {
                let column = Self.column(watched)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(Self.summaryColumns), \(column) FROM analysis
                    WHERE \(column) IS NOT NULL AND \(column) < ? AND versions > 0\(unitClause)
                    ORDER BY \(column), id LIMIT ?
                    """, arguments: arguments([today]))
                entries += rows.map { FollowUpEntry(kind: watched.kind, summary: Self.summary($0), date: $0[column]) }
            }
            // The earliest date a compensatory measure is due by, read from the answers of each
            // analysis through its primary key (none is kept: nothing to fall out of step).
            let measures = try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT \(Self.summaryColumns), (
                        SELECT min(json_extract(entry.value, '$.\(WatchedMeasures.dueField)'))
                        FROM answer measure, json_each(measure.value) AS entry
                        WHERE measure.analysis_id = analysis.id AND measure.item_id = '\(WatchedMeasures.group)'
                          AND entry.type = 'object') AS measure_due
                    FROM analysis
                    WHERE versions > 0\(unitClause)
                      AND NOT EXISTS (SELECT 1 FROM answer done WHERE done.analysis_id = analysis.id
                                      AND done.item_id = '\(WatchedMeasures.doneItem)')
                      AND NOT EXISTS (SELECT 1 FROM note WHERE note.analysis_id = analysis.id
                                      AND note.kind = '\(WatchedMeasures.doneNote.rawValue)'))
                WHERE measure_due IS NOT NULL AND measure_due < ? ORDER BY measure_due, id LIMIT ?
                """, arguments: StatementArguments(bound + [today, limit]))
            entries += measures.map { FollowUpEntry(kind: .measureOverdue, summary: Self.summary($0), date: $0["measure_due"]) }
            let stopped = try Row.fetchAll(db, sql: """
                SELECT \(Self.summaryColumns), hard_stop FROM analysis WHERE hard_stop IS NOT NULL\(unitClause) ORDER BY updated_at, id LIMIT ?
                """, arguments: arguments([]))
            entries += stopped.map {
                FollowUpEntry(kind: .hardStop, summary: Self.summary($0), date: String(($0["updated_at"] as String).prefix(10)),
                              rule: $0["hard_stop"])
            }
            let overridden = try Row.fetchAll(db, sql: """
                SELECT \(Self.summaryColumns), review.rule AS override_rule, review.reviewer AS override_by, review.at AS override_at
                FROM review JOIN analysis ON analysis.id = review.analysis_id
                WHERE review.decision = 'override'\(unitClause)
                ORDER BY review.at DESC LIMIT ?
                """, arguments: arguments([]))
            entries += overridden.map {
                FollowUpEntry(kind: .override, summary: Self.summary($0), date: String(($0["override_at"] as String).prefix(10)),
                              rule: $0["override_rule"], by: $0["override_by"])
            }
            return entries
        }
    }

    // MARK: - Audit

    public func auditEvents(for id: String?) throws(StoreError) -> [AuditEvent] {
        try read { db in
            let rows = try id.map {
                try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE analysis_id = ? ORDER BY id", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
            return rows.map { AuditEvent(at: $0["at"], account: $0["account"], action: $0["action"],
                                         analysisID: $0["analysis_id"], detail: $0["detail"]) }
        }
    }

    /// One row onto the audit chain, with a keyed digest of what the event wrote, if it wrote content.
    static func audit(_ db: Database, account: String, action: String, analysis: String?, detail: String?,
                      content: AuditChain.Content? = nil) throws {
        try AuditChain.append(db, account: account, action: action, analysis: analysis, detail: detail, content: content)
    }

    // MARK: - Inside transactions

    private func headerRecord(_ db: Database, _ id: String) throws -> AnalysisHeader {
        let (summary, checklist, _) = try headerAndPosition(db, id)
        return AnalysisHeader(summary: summary, checklist: checklist)
    }

    private static let headerSQL = "SELECT \(summaryColumns), definition_hash, position FROM analysis WHERE id = ?"

    private func headerAndPosition(_ db: Database, _ id: String) throws -> (AnalysisSummary, Checklist, String?) {
        // Read in place (every save reads it): a fetched row is a copy of every column.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.headerSQL), arguments: [id])
        guard let row = try rows.next() else { throw StoreError.notFound(id) }
        let (summary, hash, position): (AnalysisSummary, String, String?) = (Self.summary(row), row[10], row[11])
        return (summary, try definition(db, hash: hash, id: id), position)
    }

    private func load(_ db: Database, _ id: String, history: Bool = true) throws -> Analysis {
        let (summary, checklist, position) = try headerAndPosition(db, id)
        var answers: Answers = [:]
        // Each row read by position as the bytes SQLite holds, the value read where it lies: a
        // row with named columns, and then a string per value, were most of an export's reading.
        let statement = try db.cachedStatement(sql: "SELECT item_id, value FROM answer WHERE analysis_id = ?")
        let rows = try Row.fetchCursor(statement, arguments: [id])
        while try rows.next() != nil {
            let row = Columns(statement.sqliteStatement)
            if let item = row.bytes(0), let json = row.bytes(1), let value = AnswerValue.fromJSON(utf8: json) {
                answers[String(decoding: item, as: UTF8.self)] = value
            }
        }
        guard history else {
            return Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [], position: position)
        }
        let versions = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM version WHERE analysis_id = ? ORDER BY number"), arguments: [id]).map { row in
            let answers = AnswerValue.answersFromJSON(row["answers"]) ?? [:]
            return FrozenVersion(analysisID: id, number: row["number"], status: AnalysisStatus(rawValue: row["status"]) ?? .submitted,
                                 answers: answers, contentHash: row["content_hash"], createdBy: row["created_by"],
                                 createdAt: row["created_at"])
        }
        let reviews = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM review WHERE analysis_id = ? ORDER BY id"), arguments: [id]).map { row in
            return Review(analysisID: id, version: row["version"], reviewer: row["reviewer"],
                          decision: ReviewDecision(rawValue: row["decision"]) ?? .return, comment: row["comment"],
                          itemComments: Review.itemComments(fromJSON: row["item_comments"]),
                          rule: row["rule"], ground: (row["ground"] as String?).flatMap(OverrideGround.init(rawValue:)), at: row["at"])
        }
        var analysis = Analysis(summary: summary, checklist: checklist, answers: answers, versions: versions, reviews: reviews,
                                position: position)
        analysis.transfers = try Self.transfers(db, id)
        if summary.versions > 0 {
            analysis.notes = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM note WHERE analysis_id = ? ORDER BY id"),
                                              arguments: [id]).map { row in
                AnalysisNote(analysisID: id, kind: NoteKind(rawValue: row["kind"]) ?? .feedback, date: row["date"],
                             outcome: (row["outcome"] as String?).flatMap(DecisionOutcome.init(rawValue:)), text: row["text"],
                             writtenBy: row["written_by"], writtenAt: row["written_at"])
            }
        }
        return analysis
    }

    /// Writes one answer Core has checked. The store's own precondition: the analysis is still editable.
    private func store(_ db: Database, summary: AnalysisSummary, item: String, value clean: AnswerValue?,
                       account: String) throws {
        guard summary.status.isEditable else { throw StoreError.notEditable(id: summary.id, status: summary.status) }
        let now = Clock.timestamp()
        let json = clean?.canonicalJSON()
        if let clean {
            let old: String? = try db.cachedStatement(sql: "SELECT search_text FROM answer WHERE analysis_id = ? AND item_id = ?")
                .firstValue([summary.id, item])
            try SearchTerms.record(clean.searchableText, replacing: old, db)
            try db.cachedStatement(sql: """
                INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (analysis_id, item_id) DO UPDATE
                SET value = excluded.value, search_text = excluded.search_text, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """).execute(arguments: [summary.id, item, json, clean.searchableText, now, account])
        } else {
            try db.cachedStatement(sql: "DELETE FROM answer WHERE analysis_id = ? AND item_id = ?").execute(arguments: [summary.id, item])
        }
        // Lists show when an analysis was last worked on, to the minute: while typing, the
        // analysis row (and its indexes) is rewritten once a minute, not on every save.
        if summary.updatedAt < Clock.timestamp(secondsAgo: 60) {
            try db.cachedStatement(sql: "UPDATE analysis SET updated_at = ? WHERE id = ?").execute(arguments: [now, summary.id])
        }
        for watched in WatchedDate.all where watched.dueItem == item || watched.doneItem == item {
            try db.cachedStatement(sql: Self.refreshDueSQL(watched, onlyAnalysis: true)).execute(arguments: [watched.dueItem, watched.doneItem, summary.id])
        }
        try Self.audit(db, account: account, action: "answer.save", analysis: summary.id, detail: item,
                       content: .answer(item: item, json: json))
    }

    private func move(_ db: Database, _ id: String, from: AnalysisStatus, to: AnalysisStatus, account: String,
                      detail: String?, content: AuditChain.Content? = nil, extra: String = "") throws {
        guard AnalysisStatus.allowedTransitions.contains(.init(from: from, to: to)) else {
            throw StoreError.forbiddenTransition(id: id, from: from, to: to)
        }
        try db.execute(sql: "UPDATE analysis SET status = ?, updated_at = ?\(extra) WHERE id = ?",
                       arguments: [to.rawValue, Clock.timestamp(), id])
        try Self.audit(db, account: account, action: "analysis.\(to.rawValue)", analysis: id, detail: detail, content: content)
        try IndicatorCounts.refresh(db, analysis: id)
    }

    /// The checklist an analysis was made with. Its source (tens of kilobytes) is read and parsed
    /// once per process and hash, not on every read and save.
    private func definition(_ db: Database, hash: String, id: String) throws -> Checklist {
        if let cached = definitions.withLock({ $0[hash] }) { return cached }
        let source = try String.fetchOne(db, sql: "SELECT source FROM checklist_definition WHERE hash = ?", arguments: [hash]) ?? ""
        do {
            let checklist = try ChecklistLoader.load(yaml: source, file: "definition of \(id)")
            definitions.withLock { $0[hash] = checklist }
            return checklist
        } catch {
            throw StoreError.unreadableDefinition(store: path, id: id, error.problems.first?.words ?? Localized(sv: ""))
        }
    }

    /// The columns `summary` reads, first in every query it reads, in its order: read by position,
    /// not looked up by name in every row (a save reads one; measured, a quarter of its own time).
    static let summaryColumns = """
        analysis.id, analysis.checklist_id, analysis.checklist_version, analysis.case_ref, analysis.unit, \
        analysis.author, analysis.status, analysis.versions, analysis.created_at, analysis.updated_at
        """

    static func summary(_ row: Row) -> AnalysisSummary {
        AnalysisSummary(id: row[0], checklistID: row[1], checklistVersion: row[2], caseRef: row[3], unit: row[4], author: row[5],
                        status: AnalysisStatus(rawValue: row[6]) ?? .draft, versions: row[7], createdAt: row[8], updatedAt: row[9])
    }

    // MARK: - Changes

    public func changeToken() throws(StoreError) -> ChangeToken {
        do {
            let (writer, version) = try connections.dataVersion()
            return ChangeToken(writer ? 1 : 0, version)
        } catch {
            throw Self.map(error, path: path)
        }
    }

    // MARK: - Helpers

    /// The writer, opened on the first write (tests change rows through it).
    var pool: DatabasePool {
        get throws { try connections.pool() }
    }

    /// Opens the writer now, before work that reads in parallel and then writes.
    func openWriter() throws(StoreError) {
        do { _ = try connections.pool() } catch { throw Self.map(error, path: path) }
    }

    func write<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            let durable = self.durable
            let (result, head) = try connections.pool().write { db in (try body(db), durable ? try Anchoring.due(db) : nil) }
            // Sent once committed. Best effort: without a log the write stands, and the next write tries again.
            if let head { _ = SystemLog.send(head.logLine, to: systemLog) }
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    func read<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try connections.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// A read straight through GRDB, for the benchmark's baseline beside our own layers.
    public func rawRead<T>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try connections.read(body)
    }

    /// A write straight through GRDB, for the benchmark (a unit's kept tally marked changed).
    public func rawWrite<T>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try connections.pool().write(body)
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else {
            return .io(store: path, raw: "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(store: path)
        case .SQLITE_FULL: return .full(store: path)
        case .SQLITE_READONLY, .SQLITE_PERM: return .readOnly(store: path)
        case .SQLITE_NOTADB: return SQLiteFileProblem.notOurs(path: path, why: .notSQLite)
        case .SQLITE_IOERR: return .diskError(store: path)
        case .SQLITE_CORRUPT: return .io(store: path, sv: "lagret är skadat; återställ det från en säkerhetskopia",
                                          en: "the store is damaged; restore it from a backup")
        case .SQLITE_CANTOPEN: return .io(store: path, sv: "kan inte öppna lagret; kontrollera sökvägen och behörigheterna",
                                          en: "cannot open the store; check the path and its permissions")
        case .SQLITE_CONSTRAINT:
            return .notAllowed(sv: "lagret nekade: \(error.message ?? "en regel i lagret")", en: "refused by the store: \(error.message ?? "a rule of the store")")
        default: return .io(store: path, raw: error.message ?? "SQLite \(error.resultCode.rawValue)")
        }
    }

}

/// Timestamps as stored: UTC, ISO 8601 with milliseconds, so they sort as text.
enum Clock {
    /// Set only by generators of synthetic stores (the benchmark spreads its analyses over years).
    static let pinned = Mutex<Double?>(nil)

    static func timestamp(secondsAgo: Int = 0) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if let seconds = pinned.withLock({ $0 }) {
            now.tv_sec = Int(seconds)
            now.tv_nsec = Int((seconds - seconds.rounded(.down)) * 1_000_000_000)
        }
        return format(seconds: now.tv_sec - secondsAgo, milliseconds: now.tv_nsec / 1_000_000)
    }

    /// `YYYY-MM-DDThh:mm:ss.sssZ`, UTC.
    static func format(seconds: Int, milliseconds: Int) -> String {
        var time = tm()
        var seconds = seconds
        gmtime_r(&seconds, &time)
        // Digit by digit: String(format:) was a quarter of a save's own time (three stamps a save).
        var text: [UInt8] = Array("0000-00-00T00:00:00.000Z".utf8)
        func put(_ value: Int, at end: Int) {
            var value = value
            var index = end
            while value > 0, index >= 0 {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                index -= 1
            }
        }
        put(min(Int(time.tm_year) + 1900, 9999), at: 3)
        put(Int(time.tm_mon) + 1, at: 6)
        put(Int(time.tm_mday), at: 9)
        put(Int(time.tm_hour), at: 12)
        put(Int(time.tm_min), at: 15)
        put(Int(time.tm_sec), at: 18)
        put(milliseconds, at: 22)
        return String(decoding: text, as: UTF8.self)
    }
}

extension SQLiteStore {
    /// Makes every timestamp this process writes `secondsSince1970` (nil: the real clock again).
    /// For generating synthetic stores only; records made by people always carry the real time.
    public static func pinClock(_ secondsSince1970: Double?) {
        Clock.pinned.withLock { $0 = secondsSince1970 }
    }
}

extension Statement {
    /// The first column of the first row, read in place: `Value.fetchOne` went through GRDB's
    /// generic cursors, twice the time on the small reads every save makes.
    func firstValue<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ arguments: StatementArguments) throws -> Value? {
        let rows = try Row.fetchCursor(self, arguments: arguments)
        return try rows.next().flatMap { $0[0] }
    }
}
