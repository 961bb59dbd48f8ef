import Testing

/// The slow suites, tagged so the fast ones can run alone (docs/testing.md#fast-and-slow).
extension Tag {
    /// Runs barnkoll in a real terminal, tmux.
    @Tag static var tmux: Self
    /// Breaks things on purpose: full disks, read-only mounts, killed processes, damaged files, a missing libpq.
    @Tag static var faults: Self
    /// Runs barnkoll as real OS accounts (needs root).
    @Tag static var osAccounts: Self
}
