import Foundation

/// Timings of one thing measured many times, in milliseconds.
struct Figure {
    var name: String
    var samples: [Double]
    var target: String
    /// The plain GRDB/SQLite (or minimal program) figure measured beside it, when there is one.
    var baseline: [Double]?
    var unit = "ms"
    /// Whether the target holds, judged by `check` on the figure.
    var met: Bool
    /// A figure shown to explain another, with no target of its own.
    var reference = false

    var sorted: [Double] { samples.sorted() }
    var min: Double { sorted.first ?? 0 }
    var median: Double { percentile(sorted, 0.5) }
    var p99: Double { percentile(sorted, 0.99) }
    var baselineMedian: Double? { baseline.map { percentile($0.sorted(), 0.5) } }
    var ratio: Double? { baselineMedian.flatMap { $0 > 0 ? median / $0 : nil } }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = Int((Double(sorted.count - 1) * p).rounded(.up))
    return sorted[Swift.min(index, sorted.count - 1)]
}

/// Runs `body` `rounds` times after `warmup` unmeasured runs; milliseconds per run.
func measure(rounds: Int, warmup: Int = 3, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<warmup { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(rounds)
    for _ in 0..<rounds { samples.append(try elapsed(body)) }
    return samples
}

/// Two bodies measured in turn, round by round, so a drift of the disk or the machine (fsync here
/// moves by a tenth of a millisecond from minute to minute) falls on both alike.
func measureInTurn(rounds: Int, warmup: Int = 3, _ first: () throws -> Void, _ second: () throws -> Void) rethrows -> ([Double], [Double]) {
    for _ in 0..<warmup {
        try first()
        try second()
    }
    var samples: ([Double], [Double]) = ([], [])
    for _ in 0..<rounds {
        samples.0.append(try elapsed(first))
        samples.1.append(try elapsed(second))
    }
    return samples
}

/// Milliseconds one run of `body` takes.
func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

/// Starts a program on a fresh pseudo-terminal (80×24), drains what it draws, and waits for it.
/// Returns the wall time in milliseconds.
func runOnTerminal(_ path: String, _ arguments: [String], environment: [String: String]) -> (ms: Double, status: Int32) {
    var master: Int32 = 0
    var slave: Int32 = 0
    var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { return (0, -1) }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
    posix_spawn_file_actions_addclose(&actions, master)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    // POSIX_SPAWN_SETSID (glibc 2.26+; not imported into Swift): the terminal becomes the program's own.
    posix_spawnattr_setflags(&attributes, 0x80)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, &attributes, argv, envp) == 0 else {
        close(master)
        close(slave)
        return (0, -1)
    }
    close(slave)
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var status: Int32 = 0
    var usage = rusage()
    // Drain until the program's side of the terminal closes (read fails with EIO), then reap it.
    while true {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        if poll(&poller, 1, 1_000) > 0, read(master, &buffer, buffer.count) > 0 { continue }
        if wait4(pid, &status, WNOHANG, &usage) == pid { break }
        if poller.revents & Int16(POLLHUP | POLLERR) != 0 {
            wait4(pid, &status, 0, &usage)
            break
        }
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    close(master)
    return (elapsed, status)
}
