@testable import BarnkollCore
import BarnkollFuzz
import Foundation
import Testing

/// Settings from the environment: BARNKOLL_FUZZ_SECONDS (per target, default 4) and BARNKOLL_FUZZ_SEED
/// (default: a new one each run, printed, so a failure can be run again with it).
enum FuzzSettings {
    static let environment = ProcessInfo.processInfo.environment
    static let seconds = environment["BARNKOLL_FUZZ_SECONDS"].flatMap(Double.init) ?? 4
    static let seed = environment["BARNKOLL_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("Tests/Fuzz/corpus")

    static func corpusFiles(_ target: String) -> [URL] {
        let folder = corpus.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Keeps an input that broke a property where the failure message says, to add to the corpus.
    static func keep(_ data: Data, target: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barnkoll-fuzz-\(target)-\(UUID().uuidString.prefix(8))").path
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}

/// Mutations of seed inputs: byte flips, cuts, controls and invalid UTF-8, YAML and JSON tokens,
/// repeats, splices of two seeds, deep nesting and huge numbers.
struct Mutator {
    static let insertions: [[UInt8]] = [
        [0x00], [0x1B], [0x0D], [0x0A], [0x09], [0x7F], [0xC2, 0x85], [0xC2, 0x9B], [0xE2, 0x80, 0xAE], [0xE2, 0x81, 0xA6],
        [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xEF, 0xBB, 0xBF],
    ] + ["[", "]", "{", "}", ":", ": ", "- ", ", ", "&a ", "*a", "!!binary ", "!!str ", "? ", "|\n", ">-\n", "\"", "'", "#", "\\",
         "\\e", "\\x9b", "\\u202e", "\\U0001F600", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "~", "null", "true", "no", "yes",
         "99999999999999999999999", "-9223372036854775809", "1e309", "-0", "0x1F", ".inf", "2026-02-30", "\n  ", "\n- ", "åäö",
         "😀", "e\u{301}", "\u{2028}"].map { Array($0.utf8) }

    var random: SplitMix64

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func mutate(_ seed: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<9, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1:
                bytes = Array(bytes.prefix(at))
            case 2, 3:
                bytes.insert(contentsOf: pick(Self.insertions), at: at)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.removeSubrange(min(at, bytes.count)..<end)
            case 5 where !bytes.isEmpty:
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let slice = bytes[start..<min(bytes.count, start + Int.random(in: 1...200, using: &random))]
                bytes.insert(contentsOf: Array(repeating: Array(slice), count: Int.random(in: 1...20, using: &random)).joined(), at: at)
            case 6 where !other.isEmpty:
                let start = Int.random(in: 0..<other.count, using: &random)
                bytes.insert(contentsOf: other[start..<min(other.count, start + Int.random(in: 1...400, using: &random))], at: at)
            case 7:
                let depth = Int.random(in: 1...1_500, using: &random)
                let open = pick(["[", "{a: ", "- ", "  "])
                bytes.insert(contentsOf: Array(String(repeating: open, count: depth).utf8), at: at)
            default:
                bytes.insert(contentsOf: Array(String(repeating: "x", count: Int.random(in: 1...100_000, using: &random)).utf8), at: at)
            }
        }
        return bytes
    }
}

@Suite struct FuzzProperties {
    static func seeds(_ target: String) -> [[UInt8]] {
        var urls = FuzzSettings.corpusFiles(target)
        let checklists = FuzzSettings.packageRoot.appendingPathComponent("checklists")
        switch target {
        case "checklist":
            urls += ["barnkonsekvensanalys.yaml", "barnchecklista.yaml"].map { checklists.appendingPathComponent($0) }
        case "answers":
            urls.append(FuzzSettings.packageRoot.appendingPathComponent("Tests/Fixtures/complete-bka.yaml"))
        default:
            break
        }
        return urls.compactMap { FileManager.default.contents(atPath: $0.path) }.map { [UInt8]($0) }
    }

    /// Every input in the committed corpus, every run: what once broke a property stays fixed.
    @Test(arguments: FuzzTargets.names)
    func theCorpusHolds(_ target: String) throws {
        let files = FuzzSettings.corpusFiles(target)
        #expect(files.count >= 5, "the \(target) corpus is missing")
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: file.path))
            if let problem = FuzzTargets.run(target, data) { Issue.record("\(file.lastPathComponent): \(problem)") }
        }
    }

    /// Mutated seeds for a fixed time: never a crash, never a broken property.
    @Test(arguments: FuzzTargets.names)
    func mutatedInputsHold(_ target: String) throws {
        let seeds = Self.seeds(target)
        try #require(!seeds.isEmpty)
        let seed = FuzzSettings.seed &+ UInt64(FuzzTargets.names.firstIndex(of: target) ?? 0)
        // Printed first, so a crash (which ends the test process) still tells the seed.
        print("fuzz \(target): seed \(seed), \(FuzzSettings.seconds) s (replay: BARNKOLL_FUZZ_SEED=\(FuzzSettings.seed))")
        var mutator = Mutator(random: SplitMix64(seed: seed))
        let deadline = Date().addingTimeInterval(FuzzSettings.seconds)
        var runs = 0
        var failures = 0
        while Date() < deadline && failures < 5 {
            let input = mutator.mutate(mutator.pick(seeds), other: mutator.pick(seeds))
            runs += 1
            let data = Data(input)
            if let problem = FuzzTargets.run(target, data) {
                failures += 1
                Issue.record("fuzz \(target), seed \(FuzzSettings.seed), run \(runs): \(problem); input kept in \(FuzzSettings.keep(data, target: target))")
            }
        }
        print("fuzz \(target): \(runs) inputs in \(FuzzSettings.seconds) s")
        #expect(runs >= 20, "only \(runs) inputs in \(FuzzSettings.seconds) s")
    }
}

@Suite struct StoredJSONReader {
    static let texts = ["", "a", "å", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{202E}", "😀",
                        "e\u{301}", "\u{2028}", "{", "[", ",", ":", " ", "\\u0041"]

    static func text(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in texts[Int.random(in: 0..<texts.count, using: &random)] }.joined()
    }

    static func value(_ random: inout SplitMix64, depth: Int = 0) -> AnswerValue {
        switch Int.random(in: 0..<(depth == 0 ? 4 : 3), using: &random) {
        case 0: return .text(text(&random))
        case 1: return .number(Int.random(in: 0..<2, using: &random) == 0 ? Int.random(in: -1_000...1_000, using: &random)
                                                                        : [Int.min, Int.max, 0, -1][Int.random(in: 0..<4, using: &random)])
        case 2: return .choices((0..<Int.random(in: 1...3, using: &random)).map { _ in text(&random) })
        default:
            return .entries((0..<Int.random(in: 1...3, using: &random)).map { _ in
                Dictionary((0..<Int.random(in: 0...3, using: &random)).map { _ in (text(&random), value(&random, depth: 1)) }) { $1 }
            })
        }
    }

    /// The fast reader of stored answers reads back exactly what was stored, and wherever Foundation
    /// can read the same JSON too (mutated or not), the two agree.
    @Test func itAgreesWithFoundation() {
        var random = SplitMix64(seed: FuzzSettings.seed)
        var mutator = Mutator(random: SplitMix64(seed: FuzzSettings.seed &+ 7))
        var compared = 0
        for run in 0..<3_000 {
            let value = Self.value(&random)
            let json = value.canonicalJSON()
            #expect(AnswerJSONReader.value(json) == value, "seed \(FuzzSettings.seed), run \(run): \(json)")
            let answers: Answers = ["a": value, "b\u{202E}": .text(Self.text(&random))]
            #expect(AnswerJSONReader.answers(CanonicalJSON.encode(answers, fallback: "{}")) == answers, "seed \(FuzzSettings.seed), run \(run)")

            let mutated = String(decoding: mutator.mutate(Array(json.utf8), other: Array("[{\"x\":[\"y\"]}]".utf8)), as: UTF8.self)
            // Foundation on Linux drops a U+FEFF that starts a string (measured); ours keeps it, as JSON says.
            guard !mutated.unicodeScalars.contains("\u{FEFF}"), let ours = AnswerJSONReader.value(mutated),
                  let object = try? JSONSerialization.jsonObject(with: Data(mutated.utf8), options: .fragmentsAllowed),
                  let theirs = AnswerValue.from(object) else { continue }
            compared += 1
            #expect(ours == theirs, "seed \(FuzzSettings.seed), run \(run): \(mutated.debugDescription)")
        }
        #expect(compared > 100)
    }
}
