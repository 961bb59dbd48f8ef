import BarnkollCore
import Foundation
import Testing

/// Rules of the code a reviewer would otherwise have to remember, held over every source file.
struct SourceRules {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift source file, by its path under Sources.
    static func swiftFiles() throws -> [(path: String, text: String)] {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map { path in
            (path, try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8))
        }
    }

    /// `FileHandle.write(_:)` traps when the terminal has gone (an ssh hang-up crashed barnkoll so):
    /// standard error is written through `StandardError.write`, which lets the line go.
    @Test func standardErrorIsWrittenOnlyThroughStandardError() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100)
        let writers = files.filter { $0.text.contains("FileHandle.standardError") }.map(\.path)
        #expect(writers == ["BarnkollCore/StandardError.swift"])
        let trapping = files.filter { $0.text.contains(".write(Data(") }.map(\.path)
        #expect(trapping.isEmpty)
    }

    /// No `try!` and no `fatalError` anywhere: errors are typed and told to people.
    @Test func nothingTrapsOnAnError() throws {
        let offending = try Self.swiftFiles().filter { $0.text.contains("try!") || $0.text.contains("fatalError(") }.map(\.path)
        #expect(offending.isEmpty)
    }
}
