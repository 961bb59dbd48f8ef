import Foundation
import GRDB
import Testing

/// Faults a store meets in real use, each made to happen to the real binary: killed while
/// saving, disk full, fsync failing, a store it may not write, several writers at once, damaged
/// files. The rule in every one: what barnkoll acknowledged is in the store afterwards, the store
/// passes `PRAGMA integrity_check` and `barnkoll verify`, and a failure is one line a person can act on.
enum Faults {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// strace installed and allowed to trace here (a container may forbid ptrace).
    static let hasStrace: Bool = {
        guard let strace = tool("strace") else { return false }
        return OSAccounts.execute([strace, "-f", "-qq", "-o", "/dev/null", "/bin/true"], environment: [:], directory: "/").status == 0
    }()

    /// A user and mount namespace with a tmpfs of our own: possible as root, or where the kernel
    /// lets any user make namespaces; a container may forbid it.
    static let canMountTmpfs: Bool = {
        guard let unshare = tool("unshare") else { return false }
        let result = OSAccounts.execute([unshare, "--user", "--map-root-user", "--mount", "/bin/sh", "-c",
                                         "mount -t tmpfs -o size=64k tmpfs /mnt && touch /mnt/x"],
                                        environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], directory: "/")
        return result.status == 0
    }()

    /// `PRAGMA integrity_check` on a store no process has open, as SQLite's next user opens it.
    static func integrity(_ path: String) -> String {
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }.joined(separator: "; ")
        } catch {
            return "cannot open: \(error)"
        }
    }

    static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func modified(_ path: String) -> timespec? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mtim : nil
    }

    /// Count of `needle` in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

/// barnkoll in plain mode, running while the test writes its input and reads what it says, so
/// it can be killed at any moment. Plain mode saves each answer the moment its line is read and
/// asks the next question only after the save returned: the next question is the acknowledgement.
final class PlainWriter: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var bytes = Data()
    private let finished = DispatchSemaphore(value: 0)

    /// `prefix`: a program run around barnkoll (strace).
    init(_ cli: CLI, _ arguments: [String], prefix: [String] = []) throws {
        _ = CLI.pipeSignalIgnored
        process.executableURL = URL(fileURLWithPath: prefix.first ?? CLI.binary)
        process.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [CLI.binary])
            + arguments + ["--plain", "--store", cli.store]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.folder)
        var environment = ProcessInfo.processInfo.environment
        environment["BARNKOLL_STORE"] = nil
        environment["BARNKOLL_CHECKLISTS"] = nil
        environment["LANG"] = "C.UTF-8"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let reading = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = reading.availableData
                if chunk.isEmpty { break }
                lock.withLock { bytes.append(chunk) }
            }
            finished.signal()
        }
    }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    func send(_ text: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    @discardableResult
    func wait(until condition: (String) -> Bool, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(text) { return true }
            usleep(5_000)
        }
        return condition(text)
    }

    /// Waits for the end and everything it wrote before it.
    func finish() -> (status: Int32, output: String) {
        closeInput()
        process.waitUntilExit()
        _ = finished.wait(timeout: .now() + 10)
        return (process.terminationStatus, text)
    }
}

@Suite(.tags(.faults), .serialized) struct FaultInjection {
    static let unitHeader = "Ärendet 1.1: Vilken enhet fattar beslutet?"
    /// Printed after each save of the unit: plain mode goes on to the next item only once the save returned.
    static let nextHeader = "Ärendet 1.2: Vilket beslut eller vilken åtgärd gäller analysen?"

    func answers(_ cli: CLI, _ id: String) -> [String: Any] {
        ((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any]) ?? [:]
    }

    func expectHealthy(_ cli: CLI, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Faults.integrity(cli.store) == "ok", "\(context)", sourceLocation: sourceLocation)
        let verify = cli.run(["verify"])
        #expect(verify.status == 0, "\(context): \(verify.stderr)", sourceLocation: sourceLocation)
    }

    /// The unit answered `count` times, each time coming back with `g 1.1`.
    func unitAnswers(_ tag: String, _ count: Int) -> String {
        (1...count).map { "\(tag)-\($0)\ng 1.1\n" }.joined()
    }

    /// 50 rounds: a writer saving as fast as it can is killed with SIGKILL at a random moment,
    /// over five analyses in turn. After each kill every acknowledged save is in the store (the
    /// one in flight may or may not be), every earlier round's last save too, and the store passes
    /// integrity_check and `barnkoll verify`.
    @Test func killedAtRandomMomentsWhileSavingLosesNothingAcknowledged() throws {
        let cli = CLI()
        defer { cli.remove() }
        let ids = try (1...5).map { try faultDraft(cli, case: "EB-2026-\($0)") }
        var expected: [String: Set<String>] = [:]
        var generator = SystemRandomNumberGenerator()
        var acknowledgedInAll = 0
        for round in 1...50 {
            let id = ids[round % ids.count]
            let writer = try PlainWriter(cli, ["open", id, "--item", "unit"])
            writer.send(unitAnswers("R\(round)", 400))
            #expect(writer.wait { Faults.count(Self.nextHeader, in: $0) >= 1 }, "round \(round): no save acknowledged: \(writer.text)")
            usleep(UInt32.random(in: 0...150_000, using: &generator))
            kill(writer.process.processIdentifier, SIGKILL)
            let (status, output) = writer.finish()
            #expect(writer.process.terminationReason == .uncaughtSignal && status == SIGKILL,
                    "round \(round): the writer finished before the kill; give it more to save")
            #expect(!output.contains("Ej sparat"), "round \(round): \(output)")
            let acknowledged = Faults.count(Self.nextHeader, in: output)
            acknowledgedInAll += acknowledged
            // The last acknowledged save, or the one after it that was in flight at the kill.
            expected[id] = ["R\(round)-\(acknowledged)", "R\(round)-\(acknowledged + 1)"]
            expectHealthy(cli, "round \(round)")
            // Every analysis in one export: each one's last acknowledged save must still be there.
            let exported = (cli.json(["export", "--format", "json"]) as? [[String: Any]]) ?? []
            let units = Dictionary(exported.compactMap { analysis in
                (analysis["id"] as? String).map { ($0, (analysis["answers"] as? [String: Any])?["unit"] as? String ?? "(none)") }
            }, uniquingKeysWith: { first, _ in first })
            for (other, allowed) in expected {
                let unit = units[other] ?? "(missing)"
                #expect(allowed.contains(unit), "round \(round): \(other) has \(unit), acknowledged \(allowed.sorted())")
            }
        }
        #expect(acknowledgedInAll >= 100, "too few saves acknowledged (\(acknowledgedInAll)) for the kills to land while saving")
        print("kill -9 while saving: 50 rounds, \(acknowledgedInAll) saves acknowledged, each round's last one there")
    }

    /// Four plain-mode writers on one store at once, each saving its own analysis 100 times as
    /// fast as it can: no save fails (a busy store waits its turn), every one is acknowledged and
    /// the last of each is in the store.
    @Test func fourConcurrentWritersAllSave() throws {
        let cli = CLI()
        defer { cli.remove() }
        let ids = try (1...4).map { try faultDraft(cli, case: "EB-2026-\($0)") }
        let writers = try ids.enumerated().map { index, id in
            let writer = try PlainWriter(cli, ["open", id, "--item", "unit"])
            writer.send(unitAnswers("W\(index + 1)", 100) + "q\n")
            return writer
        }
        for (index, writer) in writers.enumerated() {
            let (status, output) = writer.finish()
            #expect(status == 0, "writer \(index + 1): \(output.suffix(500))")
            #expect(!output.contains("Ej sparat"), "writer \(index + 1): \(output)")
            #expect(Faults.count(Self.nextHeader, in: output) == 100, "writer \(index + 1)")
        }
        for (index, id) in ids.enumerated() {
            #expect(answers(cli, id)["unit"] as? String == "W\(index + 1)-100")
        }
        expectHealthy(cli, "after four writers")
    }

    /// How many calls of `syscall` a plain session makes before it reads its first line, counted
    /// with strace on runs that read nothing, until two runs agree (the first open after another
    /// process may find a `-wal` to recover and count differently): the next run fails the call after those.
    func callsBeforeFirstLine(_ cli: CLI, _ id: String, _ syscall: String) throws -> Int {
        var previous = -1
        for _ in 0..<5 {
            let count = try countedCallsBeforeFirstLine(cli, id, syscall)
            if count == previous { return count }
            previous = count
        }
        Issue.record("the count of \(syscall) before the first line never settled")
        return previous
    }

    func countedCallsBeforeFirstLine(_ cli: CLI, _ id: String, _ syscall: String) throws -> Int {
        let trace = cli.folder + "/trace-\(syscall).txt"
        let strace = try #require(Faults.tool("strace"))
        let writer = try PlainWriter(cli, ["open", id, "--item", "unit"],
                                     prefix: [strace, "-f", "-qq", "-o", trace, "-e", "trace=\(syscall),read"])
        #expect(writer.wait { $0.contains("> ") })
        _ = writer.finish()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).components(separatedBy: "\n")
        // The first read of standard input is where the session waits for the answer.
        let waiting = try #require(lines.firstIndex { $0.contains(" read(0,") })
        return lines[..<waiting].filter { $0.contains("\(syscall)(") }.count
    }

    /// ENOSPC on the first write of a save, injected with strace: the answer is not acknowledged,
    /// the user reads one line saying the disk is full and to give it again, and given again it
    /// saves; nothing is damaged.
    @Test(.enabled(if: Faults.hasStrace, "strace is not installed or may not trace here: the injected disk-full test cannot run"))
    func diskFullInjectedKeepsTheStoreAndSavesWhenGivenAgain() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let before = try callsBeforeFirstLine(cli, id, "pwrite64")
        let strace = try #require(Faults.tool("strace"))
        let writer = try PlainWriter(cli, ["open", id, "--item", "unit"], prefix: [
            strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64",
            "-e", "inject=pwrite64:error=ENOSPC:when=\(before + 1)..\(before + 1)",
        ])
        writer.send("Enhet efter full disk\n")
        #expect(writer.wait { $0.contains("Ej sparat") }, "\(writer.text)")
        #expect(!writer.text.contains(Self.nextHeader))
        writer.send("Enhet efter full disk\n")
        #expect(writer.wait { $0.contains(Self.nextHeader) }, "\(writer.text)")
        writer.send("q\n")
        let (status, output) = writer.finish()
        #expect(status == 0)
        let failure = try #require(output.components(separatedBy: "\n").first { $0.contains("Ej sparat") })
        #expect(failure.contains("disken är full") && failure.contains("skriv det igen"), "\(failure)")
        #expect(answers(cli, id)["unit"] as? String == "Enhet efter full disk")
        expectHealthy(cli, "after ENOSPC")
    }

    /// fdatasync failing with EIO at the commit of a save: reported as not saved, in words; the
    /// store stays whole and a save given again works.
    @Test(.enabled(if: Faults.hasStrace, "strace is not installed or may not trace here: the fsync failure test cannot run"))
    func fsyncFailingIsNotSavedAndTheNextSaveWorks() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let before = try callsBeforeFirstLine(cli, id, "fdatasync")
        let strace = try #require(Faults.tool("strace"))
        let writer = try PlainWriter(cli, ["open", id, "--item", "unit"], prefix: [
            strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=fdatasync",
            "-e", "inject=fdatasync:error=EIO:when=\(before + 1)..\(before + 1)",
        ])
        writer.send("Enhet vid fel\n")
        #expect(writer.wait { $0.contains("Ej sparat") }, "\(writer.text)")
        #expect(!writer.text.contains(Self.nextHeader))
        writer.send("Enhet efter fel\n")
        #expect(writer.wait { $0.contains(Self.nextHeader) }, "\(writer.text)")
        writer.send("q\n")
        let (status, output) = writer.finish()
        #expect(status == 0)
        let failure = try #require(output.components(separatedBy: "\n").first { $0.contains("Ej sparat") })
        // In words, not SQLite's "disk I/O error" in English inside a Swedish line.
        #expect(failure.contains("disken gav ett fel") && failure.contains("skriv det igen"), "\(failure)")
        #expect(!failure.contains("disk I/O error"), "\(failure)")
        #expect(answers(cli, id)["unit"] as? String == "Enhet efter fel")
        expectHealthy(cli, "after EIO")
    }
}

/// A draft made through plain mode, its id.
func faultDraft(_ cli: CLI, case caseRef: String = "EB-2026-31") throws -> String {
    let result = cli.run(["new", "--checklist", "barnkonsekvensanalys", "--case", caseRef, "--unit", "Start"], input: "")
    let id = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
    try #require(id.hasPrefix("BKA-"), "\(result.stderr)")
    return id
}

/// One line on standard error, naming what it should, exit 1.
func expectRefusal(_ result: CLI.Result, containing parts: [String], _ context: String = "",
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = result.stderr.split(separator: "\n")
    #expect(result.status == 1, "\(context): exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(lines.count == 1, "\(context): \(result.stderr)", sourceLocation: sourceLocation)
    for part in parts {
        #expect(result.stderr.contains(part), "\(context): no '\(part)' in: \(result.stderr)", sourceLocation: sourceLocation)
    }
    #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("SQLite error"),
            "\(context): \(result.stderr)", sourceLocation: sourceLocation)
}

/// Damaged store files: each refused with one line naming the file, and left as it was; a record
/// changed inside (which SQLite's own check cannot see) named by `barnkoll verify`.
@Suite(.tags(.faults)) struct DamagedStoreFiles {
    /// A store holding one submitted analysis, copied whole by `barnkoll backup`.
    func submittedCopy(_ cli: CLI) throws -> (id: String, copy: String) {
        let made = cli.run(["new", "--checklist", "barnkonsekvensanalys", "--case", "EB-2026-117",
                            "--unit", "Ekonomiskt bistånd, Norrköpinge", "--plain"], input: plainScript)
        let id = try #require(made.stdout.split(separator: "\n").first.map(String.init))
        #expect(made.stdout.contains("Klart: inskickad."), "\(made.stdout.suffix(400))")
        let copy = cli.folder + "/copy.sqlite"
        let backup = cli.run(["backup", copy])
        #expect(backup.status == 0, "\(backup.stderr)")
        return (id, copy)
    }

    func commands(_ id: String, _ copy: String) -> [[String]] {
        [["list"], ["show", id], ["open", id], ["verify"]].map { $0 + ["--store", copy] }
    }

    func expectRefusedAndUnchanged(_ cli: CLI, _ id: String, _ copy: String, containing parts: [String],
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        let before = Faults.contents(copy)
        let modified = Faults.modified(copy)
        for arguments in commands(id, copy) {
            expectRefusal(cli.run(arguments, useStore: false), containing: [copy] + parts, arguments[0],
                          sourceLocation: sourceLocation)
        }
        #expect(Faults.contents(copy) == before, "the damaged file was changed", sourceLocation: sourceLocation)
        let after = Faults.modified(copy)
        #expect(after?.tv_sec == modified?.tv_sec && after?.tv_nsec == modified?.tv_nsec, sourceLocation: sourceLocation)
        // Nothing made beside it either: the reader that found it damaged takes its empty -wal and -shm along.
        for companion in [copy + "-wal", copy + "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: companion), "\(companion) was left", sourceLocation: sourceLocation)
        }
    }

    @Test func aTruncatedStoreIsNamedAndLeftAlone() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (id, copy) = try submittedCopy(cli)
        let size = try #require(Faults.contents(copy)?.count)
        #expect(truncate(copy, off_t(size / 2)) == 0)
        expectRefusedAndUnchanged(cli, id, copy, containing: ["skadat", "säkerhetskopia"])
    }

    @Test func aStoreWithABadHeaderIsNamedAndLeftAlone() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (id, copy) = try submittedCopy(cli)
        let handle = try #require(FileHandle(forWritingAtPath: copy))
        try handle.write(contentsOf: Data("Not a database!\0".utf8))
        try handle.close()
        expectRefusedAndUnchanged(cli, id, copy, containing: ["inget barnkoll-lager", "inget ändrades"])
    }

    /// Bytes changed inside the frozen answers, length kept: SQLite's structure is intact, so
    /// integrity_check says ok and the store opens; only the version's content hash catches it.
    @Test func bytesChangedInsideARecordAreCaughtByVerify() throws {
        let cli = CLI()
        defer { cli.remove() }
        let (id, copy) = try submittedCopy(cli)
        var bytes = try #require(Faults.contents(copy))
        let original = Data("lampan ska fungera".utf8)
        let changed = Data("lampan ska brinna!".utf8)
        var found = 0
        var start = bytes.startIndex
        while let range = bytes.range(of: original, in: start..<bytes.endIndex) {
            bytes.replaceSubrange(range, with: changed)
            start = range.upperBound
            found += 1
        }
        #expect(found >= 1)
        // Written in place, as an editor of the file would: same file, same mode.
        let handle = try #require(FileHandle(forWritingAtPath: copy))
        try handle.write(contentsOf: bytes)
        try handle.close()
        #expect(Faults.integrity(copy) == "ok")
        #expect(cli.run(["list", "--store", copy], useStore: false).status == 0)
        let verify = cli.run(["verify", "--store", copy], useStore: false)
        #expect(verify.status == 1)
        let first = verify.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains(copy) && first.contains("versionen \(id) v1") && first.contains("stämmer inte med dess hash"),
                "\(verify.stderr)")
        #expect(!verify.stderr.contains("Fatal error"))
    }
}

/// A store this account may not write, run as a real non-root account (root ignores permission
/// bits, and CI runs as root): one line saying why and what to do, exit 1, not a byte changed.
@Suite(.tags(.faults, .osAccounts), .serialized, .enabled(if: OSAccounts.available, "needs root and setpriv: runs barnkoll as the account bk-anna"))
struct ReadOnlyStore {
    let anna = OSAccounts.anna

    /// Anna's own store in a folder of hers, with one draft.
    func annasStore(_ host: OSAccountHost) throws -> (folder: String, store: String, id: String) {
        try #require(OSAccounts.prepared == nil, "\(OSAccounts.prepared ?? "")")
        let folder = host.home(anna) + "/store"
        let store = folder + "/barnkoll.sqlite"
        let made = host.run(as: anna, ["new", "--checklist", "barnkonsekvensanalys", "--case", "EB-2026-31", "--unit", "Start",
                                       "--store", store])
        let id = made.stdout.split(separator: "\n").first.map(String.init) ?? ""
        try #require(id.hasPrefix("BKA-"), "\(made.stderr)")
        return (folder, store, id)
    }

    func expectNothingChanged(_ host: OSAccountHost, _ store: String, _ id: String, containing parts: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let files = [store, store + "-wal", store + "-shm"]
        let before = files.map(Faults.contents)
        let modified = files.map(Faults.modified)
        for arguments in [["list"], ["open", id], ["show", id]] {
            let result = host.run(as: anna, arguments + ["--store", store])
            expectRefusal(result, containing: parts, arguments[0], sourceLocation: sourceLocation)
        }
        #expect(files.map(Faults.contents) == before, sourceLocation: sourceLocation)
        let after = files.map(Faults.modified)
        #expect(zip(after, modified).allSatisfy { $0?.tv_sec == $1?.tv_sec && $0?.tv_nsec == $1?.tv_nsec },
                sourceLocation: sourceLocation)
    }

    @Test func aReadOnlyStoreFileIsRefusedWithTheFix() throws {
        let host = try OSAccountHost()
        defer { host.remove() }
        let (_, store, id) = try annasStore(host)
        #expect(chmod(store, 0o400) == 0)
        expectNothingChanged(host, store, id, containing: [store, "skrivskyddad", "chmod u+rw \(store)"])
        #expect(chmod(store, 0o600) == 0)
        #expect(host.run(as: anna, ["list", "--store", store]).status == 0)
    }

    /// A folder the account cannot write: SQLite could make no -wal or -shm beside the store.
    @Test func aStoreInAFolderItCannotWriteIsRefusedWithTheFix() throws {
        let host = try OSAccountHost()
        defer { host.remove() }
        let (folder, store, id) = try annasStore(host)
        #expect(chmod(folder, 0o500) == 0)
        expectNothingChanged(host, store, id, containing: [folder, "kan inte skapa filer", "chmod u+wx \(folder)"])
        #expect(chmod(folder, 0o700) == 0)
        #expect(host.run(as: anna, ["list", "--store", store]).status == 0)
    }
}

/// A disk that really fills: a tmpfs of 2 MB in a user and mount namespace of its own, filled by
/// a file while the front end is open. The text stays on screen, the screen says the disk is full,
/// and once the file is gone the front end's retry saves it.
@Suite(.tags(.faults, .tmux), .serialized, .enabled(if: Tmux.isAvailable && Faults.canMountTmpfs,
                             "needs tmux and unshare with user and mount namespaces (tmpfs) for a real full disk"))
struct RealDiskFull {
    /// The front end on `id` (at `decision`) with its store on a 2 MB tmpfs, and a helper that fills
    /// and frees the disk on signal files; when barnkoll exits, its status is printed and the store
    /// copied out of the tmpfs (then `copied` appears among the signals).
    struct Session {
        let terminal: Tmux
        let signals: String
        let disk: String

        init(_ cli: CLI, _ id: String) throws {
            let prepared = cli.folder + "/prepared.sqlite"
            #expect(cli.run(["backup", prepared]).status == 0)
            let out = URL(fileURLWithPath: cli.store).deletingLastPathComponent().path
            try FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            disk = cli.folder + "/disk"
            signals = cli.folder + "/signals"
            for folder in [disk, signals] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let q = Tmux.quote
            let store = disk + "/barnkoll.sqlite"
            let inner = """
                mount -t tmpfs -o size=2m,mode=0700 tmpfs \(q(disk)) && cp \(q(prepared)) \(q(store)) || exit 1
                ( while [ ! -e \(q(signals + "/fill")) ]; do sleep 0.05; done
                  dd if=/dev/zero of=\(q(disk + "/filler")) bs=4096 2>/dev/null; touch \(q(signals + "/filled"))
                  while [ ! -e \(q(signals + "/free")) ]; do sleep 0.05; done
                  rm -f \(q(disk + "/filler")); touch \(q(signals + "/freed")) ) &
                env LANG=C.UTF-8 TERM=xterm-256color HOME=\(q(cli.folder)) \(q(CLI.binary)) open \(q(id)) --item decision --store \(q(store))
                echo EXITED $?
                cp \(q(store)) \(q(out))/ && for f in \(q(store))-wal \(q(store))-shm; do [ -e "$f" ] && cp "$f" \(q(out))/; done
                touch \(q(signals + "/copied")); sleep 600
                """
            terminal = Tmux(cli, script: "unshare --user --map-root-user --mount sh -c \(q(inner))", width: 100, height: 30)
        }

        func signal(_ name: String, then done: String) -> Bool {
            _ = FileManager.default.createFile(atPath: signals + "/" + name, contents: Data())
            return terminal.wait(until: { FileManager.default.fileExists(atPath: signals + "/" + done) })
        }

        /// Fills the disk and types `text` into the decision; true once the screen says the disk is full.
        func typeOnAFullDisk(_ text: String) -> Bool {
            guard terminal.wait(for: "Vilket beslut") else { return false }
            terminal.press("Enter")
            guard signal("fill", then: "filled") else { return false }
            terminal.type(text)
            return terminal.wait(for: "disken är full")
        }

        /// The recovery file barnkoll left in the account's state folder (HOME is the test's folder).
        static func recoveryFile(_ cli: CLI) throws -> String {
            let folder = cli.folder + "/.local/state/barnkoll/recovery"
            return folder + "/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first))
        }
    }

    /// Quitting while the disk is full: asked first; quitting anyway keeps the text in a recovery
    /// file only the account can read, says where and how to put it back, and exits 1.
    @Test func quittingOnAFullDiskKeepsTheTextInARecoveryFile() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let session = try Session(cli, id)
        let terminal = session.terminal
        let text = "Skrivet på full disk, och kvar efter att programmet avslutats."
        #expect(session.typeOnAFullDisk(text), "\(terminal.screen)")
        terminal.press("Escape")
        terminal.press("C-q")
        #expect(terminal.wait(for: "avsluta ändå"), "\(terminal.screen)")
        terminal.press("C-q")
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: session.signals + "/copied") }), "\(terminal.screen)")
        #expect(terminal.screen.contains("EXITED 1"), "\(terminal.screen)")
        #expect(terminal.screen.contains("Texten som inte kunde sparas ligger i"), "\(terminal.screen)")
        let file = try Session.recoveryFile(cli)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // Put back with the command it names, once the store has room again.
        let back = cli.run(["fill", "--into", id, "--answers", file])
        #expect(back.status == 0, "\(back.stderr)")
        #expect((((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any])?["decision"] as? String) == text)
        #expect(Faults.integrity(cli.store) == "ok")
    }

    /// A hang-up (an ssh drop) while the disk is full cannot ask: the text goes to the recovery
    /// file at once, and barnkoll exits 129.
    @Test func aHangUpOnAFullDiskKeepsTheTextInARecoveryFile() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let session = try Session(cli, id)
        let terminal = session.terminal
        let text = "Skrivet på full disk när förbindelsen bröts."
        #expect(session.typeOnAFullDisk(text), "\(terminal.screen)")
        // Only this test's barnkoll has its store on this disk: found by its command line in /proc.
        let store = session.disk + "/barnkoll.sqlite"
        let pids = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init).filter { pid in
            let words = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.first == CLI.binary && words.contains(store)
        }
        #expect(pids.count == 1, "\(pids)")
        for pid in pids { kill(pid, SIGHUP) }
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: session.signals + "/copied") }), "\(terminal.screen)")
        #expect(terminal.screen.contains("EXITED 129"), "\(terminal.screen)")
        let kept = try String(contentsOfFile: try Session.recoveryFile(cli), encoding: .utf8)
        #expect(kept.contains(text), "\(kept)")
    }

    @Test func aFullDiskKeepsTheTextOnScreenAndSavesWhenSpaceReturns() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let session = try Session(cli, id)
        let (terminal, signals) = (session.terminal, session.signals)
        let text = "Texten skrevs när disken var full och får inte försvinna."
        #expect(session.typeOnAFullDisk(text), "\(terminal.screen)")
        #expect(terminal.screen.contains("! Ej sparat"))
        #expect(terminal.screen.contains(text))
        #expect(session.signal("free", then: "freed"))
        #expect(terminal.wait(for: "✓ Sparat", seconds: 10), "\(terminal.screen)")
        #expect(!terminal.screen.contains("disken är full"))
        terminal.press("C-q")
        #expect(terminal.wait(until: { FileManager.default.fileExists(atPath: signals + "/copied") }), "\(terminal.screen)")
        #expect(terminal.screen.contains("EXITED 0"), "\(terminal.screen)")
        #expect((((cli.json(["show", id, "--format", "json"]) as? [String: Any])?["answers"] as? [String: Any])?["decision"] as? String) == text)
        #expect(Faults.integrity(cli.store) == "ok")
        let verify = cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}

/// A store on a file system mounted read-only (a tmpfs remounted ro in a namespace of its own):
/// refused with one line that says so, not a story about modes and owners that are fine.
@Suite(.tags(.faults), .enabled(if: Faults.canMountTmpfs, "needs unshare with user and mount namespaces (tmpfs) for a read-only mount"))
struct ReadOnlyMount {
    @Test func aStoreOnAReadOnlyMountSaysSo() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let q = Tmux.quote
        let (disk, prepared) = try tmpfsDisk(cli)
        let store = disk + "/barnkoll.sqlite"
        var script = "mount -t tmpfs -o size=2m,mode=0700 tmpfs \(q(disk)) && cp \(q(prepared)) \(q(store))"
            + " && mount -o remount,ro \(q(disk)) || exit 99"
        for command in ["list", "open \(q(id))", "show \(q(id))"] {
            script += "; \(q(CLI.binary)) \(command) --store \(q(store)) </dev/null; echo \"exit $?\" >&2"
        }
        let result = try inNamespace(cli, script)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(result.stderr)")
        for pair in stride(from: 0, to: lines.count - 1, by: 2) {
            #expect(lines[pair].hasPrefix("barnkoll: \(store): ") && lines[pair].contains("monterat skrivskyddat"), "\(lines[pair])")
            #expect(!lines[pair].contains("delad mapp"), "\(lines[pair])")
            #expect(lines[pair + 1] == "exit 1")
        }
    }
}

/// Issue 25, messages that fit what happened: on a really full disk (a tmpfs in a namespace of its
/// own) `show` says the store could not be opened and `backup` that the backup was not written,
/// never that "the text was not saved", in Swedish and in English.
@Suite(.tags(.faults), .enabled(if: Faults.canMountTmpfs, "needs unshare with user and mount namespaces (tmpfs) for a real full disk"))
struct FullDiskMessages {
    @Test func showAndBackupOnAFullDiskSayWhatDidNotHappen() throws {
        let cli = CLI()
        defer { cli.remove() }
        let id = try faultDraft(cli)
        let q = Tmux.quote
        let (disk, prepared) = try tmpfsDisk(cli)
        let full = disk + "/barnkoll.sqlite"
        var script = "mount -t tmpfs -o size=2m,mode=0700 tmpfs \(q(disk)) && cp \(q(prepared)) \(q(full))"
            + " && { dd if=/dev/zero of=\(q(disk + "/filler")) bs=4096 2>/dev/null; true; } || exit 99"
        // show with the store on the full disk; backup of a store elsewhere onto the full disk.
        for language in ["sv", "en"] {
            script += "; \(q(CLI.binary)) show \(q(id)) --store \(q(full)) --lang \(language) </dev/null >/dev/null; echo \"exit $?\" >&2"
            script += "; \(q(CLI.binary)) backup \(q(disk + "/copy.sqlite")) --store \(q(cli.store)) --lang \(language) </dev/null; echo \"exit $?\" >&2"
        }
        let result = try inNamespace(cli, script)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        try #require(lines.count == 8, "\(result.stderr)")
        let expected = [["disken är full, så lagret kunde inte öppnas", "inget ändrades"], ["disken är full, så säkerhetskopian skrevs inte", "lagret är orört"],
                        ["the disk is full, so the store could not be opened", "nothing was changed"],
                        ["the disk is full, so the backup was not written", "the store is untouched"]]
        for (index, words) in expected.enumerated() {
            let line = lines[index * 2]
            #expect(line.hasPrefix("barnkoll: ") && words.allSatisfy(line.contains), "\(line)")
            #expect(!line.contains("sparades inte") && !line.contains("not saved"), "\(line)")
            #expect(lines[index * 2 + 1] == "exit 1")
        }
        #expect(!FileManager.default.fileExists(atPath: disk + "/copy.sqlite"))
    }
}

/// The store as it stands copied to prepared.sqlite, and an empty folder for a tmpfs to be mounted on.
func tmpfsDisk(_ cli: CLI) throws -> (disk: String, prepared: String) {
    let prepared = cli.folder + "/prepared.sqlite"
    #expect(cli.run(["backup", prepared]).status == 0)
    let disk = cli.folder + "/disk"
    try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
    return (disk, prepared)
}

/// `script` run by sh as root of a user and mount namespace of its own, where it may mount a tmpfs.
func inNamespace(_ cli: CLI, _ script: String) throws -> CLI.Result {
    let unshare = try #require(Faults.tool("unshare"))
    return OSAccounts.execute([unshare, "--user", "--map-root-user", "--mount", "/bin/sh", "-c", script],
                              environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": cli.folder], directory: cli.folder)
}
