import BarnkollCore
import Foundation
import Synchronization

// libpq, PostgreSQL's own client library, loaded with dlopen only when a PostgreSQL store is
// opened: linked, it would load some 24 shared libraries at every start of barnkoll (5.5 ms against
// 0.8), and libpq-dev would become a build dependency of the default program. Only the runtime
// package (libpq5) is needed, and only by users of the PostgreSQL store.

/// The functions of libpq barnkoll uses, declared here (see libpq-fe.h).
final class LibPQ: Sendable {
    typealias Connect = @convention(c) (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>,
                                        Int32) -> OpaquePointer?
    typealias Status = @convention(c) (OpaquePointer?) -> Int32
    typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    typealias ExecParams = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?,
                                           UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                           UnsafePointer<Int32>?, Int32) -> OpaquePointer?
    typealias ResultStatus = @convention(c) (OpaquePointer?) -> Int32
    typealias ErrorField = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias Count = @convention(c) (OpaquePointer?) -> Int32
    typealias Value = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    typealias IsNull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias Length = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias Notifies = @convention(c) (OpaquePointer?) -> UnsafeMutableRawPointer?
    typealias FreeMemory = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias SendParams = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?,
                                           UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                           UnsafePointer<Int32>?, Int32) -> Int32
    typealias GetResult = @convention(c) (OpaquePointer?) -> OpaquePointer?

    /// Pipeline mode (libpq 14 and later): several statements sent before the first answer is
    /// read, so a save's statements cross to the server in two trips instead of seven.
    struct Pipeline: Sendable {
        let enter: Status
        let exit: Status
        let sync: Status
        let send: SendParams
        let getResult: GetResult
    }

    let connectdb: Connect
    let status: Status
    let errorMessage: ErrorMessage
    let exec: Exec
    let execParams: ExecParams
    let resultStatus: ResultStatus
    let resultErrorMessage: ErrorMessage
    let resultErrorField: ErrorField
    let ntuples: Count
    let nfields: Count
    let getvalue: Value
    let getisnull: IsNull
    let getlength: Length
    let clear: Free
    let finish: Free
    let consumeInput: Status
    let notifies: Notifies
    let freemem: FreeMemory
    /// nil with an older libpq, which then sends one statement at a time.
    let pipeline: Pipeline?

    // ConnStatusType and ExecStatusType values, and the diagnostic field codes.
    static let connectionOK: Int32 = 0
    static let commandOK: Int32 = 1
    static let tuplesOK: Int32 = 2
    static let pipelineSync: Int32 = 10
    static let pipelineAborted: Int32 = 11
    static let sqlstateField = Int32(UInt8(ascii: "C"))
    static let primaryMessageField = Int32(UInt8(ascii: "M"))

    private init(_ handle: UnsafeMutableRawPointer) throws(PQLoadError) {
        func symbol<T>(_ name: String, _ type: T.Type) throws(PQLoadError) -> T {
            guard let address = dlsym(handle, name) else { throw PQLoadError(missing: name) }
            return unsafeBitCast(address, to: type)
        }
        connectdb = try symbol("PQconnectdbParams", Connect.self)
        status = try symbol("PQstatus", Status.self)
        errorMessage = try symbol("PQerrorMessage", ErrorMessage.self)
        exec = try symbol("PQexec", Exec.self)
        execParams = try symbol("PQexecParams", ExecParams.self)
        resultStatus = try symbol("PQresultStatus", ResultStatus.self)
        resultErrorMessage = try symbol("PQresultErrorMessage", ErrorMessage.self)
        resultErrorField = try symbol("PQresultErrorField", ErrorField.self)
        ntuples = try symbol("PQntuples", Count.self)
        nfields = try symbol("PQnfields", Count.self)
        getvalue = try symbol("PQgetvalue", Value.self)
        getisnull = try symbol("PQgetisnull", IsNull.self)
        getlength = try symbol("PQgetlength", Length.self)
        clear = try symbol("PQclear", Free.self)
        finish = try symbol("PQfinish", Free.self)
        consumeInput = try symbol("PQconsumeInput", Status.self)
        notifies = try symbol("PQnotifies", Notifies.self)
        freemem = try symbol("PQfreemem", FreeMemory.self)
        pipeline = try? Pipeline(enter: symbol("PQenterPipelineMode", Status.self), exit: symbol("PQexitPipelineMode", Status.self),
                                 sync: symbol("PQpipelineSync", Status.self), send: symbol("PQsendQueryParams", SendParams.self),
                                 getResult: symbol("PQgetResult", GetResult.self))
    }

    /// Loaded once per process, on first use; the handle stays open for the process's life.
    private static let loaded: Result<LibPQ, PQLoadError> = {
        guard let handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL) else { return .failure(PQLoadError(missing: nil)) }
        return Result { () throws(PQLoadError) in try LibPQ(handle) }
    }()

    static func load() throws(StoreError) -> LibPQ {
        switch loaded {
        case .success(let library): return library
        case .failure(let error): throw .cannotOpen(store: "PostgreSQL-lagret", reason: Localized(sv: error.description, en: error.description))
        }
    }
}

struct PQLoadError: Error, CustomStringConvertible {
    /// The symbol libpq lacked; nil when the library itself is missing.
    var missing: String?

    var description: String {
        if let missing { return "libpq.so.5 saknar \(missing); installera en nyare libpq5 (apt-get install libpq5)" }
        return "libpq.so.5 saknas; installera paketet libpq5 (apt-get install libpq5)"
    }
}

/// libpq's messages on one line: they hold line breaks and tabs, which a status line must not.
func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// A failed statement, as the server reported it.
struct PQError: Error, CustomStringConvertible {
    var sqlstate: String
    var message: String
    var description: String { "\(message) (SQLSTATE \(sqlstate))" }
}

/// The rows of a statement's result, as text (NULL as nil).
struct PQRows: Sendable {
    var rows: [[String?]]

    var first: [String?]? { rows.first }
    /// The first column of the first row.
    var value: String? { rows.first?.first ?? nil }
}

/// A statement's result as libpq holds it, read in place: a bulk read decodes its columns from
/// the bytes without a string for each (79 MB of answers in an export). Once received it belongs
/// to no connection, so another thread may decode it while the connection reads the next.
final class PQResult: @unchecked Sendable {
    private let pq: LibPQ
    private let result: OpaquePointer
    let count: Int32
    let fields: Int32

    fileprivate init(pq: LibPQ, result: OpaquePointer) {
        self.pq = pq
        self.result = result
        count = pq.ntuples(result)
        fields = pq.nfields(result)
    }

    deinit { pq.clear(result) }

    func isNull(_ row: Int32, _ field: Int32) -> Bool { pq.getisnull(result, row, field) != 0 }

    /// A value's bytes (empty for NULL), valid while this result lives.
    func bytes(_ row: Int32, _ field: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let value = pq.getvalue(result, row, field) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self),
                                   count: Int(pq.getlength(result, row, field)))
    }

    func string(_ row: Int32, _ field: Int32) -> String? {
        isNull(row, field) ? nil : String(decoding: bytes(row, field), as: UTF8.self)
    }

    var rows: PQRows {
        PQRows(rows: (0..<count).map { row in (0..<fields).map { string(row, $0) } })
    }
}

/// One connection. Not shared between threads at once: its owner serialises use.
final class PQConnection: @unchecked Sendable {
    private let pq: LibPQ
    private let handle: OpaquePointer

    /// Connects with a libpq connection string or URI (`user` overriding its role); `PG*` variables,
    /// ~/.pgpass and pg_service.conf apply as in psql.
    /// `timeout`: seconds to wait for the server at most (`connect_timeout`), unless the connection
    /// string says otherwise.
    init(_ conninfo: String, user: String?, location: String, timeout: Int? = nil) throws(StoreError) {
        let pq = try LibPQ.load()
        // dbname expanded: the whole string is read as the connection string, overriding what comes
        // before it (the default timeout) and overridden by what comes after (`user`).
        let pairs = (timeout.map { [("connect_timeout", String($0))] } ?? []) + [("dbname", conninfo), ("application_name", "barnkoll")]
            + (user.map { [("user", $0)] } ?? [])
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keyPointers = keys.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        let connected = keyPointers.withUnsafeBufferPointer { k in
            valuePointers.withUnsafeBufferPointer { v in
                k.baseAddress.flatMap { kb in v.baseAddress.flatMap { vb in pq.connectdb(kb, vb, 1) } }
            }
        }
        guard let handle = connected else {
            throw .cannotOpen(store: location, sv: "libpq kunde inte skapa en anslutning (slut på minne)",
                              en: "libpq could not make a connection (out of memory)")
        }
        guard pq.status(handle) == LibPQ.connectionOK else {
            let message = pq.errorMessage(handle).map { String(cString: $0) } ?? ""
            pq.finish(handle)
            throw .cannotOpen(store: location, sv: "kan inte ansluta till databasen: " + oneLine(message),
                              en: "cannot connect to the database: " + oneLine(message))
        }
        self.pq = pq
        self.handle = handle
    }

    deinit { pq.finish(handle) }

    /// Whether the connection is still up (libpq notices a lost server on the next statement).
    var isBroken: Bool { pq.status(handle) != LibPQ.connectionOK }

    /// One statement with text parameters ($1, $2 …); its rows as text.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(PQError) -> PQRows {
        try result(sendOne(sql, parameters)).rows
    }

    private func sendOne(_ sql: String, _ parameters: [String?]) -> OpaquePointer? {
        // Each parameter as a C string that lives through the call.
        let cStrings: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let pointers = cStrings.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { buffer in
            pq.execParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
    }

    /// Several statements sent at once and answered in order: each one's rows or its error. A
    /// statement after a failed one is not run (its error says so), as in a transaction.
    func pipeline(_ statements: [(sql: String, parameters: [String?])]) -> [Result<PQRows, PQError>] {
        var results: [Result<PQRows, PQError>] = []
        results.reserveCapacity(statements.count)
        pipeline(statements) { _, result in results.append(result.map(\.rows)) }
        return results
    }

    /// The same, each result handed to `each` as it arrives (in order, with its index), so the
    /// caller can work on one while the server works on the next.
    func pipeline(_ statements: [(sql: String, parameters: [String?])], each: (Int, Result<PQResult, PQError>) -> Void) {
        guard statements.count > 1, let pipe = pq.pipeline, pipe.enter(handle) == 1 else {
            var failed = false
            for (index, statement) in statements.enumerated() {
                if failed {
                    each(index, .failure(Self.notRun))
                    continue
                }
                let result = Result { () throws(PQError) in try self.result(sendOne(statement.sql, statement.parameters)) }
                if case .failure = result { failed = true }
                each(index, result)
            }
            return
        }
        var sent = 0
        for statement in statements {
            let cStrings: [UnsafeMutablePointer<CChar>?] = statement.parameters.map { $0.flatMap { strdup($0) } }
            defer { cStrings.forEach { free($0) } }
            let pointers = cStrings.map { UnsafePointer($0) }
            let ok = pointers.withUnsafeBufferPointer { buffer in
                pipe.send(handle, statement.sql, Int32(statement.parameters.count), nil, buffer.baseAddress, nil, nil, 0)
            }
            guard ok == 1 else { break }
            sent += 1
        }
        let synced = pipe.sync(handle) == 1
        for index in 0..<sent {
            // Each statement's result, then a null that ends it.
            var outcome: Result<PQResult, PQError> = .failure(lost())
            while let result = pipe.getResult(handle) {
                if pq.resultStatus(result) == LibPQ.pipelineAborted {
                    pq.clear(result)
                    outcome = .failure(Self.notRun)
                } else {
                    outcome = Result { () throws(PQError) in try self.result(result) }
                }
            }
            each(index, outcome)
        }
        if synced {
            // The sync's own result, then leave pipeline mode with nothing left unread.
            while let result = pipe.getResult(handle) {
                let status = pq.resultStatus(result)
                pq.clear(result)
                if status == LibPQ.pipelineSync { break }
            }
        }
        _ = pipe.exit(handle)
        for index in sent..<statements.count { each(index, .failure(lost())) }
    }

    /// Said of a statement a pipeline skipped after an earlier one failed.
    static let notRun = PQError(sqlstate: "", message: "not run: an earlier statement failed")

    private func lost() -> PQError {
        let message = pq.errorMessage(handle).map { String(cString: $0) } ?? "connection lost"
        return PQError(sqlstate: "08006", message: oneLine(message))
    }

    /// The payloads of the notifications (LISTEN) that have arrived, without waiting for any.
    func notifications() throws(PQError) -> [String] {
        guard pq.consumeInput(handle) == 1 else {
            let message = pq.errorMessage(handle).map { String(cString: $0) } ?? "connection lost"
            throw PQError(sqlstate: "08006", message: oneLine(message))
        }
        var payloads: [String] = []
        // PGnotify is { char *relname; int be_pid; char *extra; … }: the payload after a pointer and an int.
        let extraOffset = MemoryLayout<UnsafeRawPointer>.stride * 2
        while let notify = pq.notifies(handle) {
            let extra = notify.load(fromByteOffset: extraOffset, as: UnsafePointer<CChar>?.self)
            payloads.append(extra.map { String(cString: $0) } ?? "")
            pq.freemem(notify)
        }
        return payloads
    }

    /// Several statements without parameters (a migration's text).
    func execute(_ sql: String) throws(PQError) {
        _ = try result(pq.exec(handle, sql))
    }

    /// A statement's result, or its error (the result then freed).
    private func result(_ result: OpaquePointer?) throws(PQError) -> PQResult {
        guard let result else {
            let message = pq.errorMessage(handle).map { String(cString: $0) } ?? "no result"
            throw PQError(sqlstate: "08006", message: oneLine(message))
        }
        let status = pq.resultStatus(result)
        guard status == LibPQ.commandOK || status == LibPQ.tuplesOK else {
            defer { pq.clear(result) }
            let sqlstate = pq.resultErrorField(result, LibPQ.sqlstateField).map { String(cString: $0) } ?? "08006"
            let message = pq.resultErrorField(result, LibPQ.primaryMessageField).map { String(cString: $0) }
                ?? pq.resultErrorMessage(result).map { String(cString: $0) } ?? "error"
            throw PQError(sqlstate: sqlstate, message: oneLine(message))
        }
        return PQResult(pq: pq, result: result)
    }
}
