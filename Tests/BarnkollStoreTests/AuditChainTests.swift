import BarnkollCore
@testable import BarnkollStore
import Crypto
import Foundation
import GRDB
import Testing

/// The audit chain: each change someone could make with the file and the sqlite3 shell, and the
/// record `verify` names for it.
@Suite struct AuditChainTamper {
    /// A store with one approved analysis (two versions, a return between) and one draft.
    func store(_ folder: TemporaryFolder) throws -> (SQLiteStore, approved: String, draft: String) {
        let store = try openStore(folder)
        let approved = try store.create(checklist: testChecklist(), caseRef: "R1", unit: "U", author: "anna",
                                        answers: ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]).id
        _ = try store.submit(approved, by: "anna")
        try store.return(approved, by: "bertil", comment: "Hör barnet igen.", itemComments: ["view": "Med egna ord?"])
        try store.save(approved, item: "view", value: .text("”Jag vill bo kvar”, säger hon."), by: "anna")
        _ = try store.submit(approved, by: "anna")
        try store.approve(approved, by: "bertil", comment: nil)
        let draft = try store.create(checklist: testChecklist(), caseRef: "R2", unit: "U", author: "anna",
                                     answers: ["affected": .text("yes")]).id
        try store.save(draft, item: "view", value: .text("Han vill träffa pappa."), by: "anna")
        return (store, approved, draft)
    }

    /// Runs SQL as an intruder would: the guarding triggers dropped first.
    func tamper(_ store: SQLiteStore, _ sql: String...) throws {
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for statement in sql { try db.execute(sql: statement) }
        }
    }

    @Test func aStoreUsedAsIntendedVerifiesAndEveryRowIsChained() throws {
        let folder = TemporaryFolder()
        let (store, _, _) = try store(folder)
        #expect(try store.verify() == [])
        try store.pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
            #expect(rows.count > 10)
            #expect(rows.allSatisfy { ($0["hash"] as Data?)?.count == 32 })
            // Saves, freezes and reviews carry a digest; reads and role changes do not.
            #expect(rows.filter { ($0["action"] as String) == "answer.save" }.allSatisfy { $0["digest"] != nil })
            #expect(rows.filter { ($0["action"] as String) == "role.grant" }.allSatisfy { ($0["digest"] as Data?) == nil })
        }
    }

    @Test func anEditedAuditRowIsNamedAsTheFirstBroken() throws {
        let folder = TemporaryFolder()
        let (store, _, _) = try store(folder)
        let row = try store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM audit WHERE action = 'analysis.approved'") ?? 0 }
        try tamper(store, "UPDATE audit SET account = 'cecilia' WHERE id = \(row)")
        let problems = try store.verify()
        #expect(problems.first?.hasPrefix("audit row \(row) (analysis.approved") == true)
        #expect(problems.count == 1) // rows after it are not listed one by one
    }

    @Test func aRemovedAuditRowIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, _, _) = try store(folder)
        try tamper(store, "DELETE FROM audit WHERE id = 3")
        #expect(try store.verify().first?.hasPrefix("audit row 4 ") == true)
    }

    @Test func aChangedDraftAnswerIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, _, draft) = try store(folder)
        try tamper(store, "UPDATE answer SET value = '\"Han vill flytta.\"' WHERE analysis_id = '\(draft)' AND item_id = 'view'")
        #expect(try store.verify() == ["answer view of \(draft): not the answer the audit trail recorded (changed outside barnkoll)"])
    }

    /// Clearing an answer is a save too: its absence is what the chain recorded.
    @Test func anAnswerClearedByItsAuthorVerifies() throws {
        let folder = TemporaryFolder()
        let (store, _, draft) = try store(folder)
        try store.save(draft, item: "view", value: nil, by: "anna")
        #expect(try store.verify() == [])
        try tamper(store, "INSERT INTO answer (analysis_id, item_id, value, search_text, updated_at, updated_by) VALUES ('\(draft)', 'view', '\"Tillbaka.\"', 'Tillbaka.', '', 'x')")
        #expect(try store.verify().first == "answer view of \(draft): not the answer the audit trail recorded (changed outside barnkoll)")
    }

    @Test func aDeletedDraftAnswerIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, _, draft) = try store(folder)
        try tamper(store, "DELETE FROM answer WHERE analysis_id = '\(draft)' AND item_id = 'view'")
        // With the triggers dropped, the answer's owner row stays behind: named after the record.
        #expect(try store.verify() == ["answer view of \(draft): recorded in the audit trail but missing from the store",
                                       "answer_owner is out of step with the answers in 1 of its rows (changed outside barnkoll), so searches may miss or misplace answers; restore the store from a backup"])
    }

    /// Changing a version and recomputing its content hash beats the hash; not the chain.
    @Test func aVersionRewrittenWithAFreshHashIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, approved, _) = try store(folder)
        let rewritten = #"{"affected":"yes","view":"Hon vill flytta."}"#
        let definition = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT definition_hash FROM analysis WHERE id = ?", arguments: [approved]) ?? "" }
        try tamper(store, """
            UPDATE version SET answers = '\(rewritten)', content_hash = '\(Casework.contentHash(definitionHash: definition, answersJSON: rewritten))'
            WHERE analysis_id = '\(approved)' AND number = 1
            """)
        #expect(try store.verify() == ["version \(approved) v1: not the version the audit trail recorded (changed outside barnkoll)"])
    }

    @Test func aChangedReviewCommentIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, approved, _) = try store(folder)
        try tamper(store, "UPDATE review SET comment = 'Bra.' WHERE decision = 'return'")
        #expect(try store.verify().first?.hasPrefix("review 1 of \(approved): not the review") == true)
    }

    @Test func aStatusSetByHandIsNamed() throws {
        let folder = TemporaryFolder()
        let (store, _, draft) = try store(folder)
        try tamper(store, "UPDATE analysis SET status = 'approved' WHERE id = '\(draft)'")
        #expect(try store.verify().contains("analysis \(draft): its status is approved but the audit trail last moved it to draft (changed outside barnkoll)"))
    }

    /// Someone with the file has the keys too: they can change an answer and rewrite the chain
    /// from there on. `verify` cannot see it; the heads in the system log can.
    @Test func aRewrittenChainPassesVerifyButNotTheAnchor() throws {
        let folder = TemporaryFolder()
        let (store, approved, draft) = try store(folder)
        let logged = try store.chainHead()
        #expect(try store.checkAnchors([logged]) == (1, []))
        try tamper(store, "UPDATE answer SET value = '\"Han vill flytta.\"' WHERE analysis_id = '\(draft)' AND item_id = 'view'")
        try store.pool.write { db in
            // The intruder's rewrite: the save's digest recomputed with the key, every hash after it.
            let key = try AuditChain.key(db, analysis: draft) ?? Data()
            let digest = AuditChain.digest(.answer(item: "view", json: "\"Han vill flytta.\""), key: key)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
            var previous = AuditChain.genesis
            for row in rows {
                var chained = AuditChain.Row(id: row["id"], at: row["at"], account: row["account"], action: row["action"],
                                             analysisID: row["analysis_id"], detail: row["detail"], digest: row["digest"])
                if chained.analysisID == draft && chained.detail == "view" { chained.digest = digest }
                previous = AuditChain.hash(previous: previous, chained)
                try db.execute(sql: "UPDATE audit SET digest = ?, hash = ? WHERE id = ?", arguments: [chained.digest, previous, chained.id])
            }
        }
        #expect(try store.verify() == [])
        let (checked, problems) = try store.checkAnchors([logged])
        #expect(checked == 1)
        #expect(problems.map { $0.text(.en) } == ["audit row \(logged.id): not the row whose hash the system log holds (the chain was rewritten)"])
        // Cutting the chain short instead is caught too; and heads of other stores are not ours.
        try tamper(store, "DELETE FROM audit WHERE id >= \(logged.id)")
        #expect(try store.checkAnchors([logged]).problems.first?.text(.en).hasSuffix("(rows were removed)") == true)
        #expect(try store.checkAnchors([ChainHead(store: "another", id: 1, hash: logged.hash)]) == (0, []))
        _ = approved
    }

    @Test func logLinesAreFoundInAnySyslogFormat() {
        let head = ChainHead(store: "5f0c", id: 42, hash: String(repeating: "ab", count: 32))
        let log = """
            Nov 23 10:54:45 host barnkoll[311]: \(head.logLine)
            2026-11-23T10:55:00+01:00 host barnkoll[312]: barnkoll chain head store=5f0c audit=43 hash=short
            Nov 23 10:56:00 host sshd[1]: Accepted publickey for anna
            \(head.logLine)
            """
        #expect(ChainHead.heads(in: log) == [head, head])
    }
}

/// A store written by the barnkoll before the chain (schema v7) gets its chain when opened.
@Suite struct AuditChainMigrationTests {
    @Test func aV7StoreIsChainedAndSealedAndThenVerifies() throws {
        let folder = TemporaryFolder()
        let path = folder.file("store/barnkoll.sqlite")
        try FileManager.default.createDirectory(atPath: folder.file("store"), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let checklist = testChecklist()
        let definition = Casework.sha256(checklist.source)
        let answers: Answers = ["affected": .text("yes"), "view": .text("Hon vill bo kvar.")]
        let json = CanonicalJSON.encode(answers, fallback: "{}")
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: "v7-workshops")
            try pool.write { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('kind', 'real'), ('created_at', '2026-01-01T08:00:00.000Z'), ('created_by', 'anna')")
                try db.execute(sql: "INSERT INTO role VALUES ('anna', 'admin', 'anna', '2026-01-01'), ('bertil', 'supervisor', 'anna', '2026-01-01')")
                try db.execute(sql: "INSERT INTO checklist_definition VALUES (?, 'testlista', 1, ?)", arguments: [definition, checklist.source])
                for (id, status) in [("BKA-2026-0001", "approved"), ("BKA-2026-0002", "draft")] {
                    try db.execute(sql: """
                        INSERT INTO analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status, versions, created_at, updated_at)
                        VALUES (?, 'testlista', 1, ?, 'R', 'U', 'anna', 'draft', 0, '2026-01-02', '2026-01-02')
                        """, arguments: [id, definition])
                    for (item, value) in answers {
                        try db.execute(sql: "INSERT INTO answer VALUES (?, ?, ?, ?, '2026-01-02', 'anna')",
                                       arguments: [id, item, value.canonicalJSON(), value.searchableText])
                    }
                    try db.execute(sql: "INSERT INTO audit (at, account, action, analysis_id, detail) VALUES ('2026-01-02', 'anna', 'analysis.create', ?, 'testlista')", arguments: [id])
                    guard status == "approved" else { continue }
                    try db.execute(sql: "INSERT INTO version VALUES (?, 1, 'submitted', ?, ?, ?, 'anna', '2026-01-03')",
                                   arguments: [id, json, definition, Casework.contentHash(definitionHash: definition, answersJSON: json)])
                    try db.execute(sql: "UPDATE analysis SET status = 'submitted', versions = 1 WHERE id = ?", arguments: [id])
                    try db.execute(sql: "UPDATE analysis SET status = 'approved' WHERE id = ?", arguments: [id])
                    try db.execute(sql: "INSERT INTO review (analysis_id, version, reviewer, decision, comment, item_comments, rule, at) VALUES (?, 1, 'bertil', 'approve', 'Bra.', '{}', NULL, '2026-01-04')", arguments: [id])
                    try db.execute(sql: "INSERT INTO audit (at, account, action, analysis_id, detail) VALUES ('2026-01-03', 'anna', 'analysis.submitted', ?, 'v1'), ('2026-01-04', 'bertil', 'analysis.approved', ?, 'v1')", arguments: [id, id])
                }
            }
            try pool.close()
        }
        chmod(path, 0o600)
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(try store.verify() == [])
        let actions = try store.auditEvents().map(\.action)
        #expect(actions.prefix(4) == ["analysis.create", "analysis.submitted", "analysis.approved", "analysis.create"])
        #expect(actions.filter { $0 == "version.sealed" }.count == 1)
        #expect(actions.filter { $0 == "review.sealed" }.count == 1)
        #expect(actions.filter { $0 == "answer.sealed" }.count == 2) // the draft's answers only
        // From here on the migrated rows are held like new ones.
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER review_never_updated")
            try db.execute(sql: "UPDATE review SET comment = 'Mycket bra.'")
        }
        #expect(try store.verify().first?.hasPrefix("review 1 of BKA-2026-0001: not the review") == true)
    }
}

/// The digests every save writes: HMAC-SHA-256 over swift-crypto's SHA-256 (AuditChain.hmacSHA256).
@Suite struct AuditDigest {
    static func bytes(_ hex: String) -> Data {
        var data = Data()
        var digits = hex.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            data.append(UInt8(String([high, low]), radix: 16) ?? 0)
        }
        return data
    }

    /// RFC 4231, test cases 1, 2 and 6 (a key longer than a block).
    @Test func matchesRFC4231() {
        #expect(AuditChain.hex(AuditChain.hmacSHA256(key: Data(repeating: 0x0b, count: 20), message: "Hi There"))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(AuditChain.hex(AuditChain.hmacSHA256(key: Data("Jefe".utf8), message: "what do ya want for nothing?"))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(AuditChain.hex(AuditChain.hmacSHA256(key: Data(repeating: 0xaa, count: 131),
                                                     message: "Test Using Larger Than Block-Size Key - Hash Key First"))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// The chain's row format is fixed: every stored hash was taken over it. Expected values from
    /// Python's hashlib over the format SECURITY.md describes.
    @Test func rowHashesKeepTheirFormat() {
        let saved = AuditChain.Row(id: 7, at: "2026-03-01T09:15:00.000Z", account: "bk-anna", action: "answer.save",
                                   analysisID: "BKA-2026-0001", detail: "view", digest: Data(0..<32))
        #expect(AuditChain.hex(AuditChain.hash(previous: AuditChain.genesis, saved))
                == "358a843abd59df4ab6f8a7be4a36ce7ed5297a81cd68762356a0e465c5401ece")
        let created = AuditChain.Row(id: 1, at: "2026-03-01T09:15:00.000Z", account: "bk-örjan", action: "store.create",
                                     analysisID: nil, detail: "real", digest: nil)
        #expect(AuditChain.hex(AuditChain.hash(previous: AuditChain.genesis, created))
                == "f04717aa79c0ec06bb713c5d7628d33767d39c4d4525afb798ccec41bff70ac3")
    }

    /// Equal to swift-crypto's own HMAC for every key length around the block and any text.
    @Test(arguments: [0, 1, 16, 31, 32, 33, 63, 64, 65, 100])
    func equalsSwiftCrypto(keyLength: Int) {
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let texts = ["", "answer\nview\n\"Hon vill bo kvar nära skolan.\"", String(repeating: "åäö ", count: 2_500)]
        for text in texts {
            let expected = Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key)))
            #expect(AuditChain.hmacSHA256(key: key, message: text) == expected, "key of \(keyLength) bytes")
        }
    }
}
