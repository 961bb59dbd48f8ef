import BarnkollCore
import Foundation
import GRDB

extension SQLiteStore {
    /// Checks what can be checked from inside the file: SQLite's own structure, foreign keys, the
    /// full-text index, every frozen version against its content hash (a changed byte inside a
    /// record passes `integrity_check`; only the hash shows it), and the audit chain with what it
    /// recorded. Returns the problems, first broken record first; empty when all holds.
    public func verifyProblems() throws(StoreError) -> [Localized] {
        do {
            // Everything but the search index in one read transaction: a snapshot, while users
            // go on saving (on 100,000 analyses this takes minutes). FTS5's own check is spelled
            // as an INSERT (it changes nothing, and is rolled back), so it alone takes the write lock, briefly.
            let problems = try connections.read { db in try Self.problems(db, searchIndex: false) }
            return problems + (try connections.checkWithoutWriting { db in try Self.searchIndexProblems(db) })
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Every review read once, in one snapshot; Core says which must name no one and where one is.
    public func readKeptPersonnummer() throws(StoreError) -> [KeptPersonnummer] {
        let kind = kind
        do {
            return try connections.read { db in
                var found: [(analysisID: String, place: MaskedPlace)] = []
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT r.analysis_id, a.checklist_id, r.version, r.comment, r.item_comments
                    FROM review r JOIN analysis a ON a.id = r.analysis_id ORDER BY r.analysis_id, r.id
                    """)
                while let row = try rows.next() {
                    guard Casework.namesNoOne(checklistID: row[1], kind: kind) else { continue }
                    let id: String = row[0]
                    found += KeptPersonnummer.places(inReviewOf: row[2], comment: row[3], itemComments: Review.itemComments(fromJSON: row[4]))
                        .map { (id, $0) }
                }
                return KeptPersonnummer.grouped(found)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    static func problems(_ db: Database, searchIndex: Bool = true) throws -> [Localized] {
        var problems: [Localized] = []
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        // SQLite's own words, in English only.
        if integrity != ["ok"] { problems += integrity.prefix(5).map { Localized(sv: "integrity_check: \($0)", en: "integrity_check: \($0)") } }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").prefix(5) {
            let (table, rowid, parent) = (row[0] as String? ?? "?", row[1] as Int64? ?? 0, row[2] as String? ?? "?")
            problems.append(Localized(sv: "främmande nyckel: tabellen \(table) rad \(rowid) pekar på en \(parent) som saknas",
                                      en: "foreign key: table \(table) row \(rowid) points to a missing \(parent)"))
        }
        if searchIndex { problems += try searchIndexProblems(db) }
        // Every version against its content hash, and the audit chain replayed against the records.
        problems += try AuditChain.problems(db)
        // What searches are built from, after the records themselves: a record changed by hand
        // usually leaves these out of step too, and the record is the news. The owners are read
        // through the answers' own index by analysis, which holds both columns: not their wide rows.
        let strayOwners = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM answer LEFT JOIN answer_owner owner ON owner.answer = answer.rowid
                    WHERE owner.analysis_id IS NOT answer.analysis_id)
                 + (SELECT COUNT(*) FROM answer_owner owner WHERE NOT EXISTS (SELECT 1 FROM answer WHERE answer.rowid = owner.answer))
            """) ?? 0
        if strayOwners > 0 {
            problems.append(Localized(sv: "answer_owner går inte i takt med svaren i \(strayOwners) av sina rader (ändrat utanför barnkoll), så sökningar kan missa eller felplacera svar; återställ lagret från en säkerhetskopia",
                                      en: "answer_owner is out of step with the answers in \(strayOwners) of its rows (changed outside barnkoll), so searches may miss or misplace answers; restore the store from a backup"))
        }
        let missing = try SearchTerms.missing(db)
        if missing > 0 {
            problems.append(Localized(sv: "search_term saknar \(missing) av fritextindexets ord (ändrat utanför barnkoll), så sökningar kan missa svar; återställ lagret från en säkerhetskopia",
                                      en: "search_term lacks \(missing) of the full-text index's words (changed outside barnkoll), so searches may miss answers; restore the store from a backup"))
        }
        // What the yearly indicators read: the rows each version and analysis left, and each
        // unit's kept tally of each year.
        problems += try IndicatorCounts.problems(db)
        problems += try IndicatorTallies.problems(db)
        return problems
    }

    static func searchIndexProblems(_ db: Database) throws -> [Localized] {
        do {
            try db.execute(sql: "INSERT INTO answer_fts(answer_fts) VALUES ('integrity-check')")
            return []
        } catch {
            let why = (error as? DatabaseError)?.message ?? "\(error)"
            return [Localized(sv: "fritextindexet är skadat, så sökningar kan missa svar (\(why)); återställ lagret från en säkerhetskopia",
                              en: "full-text index: damaged, so searches may miss answers (\(why)); restore the store from a backup")]
        }
    }

    /// The audit chain's last row, as an approval sends it to the system log.
    public func chainHead() throws(StoreError) -> ChainHead {
        try read { db in try AuditChain.head(db) }
    }

    /// The chain held against heads found in a system log: each head of this store must still be
    /// the row it was. A store rewritten from some row on, with its chain recomputed, passes
    /// `verify` but not this. Returns how many heads were this store's, and the problems.
    public func checkAnchors(_ heads: [ChainHead]) throws(StoreError) -> (checked: Int, problems: [Localized]) {
        try read { db in
            let store = try AuditChain.head(db).store
            let own = heads.filter { $0.store == store }
            let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0
            var problems: [Localized] = []
            for head in own {
                let hash = try Data.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit WHERE id = ?"), arguments: [head.id])
                if let problem = head.problem(hash: hash.map(AuditChain.hex), lastRow: last) { problems.append(problem) }
            }
            return (own.count, problems)
        }
    }

    /// Root, the file's owner and, when its group may write it (a team store), the group's members.
    public func anchorSenders() throws(StoreError) -> Set<UInt32> {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(store: path, sv: "kan inte läsa vem som äger lagerfilen", en: "cannot read the store file's owner") }
        var senders: Set<UInt32> = [0, UInt32(info.st_uid)]
        if info.st_mode & S_IWGRP != 0 { senders.formUnion(HostAccounts.members(ofGroup: info.st_gid)) }
        return senders
    }

    /// A copy of the store taken while it is in use (SQLite's online backup), synced to disk,
    /// checked, and only then moved into place under `destination`, mode 0600 (0660 in a shared
    /// folder). The copy is built inside a fresh folder that `mkdtemp` makes beside the
    /// destination, 0700 and unguessable: SQLite creates its journal beside whatever path it is
    /// given, and in a folder others may write, a predictable name there is a place to plant a
    /// symlink that the backup would then truncate or write through.
    public func backup(to destination: String) throws(StoreError) {
        let url = URL(fileURLWithPath: destination)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/.barnkoll-backup-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { throw StoreError.backupNotWritten(destination, reason: errno) }
        let work = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let temporary = work + "/" + url.lastPathComponent
        defer {
            // Whatever is left of a failed copy (the copy itself, its journal), then the folder.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? [] { unlink(work + "/" + name) }
            rmdir(work)
        }
        let mode = StoreFiles(path: destination).mode
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError.backupNotWritten(destination, reason: errno) }
        fchmod(fd, mode)
        close(fd)
        do {
            let copy = try DatabaseQueue(path: temporary)
            try connections.readerConnection().backup(to: copy)
            // The copy must hold up on its own before it replaces anything.
            let problems = try copy.write { db in try Self.problems(db) }
            try copy.close()
            guard problems.isEmpty else {
                throw StoreError.io(store: destination, sv: "kopian håller inte vid kontrollen: \(problems[0].text(.sv)); inget ersattes",
                                    en: "the copy does not verify: \(problems[0].text(.en)); nothing was replaced")
            }
            let file = Glibc.open(temporary, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard file >= 0, fsync(file) == 0 else {
                if file >= 0 { close(file) }
                throw StoreError.backupNotWritten(destination, reason: file >= 0 ? errno : EIO)
            }
            close(file)
            guard rename(temporary, destination) == 0 else { throw StoreError.backupNotWritten(destination, reason: errno) }
            let directory = Glibc.open(folder, O_RDONLY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        } catch let error as StoreError {
            throw error.stopped(.backup(destination))
        } catch {
            throw Self.map(error, path: destination).stopped(.backup(destination))
        }
    }
}
