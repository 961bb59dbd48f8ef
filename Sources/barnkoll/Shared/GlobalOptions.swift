import ArgumentParser
import BarnkollCore
import Foundation
import Terminal

/// Options every command takes (but `stats`, which takes `RealStoreOptions`: no --training).
/// The front end's own, --plain and --theme, are `ScreenOptions`, on the commands that show it.
struct GlobalOptions: ParsableArguments, StoreOptions {
    @OptionGroup var real: RealStoreOptions

    var store: String? { real.store }
    var checklists: String? { real.checklists }
    var lang: Language? { real.lang }

    @Flag(help: ArgumentHelp(Help.t("Använd övningslagret (ÖVNING): barnkoll-training.sqlite bredvid det riktiga, eller filen som --store anger.", "Use the training store (ÖVNING): barnkoll-training.sqlite beside the real one, or the file --store names.")))
    var training = false
}

/// The options every command takes, as values, and what follows from them: which store, which
/// checklists, which language. Parsed they are `GlobalOptions` (or `RealStoreOptions`);
/// `barnkoll` alone takes `NoOptions` and makes none of ArgumentParser's wrappers, which took a
/// tenth of a start.
protocol StoreOptions {
    var store: String? { get }
    var checklists: String? { get }
    var lang: Language? { get }
    var training: Bool { get }
}

extension StoreOptions {
    var environment: [String: String] { ProcessEnvironment.values }

    /// The command line's words in the reader's language.
    var words: Messages { Messages(language) }

    var language: Language { Self.language(option: lang, environment: environment) }

    /// `--lang`, else the locale's language (Swedish when unsure).
    static func language(option: Language?, environment: [String: String]) -> Language {
        if let option { return option }
        return Language.fromLocale(environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"])
    }

    /// The language of a command line not yet parsed: its `--lang`, if it has a known one.
    static func language(of arguments: [String]) -> Language {
        var option: Language?
        for (index, word) in arguments.enumerated() {
            if word == "--" { break }
            if word.hasPrefix("--lang=") { option = Language(rawValue: String(word.dropFirst(7))) ?? option }
            if word == "--lang", index + 1 < arguments.count { option = Language(rawValue: arguments[index + 1]) ?? option }
        }
        return language(option: option, environment: ProcessEnvironment.values)
    }

    var storePath: String { Self.storePath(option: store, environment: environment) }

    /// The real store: `--store`, else BARNKOLL_STORE, else the data folder's.
    static func storePath(option store: String?, environment env: [String: String]) -> String {
        if let store { return store }
        if let path = env["BARNKOLL_STORE"], !path.isEmpty { return path }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/barnkoll/barnkoll.sqlite"
    }

    var checklistDirectories: [URL] { Self.checklistDirectories(option: checklists, environment: environment) }

    static func checklistDirectories(option: String?, environment: [String: String]) -> [URL] {
        var directories: [URL] = []
        if let shipped = ChecklistCatalog.shippedDirectory() { directories.append(shipped) }
        if let own = option ?? environment["BARNKOLL_CHECKLISTS"].flatMap({ $0.isEmpty ? nil : $0 }) {
            directories.append(URL(fileURLWithPath: own))
        }
        return directories
    }

    /// A note for the reader on standard error, one line in their language (an id renumbered by an import).
    func note(_ line: Localized) { Output.warning(line.text(language)) }

    func catalog() throws -> ChecklistCatalog {
        let directories = checklistDirectories
        if directories.isEmpty { throw CatalogError.shippedNotFound }
        return try ChecklistCatalog.load(directories: directories)
    }

    /// `creating`: only the commands that begin work make a store where there is none (the front
    /// end's home, `new`, `fill`, granting a role, starting a workshop). Every other one refuses,
    /// so a mistyped path is never answered from a new, empty store (`verify` saying all is well).
    /// The kind of store the options name.
    var storeKind: StoreKind { training ? .training : .real }

    func openStore(creating: Bool = false) throws -> any CaseworkStore {
        try openStoreSayingIfMade(creating: creating).store
    }

    /// Opens the store; one that `creating` made just now is said on standard error, and returned
    /// for the front end's first screen: a mistyped --store would otherwise begin work in a new,
    /// empty store without a word, and a newcomer learns where their records are kept.
    func openStoreSayingIfMade(creating: Bool = false) throws -> (store: any CaseworkStore, made: String?) {
        if training { return try openTrainingStoreSayingIfMade(creating: creating) }
        try refuseMissing(storePath, creating: creating, training: false)
        return try sayingIfMade(storePath, training: false, creating: creating) { try StoreOpening.open(storePath, kind: .real) }
    }

    func sayingIfMade(_ path: String, training: Bool, creating: Bool,
                      _ open: () throws -> any CaseworkStore) throws -> (store: any CaseworkStore, made: String?) {
        let missing = creating && Self.isMissing(path)
        let store = try open()
        guard missing else { return (store, nil) }
        let made = words.storeMade(path, training: training)
        Output.warning(made)
        return (store, made)
    }

    /// A store file that is not there yet (a database is never made by opening it).
    static func isMissing(_ path: String) -> Bool {
        var status = stat()
        return !StoreOpening.isDatabase(path) && stat(path, &status) != 0 && errno == ENOENT
    }

    func refuseMissing(_ path: String, creating: Bool, training: Bool) throws {
        var status = stat()
        guard !creating, !StoreOpening.isDatabase(path) else { return }
        guard stat(path, &status) == 0 else {
            // Only a path that is not there: a folder the account cannot enter is the store's own checks' to explain.
            guard errno == ENOENT || errno == ENOTDIR else { return }
            throw Failure(words.noStore(path, training: training))
        }
        // An emptied file is no store to read: made anew, `verify` would say all is well.
        if status.st_mode & S_IFMT == S_IFREG && status.st_size == 0 {
            throw Failure(words.emptyStore(path))
        }
    }
}

/// `barnkoll` alone: no option given, so the environment decides each.
struct NoOptions: StoreOptions, ScreenChoices {
    let store: String? = nil
    let checklists: String? = nil
    let lang: Language? = nil
    let training = false
    let plain = false
    let theme: Theme? = nil
}
