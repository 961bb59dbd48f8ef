import CNcursesw
import Foundation

public enum TerminalError: Error, Sendable, CustomStringConvertible {
    case notATerminal
    case dumb
    case unknown(String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input or output is not a terminal; use the commands (see barnkoll --help) or --plain"
        case .dumb: "TERM=dumb cannot draw a full screen; use the commands (see barnkoll --help) or --plain"
        case .unknown(let term): "the terminal type TERM=\(term) is unknown here; try TERM=xterm-256color, or use --plain"
        }
    }
}

/// How styles become colours and attributes on screen.
public enum Theme: String, Sendable, CaseIterable {
    case standard = "default"
    /// Bright text on black, no dimmed text, every coloured role bold as well: for low vision and
    /// glare. Without colours (NO_COLOR) the attributes still change.
    case highContrast = "high-contrast"
}

/// The one place that calls ncurses. Everything runs on the thread that created it.
public final class NcursesBackend: Backend {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let colors: Bool
    private let theme: Theme
    private var stopped = false

    static let pasteStart: Int32 = 0o1001
    static let pasteEnd: Int32 = 0o1002
    static let controlLeft: Int32 = 0o1003
    static let controlRight: Int32 = 0o1004
    static let controlBackspace: Int32 = 0o1005

    /// Starts curses, or says in one line why it cannot (no tty, dumb or unknown TERM).
    public static func start(noColor: Bool, theme: Theme = .standard) throws(TerminalError) -> NcursesBackend {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if term.isEmpty || term == "dumb" { throw .dumb }
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // newterm, unlike initscr, returns nil for an unknown TERM instead of exiting.
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
              let screen = newterm(nil, output, input)
        else { throw .unknown(term) }
        set_term(screen)
        guard let window = bk_stdscr() else {
            endwin()
            delscreen(screen)
            throw .unknown(term)
        }
        let backend = NcursesBackend(screen: screen, window: window, colors: !noColor && has_colors(), theme: theme)
        backend.setUp()
        return backend
    }

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, colors: Bool, theme: Theme) {
        self.screen = screen
        self.window = window
        self.colors = colors
        self.theme = theme
    }

    private func setUp() {
        raw()               // Ctrl-Q, Ctrl-S and Ctrl-C reach us as keys
        noecho()
        keypad(window, true)
        set_escdelay(25)
        define_key("\u{1B}[200~", Self.pasteStart)
        define_key("\u{1B}[201~", Self.pasteEnd)
        define_key("\u{1B}[1;5D", Self.controlLeft)
        define_key("\u{1B}[1;5C", Self.controlRight)
        define_key("\u{1B}[127;5u", Self.controlBackspace)
        if colors {
            start_color()
            use_default_colors()
            switch theme {
            case .standard:
                init_pair(1, Int16(COLOR_CYAN), -1)
                init_pair(2, Int16(COLOR_YELLOW), -1)
                init_pair(3, Int16(COLOR_RED), -1)
                init_pair(4, Int16(COLOR_GREEN), -1)
                init_pair(5, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
            case .highContrast:
                // Fixed black background: the user's own (perhaps grey) background could lower the contrast.
                init_pair(1, Int16(COLOR_CYAN), Int16(COLOR_BLACK))
                init_pair(2, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
                init_pair(3, Int16(COLOR_WHITE), Int16(COLOR_RED))
                init_pair(4, Int16(COLOR_GREEN), Int16(COLOR_BLACK))
                init_pair(5, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
                init_pair(6, Int16(COLOR_WHITE), Int16(COLOR_BLACK))
                wbkgdset(window, chtype(UInt32(bitPattern: COLOR_PAIR(6))))
            }
        }
        writeRaw("\u{1B}[?2004h")
        curs_set(1)
    }

    /// Writes around curses (bracketed paste on and off); curses has flushed its own output first.
    private func writeRaw(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDOUT_FILENO, &bytes, bytes.count)
    }

    public var size: (width: Int, height: Int) {
        (Int(bk_getmaxx(window)), Int(bk_getmaxy(window)))
    }

    public func draw(_ frame: Frame) {
        werase(window)
        for y in 0..<frame.height {
            var x = 0
            while x < frame.width {
                let style = frame[x, y].style
                var run = ""
                let start = x
                while x < frame.width && frame[x, y].style == style {
                    if let character = frame[x, y].character { run.append(character) }
                    x += 1
                }
                wattrset(window, attributes(style))
                mvwaddstr(window, Int32(y), Int32(start), run)
            }
        }
        wattrset(window, 0)
        if let cursor = frame.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ style: Style) -> Int32 {
        var value: Int32 = 0
        let high = theme == .highContrast
        // High contrast: dimmed text is hard to read, so it goes; every role stands out in bold.
        if style.bold || (high && style.role != .normal) { value |= bk_attr_bold() }
        if style.reverse { value |= bk_attr_reverse() }
        if style.underline { value |= bk_attr_underline() }
        if style.dim && !high { value |= bk_attr_dim() }
        if colors {
            let pair: Int32
            switch style.role {
            case .normal: pair = high ? 6 : 0
            case .accent: pair = 1
            case .warning: pair = 2
            case .error: pair = 3
            case .success: pair = 4
            case .training: pair = 5
            }
            value |= COLOR_PAIR(pair)
        }
        return value
    }

    public func read(timeout: Int) -> Key? {
        wtimeout(window, Int32(timeout))
        guard let key = readOne() else { return nil }
        if case .character(let character) = key, character == "\u{FFFF}" {
            return readPaste()
        }
        return key
    }

    /// One key; a paste start comes back as U+FFFF so the caller collects the paste.
    private func readOne() -> Key? {
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        let value = Int32(bitPattern: code)
        if result == KEY_CODE_YES {
            switch value {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_RESIZE: return .resize
            case Self.controlLeft: return .wordLeft
            case Self.controlRight: return .wordRight
            case Self.controlBackspace: return .deleteWordBack
            case Self.pasteStart: return .character("\u{FFFF}")
            case Self.pasteEnd: return nil
            default:
                for number in 1...12 where value == bk_key_f(Int32(number)) { return .function(number) }
                return nil
            }
        }
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 23: return .deleteWordBack
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Collects a bracketed paste up to its end marker; its newlines never act as Enter.
    private func readPaste() -> Key {
        var text = ""
        wtimeout(window, 200)
        while true {
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            if result == ERR { break }
            let value = Int32(bitPattern: code)
            if result == KEY_CODE_YES {
                if value == Self.pasteEnd { break }
                if value == KEY_ENTER { text.append("\n") }
                continue
            }
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { text.unicodeScalars.append(scalar) }
        }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return .paste(normalized)
    }

    public func suspend() {
        writeRaw("\u{1B}[?2004l")
        endwin()
    }

    public func resume() {
        writeRaw("\u{1B}[?2004h")
        wrefresh(window)
        clearok(window, true)
    }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        writeRaw("\u{1B}[?2004l")
        endwin()
        delscreen(screen)
    }

    deinit { stop() }
}
