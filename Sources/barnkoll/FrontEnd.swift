import BarnkollCore
import BarnkollStore
import BarnkollTUI
import Foundation
import Terminal

/// Starts the full-screen front end, or says why it cannot.
enum FrontEnd {
    /// Whether this terminal can take the full screen; otherwise commands print plain text.
    static func isAvailable(_ global: GlobalOptions) -> Bool {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        let plain = global.plain || ProcessInfo.processInfo.environment["BARNKOLL_PLAIN"] == "1"
        return !plain && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 && !term.isEmpty && term != "dumb"
    }

    /// `caseBrief`: in a workshop, the fictional case, at hand on a key while filling.
    static func run(_ global: GlobalOptions, start: App.Start = .home, store: SQLiteStore, caseBrief: [String]? = nil) throws {
        let catalog = try global.catalog()
        Signals.installCrashGuard()
        // Before curses starts, so ncurses leaves our handlers alone: they only set a flag,
        // and the loop saves and leaves the terminal in order.
        Signals.watchTermination()
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend.start(noColor: ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
        } catch {
            throw Failure(error.description)
        }
        let app: App
        do {
            app = try App(backend: backend, store: store, catalog: catalog, account: Account.current,
                          strings: Strings(global.language), training: store.kind == .training, caseBrief: caseBrief,
                          start: start)
        } catch {
            backend.stop()
            throw Failure(error.description)
        }
        app.stopAfterFirstFrame = ProcessInfo.processInfo.environment["BARNKOLL_BENCH_FIRST_FRAME"] == "1"
        app.run()
        backend.stop()
        if let report = ProcessInfo.processInfo.environment["BARNKOLL_BENCH_REPORT"] { BenchHooks.reportPeakMemory(to: report) }
        let signal = Signals.termination
        if signal != 0 { exit(128 + signal) }
    }
}

/// What the benchmark reads from a real run of the front end.
enum BenchHooks {
    /// Our own high-water mark of resident memory (VmHWM, kB): a spawner's rusage would count the
    /// spawner's pages shared before exec.
    static func reportPeakMemory(to path: String) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return }
        let kilobytes = line.split(separator: " ").dropFirst().first.map(String.init) ?? "0"
        try? kilobytes.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
