import Foundation

/// Whether terminfo describes a terminal type, asked without starting curses, so the program can
/// choose plain mode before anything is drawn.
public enum TerminalInfo {
    /// The folders ncurses searches, in its order: $TERMINFO, ~/.terminfo, $TERMINFO_DIRS, then the system's.
    static func directories(_ environment: [String: String]) -> [String] {
        var folders: [String] = []
        if let own = environment["TERMINFO"], !own.isEmpty { folders.append(own) }
        if let home = environment["HOME"], !home.isEmpty { folders.append(home + "/.terminfo") }
        if let list = environment["TERMINFO_DIRS"] {
            folders += list.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        }
        return folders + ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo",
                          "/usr/local/share/terminfo", "/opt/homebrew/share/terminfo"]
    }

    public static func knows(_ term: String, environment: [String: String]) -> Bool {
        guard let first = term.first, !term.contains("/"), term != "." , term != ".." else { return false }
        let letter = String(first)
        // Linux files terminals under their first letter, macOS under its hex code.
        let code = first.asciiValue ?? 0
        let hex = (code < 16 ? "0" : "") + String(code, radix: 16)
        return directories(environment).contains { folder in
            [letter, hex].contains { FileManager.default.fileExists(atPath: "\(folder)/\($0)/\(term)") }
        }
    }
}
