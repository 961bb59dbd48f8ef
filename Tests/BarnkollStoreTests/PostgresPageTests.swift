import BarnkollCore
@testable import BarnkollPostgres
import Foundation
import Testing

/// Lists and searches read through `analysis_page` (Migration016): the page, the count and what an
/// account sees, decided in the database. Needs a test cluster (BARNKOLL_PG_SOCKET).
@Suite(.enabled(if: PostgresCluster.enabled, "needs a PostgreSQL test cluster (BARNKOLL_PG_SOCKET)"))
struct PostgresPages {
    /// Norr and Söder; anna admin, sven caseworker in Söder.
    func unitStore(_ folder: TemporaryFolder) throws -> (store: PostgresStore, conninfo: String) {
        let conninfo = try PostgresCluster.database(folder)
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        for unit in ["Norr", "Söder"] { try store.addUnit(unit, by: "anna") }
        try store.setRole(.caseworker, for: "sven", granted: true, by: "anna", unit: "Söder")
        return (store, conninfo)
    }

    /// A search's pages are disjoint, most recently written first, with the count on each; a page
    /// past the end still carries the count; another unit's caseworker sees and counts only his own.
    @Test func aSearchIsPagedAndCountedInTheDatabase() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        var ids: [String] = []
        for number in 0..<7 {
            let author = number % 2 == 0 ? "anna" : "sven"
            ids.append(try store.create(checklist: testChecklist(), caseRef: "R-\(number)", unit: number % 2 == 0 ? "Norr" : "Söder",
                                        author: author, answers: ["affected": .text("yes"), "view": .text(number < 5 ? "Vill till mormor." : "Vill bo kvar.")]).id)
        }
        // The oldest match written again: now it is the most recently written.
        try store.save(ids[0], item: "affected", value: .text("no"), by: "anna")
        let search = AnalysisFilter(search: "mormor", limit: 2)
        let first = try store.page(search)
        #expect(first.total == 5)
        #expect(first.rows.map(\.id) == [ids[0], ids[4]])
        var second = search
        second.offset = 2
        #expect(try store.page(second).rows.map(\.id) == [ids[3], ids[2]])
        second.offset = 4
        #expect(try store.page(second).rows.map(\.id) == [ids[1]])
        second.offset = 10
        let past = try store.page(second)
        #expect(past.rows.isEmpty && past.total == 5)
        #expect(store.countLimit(for: search) == PostgresStore.searchCountLimit)
        #expect(store.countLimit(for: AnalysisFilter()) == AnalysisFilter.countLimit)
        // In the queue: only what was submitted.
        _ = try store.submit(ids[2], by: "anna")
        var queue = AnalysisFilter.reviewQueue(limit: 50)
        queue.search = "mormor"
        let queued = try store.page(queue)
        #expect(queued.rows.map(\.id) == [ids[2]] && queued.total == 1)
        // sven sees Söder's, through the store and through psql.
        let sven = try PostgresStore.open(conninfo: conninfo + " user=sven", kind: .real)
        let his = try sven.page(AnalysisFilter(search: "mormor", limit: 50))
        #expect(his.rows.map(\.id) == [ids[3], ids[1]] && his.total == 2)
        let direct = try PostgresRules().psql(conninfo, as: "sven",
                                              #"SELECT id, total FROM barnkoll.analysis_page('{"words":["mormor"]}', 50, 0, 200)"#)
        #expect(direct.status == 0 && direct.output.split(separator: "\n") == ["\(ids[3])|2", "\(ids[1])|2"])
        let nothing = try sven.page(AnalysisFilter(search: "pojke", limit: 50))
        #expect(nothing.rows.isEmpty && nothing.total == 0)
    }

    /// A list's keyset page starts after the row given, in the list's order, and its count is the whole list's.
    @Test func aListPagesAfterItsLastRow() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        var ids: [String] = []
        for number in 0..<5 {
            ids.append(try store.create(checklist: testChecklist(), caseRef: "R-\(number)", unit: "Norr", author: "anna",
                                        answers: [:]).id)
        }
        var filter = AnalysisFilter(order: .oldestFirst, limit: 2)
        let first = try store.page(filter)
        #expect(first.rows.map(\.id) == Array(ids.prefix(2)) && first.total == 5)
        filter.after = AnalysisFilter.PageCursor(try #require(first.rows.last))
        let next = try store.page(filter)
        #expect(next.rows.map(\.id) == Array(ids[2..<4]) && next.total == 5)
        var newest = AnalysisFilter(limit: 2)
        newest.after = AnalysisFilter.PageCursor(try #require(try store.list(AnalysisFilter(limit: 1)).first))
        #expect(try store.list(newest).map(\.id) == [ids[3], ids[2]])
        #expect(try store.count(AnalysisFilter(unit: "Söder")) == 0)
        #expect(try store.page(AnalysisFilter(unit: "Söder", limit: 5)).rows.isEmpty)
    }

    /// Whatever writes answers keeps the analysis's last-written time, which the search's order
    /// rests on: never later than its newest answer, never more than a minute earlier (Migration
    /// 24: a save rewrites the analysis at most once a minute). A new analysis, saves inside the
    /// minute, the newest answer cleared; an import is tested with the indicators' imported store
    /// (PostgresIndicatorRows).
    @Test func anAnalysisKeepsWhenItsAnswersWereLastWritten() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let superuser = try PostgresCluster.superuser(of: store)
        func stale() throws -> String? {
            try superuser.query("""
                SELECT count(*) FROM (SELECT a.written_at AS at, (SELECT max(m.updated_at) FROM barnkoll.answer m
                                                                  WHERE m.analysis_id = a.id) AS newest FROM barnkoll.analysis a) x
                WHERE (x.at IS NULL) <> (x.newest IS NULL) OR x.at > x.newest
                   OR x.newest::timestamp > x.at::timestamp + interval '60 seconds'
                """).value
        }
        func written(_ id: String) throws -> String? {
            try superuser.query("SELECT written_at FROM barnkoll.analysis WHERE id = $1", [id]).value
        }
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                  answers: ["affected": .text("yes"), "view": .text("Vill bo kvar.")]).id
        let empty = try store.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "anna", answers: [:]).id
        #expect(try stale() == "0")
        let created = try written(id)
        // Saves inside the minute leave the analysis row alone.
        try store.save(id, item: "view", value: .text("Vill till mormor."), by: "anna")
        try store.save(id, item: "affected", value: .text("no"), by: "anna")
        #expect(try written(id) == created)
        #expect(try stale() == "0")
        // Older than a minute: the next save moves it to that answer's time.
        try superuser.query("SET session_replication_role = replica")
        try superuser.query("UPDATE barnkoll.answer SET updated_at = '2026-01-01T00:00:00.000Z' WHERE analysis_id = $1", [id])
        try superuser.query("UPDATE barnkoll.analysis SET written_at = '2026-01-01T00:00:00.000Z' WHERE id = $1", [id])
        try superuser.query("SET session_replication_role = origin")
        try store.save(id, item: "view", value: .text("Vill bo kvar."), by: "anna")
        let saved = try written(id)
        #expect(saved == (try superuser.query("SELECT updated_at FROM barnkoll.answer WHERE analysis_id = $1 AND item_id = 'view'", [id]).value))
        #expect(try stale() == "0")
        // The newest answer cleared: back to the newest left.
        try store.save(id, item: "view", value: nil, by: "anna")
        #expect(try stale() == "0")
        #expect(try written(id) == "2026-01-01T00:00:00.000Z")
        try store.save(id, item: "affected", value: nil, by: "anna")
        #expect(try written(id) == nil)
        #expect(try written(empty) == nil)
        #expect(try stale() == "0")
    }

    /// Two analyses written in turn inside a minute, then the first again: a search puts the one
    /// written last first, on a page of one and of two, though its row still carries the older time;
    /// sent for review, the queue's search does the same.
    @Test func aSaveInsideTheMinuteStillComesFirst() throws {
        let folder = TemporaryFolder()
        let (store, _) = try unitStore(folder)
        let first = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna",
                                     answers: ["affected": .text("yes"), "view": .text("Vill till mormor.")]).id
        let second = try store.create(checklist: testChecklist(), caseRef: "R-2", unit: "Norr", author: "anna",
                                      answers: ["affected": .text("yes"), "view": .text("Vill till mormor.")]).id
        #expect(try store.page(AnalysisFilter(search: "mormor", limit: 1)).rows.map(\.id) == [second])
        try store.save(first, item: "view", value: .text("Vill till mormor igen."), by: "anna")
        let one = try store.page(AnalysisFilter(search: "mormor", limit: 1))
        #expect(one.rows.map(\.id) == [first])
        #expect(one.total == 2)
        var next = AnalysisFilter(search: "mormor", limit: 1)
        next.offset = 1
        #expect(try store.list(next).map(\.id) == [second])
        #expect(try store.page(AnalysisFilter(search: "mormor", limit: 2)).rows.map(\.id) == [first, second])
        for id in [second, first] { _ = try store.submit(id, by: "anna") }
        let queue = AnalysisFilter(status: .submitted, search: "mormor", limit: 1)
        #expect(try store.page(queue).rows.map(\.id) == [first])
    }

    /// Each of the search's roads (the walk through analyses by their last answer; every match of a
    /// rare word through the GIN indexes; a count past the walk) gives the page the plain definition
    /// gives: matches most recently written first. The roads past the walk need more than its budget
    /// of 1,000 analyses: 6,000 inserted by the superuser, triggers off.
    @Test func everyRoadOfASearchGivesThePlainOrder() throws {
        let folder = TemporaryFolder()
        let (store, conninfo) = try unitStore(folder)
        _ = try store.create(checklist: testChecklist(), caseRef: "R", unit: "Norr", author: "anna", answers: ["view": .text("Vill bo kvar.")])
        let superuser = try PostgresCluster.superuser(of: store)
        try superuser.query("SET session_replication_role = replica")
        // 6,000 analyses of ten answers each; "mormor" in every third, "skolbyte" in five of them;
        // written times spread so that an analysis's answers are not written together.
        try superuser.query("""
            INSERT INTO barnkoll.analysis (id, checklist_id, checklist_version, definition_hash, case_ref, unit, author, status,
                                           versions, created_at, updated_at)
            SELECT 'BKA-T-' || lpad(i::text, 5, '0'), d.checklist_id, d.version, d.hash, 'R-' || i,
                   CASE WHEN i % 2 = 0 THEN 'Norr' ELSE 'Söder' END, 'anna', CASE WHEN i % 10 = 0 THEN 'submitted' ELSE 'draft' END,
                   0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
            FROM generate_series(1, 6000) i, (SELECT * FROM barnkoll.checklist_definition LIMIT 1) d
            """)
        try superuser.query("""
            INSERT INTO barnkoll.answer (analysis_id, item_id, value, search_text, updated_at, updated_by)
            SELECT 'BKA-T-' || lpad(i::text, 5, '0'), 'item' || k, '""', t.text,
                   to_char(timestamp '2026-01-01' + ((i * 7919 + k * 104729) % 100000) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'anna'
            FROM generate_series(1, 6000) i, generate_series(1, 10) k,
                 LATERAL (SELECT CASE WHEN k = 3 AND i % 3 = 0 THEN 'Vill till mormor.'
                                      WHEN k = 4 AND i % 1200 = 0 THEN 'Ett skolbyte.'
                                      WHEN k = 5 AND i % 10 = 3 THEN 'Ett husdjur.' ELSE 'Vill bo kvar.' END AS text) t
            """)
        // With the triggers off, each analysis's last answer is set as Migration 23 fills it.
        try superuser.query("""
            UPDATE barnkoll.analysis a SET written_at = (SELECT max(m.updated_at) FROM barnkoll.answer m WHERE m.analysis_id = a.id)
            """)
        try superuser.query("ANALYZE barnkoll.analysis")
        try superuser.query("ANALYZE barnkoll.answer")
        func plain(_ words: String, status: String?) throws -> [String] {
            try superuser.query("""
                SELECT a.id FROM barnkoll.analysis a
                WHERE ($2::text IS NULL OR a.status = $2)
                  AND EXISTS (SELECT 1 FROM barnkoll.answer m WHERE m.analysis_id = a.id AND m.search_simple @@ $1::tsquery)
                ORDER BY (SELECT max(w.updated_at) FROM barnkoll.answer w WHERE w.analysis_id = a.id) DESC, a.id DESC
                """, [words, status]).rows.compactMap { $0.first ?? nil }
        }
        // Roads: a common word among the first analyses walked (mormor, kvar, in a filter wider than the
        // walk's budget or not); a rare one past it, through the GIN indexes (skolbyte); one whose
        // page is found in the walk but whose count is not (husdjur, one in ten: about 100 matches
        // in the 1,000 walked, 600 in all).
        func roads(_ round: String) throws {
            for (word, status) in [("mormor", nil), ("skolbyte", nil), ("mormor", "submitted"), ("kvar", nil), ("kvar", "draft"),
                                   ("husdjur", nil), ("skolbyte", "submitted"), ("husdjur", "draft")] as [(String, String?)] {
                let expected = try plain("'\(word)':*", status: status)
                var filter = AnalysisFilter(status: status.flatMap(AnalysisStatus.init(rawValue:)), search: word, limit: 50)
                let first = try store.page(filter)
                #expect(first.rows.map(\.id) == Array(expected.prefix(50)), "\(round): \(word), \(status ?? "any status")")
                #expect(first.total == min(expected.count, PostgresStore.searchCountLimit + 1), "\(word)")
                // Counted alone, without a page, the same.
                #expect(try store.count(filter) == first.total, "\(word), counted alone")
                filter.offset = 50
                #expect(try store.list(filter).map(\.id) == Array(expected.dropFirst(50).prefix(50)), "\(word), the second page")
            }
        }
        try roads("exact")
        // As a save leaves it (Migration 24): each analysis's time up to 59 s behind its newest answer,
        // with the answers' times a second apart instead of a minute, so that the lag reorders them.
        try superuser.query("""
            UPDATE barnkoll.answer SET updated_at = to_char(timestamp '2026-01-01'
                + extract(epoch FROM updated_at::timestamp - timestamp '2026-01-01') / 60 * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            """)
        try superuser.query("""
            UPDATE barnkoll.analysis a SET written_at = to_char((SELECT max(m.updated_at) FROM barnkoll.answer m WHERE m.analysis_id = a.id)::timestamp
                - ((hashtext(a.id) & 255) % 60) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            """)
        try superuser.query("ANALYZE barnkoll.analysis")
        try roads("lagging")
        // A reader who sees one unit: Söder's alone, in the same order.
        let sven = try PostgresStore.open(conninfo: conninfo + " user=sven", kind: .real)
        let his = try sven.page(AnalysisFilter(search: "mormor", limit: 50))
        let soder = try superuser.query("SELECT id FROM barnkoll.analysis WHERE unit = 'Söder'").rows.compactMap { $0.first ?? nil }
        #expect(his.rows.map(\.id) == Array(try plain("'mormor':*", status: nil).filter(Set(soder).contains).prefix(50)))
        #expect(his.total == PostgresStore.searchCountLimit + 1)
    }
}
