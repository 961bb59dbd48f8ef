import BarnkollCore
@testable import BarnkollStore
import Foundation
import Testing

/// File modes as the store sets them, for any account (the OS-account tests in BarnkollCLITests
/// cover several users and need root).
@Suite struct StoreFileModes {
    func mode(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : nil
    }

    @Test func aSetgidGroupWritableFolderSharesTheStoreWithItsGroup() throws {
        let folder = TemporaryFolder()
        let shared = folder.file("team")
        // Our own primary group stands in for a team's: chmod 2770 on a folder one owns needs no privilege.
        #expect(mkdir(shared, 0o700) == 0 && chmod(shared, 0o2770) == 0)
        let path = shared + "/barnkoll.sqlite"
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(mode(path) == 0o660)
        #expect(mode(path + ".lock") == 0o660)
        #expect(mode(path + "-wal") == 0o660)
        #expect(mode(path + "-shm") == 0o660)
        _ = store
    }

    @Test func withoutTheSetgidBitTheStoreStaysPrivate() throws {
        let folder = TemporaryFolder()
        let plain = folder.file("plain")
        #expect(mkdir(plain, 0o700) == 0 && chmod(plain, 0o770) == 0)
        let path = plain + "/barnkoll.sqlite"
        _ = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(mode(path) == 0o600)
        #expect(mode(path + ".lock") == 0o600)
    }

    @Test func aStoreReadableByOthersIsRefusedAndLeftAsItIs() throws {
        let folder = TemporaryFolder()
        let path = folder.file("store/barnkoll.sqlite")
        do { _ = try SQLiteStore.open(path: path, kind: .real, account: "anna") }
        #expect(chmod(path, 0o604) == 0)
        let before = FileManager.default.contents(atPath: path)
        #expect {
            _ = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        } throws: { error in
            guard case StoreError.cannotOpen(path, _) = error else { return false }
            return "\(error)".contains("mode 0604") && "\(error)".contains("chmod o-rwx \(path)")
        }
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(mode(path) == 0o604)
        #expect(mode(path + "-wal") == nil)
    }

    @Test func anEmptyFileBecomesAStoreWithTheModeANewOneGets() throws {
        let folder = TemporaryFolder()
        let path = folder.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644])
        _ = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(mode(path) == 0o600)
    }
}
