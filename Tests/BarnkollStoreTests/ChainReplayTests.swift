import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

extension ContractStore {
    /// Runs SQL as someone with the raw database: on SQLite the file with every trigger dropped and
    /// foreign keys off; on PostgreSQL the superuser with the triggers off for the session. The
    /// same statements on both unless the kinds keep the record in different tables.
    func intrude(_ store: any CaseworkStore, _ statements: [String], postgres: [String]? = nil) throws {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue(path: store.location)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                    try db.execute(sql: "DROP TRIGGER \(trigger)")
                }
                for statement in statements { try db.execute(sql: statement) }
            }
            try queue.close()
        case .postgres:
            let superuser = try PostgresCluster.superuser(of: store)
            try superuser.query("SET search_path = barnkoll")
            try superuser.query("SET session_replication_role = replica")
            for statement in postgres ?? statements { try superuser.query(statement) }
        }
    }
}

/// `verify` replays the audit chain: every change the issue lists, made with the raw database as a
/// member of the group (or a superuser) could, and what `verify` says of it. Each passed `verify`
/// before the replay.
@Suite struct StoreContractReplay {
    let complete = StoreContract.complete

    func store(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        return store
    }

    @discardableResult
    func approved(_ store: any CaseworkStore, author: String = "anna", caseRef: String = "R-1") throws -> String {
        let id = try store.create(checklist: testChecklist(), caseRef: caseRef, unit: "Norr", author: author, answers: complete).id
        _ = try store.submit(id, by: author)
        _ = try store.approve(id, by: "bertil", comment: nil)
        return id
    }

    @Test(arguments: ContractStore.enabled)
    func aRewrittenDefinitionIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        try approved(store)
        #expect(try store.verify() == [])
        // The approved "Ja" now reads "Nej, barnet hördes inte", under the same hash.
        try kind.intrude(store, ["UPDATE checklist_definition SET source = replace(source, '{sv: Ja,', '{sv: \"Nej, barnet hördes inte\",')"])
        let problems = try store.verify()
        #expect(problems.first?.hasPrefix("checklist definition testlista v1: its text does not match its hash") == true, "\(problems)")
        #expect(problems.count == 1)
    }

    @Test(arguments: ContractStore.enabled)
    func aWholeApprovedAnalysisDeletedIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try approved(store)
        let other = try approved(store, caseRef: "R-2")
        let tables = kind == .sqlite
            ? ["answer", "answer_owner", "version", "review", "analysis_key", "indicator_version", "indicator_analysis"]
            : ["answer", "version", "review", "analysis_key"]
        try kind.intrude(store, tables.map { "DELETE FROM \($0) WHERE analysis_id = '\(id)'" } + ["DELETE FROM analysis WHERE id = '\(id)'"])
        #expect(try store.list(AnalysisFilter()).map(\.id) == [other])
        #expect(try store.verify() == ["analysis \(id): recorded in the audit trail but missing from the store (deleted outside barnkoll)"])
    }

    @Test(arguments: ContractStore.enabled)
    func aDeletedApprovalIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try approved(store)
        try kind.intrude(store, ["DELETE FROM review WHERE analysis_id = '\(id)'"])
        // Still shown approved, with no approval behind it.
        let shown = try store.analysis(id, readBy: "anna")
        #expect(shown.summary.status == .approved && shown.reviews.isEmpty)
        let problems = try store.verify()
        #expect(problems.count == (kind == .sqlite ? 2 : 1))
        #expect(problems.first?.hasPrefix("analysis \(id): the review the audit trail recorded in row ") == true, "\(problems)")
        #expect(problems.first?.hasSuffix("(analysis.approved) is missing from the store (deleted outside barnkoll)") == true)
        // In the file, the indicators' row of the analysis still counts the approval.
        if kind == .sqlite { #expect(problems.last == derivedRows("indicator_analysis", id, 1)) }
    }

    @Test(arguments: ContractStore.enabled)
    func aDeletedVersionIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try approved(store)
        try kind.intrude(store, ["DELETE FROM version WHERE analysis_id = '\(id)'"])
        let shown = try store.analysis(id, readBy: "anna")
        #expect(shown.summary.status == .approved && shown.versions.isEmpty)
        #expect(try store.verify() == ["version \(id) v1: recorded in the audit trail but missing from the store (deleted outside barnkoll)"]
                + (kind == .sqlite ? [derivedRows("indicator_version", id, 1), derivedRows("indicator_analysis", id, 1)] : []))
    }

    /// bertil, a supervisor, re-attributes his own analysis to cecilia, and barnkoll then lets him approve it.
    @Test(arguments: ContractStore.enabled)
    func aReattributedAnalysisAndTheSelfApprovalItAllowedAreNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "bertil", answers: complete).id
        _ = try store.submit(id, by: "bertil")
        #expect(throws: StoreError.self) { try store.approve(id, by: "bertil", comment: nil) }
        try kind.intrude(store, ["UPDATE analysis SET author = 'cecilia' WHERE id = '\(id)'"])
        _ = try store.approve(id, by: "bertil", comment: nil)
        let problems = try store.verify()
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("analysis \(id): audit row ") && $0.hasSuffix("(analysis.approved) is a review by bertil, its author in the audit trail (four eyes broken outside barnkoll)") })
        #expect(problems.contains("analysis \(id): its author is cecilia but the audit trail has bertil (changed outside barnkoll)"))
    }

    @Test(arguments: ContractStore.enabled)
    func aChangedCaseReferenceOrUnitIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let first = try approved(store)
        let second = try approved(store, caseRef: "R-2")
        let draft = try store.create(checklist: testChecklist(), caseRef: "R-3", unit: "Norr", author: "anna").id
        try kind.intrude(store, ["UPDATE analysis SET case_ref = 'R-99' WHERE id = '\(first)'",
                                 "UPDATE analysis SET unit = 'Söder' WHERE id IN ('\(second)', '\(draft)')"])
        #expect(try store.verify() == [first, second, draft].map {
            "analysis \($0): its case reference, unit or checklist definition is not what the audit trail recorded (changed outside barnkoll)"
        } + (kind == .sqlite ? [derivedRows("indicator_analysis", second, 1)] : []))
    }

    @Test(arguments: ContractStore.enabled)
    func aRoleInsertedOrDeletedIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        try store.addUnit("Norr", by: "anna")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.trainer, for: "tove", granted: true, by: "anna")
        try store.setRole(.trainer, for: "tove", granted: false, by: "anna")
        #expect(try store.verify() == [])
        try kind.intrude(store, [
            "INSERT INTO role (account, role, unit, granted_by, granted_at) VALUES ('cecilia', 'admin', '', 'anna', '2026-01-01T00:00:00.000Z')",
            "INSERT INTO role (account, role, unit, granted_by, granted_at) VALUES ('nora', 'supervisor', 'Norr', 'anna', '2026-01-01T00:00:00.000Z')",
            "DELETE FROM role WHERE account = 'bertil'",
        ])
        #expect(try store.verify() == [
            "role admin of cecilia: not granted in the audit trail (added outside barnkoll)",
            "role supervisor of nora in unit Norr: not granted in the audit trail (added outside barnkoll)",
            "role supervisor of bertil: granted in the audit trail but missing from the store (removed outside barnkoll)",
        ])
    }

    /// A passed follow-up date taken off the supervisor's list: on SQLite by clearing the open date
    /// kept for the list, on PostgreSQL (which reads it from the answers) by deleting the answer.
    @Test(arguments: ContractStore.enabled)
    func aClearedDueDateIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: try followUpChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                  answers: complete.merging(["follow_up_date": .text("2026-02-02")]) { $1 }).id
        _ = try store.submit(id, by: "anna")
        _ = try store.approve(id, by: "bertil", comment: nil)
        #expect(try store.followUps(today: "2026-06-01").contains { $0.kind == .followUpOverdue && $0.summary.id == id })
        try kind.intrude(store, ["UPDATE analysis SET follow_up_due = NULL WHERE id = '\(id)'"],
                         postgres: ["DELETE FROM answer WHERE analysis_id = '\(id)' AND item_id = 'follow_up_date'"])
        #expect(try !store.followUps(today: "2026-06-01").contains { $0.summary.id == id })
        #expect(try store.verify() == [kind == .sqlite
            ? "analysis \(id): its open follow_up_date for the follow-up list is none but its answers say 2026-02-02 (changed outside barnkoll)"
            : "analysis \(id): its answers differ from its last version v1 (changed outside barnkoll)"])
    }

    /// An override keeps its ground, and the ground is in the review's keyed digest: changed to
    /// another accepted ground behind barnkoll's back, `verify` names the review.
    @Test(arguments: ContractStore.enabled)
    func anOverridesGroundIsKeptAndAChangedOneIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                  answers: complete.merging(["care": .text("yes")]) { $1 }).id
        try store.override(id, rule: "care-stop", ground: .toBoard, by: "bertil", reason: "Nämnden beslutar den 12 mars.")
        let review = try #require(try store.analysis(id, readBy: "bertil").reviews.last)
        #expect(review.decision == .override && review.ground == .toBoard && review.rule == "care-stop")
        #expect(try store.verify() == [])
        try kind.intrude(store, ["UPDATE review SET ground = 'misclassified' WHERE analysis_id = '\(id)'"])
        let problems = try store.verify()
        #expect(problems.first == "review 1 of \(id): not the review the audit trail recorded (changed outside barnkoll)", "\(problems)")
    }

    /// Notes after the decision are records too: one rewritten and one deleted are named.
    @Test(arguments: ContractStore.enabled)
    func aChangedOrDeletedNoteIsNamed(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try approved(store)
        try store.addNote(id, NewNote(kind: .outcome, date: "2026-03-10", outcome: .granted, text: ""), by: "anna", today: "2026-12-02")
        try store.addNote(id, NewNote(kind: .feedback, date: "2026-03-09", outcome: nil, text: "Förklarat hemma."), by: "anna",
                          today: "2026-12-02")
        #expect(try store.verify() == [])
        try kind.intrude(store, ["UPDATE note SET outcome = 'refused' WHERE kind = 'outcome'", "DELETE FROM note WHERE kind = 'feedback'"])
        let problems = try store.verify()
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.first == "analysis \(id): its outcome note is not one the audit trail recorded (changed or added outside barnkoll)")
        #expect(problems.dropFirst().allSatisfy { $0.hasPrefix("analysis \(id): the note the audit trail recorded in row ") })
    }

    /// A draft moved onto a newer definition is filed anew: it verifies, and a unit changed after is named.
    @Test(arguments: ContractStore.enabled)
    func aDraftMovedOntoANewerDefinitionIsHeldToItsNewFiling(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: complete).id
        #expect(try store.moveDefinition(id, catalog: DefinitionMoves.catalog, by: "anna") != nil)
        #expect(try store.verify() == [])
        try kind.intrude(store, ["UPDATE analysis SET unit = 'Söder' WHERE id = '\(id)'"])
        #expect(try store.verify() == ["analysis \(id): its case reference, unit or checklist definition is not what the audit trail recorded (changed outside barnkoll)"])
    }

    /// What the replay holds a store to after hand-overs, unit moves and a retention purge: nothing to name.
    @Test(arguments: ContractStore.enabled)
    func casesMovedAndPurgedAsBarnkollDoesItVerify(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let store = try store(kind, folder)
        let old = try approved(store)
        try store.addUnit("Norr", by: "anna")
        try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        try store.setRole(.supervisor, for: "nils", granted: true, by: "anna", unit: "Norr")
        let draft = try store.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "nora", answers: complete).id
        try store.reassign(draft, to: "nina", reason: "Nora är föräldraledig.", by: "nils")
        try store.save(draft, item: "view", value: nil, by: "nina")
        try store.renameUnit("Norr", to: "Nord", by: "anna")
        #expect(try store.header(draft).summary.unit == "Nord")
        #expect(try store.purge(before: "2999-01-01", by: "anna") == [old])
        #expect(try store.verify() == [])
        // And what moving and handing over recorded is held: the hand-over undone by hand is named.
        try kind.intrude(store, ["UPDATE analysis SET author = 'nora' WHERE id = '\(draft)'"])
        #expect(try store.verify() == ["analysis \(draft): its author is nora but the audit trail has nina (changed outside barnkoll)"])
    }
}

/// A store the barnkoll before the replay wrote (schema v14): its first admin's grant and the
/// filings after hand-overs and moves are not in its chain. v15 seals them once, and then it
/// verifies, and is held like a new store from there on.
@Suite struct ChainReplayUpgrade {
    @Test func aV14StoreIsSealedOnceAndThenHeldToItsChain() throws {
        let folder = TemporaryFolder()
        let path = folder.file("store/barnkoll.sqlite")
        do {
            let store = try openStore(folder)
            try store.addUnit("Norr", by: "anna")
            try store.setRole(.caseworker, for: "nora", granted: true, by: "anna", unit: "Norr")
            try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
            let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "nora",
                                      answers: StoreContract.complete).id
            try store.reassign(id, to: "nina", reason: "Sjuk.", by: "anna")
            try store.renameUnit("Norr", to: "Nord", by: "anna")
            // What v14 wrote: the same, without the rows v15 adds, its chain hashed as it was.
            try store.pool.writeWithoutTransaction { db in
                try db.execute(sql: "DROP TRIGGER audit_never_deleted")
                try db.execute(sql: "DROP TRIGGER audit_never_updated")
                try db.execute(sql: "DELETE FROM audit WHERE action = 'analysis.filed' OR (action = 'role.grant' AND detail = 'admin anna')")
                var previous = AuditChain.genesis
                var number: Int64 = 0
                for row in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id") {
                    number += 1
                    let chained = AuditChain.Row(id: number, at: row["at"], account: row["account"], action: row["action"],
                                                 analysisID: row["analysis_id"], detail: row["detail"], digest: row["digest"])
                    previous = AuditChain.hash(previous: previous, chained)
                    try db.execute(sql: "UPDATE audit SET id = ?, hash = ? WHERE id = ?", arguments: [number, previous, row["id"] as Int64])
                }
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v15-chain-replay'")
            }
            try store.closeConnections()
        }
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(try store.verify() == [])
        let sealed = try store.auditEvents().filter { $0.account == "barnkoll" }.map(\.action)
        #expect(sealed.first == "roles.sealed" && sealed.filter { $0 == "role.sealed" }.count == 4 && sealed.last == "analysis.filed")
        // From here on the replay holds it: a role put in by hand is named.
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO role (account, role, unit, granted_by, granted_at) VALUES ('nora', 'admin', '', 'x', 'x')")
        }
        #expect(try store.verify() == ["role admin of nora: not granted in the audit trail (added outside barnkoll)"])
    }
}

/// What SQLite's verify says of the indicators' rows out of step with the records they are made from.
private func derivedRows(_ table: String, _ first: String, _ count: Int) -> String {
    let from = table == "indicator_version" ? "the versions" : "the analyses and their reviews"
    return "\(table) is out of step with \(from) in \(count) of its rows, first in \(first) (changed outside barnkoll), so the yearly indicators count wrongly; restore the store from a backup"
}
