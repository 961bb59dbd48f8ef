import BarnkollCore
import GRDB

/// Workshops: only in a store of kind training, so nothing of a workshop can reach real records.
extension SQLiteStore {
    func requireTraining() throws(StoreError) {
        guard kind == .training else { throw .wrongKind(path: path, expected: .training, actual: kind) }
    }

    static func mayRunWorkshops(_ db: Database, _ account: String) throws -> Bool {
        try has(db, account, .trainer) || has(db, account, .admin)
    }

    static func notTrainer(_ account: String) -> StoreError {
        .notAllowed("only a trainer runs workshops; \(account) is not one in this training store "
            + "(its admin grants it: barnkoll train grant \(account))")
    }

    /// Starts a workshop on a case and returns its code. Trainers and the training store's admins only.
    public func startWorkshop(caseID: String, checklistID: String, by account: String) throws(StoreError) -> String {
        try requireTraining()
        return try write { db in
            guard try Self.mayRunWorkshops(db, account) else { throw Self.notTrainer(account) }
            var code = Workshop.newCode()
            while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workshop WHERE code = ?)", arguments: [code]) == true {
                code = Workshop.newCode()
            }
            try db.execute(sql: "INSERT INTO workshop (code, case_id, checklist_id, trainer, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [code, caseID, checklistID, account, Clock.timestamp()])
            try Self.audit(db, account: account, action: "workshop.start", analysis: nil, detail: "\(code) \(caseID)")
            return code
        }
    }

    /// Joins a workshop under a pseudonym: creates the participant's analysis, or gives back the one
    /// this account already has under that pseudonym (to go on with it).
    public func joinWorkshop(code: String, pseudonym: String, checklist: Checklist, caseRef: String, unit: String,
                             answers: Answers, by account: String) throws(StoreError) -> AnalysisSummary {
        try requireTraining()
        let pseudonym = TextHygiene.sanitize(pseudonym, multiline: false).trimmingCharacters(in: .whitespaces)
        guard !pseudonym.isEmpty, pseudonym.count <= 40 else {
            throw .notAllowed("a pseudonym is 1 to 40 characters, like Falken or Grupp 3")
        }
        try refuseIdentityInTraining(pseudonym, item: "pseudonym")
        try refuseIdentityInTraining(unit, item: "unit")
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM workshop WHERE code = ?", arguments: [code]) else {
                throw StoreError.notAllowed("no workshop with code \(TextHygiene.forOutput(code, multiline: false)) in \(self.path); ask the trainer for the code")
            }
            guard row["checklist_id"] == checklist.id else {
                throw StoreError.notAllowed("workshop \(code) uses checklist \(row["checklist_id"] as String), not \(checklist.id)")
            }
            if let taken = try Row.fetchOne(db, sql: "SELECT account, analysis_id FROM workshop_participant WHERE code = ? AND pseudonym = ?",
                                            arguments: [code, pseudonym]) {
                guard taken["account"] == account else {
                    throw StoreError.notAllowed("the pseudonym '\(pseudonym)' is already taken in workshop \(code); choose another")
                }
                let id: String = taken["analysis_id"]
                guard let summary = try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM analysis WHERE id = ?", arguments: [id]).map(Self.summary) else {
                    throw StoreError.notFound(id)
                }
                return summary
            }
            let summary = try self.insertAnalysis(db, checklist: checklist, caseRef: caseRef, unit: unit, author: account,
                                                  answers: answers)
            try db.execute(sql: """
                INSERT INTO workshop_participant (code, pseudonym, account, analysis_id, joined_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [code, pseudonym, account, summary.id, Clock.timestamp()])
            try Self.audit(db, account: account, action: "workshop.join", analysis: summary.id, detail: code)
            return summary
        }
    }

    /// The workshop and where each participant is.
    public func workshop(_ code: String) throws(StoreError) -> Workshop {
        try requireTraining()
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM workshop WHERE code = ?", arguments: [code]) else {
                throw StoreError.notAllowed("no workshop with code \(TextHygiene.forOutput(code, multiline: false)) in \(self.path); see `barnkoll train list`")
            }
            // Answers written by the participant, not the ones filled from the case when joining.
            let participants = try Row.fetchAll(db, sql: """
                SELECT p.pseudonym, p.account, p.analysis_id, p.joined_at, a.status,
                       (SELECT COUNT(*) FROM answer WHERE answer.analysis_id = p.analysis_id
                          AND item_id NOT IN ('unit', 'decision', 'case_ref')) AS answered
                FROM workshop_participant p JOIN analysis a ON a.id = p.analysis_id
                WHERE p.code = ? ORDER BY p.joined_at, p.pseudonym
                """, arguments: [code]).map { row in
                Workshop.Participant(pseudonym: row["pseudonym"], account: row["account"], analysisID: row["analysis_id"],
                                     status: AnalysisStatus(rawValue: row["status"]) ?? .draft, answered: row["answered"],
                                     joinedAt: row["joined_at"])
            }
            return Workshop(code: row["code"], caseID: row["case_id"], checklistID: row["checklist_id"], trainer: row["trainer"],
                            createdAt: row["created_at"], participants: participants)
        }
    }

    public func workshops() throws(StoreError) -> [Workshop] {
        try requireTraining()
        let codes = try read { db in try String.fetchAll(db, sql: "SELECT code FROM workshop ORDER BY created_at, code") }
        var result: [Workshop] = []
        for code in codes { result.append(try workshop(code)) }
        return result
    }

    /// Which workshop an analysis belongs to, and under which pseudonym: training exports name them.
    public func workshopOf(analysis id: String) throws(StoreError) -> (code: String, pseudonym: String)? {
        try requireTraining()
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT code, pseudonym FROM workshop_participant WHERE analysis_id = ?", arguments: [id])
                .map { ($0["code"], $0["pseudonym"]) }
        }
    }

    /// Removes a workshop and everything its participants wrote: answers, versions, reviews,
    /// analyses and their rows in the search index. Deleted pages are zeroed (secure_delete), the
    /// search index is rebuilt so no segment keeps a deleted word, and the write-ahead log is
    /// emptied into the file. The audit trail keeps who purged what and when (never content).
    /// Returns the number of analyses removed.
    @discardableResult
    public func purgeWorkshop(_ code: String, by account: String) throws(StoreError) -> Int {
        try requireTraining()
        let removed = try write { db in
            guard try Self.mayRunWorkshops(db, account) else { throw Self.notTrainer(account) }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workshop WHERE code = ?)", arguments: [code]) == true else {
                throw StoreError.notAllowed("no workshop with code \(TextHygiene.forOutput(code, multiline: false)) in \(self.path)")
            }
            let ids = try String.fetchAll(db, sql: "SELECT analysis_id FROM workshop_participant WHERE code = ?", arguments: [code])
            try Self.deleteAnalyses(db, ids, listedIn: "workshop_purge")
            try db.execute(sql: "DELETE FROM workshop WHERE code = ?", arguments: [code])
            try Self.audit(db, account: account, action: "workshop.purge", analysis: nil, detail: "\(code) \(ids.count)")
            return ids.count
        }
        do {
            try pool.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
        } catch {
            throw Self.map(error, path: path)
        }
        return removed
    }
}
