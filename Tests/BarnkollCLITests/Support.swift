import Foundation

/// Runs the real `barnkoll` binary, as a user or a script would.
struct CLI {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary `swift build` put beside the test bundle.
    static let binary: String = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("barnkoll").path,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
                .appendingPathComponent("barnkoll").path,
            packageRoot.appendingPathComponent(".build/debug/barnkoll").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }()

    /// A child that stops reading its input early must not take the test runner down with SIGPIPE.
    static let pipeSignalIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The bytes as written, for checks a decoded String would hide (invalid UTF-8, lone bytes).
        var stdoutBytes = Data()
        var stderrBytes = Data()
    }

    let folder: String
    var store: String { folder + "/store/barnkoll.sqlite" }

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("barnkoll-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func write(_ name: String, _ text: String) -> String {
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// Runs from a working directory outside the source tree, so the shipped checklists must be found by the binary.
    @discardableResult
    /// `input` is fed through a pipe to standard input; without it standard input is /dev/null, never the
    /// test runner's own (plain mode reads it).
    /// `umask` runs barnkoll under that umask (through /bin/sh), to see the modes it sets itself.
    func run(_ arguments: [String], environment extra: [String: String] = [:], useStore: Bool = true,
             input: String? = nil, umask: String? = nil) -> Result {
        let process = Process()
        let all = arguments + (useStore ? ["--store", store] : [])
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", Self.binary] + all
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = all
        }
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["BARNKOLL_STORE"] = nil
        environment["BARNKOLL_CHECKLISTS"] = nil
        environment["LANG"] = "C.UTF-8"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Result(status: -1, stdout: "", stderr: "cannot run \(Self.binary): \(error)")
        }
        _ = Self.pipeSignalIgnored
        if let inputPipe, let input {
            // Written from another thread: a long input must not wait on the child reading it.
            let writer = inputPipe.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: Data(input.utf8))
                try? writer.close()
            }
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var stdout = Data()
        nonisolated(unsafe) var stderr = Data()
        group.enter()
        DispatchQueue.global().async {
            stdout = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), stdoutBytes: stdout, stderrBytes: stderr)
    }

    func json(_ arguments: [String]) -> Any? {
        let result = run(arguments)
        return try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
