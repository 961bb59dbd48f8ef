// swift-tools-version: 6.1
import PackageDescription

// barnkoll is released statically linked: loading Foundation's shared libraries (ICU above all) was
// half of its start-up (docs/benchmarks.md); the bench's second yardstick is linked the same way.
// lld: GNU ld warns about a mktemp inside the static Foundation. Debug builds and tests stay dynamic.
let staticInRelease = (
    swift: [SwiftSetting.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
    linker: [LinkerSetting.unsafeFlags(["-static-stdlib", "-use-ld=lld"], .when(configuration: .release))]
)

let package = Package(
    name: "barnkoll",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "barnkoll", targets: ["barnkoll"]),
        .executable(name: "barnkoll-bench", targets: ["barnkoll-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "barnkoll",
            dependencies: [
                "BarnkollCore",
                "BarnkollStore",
                "BarnkollPostgres",
                "BarnkollTUI",
                "Terminal",
                "CTerminalGuard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: staticInRelease.swift,
            linkerSettings: staticInRelease.linker
        ),
        .executableTarget(
            name: "barnkoll-bench",
            dependencies: [
                "BarnkollCore",
                "BarnkollStore",
                "BarnkollPostgres",
                "BarnkollTUI",
                "Terminal",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "bench-minimal-curses", dependencies: ["CNcursesw"]),
        .executableTarget(name: "bench-minimal-foundation", dependencies: ["CNcursesw"],
                          swiftSettings: staticInRelease.swift, linkerSettings: staticInRelease.linker),
        // The checks the fuzzer and the property tests share, and the fuzzer itself (a corpus replayer
        // unless built with -sanitize=fuzzer -DFUZZING; see docs/testing.md, "Hostile input and fuzzing").
        .target(name: "BarnkollFuzz", dependencies: ["BarnkollCore"]),
        .executableTarget(name: "barnkoll-fuzz", dependencies: ["BarnkollCore", "BarnkollFuzz"]),
        // The manual page's command reference, generated from the commands (docs/barnkoll.1).
        .executableTarget(name: "barnkoll-manual", dependencies: ["BarnkollCore"]),
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "CTerminalGuard"),
        // One call SQLite offers only as a variadic function, which Swift cannot make.
        .target(name: "CSQLiteClose"),
        .target(name: "Terminal", dependencies: ["CNcursesw", "CTerminalGuard"]),
        .target(
            name: "BarnkollTUI",
            dependencies: ["Terminal", "BarnkollCore"]
        ),
        .target(
            name: "BarnkollCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "BarnkollStore",
            dependencies: [
                "BarnkollCore", "CSQLiteClose",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own column reads, for the one loop that reads 60,000 rows (indicators).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The PostgreSQL store: libpq is loaded with dlopen when it is used, never linked.
        .target(name: "BarnkollPostgres", dependencies: ["BarnkollCore"]),
        // What more than one test target uses (a syslog socket of the test's own).
        .target(name: "BarnkollTestSupport", path: "Tests/Support"),
        .testTarget(name: "BarnkollCoreTests", dependencies: ["BarnkollCore", "BarnkollFuzz"]),
        .testTarget(name: "BarnkollStoreTests", dependencies: ["BarnkollStore", "BarnkollCore", "BarnkollPostgres", "BarnkollTestSupport",
                                                             .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "BarnkollCLITests", dependencies: ["BarnkollCore", "BarnkollStore", "BarnkollTestSupport",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CTerminalGuard"]),
        .testTarget(
            name: "BarnkollTUITests",
            dependencies: ["BarnkollTUI", "Terminal", "BarnkollCore", "BarnkollStore", "BarnkollPostgres",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
