import BarnkollCore
import Foundation
import GRDB

extension AuditChain {
    /// The chain walked from its first row: every hash recomputed, and every version, review and
    /// current answer matched against the digest the chain holds for it. Problems in the order a
    /// reader should look at them; the chain's first broken row only (all after it break with it).
    static func problems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        var previous = genesis
        var sealed = Set<Data>()
        // The last digest written per answer of an analysis that can still be edited.
        let editable = Set(try String.fetchAll(db, sql: "SELECT id FROM analysis WHERE status IN ('draft', 'returned')"))
        var lastAnswer: [String: [String: Data?]] = [:]
        var lastStatus: [String: String] = [:]
        let rows = try GRDB.Row.fetchCursor(db, sql: "SELECT id, at, account, action, analysis_id, detail, digest, hash FROM audit ORDER BY id")
        var broken = false
        while let row = try rows.next() {
            let chained = Row(id: row["id"], at: row["at"], account: row["account"], action: row["action"],
                              analysisID: row["analysis_id"], detail: row["detail"], digest: row["digest"])
            if !broken {
                let expected = hash(previous: previous, chained)
                let stored: Data? = row["hash"]
                if stored != expected {
                    problems.append("audit row \(chained.id) (\(chained.action), \(chained.at)): its hash does not follow from the rows before it; the audit trail was changed outside barnkoll at or before this row")
                    broken = true
                }
                previous = stored ?? expected
            }
            guard let analysis = chained.analysisID else { continue }
            switch chained.action {
            case "answer.save", "answer.sealed":
                if editable.contains(analysis), let item = chained.detail {
                    lastAnswer[analysis, default: [:]][item] = .some(chained.digest)
                }
            case "analysis.create":
                lastStatus[analysis] = AnalysisStatus.draft.rawValue
            default:
                if let digest = chained.digest { sealed.insert(digest) }
                let action = chained.action.dropFirst("analysis.".count)
                if chained.action.hasPrefix("analysis."), AnalysisStatus(rawValue: String(action)) != nil {
                    lastStatus[analysis] = String(action)
                }
            }
        }
        problems += try contentProblems(db, sealed: sealed, lastAnswer: lastAnswer, lastStatus: lastStatus)
        return problems
    }

    private static func contentProblems(_ db: Database, sealed: Set<Data>, lastAnswer: [String: [String: Data?]],
                                        lastStatus: [String: String]) throws -> [String] {
        var problems: [String] = []
        var keys: [String: Data] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT analysis_id, key FROM analysis_key") {
            keys[row["analysis_id"]] = row["key"]
        }
        let analyses = try GRDB.Row.fetchCursor(db, sql: "SELECT id, status FROM analysis ORDER BY id")
        while let analysis = try analyses.next() {
            let id: String = analysis["id"]
            let status: String = analysis["status"]
            guard let key = keys[id] else {
                problems.append("analysis \(id): its audit key is missing, so its content cannot be checked")
                continue
            }
            if let logged = lastStatus[id], logged != status {
                problems.append("analysis \(id): its status is \(status) but the audit trail last moved it to \(logged) (changed outside barnkoll)")
            }
            var last: (number: Int, json: String)?
            for version in try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM version WHERE analysis_id = ? ORDER BY number"), arguments: [id]) {
                if !sealed.contains(digest(.of(version: version), key: key)) {
                    problems.append("version \(id) v\(version["number"] as Int): not the version the audit trail recorded (changed outside barnkoll)")
                }
                last = (version["number"], version["answers"])
            }
            // Only the last version's answers are compared below: parsed once, not every version's.
            let lastVersion = last.map { (number: $0.number, answers: AnswerValue.answersFromJSON($0.json) ?? [:]) }
            for review in try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM review WHERE analysis_id = ? ORDER BY id"), arguments: [id])
            where !sealed.contains(digest(.of(review: review), key: key)) {
                problems.append("review \(review["id"] as Int64) of \(id): not the review the audit trail recorded (changed outside barnkoll)")
            }
            let answers = try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT item_id, value FROM answer WHERE analysis_id = ? ORDER BY item_id"), arguments: [id])
            if AnalysisStatus(rawValue: status)?.isEditable == true {
                let logged = lastAnswer[id] ?? [:]
                var present = Set<String>()
                for answer in answers {
                    let item: String = answer["item_id"]
                    present.insert(item)
                    let json: String = answer["value"]
                    switch logged[item] {
                    case .some(.some(let logged)) where logged == digest(.answer(item: item, json: json), key: key):
                        continue
                    case .none where lastVersion?.answers[item] == AnswerValue.fromJSON(json):
                        continue // Unchanged since the last version, which is checked above.
                    default:
                        problems.append("answer \(item) of \(id): not the answer the audit trail recorded (changed outside barnkoll)")
                    }
                }
                // A save that cleared the answer recorded a digest of no value: its absence is what was saved.
                for (item, recorded) in logged.sorted(by: { $0.key < $1.key })
                where recorded != nil && !present.contains(item) && recorded != digest(.answer(item: item, json: nil), key: key) {
                    problems.append("answer \(item) of \(id): recorded in the audit trail but missing from the store")
                }
            } else if let lastVersion {
                let current = Dictionary(answers.map { ($0["item_id"] as String, AnswerValue.fromJSON($0["value"])) },
                                         uniquingKeysWith: { first, _ in first })
                if current.count != lastVersion.answers.count || current.contains(where: { lastVersion.answers[$0.key] != $0.value }) {
                    problems.append("analysis \(id): its answers differ from its last version v\(lastVersion.number) (changed outside barnkoll)")
                }
            }
        }
        return problems
    }
}
