import Foundation
import Testing

/// What `--store` may name: a regular file that is a store (or, for the commands that begin work,
/// none yet). Anything else is refused in one line, and nothing is touched.
@Suite struct StorePaths {
    /// Runs barnkoll under `timeout`, so a command that would wait forever (opening a FIFO) fails the test instead.
    func runBounded(_ arguments: [String], in folder: String) -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["10", CLI.binary] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["BARNKOLL_STORE"] = nil
        environment["LANG"] = "C.UTF-8"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "\(error)") }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func aDeviceAFIFOAndAFolderAreRefusedUntouched() throws {
        let cli = CLI()
        defer { cli.remove() }
        let fifo = cli.folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let folder = cli.folder + "/a-folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        var before = stat()
        #expect(stat("/dev/null", &before) == 0)
        let devices = entries("/dev")
        for (path, what, vad) in [("/dev/null", "a device", "en enhet"), (fifo, "a FIFO (named pipe)", "en FIFO (namngiven rörledning)"),
                                  (folder, "a folder", "en mapp")] {
            for command in [["list"], ["verify"], ["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers]] {
                let result = runBounded(command + ["--store", path], in: cli.folder)
                #expect(result.status == 1, "\(command) \(path): \(result.status) \(result.stderr)")
                #expect(result.stderr == "barnkoll: \(path): inget lager: det är \(vad), och ett lager är en vanlig fil; inget rördes. Ange lagrets fil med --store eller BARNKOLL_STORE\n")
                let english = runBounded(command + ["--store", path, "--lang", "en"], in: cli.folder)
                #expect(english.stderr == "barnkoll: \(path): not a store: it is \(what), and a store is a regular file; nothing was touched. Name the store's file with --store or BARNKOLL_STORE\n")
            }
        }
        var after = stat()
        #expect(stat("/dev/null", &after) == 0 && after.st_mode == before.st_mode && after.st_uid == before.st_uid)
        #expect(entries("/dev") == devices)   // no journal, -wal or lock beside it
        #expect(entries(cli.folder) == ["a-folder", "pipe"])
        #expect(entries(folder).isEmpty)
    }

    /// A store emptied to 0 bytes is not made anew by a command that only reads: `verify` would say all is well.
    @Test func anEmptiedStoreIsNoStoreForReadingCommands() throws {
        let cli = CLI()
        defer { cli.remove() }
        #expect(cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers]).status == 0)
        for suffix in ["-wal", "-shm"] { unlink(cli.store + suffix) }
        #expect(truncate(cli.store, 0) == 0)
        let before = entries(cli.folder + "/store")
        for command in [["verify"], ["list"], ["show", "BKA-2026-0001"], ["review", "queue"]] {
            let result = cli.run(command)
            #expect(result.status == 1, "\(command): \(result.stdout)")
            #expect(result.stderr.hasPrefix("barnkoll: \(cli.store): filen är tom och inget lager; inget ändrades"), "\(command): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        var info = stat()
        #expect(stat(cli.store, &info) == 0 && info.st_size == 0)
        #expect(entries(cli.folder + "/store") == before)
    }
}

/// Identity is the OS account: a uid the user database does not know is no one, whatever `$USER` says.
@Suite(.tags(.osAccounts), .enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                "needs root and setpriv: runs barnkoll as a uid with no passwd entry"))
struct UnknownAccount {
    @Test func aUidWithoutAPasswdEntryIsRefusedWhateverUSERSays() throws {
        // A uid no account has (checked), its own folder so barnkoll could write there if it ran.
        let uid = (54_321...54_400).first { getpwuid(uid_t($0)) == nil } ?? 54_321
        let cli = CLI()
        defer { cli.remove() }
        #expect(chown(cli.folder, uid_t(uid), gid_t(uid)) == 0 && chmod(cli.folder, 0o700) == 0)
        for (lang, text) in [("sv_SE.UTF-8", "kontot med uid \(uid) finns inte i användardatabasen"),
                             ("en_GB.UTF-8", "the account with uid \(uid) is not in the user database")] {
            let result = OSAccounts.execute(["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--",
                                             CLI.binary, "fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers,
                                             "--store", cli.store],
                                            environment: ["USER": "bk-anna", "LOGNAME": "bk-anna", "HOME": cli.folder, "LANG": lang],
                                            directory: cli.folder)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("barnkoll: \(text)"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.folder)) ?? []).isEmpty)
    }
}
