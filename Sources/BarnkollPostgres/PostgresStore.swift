import BarnkollCore
import Foundation
import Synchronization

/// The record store on PostgreSQL. It keeps records through the database's own functions (staff
/// have no table rights; see Migration001.swift), runs Core's `decide` closures inside its
/// transactions, and its identity is the database's `session_user`.
public final class PostgresStore: CaseworkStore, Sendable {
    /// Who may act through a store.
    public enum Identities: Sendable {
        /// Only the connected role (session_user): everything done `by:` another account is refused.
        case sessionUser
        /// Each account through a connection of its own as that role, which the server authenticates
        /// (peer, Kerberos …): for tests and tools that act for several people on one server.
        case connectAsEach
    }

    public let kind: StoreKind
    public let location: String
    /// The role this store is connected as: `session_user`.
    public let account: String
    let conninfo: String
    let identities: Identities
    private let primary: Session
    private let others = Mutex<[String: Session]>([:])
    /// Parsed definitions by hash: parsing YAML on every read would dominate reads.
    private let definitions = Mutex<[String: Checklist]>([:])
    /// Analyses asked for in one call of a bulk read: small enough that the first part's wait and
    /// the last part's decoding are a small share of an export. Tests make it small.
    let bulkReadPart = Mutex<Int>(500)
    /// Opened on an older schema (the upgrade tests): Migration 26's registration is not there.
    let olderSchema = Mutex<Bool>(false)
    /// Whether reads ask for the hand-overs and moves (Migration 45); an upgrade test's older schema has none.
    var readsTransfers: Bool { !olderSchema.withLock { $0 } }
    /// The definitions (by hash) whose indicator items this store has registered and committed
    /// (Migration 26): sent once a process, not with the definition's source on every new analysis.
    private let registeredDefinitions = Mutex<Set<String>>([])
    /// Whether the last purge's VACUUM ran.
    private let purgeVacuum = Mutex<Bool?>(nil)
    /// The connection that LISTENs for changed lists (`changeToken`), opened on first use.
    private let listener = Mutex<Listener?>(nil)
    /// When the listener may next try to connect after failing: the front end asks every second,
    /// and a server that does not answer must not hold each tick for a connect timeout.
    let listenerRetry = Mutex<Date>(.distantPast)
    /// Seconds the listener waits for a server at most, and then before trying again.
    static let listenerTimeout = 2
    static let listenerBackOff: TimeInterval = 15

    public var isDurable: Bool { true }

    /// Whether a store location names a PostgreSQL database (a libpq URI or key=value string) rather than a file.
    /// Asked on every start, so read by hand: an `NSRegularExpression` here (`^\s*[a-z_]+\s*=`) made ICU
    /// build its character tables first (docs/benchmarks-history.md, "Start-up: a regular expression …").
    public static func isConnectionString(_ location: String) -> Bool {
        if location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") { return true }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isKey(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "_") }
        let bytes = location.utf8.drop(while: isSpace)
        let key = bytes.prefix(while: isKey)
        return !key.isEmpty && bytes[key.endIndex...].drop(while: isSpace).first == UInt8(ascii: "=")
    }

    /// Opens the database `conninfo` names: checks its schema and its kind (both set up by the DBA
    /// with `migrate`; a client never creates a PostgreSQL store).
    /// - Parameter expected: the account barnkoll runs as; refused when the database knows us as another.
    public static func open(conninfo: String, kind: StoreKind, expected: String? = nil,
                            identities: Identities = .sessionUser) throws(StoreError) -> PostgresStore {
        try open(conninfo: conninfo, kind: kind, expected: expected, identities: identities, checkingSchema: true)
    }

    /// `checkingSchema: false` only for the upgrade tests, which fill a database of an older schema.
    static func open(conninfo: String, kind: StoreKind, expected: String? = nil, identities: Identities = .sessionUser,
                     checkingSchema: Bool) throws(StoreError) -> PostgresStore {
        let location = describe(conninfo)
        let connection = try Session.connect(conninfo, user: nil, location: location)
        if checkingSchema { try Migrations.check(connection, location: location) }
        let account = try Session.sessionUser(connection, location: location)
        // Messages name the database, not the whole connection string.
        let name = (try? connection.query("SELECT current_database()").value) ?? nil
        let shown = name ?? location
        if let expected, expected != account, identities == .sessionUser {
            throw .cannotOpen(store: shown,
                              sv: "databasen känner dig som \(account), men barnkoll körs av kontot \(expected); anslut som din egen roll (identiteten är databasens session_user)",
                              en: "the database knows you as \(account), but barnkoll runs as the account \(expected); connect as your own role (identity is the database's session_user)")
        }
        let stored: String?
        do {
            stored = try connection.query("SELECT kind FROM barnkoll.store_state()").value
        } catch {
            throw map(error, location: shown, context: "lagrets typ")
        }
        guard let stored else {
            let command = "`barnkoll admin migrate --first-admin KONTO`" + (kind == .training ? " --training" : "")
            throw .cannotOpen(store: shown, sv: "databasen är inte iordningställd som lager; en databasadministratör kör \(command)",
                              en: "the database is not set up as a store; a database administrator runs \(command)")
        }
        guard let actual = StoreKind(rawValue: stored) else {
            throw .cannotOpen(store: shown, sv: "okänd lagertyp '\(stored)'; inget ändrades", en: "unknown store kind '\(stored)'; nothing was changed")
        }
        guard actual == kind else { throw .wrongKind(store: shown, expected: kind, actual: actual) }
        let store = PostgresStore(kind: kind, location: shown, account: account, conninfo: conninfo, identities: identities,
                                  primary: Session(connection: connection, conninfo: conninfo, user: nil, location: shown))
        if !checkingSchema { store.olderSchema.withLock { $0 = true } }
        return store
    }

    /// Applies the embedded migrations to the database `conninfo` names, as a member of barnkoll_owner,
    /// and sets the store up: its kind (fixed from then on) and, when named, its first admin.
    /// Returns the versions applied.
    /// `through`: stop after that migration (the upgrade tests' older databases).
    public static func migrate(conninfo: String, kind: StoreKind = .real, firstAdmin: String? = nil,
                               through: Int? = nil) throws(StoreError) -> [Int] {
        let location = describe(conninfo)
        let connection = try Session.connect(conninfo, user: nil, location: location)
        let applied = try Migrations.apply(connection, location: location, through: through)
        do {
            try connection.query("BEGIN")
            try connection.query("SET LOCAL ROLE barnkoll_owner")
            try connection.query("SELECT barnkoll.setup_store($1, $2)", [kind.rawValue, firstAdmin])
            try connection.query("COMMIT")
        } catch {
            _ = try? connection.query("ROLLBACK")
            throw map(error, location: location, context: "lagrets typ och första administratör")
        }
        return applied
    }

    private init(kind: StoreKind, location: String, account: String, conninfo: String, identities: Identities, primary: Session) {
        self.kind = kind
        self.location = location
        self.account = account
        self.conninfo = conninfo
        self.identities = identities
        self.primary = primary
    }

    /// A connection string for messages: without a password.
    static func describe(_ conninfo: String) -> String {
        conninfo.replacingOccurrences(of: #"password\s*=\s*('[^']*'|\S+)"#, with: "password=…", options: .regularExpression)
            .replacingOccurrences(of: #"(://[^:/@]*):[^@/]*@"#, with: "$1:…@", options: .regularExpression)
    }

    // MARK: - Sessions and transactions

    /// The session `by:` an account acts through: the store's own role, or with `.connectAsEach` a
    /// connection as that role. Anything else is refused: the database's identity is the person.
    private func session(for account: String) throws(StoreError) -> Session {
        if account == self.account { return primary }
        guard identities == .connectAsEach else {
            throw .notAllowed(sv: "det här PostgreSQL-lagret är anslutet som \(self.account); \(account) kan inte arbeta genom det (identiteten är databasens session_user)",
                              en: "this PostgreSQL store is connected as \(self.account); \(account) cannot act through it (identity is the database's session_user)")
        }
        if let open = others.withLock({ $0[account] }) { return open }
        let connection = try Session.connect(conninfo, user: account, location: location)
        let user = try Session.sessionUser(connection, location: location)
        guard user == account else {
            throw .notAllowed(sv: "databasen anslöt \(account) som \(user)", en: "the database connected \(account) as \(user)")
        }
        let session = Session(connection: connection, conninfo: conninfo, user: account, location: location)
        return others.withLock { open in
            if let raced = open[account] { return raced }
            open[account] = session
            return session
        }
    }

    /// Runs `body` in one transaction as `account` (READ COMMITTED; the functions lock what they
    /// change). A serialisation failure or deadlock is retried a few times, then reported as busy.
    /// With `anchoring`, the chain head then goes to the server log if `AnchorPolicy` says it is due.
    @discardableResult
    func transaction<T>(as account: String? = nil, anchoring: Bool = true, _ body: (Tx) throws(StoreError) -> T) throws(StoreError) -> T {
        let session = try session(for: account ?? self.account)
        return try session.run { connection throws(StoreError) in
            var attempt = 0
            while true {
                attempt += 1
                let tx = Tx(connection: connection, location: location)
                do throws(StoreError) {
                    tx.later("BEGIN")
                    let result = try body(tx)
                    // The chain's head to the server log when due: after COMMIT, in a transaction of
                    // its own, so only committed heads are logged. Best effort: the write stands,
                    // and the next one tries again.
                    try tx.commit(after: anchoring ? ("SELECT * FROM barnkoll.anchor_if_due($1, $2)",
                                                      [String(AnchorPolicy.events), String(AnchorPolicy.seconds)]) : nil)
                    return result
                } catch {
                    _ = try? connection.query("ROLLBACK")
                    if case .busy = error, attempt < 5 {
                        usleep(UInt32(20_000 * attempt))
                        continue
                    }
                    throw error
                }
            }
        }
    }

    /// One statement and its result, outside an explicit transaction.
    func query(_ sql: String, _ parameters: [String?] = [], id: String? = nil) throws(StoreError) -> PQRows {
        try transaction(anchoring: false) { tx throws(StoreError) in try tx.query(sql, parameters, id: id) }
    }

    static func map(_ error: any Error, location: String, context: String? = nil, id: String? = nil) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PQError else { return .io(store: location, raw: "\(error)") }
        switch error.sqlstate {
        case "BK404": return .notFound(error.message)
        case "BK403": return .notVisible(error.message)
        case "BK409":
            if let status = AnalysisStatus(rawValue: error.message) { return .notEditable(id: id ?? "?", status: status) }
            return .refused(error.message)
        case "BK401", "BK422": return .refused(error.message)
        // Migration 5: the database's own guard between training and real records, in Core's words.
        case "BK410": return .trainingID(error.message)
        case "BK411": return .trainingCaseRef(error.message)
        case "BK412": return .wrongKind(store: location, expected: .real, actual: .training)
        // Migration 46: a personnummer where Core refuses one, in Core's words.
        case "BK413": return .notAllowed(Casework.caseReferenceIsPersonnummer)
        case "BK414": return .invalidNote(Casework.personnummerInFreeText(error.message))
        case "BK415": return .notAllowed(Casework.personnummerInFreeText(error.message))
        case "BK416", "BK417":
            // "item<TAB>number", the tab made a space by `oneLine` (an item's id has none)
            let parts = error.message.split(maxSplits: 1, whereSeparator: \.isWhitespace).map(String.init)
            let (item, number) = parts.count == 2 ? (parts[0], parts[1]) : ("?", error.message)
            return .invalidAnswer(AnswerProblem(item: item, message: error.sqlstate == "BK416"
                ? Casework.groupIdentityRefusal(number) : Casework.identityRefusal(number)))
        // Migration 47: the same in a review's comments.
        case "BK418": return .notAllowed(Casework.groupIdentityRefusal(error.message))
        case "BK419": return .notAllowed(Casework.identityRefusal(error.message))
        case "42501":
            let context = context.map { " (\($0))" } ?? ""
            return .notAllowed(sv: "databasen nekade behörighet: \(error.message)\(context); be en administratör om rätt roll",
                               en: "the database denied permission: \(error.message)\(context); ask an admin for the right role")
        case "40001", "40P01", "55P03": return .busy(store: location)
        case "53100": return .full(store: location)
        case "25006": return .readOnly(store: location)
        case "23505": return .notAllowed(sv: "lagret nekade: \(error.message)", en: "refused by the store: \(error.message)")
        default:
            // The server went away: what the screen shows while it retries, without libpq's details.
            if error.sqlstate.hasPrefix("08") || error.sqlstate.hasPrefix("57P") {
                return .notResponding(location)
            }
            return .io(store: location, raw: (context.map { "\($0): " } ?? "") + error.description)
        }
    }

    // MARK: - Reading rows

    static func summary(_ row: [String?], from start: Int = 0) -> AnalysisSummary {
        func text(_ index: Int) -> String { row.count > start + index ? row[start + index] ?? "" : "" }
        return AnalysisSummary(id: text(0), checklistID: text(1), checklistVersion: Int(text(2)) ?? 0, caseRef: text(3),
                               unit: text(4), author: text(5), status: AnalysisStatus(rawValue: text(6)) ?? .draft,
                               versions: Int(text(7)) ?? 0, createdAt: text(8), updatedAt: text(9))
    }

    /// A note's row as `analysis_notes` gives it, from column `start`.
    static func note(_ id: String, _ row: [String?], from start: Int = 0) -> AnalysisNote {
        func text(_ index: Int) -> String? { row.count > start + index ? row[start + index] : nil }
        return AnalysisNote(analysisID: id, kind: NoteKind(rawValue: text(0) ?? "") ?? .feedback, date: text(1) ?? "",
                            outcome: text(2).flatMap(DecisionOutcome.init(rawValue:)), text: text(3) ?? "",
                            writtenBy: text(4) ?? "", writtenAt: text(5) ?? "")
    }

    static let summaryColumns = "id, checklist_id, checklist_version, case_ref, unit, author, status, versions, created_at, updated_at"

    /// `id`: the analysis read, named should its definition not parse; nil in a read of many.
    func definition(_ tx: Tx, hash: String, id: String?) throws(StoreError) -> Checklist {
        if let cached = definitions.withLock({ $0[hash] }) { return cached }
        return try definition(hash: hash, source: try tx.query("SELECT barnkoll.definition_source($1)", [hash]).value ?? "", id: id)
    }

    /// A definition's source parsed (once a process: a hash names one source forever).
    private func definition(hash: String, source: String, id: String?) throws(StoreError) -> Checklist {
        if let cached = definitions.withLock({ $0[hash] }) { return cached }
        do {
            let checklist = try ChecklistLoader.load(yaml: source, file: "definition \(hash.prefix(12))")
            definitions.withLock { $0[hash] = checklist }
            return checklist
        } catch {
            let problem = error.problems.first?.words ?? Localized(sv: "")
            if let id { throw .unreadableDefinition(store: location, id: id, problem) }
            throw .unreadableDefinition(store: location, hash: hash, problem)
        }
    }

    private func head(_ tx: Tx, _ id: String, lock: Bool) throws(StoreError) -> (AnalysisHeader, String?) {
        try head(tx, id, from: try tx.queries([headStatement(id, lock: lock)])[0])
    }

    private func headStatement(_ id: String, lock: Bool) -> Tx.Statement {
        ("SELECT * FROM barnkoll.analysis_head($1, $2)", [id, lock ? "t" : "f"], id)
    }

    private func head(_ tx: Tx, _ id: String, from rows: PQRows) throws(StoreError) -> (AnalysisHeader, String?) {
        guard let row = rows.first else { throw .notFound(id) }
        let summary = Self.summary(row)
        return (AnalysisHeader(summary: summary, checklist: try definition(tx, hash: row[10] ?? "", id: id)), row[11] ?? nil)
    }

    /// An analysis whole; `logged` false only for the author's own decisions.
    private func load(_ tx: Tx, _ id: String, lock: Bool, logged: Bool) throws(StoreError) -> Analysis {
        try load(tx, id, lock: lock, logged: logged, with: []).analysis
    }

    /// An analysis whole, and the rows of `extra` statements read in the same trip.
    private func load(_ tx: Tx, _ id: String, lock: Bool, logged: Bool,
                      with extra: [Tx.Statement]) throws(StoreError) -> (analysis: Analysis, extra: [PQRows]) {
        let transfers = readsTransfers
        let read = try tx.queries([headStatement(id, lock: lock),
                                   ("SELECT barnkoll.analysis_record($1, $2)", [id, logged ? "t" : "f"], id),
                                   ("SELECT * FROM barnkoll.analysis_notes($1)", [id], id)]
                                  + (transfers ? [("SELECT * FROM barnkoll.read_transfers($1::text[])", [Self.arrayLiteral([id])], id)] : [])
                                  + extra)
        let (header, position) = try head(tx, id, from: read[0])
        let json = read[1].value ?? "{}"
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            throw .io(store: location, sv: "oläslig post för \(id)", en: "unreadable record of \(id)")
        }
        func rows(_ key: String) -> [[Any]] { (object[key] as? [[Any]]) ?? [] }
        func text(_ value: Any) -> String? { value as? String }
        func int(_ value: Any) -> Int { (value as? NSNumber)?.intValue ?? 0 }
        var answers: Answers = [:]
        for row in rows("answers") where row.count == 2 {
            if let item = text(row[0]), let json = text(row[1]), let value = AnswerValue.fromJSON(json) { answers[item] = value }
        }
        let versions = rows("versions").filter { $0.count == 6 }.map { row in
            FrozenVersion(analysisID: id, number: int(row[0]), status: AnalysisStatus(rawValue: text(row[1]) ?? "") ?? .submitted,
                          answers: AnswerValue.answersFromJSON(text(row[2]) ?? "{}") ?? [:], contentHash: text(row[3]) ?? "",
                          createdBy: text(row[4]) ?? "", createdAt: text(row[5]) ?? "")
        }
        let reviews = rows("reviews").filter { $0.count == 8 }.map { row in
            Review(analysisID: id, version: int(row[0]), reviewer: text(row[1]) ?? "",
                   decision: ReviewDecision(rawValue: text(row[2]) ?? "") ?? .return, comment: text(row[3]),
                   itemComments: Review.itemComments(fromJSON: text(row[4])),
                   rule: text(row[5]), ground: text(row[7]).flatMap(OverrideGround.init(rawValue:)), at: text(row[6]) ?? "")
        }
        var analysis = Analysis(summary: header.summary, checklist: header.checklist, answers: answers, versions: versions,
                                reviews: reviews, position: position)
        analysis.notes = read[2].rows.map { Self.note(id, $0) }
        if transfers { analysis.transfers = Self.transfers(read[3])[id] ?? [] }
        return (analysis, Array(read.dropFirst(transfers ? 4 : 3)))
    }

    func actor(_ tx: Tx, _ account: String) throws(StoreError) -> Actor {
        Self.actor(account, from: try tx.queries([Self.actorStatement(account)])[0])
    }

    static func actorStatement(_ account: String) -> Tx.Statement {
        ("SELECT role, unit, units_defined FROM barnkoll.actor_roles($1)", [account], nil)
    }

    static func actor(_ account: String, from rows: PQRows) -> Actor {
        var roles: Set<Role> = []
        var units: [String: Set<Role>] = [:]
        var defined = false
        for row in rows.rows {
            defined = row[2] == "t"
            guard let name = row[0] ?? nil, let role = Role(rawValue: name) else { continue }
            if let unit = row[1] ?? nil, !unit.isEmpty { units[unit, default: []].insert(role) } else { roles.insert(role) }
        }
        return Actor(account: account, roles: roles, units: units, unitsDefined: defined)
    }

    // MARK: - Analyses

    public func insertAnalysis(_ new: NewAnalysis) throws(StoreError) -> AnalysisSummary {
        let (summary, definition) = try transaction(as: new.author) { tx throws(StoreError) in try self.insert(tx, new) }
        registeredDefinitions.withLock { _ = $0.insert(definition) }
        return summary
    }

    /// The new analysis, and its definition's hash, whose indicator items are registered once this commits.
    private func insert(_ tx: Tx, _ new: NewAnalysis) throws(StoreError) -> (AnalysisSummary, definition: String) {
        let checklist = new.checklist
        guard let id = try tx.query("SELECT barnkoll.create_analysis($1, $2, $3, $4, $5, $6)",
                                    [checklist.id, String(checklist.version), new.idPrefix, checklist.source,
                                     new.caseRef, new.unit]).value else {
            throw .io(store: location, sv: "databasen gav inget id för den nya analysen", en: "the database gave no id for the new analysis")
        }
        // The items its indicator rows keep, registered once per definition (Migration 26); sent
        // with the next statement.
        let definition = Casework.definitionHash(checklist)
        if !olderSchema.withLock({ $0 }), !registeredDefinitions.withLock({ $0.contains(definition) }) {
            tx.later("SELECT barnkoll.indicator_items_register($1, $2::text[], $3::text[])",
                     Migrations.registration(checklist.source, checklist), id: id)
        }
        for item in new.answers.keys.sorted() {
            try save(tx, id, item: item, value: new.answers[item])
        }
        return (try head(tx, id, lock: false).0.summary, definition)
    }

    private func save(_ tx: Tx, _ id: String, item: String, value: AnswerValue?) throws(StoreError) {
        tx.later("SELECT barnkoll.save_answer($1, $2, $3, $4)", [id, item, value?.canonicalJSON(), value?.searchableText], id: id)
    }

    public func header(_ id: String) throws(StoreError) -> AnalysisHeader {
        try transaction { tx throws(StoreError) in try self.head(tx, id, lock: false).0 }
    }

    public func readAnalysis(_ id: String, loggedFor account: String,
                             _ allow: @Sendable (AnalysisSummary, Actor) throws(StoreError) -> Void) throws(StoreError) -> Analysis {
        try transaction(as: account) { tx throws(StoreError) in
            // One trip: the head (the database's refusal, should the reader not see it), the
            // account's rights and the record, read as the bulk reads do (its read logged): their
            // rows decode straight from libpq's bytes, where the record's one JSON text took a
            // third of the client's time. Should Core refuse, the throw rolls the logged read back.
            let (analyses, leading) = try self.loadAll(tx, [id], history: true,
                                                       after: [headStatement(id, lock: false), Self.actorStatement(account)])
            guard let analysis = analyses.first else { throw .notFound(id) }
            try allow(analysis.summary, Self.actor(account, from: leading[1]))
            return analysis
        }
    }

    /// The analyses a filter selects, read in bulk: their ids in one statement, then the analyses
    /// (their reads logged in the same call), and with `history` their versions, reviews and
    /// transfers, and their notes, one statement each (Migration 17), in a transaction.
    public func readAnalyses<Delivered>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                        deliver: ([Analysis]) -> Delivered) throws(StoreError) -> Delivered {
        // The read in parts that are the analyses themselves.
        deliver(try readAnalysisParts(filter, loggedFor: account, history: history) { _ in { Array($0) } }.parts.flatMap { $0 })
    }

    /// The same read, each part made as soon as it arrives, while the server reads the next.
    public func readAnalysisParts<Part: Sendable>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                                  shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part)
        throws(StoreError) -> AnalysesInParts<Part> {
        try transaction(as: account) { tx throws(StoreError) in
            let ids = try self.selectPage(tx, filter, withRows: true, counting: false).rows.map(\.id)
            guard !ids.isEmpty else { return AnalysesInParts(definitions: [], parts: [], count: 0) }
            return try self.loadParts(tx, ids, history: history, shape: shape).read
        }
    }

    /// The analyses of `ids` the reader may see, in that order, each read logged, sent after
    /// `leading` statements in the same trip, with their rows.
    func loadAll(_ tx: Tx, _ ids: [String], history: Bool,
                 after leading: [Tx.Statement]) throws(StoreError) -> (analyses: [Analysis], leading: [PQRows]) {
        let (read, rows) = try loadParts(tx, ids, history: history, after: leading) { _ in { Array($0) } }
        return (read.parts.flatMap { $0 }, rows)
    }

    /// The analyses of `ids` the reader may see, in that order, each read logged, made into parts
    /// by `shape`'s function. All is asked for in one trip: the definitions (Migration 31), notes,
    /// and with `history` versions and reviews first, then the analyses in parts. While this
    /// process makes one part (on another core), the server logs and reads the next.
    func loadParts<Part: Sendable>(_ tx: Tx, _ ids: [String], history: Bool, after leading: [Tx.Statement] = [],
                                   again: Bool = false, shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part)
        throws(StoreError) -> (read: AnalysesInParts<Part>, leading: [PQRows]) {
        let list = Self.arrayLiteral(ids)
        let size = max(1, bulkReadPart.withLock { $0 })
        let parts = stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min(ids.count, $0 + size)]) }
        var statements: [Tx.Statement] = leading
        statements.append(("SELECT * FROM barnkoll.read_definitions($1::text[])", [list], nil))
        statements.append(("SELECT * FROM barnkoll.read_notes($1::text[])", [list], nil))
        if history {
            statements.append(("SELECT * FROM barnkoll.read_versions($1::text[])", [list], nil))
            statements.append(("SELECT * FROM barnkoll.read_reviews($1::text[])", [list], nil))
            if readsTransfers { statements.append(("SELECT * FROM barnkoll.read_transfers($1::text[])", [list], nil)) }
        }
        let firstPart = statements.count
        statements += parts.map { ("SELECT * FROM barnkoll.read_analyses($1::text[])", [Self.arrayLiteral($0)], nil) }
        var before: [PQRows] = []
        var definitions: (byHash: [String: Checklist], used: [Checklist]) = ([:], [])
        var failure: StoreError?
        var context = PartContext<Part>()
        let made = MadeParts<Part>(count: parts.count)
        let making = DispatchGroup()
        do throws(StoreError) {
            try tx.stream(statements) { index, result in
                switch index - leading.count {
                case ..<0:
                    before.append(result.rows)
                case 0:
                    do throws(StoreError) {
                        definitions = try self.definitions(result, of: ids.count == 1 ? ids.first : nil)
                    } catch {
                        failure = error
                    }
                    context.definitions = definitions.byHash
                    context.make = shape(definitions.used)
                case 1:
                    context.notes = Self.notes(result.rows)
                case 2 where history:
                    context.versions = Self.versions(result.rows)
                case 3 where history:
                    context.reviews = Self.reviews(result.rows)
                case 4 where history && readsTransfers:
                    context.transfers = Self.transfers(result.rows)
                default:
                    let part = index - firstPart
                    let frozen = context
                    // One part is made here: another thread would cost more than it saves.
                    if parts.count == 1 {
                        made.put(part, frozen.part(result))
                    } else {
                        DispatchQueue.global().async(group: making) { made.put(part, frozen.part(result)) }
                    }
                }
            }
        } catch {
            making.wait()
            throw error
        }
        making.wait()
        if let failure { throw failure }
        switch made.all {
        case .success(let done):
            return (AnalysesInParts(definitions: definitions.used, parts: done.parts, count: done.count), before)
        case .failure where !again:
            // An analysis moved to a newer definition between the definitions' read and its own
            // (a draft moved while an export runs): read again, its new definition among them.
            return try loadParts(tx, ids, history: history, after: leading, again: true, shape: shape)
        case .failure(let missing):
            throw .missingDefinition(store: location, id: missing.analysis)
        }
    }

    /// An analysis's row of `read_analyses`, decoded apart from its definition.
    struct DecodedAnalysis: Sendable {
        var summary: AnalysisSummary
        var definitionHash: String
        var position: String?
        var answers: Answers
    }

    /// `read_definitions`' rows: each definition by its hash, and each checklist version once in
    /// order of first use. `single`: the one analysis read, named should its definition not parse.
    private func definitions(_ result: PQResult, of single: String?) throws(StoreError) -> (byHash: [String: Checklist], used: [Checklist]) {
        var byHash: [String: Checklist] = [:]
        var ordered: [Checklist] = []
        for row in 0..<result.count {
            let hash = result.string(row, 0) ?? ""
            let checklist = try definition(hash: hash, source: result.string(row, 1) ?? "", id: single)
            byHash[hash] = checklist
            ordered.append(checklist)
        }
        return (byHash, Checklist.eachOnce(ordered))
    }

    /// What a bulk read's parts are made with: all that arrives before the first part.
    struct PartContext<Part: Sendable>: Sendable {
        var definitions: [String: Checklist] = [:]
        var notes: [String: [AnalysisNote]] = [:]
        var versions: [String: [FrozenVersion]] = [:]
        var reviews: [String: [Review]] = [:]
        var transfers: [String: [Transfer]] = [:]
        var make: (@Sendable (ArraySlice<Analysis>) -> Part)?

        /// A part of `read_analyses`' rows made whole and then into `Part`, with how many it holds;
        /// or the first analysis that names a definition not read first.
        func part(_ result: PQResult) -> Result<(Part, Int), MissingDefinition> {
            var analyses: [Analysis] = []
            analyses.reserveCapacity(Int(result.count))
            for row in PostgresStore.decodeAnalyses(result) {
                guard let checklist = definitions[row.definitionHash] else { return .failure(MissingDefinition(analysis: row.summary.id)) }
                var analysis = Analysis(summary: row.summary, checklist: checklist, answers: row.answers,
                                        versions: versions[row.summary.id] ?? [], reviews: reviews[row.summary.id] ?? [],
                                        position: row.position)
                if row.summary.versions > 0 { analysis.notes = notes[row.summary.id] ?? [] }
                analysis.transfers = transfers[row.summary.id] ?? []
                analyses.append(analysis)
            }
            guard let make else { return .failure(MissingDefinition(analysis: analyses.first?.summary.id ?? "")) }
            return .success((make(analyses[...]), analyses.count))
        }
    }

    struct MissingDefinition: Error {
        var analysis: String
    }

    /// The made parts of a bulk read, filled by the threads that make them.
    final class MadeParts<Part: Sendable>: Sendable {
        private let parts: Mutex<[Result<(Part, Int), MissingDefinition>?]>

        init(count: Int) { parts = Mutex(Array(repeating: nil, count: count)) }

        func put(_ index: Int, _ part: Result<(Part, Int), MissingDefinition>) { parts.withLock { $0[index] = part } }

        /// Every part in order, and how many analyses they hold; or the first that could not be made.
        var all: Result<(parts: [Part], count: Int), MissingDefinition> {
            parts.withLock { parts in
                var made: [Part] = []
                var count = 0
                for part in parts {
                    switch part {
                    case .success(let (part, held))?:
                        made.append(part)
                        count += held
                    case .failure(let missing)?:
                        return .failure(missing)
                    case nil:
                        continue
                    }
                }
                return .success((made, count))
            }
        }
    }

    /// Rows whose first column is an analysis's id, each made a record, by analysis.
    static func byAnalysis<Record>(_ rows: PQRows, _ record: (String, [String?]) -> Record) -> [String: [Record]] {
        var records: [String: [Record]] = [:]
        for row in rows.rows {
            let id = row[0] ?? ""
            records[id, default: []].append(record(id, row))
        }
        return records
    }

    static func notes(_ rows: PQRows) -> [String: [AnalysisNote]] {
        byAnalysis(rows) { id, row in note(id, row, from: 1) }
    }

    static func transfers(_ rows: PQRows) -> [String: [Transfer]] {
        byAnalysis(rows) { _, row in
            Transfer(kind: Transfer.Kind(rawValue: row[1] ?? "") ?? .move, from: row[2] ?? "", to: row[3] ?? "",
                     reason: row[4] ?? "", by: row[5] ?? "", at: row[6] ?? "")
        }
    }

    static func versions(_ rows: PQRows) -> [String: [FrozenVersion]] {
        byAnalysis(rows) { id, row in
            FrozenVersion(analysisID: id, number: Int(row[1] ?? "0") ?? 0,
                          status: AnalysisStatus(rawValue: row[2] ?? "") ?? .submitted,
                          answers: AnswerValue.answersFromJSON(row[3] ?? "{}") ?? [:], contentHash: row[4] ?? "",
                          createdBy: row[5] ?? "", createdAt: row[6] ?? "")
        }
    }

    static func reviews(_ rows: PQRows) -> [String: [Review]] {
        byAnalysis(rows) { id, row in
            Review(analysisID: id, version: Int(row[1] ?? "0") ?? 0, reviewer: row[2] ?? "",
                   decision: ReviewDecision(rawValue: row[3] ?? "") ?? .return, comment: row[4] ?? nil,
                   itemComments: Review.itemComments(fromJSON: row[5] ?? nil), rule: row[6] ?? nil,
                   ground: (row[8] ?? nil).flatMap(OverrideGround.init(rawValue:)), at: row[7] ?? "")
        }
    }

    /// `read_analyses`' rows, the answers read from the result's bytes without a string between.
    static func decodeAnalyses(_ result: PQResult) -> [DecodedAnalysis] {
        (0..<result.count).map { row in
            let answers = result.isNull(row, 12) ? [:] : AnswerValue.answersFromJSON(utf8: result.bytes(row, 12)) ?? [:]
            return DecodedAnalysis(summary: summary((0..<10).map { result.string(row, $0) }),
                                   definitionHash: result.string(row, 10) ?? "", position: result.string(row, 11), answers: answers)
        }
    }

    @discardableResult
    public func recordAnswers(_ id: String, by account: String, reading items: [String],
                              _ decide: @Sendable (AnalysisHeader, Actor, Answers) throws(StoreError) -> [AnswerChange]) throws(StoreError) -> [AnswerChange] {
        try transaction(as: account) { tx throws(StoreError) in
            // The analysis locked, the answers replaced and the account's rights, in one trip.
            let read = try tx.queries([headStatement(id, lock: true),
                                       ("SELECT item_id, value FROM barnkoll.stored_answers($1, $2::text[])",
                                        [id, Self.arrayLiteral(items)], id),
                                       Self.actorStatement(account)])
            let (header, _) = try self.head(tx, id, from: read[0])
            var stored: Answers = [:]
            for row in read[1].rows where row.count == 2 {
                if let item = row[0], let json = row[1], let value = AnswerValue.fromJSON(json) { stored[item] = value }
            }
            let changes = try decide(header, Self.actor(account, from: read[2]), stored)
            for change in changes {
                try self.save(tx, id, item: change.item, value: change.value)
            }
            return changes
        }
    }

    public func recordPosition(_ id: String, item: String) throws(StoreError) {
        _ = try query("SELECT barnkoll.set_position($1, $2)", [id, item], id: id)
    }

    public func recordSubmission(_ id: String, by account: String,
                                 _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> Submission) throws(StoreError) -> AnalysisStatus {
        try transaction(as: account) { tx throws(StoreError) in
            let analysis = try self.load(tx, id, lock: true, logged: false)
            let submission = try decide(analysis, try self.actor(tx, account))
            try tx.query("SELECT barnkoll.submit_version($1, $2, $3, $4)",
                         [id, String(submission.number), submission.status.rawValue, submission.answersJSON], id: id)
            return submission.status
        }
    }

    public func recordDefinitionMove(_ id: String, by account: String,
                                     _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> DefinitionMove?) throws(StoreError) -> DefinitionMove? {
        try transaction(as: account) { tx throws(StoreError) in
            let analysis = try self.load(tx, id, lock: true, logged: false)
            guard let move = try decide(analysis, try self.actor(tx, account)) else { return nil }
            try tx.query("SELECT barnkoll.move_definition($1, $2, $3)",
                         [id, String(move.checklist.version), move.checklist.source], id: id)
            for change in move.changes {
                try self.save(tx, id, item: change.item, value: change.value)
            }
            return move
        }
    }

    public func recordNote(_ id: String, by account: String,
                           _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> NewNote) throws(StoreError) -> AnalysisNote {
        try transaction(as: account) { tx throws(StoreError) in
            let (header, _) = try self.head(tx, id, lock: true)
            let note = try decide(header, try self.actor(tx, account))
            let at = try tx.query("SELECT barnkoll.add_note($1, $2, $3, $4, $5)",
                                  [id, note.kind.rawValue, note.date, note.outcome?.rawValue, note.text], id: id).value ?? ""
            return AnalysisNote(analysisID: id, kind: note.kind, date: note.date, outcome: note.outcome, text: note.text,
                                writtenBy: account, writtenAt: at)
        }
    }

    public func recordHardStops(_ id: String, rules: [String], by account: String) throws(StoreError) {
        try transaction(as: account) { tx throws(StoreError) in
            try tx.query("SELECT barnkoll.record_hard_stops($1, $2)", [id, rules.joined(separator: " ")], id: id)
        }
    }

    public func recordTransition(_ id: String, by account: String,
                                 _ decide: @Sendable (AnalysisHeader, Actor) throws(StoreError) -> AnalysisStatus) throws(StoreError) {
        try transaction(as: account) { tx throws(StoreError) in
            let (header, _) = try self.head(tx, id, lock: true)
            let status = try decide(header, try self.actor(tx, account))
            // The one move Core asks of this primitive: a new version after approval.
            guard status == .draft else {
                throw StoreError.forbiddenTransition(id: id, from: header.summary.status, to: status)
            }
            guard AnalysisStatus.allowedTransitions.contains(.init(from: header.summary.status, to: status)) else {
                throw StoreError.forbiddenTransition(id: id, from: header.summary.status, to: status)
            }
            try tx.query("SELECT barnkoll.revise($1)", [id], id: id)
        }
    }

    // MARK: - Changes

    /// A connection of its own LISTENing on `barnkoll_lists`, and how many notifications it has had.
    /// Each reconnection is a new generation: what was sent while it was away is not known.
    struct Listener {
        var connection: PQConnection
        var generation: Int64
        var received: Int64
    }

    /// The channel the database NOTIFYs on when an analysis is made or changes status, its unit the
    /// payload (LISTEN has no access control); the list is then read again under the reader's rights.
    static let listChannel = "barnkoll_lists"

    public func changeToken() throws(StoreError) -> ChangeToken {
        try listener.withLock { (open: inout Listener?) throws(StoreError) -> ChangeToken in
            var generation: Int64 = 1
            if var current = open {
                do {
                    current.received += Int64(try current.connection.notifications().count)
                    open = current
                    return ChangeToken(current.generation, current.received)
                } catch {
                    generation = current.generation + 1
                    open = nil
                }
            }
            guard Date() >= listenerRetry.withLock({ $0 }) else { throw .notResponding(location) }
            let connection: PQConnection
            do {
                connection = try Session.connect(conninfo, user: nil, location: location, timeout: Self.listenerTimeout)
                try connection.query("LISTEN \(Self.listChannel)")
            } catch {
                listenerRetry.withLock { $0 = Date().addingTimeInterval(Self.listenerBackOff) }
                throw Self.map(error, location: location, context: "LISTEN")
            }
            open = Listener(connection: connection, generation: generation, received: 0)
            return ChangeToken(generation, 0)
        }
    }

    // MARK: - Lists

    /// The SQL and parameters selecting a filter's summaries, every column, from what the reader may see
    /// (the follow-ups, which read the hard stops too).
    private func filterSQL(_ filter: AnalysisFilter, columns: String) -> (String, [String?]) {
        var clauses: [String] = []
        var parameters: [String?] = []
        func add(_ clause: String, _ value: String?) {
            guard let value else { return }
            parameters.append(value)
            clauses.append(clause.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        add("status = ?", filter.status?.rawValue)
        add("author = ?", filter.author)
        add("unit = ?", filter.unit)
        add("checklist_id = ?", filter.checklist)
        add("case_ref = ?", filter.caseRef)
        add("created_at >= ?", filter.since)
        add("created_at < ?", filter.until.map { $0 + "U" })
        if let scope = filter.scope {
            parameters.append(scope.account)
            parameters.append(Self.arrayLiteral(scope.units))
            // Group analyses are read by everyone (VisibilityScope.open), as the database's visible() says.
            parameters.append(Self.arrayLiteral(VisibilityScope.open))
            clauses.append("(author = $\(parameters.count - 2) OR unit = ANY ($\(parameters.count - 1)::text[]) OR checklist_id = ANY ($\(parameters.count)::text[]))")
        }
        var from = "barnkoll.analysis_summaries() s"
        var order = filter.order == .oldestFirst ? " ORDER BY updated_at ASC, id ASC" : " ORDER BY updated_at DESC, id DESC"
        if filter.search != nil {
            let words = filter.searchWords
            if !words.isEmpty {
                parameters.append(Self.arrayLiteral(words))
                from += " JOIN barnkoll.search_ids($\(parameters.count)::text[]) m ON m.analysis_id = s.id"
                order = " ORDER BY m.written DESC, id DESC"
            }
        } else if let after = filter.after {
            let comparison = filter.order == .oldestFirst ? ">" : "<"
            parameters.append(after.updatedAt)
            parameters.append(after.id)
            clauses.append("(updated_at \(comparison) $\(parameters.count - 1) OR (updated_at = $\(parameters.count - 1) AND id \(comparison) $\(parameters.count)))")
        }
        let clause = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return ("SELECT \(columns) FROM \(from)\(clause)\(order)", parameters)
    }

    /// A filter as `analysis_page` (Migration016) takes it: the clauses given, as JSON.
    static func filterJSON(_ filter: AnalysisFilter) -> String {
        var object: [String: Any] = [:]
        object["status"] = filter.status?.rawValue
        object["author"] = filter.author
        object["unit"] = filter.unit
        object["checklist"] = filter.checklist
        object["case_ref"] = filter.caseRef
        object["since"] = filter.since
        // Timestamps are YYYY-MM-DDThh:mm:ss.sssZ: every one of that day sorts before "YYYY-MM-DDU".
        object["until"] = filter.until.map { $0 + "U" }
        if let scope = filter.scope {
            object["scope_account"] = scope.account
            object["scope_units"] = scope.units
            // Group analyses are read by everyone (VisibilityScope.open), as the database's visible() says.
            object["scope_open"] = VisibilityScope.open
        }
        if filter.order == .oldestFirst { object["oldest"] = true }
        if filter.search != nil {
            let words = filter.searchWords
            if !words.isEmpty { object["words"] = words }
        }
        if let after = filter.after, object["words"] == nil {
            object["after_updated"] = after.updatedAt
            object["after_id"] = after.id
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The page a filter selects (its limit and offset; `withRows` false: none) and, when `counting`,
    /// how many it selects up to the count limit + 1: one call of `analysis_page`, which orders,
    /// cuts and counts inside the database.
    private func selectPage(_ tx: Tx, _ filter: AnalysisFilter, withRows: Bool, counting: Bool) throws(StoreError)
        -> (rows: [AnalysisSummary], total: Int) {
        let limit = withRows ? filter.limit.map { String(max(0, $0)) } : "0"
        let count = counting ? String(countLimit(for: filter)) : "0"
        let result = try tx.query("SELECT * FROM barnkoll.analysis_page($1::jsonb, $2, $3, $4)",
                                  [Self.filterJSON(filter), limit, String(max(0, filter.offset)), count])
        var total = 0
        var rows: [AnalysisSummary] = []
        for row in result.rows {
            if counting, row.count > 10, let value = row[10] ?? nil { total = Int(value) ?? 0 }
            // An empty page with its count is one row without an id.
            if (row.first ?? nil) != nil { rows.append(Self.summary(row)) }
        }
        return (rows, total)
    }

    /// A text array literal for `$n::text[]`.
    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// A search's count stops sooner, as on SQLite: each analysis counted is a match confirmed in
    /// its answers, and with another filter (the queue's status) most matches are left out.
    public static let searchCountLimit = 200

    public func countLimit(for filter: AnalysisFilter) -> Int {
        filter.search.map { $0.isEmpty } == false ? Self.searchCountLimit : AnalysisFilter.countLimit
    }

    // Reads write nothing, so they anchor nothing.
    public func list(_ filter: AnalysisFilter) throws(StoreError) -> [AnalysisSummary] {
        try transaction(anchoring: false) { tx throws(StoreError) in try self.selectPage(tx, filter, withRows: true, counting: false).rows }
    }

    public func count(_ filter: AnalysisFilter) throws(StoreError) -> Int {
        var all = filter
        all.after = nil
        return try transaction(anchoring: false) { tx throws(StoreError) in
            try self.selectPage(tx, all, withRows: false, counting: true).total
        }
    }

    public func page(_ filter: AnalysisFilter) throws(StoreError) -> (rows: [AnalysisSummary], total: Int) {
        // The count ignores where the page starts; a keyset page is counted apart.
        guard filter.after == nil || filter.search != nil else { return (try list(filter), try count(filter)) }
        return try transaction(anchoring: false) { tx throws(StoreError) in
            try self.selectPage(tx, filter, withRows: true, counting: true)
        }
    }

    public func followUps(today: String, unit: String?, scope: VisibilityScope?, limit: Int) throws(StoreError) -> [FollowUpEntry] {
        var filter = AnalysisFilter(unit: unit)
        filter.scope = scope
        let (sql, parameters) = filterSQL(filter, columns: "s.*")
        return try transaction { tx throws(StoreError) in
            var entries: [FollowUpEntry] = []
            let rows = try tx.query(sql, parameters).rows
            let byID = Dictionary(rows.map { ($0[0] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            let dates = try tx.query("SELECT analysis_id, feedback_due, follow_up_due, report_due FROM barnkoll.follow_up_dates()").rows
            for (kind, column) in [(FollowUpKind.feedbackOverdue, 1), (.followUpOverdue, 2), (.reportNotMade, 3)] {
                let due = dates.compactMap { row -> (date: String, summary: [String?])? in
                    guard let date = row[column] ?? nil, date < today, let summary = byID[row[0] ?? ""] else { return nil }
                    return (date, summary)
                }.sorted { ($0.date, $0.summary[0] ?? "") < ($1.date, $1.summary[0] ?? "") }
                entries += due.prefix(limit).map { FollowUpEntry(kind: kind, summary: Self.summary($0.summary), date: $0.date) }
            }
            let measures = try tx.query("SELECT analysis_id, measure_due FROM barnkoll.measure_dates() WHERE measure_due < $1 ORDER BY measure_due, analysis_id",
                                        [today]).rows
            entries += measures.compactMap { row -> FollowUpEntry? in
                guard let date = row[1] ?? nil, let summary = byID[row[0] ?? ""] else { return nil }
                return FollowUpEntry(kind: .measureOverdue, summary: Self.summary(summary), date: date)
            }.prefix(limit)
            let stopped = rows.filter { ($0[10] ?? nil) != nil }.sorted { ($0[9] ?? "", $0[0] ?? "") < ($1[9] ?? "", $1[0] ?? "") }
            entries += stopped.prefix(limit).map {
                FollowUpEntry(kind: .hardStop, summary: Self.summary($0), date: String(($0[9] ?? "").prefix(10)), rule: $0[10] ?? nil)
            }
            let overrides = try tx.query("SELECT analysis_id, rule, reviewer, at FROM barnkoll.override_reviews() ORDER BY at DESC").rows
            entries += overrides.compactMap { row -> FollowUpEntry? in
                guard let summary = byID[row[0] ?? ""] else { return nil }
                return FollowUpEntry(kind: .override, summary: Self.summary(summary), date: String((row[3] ?? "").prefix(10)),
                                     rule: row[1] ?? nil, by: row[2] ?? nil)
            }.prefix(limit)
            return entries
        }
    }

    // MARK: - Reviews and handing over

    public func recordReview(_ id: String, by account: String,
                             _ decide: @Sendable (Analysis, Actor) throws(StoreError) -> ReviewChange) throws(StoreError) -> ChainHead {
        try transaction(as: account) { tx throws(StoreError) in
            let analysis = try self.load(tx, id, lock: true, logged: true)
            let change = try decide(analysis, try self.actor(tx, account))
            let row = try tx.query("SELECT * FROM barnkoll.record_review($1, $2, $3, $4, $5, $6, $7, $8)",
                                   [id, change.decision.rawValue, String(change.version), change.comment,
                                    CanonicalJSON.encode(change.itemComments, fallback: "{}"), change.rule, change.moveTo?.rawValue,
                                    change.ground?.rawValue],
                                   id: id).first ?? []
            return Self.chainHead(row)
        }
    }

    static func chainHead(_ row: [String?]) -> ChainHead {
        ChainHead(store: row.first.flatMap { $0 } ?? "-", id: Int64(row.count > 1 ? row[1] ?? "0" : "0") ?? 0,
                  hash: row.count > 2 ? row[2] ?? "" : "")
    }

    public func recordReassignment(_ id: String, to account: String, reason: String, by actor: String,
                                   _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> Void) throws(StoreError) {
        try transaction(as: actor) { tx throws(StoreError) in
            let (header, _) = try self.head(tx, id, lock: true)
            try decide(header, try self.actor(tx, actor), try self.actor(tx, account))
            try tx.query("SELECT barnkoll.reassign($1, $2, $3)", [id, account, reason], id: id)
        }
    }

    public func recordUnitMove(_ id: String, to unit: String, reason: String, by actor: String,
                               _ decide: @Sendable (AnalysisHeader, Actor, Actor) throws(StoreError) -> AnswerValue?) throws(StoreError) {
        try transaction(as: actor) { tx throws(StoreError) in
            let (header, _) = try self.head(tx, id, lock: true)
            let answer = try decide(header, try self.actor(tx, actor), try self.actor(tx, header.summary.author))
            try tx.query("SELECT barnkoll.move_to_unit($1, $2, $3, $4, $5)",
                         [id, unit, reason, answer?.canonicalJSON(), answer?.searchableText], id: id)
        }
    }

    // MARK: - Roles and units

    public func actor(_ account: String) throws(StoreError) -> Actor {
        try transaction { tx throws(StoreError) in try self.actor(tx, account) }
    }

    public func grants() throws(StoreError) -> [Grant] {
        try transaction { tx throws(StoreError) in try self.grants(tx) }
    }

    private func grants(_ tx: Tx) throws(StoreError) -> [Grant] {
        try tx.query("SELECT account, role, unit FROM barnkoll.all_grants()").rows.compactMap { row in
            guard let account = row[0] ?? nil, let role = (row[1] ?? nil).flatMap(Role.init(rawValue:)) else { return nil }
            let unit = row[2] ?? ""
            return Grant(account: account, role: role, unit: unit.isEmpty ? nil : unit)
        }
    }

    public func recordGrant(_ grant: Grant, granted: Bool, by admin: String,
                            _ decide: @Sendable (Actor, [Grant]) throws(StoreError) -> Void) throws(StoreError) {
        try transaction(as: admin) { tx throws(StoreError) in
            try decide(try self.actor(tx, admin), try self.grants(tx))
            try tx.query("SELECT barnkoll.change_role($1, $2, $3, $4)",
                         [grant.account, grant.role.rawValue, grant.unit, granted ? "t" : "f"])
        }
    }

    public func units() throws(StoreError) -> [String] {
        try query("SELECT barnkoll.unit_names()").rows.compactMap { $0.first ?? nil }
    }

    public func recordUnit(_ name: String, renaming old: String?, by admin: String) throws(StoreError) {
        try transaction(as: admin) { tx throws(StoreError) in
            if let old {
                let answer = AnswerValue.text(name)
                try tx.query("SELECT barnkoll.rename_unit($1, $2, $3, $4)", [old, name, answer.canonicalJSON(), answer.searchableText])
            } else {
                try tx.query("SELECT barnkoll.add_unit($1)", [name])
            }
        }
    }

    public func recordUnitMapping(_ text: String, to unit: String, by admin: String) throws(StoreError) -> Int {
        try transaction(as: admin) { tx throws(StoreError) in
            let answer = AnswerValue.text(unit)
            return Int(try tx.query("SELECT barnkoll.map_unit($1, $2, $3, $4)", [text, unit, answer.canonicalJSON(), answer.searchableText])
                .value ?? "0") ?? 0
        }
    }

    public func unlistedUnits() throws(StoreError) -> [(text: String, analyses: Int)] {
        try query("SELECT unit, analyses FROM barnkoll.unlisted_units()").rows.map { (text: $0[0] ?? "", analyses: Int($0[1] ?? "0") ?? 0) }
    }

    // MARK: - Workshops

    public func insertWorkshop(caseID: String, checklistID: String, trainer: String) throws(StoreError) -> String {
        try transaction(as: trainer) { tx throws(StoreError) in
            while true {
                let code = Workshop.newCode()
                if try tx.query("SELECT barnkoll.start_workshop($1, $2, $3)", [code, caseID, checklistID]).value == "t" { return code }
            }
        }
    }

    public func joinWorkshop(code: String, pseudonym: String, _ new: NewAnalysis) throws(StoreError) -> AnalysisSummary {
        let (summary, definition) = try transaction(as: new.author) { tx throws(StoreError) -> (AnalysisSummary, String?) in
            if let taken = try tx.query("SELECT barnkoll.workshop_seat($1, $2, $3)", [code, pseudonym, new.checklist.id]).value {
                return (try self.head(tx, taken, lock: false).0.summary, nil)
            }
            let (summary, definition) = try self.insert(tx, new)
            try tx.query("SELECT barnkoll.take_seat($1, $2, $3)", [code, pseudonym, summary.id])
            return (summary, definition)
        }
        if let definition { registeredDefinitions.withLock { _ = $0.insert(definition) } }
        return summary
    }

    public func workshop(_ code: String) throws(StoreError) -> Workshop {
        try transaction { tx throws(StoreError) in
            guard let row = try tx.query("SELECT * FROM barnkoll.workshop_rows($1)", [code]).first else {
                throw StoreError.noWorkshop(code, in: self.location, hint: .list)
            }
            return try self.workshop(tx, row)
        }
    }

    private func workshop(_ tx: Tx, _ row: [String?]) throws(StoreError) -> Workshop {
        let code = row[0] ?? ""
        let participants = try tx.query("SELECT * FROM barnkoll.workshop_participants($1)", [code]).rows.map { p in
            Workshop.Participant(pseudonym: p[0] ?? "", account: p[1] ?? "", analysisID: p[2] ?? "",
                                 status: AnalysisStatus(rawValue: p[4] ?? "") ?? .draft, answered: Int(p[5] ?? "0") ?? 0,
                                 joinedAt: p[3] ?? "")
        }
        return Workshop(code: code, caseID: row[1] ?? "", checklistID: row[2] ?? "", trainer: row[3] ?? "",
                        createdAt: row[4] ?? "", participants: participants)
    }

    public func workshops() throws(StoreError) -> [Workshop] {
        try transaction { tx throws(StoreError) in
            var result: [Workshop] = []
            for row in try tx.query("SELECT * FROM barnkoll.workshop_rows(NULL)").rows { result.append(try self.workshop(tx, row)) }
            return result
        }
    }

    public func workshopOf(analysis id: String) throws(StoreError) -> (code: String, pseudonym: String)? {
        guard kind == .training else { throw .wrongKind(store: location, expected: .training, actual: kind) }
        return try query("SELECT code, pseudonym FROM barnkoll.workshop_of($1)", [id]).first.map { ($0[0] ?? "", $0[1] ?? "") }
    }

    public func deleteWorkshop(_ code: String, by account: String) throws(StoreError) -> Int {
        try transaction(as: account) { tx throws(StoreError) in
            Int(try tx.query("SELECT barnkoll.delete_workshop($1)", [code]).value ?? "0") ?? 0
        }
    }

    // MARK: - Audit

    public func auditEvents(for id: String?) throws(StoreError) -> [AuditEvent] {
        try query("SELECT * FROM barnkoll.audit_events($1)", [id], id: id).rows.map {
            AuditEvent(at: $0[0] ?? "", account: $0[1] ?? "", action: $0[2] ?? "", analysisID: $0[3] ?? nil, detail: $0[4] ?? nil)
        }
    }

    public func chainHead() throws(StoreError) -> ChainHead {
        Self.chainHead(try query("SELECT * FROM barnkoll.chain_head()").first ?? [])
    }

    public func checkAnchors(_ heads: [ChainHead]) throws(StoreError) -> (checked: Int, problems: [Localized]) {
        let store = try chainHead().store
        let own = heads.filter { $0.store == store }
        let wanted = Set(own.map(\.id))
        var byID: [Int64: String] = [:]
        var last: Int64 = 0
        try auditRows { row, hash, _ in
            if wanted.contains(row.id), byID[row.id] == nil { byID[row.id] = hash }
            last = row.id
        }
        let problems = own.compactMap { $0.problem(hash: byID[$0.id], lastRow: last) }
        return (own.count, problems)
    }

    /// Root, the server's own account, and every account the store grants a role: barnkoll on this
    /// host sends an approval's head as the approver.
    public func anchorSenders() throws(StoreError) -> Set<UInt32> {
        HostAccounts.uids(of: try grants().map(\.account) + ["postgres"]).union([0])
    }

    /// The chain's rows in order, a part at a time (`inParts`).
    func auditRows(_ each: (_ row: AuditChain.Row, _ hash: String, _ prev: String) -> Void) throws(StoreError) {
        try inParts("SELECT * FROM barnkoll.audit_rows()") { rows in
            for r in rows {
                each(AuditChain.Row(id: Int64(r[0] ?? "0") ?? 0, at: r[1] ?? "", account: r[2] ?? "", action: r[3] ?? "",
                                    analysisID: r[4] ?? nil, detail: r[5] ?? nil, digest: (r[6] ?? nil).flatMap(Self.bytes)),
                     r[7] ?? "", r[8] ?? "")
            }
        }
    }

    /// The rows of `sql` handed to `each` a part at a time, through a cursor in one transaction:
    /// read at once, a verify of 100,000 analyses (6 million chain rows) held 10.6 GB
    /// (docs/benchmarks-history.md, "`verify` at 100,000 analyses").
    func inParts(_ sql: String, _ each: ([[String?]]) throws(StoreError) -> Void) throws(StoreError) {
        try transaction(anchoring: false) { tx throws(StoreError) in
            try tx.run("DECLARE parts NO SCROLL CURSOR FOR " + sql)
            while true {
                let part = try tx.query("FETCH 20000 FROM parts").rows
                if part.isEmpty { return }
                try each(part)
            }
        }
    }

    static func bytes(_ hex: String) -> Data? {
        var data = Data(capacity: hex.utf8.count / 2)
        var high: UInt8?
        for byte in hex.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let first = high {
                data.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? data : nil
    }

    // MARK: - Maintenance

    /// The places only, found by the server (Migration 49): an auditor is never handed the text.
    public func readKeptPersonnummer() throws(StoreError) -> [KeptPersonnummer] {
        let rows = try transaction { tx throws(StoreError) in
            try tx.query("SELECT analysis_id, version, item FROM barnkoll.kept_personnummer()").rows
        }
        return KeptPersonnummer.grouped(rows.compactMap { row in
            guard let id = row[0] ?? nil, let version = (row[1] ?? nil).flatMap({ Int($0) }) else { return nil }
            let place: MaskedPlace = (row[2] ?? nil).map { .reviewItemComment(version: version, item: $0) } ?? .reviewComment(version: version)
            return (id, place)
        })
    }

    /// The chain replayed here (Core's `ChainReplay`) from its rows, hashes recomputed (the server
    /// computed them: two implementations held to one another), against the records the server
    /// hands over with their content as digests under keys that never leave it.
    public func verifyProblems() throws(StoreError) -> [Localized] {
        var replay = ChainReplay()
        var importedChains: [ChainHead] = []
        try auditRows { row, hash, prev in
            replay.add(row, hash: Self.bytes(hash), previous: Self.bytes(prev))
            if row.action == "store.import", let head = Self.importedHead(row.detail) { importedChains.append(head) }
        }
        var definitions: [StoredDefinition] = []
        var grants: [(account: String, role: String, unit: String)] = []
        var units: [String] = []
        var recordsChecked = false
        // Before the first analysis, or at the end when there is none.
        func checkRecords() {
            guard !recordsChecked else { return }
            recordsChecked = true
            replay.check(definitions: definitions)
            replay.check(grants: grants, units: units)
        }
        // The definitions, grants and units first, then the analyses in order of their ids, each
        // checked as it comes: none is held beside the others.
        try inParts("""
            SELECT kind, record FROM barnkoll.chain_records()
            ORDER BY kind = 'analysis', CASE WHEN kind = 'analysis' THEN record::json->>'id' END COLLATE "C"
            """) { rows throws(StoreError) in
            for row in rows {
                guard let kind = row[0] ?? nil, let json = row[1] ?? nil,
                      let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) else {
                    throw .io(store: location, sv: "oläsliga poster från chain_records()", en: "unreadable records from chain_records()")
                }
                let array = value as? [Any] ?? []
                func text(_ index: Int) -> String { array.count > index ? array[index] as? String ?? "" : "" }
                switch kind {
                case "definition":
                    definitions.append(StoredDefinition(hash: text(0), checklistID: text(1),
                                                        version: (array.count > 2 ? array[2] as? NSNumber : nil)?.intValue ?? 0,
                                                        heldHash: text(3)))
                case "grant": grants.append((text(0), text(1), text(2)))
                case "unit": units.append(value as? String ?? "")
                case "analysis":
                    checkRecords()
                    replay.check(Self.storedAnalysis(value as? [String: Any] ?? [:]))
                default: continue
                }
            }
        }
        checkRecords()
        return replay.finish() + (try importedChainProblems(importedChains)) + (try tallyProblems())
    }

    /// One analysis of `chain_records()`.
    static func storedAnalysis(_ object: [String: Any]) -> StoredAnalysis {
        func text(_ key: String) -> String { object[key] as? String ?? "" }
        func pairs(_ key: String) -> [[Any]] { object[key] as? [[Any]] ?? [] }
        func digests(_ key: String) -> [String: Data] {
            var found: [String: Data] = [:]
            for pair in pairs(key) where pair.count == 2 {
                if let item = pair[0] as? String, let digest = (pair[1] as? String).flatMap(bytes) { found[item] = digest }
            }
            return found
        }
        let versions = pairs("versions").filter { $0.count == 4 }.map { row in
            StoredVersion(number: (row[0] as? NSNumber)?.intValue ?? 0, contentHash: row[1] as? String ?? "",
                          heldHash: row[2] as? String ?? "", digest: (row[3] as? String).flatMap(bytes))
        }
        let reviews = pairs("reviews").filter { $0.count == 2 }.map { row in
            (id: (row[0] as? NSNumber)?.int64Value ?? 0, digest: (row[1] as? String).flatMap(bytes))
        }
        let cleared = digests("cleared")
        let notes = pairs("notes").filter { $0.count == 2 }.map { row in
            (kind: row[0] as? String ?? "", digest: (row[1] as? String).flatMap(bytes))
        }
        return StoredAnalysis(id: text("id"), checklistID: text("checklist_id"), author: text("author"), status: text("status"),
                              retentionExempt: object["exempt"] as? Bool ?? false, hasKey: object["has_key"] as? Bool ?? false,
                              filingDigest: (object["filing"] as? String).flatMap(bytes), versions: versions, reviews: reviews,
                              answers: digests("answers"), lastVersionAnswers: digests("last"), clearedDigest: { cleared[$0] },
                              notes: notes, transfers: (object["transfers"] as? [Any] ?? []).map { ($0 as? String).flatMap(bytes) })
    }

    public func backup(to destination: String) throws(StoreError) {
        throw .notAllowed(sv: "ett PostgreSQL-lager säkerhetskopieras med databasens egna verktyg (pg_dump, pg_basebackup), inte med barnkoll",
                          en: "a PostgreSQL store is backed up by the database's own tools (pg_dump, pg_basebackup), not by barnkoll")
    }

    public func retention(before date: String) throws(StoreError) -> RetentionPlan {
        try transaction { tx throws(StoreError) in
            let ids = try tx.query("SELECT barnkoll.retention_due($1)", [date]).rows.compactMap { $0.first ?? nil }
            var due: [AnalysisSummary] = []
            for id in ids { due.append(try self.head(tx, id, lock: false).0.summary) }
            let exempt = try tx.query("SELECT id, reason FROM barnkoll.retention_exempted($1)", [date]).rows
                .map { (id: $0[0] ?? "", reason: $0[1] ?? "") }
            return RetentionPlan(due: due, exempt: exempt)
        }
    }

    /// The purge deletes and writes its tombstones in one transaction (`purge()`), then the tables
    /// it deleted from are vacuumed (`vacuumedAfterPurge` says whether).
    public func deleteForRetention(before date: String, by account: String) throws(StoreError) -> [String] {
        let purged = try transaction(as: account) { tx throws(StoreError) in
            try tx.query("SELECT barnkoll.purge($1)", [date]).rows.compactMap { $0.first ?? nil }
        }
        if !purged.isEmpty { purgeVacuum.withLock { $0 = vacuumPurged(as: account) } }
        return purged
    }

    /// The tables `delete_listed()` deletes a purged analysis from, and those its rows leave by
    /// cascade: the indicator rows hold children's aliases and counted answers, so they are
    /// vacuumed with the rest.
    static let purgedTables = ["analysis", "answer", "version", "review", "note", "transfer", "analysis_key", "workshop_participant",
                               "indicator_version", "indicator_analysis", "indicator_tally"]

    /// Whether the last purge's VACUUM ran; nil before a purge that deleted something.
    public var vacuumedAfterPurge: Bool? { purgeVacuum.withLock { $0 } }

    /// A plain VACUUM of the purged tables, once the purge has committed: the deleted rows' space is
    /// free for reuse at once (it takes no lock that stops readers or writers; VACUUM FULL, which
    /// rewrites the files, is the DBA's to schedule). Only the tables' owner may vacuum them, so it
    /// runs as barnkoll_owner when the account is a member (the DBA), else autovacuum does it later.
    func vacuumPurged(as account: String) -> Bool {
        guard let session = try? session(for: account) else { return false }
        let tables = Self.purgedTables.map { "barnkoll." + $0 }.joined(separator: ", ")
        let ran = try? session.run { connection throws(StoreError) -> Bool in
            do {
                guard try connection.query("SELECT pg_has_role('barnkoll_owner', 'MEMBER')").value == "t" else { return false }
                try connection.query("SET ROLE barnkoll_owner")
                defer { _ = try? connection.query("RESET ROLE") }
                try connection.query("VACUUM \(tables)")
                return true
            } catch {
                throw Self.map(error, location: location)
            }
        }
        return ran ?? false
    }

    public func recordRetentionExempt(_ id: String, reason: String?, by account: String) throws(StoreError) {
        try transaction(as: account) { tx throws(StoreError) in
            try tx.query("SELECT barnkoll.set_retention_exempt($1, $2)", [id, reason], id: id)
        }
    }
}

/// A statement runner inside a transaction, mapping the server's errors onto `StoreError`.
/// One transaction's statements. A statement whose rows nobody reads (BEGIN, a save) waits and
/// goes with the next one that is read, or with COMMIT: a save crosses to the server in two trips
/// (its reads, then its writes and COMMIT) instead of one per statement.
final class Tx {
    let connection: PQConnection
    let location: String
    private var waiting: [(sql: String, parameters: [String?], id: String?)] = []

    init(connection: PQConnection, location: String) {
        self.connection = connection
        self.location = location
    }

    /// A statement, its parameters, and the analysis its error names.
    typealias Statement = (sql: String, parameters: [String?], id: String?)

    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = [], id: String? = nil) throws(StoreError) -> PQRows {
        try queries([(sql, parameters, id)])[0]
    }

    /// Several statements in one trip (with any waiting before them); their rows in order. `then`:
    /// statements sent after them in the same trip whose rows and errors are not read.
    func queries(_ statements: [Statement], then after: [(sql: String, parameters: [String?])] = []) throws(StoreError) -> [PQRows] {
        let all = waiting + statements
        waiting = []
        let results = connection.pipeline(all.map { ($0.sql, $0.parameters) } + after)
        var rows: [PQRows] = []
        for (statement, result) in zip(all, results) {
            switch result {
            case .success(let value): rows.append(value)
            case .failure(let error): throw PostgresStore.map(error, location: location, id: statement.id)
            }
        }
        return Array(rows.suffix(statements.count))
    }

    /// Several statements in one trip (with any waiting before them), each one's result handed to
    /// `each` as it arrives, in order, while the server works on the next; the first error is
    /// thrown once the trip is read to its end.
    func stream(_ statements: [Statement], each: (Int, PQResult) -> Void) throws(StoreError) {
        let all = waiting + statements
        waiting = []
        var failure: StoreError?
        connection.pipeline(all.map { ($0.sql, $0.parameters) }) { index, result in
            switch result {
            case .success(let value):
                if index >= all.count - statements.count { each(index - (all.count - statements.count), value) }
            case .failure(let error):
                if failure == nil { failure = PostgresStore.map(error, location: location, id: all[index].id) }
            }
        }
        if let failure { throw failure }
    }

    /// A statement whose rows are not read: sent with the next one that is, or with COMMIT. Its
    /// error, if any, is thrown there.
    func later(_ sql: String, _ parameters: [String?] = [], id: String? = nil) {
        waiting.append((sql, parameters, id))
    }

    func run(_ sql: String) throws(StoreError) {
        _ = try query(sql)
    }

    /// COMMIT with what waits, and `after` in the same trip once committed, its error ignored
    /// (best effort: the transaction stands).
    func commit(after: (sql: String, parameters: [String?])? = nil) throws(StoreError) {
        _ = try queries([("COMMIT", [], nil)], then: after.map { [$0] } ?? [])
    }
}

/// One connection and the lock that serialises its use; reconnects after the server went away.
final class Session: @unchecked Sendable {
    private var connection: PQConnection
    private let lock = NSLock()
    private let conninfo: String
    private let user: String?
    private let location: String

    init(connection: PQConnection, conninfo: String, user: String?, location: String) {
        self.connection = connection
        self.conninfo = conninfo
        self.user = user
        self.location = location
    }

    static func connect(_ conninfo: String, user: String?, location: String, timeout: Int? = nil) throws(StoreError) -> PQConnection {
        let connection = try PQConnection(conninfo, user: user, location: location, timeout: timeout)
        do {
            // Notices of our own statements are not for the terminal.
            try connection.query("SET client_min_messages = warning")
        } catch {
            throw PostgresStore.map(error, location: location)
        }
        return connection
    }

    static func sessionUser(_ connection: PQConnection, location: String) throws(StoreError) -> String {
        do {
            guard let user = try connection.query("SELECT session_user").value else {
                throw StoreError.cannotOpen(store: location, sv: "databasen uppgav ingen session_user", en: "the database gave no session_user")
            }
            return user
        } catch {
            throw PostgresStore.map(error, location: location)
        }
    }

    func run<T>(_ body: (PQConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if connection.isBroken {
            // Still away: said as the screen shows it while it retries.
            do {
                connection = try Self.connect(conninfo, user: user, location: location)
            } catch {
                throw .notResponding(location)
            }
        }
        return try body(connection)
    }
}
