import BarnkollCore
@testable import BarnkollPostgres
import Foundation
import Testing

/// Issue 25: a database an older barnkoll made (migration 1 alone, or 1 and 2) and worked in, then
/// upgraded with `admin migrate`: its records read as before, `verify` holds, and work goes on.
/// Needs a test cluster (BARNKOLL_PG_SOCKET).
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresUpgrade {
    @Test(arguments: [1, 2])
    func anOlderDatabaseUpgradesAndKeepsItsRecords(through version: Int) throws {
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder, through: version)
        let superuser = try PQConnection(conninfo, user: "postgres", location: "test")
        #expect(try superuser.query("SELECT max(version) FROM barnkoll.schema_migration").value == String(version))
        // Today's barnkoll refuses the older schema until it is migrated.
        #expect(throws: StoreError.self) { try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real) }

        // Worked in as the older schema's functions allow: units, roles, a decided and a returned analysis.
        let old = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach,
                                         checkingSchema: false)
        try old.addUnit("Norr", by: "anna")
        try old.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try old.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        try old.setRole(.caseworker, for: "cecilia", granted: true, by: "anna", unit: "Norr")
        let complete: Answers = ["affected": .text("yes"), "view": .text("Vill bo kvar hos mormor.")]
        let approved = try old.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "nora", answers: complete).id
        let returned = try old.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "nora", answers: complete).id
        // A hand-over before Migration 45 kept its reason only in the chain's digest: no row is owed for it.
        let handed = try old.create(checklist: testChecklist(), caseRef: "R-3", unit: "Norr", author: "nora", answers: complete).id
        try old.reassign(handed, to: "cecilia", reason: "Nora har slutat.", by: "nils")
        // Submitted and reviewed through the older schema's own functions, as its barnkoll called them.
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        let json = CanonicalJSON.encode(complete, fallback: "{}")
        for id in [approved, returned] {
            try nora.query("SELECT barnkoll.submit_version($1, 1, 'submitted', $2)", [id, json])
        }
        try nils.query("SELECT * FROM barnkoll.record_review($1, 'approve', 1, 'Bra.', '{}', NULL, 'approved')", [approved])
        try nils.query("SELECT * FROM barnkoll.record_review($1, 'return', 1, 'Hör barnet igen.', '{}', NULL, 'returned')", [returned])
        // Read as the database holds it (reading through today's store needs the newer functions).
        let hashes = "SELECT string_agg(content_hash, ',' ORDER BY number) FROM barnkoll.version WHERE analysis_id = $1"
        let before = try superuser.query(hashes, [approved]).value
        #expect(before != nil)

        // The DBA's upgrade: the rest of the migrations, as `barnkoll admin migrate` applies them.
        let applied = try PostgresStore.migrate(conninfo: conninfo + " user=postgres", kind: .real)
        #expect(applied == Migrations.all.map(\.version).filter { $0 > version })

        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        #expect(try store.verify() == [])
        let after = try store.analysis(approved, readBy: "nils")
        #expect(after.answers == complete && after.summary.status == .approved)
        #expect(after.versions.map(\.contentHash).joined(separator: ",") == before)
        #expect(try superuser.query(hashes, [approved]).value == before)
        // Work goes on with what the newer migrations brought: a note, a second round, a training id refused.
        _ = try store.addNote(approved, NewNote(kind: .feedback, date: ISODate.today(), outcome: nil, text: ""), by: "nora")
        try store.save(returned, item: "view", value: .text("Vill bo kvar, sa hon igen."), by: "nora")
        _ = try store.submit(returned, by: "nora")
        _ = try store.approve(returned, by: "nils", comment: nil)
        #expect(throws: StoreError.self) { try store.analysis("ÖVN-2026-0001", readBy: "nils") }
        #expect(try store.analysis(handed, readBy: "nils").transfers.isEmpty)
        try store.reassign(handed, to: "nora", reason: "Nora är tillbaka.", by: "nils")
        #expect(try store.analysis(handed, readBy: "nils").transfers.map(\.reason) == ["Nora är tillbaka."])
        #expect(try store.verify() == [])
    }
}
