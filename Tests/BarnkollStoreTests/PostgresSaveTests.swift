import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollPostgres
import Foundation
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
}
