import BarnkollCore
import Foundation

/// Yardsticks of the machine itself, measured first in every run: this machine is shared and its
/// speed drifts (on 2026-12-03 the plain baselines took twice as long as on 2026-11-23), so the
/// figures of two runs compare only beside these. Neither touches barnkoll's code or a store.
func measureMachine(folder: String, rounds: Int) throws -> [Figure] {
    // The processor and memory: one core sorting a million numbers (the same ones every run).
    var state: UInt64 = 2026
    let numbers = (0..<1_000_000).map { _ -> UInt64 in
        // SplitMix64: the same sequence on every machine and run.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    var sink: UInt64 = 0
    let sorting = measure(rounds: max(3, rounds / 20)) {
        var copy = numbers
        copy.sort()
        sink ^= copy[copy.count / 2]
    }
    if sink == 1 { StandardError.write("\n") }   // keeps the sort from being optimised away
    var cpu = Figure(name: "(reference) this machine: one core sorting 1,000,000 numbers", samples: sorting,
                     target: "none: the machine's own speed", met: true)
    cpu.reference = true

    // The disk: what every durable commit waits for, without SQLite or PostgreSQL.
    let path = folder + "/machine-yardstick-\(getpid())"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
        throw BenchFailure(description: "\(path): cannot write there (\(String(cString: strerror(errno))))")
    }
    defer {
        close(fd)
        unlink(path)
    }
    let page = [UInt8](repeating: 0x61, count: 4096)
    var failed = false
    let flushes = measure(rounds: rounds) {
        if pwrite(fd, page, page.count, 0) != page.count || fdatasync(fd) != 0 { failed = true }
    }
    if failed { throw BenchFailure(description: "\(path): a write or fdatasync failed (\(String(cString: strerror(errno))))") }
    var disk = Figure(name: "(reference) this machine: a 4 KB write and fdatasync beside the store", samples: flushes,
                      target: "none: the machine's own speed", met: true)
    disk.reference = true
    return [cpu, disk]
}
