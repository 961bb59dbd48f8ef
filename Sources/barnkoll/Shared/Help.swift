import ArgumentParser
import BarnkollCore
import Foundation

/// The words of `--help`: each command's description and each option's help in both languages,
/// where it is declared. The language is fixed once per run, from the command line as typed (its
/// `--lang`) or the locale, since ArgumentParser reads the descriptions before any parse.
/// ArgumentParser's own words (headings, usage mistakes) are put in Swedish by `UsageWords`.
enum Help {
    static let language = GlobalOptions.language(of: Array(CommandLine.arguments.dropFirst()))

    static func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    /// ArgumentParser's message for a help request or a usage mistake, in the language of the run.
    static func message(for error: any Error) -> String {
        let text = Barnkoll.fullMessage(for: error)
        return language == .sv ? UsageWords.swedish(text) : text
    }
}

extension ArgumentHelp {
    /// An option's help in Swedish and English.
    static func t(_ sv: String, _ en: String) -> ArgumentHelp { ArgumentHelp(Help.t(sv, en)) }
}
