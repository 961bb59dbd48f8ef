import BarnkollFuzz
import Foundation

#if FUZZING
// Built with libFuzzer (see README, "Fuzzing"): libFuzzer brings main and calls this for each input.
// A broken property aborts, so libFuzzer keeps the input that broke it.
let target = ProcessInfo.processInfo.environment["BARNKOLL_FUZZ_TARGET"] ?? "answers"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    if let problem = FuzzTargets.run(target, data) {
        FileHandle.standardError.write(Data("barnkoll-fuzz \(target): \(problem)\n".utf8))
        abort()
    }
    return 0
}
#else
/// Without libFuzzer: runs a target over the files given (a corpus folder, or inputs a fuzzer kept),
/// to reproduce what a fuzzer found. `barnkoll-fuzz TARGET FILE|FOLDER...`
@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.names.contains(target), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: barnkoll-fuzz \(FuzzTargets.names.joined(separator: "|")) FILE|FOLDER...\n".utf8))
            exit(2)
        }
        var files: [String] = []
        for path in arguments.dropFirst() {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                files += names.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        var failed = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if let problem = FuzzTargets.run(target, data) {
                print("\(file): \(problem)")
                failed += 1
            }
        }
        print("\(files.count) inputs, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }
}
#endif
