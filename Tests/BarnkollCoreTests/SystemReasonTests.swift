import BarnkollCore
import Foundation
import Testing

/// The system's reason for a failed call, in the reader's language: glibc says it in English (or in
/// the process's locale), whatever `--lang` asked for.
@Suite struct SystemReasons {
    @Test func theCommonReasonsAreSaidInBothLanguages() {
        #expect(SystemReason.of(ENOENT) == Localized(sv: "filen eller mappen finns inte", en: "no such file or folder"))
        #expect(SystemReason.of(EACCES).sv == "behörighet saknas")
        #expect(SystemReason.of(ENOSPC).text(.en) == "no space left on the disk")
        for code in [ENOENT, ENOTDIR, EACCES, EPERM, EROFS, ENOSPC, EDQUOT, EEXIST, EISDIR, ENAMETOOLONG, ELOOP, EIO, EMFILE, EBUSY, EXDEV] {
            let reason = SystemReason.of(code)
            #expect(reason.sv != reason.text(.en) && !reason.sv.contains("systemfel"), "\(code)")
        }
    }

    @Test func aRareReasonKeepsTheSystemsWordsAndItsNumber() {
        let reason = SystemReason.of(ENOTSOCK)
        #expect(reason.sv.hasPrefix("systemfel \(ENOTSOCK): "))
        #expect(reason.text(.en) == String(cString: strerror(ENOTSOCK)))
    }

    /// Foundation's file calls throw their own errors around the `errno`; the reason is found inside.
    @Test func theReasonIsFoundInFoundationsErrors() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/barnkoll-test-reason-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data()))
        do {
            try FileManager.default.createDirectory(atPath: folder + "/file/below", withIntermediateDirectories: true)
            Issue.record("a folder was made below a file")
        } catch {
            #expect(SystemReason.of(error) == SystemReason.of(ENOTDIR) || SystemReason.of(error) == SystemReason.of(EEXIST),
                    "\(error)")
        }
        #expect(SystemReason.of(POSIXError(.EACCES)) == SystemReason.of(EACCES))
    }
}
