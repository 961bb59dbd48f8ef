import BarnkollCore
import BarnkollPostgres
import BarnkollStore
import Foundation

// Saves under load: 1, 8 and 32 writer processes (the bench binary itself, `--writer`), each on a
// draft of its own, each saving one answer a second as typing does, then as fast as it can. While
// they type, the bench itself runs the plain one-row update once a second too: a save at typing
// pace starts on a process and a server that have slept, and the plain update beside it says what
// that costs any program, not barnkoll alone.

extension BarnkollBench {
    var loadPhases: (paced: Int, fast: Int) {
        let seconds = load.split(separator: ",").compactMap { Int($0) }
        return (seconds.first ?? 20, seconds.dropFirst().first ?? 10)
    }

    var writers: [Int] { loadWriters.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 } }

    func measureLoad(_ bench: BenchStore, catalog: ChecklistCatalog) throws -> [Figure] {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("barnkoll-bench-load-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let (paced, fast) = loadPhases
        let plainUpdate = try bench.plainUpdate()
        var figures: [Figure] = []
        for count in writers {
            let drafts = try (0..<count).map { try bench.draft(catalog: catalog, caseRef: "BENCH-LOAD-\($0 + 1)") }
            // Every writer starts its first phase at the same moment, once all have connected.
            let start = Date().timeIntervalSince1970 + 1.0 + Double(count) * 0.1
            // Each writer saves at its own moment of the second, drawn at random as independent
            // people's keys fall (seeded, so runs compare). Until 2026-12-04 the moment was the
            // writer's pid modulo 1,000 ms: pids follow one another, so all 32 fell within some
            // 40 ms, a burst every second rather than typing.
            var random = SeededRandom(seed: UInt64(count))
            let offsets = drafts.map { _ in Double(random.int(0...999)) / 1000 }
            let plainOffset = Double(random.int(0...999)) / 1000
            var processes: [Process] = []
            for (index, id) in drafts.enumerated() {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                let spec = [bench.kind.rawValue, bench.location, id, bench.writer, String(start), String(paced), String(fast),
                            folder.appendingPathComponent("writer-\(index)").path, String(offsets[index])].joined(separator: "\t")
                process.arguments = ["--writer", spec]
                try process.run()
                processes.append(process)
            }
            var plainSamples: [Double] = []
            for second in 0..<paced {
                Self.sleep(until: start + Double(second) + plainOffset)
                plainSamples.append(try elapsed { try plainUpdate("paced \(second)") })
            }
            for process in processes { process.waitUntilExit() }
            var pacedSamples: [Double] = [], fastSamples: [Double] = [], failures = 0
            for index in drafts.indices {
                let text = (try? String(contentsOfFile: folder.appendingPathComponent("writer-\(index)").path, encoding: .utf8)) ?? ""
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: " ")
                    guard parts.count == 2, let ms = Double(parts[1]) else { continue }
                    switch parts[0] {
                    case "paced": pacedSamples.append(ms)
                    case "fast": fastSamples.append(ms)
                    default: failures += 1
                    }
                }
                if text.isEmpty { failures += 1 }
            }
            if failures > 0 {
                StandardError.write("load, \(count) writers: \(failures) saves failed or writers gave nothing\n")
            }
            var typing = Figure(name: "save under load: \(count) writer\(count == 1 ? "" : "s") × 1 save/s", samples: pacedSamples,
                                target: count == 32 ? "p99 ≤ 50 ms" : "none (32 writers: p99 ≤ 50 ms)",
                                baseline: plainSamples, met: true)
            typing.met = count != 32 || (!pacedSamples.isEmpty && typing.p99 <= 50)
            typing.reference = count != 32
            var flat = Figure(name: "save under load: \(count) writer\(count == 1 ? "" : "s") as fast as they can", samples: fastSamples,
                              target: "none: per save", met: true)
            flat.reference = true
            var throughput = Figure(name: "saves a second, \(count) writer\(count == 1 ? "" : "s") as fast as they can",
                                    samples: [Double(fastSamples.count) / Double(max(fast, 1))], target: "≥ 1,000 saves/s", met: false)
            throughput.unit = "saves/s"
            throughput.met = throughput.median >= 1_000
            figures += [typing, flat, throughput]
        }
        return figures
    }

    /// A writer process: opens the store, saves one answer a second until the fast phase, then
    /// saves as fast as it can; writes "paced MS" and "fast MS" lines (or "failed MS") to its file.
    func runWriter(_ spec: String) throws {
        let parts = spec.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 9, let kind = Kind(rawValue: parts[0]), let start = Double(parts[4]),
              let paced = Int(parts[5]), let fast = Int(parts[6]), let offset = Double(parts[8]) else {
            throw BenchFailure(description: "--writer: not a writer's spec")
        }
        let (location, id, account, output) = (parts[1], parts[2], parts[3], parts[7])
        let store: any CaseworkStore = try attempt {
            switch kind {
            case .sqlite: return try SQLiteStore.open(path: location, kind: .real, durable: true)
            case .postgresql: return try PostgresStore.open(conninfo: location, kind: .real, expected: account)
            }
        }
        var lines: [String] = []
        var counter = 0
        func save(_ phase: String) {
            counter += 1
            let began = DispatchTime.now().uptimeNanoseconds
            var ok = true
            do {
                try store.save(id, item: "decision", value: .text("Vi skriver, ord för ord, version \(counter)."), by: account)
            } catch {
                ok = false
            }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - began) / 1_000_000
            lines.append("\(ok ? phase : "failed") \(ms)")
        }
        // The first save of a process reads and parses the analysis's checklist, as opening the
        // worksheet does before anyone types: done once here, not measured.
        _ = try? store.save(id, item: "decision", value: .text("Vi börjar skriva."), by: account)
        for second in 0..<paced {
            Self.sleep(until: start + Double(second) + offset)
            save("paced")
        }
        let fastStart = start + Double(paced) + 1
        Self.sleep(until: fastStart)
        while Date().timeIntervalSince1970 < fastStart + Double(fast) { save("fast") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }

    /// Sleeps until `moment` (seconds since 1970), if it is still ahead.
    static func sleep(until moment: Double) {
        let wait = moment - Date().timeIntervalSince1970
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
    }
}
