import Foundation

/// Standard error as every program of barnkoll's writes to it: a line no one is there to read is
/// let go. After an ssh hang-up the terminal is gone, and `FileHandle.write(_:)` (the one that
/// does not throw) traps on the error; it did, on every hang-up, before this was the one way.
public enum StandardError {
    public static func write(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
