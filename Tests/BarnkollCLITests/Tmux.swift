import Foundation

/// barnkoll in a real terminal: a tmux server of its own per test, driven by send-keys and read by
/// capture-pane. Polls for what it expects instead of sleeping.
final class Tmux {
    let socket = "barnkoll-\(UUID().uuidString.prefix(8))"
    let cli: CLI

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    }

    /// Starts `barnkoll ARGUMENTS` in a pane of `width`×`height`. `shell` keeps the pane (and a
    /// shell prompt) after barnkoll exits, to check the terminal it leaves behind.
    /// `recordTo` gets every byte barnkoll writes to the terminal (tmux pipe-pane), recorded from before it starts.
    convenience init(_ cli: CLI, _ arguments: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                     thenRun after: String? = nil, recordTo record: String? = nil) {
        var env = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "BARNKOLL_STORE": cli.store, "HOME": cli.folder]
        for (key, value) in environment { env[key] = value }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = ([CLI.binary] + arguments).map(Self.quote).joined(separator: " ")
        let script = after.map { "env \(assignments) \(command); echo EXITED $?; \($0); sleep 600" }
            ?? "exec env \(assignments) \(command)"
        self.init(cli, script: script, width: width, height: height, recordTo: record)
    }

    /// Starts a whole command line (already with its environment), e.g. barnkoll as another OS account.
    convenience init(_ cli: CLI, command: [String], width: Int = 80, height: Int = 24) {
        self.init(cli, script: "exec " + command.map(Self.quote).joined(separator: " "), width: width, height: height)
    }

    init(_ cli: CLI, script: String, width: Int, height: Int, recordTo record: String? = nil) {
        self.cli = cli
        var script = script
        let go = record.map { $0 + ".go" }
        // Held back until the recording runs, so not a byte of barnkoll's goes unrecorded.
        if let go { script = "while [ ! -e \(Self.quote(go)) ]; do sleep 0.05; done; " + script }
        // The server this starts lives on: it must not inherit a pipe we read to its end.
        tmux(["new-session", "-d", "-s", "T", "-x", String(width), "-y", String(height), script], capture: false)
        tmux(["set-option", "-t", "T", "remain-on-exit", "on"])
        if let record, let go {
            tmux(["pipe-pane", "-t", "T", "-o", "cat >> \(Self.quote(record))"])
            _ = FileManager.default.createFile(atPath: go, contents: Data())
        }
    }

    deinit { tmux(["kill-server"], capture: false) }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs tmux with posix_spawn and waitpid, its output going to a file: a pipe would be held
    /// open by the server it starts, and Foundation's Process does not always reap the client here.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) -> String {
        let output = cli.folder + "/tmux-\(UUID().uuidString).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? output : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let all = ["/usr/bin/tmux", "-L", socket] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // A clean signal mask and default handlers, as a login shell would give: the test harness
        // blocks SIGCHLD and SIGTERM, and a tmux server inheriting that never reaps its panes
        // and never exits on kill-server (measured: zombie panes, servers left after every run).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGTERM, SIGHUP, SIGINT, SIGPIPE, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, &argv, environ) == 0 else { return "" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard capture else { return "" }
        defer { unlink(output) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Key names as tmux knows them: Enter, Tab, BTab, Escape, Up, C-q, ...
    func press(_ keys: String...) { tmux(["send-keys", "-t", "T"] + keys) }

    /// Literal text, as typed.
    func type(_ text: String) { tmux(["send-keys", "-t", "T", "-l", text]) }

    /// Text as a bracketed paste.
    func paste(_ text: String) {
        tmux(["set-buffer", "-b", "p", text])
        tmux(["paste-buffer", "-p", "-b", "p", "-t", "T"])
    }

    var screen: String { tmux(["capture-pane", "-t", "T", "-p"]) }

    func value(_ format: String) -> String {
        tmux(["display", "-p", "-t", "T", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var pid: Int32 { Int32(value("#{pane_pid}")) ?? 0 }

    /// Waits until the screen shows `text`; false after `seconds`.
    @discardableResult
    func wait(for text: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen.contains(text) { return true }
            usleep(50_000)
        }
        return false
    }

    @discardableResult
    func wait(until condition: () -> Bool, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return false
    }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", "T", "-x", String(width), "-y", String(height)])
    }
}
