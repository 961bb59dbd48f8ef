import Foundation

/// Real operating-system accounts, for tests of a store that several people use on one host:
/// bk-anna, bk-bertil and bk-disa in the group bk-team, bk-cecilia outside it. Identity in barnkoll is the
/// OS account, so only real accounts test who may do what. Creating accounts and switching to
/// them needs root (CI runs as root); suites using this are disabled elsewhere. The accounts stay
/// on the machine for the next run; no files of theirs outlive a test.
enum OSAccounts {
    static let group = "bk-team"
    static let anna = "bk-anna"
    static let bertil = "bk-bertil"
    static let cecilia = "bk-cecilia"
    /// In the group too: a second caseworker, for a store with two units.
    static let disa = "bk-disa"

    private static let tools = ["/usr/bin/setpriv", "/usr/sbin/useradd", "/usr/sbin/groupadd", "/usr/sbin/usermod",
                                "/usr/bin/gpasswd", "/usr/bin/install", "/usr/bin/env", "/bin/sh"]

    /// Whether this process may create accounts and run programs as them.
    static var available: Bool {
        geteuid() == 0 && tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Creates what is missing, once per test process: nil when the accounts are ready, else why not.
    static let prepared: String? = {
        if getgrnam(group) == nil, let problem = system(["/usr/sbin/groupadd", group]), getgrnam(group) == nil {
            return problem
        }
        for account in [anna, bertil, cecilia, disa] where getpwnam(account) == nil {
            // Another test process may create it at the same moment: only its absence afterwards is a failure.
            let problem = system(["/usr/sbin/useradd", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                                  "--shell", "/usr/sbin/nologin", "--comment", "barnkoll test account (fictional)", account])
            if getpwnam(account) == nil { return problem ?? "useradd \(account) did not create it" }
        }
        for account in [anna, bertil, disa] where !isMember(account) {
            if let problem = system(["/usr/sbin/usermod", "--append", "--groups", group, account]) { return problem }
        }
        if isMember(cecilia), let problem = system(["/usr/bin/gpasswd", "--delete", cecilia, group]) { return problem }
        return nil
    }()

    static func isMember(_ account: String) -> Bool {
        guard let entry = getgrnam(group), var member = entry.pointee.gr_mem else { return false }
        while let name = member.pointee {
            if String(cString: name) == account { return true }
            member += 1
        }
        return false
    }

    /// Runs a program as root and returns nil, or the reason it failed.
    @discardableResult
    static func system(_ arguments: [String]) -> String? {
        let result = execute(arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], directory: "/")
        return result.status == 0 ? nil : "\(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)"
    }

    /// Runs a program to its end, reading both pipes before waiting so a large output cannot block it.
    static func execute(_ arguments: [String], environment: [String: String], directory: String) -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            return CLI.Result(status: -1, stdout: "", stderr: "cannot run \(arguments[0]): \(error)")
        }
        let group = DispatchGroup()
        nonisolated(unsafe) var stdout = Data()
        group.enter()
        DispatchQueue.global().async {
            stdout = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A place on this host where the test accounts can work: barnkoll installed as a package would
/// install it (PREFIX/bin/barnkoll, PREFIX/share/barnkoll/checklists, folders 0755), because the
/// build folder may sit where those accounts cannot enter; a home of their own for each account;
/// shared folders prepared as an admin would. `remove()` deletes all of it.
final class OSAccountHost {
    /// 0755 and owned by root, under /tmp: a TMPDIR of root's own may not be open to other accounts.
    let root: String
    var prefix: String { root + "/prefix" }
    var binary: String { prefix + "/bin/barnkoll" }
    var checklists: String { prefix + "/share/barnkoll/checklists" }

    init() throws {
        let base = FileManager.default.fileExists(atPath: "/tmp") ? "/tmp" : FileManager.default.temporaryDirectory.path
        var template = Array((base + "/barnkoll-accounts-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw HostError("cannot make a folder under \(base): \(String(cString: strerror(errno)))") }
        root = made
        let manager = FileManager.default
        do {
            for folder in [root, prefix, prefix + "/bin", prefix + "/share", prefix + "/share/barnkoll", checklists] {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
            }
            try Self.copyClosingOnExec(CLI.binary, to: binary)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
            let shipped = CLI.packageRoot.appendingPathComponent("checklists").path
            for name in try manager.contentsOfDirectory(atPath: shipped) where name.hasSuffix(".yaml") {
                try manager.copyItem(atPath: shipped + "/" + name, toPath: checklists + "/" + name)
                try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: checklists + "/" + name)
            }
        } catch {
            remove()
            throw HostError("cannot install barnkoll under \(root): \(error)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Copies a program through a descriptor closed on exec: other tests spawn processes all the
    /// time, and a child inheriting a descriptor open for writing makes executing the copy fail
    /// with ETXTBSY (seen once as exit 126).
    static func copyClosingOnExec(_ source: String, to destination: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw HostError("cannot read \(source)") }
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw HostError("cannot write \(destination): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw HostError("cannot write \(destination): short write") }
    }

    /// The account's own home here, 0700: nobody else can enter it.
    func home(_ account: String) -> String {
        let path = root + "/home-" + account
        if !FileManager.default.fileExists(atPath: path), let entry = getpwnam(account) {
            mkdir(path, 0o700)
            chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        return path
    }

    /// A folder shared through a group, as the admin prepares it: `install -d -m 2770 -g GROUP DIR`.
    func sharedFolder(_ name: String, group: String = OSAccounts.group) -> String {
        let path = root + "/" + name
        OSAccounts.system(["/usr/bin/install", "-d", "-m", "2770", "-g", group, path])
        return path
    }

    /// A file every account can read, such as an answers file.
    func readable(_ name: String, contents: Data) -> String {
        let path = root + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o644])
        return path
    }

    /// The command line that runs the installed barnkoll as `account`: its own uid, gid and groups
    /// (as at login), an environment of only HOME (its home here), USER, LOGNAME, PATH,
    /// LANG=C.UTF-8 and `environment`, and the umask given (077 by default, the strictest in
    /// common use, so a test sees the modes barnkoll set and not what a lenient umask allowed).
    /// Usable as a tmux pane's command too.
    func commandLine(as account: String, _ arguments: [String], environment: [String: String] = [:],
                     umask: String = "077") -> [String] {
        var env = ["HOME": home(account), "USER": account, "LOGNAME": account, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        for (key, value) in environment { env[key] = value }
        return ["/usr/bin/setpriv", "--reuid=\(account)", "--regid=\(account)", "--init-groups", "--",
                "/usr/bin/env", "-i"] + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["/bin/sh", "-c", "umask \(umask) && exec \"$@\"", "barnkoll", binary] + arguments
    }

    /// Runs the installed barnkoll as `account`, from its home, to its end.
    @discardableResult
    func run(as account: String, _ arguments: [String], environment: [String: String] = [:],
             umask: String = "077") -> CLI.Result {
        OSAccounts.execute(commandLine(as: account, arguments, environment: environment, umask: umask),
                           environment: [:], directory: home(account))
    }

    struct HostError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
