import ArgumentParser
import BarnkollCore
import BarnkollStore
import Foundation
import Terminal

enum Output {
    static func error(_ line: String) {
        StandardError.write("barnkoll: " + TextHygiene.forOutput(line, multiline: false) + "\n")
    }

    static func warning(_ line: String) {
        StandardError.write(TextHygiene.forOutput(line, multiline: false) + "\n")
    }

    /// Writes a file as exports must be written: temp file, fsync, rename, fsync the folder; 0600.
    static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically([Array(text.utf8)], to: path)
    }

    /// The same, for text made in parts (an export's CSV), written part by part without joining.
    static func writeAtomically(_ parts: [[UInt8]], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // Always a new file of our own (O_EXCL, O_NOFOLLOW, an unguessable name): nothing planted under
        // the name, a symlink to another file or a file of a laxer mode, is ever written through.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw CannotWrite(path: path, reason: SystemReason.of(errno)) }
        // In a shared group folder the group reads it too, as it does the store (the setgid bit
        // gives it the folder's group); set after opening, so no umask takes that away.
        fchmod(fd, StoreFiles.mode(forFileAt: path))
        var failed: Int32 = 0
        for part in parts where failed == 0 { failed = writeAll(fd, part) }
        guard failed == 0 else {
            close(fd)
            unlink(temporary)
            throw CannotWrite(path: path, reason: SystemReason.of(failed))
        }
        // errno taken at once: unlink would overwrite it.
        var code = fsync(fd) == 0 ? 0 : errno
        if close(fd) != 0 && code == 0 { code = errno }
        if code == 0 && rename(temporary, path) != 0 { code = errno }
        guard code == 0 else {
            unlink(temporary)
            throw CannotWrite(path: path, reason: SystemReason.of(code))
        }
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Text made in parts to standard output, part by part. A failed write (a full disk behind a
    /// redirection) is told, where `print` would have dropped it.
    static func writeStandardOutput(_ parts: [[UInt8]]) throws {
        for part in parts {
            let failed = writeAll(STDOUT_FILENO, part)
            guard failed == 0 else { throw CannotWrite(path: nil, reason: SystemReason.of(failed)) }
        }
    }
}
