import Foundation

/// Where plain mode reads its lines: standard input in the program, an array in tests.
public protocol LineInput: AnyObject {
    /// The next line without its line break; nil at the end of the input or after an interrupt.
    func readLine() -> String?
}

/// Where plain mode writes: standard output in the program, a string in tests.
public protocol LineOutput: AnyObject {
    func write(_ text: String)
}

/// Lines given in advance, as a pipe would give them.
public final class LinesInput: LineInput {
    public private(set) var lines: [String]
    /// Called when the lines run out, before the end is reported (tests look at the store then).
    public var onEnd: (() -> Void)?

    public init(_ lines: [String]) {
        self.lines = lines
    }

    public func readLine() -> String? {
        if lines.isEmpty {
            onEnd?()
            onEnd = nil
            return nil
        }
        return lines.removeFirst()
    }
}

/// Everything written, kept as one string.
public final class TextOutput: LineOutput {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) { self.text += text }
}

/// Standard input with readLine's semantics (a last line without a line break still counts, a
/// CR before the LF goes), read with read(2) rather than `readLine()`: a signal handler that only
/// sets a flag interrupts read(2) with EINTR, so Ctrl-C ends the wait instead of being noticed
/// only at the next Enter.
public final class StandardInput: LineInput {
    let interrupted: () -> Bool
    var buffer: [UInt8] = []
    var ended = false

    public init(interrupted: @escaping () -> Bool) {
        self.interrupted = interrupted
    }

    public func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            if interrupted() { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count > 0 {
                buffer += chunk[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                ended = true
            }
        }
    }
}

/// Writes all of `bytes` to `descriptor` with write(2), again after a signal interrupts it.
/// Returns 0, or the errno of the failure (EIO when nothing could be written).
public func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
    var written = 0
    while written < bytes.count {
        let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return result < 0 ? errno : EIO }
        written += result
    }
    return 0
}

/// Standard output written at once with write(2): a prompt must show before we wait for its answer,
/// and a pipe would otherwise hold it in a buffer.
public final class StandardOutput: LineOutput {
    public init() {}

    public func write(_ text: String) {
        _ = writeAll(STDOUT_FILENO, Array(text.utf8))
    }
}
