import ArgumentParser
import BarnkollCore
import Foundation
import Terminal

extension Language: ExpressibleByArgument {}

extension Theme: ExpressibleByArgument {}

/// Whole numbers the command line takes, refused with what to write instead of ArgumentParser's
/// bare "the value is invalid".
enum WholeNumber {
    /// `--limit N`: from 1 (0 listed nothing and said "Inga analyser.").
    static func limit(_ text: String) throws -> Int {
        guard let count = Int(text), count >= 1 else { throw ValidationError(Messages.ofCommandLine.notALimit) }
        return count
    }

    /// `--year YYYY`.
    static func year(_ text: String) throws -> Int {
        guard text.count == 4, let year = Int(text), (1900...9999).contains(year) else { throw ValidationError(Messages.ofCommandLine.notAYear) }
        return year
    }
}

/// `barnkoll admin`: roles. The account that creates a store is its first admin.
extension Role: ExpressibleByArgument {}
