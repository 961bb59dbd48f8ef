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
        let text = withoutFarSuggestion(Barnkoll.fullMessage(for: error))
        return language == .sv ? UsageWords.swedish(text) : text
    }

    /// ArgumentParser suggests its nearest option however far it is (`note ID --kind x`: "Did you
    /// mean '--lang'?"); only one close enough to be a slip is kept, as for a command's name.
    static func withoutFarSuggestion(_ text: String) -> String {
        guard let match = text.firstMatch(of: /Unknown option '--([^']+)'\. Did you mean '--([^']+)'\?/) else { return text }
        let (typed, suggested) = (String(match.output.1), String(match.output.2))
        if Arguments.nearest(typed, in: [suggested]) != nil { return text }
        return text.replacingCharacters(in: match.range, with: "Unknown option '--\(typed)'")
    }
}

extension ArgumentHelp {
    /// An option's help in Swedish and English.
    static func t(_ sv: String, _ en: String) -> ArgumentHelp { ArgumentHelp(Help.t(sv, en)) }
}

/// What an option's value is called in help and usage mistakes ("--store <fil>", "<path>"), in
/// the run's language.
struct ValueName: Sendable {
    let sv: String
    let en: String

    static let store = ValueName(sv: "fil", en: "path")
    static let folder = ValueName(sv: "mapp", en: "dir")
    static let file = ValueName(sv: "fil", en: "file")
    static let files = ValueName(sv: "filer", en: "files")
    static let analysis = ValueName(sv: "id", en: "id")
    static let date = ValueName(sv: "ÅÅÅÅ-MM-DD", en: "YYYY-MM-DD")
    static let year = ValueName(sv: "ÅÅÅÅ", en: "YYYY")
    static let unit = ValueName(sv: "enhet", en: "unit")
    static let account = ValueName(sv: "konto", en: "account")
    static let accountMap = ValueName(sv: "gammalt=nytt", en: "old=new")
    static let role = ValueName(sv: "roll", en: "role")
    static let reason = ValueName(sv: "skäl", en: "reason")
    static let ground = ValueName(sv: "grund", en: "ground")
    static let rule = ValueName(sv: "regel", en: "rule")
    static let comment = ValueName(sv: "kommentar", en: "comment")
    static let itemComment = ValueName(sv: "FRÅGA:TEXT", en: "ITEM:TEXT")
    static let item = ValueName(sv: "fråga", en: "item")
    static let checklist = ValueName(sv: "checklista", en: "checklist")
    static let caseRef = ValueName(sv: "ärende", en: "case")
    static let trainingCase = ValueName(sv: "fall", en: "case")
    static let code = ValueName(sv: "kod", en: "code")
    static let pseudonym = ValueName(sv: "pseudonym", en: "pseudonym")
    static let child = ValueName(sv: "barn", en: "child")
    static let kind = ValueName(sv: "slag", en: "kind")
    static let outcome = ValueName(sv: "utfall", en: "outcome")
    static let words = ValueName(sv: "ord", en: "words")
    static let limit = ValueName(sv: "antal", en: "limit")
    static let name = ValueName(sv: "namn", en: "name")
    static let oldName = ValueName(sv: "gammalt", en: "old")
    static let newName = ValueName(sv: "nytt", en: "new")
    static let text = ValueName(sv: "text", en: "text")
    static let earlier = ValueName(sv: "från", en: "from")
    static let later = ValueName(sv: "till", en: "to")
    static let theme = ValueName(sv: "tema", en: "theme")
}

extension ArgumentHelp {
    /// An option's help in Swedish and English, with its value's name.
    static func t(_ sv: String, _ en: String, value: ValueName) -> ArgumentHelp {
        ArgumentHelp(Help.t(sv, en), valueName: Help.t(value.sv, value.en))
    }
}
