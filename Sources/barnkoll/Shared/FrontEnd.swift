import BarnkollCore
import BarnkollTUI
import Foundation
import Terminal

/// Starts the full-screen front end, or its plain, line-by-line form.
enum FrontEnd {
    /// Plain mode when asked for, or when the full screen would not work or not be seen: no
    /// terminal on either side, TERM dumb, empty or unknown to terminfo.
    static func isAvailable(_ screen: some ScreenChoices) -> Bool {
        let environment = ProcessEnvironment.values
        let term = environment["TERM"] ?? ""
        let asked = environment["BARNKOLL_PLAIN"].map { !$0.isEmpty && $0 != "0" } ?? false
        return !screen.plain && !asked && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            && !term.isEmpty && term != "dumb" && TerminalInfo.knows(term, environment: environment)
    }

    /// `caseBrief`: in a workshop, the fictional case, at hand on a key while filling. `notice`: a
    /// line for home's first frame (the store just made), which the screen would hide on standard error.
    static func run(_ global: some StoreOptions, _ screen: some ScreenChoices, start: App.Start = .home, store: any CaseworkStore,
                    caseBrief: [String]? = nil, notice: String? = nil) throws {
        // Home is drawn before the checklists are read; every other start needs them at once.
        let catalog: CatalogSource
        if case .home = start {
            let directories = global.checklistDirectories
            if directories.isEmpty { throw CatalogError.shippedNotFound }
            catalog = CatalogSource { () throws(Problems) in try ChecklistCatalog.load(directories: directories) }
        } else {
            catalog = CatalogSource(try global.catalog())
        }
        Signals.installCrashGuard()
        // Before curses starts, so ncurses leaves our handlers alone: they only set a flag,
        // and the loop saves and leaves the terminal in order.
        Signals.watchTermination()
        let theme = try screen.chosenTheme(global.words)
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend.start(noColor: ProcessEnvironment.values["NO_COLOR"].map { !$0.isEmpty } ?? false,
                                               theme: theme)
        } catch {
            // terminfo said yes but curses says no: plain mode still lets the work be done.
            let plain: PlainSession.Start
            switch start {
            case .home: plain = .home
            case .analysis(let analysis, let item, _, let note):
                if let note { global.note(note) }
                plain = .analysis(id: analysis.summary.id, item: item)
            case .reviewQueue: plain = .reviewQueue
            case .comparison:
                // The comparison has its own text form.
                throw Failure(global.words.noFullScreenForComparison(error.description))
            }
            Output.warning(error.description)
            try runPlain(global, start: plain, store: store)
            return
        }
        let app: App
        do {
            app = try App(backend: backend, store: store, catalog: catalog, account: Account.current,
                          strings: Strings(global.language), training: store.kind == .training, caseBrief: caseBrief,
                          start: start)
        } catch {
            backend.stop()
            throw error
        }
        if let notice { app.tellHome(notice) }
        app.stopAfterFirstFrame = ProcessEnvironment.values["BARNKOLL_BENCH_FIRST_FRAME"] == "1"
        app.run()
        backend.stop()
        // The receipts the box may have had to break, whole on the normal screen, before anything else.
        for receipt in app.receiptsToKeep { StandardError.write(receipt + "\n") }
        if let failure = app.failure { throw Failure(failure) }
        if let report = ProcessEnvironment.values["BARNKOLL_BENCH_REPORT"] { BenchHooks.reportPeakMemory(to: report) }
        let signal = Signals.termination
        if let recovery = app.recovery, let open = app.openAnalysis {
            // Text that could not be saved: where it is, and how to put it back; never exit 0.
            Output.warning(global.words.keptAside(recovery, id: open.id, training: store.kind == .training))
            exit(signal != 0 ? 128 + signal : 1)
        }
        guard signal != 0 || app.interrupted else { return }
        // Interrupted (Ctrl-C, or a signal): where to go on, on the normal screen, then 128 + the signal.
        if let open = app.openAnalysis {
            Output.warning(global.words.goOnWith(open.id, saved: open.saved, training: store.kind == .training))
        }
        exit(128 + (signal != 0 ? signal : SIGINT))
    }

    /// Plain mode on standard input and output. Ends with exit 0 at the end of the input and
    /// 128 + the signal (130 for Ctrl-C) when interrupted; every answer given is saved by then.
    static func runPlain(_ global: some StoreOptions, start: PlainSession.Start, store: any CaseworkStore) throws {
        let catalog = try global.catalog()
        Signals.watchTermination()
        let interrupted: () -> Bool = { Signals.termination != 0 }
        let training = store.kind == .training
        let session = PlainSession(store: store, catalog: catalog, account: Account.current, strings: Strings(global.language),
                                   input: StandardInput(interrupted: interrupted), output: StandardOutput(),
                                   training: training, interrupted: interrupted)
        let outcome = try session.run(start)
        if outcome == .interrupted {
            let signal = Signals.termination
            exit(128 + (signal != 0 ? signal : SIGINT))
        }
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
        // Whole or not at all: the front end reports and then the command's end does again, and a
        // reader between the two once found the file emptied for the second write.
        try? kilobytes.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
