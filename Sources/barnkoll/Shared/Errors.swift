import ArgumentParser
import BarnkollCore
import Foundation

/// A refusal or a user's mistake of the command line's own, already in the reader's language
/// (its words from `Messages`): one line on stderr, exit 1, never a stack trace.
struct Failure: Error, CustomStringConvertible {
    var description: String
    var details: [String]

    init(_ message: String, details: [String] = []) {
        self.description = message
        self.details = details
    }
}

/// An error that reaches the top of the program, told there in the reader's language: its first
/// line after "barnkoll: ", any others below it, exit 1. Commands throw; only `Main` prints.
protocol Told: Error {
    func lines(_ language: Language) -> [String]
}

extension Failure: Told {
    func lines(_ language: Language) -> [String] { [description] + details }
}

extension StoreError: Told {
    func lines(_ language: Language) -> [String] { [message(language)] }
}

extension CatalogError: Told {
    func lines(_ language: Language) -> [String] { [message(language)] }
}

extension CaseError: Told {
    func lines(_ language: Language) -> [String] { [message(language)] }
}

/// Problems in files, each `FILE:LINE:COL: message`: the first `shown`, then how many more (a file
/// of a million unknown keys is not a million lines on the terminal).
extension Problems: Told {
    static let shown = 20

    func lines(_ language: Language) -> [String] {
        guard !problems.isEmpty else { return [description] }
        let more = problems.count - Self.shown
        return problems.prefix(Self.shown).map { $0.text(language) } + (more > 0 ? [Messages(language).moreProblems(more)] : [])
    }
}

/// A file that could not be written, with the system's reason; no path: standard output.
struct CannotWrite: Told {
    var path: String?
    var reason: Localized

    func lines(_ language: Language) -> [String] {
        let reason = reason.text(language)
        return [path.map { Messages(language).cannotWrite($0, reason) } ?? Messages(language).cannotWriteStandardOutput(reason)]
    }
}
