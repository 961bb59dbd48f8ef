import Foundation
import Testing

/// The modes of what barnkoll creates, with barnkoll run under umask 022 (files 0644 and folders
/// 0755 unless it sets them itself). Shared group folders (0660) are in SharedFolderTests.
@Suite struct FilePermissions {
    static func mode(_ path: String) -> Int? {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : nil
    }

    static func octal(_ mode: Int?) -> String { mode.map { String($0, radix: 8) } ?? "missing" }

    /// Store folder (the default one under $HOME), store, lock, -wal and -shm while open, backup,
    /// and every file written with --output: 0600 in a 0700 folder; no temporary file left behind.
    @Test func everythingCreatedIsPrivateUnderUmask022() throws {
        let cli = CLI()
        defer { cli.remove() }
        let home = cli.folder + "/home"
        #expect(mkdir(home, 0o755) == 0)
        let environment = ["HOME": home, "XDG_DATA_HOME": ""]
        func run(_ arguments: [String]) -> CLI.Result {
            let result = cli.run(arguments, environment: environment, useStore: false, umask: "022")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        let fill = run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
        let id = try #require(fill.stdout.split(separator: "\n").first.map(String.init))
        let folder = home + "/.local/share/barnkoll"
        let store = folder + "/barnkoll.sqlite"
        var modes: [String: Int?] = ["folder": Self.mode(folder), "store": Self.mode(store), "lock": Self.mode(store + ".lock")]

        // -wal and -shm exist while a process has the store open: plain mode waiting for its next answer.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 022 && exec \"$0\" \"$@\"", CLI.binary, "open", id, "--plain"]
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["BARNKOLL_STORE"] = nil
        processEnvironment["LANG"] = "C.UTF-8"
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && (Self.mode(store + "-wal") == nil || Self.mode(store + "-shm") == nil) { usleep(20_000) }
        modes["wal"] = Self.mode(store + "-wal")
        modes["shm"] = Self.mode(store + "-shm")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()

        let out = cli.folder + "/out"
        #expect(mkdir(out, 0o700) == 0)
        _ = run(["backup", out + "/backup.sqlite"])
        modes["backup"] = Self.mode(out + "/backup.sqlite")
        for format in ["json", "csv", "markdown"] {
            _ = run(["export", "--format", format, "--output", out + "/export.\(format)"])
            modes["export \(format)"] = Self.mode(out + "/export.\(format)")
        }
        let year = String(ISO8601DateFormatter().string(from: Date()).prefix(4))
        for format in ["table", "json", "csv", "markdown", "html"] {
            _ = run(["stats", "--year", year, "--format", format, "--output", out + "/stats.\(format)"])
            modes["stats \(format)"] = Self.mode(out + "/stats.\(format)")
        }
        for (name, mode) in modes.sorted(by: { $0.key < $1.key }) {
            #expect(mode == (name == "folder" ? 0o700 : 0o600), "\(name): \(Self.octal(mode))")
        }
        #expect(modes.count == 14)
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    /// --output replaces what is at the path without writing through it: an existing 0644 file
    /// becomes a new 0600 one, and a symlink is replaced, its target untouched.
    @Test func outputReplacesAndNeverWritesThrough() throws {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers]).status == 0)
        let old = cli.write("old.json", "gammal export\n")
        #expect(chmod(old, 0o644) == 0)
        #expect(cli.run(["export", "--format", "json", "--output", old], umask: "022").status == 0)
        #expect(Self.mode(old) == 0o600)
        #expect((try String(contentsOfFile: old, encoding: .utf8)).hasPrefix("["))

        let victim = cli.write("victim.txt", "orörd\n")
        let link = cli.folder + "/link.json"
        #expect(symlink(victim, link) == 0)
        #expect(cli.run(["export", "--format", "json", "--output", link], umask: "022").status == 0)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "orörd\n")
        #expect(Self.mode(link) == 0o600)                   // lstat: a file of its own now, not the link

        let missing = cli.run(["export", "--format", "json", "--output", cli.folder + "/no/such/folder/x.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        // The system's reason in the reader's language, not glibc's English.
        #expect(missing.stderr.contains("filen går inte att skriva (filen eller mappen finns inte)"), "\(missing.stderr)")
        let english = cli.run(["export", "--format", "json", "--lang", "en", "--output", cli.folder + "/no/such/folder/x.json"])
        #expect(english.stderr.contains("cannot write the file (no such file or folder)"), "\(english.stderr)")
    }
}
