/// One problem in a file a person wrote, with where it is: `FILE:LINE:COL: message`.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        TextHygiene.forOutput("\(file):\(line):\(column): \(message)", multiline: false)
    }
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
