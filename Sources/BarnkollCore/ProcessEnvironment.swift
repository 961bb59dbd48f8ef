import Foundation

/// The process's environment, read once. Foundation's `ProcessInfo.environment` builds a new
/// dictionary of every variable on each call: sixteen calls were a fifth of the instructions
/// to the first drawn home screen (docs/benchmarks-history.md, "Start-up: the environment read
/// once"). Nothing in barnkoll changes its own environment.
public enum ProcessEnvironment {
    public static let values: [String: String] = ProcessInfo.processInfo.environment
}
