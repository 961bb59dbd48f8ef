import Foundation
import Testing

/// libpq is loaded with dlopen only when the store is PostgreSQL, so a host without `libpq5` runs
/// the SQLite store as before and is told in one line what to install for PostgreSQL. The library
/// is taken away for real: in a mount namespace of its own, the file is covered by /dev/null (the
/// library missing) or by another shared library (the library there, its functions not).
@Suite(.tags(.faults), .enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
                "needs root and unshare(1) to hide libpq in a mount namespace"))
struct MissingLibPQ {
    /// Where the dynamic loader finds libpq.so.5 on this host, with its links resolved; nil when
    /// it is not installed, which is already the case the test wants.
    static let installed = loaderPath("libpq.so.5")
    /// libc is always there and is a shared library with none of libpq's functions.
    static let libc = loaderPath("libc.so.6")

    static func loaderPath(_ soname: String) -> String? {
        let listing = OSAccounts.execute(["/sbin/ldconfig", "-p"], environment: [:], directory: "/").stdout
        guard let line = listing.split(separator: "\n").first(where: { $0.contains(soname + " ") }),
              let path = line.components(separatedBy: " => ").last else { return nil }
        return URL(fileURLWithPath: String(path)).resolvingSymlinksInPath().path
    }

    /// barnkoll with `cover` bind-mounted over libpq for this one process.
    func barnkoll(covering cover: String, _ arguments: [String]) -> CLI.Result {
        let environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]
        guard let library = Self.installed else {
            return OSAccounts.execute([CLI.binary] + arguments, environment: environment, directory: "/")
        }
        let script = "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\""
        return OSAccounts.execute(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script,
                                   "sh", cover, library, CLI.binary] + arguments,
                                  environment: environment, directory: "/")
    }

    @Test func aMissingLibraryIsNamedWithItsPackage() {
        let result = barnkoll(covering: "/dev/null", ["list", "--store", "postgresql:///barnkoll?host=/nonexistent"])
        #expect(result.status == 1)
        #expect(result.stderr == "barnkoll: PostgreSQL-lagret: libpq.so.5 saknas; installera paketet libpq5 (apt-get install libpq5)\n", "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(.enabled(if: installed != nil, "libpq5 is not installed here"))
    func aLibraryWithoutItsFunctionsIsNamedToo() throws {
        let libc = try #require(Self.libc)
        let result = barnkoll(covering: libc, ["list", "--store", "postgresql:///barnkoll?host=/nonexistent"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("libpq.so.5 saknar PQ") && result.stderr.contains("libpq5"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    /// The SQLite store never loads libpq: it works on a host without it.
    @Test func theSQLiteStoreNeedsNoLibPQ() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nolibpq-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ["--store", folder + "/barnkoll.sqlite"]
        let filled = barnkoll(covering: "/dev/null", ["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers] + store)
        #expect(filled.status == 0, "\(filled.stderr)")
        let listed = barnkoll(covering: "/dev/null", ["list"] + store)
        #expect(listed.status == 0 && listed.stdout.contains("BKA-"), "\(listed.stderr)")
    }
}
