import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

@Suite struct TrainingStore {
    func trainingStore(_ folder: TemporaryFolder) throws -> SQLiteStore {
        try SQLiteStore.open(path: folder.file("store/barnkoll-training.sqlite"), kind: .training, account: "anna")
    }

    @Test func eachKindRefusesTheOtherWithAClearMessage() throws {
        let folder = TemporaryFolder()
        let real = try SQLiteStore.open(path: folder.file("real.sqlite"), kind: .real, account: "anna")
        let training = try SQLiteStore.open(path: folder.file("training.sqlite"), kind: .training, account: "anna")
        #expect {
            _ = try SQLiteStore.open(path: real.path, kind: .training, account: "anna")
        } throws: { error in
            "\(error)".contains("is a real store and is never used for training")
        }
        #expect {
            _ = try SQLiteStore.open(path: training.path, kind: .real, account: "anna")
        } throws: { error in
            "\(error)".contains("is a training store (ÖVNING) and cannot hold real records")
        }
        // Workshops never start in a real store, even through the API.
        #expect(throws: StoreError.self) { _ = try real.startWorkshop(caseID: "elskuld", checklistID: "testlista", by: "anna") }
        #expect(throws: StoreError.self) { _ = try real.workshop("ACDEFH") }
        #expect(throws: StoreError.self) { try real.purgeWorkshop("ACDEFH", by: "anna") }
    }

    /// Issue 24: a training store from before training ids (ÖVN-…) holds ids a real store has; it
    /// is refused in one line that says what to do, and nothing in it is changed.
    @Test func aTrainingStoreWithOldIDsIsRefusedWithWhatToDo() throws {
        let folder = TemporaryFolder()
        let training = try trainingStore(folder)
        let id = try training.create(checklist: testChecklist(), caseRef: "Övning", unit: "U", author: "anna").id
        #expect(id.hasPrefix("ÖVN-"))
        try training.closeConnections()
        // What an older barnkoll left: the checklist's own prefix.
        let queue = try DatabaseQueue(path: training.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF; DROP TRIGGER analysis_identity_is_fixed")
            try db.execute(sql: "UPDATE analysis SET id = 'BKA-2026-0001' WHERE id = ?", arguments: [id])
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: training.path))
        #expect {
            _ = try SQLiteStore.open(path: training.path, kind: .training, account: "anna")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.message(.sv).contains("BKA-2026-0001") && error.message(.sv).contains("mv \(training.path) \(training.path).gammal")
                && error.message(.en).contains("ÖVN-") && error.message(.en).contains("move the file aside")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: training.path)) == before)
        // A real store is not asked about its ids.
        let real = try SQLiteStore.open(path: folder.file("real.sqlite"), kind: .real, account: "anna")
        _ = try real.create(checklist: testChecklist(), caseRef: "R", unit: "U", author: "anna")
        try real.closeConnections()
        _ = try SQLiteStore.open(path: folder.file("real.sqlite"), kind: .real, account: "anna")
    }

    @Test func aPersonnummerIsRefusedInTrainingAndOnlyWarnedAboutInARealStore() throws {
        let folder = TemporaryFolder()
        let number = Personnummer.withCheckDigit("850101123")
        let real = try openStore(folder)
        let id = try real.create(checklist: testChecklist(), caseRef: "EB-1", unit: "EB", author: "anna").id
        try real.save(id, item: "view", value: .text("Barnet \(number) vill bo kvar."), by: "anna")

        let trainingFolder = TemporaryFolder()
        let training = try trainingStore(trainingFolder)
        let practice = try training.create(checklist: testChecklist(), caseRef: "ÖVNING", unit: "EB", author: "anna").id
        #expect {
            try training.save(practice, item: "view", value: .text("Barnet \(number) vill bo kvar."), by: "anna")
        } throws: { error in
            guard case StoreError.invalidAnswer(let problem) = error else { return false }
            return problem.item == "view" && problem.message.text(.en).contains("refused in a training store")
        }
        // Inside a group entry too, and when creating.
        #expect(throws: StoreError.self) {
            try training.save(practice, item: "children", value: .entries([["alias": .text(number)]]), by: "anna")
        }
        #expect(throws: StoreError.self) {
            _ = try training.create(checklist: testChecklist(), caseRef: "ÖVNING", unit: "EB", author: "anna",
                                    answers: ["view": .text(number)])
        }
        #expect(throws: StoreError.self) {
            _ = try training.create(checklist: testChecklist(), caseRef: "ÖVNING", unit: number, author: "anna")
        }
        // A made-up number with a wrong check digit is fine.
        let last = number.last?.wholeNumberValue ?? 0
        try training.save(practice, item: "view", value: .text("Barnet 850101-123\((last + 1) % 10) vill bo kvar."), by: "anna")
    }

    @Test func workshopsNeedATrainerAndPseudonymsAreTheirs() throws {
        let folder = TemporaryFolder()
        let store = try trainingStore(folder)
        #expect(throws: StoreError.self) { _ = try store.startWorkshop(caseID: "elskuld", checklistID: "testlista", by: "cecilia") }
        try store.setRole(.trainer, for: "cecilia", granted: true, by: "anna")
        let code = try store.startWorkshop(caseID: "elskuld", checklistID: "testlista", by: "cecilia")
        #expect(code.count == 6 && code.allSatisfy { Workshop.codeAlphabet.contains($0) })
        let first = try store.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVNING",
                                           unit: "EB", answers: [:], by: "david")
        // Joining again under one's own pseudonym goes on with the same analysis; someone else's is refused.
        let again = try store.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVNING",
                                           unit: "EB", answers: [:], by: "david")
        #expect(again.id == first.id)
        #expect(throws: StoreError.self) {
            _ = try store.joinWorkshop(code: code, pseudonym: "Falken", checklist: testChecklist(), caseRef: "ÖVNING",
                                       unit: "EB", answers: [:], by: "erik")
        }
        #expect(throws: StoreError.self) {
            _ = try store.joinWorkshop(code: "QQQQQQ", pseudonym: "Ugglan", checklist: testChecklist(), caseRef: "ÖVNING",
                                       unit: "EB", answers: [:], by: "erik")
        }
        let workshop = try store.workshop(code)
        #expect(workshop.participants.map(\.pseudonym) == ["Falken"])
        #expect(workshop.participants.first?.hasStarted == false)
        try store.save(first.id, item: "affected", value: .text("yes"), by: "david")
        #expect(try store.workshop(code).participants.first?.hasStarted == true)
        #expect(throws: StoreError.self) { try store.purgeWorkshop(code, by: "david") }
    }

    @Test func purgeLeavesNothingBehindTheSearchIndexIncluded() throws {
        let folder = TemporaryFolder()
        let store = try trainingStore(folder)
        let keep = try store.startWorkshop(caseID: "elskuld", checklistID: "testlista", by: "anna")
        let code = try store.startWorkshop(caseID: "elskuld", checklistID: "testlista", by: "anna")
        let marker = "Fladdermusbro"
        var ids: [String] = []
        for (index, name) in ["Falken", "Ugglan", "Tranan"].enumerated() {
            let id = try store.joinWorkshop(code: code, pseudonym: name, checklist: testChecklist(), caseRef: "ÖVNING-\(code)",
                                            unit: "EB", answers: [:], by: "p\(index)").id
            try store.saveAll(id, answers: ["affected": .text("yes"), "view": .text("\(marker)\(index) vill bo kvar hos mamma."),
                                            "children": .entries([["alias": .text("Zebulon\(index)")]])], by: "p\(index)")
            ids.append(id)
        }
        // One submitted (frozen, versions and all), one reviewed and returned: purge removes those too.
        _ = try store.submit(ids[0], by: "p0")
        _ = try store.submit(ids[1], by: "p1")
        try store.setRole(.supervisor, for: "anna", granted: true, by: "anna")
        try store.return(ids[1], by: "anna", comment: "Mer om \(marker)", itemComments: ["view": "Utveckla \(marker)"])
        let other = try store.joinWorkshop(code: keep, pseudonym: "Kvar", checklist: testChecklist(), caseRef: "ÖVNING",
                                           unit: "EB", answers: ["view": .text("Stannar kvar i indexet")], by: "p9").id
        #expect(try store.count(AnalysisFilter(search: marker)) == 3)

        #expect(try store.purgeWorkshop(code, by: "anna") == 3)

        #expect(throws: StoreError.self) { _ = try store.workshop(code) }
        #expect(try store.count(AnalysisFilter(search: marker)) == 0)
        #expect(try store.count(AnalysisFilter(search: "Stannar")) == 1)
        for id in ids { #expect(throws: StoreError.self) { _ = try store.analysis(id, readBy: "anna") } }
        _ = try store.analysis(other, readBy: "anna")
        let inList = ids.map { "'\($0)'" }.joined(separator: ",")
        let counts = try store.rawRead { db in
            try ["answer", "version", "review", "workshop_participant"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0) WHERE analysis_id IN (\(inList))") ?? -1
            } + [Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workshop_purge") ?? -1,
                 Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis WHERE id IN (\(inList))") ?? -1]
        }
        #expect(counts == [0, 0, 0, 0, 0, 0])
        let ftsRows = try store.rawRead { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM answer_fts WHERE answer_fts MATCH ?", arguments: ["\"\(marker.lowercased())0\"*"])
        }
        #expect(ftsRows == 0)
        // Not a byte of it is left in the files, the index's segments included.
        for path in [store.path, store.path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            for word in [marker, marker.lowercased(), "Zebulon", "zebulon", "Falken", "Tranan"] {
                #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) left in \(path)")
            }
        }
        #expect(try store.auditEvents().contains { $0.action == "workshop.purge" && $0.detail == "\(code) 3" && $0.account == "anna" })
    }

    @Test func theRealStoreNeverDeletesEvenWithAPurgeRowInPlace() throws {
        let folder = TemporaryFolder()
        let real = try openStore(folder)
        let id = try real.create(checklist: testChecklist(), caseRef: "EB-1", unit: "EB", author: "anna").id
        #expect(throws: (any Error).self) {
            try real.pool.write { db in
                try db.execute(sql: "INSERT INTO workshop_purge (analysis_id) VALUES (?)", arguments: [id])
                try db.execute(sql: "DELETE FROM analysis WHERE id = ?", arguments: [id])
            }
        }
        _ = try real.analysis(id, readBy: "anna")
    }
}
