import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import Testing

/// Migration 46: the database refuses a personnummer where Core does, whoever writes the row.
/// Every valid number here is built in the test with `withCheckDigit`; none is anyone's.
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PersonnummerInTheDatabase {
    let rules = PostgresRules()

    /// A valid number on a real date, as Core's tests build them: YYMMDD + three digits + check digit.
    static func valid(_ nine: String) -> String { Personnummer.withCheckDigit(nine) }

    /// Text of the kinds Core's scanner meets: valid numbers in every form, numbers one digit off,
    /// runs of every length near the forms', the separators it takes and some it does not, dates
    /// that are almost real (30 February, the 29th in years that are not leap years), words.
    static func generatedTexts(count: Int) -> [String] {
        var random = SplitMix64(seed: 46)
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &random))) }) }
        func date() -> String {
            let year = String(format: "%02d", Int.random(in: 0...99, using: &random))
            let month = String(format: "%02d", Int.random(in: 0...13, using: &random))
            var day = Int.random(in: 0...31, using: &random)
            if Bool.random(using: &random) && day > 0 { day += 60 }   // a samordningsnummer, or nearly
            return year + month + String(format: "%02d", day)
        }
        let separators = ["-", "+", " ", "\u{A0}", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2212}", "/", ".", "—", ""]
        let words = ["Barnet", "vill", "bo kvar", "hos", "mamma.", "Tel 070-", "dnr", "SN 2026/0412", "å", "ö", "\n", "(", ")"]
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                switch Int.random(in: 0...7, using: &random) {
                case 0, 1:
                    let number = valid(date() + digits(3))
                    let century = Bool.random(using: &random) ? ["19", "20"].randomElement(using: &random) ?? "" : ""
                    let separator = separators.randomElement(using: &random) ?? ""
                    text += century + number.prefix(6) + separator + number.suffix(4)
                case 2:
                    // One digit off: almost always a wrong check digit.
                    var number = Array(valid(date() + digits(3)))
                    let at = Int.random(in: 0..<number.count, using: &random)
                    number[at] = Character(String(Int.random(in: 0...9, using: &random)))
                    text += String(number)
                case 3:
                    text += digits(Int.random(in: 4...13, using: &random))
                case 4:
                    text += digits([6, 8].randomElement(using: &random) ?? 6) + (separators.randomElement(using: &random) ?? "")
                        + digits(Int.random(in: 3...5, using: &random))
                case 5:
                    text += ["000229", "010229", "19000229", "20000229", "880230", "19880229", "880431"].randomElement(using: &random) ?? ""
                        + "-" + digits(4)
                default:
                    text += words.randomElement(using: &random) ?? ""
                }
                text += [" ", "", ", ", "-"].randomElement(using: &random) ?? ""
            }
            return text
        }
    }

    @Test func theDatabaseFindsWhatCoreFinds() throws {
        let folder = TemporaryFolder()
        let (store, _) = try rules.unitStore(folder)
        let superuser = try PostgresCluster.superuser(of: store)
        let texts = Self.generatedTexts(count: 4_000)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let found = try superuser.query("""
            SELECT barnkoll.personnummer_in(t) FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS u(t, n) ORDER BY n
            """, [json]).rows.map { $0.first ?? nil }
        #expect(found.count == texts.count)
        var differing: [String] = []
        for (text, database) in zip(texts, found) where Personnummer.find(in: text).first?.text != database {
            differing.append("\(text.debugDescription): Core \(Personnummer.find(in: text).first?.text ?? "-"), database \(database ?? "-")")
        }
        let agree = differing.isEmpty
        #expect(agree, "\(differing.count) texts differ, first: \(differing.prefix(5).joined(separator: "\n"))")
        // The generator meets both outcomes often, and the samordningsnummer.
        let matched = found.compactMap { $0 }
        #expect(matched.count > 1_000 && found.count - matched.count > 1_000)
        #expect(texts.contains { Personnummer.find(in: $0).contains(where: \.isSamordningsnummer) })
        #expect(try superuser.query("SELECT barnkoll.personnummer_in(NULL), barnkoll.personnummer_in('')").rows.first == [nil, nil])
    }

    @Test func theDatabaseRefusesAPersonnummerWhereCoreDoes() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try rules.unitStore(folder)
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        let number = Self.valid("850709123")
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        let superuser = try PostgresCluster.superuser(of: store)

        // A case reference, made or changed.
        #expect(rules.sqlstate(nora, "SELECT barnkoll.create_analysis('t', 1, 'BKA', 'källa', $1, 'Norr')", ["Ärende " + number]) == "BK413")
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: PostgresRules.complete).id
        #expect(rules.sqlstate(superuser, "UPDATE barnkoll.analysis SET case_ref = $2 WHERE id = $1", [id, number]) == "BK413")
        // In an analysis of one child a personnummer in an answer is warned about, not refused.
        #expect(rules.sqlstate(nora, "SELECT barnkoll.save_answer($1, 'view', $2, $2)", [id, "\"" + number + "\""]) == nil)

        // A hand-over's reason, even from the supervisor's own psql; the analysis stays nora's.
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        #expect(rules.sqlstate(nils, "SELECT barnkoll.reassign($1, 'nina', $2)", [id, "Sjuk, se " + number]) == "BK415")
        #expect(try store.header(id).summary.author == "nora")
        #expect(rules.sqlstate(nils, "SELECT barnkoll.reassign($1, 'nina', 'Sjukskrivning')", [id]) == nil)

        // A note, whoever inserts it.
        #expect(rules.sqlstate(superuser, """
            INSERT INTO barnkoll.note (analysis_id, kind, date, text, written_by, written_at)
            VALUES ($1, 'follow_up', '2026-01-01', $2, 'nora', '2026-01-01T00:00:00.000Z')
            """, [id, "Ringde " + number]) == "BK414")

        // Any answer of a group analysis, even with its digits escaped in the JSON and no search text.
        let group = try store.create(checklist: try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID), caseRef: "SN 2026/0412", unit: "Norr", author: "nora", answers: [:]).id
        let escaped = "\"Se " + number.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined() + "\""
        #expect(rules.sqlstate(nora, "SELECT barnkoll.save_answer($1, 'proposal', $2, '')", [group, escaped]) == "BK416")
        #expect(rules.sqlstate(nora, "SELECT barnkoll.save_answer($1, 'proposal', '\"En riktlinje\"', $2)", [group, number]) == "BK416")
        #expect(rules.sqlstate(nora, "SELECT barnkoll.save_answer($1, 'proposal', '\"En riktlinje\"', 'En riktlinje')", [group]) == nil)

        // A review's comment or item comment on it (Migration 47), whoever inserts the row, even
        // escaped in the item comments' JSON.
        let insertReview = """
            INSERT INTO barnkoll.review (analysis_id, version, reviewer, decision, comment, item_comments, at)
            VALUES ($1, 1, 'nils', 'return', $2, $3, '2026-01-01T00:00:00.000Z')
            """
        #expect(rules.sqlstate(superuser, insertReview, [group, "Se " + number, "{}"]) == "BK418")
        #expect(rules.sqlstate(superuser, insertReview, [group, "Komplettera.", "{\"proposal\": \(escaped)}"]) == "BK418")
        // On an analysis of one child the comment may name one, in the database as in Core.
        #expect(try store.submit(id, by: "nina") == .submitted)
        try store.return(id, by: "nils", comment: "Se " + number, itemComments: [:])

        // A training store: any answer, and the unit.
        let trainingInfo = try PostgresCluster.database(folder, kind: .training, admin: "anna")
        let anna = try PQConnection(trainingInfo, user: "anna", location: "test")
        #expect(rules.sqlstate(anna, "SELECT barnkoll.create_analysis('t', 1, 'ÖVN', 'källa', 'R', $1)", ["Grupp " + number]) == "BK417")
        let training = try #require(try anna.query("SELECT barnkoll.create_analysis('t', 1, 'ÖVN', 'källa', 'R', '')").rows.first?.first ?? nil)
        #expect(rules.sqlstate(anna, "SELECT barnkoll.save_answer($1, 'view', $2, $3)", [training, "\"" + number + "\"", number]) == "BK417")
        #expect(rules.sqlstate(anna, "SELECT barnkoll.save_answer($1, 'view', '\"Påhittad\"', 'Påhittad')", [training]) == nil)
        // And a review's comment there; the four-eyes guard (which refuses anna's own) set aside to reach it.
        let trainingSuperuser = try PostgresCluster.superuser(conninfo: trainingInfo)
        try trainingSuperuser.query("ALTER TABLE barnkoll.review DISABLE TRIGGER review_four_eyes")
        #expect(rules.sqlstate(trainingSuperuser, insertReview, [training, "Påhittad, men " + number, "{}"]) == "BK419")

        // Nothing of the refused writes is kept: no note, one hand-over, the answers as saved.
        #expect(try superuser.query("SELECT count(*) FROM barnkoll.note").rows.first == ["0"])
        #expect(try store.analysis(id, readBy: "nina").transfers.map(\.reason) == ["Sjukskrivning"])
        #expect(try store.analysis(group, readBy: "nora").answers["proposal"] == .text("En riktlinje"))
        #expect(try store.analysis(group, readBy: "nora").reviews.isEmpty)
        #expect(try store.verify().isEmpty)
    }

    /// Should barnkoll's own checks ever be passed, the database's refusal reads as Core's: each
    /// raised by the real server and read as the store reads every error (one line, then mapped).
    @Test func theDatabasesRefusalsReadAsCores() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try rules.unitStore(folder)
        let number = Self.valid("850709123")
        let nora = try PQConnection(conninfo, user: "nora", location: "test")
        let nils = try PQConnection(conninfo, user: "nils", location: "test")
        let superuser = try PostgresCluster.superuser(of: store)
        func refusal(_ connection: PQConnection, _ sql: String, _ parameters: [String?]) -> StoreError? {
            do {
                try connection.query(sql, parameters)
                return nil
            } catch {
                return PostgresStore.map(error, location: "x")
            }
        }
        try store.setRole(.caseworker, for: "nina", granted: true, by: "anna", unit: "Norr")
        let id = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "nora", answers: PostgresRules.complete).id
        #expect(refusal(nora, "SELECT barnkoll.create_analysis('t', 1, 'BKA', 'källa', $1, 'Norr')", ["Ärende " + number])?.message(.sv)
            == Casework.caseReferenceIsPersonnummer.sv)
        #expect(refusal(superuser, """
            INSERT INTO barnkoll.note (analysis_id, kind, date, text, written_by, written_at)
            VALUES ($1, 'follow_up', '2026-01-01', $2, 'nora', '2026-01-01T00:00:00.000Z')
            """, [id, "Ringde " + number])?.message(.sv) == StoreError.invalidNote(Casework.personnummerInFreeText(number)).message(.sv))
        #expect(refusal(nils, "SELECT barnkoll.reassign($1, 'nina', $2)", [id, "Sjuk, se " + number])?.message(.en)
            == StoreError.notAllowed(Casework.personnummerInFreeText(number)).message(.en))
        let group = try store.create(checklist: try ChecklistCatalog.load(directories: [packageRoot.appendingPathComponent("checklists")])
            .checklist(Checklist.groupAnalysisID), caseRef: "SN 2026/0412", unit: "Norr", author: "nora", answers: [:]).id
        // The number as written, with its space: the item is told apart from it all the same.
        let spaced = number.prefix(6) + " " + number.suffix(4)
        #expect(refusal(nora, "SELECT barnkoll.save_answer($1, 'proposal', '\"En riktlinje\"', $2)", [group, "Se " + spaced])?.message(.sv)
            == StoreError.invalidAnswer(AnswerProblem(item: "proposal", message: Casework.groupIdentityRefusal(String(spaced)))).message(.sv))
        #expect(refusal(superuser, """
            INSERT INTO barnkoll.review (analysis_id, version, reviewer, decision, comment, item_comments, at)
            VALUES ($1, 1, 'nils', 'return', 'Komplettera.', $2, '2026-01-01T00:00:00.000Z')
            """, [group, "{\"proposal\": \"Se \(spaced)\"}"])?.message(.sv)
            == StoreError.notAllowed(Casework.groupIdentityRefusal(String(spaced))).message(.sv))
        let trainingInfo = try PostgresCluster.database(folder, kind: .training, admin: "anna")
        let anna = try PQConnection(trainingInfo, user: "anna", location: "test")
        let training = try #require(try anna.query("SELECT barnkoll.create_analysis('t', 1, 'ÖVN', 'källa', 'R', '')").rows.first?.first ?? nil)
        #expect(refusal(anna, "SELECT barnkoll.save_answer($1, 'view', $2, $3)", [training, "\"" + number + "\"", number])?.message(.en)
            == StoreError.invalidAnswer(AnswerProblem(item: "view", message: Casework.identityRefusal(number))).message(.en))
    }
}
