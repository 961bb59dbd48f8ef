import BarnkollCore
import Foundation
import GRDB

extension AuditChain {
    /// The chain replayed against the store (`ChainReplay`, in Core): the chain walked from its
    /// first row, then what the store holds handed over, its content as keyed digests.
    static func problems(_ db: Database) throws -> [Localized] {
        var replay = ChainReplay()
        let rows = try GRDB.Row.fetchCursor(db, sql: "SELECT id, at, account, action, analysis_id, detail, digest, hash FROM audit ORDER BY id")
        while let row = try rows.next() {
            replay.add(Row(id: row[0], at: row[1], account: row[2], action: row[3], analysisID: row[4], detail: row[5], digest: row[6]),
                       hash: row[7])
        }
        replay.check(definitions: try GRDB.Row.fetchAll(db, sql: "SELECT hash, checklist_id, version, source FROM checklist_definition").map {
            StoredDefinition(hash: $0[0], checklistID: $0[1], version: $0[2], heldHash: Casework.sha256($0[3]))
        })
        replay.check(grants: try GRDB.Row.fetchAll(db, sql: "SELECT account, role, unit FROM role").map { ($0[0], $0[1], $0[2] ?? "") },
                     units: try String.fetchAll(db, sql: "SELECT name FROM unit"))
        var keys: [String: Data] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT analysis_id, key FROM analysis_key") {
            keys[row[0]] = row[1]
        }
        let analyses = try GRDB.Row.fetchCursor(db, sql: """
            SELECT id, checklist_id, author, status, case_ref, unit, definition_hash, retention_exempt IS NOT NULL,
                   CAST(feedback_due AS TEXT), CAST(follow_up_due AS TEXT), CAST(report_due AS TEXT)
            FROM analysis ORDER BY id
            """)
        while let row = try analyses.next() {
            replay.check(try stored(db, row, key: keys[row[0]]))
        }
        return replay.finish()
    }

    /// One analysis as the replay needs it: its content as digests under its key.
    private static func stored(_ db: Database, _ row: GRDB.Row, key: Data?) throws -> StoredAnalysis {
        let id: String = row[0]
        let author: String = row[2]
        func keyed(_ content: Content) -> Data? { key.map { digest(content, key: $0) } }
        var versions: [StoredVersion] = []
        var lastJSON: String?
        for version in try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM version WHERE analysis_id = ? ORDER BY number"), arguments: [id]) {
            let answers: String = version["answers"]
            versions.append(StoredVersion(number: version["number"], contentHash: version["content_hash"],
                                          heldHash: Casework.contentHash(definitionHash: version["definition_hash"], answersJSON: answers),
                                          digest: keyed(.of(version: version))))
            lastJSON = answers
        }
        var lastVersionAnswers: [String: Data] = [:]
        var answers: [String: Data] = [:]
        if let key {
            // A decided analysis's answers are only held against its last version, never against
            // the chain: their canonical JSON compares as well as their digests, without the
            // hashing (two HMACs an answer were most of verify's added time).
            let editable = AnalysisStatus(rawValue: row[3])?.isEditable ?? true
            func form(_ item: String, _ json: String) -> Data {
                editable ? digest(.answer(item: item, json: json), key: key) : Data(json.utf8)
            }
            for (item, value) in lastJSON.flatMap(AnswerValue.answersFromJSON) ?? [:] {
                lastVersionAnswers[item] = form(item, value.canonicalJSON())
            }
            let rows = try GRDB.Row.fetchCursor(db.cachedStatement(sql: "SELECT item_id, value FROM answer WHERE analysis_id = ?"), arguments: [id])
            while let answer = try rows.next() {
                let item: String = answer[0]
                answers[item] = form(item, answer[1])
            }
        }
        let reviews = try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM review WHERE analysis_id = ? ORDER BY id"), arguments: [id]).map {
            (id: $0["id"] as Int64, digest: keyed(.of(review: $0)))
        }
        let notes = try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT kind, date, outcome, text FROM note WHERE analysis_id = ? ORDER BY id"),
                                          arguments: [id]).map {
            (kind: $0[0] as String, digest: keyed(.note(kind: $0[0], date: $0[1], outcome: $0[2], text: $0[3])))
        }
        let transfers = try SQLiteStore.transfers(db, id).map { keyed($0.content) }
        var due: [FollowUpKind: String] = [:]
        for (index, kind) in [FollowUpKind.feedbackOverdue, .followUpOverdue, .reportNotMade].enumerated() {
            if let date: String = row[8 + index] { due[kind] = date }
        }
        var watched: [String: String] = [:]
        let items = WatchedDate.all.flatMap { [$0.dueItem, $0.doneItem] }
        for answer in try GRDB.Row.fetchAll(db.cachedStatement(sql: """
            SELECT item_id, coalesce(CAST(json_extract(value, '$') AS TEXT), '') FROM answer
            WHERE analysis_id = ? AND item_id IN (SELECT value FROM json_each(?))
            """), arguments: [id, CanonicalJSON.encode(items, fallback: "[]")]) {
            watched[answer[0]] = answer[1]
        }
        return StoredAnalysis(
            id: id, checklistID: row[1], author: author, status: row[3], retentionExempt: row[7], hasKey: key != nil,
            filingDigest: keyed(.creation(author: author, caseRef: row[4], unit: row[5], definitionHash: row[6])),
            versions: versions, reviews: reviews, answers: answers, lastVersionAnswers: lastVersionAnswers,
            clearedDigest: { item in key.map { digest(.answer(item: item, json: nil), key: $0) } },
            notes: notes, transfers: transfers, dueDates: due, watchedAnswers: watched)
    }
}
