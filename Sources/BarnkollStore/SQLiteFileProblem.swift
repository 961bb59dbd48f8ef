import BarnkollCore
import Foundation

/// Why a file cannot be opened as a store: the SQLite adapter's own failures, which become
/// Core's `StoreError.cannotOpen` with these words.
enum SQLiteFileProblem {
    static func notOurs(path: String, why: String) -> StoreError {
        .cannotOpen(store: path, reason: "not a barnkoll store (\(why)); nothing was changed")
    }

    /// A store file every account on the host can read or write: refused, changing nothing.
    static func openToOthers(path: String, mode: Int) -> StoreError {
        let octal = String(mode, radix: 8)
        return .cannotOpen(store: path, reason: "refused: every account on this host can read or write this store file (mode "
            + String(repeating: "0", count: max(0, 4 - octal.count)) + octal + "); nothing was changed. Fix it with: chmod o-rwx \(path)")
    }

    /// A private store file (not in a folder shared with its group) that other members of its group can read or write.
    static func openToGroup(path: String, mode: Int, group: String) -> StoreError {
        let octal = String(mode, radix: 8)
        return .cannotOpen(store: path, reason: "refused: the other members of the group \(group) can read or write this store file (mode "
            + String(repeating: "0", count: max(0, 4 - octal.count)) + octal + "), and it is not in a folder shared with the group; "
            + "nothing was changed. Fix it with: chmod g-rwx \(path) (a store for a team belongs in a folder made with "
            + "install -d -m 2770 -g GROUP DIR)")
    }

    /// A path that is not a regular file: refused before anything opens it.
    static func notAFile(path: String, mode: mode_t) -> StoreError {
        let what = switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
        return .cannotOpen(store: path, reason: "not a store: it is \(what), and a store is a regular file; nothing was touched. "
            + "Name the store's file with --store or BARNKOLL_STORE")
    }

    /// This account cannot use a file or folder of the store; `why` names the cause and the command that fixes it.
    static func noAccess(path: String, why: String) -> StoreError {
        .cannotOpen(store: path, reason: why)
    }
}
