/// One input event: a key, a paste, a resize or a tick of the clock.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter
    case tab
    case backTab
    case escape
    case up, down, left, right
    case wordLeft, wordRight
    case home, end
    case pageUp, pageDown
    case backspace
    case delete
    case deleteWordBack
    /// Ctrl and a letter, lowercase: `.control("q")`.
    case control(Character)
    case function(Int)
    /// A bracketed paste, newlines already normalised: it never moves on or submits.
    case paste(String)
    case resize
}
