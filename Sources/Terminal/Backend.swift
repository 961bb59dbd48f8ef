/// Draws frames and reads keys. The ncurses backend is the only code that talks to the terminal;
/// the memory backend runs the same screens in tests.
public protocol Backend: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ frame: Frame)
    /// The next event, or nil when none came within `timeout` milliseconds.
    func read(timeout: Int) -> Key?
    /// Gives the terminal back for a while (to run an editor), then takes it again.
    func suspend()
    func resume()
    func stop()
}

/// A backend in memory: scripted keys in, frames out.
public final class MemoryBackend: Backend {
    public var size: (width: Int, height: Int)
    public private(set) var frames: [Frame] = []
    public var keys: [Key]
    /// Called when the script runs dry; the app treats nil as a quiet tick.
    public var onIdle: (() -> Void)?

    public init(width: Int, height: Int, keys: [Key] = []) {
        size = (width, height)
        self.keys = keys
    }

    public var lastFrame: Frame? { frames.last }

    public func draw(_ frame: Frame) {
        frames.append(frame)
        if frames.count > 8 { frames.removeFirst(frames.count - 8) }
    }

    public func read(timeout: Int) -> Key? {
        if keys.isEmpty {
            onIdle?()
            return nil
        }
        return keys.removeFirst()
    }

    public func suspend() {}
    public func resume() {}
    public func stop() {}
}
