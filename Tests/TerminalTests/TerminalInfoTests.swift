import Foundation
import Terminal
import Testing

/// Plain mode is chosen before curses starts, from what terminfo knows.
@Suite struct TerminalInfoLookup {
    @Test func knowsTheTerminalsInstalledHereAndNoOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("terminfo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/b/barnterm", contents: Data([0x1A, 0x01]))
        try FileManager.default.createDirectory(atPath: folder + "/62", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/62/bokterm", contents: Data([0x1A, 0x01]))
        let environment = ["TERMINFO": folder]
        #expect(TerminalInfo.knows("barnterm", environment: environment))
        #expect(TerminalInfo.knows("bokterm", environment: environment))      // macOS files it under the hex code
        #expect(!TerminalInfo.knows("no-such-terminal", environment: environment))
        #expect(!TerminalInfo.knows("", environment: environment))
        #expect(!TerminalInfo.knows("../b/barnterm", environment: environment))
        #expect(TerminalInfo.knows("barnterm", environment: ["TERMINFO_DIRS": "/nowhere:" + folder]))
        let system = ["/usr/share/terminfo/x/xterm", "/lib/terminfo/x/xterm", "/etc/terminfo/x/xterm"]
        if system.contains(where: FileManager.default.fileExists(atPath:)) {
            #expect(TerminalInfo.knows("xterm", environment: [:]))
        }
    }
}
