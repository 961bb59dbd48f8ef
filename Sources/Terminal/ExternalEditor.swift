import Foundation

/// Runs $VISUAL or $EDITOR on a private temporary file in the foreground process group, so the
/// editor can read the keyboard (Foundation's Process would start it in a group of its own).
public enum ExternalEditor {
    /// The edited text, or nil when no editor is set, it failed, or it exited non-zero.
    /// `environment` is the process's, as the caller read it once (this module has no reader of its own).
    public static func edit(_ text: String, environment: [String: String]) -> String? {
        guard let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty })
        else { return nil }
        var template = Array((NSTemporaryDirectory() + "/barnkoll-XXXXXX").utf8CString)
        guard let directory = mkdtemp(&template) else { return nil }
        let folder = String(cString: directory)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/svar.txt"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return nil }

        var interrupt = sigaction()
        var quit = sigaction()
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigaction(SIGINT, &ignore, &interrupt)
        sigaction(SIGQUIT, &ignore, &quit)
        defer {
            sigaction(SIGINT, &interrupt, nil)
            sigaction(SIGQUIT, &quit, nil)
        }
        let arguments = ["/bin/sh", "-c", "\(editor) \"$1\"", "sh", file]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally with status 0: WIFEXITED and WEXITSTATUS by hand (macros do not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        var result = String(decoding: data, as: UTF8.self)
        if result.hasSuffix("\n") && !text.hasSuffix("\n") { result.removeLast() }
        return result
    }
}
