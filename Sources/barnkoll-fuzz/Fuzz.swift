import BarnkollCore
import BarnkollFuzz
import Foundation

#if FUZZING
// Built with libFuzzer (see docs/testing.md, "Hostile input and fuzzing"). SwiftPM links an executable's entry as
// `barnkoll_fuzz_main`, so libFuzzer's own main is left out and this starts its driver instead.
// A broken property aborts, so libFuzzer keeps the input that broke it.
let target = ProcessEnvironment.values["BARNKOLL_FUZZ_TARGET"] ?? "answers"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    if let problem = FuzzTargets.run(target, data) {
        StandardError.write("barnkoll-fuzz \(target): \(problem)\n")
        abort()
    }
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
typealias FuzzDriver = @convention(c) (UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                       FuzzCallback) -> CInt

@_cdecl("barnkoll_fuzz_main")
public func fuzzMain(_ count: CInt, _ arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    // Looked up rather than declared: its C prototype is not importable without a C target of its own.
    guard FuzzTargets.names.contains(target), let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
        StandardError.write("barnkoll-fuzz: set BARNKOLL_FUZZ_TARGET to one of \(FuzzTargets.names.joined(separator: ", ")), and build with -sanitize=fuzzer\n")
        return 2
    }
    var count = count
    var arguments = arguments
    return unsafeBitCast(symbol, to: FuzzDriver.self)(&count, &arguments, fuzzOne)
}
#else
/// Without libFuzzer: runs a target over the files given (a corpus folder, or inputs a fuzzer kept),
/// to reproduce what a fuzzer found. `barnkoll-fuzz TARGET FILE|FOLDER...`
@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.names.contains(target), arguments.count > 1 else {
            StandardError.write("usage: barnkoll-fuzz \(FuzzTargets.names.joined(separator: "|")) FILE|FOLDER...\n")
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
