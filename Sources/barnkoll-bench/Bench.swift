import ArgumentParser
import BarnkollCore
import BarnkollPostgres
import BarnkollStore
import BarnkollTUI
import Foundation
import GRDB
import Terminal

/// `barnkoll-bench`: builds (or reuses) a store of N synthetic analyses and measures what users feel.
@main
struct BarnkollBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barnkoll-bench",
        abstract: "Measures barnkoll on a generated store: saving, typing, the review queue, search, show, indicators, export, start-up and memory.",
        discussion: "Build it in release mode: swift run -c release barnkoll-bench --analyses 100000")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }
    enum Kind: String, ExpressibleByArgument, CaseIterable { case sqlite, postgresql }

    @Option(help: "How many analyses the store holds.") var analyses = 100_000
    @Option(help: "table or json.") var format: Format = .table
    @Option(help: "Where generated stores are kept, one per size.") var cache = ".build/bench-stores"
    @Option(help: "Rounds for the fast measurements.") var rounds = 200
    @Option(help: ArgumentHelp("Only the measurements whose key starts with this: save, keystroke, queue, search, show, indicators, barnbokslut, export, start, load.",
                               valueName: "key")) var only: String?
    @Option(help: ArgumentHelp("Leave out the measurements whose key starts with one of these (comma-separated).", valueName: "key,…"))
    var skip: String?
    @Option(help: "sqlite, or postgresql: the same store imported into a database of the cluster --pg-socket names (admin import's code).")
    var storeKind: Kind = .sqlite
    @Option(help: ArgumentHelp("The PostgreSQL cluster's Unix socket folder (peer login; defaults to BARNKOLL_PG_SOCKET).", valueName: "dir"))
    var pgSocket: String?
    @Option(help: ArgumentHelp("The cluster's superuser: makes the database and the roles, imports, and runs the plain baselines.",
                               valueName: "role")) var pgSuperuser = "postgres"
    @Option(help: ArgumentHelp("Saves under load: seconds at one save a second per writer, then seconds as fast as they can.",
                               valueName: "paced,fast")) var load = "20,10"
    @Option(help: ArgumentHelp("Saves under load: how many writer processes, one count after another.", valueName: "n,n,…"))
    var loadWriters = "1,8,32"
    /// A writer process of the load test (started by the bench itself): its store, draft and phases.
    @Option(help: .hidden) var writer: String?

    func run() throws {
        if let writer { return try runWriter(writer) }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let catalog = try loadCatalog()
        let path = "\(cache)/store-\(analyses).sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            try generate(path: path, catalog: catalog)
        }
        var figures: [Figure] = []
        var unmeasured: [String] = []
        let bench: BenchStore
        switch storeKind {
        case .sqlite:
            bench = try sqliteBench(path)
        case .postgresql:
            let (postgres, imported) = try postgresBench(path)
            bench = postgres
            figures += imported
        }
        let store = bench.store
        let skipped = (skip ?? "").split(separator: ",").map(String.init)
        func wanted(_ key: String) -> Bool {
            (only.map { key.hasPrefix($0) } ?? true) && !skipped.contains { key.hasPrefix($0) }
        }
        // Always, whatever --only says: the run's figures read beside them.
        figures += try measureMachine(folder: cache, rounds: rounds)
        if wanted("save") { figures.append(try measureSave(bench, catalog: catalog)) }
        if wanted("keystroke") { figures.append(try measureKeystroke(bench)) }
        if wanted("queue") { figures += try measureQueue(bench) }
        if wanted("search") { figures += try measureSearch(store) }
        if wanted("show") { figures.append(try measureShow(bench, catalog: catalog)) }
        if wanted("indicators") { figures += try measureIndicators(bench) }
        if wanted("barnbokslut") || wanted("indicators") { figures.append(try measureBarnbokslut(bench, catalog: catalog)) }
        if wanted("export") { figures += try measureExport(bench) }
        if wanted("start") {
            if storeKind == .sqlite {
                let start = measureStart(path: path)
                if start.isEmpty { unmeasured.append("start") }
                figures += start
            } else {
                StandardError.write("start-up and memory: measured on SQLite only\n")
            }
        }
        if wanted("load") { figures += try measureLoad(bench, catalog: catalog) }
        report(figures)
        // Shown first, what was measured; a group asked for and not measured then fails the run.
        if !unmeasured.isEmpty { throw BenchFailure(description: "not measured: \(unmeasured.joined(separator: ", "))") }
    }

    // MARK: - The store

    func loadCatalog() throws -> ChecklistCatalog {
        guard let shipped = ChecklistCatalog.shippedDirectory() else { throw BenchFailure(description: "the shipped checklists were not found") }
        do { return try ChecklistCatalog.load(directories: [shipped]) } catch { throw BenchFailure(description: error.description) }
    }

    func open(_ path: String, durable: Bool = true) throws -> SQLiteStore {
        do { return try SQLiteStore.open(path: path, kind: .real, durable: durable) } catch { throw BenchFailure(description: error.description) }
    }

    func generate(path: String, catalog: ChecklistCatalog) throws {
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        let started = Date()
        do {
            let store = try open(partial, durable: false)
            _ = try attempt { try store.setRole(.supervisor, for: "bench-chef", granted: true, by: Account.current) }
            _ = try attempt { try store.setRole(.supervisor, for: Account.current, granted: true, by: Account.current) }
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            var generator = Generator(seed: UInt64(analyses), catalog: catalog, currentYear: year)
            for number in 1...analyses {
                try attempt { try generator.makeAnalysis(store: store, number: number) }
                if number % 5_000 == 0 {
                    StandardError.write("  \(number) of \(analyses) analyses, \(Int(Date().timeIntervalSince(started))) s\n")
                }
            }
            SQLiteStore.pinClock(nil)
        }
        // The store is closed: fold the WAL in and keep one finished file.
        let queue = try DatabaseQueue(path: partial)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE") }
        try queue.close()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        try? FileManager.default.removeItem(atPath: partial + ".lock")
        StandardError.write("generated \(analyses) analyses in \(Int(Date().timeIntervalSince(started))) s: \(path)\n")
    }

    /// A store's refusal as one line, not a stack of types.
    func attempt<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw BenchFailure(description: error.description)
        }
    }

    // MARK: - Measurements

    /// One answer changed and saved durably, against a plain GRDB update of one row with the same settings.
    func measureSave(_ bench: BenchStore, catalog: ChecklistCatalog) throws -> Figure {
        let store = bench.store
        let id = try bench.draft(catalog: catalog, caseRef: "BENCH-1")
        let update = try bench.plainUpdate()
        var counter = 0
        let (ours, plain) = try measureInTurn(rounds: rounds, {
            counter += 1
            try attempt { try store.save(id, item: "decision", value: .text("Ansökan om bistånd, version \(counter)."), by: bench.writer) }
        }, {
            try update("Ansökan om bistånd, version \(counter).")
        })
        var figure = Figure(name: "save one answer (durable)", samples: ours, target: "≤ 2 ms, p99 ≤ 10 ms, ≤ 1.5 × \(bench.plainName)",
                            baseline: plain, met: false)
        figure.met = figure.median <= 2 && figure.p99 <= 10 && (figure.ratio ?? 0) <= 1.5
        return figure
    }

    /// A keystroke in a 10,000-character answer: the worksheet's update and a new 80×24 frame.
    func measureKeystroke(_ bench: BenchStore) throws -> Figure {
        let store = bench.store
        let id = try attempt { try store.list(AnalysisFilter(status: .draft, checklist: "barnkonsekvensanalys", limit: 1)) }.first?.id ?? ""
        var analysis = try attempt { try store.analysis(id, readBy: bench.reader) }
        let paragraph = "Barnet berättar att hon vill bo kvar nära skolan och sina kompisar. "
        analysis.answers["decision"] = .text(String(String(repeating: paragraph, count: 10_000 / paragraph.count + 1).prefix(10_000)))
        var state = WorksheetState(analysis: analysis, strings: Strings(.sv), focus: "decision")
        _ = state.update(key: .enter, size: Size(width: 80, height: 24))
        guard case .text = state.mode else { throw BenchFailure(description: "the worksheet did not start editing \(id)") }
        let samples = measure(rounds: rounds) {
            _ = state.update(key: .character("a"), size: Size(width: 80, height: 24))
            _ = state.render(Size(width: 80, height: 24))
        }
        var figure = Figure(name: "keystroke in 10,000 characters, to the new frame", samples: samples, target: "≤ 2 ms", met: false)
        figure.met = figure.median <= 2
        return figure
    }

    /// The review queue's first page under each filter, as the screen asks for it: the page and the count.
    func measureQueue(_ bench: BenchStore) throws -> [Figure] {
        let store = bench.store
        let today = ISODate.today()
        let monthAgo = ISODate.string(from: Date().addingTimeInterval(-30 * 86_400))
        var filters: [(String, AnalysisFilter)] = [("queue", .reviewQueue(limit: 50))]
        func add(_ name: String, _ change: (inout AnalysisFilter) -> Void) {
            var filter = AnalysisFilter.reviewQueue(limit: 50)
            change(&filter)
            filters.append((name, filter))
        }
        add("unit") { $0.unit = Generator.units[0] }
        add("caseworker") { $0.author = "handlaggare-07" }
        add("checklist") { $0.checklist = "barnchecklista" }
        add("period") { $0.since = monthAgo; $0.until = today }
        add("approved, all") { $0.status = .approved }
        add("every status, unit") { $0.status = nil; $0.unit = Generator.units[3] }
        let plainPage = bench.plainQueuePage()
        let baseline = try measure(rounds: rounds) { try plainPage() }
        return try filters.map { name, filter in
            let samples = try measure(rounds: rounds) {
                _ = try attempt { try store.page(filter) }
            }
            var figure = Figure(name: "review queue, first page: \(name)", samples: samples, target: "≤ 10 ms",
                                baseline: name == "queue" ? baseline : nil, met: false)
            figure.met = figure.median <= 10
            return figure
        }
    }

    /// Five searches, over the whole store and as the review queue asks (waiting for review, oldest first).
    func measureSearch(_ store: any CaseworkStore) throws -> [Figure] {
        let words = ["skolbyte", "mormor", "elen stängas", "fotbollen", "hyresvärden"]
        return try [("", AnalysisFilter(order: .oldestFirst, limit: 50)), (": in the queue", .reviewQueue(limit: 50))].map { name, filter in
            var index = 0
            let samples = try measure(rounds: rounds / 2) {
                index += 1
                var search = filter
                search.search = words[index % words.count]
                _ = try attempt { try store.page(search) }
            }
            var figure = Figure(name: "full-text search, first page\(name)", samples: samples, target: "≤ 30 ms", met: false)
            figure.met = figure.median <= 30
            return figure
        }
    }

    func measureShow(_ bench: BenchStore, catalog: ChecklistCatalog) throws -> Figure {
        let store = bench.store
        let id = try attempt { try store.list(AnalysisFilter(status: .approved, limit: 200)) }.max { $0.versions < $1.versions }?.id ?? ""
        let samples = try measure(rounds: rounds) {
            let analysis = try attempt { try store.analysis(id, readBy: bench.reader) }
            _ = AnalysisDocument(analysis: analysis, language: .sv, references: catalog.references).json()
        }
        var figure = Figure(name: "show ID --format json (in-process)", samples: samples, target: "≤ 10 ms", met: false)
        figure.met = figure.median <= 10
        return figure
    }

    /// The indicators of this year, as `barnkoll stats` computes them (with last year's, for the
    /// change): from the kept tallies with nothing changed since the last read, and with one
    /// unit's year changed before each round (what a submission or a review there does). Beside
    /// them, in turn, every row read and counted as before v22 (SQLite) and Migration 32
    /// (PostgreSQL).
    func measureIndicators(_ bench: BenchStore) throws -> [Figure] {
        let store = bench.store
        let today = ISODate.today()
        let year = Int(today.prefix(4)) ?? 2026
        let kept = { _ = try attempt { try store.indicatorReport(year: year, unit: nil, today: today, by: bench.chef) } }
        let (samples, counted) = try measureInTurn(rounds: 5, warmup: 1, kept, {
            let records = try attempt { try store.indicatorRecords(years: (year - 1)...year, unit: nil, by: bench.chef) }
            _ = Indicators.compute(records: records, year: year, unit: nil, today: today)
        })
        var figure = Figure(name: "indicators for one year", samples: samples, target: "≤ 300 ms", met: false)
        figure.met = figure.median <= 300
        var every = Figure(name: "(reference) the indicators, every row counted", samples: counted, target: "none: before v22 and Migration 32", met: true)
        every.reference = true
        // One unit's year marked changed, as its trigger marks it (nil: every unit's of both years).
        let mark: (String?) throws -> Void
        let one: String?
        if let sqlite = store as? SQLiteStore {
            mark = { unit in
                try sqlite.rawWrite { db in
                    try db.execute(sql: """
                        UPDATE indicator_tally SET tally = NULL, generation = generation + 1
                        WHERE year >= ? AND (? IS NULL OR (year = ? AND unit = ?))
                        """, arguments: [year - 1, unit, year, unit])
                }
            }
            one = try sqlite.rawRead { db in
                try String.fetchOne(db, sql: "SELECT unit FROM indicator_tally WHERE year = ? ORDER BY unit LIMIT 1", arguments: [year])
            }
        } else {
            let plain = try attempt { try PostgresPlainConnection(conninfo: bench.location, user: pgSuperuser) }
            mark = { unit in
                _ = try attempt {
                    try plain.query("""
                        UPDATE barnkoll.indicator_tally SET tally = NULL, generation = generation + 1
                        WHERE year >= $1 AND ($2::text IS NULL OR (year = $3 AND unit = $2))
                        """, [String(year - 1), unit, String(year)])
                }
            }
            one = try attempt {
                try plain.query("SELECT unit FROM barnkoll.indicator_tally WHERE year = $1 ORDER BY unit LIMIT 1", [String(year)]).first?.first ?? nil
            }
        }
        func changed(_ unit: String?) throws -> [Double] {
            try measure(rounds: 5, warmup: 1) {
                try mark(unit)
                try kept()
            }
        }
        var afterChange = Figure(name: "indicators for one year, a unit changed since",
                                 samples: try changed(one ?? ""),
                                 target: "≤ 300 ms", met: false)
        afterChange.met = afterChange.median <= 300
        var everyUnit = Figure(name: "(reference) the indicators, every unit changed since (first read after v22, Migration 32)",
                               samples: try changed(nil), target: "none: once per change in every unit", met: true)
        everyUnit.reference = true
        return [figure, afterChange, everyUnit, every]
    }

    /// The barnbokslut of this year as `barnkoll stats --format markdown` and `--format html` make
    /// it (every chapter, the labels from the checklists), beside its baseline: the same year's
    /// indicators read and computed alone, the two in turn round by round.
    func measureBarnbokslut(_ bench: BenchStore, catalog: ChecklistCatalog) throws -> Figure {
        let store = bench.store
        let today = ISODate.today()
        let year = Int(today.prefix(4)) ?? 2026
        let labels = IndicatorLabels(checklists: catalog.sorted)
        func report() throws -> IndicatorReport {
            try attempt { try store.indicatorReport(year: year, unit: nil, today: today, by: bench.chef) }
        }
        let (samples, plain) = try measureInTurn(rounds: 5, warmup: 1, {
            let formats = IndicatorFormats(report: try report(), language: .sv, labels: labels)
            _ = formats.markdown()
            _ = formats.html()
        }, { _ = try report() })
        var figure = Figure(name: "barnbokslut for one year (markdown and HTML)", samples: samples, target: "≤ 300 ms",
                            baseline: plain, met: false)
        figure.met = figure.median <= 300
        return figure
    }

    /// The export, and in turn with it the same read with no CSV made: what of the time is the
    /// store's and what the CSV's.
    func measureExport(_ bench: BenchStore) throws -> [Figure] {
        let store = bench.store
        let filter = AnalysisFilter(limit: 10_000)
        let (samples, reads) = try measureInTurn(rounds: 3, warmup: 1, {
            _ = try attempt {
                ListFormats.csvParts(try store.analysisParts(filter, readBy: bench.reader, history: false) { ListFormats.csvRows(for: $0) })
            }
        }, {
            _ = try attempt { try store.analyses(filter, readBy: bench.reader, history: false) { $0.count } }
        })
        var figure = Figure(name: "export of 10,000 analyses as CSV", samples: samples, target: "≤ 2 s", met: false)
        figure.met = figure.median <= 2_000
        var read = Figure(name: "(reference) the export's read alone, no CSV made", samples: reads, target: "none: the store's part", met: true)
        read.reference = true
        return [figure, read]
    }

    /// Start to the first drawn home screen, against `dialog --infobox` (Debian's dialog, a small
    /// real ncurses program that draws one box and exits) and a minimal ncurses program; and peak memory.
    func measureStart(path: String) -> [Figure] {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let barnkoll = folder.appendingPathComponent("barnkoll").path
        let minimal = folder.appendingPathComponent("bench-minimal-curses").path
        let minimalFoundation = folder.appendingPathComponent("bench-minimal-foundation").path
        // `swift run barnkoll-bench` builds only the bench: build the programs it starts.
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        // Built again when older than the bench too: an older barnkoll may refuse the store's
        // schema, and its start would not be this build's (a no-op when it is up to date).
        let built = modified(CommandLine.arguments[0])
        for (product, path) in [("barnkoll", barnkoll), ("bench-minimal-curses", minimal), ("bench-minimal-foundation", minimalFoundation)]
        where !FileManager.default.isExecutableFile(atPath: path) || modified(path) < built {
            StandardError.write("building \(product) beside the bench…\n")
            let configuration = folder.lastPathComponent == "debug" ? "debug" : "release"
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "-c", configuration, "--product", product]
            try? build.run()
            build.waitUntilExit()
        }
        guard [barnkoll, minimal, minimalFoundation].allSatisfy(FileManager.default.isExecutableFile(atPath:)) else {
            StandardError.write("start-up and memory not measured: build barnkoll, bench-minimal-curses and bench-minimal-foundation first\n")
            return []
        }
        var environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory(),
                           "BARNKOLL_STORE": path, "BARNKOLL_BENCH_FIRST_FRAME": "1"]
        environment["PATH"] = ProcessEnvironment.values["PATH"]
        let report = "\(cache)/peak-memory"
        environment["BARNKOLL_BENCH_REPORT"] = report
        func peak() -> Double { (try? String(contentsOfFile: report, encoding: .utf8)).flatMap(Double.init).map { $0 / 1024 } ?? 0 }
        // Started and timed as the minimal program is; skipped (and said so) where dialog is not installed.
        let dialog = ["/usr/bin/dialog", "/usr/local/bin/dialog"].first(where: FileManager.default.isExecutableFile(atPath:))
        if dialog == nil { StandardError.write("start-up: dialog is not installed; the start is held against the minimal program only\n") }
        var ours: [Double] = [], plain: [Double] = [], foundation: [Double] = [], boxed: [Double] = [], memory: [Double] = []
        var failures: [String] = []
        for round in 0..<23 {
            try? FileManager.default.removeItem(atPath: report)
            let home = runOnTerminal(barnkoll, [], environment: environment)
            let homePeak = peak()
            try? FileManager.default.removeItem(atPath: report)
            let queue = runOnTerminal(barnkoll, ["review"], environment: environment)
            let queuePeak = peak()
            let yardstick = runOnTerminal(minimal, [], environment: environment)
            let withFoundation = runOnTerminal(minimalFoundation, [], environment: environment)
            let box = dialog.map { runOnTerminal($0, ["--infobox", "barnkoll", "5", "40"], environment: environment) }
            var runs = [("barnkoll", home), ("barnkoll review", queue), ("bench-minimal-curses", yardstick), ("bench-minimal-foundation", withFoundation)]
            if let box { runs.append(("dialog --infobox", box)) }
            for (name, run) in runs where run.status != 0 {
                failures.append("\(name) exited with status \(run.status)")
            }
            guard round >= 3, runs.allSatisfy({ $0.1.status == 0 }) else { continue }   // warm the page cache first
            ours.append(home.ms)
            plain.append(yardstick.ms)
            foundation.append(withFoundation.ms)
            if let box { boxed.append(box.ms) }
            memory += [homePeak, queuePeak]
        }
        for failure in Set(failures).sorted() { StandardError.write("start-up: \(failure)\n") }
        // No round measured: no row, rather than zeros under a "yes" for memory.
        guard !ours.isEmpty else {
            StandardError.write("start-up and memory not measured: no round started every program\n")
            return []
        }
        var start = dialog == nil
            ? Figure(name: "start to the first drawn home screen (dialog missing: against the minimal program)", samples: ours,
                     target: "≤ 2 × dialog --infobox (not measured)", baseline: plain, met: false)
            : Figure(name: "start to the first drawn home screen", samples: ours, target: "≤ 2 × dialog --infobox",
                     baseline: boxed, met: false)
        start.met = dialog != nil && (start.ratio ?? 9) <= 2
        var minimalProgram = Figure(name: "(reference) the same against the minimal ncurses program", samples: ours,
                                    target: "none: the old yardstick, kept beside the new", baseline: plain, met: true)
        minimalProgram.reference = true
        var floor = Figure(name: "(reference) the minimal program with Foundation, linked as barnkoll is", samples: foundation,
                           target: "none: the floor for a program built like barnkoll", baseline: plain, met: true)
        floor.reference = true
        var peak = Figure(name: "peak memory of the front end (home, review queue)", samples: memory, target: "≤ 50 MB", met: false)
        peak.unit = "MB"
        peak.met = (memory.max() ?? 0) <= 50
        return [start, minimalProgram, floor, peak]
    }

    // MARK: - Report

    func report(_ figures: [Figure]) {
        func number(_ value: Double) -> String { value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value) }
        switch format {
        case .json:
            let objects: [[String: Any]] = figures.map { figure in
                var object: [String: Any] = ["name": figure.name, "unit": figure.unit, "min": figure.min, "median": figure.median,
                                             "p99": figure.p99, "max": figure.sorted.last ?? 0, "rounds": figure.samples.count,
                                             "target": figure.target, "met": figure.reference ? NSNull() : figure.met]
                object["baseline_median"] = figure.baselineMedian
                object["ratio"] = figure.ratio
                return object
            }
            let data = (try? JSONSerialization.data(withJSONObject: ["analyses": analyses, "store_kind": storeKind.rawValue, "figures": objects],
                                                    options: [.prettyPrinted, .sortedKeys])) ?? Data()
            print(String(decoding: data, as: UTF8.self))
        case .table:
            print("barnkoll-bench: \(analyses) analyses, \(storeKind.rawValue), \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print("| what | min | median | p99 | baseline median | ratio | target | met |")
            print("|---|---|---|---|---|---|---|---|")
            for figure in figures {
                let unit = figure.unit == "ms" ? "" : " \(figure.unit)"
                print("| \(figure.name) | \(number(figure.min))\(unit) | \(number(figure.median))\(unit) | \(number(figure.p99))\(unit) | "
                      + "\(figure.baselineMedian.map(number) ?? "–") | \(figure.ratio.map { String(format: "%.2f", $0) } ?? "–") | "
                      + "\(figure.target) | \(figure.reference ? "–" : figure.met ? "yes" : "**no**") |")
            }
            print("(milliseconds unless marked; peak memory: the figure compared is the maximum)")
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}
