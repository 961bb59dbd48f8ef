import BarnkollCore
import Foundation
import Terminal

/// Text that could not be saved when the caseworker left (a full disk, a store that refused):
/// kept in a file only they can read, in the answers format `barnkoll fill --into` reads back.
public enum RecoveryFile {
    /// `$XDG_STATE_HOME/barnkoll/recovery`, or `~/.local/state/barnkoll/recovery`: private to the
    /// account, never beside a shared store.
    public static var folder: String {
        let environment = ProcessEnvironment.values
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return state + "/barnkoll/recovery"
    }

    /// Writes `answers` of analysis `id` to a new file (0600, in a 0700 folder); returns its path.
    /// Cleared answers are not text to lose and are left out.
    public static func write(_ answers: Answers, of id: String, at time: Date, in folder: String = folder) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // A folder made before by someone else, or open to others, is not used for a child's words.
        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        guard (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == geteuid(),
              ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777) & 0o077 == 0 else {
            throw POSIXError(.EACCES)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeID = String(id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" ? Character($0) : "_" })
        var path = "\(folder)/\(safeID)-\(formatter.string(from: time)).json"
        var attempt = 1
        while FileManager.default.fileExists(atPath: path) {
            attempt += 1
            path = "\(folder)/\(safeID)-\(formatter.string(from: time))-\(attempt).json"
        }
        let text = CanonicalJSON.encode(answers, fallback: "{}") + "\n"
        // O_EXCL: never through a name someone planted; 0600 from the start.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var failed = writeAll(descriptor, Array(text.utf8))
        if failed == 0 && fsync(descriptor) != 0 { failed = errno }
        guard failed == 0 else {
            unlink(path)
            throw POSIXError(POSIXErrorCode(rawValue: failed) ?? .EIO)
        }
        return path
    }
}
