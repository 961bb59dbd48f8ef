import ArgumentParser
import BarnkollCore
import BarnkollStore
import Foundation
import Terminal

struct Barnkoll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barnkoll",
        abstract: Help.t("Barnchecklista och barnkonsekvensanalys för socialtjänsten.", "Barnchecklista och barnkonsekvensanalys för socialtjänsten / Child checklists and child impact analyses."),
        discussion: Help.t("""
        Varje svar sparas direkt i ett lager (SQLite eller PostgreSQL). Identiteten är kontot i \
        operativsystemet som kör barnkoll. Lager: --store, annars $BARNKOLL_STORE, annars \
        $XDG_DATA_HOME/barnkoll/barnkoll.sqlite, annars ~/.local/share/barnkoll/barnkoll.sqlite.
        """, """
        Every answer is saved at once to a local record store (SQLite). Identity is the operating-system \
        account running barnkoll. Store: --store, else $BARNKOLL_STORE, else \
        $XDG_DATA_HOME/barnkoll/barnkoll.sqlite, else ~/.local/share/barnkoll/barnkoll.sqlite.
        """),
        version: BarnkollVersion.string,
        subcommands: [
            Home.self, New.self, Open.self, Fill.self, Submit.self, Revise.self, Note.self, List.self, Show.self, Export.self,
            ReviewCommand.self, Checklists.self, Train.self, Admin.self, Stats.self, Verify.self, Backup.self, Purge.self,
        ],
        defaultSubcommand: Home.self
    )
}

enum BarnkollVersion {
    static let string = "0.1.0"
}

/// Options every command takes (but `stats`, which takes `RealStoreOptions`: no --training).
/// The front end's own, --plain and --theme, are `ScreenOptions`, on the commands that show it.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var real: RealStoreOptions

    var store: String? {
        get { real.store }
        set { real.store = newValue }
    }
    var checklists: String? { real.checklists }
    var lang: Language? { real.lang }

    @Flag(help: ArgumentHelp(Help.t("Använd övningslagret (ÖVNING): barnkoll-training.sqlite bredvid det riktiga, eller filen som --store anger.", "Use the training store (ÖVNING): barnkoll-training.sqlite beside the real one, or the file --store names.")))
    var training = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

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
        return language(option: option, environment: ProcessInfo.processInfo.environment)
    }

    var storePath: String {
        if let store { return store }
        let env = environment
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
        if training { return try openTrainingStore(creating: creating) }
        try refuseMissing(storePath, creating: creating, training: false)
        return try StoreOpening.open(storePath, kind: .real)
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

/// The front end's options, only on the commands that can show it (home, new, open, review's
/// queue, train join and compare): elsewhere they would do nothing, so they are not offered.
struct ScreenOptions: ParsableArguments {
    @Flag(help: .t("Radläge: en fråga i taget, ingen helskärm (miljövariabeln BARNKOLL_PLAIN=1; väljs av sig själv utan terminal).", "Plain mode: line-by-line prompts, no full-screen drawing (env BARNKOLL_PLAIN=1; chosen by itself without a terminal)."))
    var plain = false

    @Option(help: ArgumentHelp(Help.t("Helskärmens färger: default eller high-contrast (miljövariabeln BARNKOLL_THEME).", "The full screen's colours: default or high-contrast (env BARNKOLL_THEME)."), valueName: "theme"))
    var theme: Theme?

    /// Neither given, as `barnkoll` alone parses them.
    static var defaults: ScreenOptions {
        var options = ScreenOptions()
        options.plain = false
        options.theme = nil
        return options
    }

    func chosenTheme(_ words: Messages) throws -> Theme {
        if let theme { return theme }
        guard let name = ProcessInfo.processInfo.environment["BARNKOLL_THEME"], !name.isEmpty else { return .standard }
        guard let theme = Theme(rawValue: name) else {
            throw Failure(words.notATheme(name))
        }
        return theme
    }
}

/// A command that shows the front end takes `ScreenOptions`; `Arguments` refuses them elsewhere.
protocol ShowsScreen {}

/// The options of a command that works on the real store only (`stats`): every global option but
/// --training. The other commands take them inside `GlobalOptions`, with --training.
struct RealStoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Help.t("Lagrets fil, eller en anslutningssträng eller URI till PostgreSQL (miljövariabeln BARNKOLL_STORE).", "The store file, or a PostgreSQL connection string or URI (env BARNKOLL_STORE)."), valueName: "path"))
    var store: String?

    @Option(help: ArgumentHelp(Help.t("En mapp med enhetens egna checklistor, bredvid eller i stället för de medföljande (miljövariabeln BARNKOLL_CHECKLISTS).", "A folder of the unit's own checklists, beside or instead of the shipped ones (env BARNKOLL_CHECKLISTS)."),
                               valueName: "dir"))
    var checklists: String?

    @Option(help: ArgumentHelp(Help.t("Språk: sv eller en (annars enligt LANG, svenska när det är oklart).", "Language: sv or en (default from LANG, Swedish when unsure)."), valueName: "sv|en"))
    var lang: Language?

    /// None given, as `barnkoll` alone parses them.
    static var defaults: RealStoreOptions {
        var options = RealStoreOptions()
        options.store = nil
        options.checklists = nil
        options.lang = nil
        return options
    }

    /// The same options as every other command reads them, --training off.
    var global: GlobalOptions {
        var options = GlobalOptions.defaults
        options.real = self
        return options
    }
}

/// A command that refuses the training store (`stats`); `Arguments` refuses --training there.
protocol RealStoreOnly {}

extension Language: ExpressibleByArgument {}
extension Theme: ExpressibleByArgument {}

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
        return problems.prefix(Self.shown).map(\.description) + (more > 0 ? [Messages(language).moreProblems(more)] : [])
    }
}

/// A file that could not be written, with the system's reason.
struct CannotWrite: Told {
    var path: String
    var reason: String

    func lines(_ language: Language) -> [String] { [Messages(language).cannotWrite(path, reason)] }
}

enum Output {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data(("barnkoll: " + TextHygiene.forOutput(line, multiline: false) + "\n").utf8))
    }

    static func warning(_ line: String) {
        FileHandle.standardError.write(Data((TextHygiene.forOutput(line, multiline: false) + "\n").utf8))
    }

    /// Writes a file as exports must be written: temp file, fsync, rename, fsync the folder; 0600.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // Always a new file of our own (O_EXCL, O_NOFOLLOW, an unguessable name): nothing planted under
        // the name, a symlink to another file or a file of a laxer mode, is ever written through.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw CannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // In a shared group folder the group reads it too, as it does the store (the setgid bit
        // gives it the folder's group); set after opening, so no umask takes that away.
        fchmod(fd, StoreFiles.mode(forFileAt: path))
        let failed = writeAll(fd, Array(text.utf8))
        guard failed == 0 else {
            close(fd)
            unlink(temporary)
            throw CannotWrite(path: path, reason: String(cString: strerror(failed)))
        }
        // errno taken at once: unlink would overwrite it.
        var code = fsync(fd) == 0 ? 0 : errno
        if close(fd) != 0 && code == 0 { code = errno }
        if code == 0 && rename(temporary, path) != 0 { code = errno }
        guard code == 0 else {
            unlink(temporary)
            throw CannotWrite(path: path, reason: String(cString: strerror(code)))
        }
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}

@main
enum Main {
    static func main() {
        // Identity is the OS account: with no entry for it in the user database (an NSS outage, a
        // uid without passwd entry), barnkoll would not know who is acting, so it does nothing.
        guard Account.resolved != nil else {
            let env = ProcessInfo.processInfo.environment
            let sv = Language.fromLocale(env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
                ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"]) == .sv
            Output.error(sv ? "kontot med uid \(geteuid()) finns inte i användardatabasen (passwd, NSS); barnkoll tar sin identitet därifrån och gör ingenting utan den (USER räcker inte)"
                            : "the account with uid \(geteuid()) is not in the user database (passwd, NSS); barnkoll takes its identity from it and does nothing without it (USER is not enough)")
            exit(1)
        }
        do {
            // `barnkoll` alone is the front end with nothing to parse: made without ArgumentParser,
            // whose parse of even no arguments was a quarter of the time to the first screen.
            var command: any ParsableCommand
            if CommandLine.arguments.count == 1 {
                command = Home.bare
            } else {
                let typed = Array(CommandLine.arguments.dropFirst())
                do {
                    command = try Barnkoll.parseAsRoot(try Arguments.arranged(typed))
                } catch let mistake as Arguments.Mistake {
                    let words = Messages(GlobalOptions.language(of: typed))
                    switch mistake {
                    case .unknownCommand(let unknown): Output.error(words.unknownCommand(unknown))
                    case .optionNotHere(let option, let command): Output.error(words.optionNotHere(option, command: command))
                    }
                    exit(2)
                }
            }
            try command.run()
            // Any command's peak, for the tests that bound memory on hostile input (the front end reports its own).
            if let report = ProcessInfo.processInfo.environment["BARNKOLL_BENCH_REPORT"] { BenchHooks.reportPeakMemory(to: report) }
        } catch let told as any Told {
            let lines = told.lines(GlobalOptions.language(of: Array(CommandLine.arguments.dropFirst())))
            Output.error(lines.first ?? "")
            for line in lines.dropFirst() { Output.warning(line) }
            exit(1)
        } catch {
            let code = Barnkoll.exitCode(for: error)
            if code == .validationFailure {
                // A usage mistake: the message and the usage line, exit 2 as shells expect.
                FileHandle.standardError.write(Data((Help.message(for: error) + "\n").utf8))
                exit(2)
            }
            if code == .success, Help.language == .sv {
                // --help (and --version): ArgumentParser's headings in Swedish too.
                print(Help.message(for: error))
                exit(0)
            }
            Barnkoll.exit(withError: error)
        }
    }
}
