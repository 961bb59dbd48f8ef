import BarnkollCore
import BarnkollStore
import Foundation
import Testing

/// One store used by several people on one host, each as their own OS account: roles, never
/// approving one's own work, the audit naming who did what, and the file modes that let the
/// group in and keep everyone else out.
@Suite(.tags(.osAccounts), .serialized,
       // Only root can create accounts and run programs as them; CI runs as root.
       .enabled(if: OSAccounts.available, "needs root and setpriv: runs barnkoll as the accounts bk-anna, bk-bertil and bk-cecilia"))
struct SharedStoreBetweenAccounts {
    let anna = OSAccounts.anna
    let bertil = OSAccounts.bertil
    let cecilia = OSAccounts.cecilia

    struct Facts: Equatable, CustomStringConvertible {
        var mode: Int
        var owner: String
        var group: String
        var description: String { String(format: "%04o %@:%@", mode, owner, group) }
    }

    func facts(_ path: String) -> Facts? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)
        let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? String(info.st_gid)
        return Facts(mode: Int(info.st_mode & 0o7777), owner: owner, group: group)
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func expectOneLine(_ result: CLI.Result, containing texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        for text in texts {
            #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("locked"), sourceLocation: sourceLocation)
    }

    /// Holds a read lock on the bytes an open SQLite reader holds, as another user with the store
    /// open does: whoever closes the store then cannot checkpoint and delete `-wal` and `-shm`, so
    /// the test sees the files as the account's barnkoll created them.
    func whileAnotherReaderIsOpen(_ store: String, _ body: () throws -> Void) throws {
        let fd = open(store, O_RDONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_RDLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0x4000_0002 // SQLite's shared-lock range: PENDING_BYTE + 2, 510 bytes
        lock.l_len = 510
        try #require(fcntl(fd, F_SETLK, &lock) == 0)
        try body()
    }

    func prepare() throws -> OSAccountHost {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        return try OSAccountHost()
    }

    func answers(_ host: OSAccountHost) throws -> String {
        host.readable("complete-bka.yaml", contents: try #require(contents(completeAnswers)))
    }

    @Test func aTeamSharesOneStoreThroughItsGroup() throws {
        let host = try prepare()
        defer { host.remove() }
        let folder = host.sharedFolder("team")
        let store = folder + "/barnkoll.sqlite"
        let at = ["--store", store]

        // The binary finds the checklists installed beside it, not in the source tree.
        let catalog = host.run(as: anna, ["checklists", "list"])
        #expect(catalog.status == 0, "\(catalog.stderr)")
        #expect(catalog.stdout.contains(host.checklists + "/barnkonsekvensanalys.yaml"), "\(catalog.stdout)")

        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host), "--submit"] + at)
        #expect(fill.status == 0, "\(fill.stderr)")
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))
        #expect(id.hasPrefix("BKA-"))
        let shared = Facts(mode: 0o660, owner: anna, group: OSAccounts.group)
        #expect(facts(store) == shared)
        #expect(facts(store + ".lock") == shared)

        // SQLite creates -wal and -shm with the main file's mode, despite anna's umask 077.
        try whileAnotherReaderIsOpen(store) {
            let grant = host.run(as: anna, ["admin", "grant", "supervisor", bertil] + at)
            #expect(grant.status == 0, "\(grant.stderr)")
            #expect(facts(store + "-wal") == shared)
            #expect(facts(store + "-shm") == shared)
            // bertil works with the files anna's barnkoll created, lock file included.
            let queue = host.run(as: bertil, ["review", "list", "--format", "json"] + at)
            #expect(queue.status == 0, "\(queue.stderr)")
            #expect(queue.stdout.contains("\"\(id)\""), "\(queue.stdout)")
        }

        let selfGrant = host.run(as: anna, ["admin", "grant", "supervisor", anna] + at)
        #expect(selfGrant.status == 0, "\(selfGrant.stderr)")
        let own = host.run(as: anna, ["review", "approve", id] + at)
        expectOneLine(own, containing: ["ingen granskar sin egen analys", "är skriven av \(anna)"])

        let notAdmin = host.run(as: bertil, ["admin", "grant", "supervisor", cecilia] + at)
        expectOneLine(notAdmin, containing: ["bara en administratör kan ändra roller; \(bertil) är ingen"])

        let approve = host.run(as: bertil, ["review", "approve", id] + at)
        #expect(approve.status == 0, "\(approve.stderr)")

        // bertil reads anna's draft but does not write in it: only its author does.
        let draft = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host)] + at)
        let draftID = try #require(draft.stdout.split(separator: "\n").first.map(String.init))
        func draftAnswers() throws -> Answers { try SQLiteStore.open(path: store, kind: .real).analysis(draftID, readBy: anna).answers }
        let unchanged = try draftAnswers()
        expectOneLine(host.run(as: bertil, ["fill", "--into", draftID, "--answers", try answers(host)] + at),
                      containing: ["bara författaren (\(anna)) skriver i \(draftID)"])
        #expect(try draftAnswers() == unchanged)
        #expect(host.run(as: bertil, ["show", draftID] + at).status == 0)

        // bertil overrides a stop on anna's draft from the command line; it says which, by its title.
        let stoppedFile = host.readable("stopped-bka.yaml", contents: Data(try stoppedAnswers().utf8))
        let stopped = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", stoppedFile] + at)
        let stoppedID = try #require(stopped.stdout.split(separator: "\n").first.map(String.init), "\(stopped.stderr)")
        let override = host.run(as: bertil, ["review", "override", stoppedID, "--ground", "nämnden", "--reason", "Nämnden beslutar."] + at)
        #expect(override.status == 0 && override.stdout == "\(stoppedID): stoppet Vårdinsats mot barnets bästa hävt\n",
                "\(override.stdout)\(override.stderr)")

        // A backup and an export written into the team's folder are the team's, as the store is,
        // whatever anna's umask (077); bertil reads the export.
        let backup = host.run(as: anna, ["backup", folder + "/backup.sqlite"] + at)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(facts(folder + "/backup.sqlite") == shared)
        let export = host.run(as: bertil, ["export", "--format", "csv", "--output", folder + "/export.csv"] + at)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(facts(folder + "/export.csv") == Facts(mode: 0o660, owner: bertil, group: OSAccounts.group))
        #expect(host.run(as: anna, ["verify", "--store", folder + "/backup.sqlite"]).status == 0)

        let before = try #require(contents(store))
        let outsider = host.run(as: cecilia, ["list"] + at)
        expectOneLine(outsider, containing: ["\(cecilia) kommer inte in i lagrets mapp \(folder)",
                                             "usermod -aG \(OSAccounts.group) \(cecilia)"])
        // And in English with --lang en, as every refusal of the store's files.
        expectOneLine(host.run(as: cecilia, ["list", "--lang", "en"] + at),
                      containing: ["\(cecilia) cannot enter the store's folder \(folder)", "usermod -aG \(OSAccounts.group) \(cecilia)"])
        #expect(contents(store) == before)
        #expect(facts(store) == shared)
        let outsiderShow = host.run(as: cecilia, ["show", id] + at)
        #expect(outsiderShow.status == 1)
        #expect(!outsiderShow.stdout.contains("EB-2026-117"))

        let show = host.run(as: anna, ["show", id, "--format", "json"] + at)
        let json = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "approved", "\(show.stdout)")

        // The audit names who did what, and nothing of what was refused.
        let audit = try SQLiteStore.open(path: store, kind: .real).auditEvents()
        func did(_ account: String, _ action: String, _ detail: String? = nil) -> Bool {
            audit.contains { $0.account == account && $0.action == action && (detail == nil || $0.detail == detail) }
        }
        #expect(did(anna, "store.create"))
        #expect(did(anna, "analysis.create"))
        #expect(did(anna, "analysis.submitted"))
        #expect(did(anna, "role.grant", "supervisor \(bertil)"))
        #expect(did(anna, "role.grant", "supervisor \(anna)"))
        #expect(did(bertil, "analysis.approved"))
        #expect(!did(anna, "analysis.approved"))
        #expect(!did(bertil, "role.grant"))
        #expect(!audit.contains { $0.account == cecilia }, "\(audit)")
        #expect(Set(audit.map(\.account)).isSubset(of: [anna, bertil]), "\(audit)")
    }

    @Test func aStoreFileOpenToOthersIsRefusedWithTheFix() throws {
        let host = try prepare()
        defer { host.remove() }
        let store = host.sharedFolder("team") + "/barnkoll.sqlite"
        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host), "--store", store])
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(chmod(store, 0o644) == 0)
        let before = try #require(contents(store))

        let list = host.run(as: anna, ["list", "--store", store])
        expectOneLine(list, containing: ["läge 0644", "chmod o-rwx \(store)", "inget ändrades"])
        #expect(contents(store) == before)
        #expect(facts(store)?.mode == 0o644)
        #expect(facts(store + "-wal") == nil)

        #expect(chmod(store, 0o640) == 0)
        #expect(host.run(as: anna, ["list", "--store", store]).status == 0)
    }

    /// A private store (its folder not shared with the group) that its group can read: a member
    /// reads a child's words with grep, so barnkoll refuses it as it refuses one open to others.
    @Test func aPrivateStoreItsGroupCanReadIsRefused() throws {
        let host = try prepare()
        defer { host.remove() }
        let folder = host.root + "/annas"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let team = getgrnam(OSAccounts.group)?.pointee.gr_gid ?? 0
        #expect(chown(folder, getpwnam(anna)?.pointee.pw_uid ?? 0, team) == 0 && chmod(folder, 0o750) == 0)
        let store = folder + "/barnkoll.sqlite"
        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host), "--store", store])
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(chown(store, getpwnam(anna)?.pointee.pw_uid ?? 0, team) == 0 && chmod(store, 0o640) == 0)
        // What the group could do with it.
        let grep = OSAccounts.execute(["/usr/bin/setpriv", "--reuid=\(bertil)", "--regid=\(bertil)", "--init-groups", "--",
                                       "/bin/grep", "-c", "EB-2026-117", store], environment: [:], directory: "/")
        #expect(grep.status == 0, "\(grep.stderr)")
        let before = try #require(contents(store))

        expectOneLine(host.run(as: anna, ["list", "--store", store, "--lang", "en"]),
                      containing: ["group \(OSAccounts.group) can read or write this store file (mode 0640)", "chmod g-rwx \(store)",
                                   "nothing was changed"])
        #expect(contents(store) == before && facts(store)?.mode == 0o640 && facts(store + "-wal") == nil)
        #expect(chmod(store, 0o600) == 0)
        #expect(host.run(as: anna, ["list", "--store", store]).status == 0)
    }

    @Test func filesThatLostGroupWriteSayWhatToRun() throws {
        let host = try prepare()
        defer { host.remove() }
        let folder = host.sharedFolder("team")
        let store = folder + "/barnkoll.sqlite"
        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host), "--store", store])
        #expect(fill.status == 0, "\(fill.stderr)")
        let before = try #require(contents(store))

        #expect(chmod(store, 0o640) == 0)
        expectOneLine(host.run(as: bertil, ["list", "--store", store]),
                      containing: ["\(store): \(bertil) kan inte läsa och skriva", "chmod 660 \(store)"])
        #expect(chmod(store, 0o660) == 0)

        #expect(chmod(store + ".lock", 0o600) == 0)
        expectOneLine(host.run(as: bertil, ["list", "--store", store]), containing: ["\(store).lock", "chmod 660 \(store).lock"])
        #expect(chmod(store + ".lock", 0o660) == 0)

        #expect(chmod(folder, 0o2750) == 0)
        expectOneLine(host.run(as: bertil, ["list", "--store", store]),
                      containing: ["\(bertil) kan inte skapa filer i lagrets mapp", "chmod 2770 \(folder)"])
        #expect(chmod(folder, 0o2770) == 0)

        #expect(contents(store) == before)
        let list = host.run(as: bertil, ["list", "--store", store])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("EB-2026-117"))
    }

    @Test func aStoreOutsideASharedFolderStaysWithItsCreator() throws {
        let host = try prepare()
        defer { host.remove() }
        // A group-writable folder without the setgid bit is not a shared one: the admin's setup is explicit.
        let folder = host.root + "/plain"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(chown(folder, 0, getgrnam(OSAccounts.group)?.pointee.gr_gid ?? 0) == 0 && chmod(folder, 0o770) == 0)
        let store = folder + "/barnkoll.sqlite"
        let fill = host.run(as: anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host), "--store", store],
                            umask: "002")
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(facts(store)?.mode == 0o600)
        #expect(facts(store + ".lock")?.mode == 0o600)
        expectOneLine(host.run(as: bertil, ["list", "--store", store]),
                      containing: ["\(bertil) kan inte läsa och skriva filen", "tillhör \(anna) ensam", "install -d -m 2770"])

        // The default store: a private folder in the account's home, created 0700.
        let own = host.run(as: bertil, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", try answers(host)], umask: "002")
        #expect(own.status == 0, "\(own.stderr)")
        let home = host.home(bertil) + "/.local/share/barnkoll"
        #expect(facts(home) == Facts(mode: 0o700, owner: bertil, group: bertil))
        #expect(facts(home + "/barnkoll.sqlite") == Facts(mode: 0o600, owner: bertil, group: bertil))
    }
}
