import CTerminalGuard

/// The process-wide signal handling the terminal needs, installed before curses starts.
public enum Signals {
    /// Restores the terminal if our own code crashes (the backtrace still prints).
    public static func installCrashGuard() { bk_guard_install() }
    /// SIGTERM, SIGHUP (an ssh drop) and SIGINT only set a flag; the loop saves and exits.
    public static func watchTermination() { bk_watch_termination() }
    public static var termination: Int32 { bk_termination_signal() }
}
