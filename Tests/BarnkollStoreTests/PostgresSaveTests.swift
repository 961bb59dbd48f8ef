import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollPostgres
import Foundation
import Synchronization
import Testing

/// What makes a save on PostgreSQL cheap and keeps it correct: its statements go in two trips
/// (libpq's pipeline), and nothing in it waits for every other save in the administration.
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresSave {
    /// Statements sent together are answered in order; after a failed one the rest are not run,
    /// and the connection serves the next statement as before.
    @Test func aPipelineAnswersInOrderAndStopsAtTheFirstFailure() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let connection = try PQConnection(conninfo + " user=anna", user: nil, location: "test")
        let results = connection.pipeline([("SELECT $1::int + 1", ["41"]), ("SELECT 1 / $1::int", ["0"]), ("SELECT 'never'", [])])
        try #require(results.count == 3)
        #expect(try results[0].get().value == "42")
        #expect(throws: PQError.self) { try results[1].get() }
        if case .failure(let error) = results[1] { #expect(error.sqlstate == "22012") }
        if case .failure(let error) = results[2] { #expect(error.sqlstate == PQConnection.notRun.sqlstate) } else { Issue.record("ran") }
        #expect(try connection.query("SELECT 'after'").value == "after")

        // In a transaction: a failure rolls back what came before it in the same trip.
        try connection.query("CREATE TEMP TABLE t (n int)")
        let inTransaction = connection.pipeline([("BEGIN", []), ("INSERT INTO t VALUES (1)", []), ("SELECT 1 / 0", []), ("COMMIT", [])])
        #expect(inTransaction.map { if case .success = $0 { true } else { false } } == [true, true, false, false])
        try connection.query("ROLLBACK")
        #expect(try connection.query("SELECT count(*) FROM t").value == "0")
    }

    /// A write whose rows nobody reads is sent with COMMIT; the database's refusal of it is still
    /// thrown, naming the analysis, and nothing of the transaction stays.
    @Test func aWriteSentWithCommitIsRefusedAsBefore() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                  answers: PostgresRules.complete).id
        _ = try store.submit(id, by: "anna")
        let before = try store.chainHead()
        do {
            // Core refuses this first; here the database is asked directly, as a forged client would.
            try store.transaction(as: "anna") { tx throws(StoreError) in
                tx.later("SELECT barnkoll.save_answer($1, 'view', '\"Ändrat efteråt.\"', NULL)", [id], id: id)
            }
            Issue.record("the database let a submitted analysis change")
        } catch {
            guard case .notEditable(let refused, .submitted) = error else { Issue.record("\(error)"); return }
            #expect(refused == id)
        }
        #expect(try store.chainHead() == before)
        #expect(try store.analysis(id, readBy: "anna").answers["view"] == .text("Vill bo kvar."))
    }

    /// After each write the store asks whether the chain's head is due for the server log. When it
    /// is not, the question takes no lock and writes nothing, so it needs no flush of its own and no
    /// save waits for another's (before Migration 16 every save locked the one row of anchor_state).
    @Test func askingWhetherTheHeadIsDueLocksNothing() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        _ = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: PostgresRules.complete)
        let connection = try PQConnection(conninfo + " user=anna", user: nil, location: "test")
        try connection.query("BEGIN")
        #expect(try connection.query("SELECT * FROM barnkoll.anchor_if_due(1000000, 1000000)").rows.isEmpty)
        // No transaction id: nothing locked or written.
        #expect(try connection.query("SELECT pg_current_xact_id_if_assigned()").value == nil)
        try connection.query("ROLLBACK")
        // Due (every event): logged once, under the lock, and not again for the same head.
        try connection.query("BEGIN")
        #expect(try connection.query("SELECT * FROM barnkoll.anchor_if_due(1, 1000000)").rows.count == 1)
        #expect(try connection.query("SELECT * FROM barnkoll.anchor_if_due(1, 1000000)").rows.isEmpty)
        try connection.query("COMMIT")
    }

    /// Migration 34: a save waiting for the chain waits in line for `chain_queue`, one waiter at a
    /// time on the chain's row. A transaction already holding the row (as an import or a logged read
    /// does) appends at once and never joins the line: were it to wait there behind a save that
    /// waits for its row, the two would deadlock.
    @Test func anAppendThatHoldsTheChainNeverWaitsInLineBehindASaveWaitingForIt() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna").id
        let superuser = try PostgresCluster.superuser(of: store)
        // As an import holds it: the chain's row, for the rest of a transaction.
        try superuser.query("BEGIN")
        try superuser.query("SELECT * FROM barnkoll.chain_head FOR UPDATE")
        let saved = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        Thread.detachNewThread {
            do {
                try store.save(id, item: "view", value: .text("Barnet vill bo kvar."), by: "anna")
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            saved.signal()
        }
        // The save is in line: it holds chain_queue and waits for the row.
        var inLine = false
        for _ in 0..<200 where !inLine {
            usleep(25_000)
            inLine = try superuser.query("""
                SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'chain_queue' AND l.granted AND l.pid <> pg_backend_pid()
                """).value == "1"
        }
        #expect(inLine)
        // The row's holder appends without waiting (a deadlock would cancel one of the two).
        try superuser.query("SET LOCAL lock_timeout = '5s'")
        try superuser.query("SELECT barnkoll.audit_append('stats.read', NULL, 'test')")
        try superuser.query("COMMIT")
        #expect(saved.wait(timeout: .now() + 30) == .success)
        #expect(failure.withLock { $0 } == nil)
        #expect(try store.verify().isEmpty)
        #expect(try store.auditEvents(for: nil).suffix(2).map(\.action) == ["stats.read", "answer.save"])
    }

    /// Migration 34: the helpers a save calls that read no table are inlined, which PostgreSQL does
    /// only for an SQL function without its own settings that is not SECURITY DEFINER. And a
    /// function that runs with its owner's rights always sets its own search_path.
    @Test func theHelpersASaveCallsAreInlinedAndEveryOwnersFunctionSetsItsPath() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let superuser = try PQConnection(conninfo + " user=postgres", user: nil, location: "test")
        let inlinable = try superuser.query("""
            SELECT p.proname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE p.pronamespace = 'barnkoll'::regnamespace AND l.lanname = 'sql' AND p.proconfig IS NULL
              AND NOT p.prosecdef AND p.proname IN ('stamp', 'open_checklists', 'visible')
            ORDER BY 1
            """).rows.compactMap { $0.first ?? nil }
        #expect(inlinable == ["open_checklists", "stamp", "visible", "visible"])
        let unguarded = try superuser.query("""
            SELECT p.proname FROM pg_proc p
            WHERE p.pronamespace = 'barnkoll'::regnamespace AND p.prosecdef AND p.proconfig IS NULL
            """).rows.compactMap { $0.first ?? nil }
        #expect(unguarded.isEmpty)
    }

    /// Every function staff or auditors may call is one barnkoll calls (a function the client left
    /// behind, as six were until Migration 43, is a door nobody watches and a rule nobody keeps up),
    /// or one the row-level security policies call with the caller's rights.
    @Test func everyFunctionStaffMayCallIsOneBarnkollCalls() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let superuser = try PQConnection(conninfo + " user=postgres", user: nil, location: "test")
        let callable = try superuser.query("""
            SELECT DISTINCT p.proname FROM pg_proc p
            WHERE p.pronamespace = 'barnkoll'::regnamespace
              AND (has_function_privilege('barnkoll_staff', p.oid, 'EXECUTE') OR has_function_privilege('barnkoll_auditor', p.oid, 'EXECUTE'))
            ORDER BY 1
            """).rows.compactMap { $0.first ?? nil }
        let policies = try superuser.query("SELECT string_agg(coalesce(qual, '') || ' ' || coalesce(with_check, ''), ' ') FROM pg_policies")
            .value ?? ""
        let sources = packageRoot.appendingPathComponent("Sources/BarnkollPostgres")
        let client = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix(".swift") && !($0.hasPrefix("Migration0") && $0 != "Migrations.swift") }
            .map { try String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8) }.joined()
        #expect(callable.count > 40)
        let uncalled = callable.filter { !client.contains("barnkoll.\($0)(") && !policies.contains("\($0)(") }
        #expect(uncalled.isEmpty, "\(uncalled)")
    }

    /// Migration 35: the functions a save calls keep one plan for each statement, a lookup by key,
    /// instead of planning it again for every call's values. A later migration that replaces one
    /// of them and forgets the setting fails here.
    @Test func aSavesFunctionsKeepOnePlan() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let superuser = try PQConnection(conninfo + " user=postgres", user: nil, location: "test")
        let kept = try superuser.query("""
            SELECT p.proname FROM pg_proc p
            WHERE p.pronamespace = 'barnkoll'::regnamespace AND 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig)
              AND 'search_path=barnkoll, barnkoll_crypto, pg_temp' = ANY (p.proconfig)
            ORDER BY 1
            """).rows.compactMap { $0.first ?? nil }
        #expect(kept == ["anchor_if_due", "save_answer", "stored_answers"])
    }

    /// Migration 34: a save updates the answer it changes and inserts only a new one; either way the
    /// answer is the last one written, once, and a submitted analysis still refuses both.
    @Test func aSaveInsertsANewAnswerAndUpdatesAnExistingOne() throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna").id
        try store.save(id, item: "view", value: .text("Först."), by: "anna")
        try store.save(id, item: "view", value: .text("Sedan."), by: "anna")
        try store.save(id, item: "affected", value: .text("yes"), by: "anna")
        let superuser = try PostgresCluster.superuser(of: store)
        let rows = try superuser.query("SELECT item_id, value FROM barnkoll.answer WHERE analysis_id = $1 ORDER BY 1", [id]).rows
        #expect(rows.map { $0.compactMap { $0 } } == [["affected", #""yes""#], ["view", #""Sedan.""#]])
        _ = try store.submit(id, by: "anna")
        #expect(throws: StoreError.self) { try store.save(id, item: "view", value: .text("Efteråt."), by: "anna") }
        #expect(throws: StoreError.self) { try store.save(id, item: "other", value: .text("Nytt."), by: "anna") }
        #expect(try store.verify().isEmpty)
    }
}
