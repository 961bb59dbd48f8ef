import BarnkollCore
import Crypto
import Foundation
import GRDB
import Synchronization

/// The record store: one SQLite file (WAL) owned by this type, with its migrations in `Schema`.
public final class SQLiteStore: RecordStore, Sendable {
    public let path: String
    public let kind: StoreKind
    let pool: DatabasePool
    /// Parsed definitions by hash: parsing YAML on every read would dominate reads.
    private let definitions = Mutex<[String: Checklist]>([:])

    /// Opens (or creates) the store at `path`, checking that it is ours, not newer than us, and of `kind`.
    /// A file that fails a check is left untouched.
    public static func open(path: String, kind: StoreKind, account: String = Account.current) throws(StoreError) -> SQLiteStore {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .io(path: directory, message: "cannot create the store folder (\(error.localizedDescription))")
            }
        }
        let files = StoreFiles(path: path)
        try files.checkBeforeOpening(account: Account.current)
        // One process at a time opens and migrates: a brand-new file raced by several processes
        // otherwise fails with "database is locked" or "table already exists".
        let lock = try FileLock(path: files.lockPath, mode: files.mode)
        defer { lock.unlock() }

        let isNew = try checkHeader(path: path, mode: files.mode)
        if !isNew { try inspect(path: path, kind: kind) }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.publicStatementArguments = false
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw map(error, path: path)
        }
        let store = SQLiteStore(path: path, kind: kind, pool: pool)
        do {
            try Schema.migrator.migrate(pool)
            try pool.writeWithoutTransaction { db in
                // GRDB sets NORMAL when it enables WAL: FULL makes every acknowledged save survive power loss.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try pool.write { db in
                let stored = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'kind'")
                if let stored {
                    guard let actual = StoreKind(rawValue: stored) else {
                        throw StoreError.notOurs(path: path, why: "unknown store kind '\(stored)'")
                    }
                    if actual != kind { throw StoreError.wrongKind(path: path, expected: kind, actual: actual) }
                } else {
                    let now = Clock.timestamp()
                    try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('kind', ?), ('created_at', ?), ('created_by', ?)",
                                   arguments: [kind.rawValue, now, account])
                    try audit(db, account: account, action: "store.create", analysis: nil, detail: kind.rawValue)
                    try db.execute(sql: "INSERT OR IGNORE INTO role (account, role, granted_by, granted_at) VALUES (?, 'admin', ?, ?)",
                                   arguments: [account, account, now])
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: path)
        }
        return store
    }

    private init(path: String, kind: StoreKind, pool: DatabasePool) {
        self.path = path
        self.kind = kind
        self.pool = pool
    }

    /// Checks an existing store through a read-only connection, which cannot change a byte of it:
    /// a store from a newer barnkoll, or of the other kind, is refused before anything writes.
    private static func inspect(path: String, kind: StoreKind) throws(StoreError) {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            try queue.read { db in
                if try Schema.migrator.hasBeenSuperseded(db) { throw StoreError.newerStore(path: path) }
                guard try db.tableExists("store_meta"),
                      let stored = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'kind'")
                else { return }
                guard let actual = StoreKind(rawValue: stored) else {
                    throw StoreError.notOurs(path: path, why: "unknown store kind '\(stored)'")
                }
                if actual != kind { throw StoreError.wrongKind(path: path, expected: kind, actual: actual) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: path)
        }
    }

    /// Why a file's first 100 bytes are not the header of a store of ours, or nil when they are.
    static func headerProblem(_ header: Data) -> String? {
        guard header.count == 100 else { return "the file is too short: truncated or not a database" }
        guard header.prefix(16) == Data("SQLite format 3\0".utf8) else { return "it is not a SQLite database" }
        let id = header[header.startIndex + 68..<header.startIndex + 72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard Int32(bitPattern: id) == Schema.applicationID else { return "it is a SQLite database of another program" }
        return nil
    }

    /// Refuses a file that is not a SQLite database of ours; creates a new one with `mode` and our id.
    /// Returns whether the store is new.
    private static func checkHeader(path: String, mode: mode_t) throws(StoreError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 && info.st_size > 0 {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw .io(path: path, message: "cannot read the store file; check its permissions")
            }
            let header = handle.readData(ofLength: 100)
            try? handle.close()
            if let problem = headerProblem(header) { throw .notOurs(path: path, why: problem) }
            return false
        }
        // New: create the file ourselves and stamp it as ours before WAL is turned on, so the id is
        // in the main file's header from the start. An empty file holds nothing yet, so one of ours
        // gets the mode a new store gets.
        var fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 && errno == EEXIST { fd = Glibc.open(path, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw .io(path: path, message: "cannot create the store file (\(String(cString: strerror(errno))))") }
        var created = stat()
        if fstat(fd, &created) == 0 && created.st_uid == geteuid() {
            fchmod(fd, mode)
        } else if created.st_mode & 0o007 != 0 {
            close(fd)
            throw .openToOthers(path: path, mode: Int(created.st_mode & 0o7777))
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

    public func create(checklist: Checklist, caseRef: String, unit: String, author: String,
                       answers: Answers = [:]) throws(StoreError) -> AnalysisSummary {
        let caseRef = TextHygiene.sanitize(caseRef, multiline: false).trimmingCharacters(in: .whitespaces)
        let unit = TextHygiene.sanitize(unit, multiline: false).trimmingCharacters(in: .whitespaces)
        guard Personnummer.find(in: caseRef).isEmpty else {
            throw .notAllowed("the case reference looks like a personnummer; use the pseudonymous case reference instead")
        }
        return try write { db in
            let hash = Self.sha256(checklist.source)
            try db.execute(sql: "INSERT OR IGNORE INTO checklist_definition (hash, checklist_id, version, source) VALUES (?, ?, ?, ?)",
                           arguments: [hash, checklist.id, checklist.version, checklist.source])
            let now = Clock.timestamp()
            let year = Int(now.prefix(4)) ?? 0
            let number = try Int.fetchOne(db, sql: "SELECT next FROM id_sequence WHERE prefix = ? AND year = ?",
                                          arguments: [checklist.idPrefix, year]) ?? 1
            try db.execute(sql: """
                INSERT INTO id_sequence (prefix, year, next) VALUES (?, ?, ?)
                ON CONFLICT (prefix, year) DO UPDATE SET next = excluded.next
                """, arguments: [checklist.idPrefix, year, number + 1])
            let id = "\(checklist.idPrefix)-\(year)-\(Self.padded(number))"
            try db.execute(sql: """
                INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author,
                                      status, versions, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?, ?)
                """, arguments: [id, checklist.id, checklist.version, hash, caseRef, unit, author, now, now])
            try Self.audit(db, account: author, action: "analysis.create", analysis: id, detail: checklist.id)
            let summary = AnalysisSummary(id: id, checklistID: checklist.id, checklistVersion: checklist.version,
                                          caseRef: caseRef, unit: unit, author: author, status: .draft, versions: 0,
                                          createdAt: now, updatedAt: now)
            for key in answers.keys.sorted() {
                try self.store(db, summary: summary, checklist: checklist, item: key, value: answers[key], account: author)
            }
            return summary
        }
    }

    public func analysis(_ id: String, readBy account: String) throws(StoreError) -> Analysis {
        try write { db in
            let analysis = try self.load(db, id)
            try Self.audit(db, account: account, action: "analysis.read", analysis: id, detail: nil)
            return analysis
        }
    }

    public func save(_ id: String, item: String, value: AnswerValue?, by account: String) throws(StoreError) {
        try write { db in
            let (summary, checklist) = try self.header(db, id)
            try self.store(db, summary: summary, checklist: checklist, item: item, value: value, account: account)
        }
    }

    public func saveAll(_ id: String, answers: Answers, by account: String) throws(StoreError) {
        try write { db in
            let (summary, checklist) = try self.header(db, id)
            for key in answers.keys.sorted() {
                try self.store(db, summary: summary, checklist: checklist, item: key, value: answers[key], account: account)
            }
        }
    }

    public func setPosition(_ id: String, item: String, by account: String) throws(StoreError) {
        try write { db in
            _ = try self.header(db, id)
            try db.execute(sql: "UPDATE analysis SET position = ? WHERE id = ?", arguments: [item, id])
        }
    }

    public func submit(_ id: String, by account: String) throws(StoreError) -> AnalysisStatus {
        try write { db in
            let analysis = try self.load(db, id)
            let summary = analysis.summary
            guard summary.author == account else {
                throw StoreError.notAllowed("only the author (\(summary.author)) can submit \(id)")
            }
            guard summary.status.isEditable else { throw StoreError.notEditable(id: id, status: summary.status) }
            let evaluation = analysis.evaluate()
            guard evaluation.canSubmit else {
                throw StoreError.incomplete(id: id, missing: evaluation.missing, hardStops: evaluation.blockingHardStops)
            }
            let status: AnalysisStatus = evaluation.closesAsNotApplicable ? .closed : .submitted
            let number = summary.versions + 1
            let json = CanonicalJSON.encode(analysis.answers, fallback: "{}")
            let definitionHash = try String.fetchOne(db, sql: "SELECT definition_hash FROM analysis WHERE id = ?", arguments: [id]) ?? ""
            let now = Clock.timestamp()
            try db.execute(sql: """
                INSERT INTO version (analysis_id, number, status, answers, definition_hash, content_hash, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, number, status.rawValue, json, definitionHash,
                                 Self.contentHash(definitionHash: definitionHash, answersJSON: json), account, now])
            try self.move(db, id, from: summary.status, to: status, account: account, detail: "v\(number)",
                          extra: ", versions = \(number)")
            return status
        }
    }

    public func approve(_ id: String, by account: String, comment: String?) throws(StoreError) {
        try review(id, by: account, decision: .approve, comment: comment, itemComments: [:], rule: nil)
    }

    public func `return`(_ id: String, by account: String, comment: String, itemComments: [String: String]) throws(StoreError) {
        guard !comment.allSatisfy(\.isWhitespace) else {
            throw .notAllowed("returning needs a comment that says what is missing")
        }
        try review(id, by: account, decision: .return, comment: comment, itemComments: itemComments, rule: nil)
    }

    public func override(_ id: String, rule: String, by account: String, reason: String) throws(StoreError) {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw .notAllowed("overriding a hard stop needs a written reason")
        }
        try review(id, by: account, decision: .override, comment: reason, itemComments: [:], rule: rule)
    }

    public func revise(_ id: String, by account: String) throws(StoreError) {
        try write { db in
            let (summary, _) = try self.header(db, id)
            guard summary.author == account else {
                throw StoreError.notAllowed("only the author (\(summary.author)) can start a new version of \(id)")
            }
            try self.move(db, id, from: summary.status, to: .draft, account: account, detail: "v\(summary.versions + 1)")
        }
    }

    private func review(_ id: String, by account: String, decision: ReviewDecision, comment: String?,
                        itemComments: [String: String], rule: String?) throws(StoreError) {
        try write { db in
            let (summary, checklist) = try self.header(db, id)
            guard try Self.has(db, account, .supervisor) else {
                throw StoreError.notAllowed("only a supervisor can review; \(account) is not one (an admin grants it: barnkoll admin grant supervisor \(account))")
            }
            guard summary.author != account else {
                throw StoreError.notAllowed("nobody reviews their own analysis: \(id) was written by \(account)")
            }
            for item in itemComments.keys where checklist.item(item) == nil {
                throw StoreError.notAllowed("checklist \(checklist.id) has no item '\(TextHygiene.forOutput(item, multiline: false))'")
            }
            let cleanComment = comment.map { TextHygiene.sanitize($0) }
            let cleanItems = itemComments.mapValues { TextHygiene.sanitize($0) }
            let itemJSON = CanonicalJSON.encode(cleanItems, fallback: "{}")
            switch decision {
            case .approve, .return:
                try self.move(db, id, from: summary.status, to: decision == .approve ? .approved : .returned,
                              account: account, detail: "v\(summary.versions)")
            case .override:
                guard let rule, checklist.rules.contains(where: { $0.id == rule && $0.kind == .hardStop }) else {
                    throw StoreError.notAllowed("checklist \(checklist.id) has no hard stop '\(TextHygiene.forOutput(rule ?? "", multiline: false))'")
                }
                guard summary.status.isEditable || summary.status == .submitted else {
                    throw StoreError.notEditable(id: id, status: summary.status)
                }
                try Self.audit(db, account: account, action: "analysis.override", analysis: id, detail: rule)
            }
            try db.execute(sql: """
                INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, summary.versions, account, decision.rawValue, cleanComment, itemJSON, rule, Clock.timestamp()])
        }
    }

    // MARK: - Roles

    public func roles() throws(StoreError) -> [(account: String, role: Role)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT account, role FROM role ORDER BY account, role").compactMap { row in
                Role(rawValue: row["role"]).map { (row["account"], $0) }
            }
        }
    }

    public func hasRole(_ account: String, _ role: Role) throws(StoreError) -> Bool {
        try read { db in try Self.has(db, account, role) }
    }

    /// Grants (or with `granted: false` revokes) a role. Only an admin may; every change is audited.
    public func setRole(_ role: Role, for account: String, granted: Bool, by admin: String) throws(StoreError) {
        try write { db in
            guard try Self.has(db, admin, .admin) else {
                throw StoreError.notAllowed("only an admin can change roles; \(admin) is not one")
            }
            if granted {
                try db.execute(sql: "INSERT OR IGNORE INTO role (account, role, granted_by, granted_at) VALUES (?, ?, ?, ?)",
                               arguments: [account, role.rawValue, admin, Clock.timestamp()])
            } else {
                if role == .admin, account == admin,
                   try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM role WHERE role = 'admin'") == 1 {
                    throw StoreError.notAllowed("\(admin) is the last admin; grant admin to someone else first")
                }
                try db.execute(sql: "DELETE FROM role WHERE account = ? AND role = ?", arguments: [account, role.rawValue])
            }
            try Self.audit(db, account: admin, action: granted ? "role.grant" : "role.revoke", analysis: nil,
                           detail: "\(role.rawValue) \(account)")
        }
    }

    static func has(_ db: Database, _ account: String, _ role: Role) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM role WHERE account = ? AND role = ?)",
                          arguments: [account, role.rawValue]) ?? false
    }

    // MARK: - Lists

    public func list(_ filter: AnalysisFilter) throws(StoreError) -> [AnalysisSummary] {
        try read { db in
            var (sql, arguments) = Self.whereClause(filter)
            sql = "SELECT * FROM analysis\(sql) ORDER BY updated_at DESC, id DESC"
            if let limit = filter.limit {
                sql += " LIMIT ? OFFSET ?"
                _ = arguments.append(contentsOf: [limit, filter.offset])
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.summary)
        }
    }

    public func count(_ filter: AnalysisFilter) throws(StoreError) -> Int {
        try read { db in
            let (sql, arguments) = Self.whereClause(filter)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis\(sql)", arguments: arguments) ?? 0
        }
    }

    static func whereClause(_ filter: AnalysisFilter) -> (String, StatementArguments) {
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
        add("created_at >= ?", filter.since)
        if let search = filter.search, let query = ftsQuery(search) {
            add("id IN (SELECT a.analysis_id FROM answer_fts JOIN answer a ON a.rowid = answer_fts.rowid WHERE answer_fts MATCH ?)", query)
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// Words a person typed, as an FTS5 query: every word must appear, as a word or a word's start.
    static func ftsQuery(_ text: String) -> String? {
        let words = TextHygiene.sanitize(text, multiline: false)
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { "\"\($0.lowercased())\"*" }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    // MARK: - Audit

    public struct AuditEvent: Sendable, Hashable {
        public var at: String
        public var account: String
        public var action: String
        public var analysisID: String?
        public var detail: String?
    }

    public func auditEvents(for id: String? = nil) throws(StoreError) -> [AuditEvent] {
        try read { db in
            let rows = try id.map {
                try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE analysis_id = ? ORDER BY id", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
            return rows.map { AuditEvent(at: $0["at"], account: $0["account"], action: $0["action"],
                                         analysisID: $0["analysis_id"], detail: $0["detail"]) }
        }
    }

    static func audit(_ db: Database, account: String, action: String, analysis: String?, detail: String?) throws {
        try db.execute(sql: "INSERT INTO audit (at, account, action, analysis_id, detail) VALUES (?, ?, ?, ?, ?)",
                       arguments: [Clock.timestamp(), account, action, analysis, detail])
    }

    // MARK: - Inside transactions

    private func header(_ db: Database, _ id: String) throws -> (AnalysisSummary, Checklist) {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT analysis.*, checklist_definition.source FROM analysis
            JOIN checklist_definition ON checklist_definition.hash = analysis.definition_hash
            WHERE analysis.id = ?
            """, arguments: [id]) else { throw StoreError.notFound(id) }
        return (Self.summary(row), try definition(hash: row["definition_hash"], source: row["source"], id: id))
    }

    private func load(_ db: Database, _ id: String) throws -> Analysis {
        let (summary, checklist) = try header(db, id)
        var answers: Answers = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_id, value FROM answer WHERE analysis_id = ?", arguments: [id]) {
            if let value = AnswerValue.fromJSON(row["value"]) { answers[row["item_id"]] = value }
        }
        let versions = try Row.fetchAll(db, sql: "SELECT * FROM version WHERE analysis_id = ? ORDER BY number", arguments: [id]).map { row in
            let json: String = row["answers"]
            let answers = (try? JSONDecoder().decode(Answers.self, from: Data(json.utf8))) ?? [:]
            return FrozenVersion(analysisID: id, number: row["number"], status: AnalysisStatus(rawValue: row["status"]) ?? .submitted,
                                 answers: answers, contentHash: row["content_hash"], createdBy: row["created_by"],
                                 createdAt: row["created_at"])
        }
        let reviews = try Row.fetchAll(db, sql: "SELECT * FROM review WHERE analysis_id = ? ORDER BY id", arguments: [id]).map { row in
            let json: String = row["item_comments"]
            return Review(analysisID: id, version: row["version"], reviewer: row["reviewer"],
                          decision: ReviewDecision(rawValue: row["decision"]) ?? .return, comment: row["comment"],
                          itemComments: (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:],
                          rule: row["rule"], at: row["at"])
        }
        let position: String? = try String.fetchOne(db, sql: "SELECT position FROM analysis WHERE id = ?", arguments: [id])
        return Analysis(summary: summary, checklist: checklist, answers: answers, versions: versions, reviews: reviews,
                        position: position)
    }

    private func store(_ db: Database, summary: AnalysisSummary, checklist: Checklist, item: String, value: AnswerValue?,
                       account: String) throws {
        guard summary.status.isEditable else { throw StoreError.notEditable(id: summary.id, status: summary.status) }
        guard let definition = checklist.item(item) else {
            throw StoreError.invalidAnswer(AnswerProblem(item: item, message: "checklist \(checklist.id) has no such item"))
        }
        let clean: AnswerValue?
        do {
            clean = try value.flatMap { value throws(AnswerProblem) in try AnswerInput.check(value, for: definition) }
        } catch {
            throw StoreError.invalidAnswer(error)
        }
        let now = Clock.timestamp()
        if let clean {
            try db.execute(sql: """
                INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (analysis_id, item_id) DO UPDATE
                SET value = excluded.value, search_text = excluded.search_text, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """, arguments: [summary.id, item, clean.canonicalJSON(), clean.searchableText, now, account])
        } else {
            try db.execute(sql: "DELETE FROM answer WHERE analysis_id = ? AND item_id = ?", arguments: [summary.id, item])
        }
        try db.execute(sql: "UPDATE analysis SET updated_at = ? WHERE id = ?", arguments: [now, summary.id])
        try Self.audit(db, account: account, action: "answer.save", analysis: summary.id, detail: item)
    }

    private func move(_ db: Database, _ id: String, from: AnalysisStatus, to: AnalysisStatus, account: String,
                      detail: String?, extra: String = "") throws {
        guard AnalysisStatus.allowedTransitions.contains(.init(from: from, to: to)) else {
            throw StoreError.forbiddenTransition(id: id, from: from, to: to)
        }
        try db.execute(sql: "UPDATE analysis SET status = ?, updated_at = ?\(extra) WHERE id = ?",
                       arguments: [to.rawValue, Clock.timestamp(), id])
        try Self.audit(db, account: account, action: "analysis.\(to.rawValue)", analysis: id, detail: detail)
    }

    private func definition(hash: String, source: String, id: String) throws -> Checklist {
        if let cached = definitions.withLock({ $0[hash] }) { return cached }
        do {
            let checklist = try ChecklistLoader.load(yaml: source, file: "definition of \(id)")
            definitions.withLock { $0[hash] = checklist }
            return checklist
        } catch {
            throw StoreError.io(path: path, message: "the stored checklist definition of \(id) cannot be read: \(error.problems.first?.message ?? "")")
        }
    }

    static func summary(_ row: Row) -> AnalysisSummary {
        AnalysisSummary(id: row["id"], checklistID: row["checklist_id"], checklistVersion: row["checklist_version"],
                        caseRef: row["case_ref"], unit: row["unit"], author: row["author"],
                        status: AnalysisStatus(rawValue: row["status"]) ?? .draft, versions: row["versions"],
                        createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    // MARK: - Helpers

    private func write<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    private func read<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else {
            return .io(path: path, message: "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
        case .SQLITE_FULL: return .full(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM: return .readOnly(path: path)
        case .SQLITE_NOTADB: return .notOurs(path: path, why: "it is not a SQLite database")
        case .SQLITE_CORRUPT: return .io(path: path, message: "the store is damaged; restore it from a backup")
        case .SQLITE_CANTOPEN: return .io(path: path, message: "cannot open the store; check the path and its permissions")
        case .SQLITE_CONSTRAINT: return .notAllowed("refused by the store: \(error.message ?? "a rule of the store")")
        default: return .io(path: path, message: error.message ?? "database error \(error.resultCode.rawValue)")
        }
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash a frozen version keeps: over its definition and its answers.
    public static func contentHash(definitionHash: String, answersJSON: String) -> String {
        sha256(definitionHash + "\n" + answersJSON)
    }

    static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Timestamps as stored: UTC, ISO 8601 with milliseconds, so they sort as text.
enum Clock {
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &time)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(time.tm_year) + 1900, Int(time.tm_mon) + 1,
                      Int(time.tm_mday), Int(time.tm_hour), Int(time.tm_min), Int(time.tm_sec), Int(now.tv_nsec / 1_000_000))
    }
}
