import BarnkollCore
import GRDB

/// Workshops: only in a store of kind training, so nothing of a workshop can reach real records.
extension SQLiteStore {
    func requireTraining() throws(StoreError) {
        guard kind == .training else { throw .wrongKind(store: path, expected: .training, actual: kind) }
    }

    public func insertWorkshop(caseID: String, checklistID: String, trainer account: String) throws(StoreError) -> String {
        try requireTraining()
        return try write { db in
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

    public func joinWorkshop(code: String, pseudonym: String, _ new: NewAnalysis) throws(StoreError) -> AnalysisSummary {
        try requireTraining()
        let (checklist, account) = (new.checklist, new.author)
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM workshop WHERE code = ?", arguments: [code]) else {
                throw StoreError.noWorkshop(code, in: self.path, hint: .askTrainer)
            }
            guard row["checklist_id"] == checklist.id else {
                let uses: String = row["checklist_id"]
                throw StoreError.notAllowed(sv: "övningen \(code) använder checklistan \(uses), inte \(checklist.id)",
                                            en: "workshop \(code) uses checklist \(uses), not \(checklist.id)")
            }
            if let taken = try Row.fetchOne(db, sql: "SELECT account, analysis_id FROM workshop_participant WHERE code = ? AND pseudonym = ?",
                                            arguments: [code, pseudonym]) {
                guard taken["account"] == account else {
                    throw StoreError.notAllowed(sv: "pseudonymen '\(pseudonym)' är redan tagen i övningen \(code); välj en annan",
                                                en: "the pseudonym '\(pseudonym)' is already taken in workshop \(code); choose another")
                }
                let id: String = taken["analysis_id"]
                guard let summary = try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM analysis WHERE id = ?", arguments: [id]).map(Self.summary) else {
                    throw StoreError.notFound(id)
                }
                return summary
            }
            let summary = try self.insertAnalysis(db, new)
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
                throw StoreError.noWorkshop(code, in: self.path, hint: .list)
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
    public func deleteWorkshop(_ code: String, by account: String) throws(StoreError) -> Int {
        try requireTraining()
        let removed = try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workshop WHERE code = ?)", arguments: [code]) == true else {
                throw StoreError.noWorkshop(code, in: self.path, hint: .list)
            }
            let ids = try String.fetchAll(db, sql: "SELECT analysis_id FROM workshop_participant WHERE code = ?", arguments: [code])
            try Self.deleteAnalyses(db, ids, listedIn: "workshop_purge")
            try db.execute(sql: "DELETE FROM workshop WHERE code = ?", arguments: [code])
            try Self.audit(db, account: account, action: "workshop.purge", analysis: nil, detail: "\(code) \(ids.count)")
            return ids.count
        }
        do {
            try connections.pool().writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
        } catch {
            throw Self.map(error, path: path)
        }
        return removed
    }
}
