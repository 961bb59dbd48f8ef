import BarnkollCore
import Foundation

/// The store's files on disk and who may use them.
///
/// A store belongs to one account (files 0600, in a folder barnkoll makes 0700) unless its folder
/// was prepared for a Unix group: setgid and writable by the group, as
/// `install -d -m 2770 -g GROUP DIR` makes it. There every file barnkoll creates is 0660 and, by
/// the setgid bit, of the folder's group, so each member of the group can open the store and no
/// one else can. SQLite gives its `-wal` and `-shm` files the main file's mode itself.
public struct StoreFiles {
    let path: String
    let folder: String
    /// Whether the folder shares the store with its group.
    let shared: Bool

    init(path: String) {
        self.path = path
        folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        shared = Self.isShared(folder: folder)
    }

    /// Whether `folder` was prepared for a group (setgid, group write and search): what members
    /// need to create `-wal` and `-shm` beside a store, and to read a backup or an export there.
    static func isShared(folder: String) -> Bool {
        var info = stat()
        return stat(folder, &info) == 0 && info.st_mode & S_ISGID != 0 && info.st_mode & 0o030 == 0o030
    }

    /// The mode of every file barnkoll creates for this store, set with fchmod so the umask of
    /// whoever happens to create a file cannot take the group's access away.
    var mode: mode_t { shared ? 0o660 : 0o600 }

    /// The mode of a file barnkoll writes at `path` (a store, a backup, an `--output` file): 0660
    /// in a shared group folder, whose setgid bit gives it the folder's group, else 0600.
    public static func mode(forFileAt path: String) -> mode_t {
        StoreFiles(path: path).mode
    }
    var lockPath: String { path + ".lock" }
    /// SQLite's files beside an open store: they hold records too.
    var companions: [String] { [path + "-wal", path + "-shm"] }

    /// Refuses, before anything is created or changed, a file that is not a store of ours (naming
    /// what it is), a store of ours that every account can read, or one this account cannot use,
    /// with one line that says what to run. "Nothing was changed" includes the lock file: it is
    /// made only for a store (a store in the making is empty or whole: SQLite writes its first
    /// page in one write, under the lock).
    func checkBeforeOpening(account: String) throws(StoreError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return }
            if code == EACCES { throw SQLiteFileProblem.noAccess(path: path, why: unreachable(account: account)) }
            let reason = SystemReason.of(code)
            throw .io(store: path, sv: "når inte lagerfilen (\(reason.sv))", en: "cannot reach the store file (\(reason.text(.en)))")
        }
        // A store is a regular file: a device, a FIFO or a folder is refused before anything opens
        // it (opening a FIFO would wait for a writer; SQLite would chmod a device and put a journal beside it).
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SQLiteFileProblem.notAFile(path: path, mode: info.st_mode)
        }
        guard info.st_size > 0 else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == EACCES { throw SQLiteFileProblem.noAccess(path: path, why: unusable(path, info, account: account)) }
            let reason = SystemReason.of(code)
            throw .io(store: path, sv: "kan inte läsa lagerfilen (\(reason.sv))", en: "cannot read the store file (\(reason.text(.en)))")
        }
        var header = [UInt8](repeating: 0, count: 100)
        let count = read(fd, &header, header.count)
        close(fd)
        if let problem = SQLiteStore.headerProblem(Data(header.prefix(max(0, count)))) {
            throw SQLiteFileProblem.notOurs(path: path, why: problem)
        }

        for file in [path] + companions {
            var other = stat()
            if stat(file, &other) == 0, other.st_mode & 0o007 != 0 {
                throw SQLiteFileProblem.openToOthers(path: file, mode: Int(other.st_mode & 0o7777))
            }
        }
        // A private store its group may read is as open as one others may read, to the group's
        // other members (`grep` reads a child's words from it). A team store is in a setgid folder
        // of its group (one that lost its group write is explained below); a group of the owner
        // alone (a user-private group) lets no one else in.
        var folderStat = stat()
        let teamFolder = stat(folder, &folderStat) == 0 && folderStat.st_mode & S_ISGID != 0
        for file in [path] + companions {
            var other = stat()
            guard stat(file, &other) == 0, other.st_mode & 0o070 != 0, !(teamFolder && other.st_gid == folderStat.st_gid) else { continue }
            if !HostAccounts.members(ofGroup: other.st_gid).subtracting([UInt32(other.st_uid)]).isEmpty {
                throw SQLiteFileProblem.openToGroup(path: file, mode: Int(other.st_mode & 0o7777), group: Self.group(other.st_gid))
            }
        }
        // flock needs only a descriptor, so reading the lock file is enough.
        let needs = [(path, R_OK | W_OK)] + companions.map { ($0, R_OK | W_OK) } + [(lockPath, R_OK)]
        for (file, access) in needs {
            var other = stat()
            if stat(file, &other) == 0, Glibc.access(file, access) != 0 {
                // Modes and owners say nothing about a read-only mount: say what it is.
                if errno == EROFS {
                    throw SQLiteFileProblem.noAccess(path: file, why: Localized(
                        sv: "den ligger på ett filsystem monterat skrivskyddat, och barnkoll skriver i lagret även för att läsa "
                            + "(varje läsning loggas); montera det skrivbart, eller använd ett lager någon annanstans",
                        en: "it is on a file system mounted read-only, and barnkoll writes to the store "
                            + "even to read it (every reading is logged); mount it read-write, or use a store elsewhere"))
                }
                throw SQLiteFileProblem.noAccess(path: file, why: unusable(file, other, account: account))
            }
        }
        var folderInfo = stat()
        if Glibc.access(folder, W_OK | X_OK) != 0, stat(folder, &folderInfo) == 0 {
            let facts = Self.facts(folderInfo)
            let fix = folderInfo.st_uid == geteuid()
                ? Localized(sv: "ägaren \(account) kan tillåta det med: chmod u+wx \(folder)", en: "its owner \(account) can allow it with: chmod u+wx \(folder)")
                : folderInfo.st_mode & S_ISGID != 0
                ? Localized(sv: "ägaren eller root kör: chmod 2770 \(folder)", en: "its owner or root runs: chmod 2770 \(folder)")
                : Localized(sv: "fråga ägaren (\(Self.owner(folderInfo.st_uid)))", en: "ask its owner (\(Self.owner(folderInfo.st_uid)))")
            throw SQLiteFileProblem.noAccess(path: folder, why: Localized(
                sv: "\(account) kan inte skapa filer i lagrets mapp (\(facts.sv)), vilket SQLite behöver bredvid lagret; \(fix.sv)",
                en: "\(account) cannot create files in the store's folder (\(facts.text(.en))), which SQLite needs beside the store; \(fix.text(.en))"))
        }
    }

    /// Why this account cannot reach the store file at all: a folder on the way it may not enter.
    private func unreachable(account: String) -> Localized {
        var info = stat()
        guard stat(folder, &info) == 0, Glibc.access(folder, X_OK) != 0 else {
            return Localized(sv: "\(account) når inte lagrets mapp \(folder); fråga lagrets administratör",
                             en: "\(account) cannot reach the store's folder \(folder); ask the store's admin")
        }
        let group = Self.group(info.st_gid)
        let facts = Self.facts(info)
        return shared
            ? Localized(sv: "\(account) kommer inte in i lagrets mapp \(folder) (\(facts.sv)); lagret delas bara med gruppen \(group): "
                            + "en administratör lägger till kontot med usermod -aG \(group) \(account) (det gäller från nästa inloggning)",
                        en: "\(account) cannot enter the store's folder \(folder) (\(facts.text(.en))); the store is shared with the group \(group) only: "
                            + "an admin adds the account with usermod -aG \(group) \(account) (it takes effect at the next login)")
            : Localized(sv: "\(account) kommer inte in i lagrets mapp \(folder) (\(facts.sv)); den tillhör \(Self.owner(info.st_uid)) ensam",
                        en: "\(account) cannot enter the store's folder \(folder) (\(facts.text(.en))); it belongs to \(Self.owner(info.st_uid)) alone")
    }

    /// Why this account cannot read and write one of the store's files, and what fixes it.
    private func unusable(_ file: String, _ info: stat, account: String) -> Localized {
        let facts = Self.facts(info)
        func said(sv: String, en: String) -> Localized {
            Localized(sv: "\(account) kan inte läsa och skriva filen (\(facts.sv)); " + sv,
                      en: "\(account) cannot read and write this file (\(facts.text(.en))); " + en)
        }
        // The account's own file, made read-only: naming another owner to ask would mislead.
        if info.st_uid == geteuid() && info.st_mode & 0o600 != 0o600 {
            return said(sv: "den är skrivskyddad; ägaren \(account) kan göra den skrivbar med: chmod u+rw \(file)",
                        en: "it is read-only; its owner \(account) can make it writable with: chmod u+rw \(file)")
        }
        guard shared else {
            let owner = Self.owner(info.st_uid)
            return said(sv: "lagret tillhör \(owner) ensam (ett lager för flera användare behöver en delad mapp: install -d -m 2770 -g GRUPP MAPP)",
                        en: "the store belongs to \(owner) alone (a store for several users needs a shared folder: install -d -m 2770 -g GROUP DIR)")
        }
        var folderInfo = stat()
        let folderGroup = stat(folder, &folderInfo) == 0 ? Self.group(folderInfo.st_gid) : "?"
        if info.st_gid != folderInfo.st_gid || info.st_mode & 0o060 != 0o060 {
            let fix = (info.st_gid != folderInfo.st_gid ? "chgrp \(folderGroup) \(file) && " : "") + "chmod 660 \(file)"
            return said(sv: "i den här delade mappen ska lagrets filer ha läge 0660 och gruppen \(folderGroup): ägaren eller root kör: \(fix)",
                        en: "in this shared folder the store's files must be mode 0660 of the group \(folderGroup): its owner or root runs: \(fix)")
        }
        return said(sv: "lagret delas bara med gruppen \(folderGroup): en administratör lägger till kontot med "
                        + "usermod -aG \(folderGroup) \(account) (det gäller från nästa inloggning)",
                    en: "the store is shared with the group \(folderGroup) only: an admin adds the account with "
                        + "usermod -aG \(folderGroup) \(account) (it takes effect at the next login)")
    }

    static func facts(_ info: stat) -> Localized {
        let mode = SQLiteFileProblem.octal(Int(info.st_mode & 0o7777))
        let (owner, group) = (owner(info.st_uid), group(info.st_gid))
        return Localized(sv: "läge \(mode), ägare \(owner), grupp \(group)", en: "mode \(mode), owner \(owner), group \(group)")
    }

    static func owner(_ uid: uid_t) -> String {
        getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? String(uid)
    }

    static func group(_ gid: gid_t) -> String {
        getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? String(gid)
    }
}

/// An exclusive `flock` on a separate lock file (never on the database file: closing any
/// descriptor of it would drop SQLite's own POSIX locks).
struct FileLock {
    private let fd: Int32
    /// Whether this lock made the file.
    let created: Bool

    /// Creates the lock file with `mode` if it is missing; an existing one, whoever created it, is
    /// opened for reading, which is all `flock` needs.
    init(path: String, mode: mode_t) throws(StoreError) {
        var fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        created = fd >= 0
        if fd >= 0 {
            fchmod(fd, mode)
        } else if errno == EEXIST {
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            // Another member may have created it a moment ago, before its fchmod let the group in.
            for _ in 0..<5 where fd < 0 && errno == EACCES {
                usleep(20_000)
                fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            }
        }
        guard fd >= 0 else {
            // Opening unlocked would bring back the first-open race, so refuse.
            let reason = SystemReason.of(errno)
            throw SQLiteFileProblem.noAccess(path: path, why: Localized(sv: "kan inte öppna lagrets låsfil (\(reason.sv)); kontrollera mappens behörigheter",
                                                                        en: "cannot open the store's lock file (\(reason.text(.en))); check the folder's permissions"))
        }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        self.fd = fd
    }

    func unlock() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
