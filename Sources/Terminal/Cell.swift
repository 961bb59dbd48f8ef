/// What a cell looks like. State is never shown by colour alone: every role has an attribute too.
public struct Style: Sendable, Hashable {
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
    public var role: Role = .normal

    public enum Role: Sendable, Hashable {
        case normal, accent, warning, error, success, training
    }

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false, role: Role = .normal) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.role = role
    }

    public static let normal = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let selected = Style(bold: true, reverse: true)
    public static let warning = Style(bold: true, role: .warning)
    public static let error = Style(bold: true, role: .error)
    public static let success = Style(role: .success)
    public static let accent = Style(bold: true, role: .accent)
}

public struct Cell: Sendable, Hashable {
    /// A character that takes two columns is followed by a continuation cell with `character == nil`.
    public var character: Character?
    public var style: Style

    public init(_ character: Character? = " ", style: Style = .normal) {
        self.character = character
        self.style = style
    }
}
