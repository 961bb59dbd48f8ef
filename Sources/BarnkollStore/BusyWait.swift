import Foundation
import GRDB

/// How a connection waits while another process holds the store's write lock.
///
/// SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms
/// between tries. A save holds the lock for about a millisecond, so a writer that lost one race
/// slept on long after the lock was free: with 32 writers the slowest saves waited for those
/// steps, not for the lock. Here the sleeps start at a tenth of a millisecond and stop growing
/// at two, and the whole wait still lasts at least ten seconds before the store says it is busy.
enum BusyWait {
    /// The first sleep and the longest, in microseconds.
    static let first: UInt32 = 100
    static let longest: UInt32 = 2_000
    /// How long a writer waits for the lock before giving up, in microseconds.
    static let patience: UInt64 = 10_000_000

    /// The sleep before try `tries + 1`: doubling from `first`, at most `longest`.
    static func sleep(afterTries tries: Int) -> UInt32 {
        tries >= 5 ? longest : min(longest, first << UInt32(tries))
    }

    /// Tries before giving up: enough that their sleeps add up to `patience`.
    static let tries: Int = {
        var slept: UInt64 = 0
        var count = 0
        while slept < patience {
            slept += UInt64(sleep(afterTries: count))
            count += 1
        }
        return count
    }()

    static let mode: Database.BusyMode = .callback { tries in
        guard tries < BusyWait.tries else { return false }
        usleep(sleep(afterTries: tries))
        return true
    }
}
