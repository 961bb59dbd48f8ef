/// One problem in a file a person wrote, with where it is: `FILE:LINE:COL: message`, said in both
/// languages; the front end picks the user's (`text`). Words quoted from the file, or libyaml's own
/// about its syntax, stay as they are in both.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var words: Localized

    /// A problem already worded in the user's language (an answers file's reader knows it).
    public init(file: String, line: Int, column: Int, message: String) {
        self.init(file: file, line: line, column: column, words: Localized(sv: message, en: message))
    }

    public init(file: String, line: Int, column: Int, words: Localized) {
        self.file = file
        self.line = line
        self.column = column
        self.words = words
    }

    /// A file that is not there, or not readable.
    public static let cannotRead = Localized(sv: "filen kan inte läsas (finns den?)", en: "cannot read the file (does it exist?)")

    /// The message in English, as logs and tests read it.
    public var message: String { words.text(.en) }

    /// `FILE:LINE:COL: message` in `language`, on one line.
    public func text(_ language: Language) -> String {
        TextHygiene.forOutput("\(file):\(line):\(column): \(words.text(language))", multiline: false)
    }

    public var description: String { text(.en) }
}

/// Every problem found in one or more files; loading stops only after collecting them all.
public struct Problems: Error, Sendable, CustomStringConvertible {
    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
