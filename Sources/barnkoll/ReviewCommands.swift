import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review`: the supervisor's queue and decisions. Only supervisors; never one's own.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: Help.t("Granskningskön: godkänn, återsänd med kommentarer eller häv ett stopp.", "The review queue: approve, return with comments, or override a hard stop."),
        subcommands: [ReviewQueue.self, ReviewList.self, Approve.self, Return.self, Override.self, FollowUp.self,
                      History.self, Diff.self],
        defaultSubcommand: ReviewQueue.self)
}

/// `barnkoll review`: the queue in the front end; printed as a list where there is no full screen.
struct ReviewQueue: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: Help.t("Granskningskön på skärmen (förval; chefer).", "The review queue in the front end (the default; supervisors)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let store = try global.openStore()
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, start: .reviewQueue, store: store)
        } else {
            try FrontEnd.runPlain(global, start: .reviewQueue, store: store)
        }
    }
}

struct ReviewList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: Help.t("Analyser som väntar på granskning (eller med --status), den som väntat längst först.", "Analyses waiting for review (or of --status), longest waiting first."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("table, json eller csv.", "table, json or csv.")) var format: List.Format = .table
    @Option(help: .t("Högst så här många.", "At most this many.")) var limit: Int?

    func run() throws {
        let store = try global.openStore()
        var filter = filters.filter
        filter.status = filter.status ?? .submitted
        filter.order = .oldestFirst
        filter.limit = limit
        let queue = try store.list(filter, for: Account.current)
        print(format.render(queue, language: global.language), terminator: "")
    }
}

/// `barnkoll review follow-up`: what a supervisor follows up, as the front end's follow-up tab.
struct FollowUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: Help.t("Försenad återkoppling till barn, passerade uppföljningsdatum, stopp och hävda stopp.", "Overdue feedback to children, passed follow-up dates, hard stops and overrides."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("Bara den här enheten.", "Only this unit.")) var unit: String?
    @Option(help: ArgumentHelp(Help.t("Räkna datum före denna dag som passerade (förval: i dag).", "Count dates before this day as passed (default: today)."), valueName: "YYYY-MM-DD"))
    var today: String?
    @Option(help: .t("table eller json.", "table or json.")) var format: Format = .table

    func validate() throws {
        if let today, !ISODate.isValid(today) { throw ValidationError(global.words.notADate("--today", today)) }
    }

    func run() throws {
        let store = try global.openStore()
        let entries = try store.followUps(today: today ?? ISODate.today(), unit: unit, limit: 1000, for: Account.current)
        let language = global.language
        switch format {
        case .json:
            let objects: [[String: Any]] = entries.map { entry in
                var object: [String: Any] = ["kind": entry.kind.rawValue, "id": entry.summary.id, "date": entry.date,
                                             "unit": entry.summary.unit, "author": entry.summary.author,
                                             "case_ref": entry.summary.caseRef, "status": entry.summary.status.rawValue]
                if let rule = entry.rule { object["rule"] = rule }
                if let by = entry.by { object["by"] = by }
                return object
            }
            print(AnalysisDocument.serialize(objects))
        case .table:
            for kind in FollowUpKind.allCases {
                let mine = entries.filter { $0.kind == kind }
                print("\(kind.label(language)) (\(mine.count))")
                for entry in mine {
                    let line = [entry.summary.id, entry.date, entry.summary.unit, entry.summary.author, entry.summary.caseRef,
                                entry.rule ?? "", entry.by.map { "(\($0))" } ?? ""].filter { !$0.isEmpty }
                    print("  " + TextHygiene.forOutput(line.joined(separator: "  "), multiline: false))
                }
            }
        }
    }
}

/// `barnkoll review history ID`: the versions and the decisions on each.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("En analys versioner och granskningen av var och en.", "The versions of an analysis and the reviews of each."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

    func run() throws {
        let store = try global.openStore()
        let analysis = try store.analysis(id, readBy: Account.current)
        let language = global.language
        func printReviews(of number: Int) {
            for review in analysis.reviews where review.version == number {
                let comment = review.comment.map { "  \(TextHygiene.forOutput($0, multiline: false))" } ?? ""
                let ground = review.ground.map { " (\($0.label(language)))" } ?? ""
                print("    \(review.at)  \(review.reviewer)  \(review.decision.label(language))\(review.rule.map { " \($0)" } ?? "")\(ground)\(comment)")
                for (item, text) in review.itemComments.sorted(by: { $0.key < $1.key }) {
                    print("      \(item): \(TextHygiene.forOutput(text, multiline: false))")
                }
            }
        }
        if analysis.versions.isEmpty { print(global.words.noVersionYet) }
        // An override made on a draft before its first submission belongs to no version.
        printReviews(of: 0)
        for version in analysis.versions {
            print("v\(version.number)  \(version.createdAt)  \(version.createdBy)  \(version.status.label(language))  sha256:\(version.contentHash)")
            printReviews(of: version.number)
        }
    }
}

/// `barnkoll review diff ID [FROM] [TO]`: what changed between two versions, item by item.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Vad som ändrats mellan två versioner, fråga för fråga (förval: de två senaste; 'current' för svar som inte skickats in).", "What changed between two versions, item by item (default: the last two; 'current' for unsubmitted answers)."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Argument(help: .t("Den tidigare versionens nummer (0 för ingen).", "The earlier version number (0 for none).")) var from: String?
    @Argument(help: .t("Den senare versionens nummer, eller 'current'.", "The later version number, or 'current'.")) var to: String?
    @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

    func run() throws {
        let store = try global.openStore()
        let analysis = try store.analysis(id, readBy: Account.current)
        let numbers = analysis.versions.map(\.number)
        func answers(_ text: String) throws -> Answers {
            if text == "current" { return analysis.answers }
            guard let number = Int(text.hasPrefix("v") ? String(text.dropFirst()) : text) else {
                throw Failure(global.words.notAVersion(text))
            }
            if number == 0 { return [:] }
            guard let version = analysis.versions.first(where: { $0.number == number }) else {
                throw Failure(global.words.noSuchVersion(id, number, has: numbers.map { "v\($0)" }))
            }
            return version.answers
        }
        let last = numbers.last.map(String.init) ?? "current"
        let later = try answers(to ?? (from == nil ? last : "current"))
        let earlier = try answers(from ?? (numbers.count >= 2 ? String(numbers[numbers.count - 2]) : "0"))
        let changes = VersionDiff.compare(earlier, later, checklist: analysis.checklist, language: global.language)
        switch format {
        case .json:
            print(AnalysisDocument.serialize(changes.map { change -> [String: Any] in
                var object: [String: Any] = ["item": change.itemID, "kind": change.kind.rawValue, "prompt": change.prompt]
                object["before"] = change.before
                object["after"] = change.after
                return object
            }))
        case .text:
            let sv = global.language == .sv
            if changes.isEmpty { print(sv ? "Inga ändringar." : "No changes.") }
            for change in changes {
                print("\(change.itemID): \(TextHygiene.forOutput(change.prompt, multiline: false))")
                print("  - \(change.before.map { $0.replacingOccurrences(of: "\n", with: "\n    ") } ?? (sv ? "(ej besvarad)" : "(not answered)"))")
                print("  + \(change.after.map { $0.replacingOccurrences(of: "\n", with: "\n    ") } ?? (sv ? "(ej besvarad)" : "(not answered)"))")
            }
        }
    }
}

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Godkänn en inskickad analys. Den ändras aldrig efteråt.", "Approve a submitted analysis. It never changes afterwards."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("En kommentar till handläggaren.", "A comment for the caseworker.")) var comment: String?

    func run() throws {
        let store = try global.openStore()
        let anchor = try store.approve(id, by: Account.current, comment: comment)
        print("\(id): \(AnalysisStatus.approved.label(global.language))")
        // The receipt: the same line the system log got, for `verify --anchor --log` if it did not.
        print(anchor.head.logLine)
        if let why = anchor.notLogged {
            Output.warning(global.words.notLogged(why))
        }
    }
}

struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Återsänd en inskickad analys till den som skrev den, med vad som saknas.", "Return a submitted analysis to its author, saying what is missing."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("Vad som saknas (obligatoriskt).", "What is missing (required).")) var comment: String
    @Option(name: .customLong("item"), help: ArgumentHelp(Help.t("En kommentar vid en fråga, som handläggaren ser där.", "A comment at one item, shown there to the caseworker."), valueName: "ITEM:TEXT"))
    var items: [String] = []

    func validate() throws {
        for item in items where !item.contains(":") {
            throw ValidationError(global.words.itemComment)
        }
    }

    func run() throws {
        var comments: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            comments[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let store = try global.openStore()
        try store.return(id, by: Account.current, comment: comment, itemComments: comments)
        print("\(id): \(AnalysisStatus.returned.label(global.language))")
    }
}

struct Override: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Häv ett stopp på ett godtagbart skäl, med en skriftlig förklaring (bara chefer; loggas).", "Override a hard stop on an accepted ground, with a written explanation (supervisors only; audited)."),
        discussion: Help.t("""
            Där barnets bästa är avgörande (vård och behandling, vårdnad, boende och umgänge) är ett beslut \
            emot det inte lagligt: ett stopp hävs bara för att ärendet inte är av det slaget (felklassat), för att \
            förslaget ska ändras (ändras) eller för att ärendet går till nämnden (nämnden).
            """, """
            Where the child's best interest is decisive (care and treatment, custody, residence and contact), a decision \
            against it is not lawful: a stop is lifted only because the matter is not of that kind (felklassat), because \
            the proposal will be changed (ändras), or because the matter goes to the board (nämnden).
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: ArgumentHelp(Help.t("Skälet: felklassat, ändras eller nämnden (obligatoriskt).", "The ground: felklassat, ändras or nämnden (required)."), valueName: "ground")) var ground: String
    @Option(help: .t("Förklaringen (obligatorisk).", "The explanation (required).")) var reason: String
    @Option(help: .t("Stoppets regel, när analysen har fler än ett.", "The hard-stop rule, when the analysis has more than one.")) var rule: String?

    func run() throws {
        guard let ground = OverrideGround(name: ground) else {
            throw Failure(global.words.unknownGround(ground))
        }
        let store = try global.openStore()
        let me = Account.current
        let analysis = try store.analysis(id, readBy: me)
        let stops = analysis.evaluate().blockingHardStops.map(\.rule)
        guard let chosen = rule ?? (stops.count == 1 ? stops.first : nil) else {
            throw Failure(global.words.whichHardStop(id, stops))
        }
        try store.override(id, rule: chosen, ground: ground, by: me, reason: reason)
        print(global.words.overridden(id, chosen))
    }
}

/// `barnkoll admin`: roles. The account that creates a store is its first admin.
extension Role: ExpressibleByArgument {}

/// `barnkoll verify`: the store checked from inside, and with `--anchor` against the chain heads
/// in the system log; the first broken record named.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Kontrollera lagret: SQLite-strukturen, främmande nycklar, sökindexet, varje version och loggkedjan.", "Check the store: SQLite's structure, foreign keys, the search index, every version, and the audit chain."),
        discussion: Help.t("""
        Med --anchor hålls loggkedjan också mot de kedjehuvuden som godkännanden skrev till \
        systemloggen (journalctl -t barnkoll, eller /var/log/auth.log, secure, syslog eller messages), \
        eller till loggfilen som --log anger: ett lager vars kedja skrivits om stämmer inte längre med dem.
        """, """
        With --anchor, the audit chain is also held against the chain heads that approvals wrote to \
        the system log (journalctl -t barnkoll, or /var/log/auth.log, secure, syslog or messages), \
        or to the log file named with --log: a store whose chain was rewritten no longer matches them.
        """))

    @OptionGroup var global: GlobalOptions
    @Flag(help: .t("Kontrollera också kedjan mot huvudena i systemloggen.", "Also check the chain against the heads in the system log.")) var anchor = false
    @Option(help: ArgumentHelp(Help.t("En loggfil (eller sparade godkännandekvitton) att läsa huvudena från, i stället för systemloggen.", "A log file (or saved approval receipts) to read the heads from, instead of the system log."),
                               valueName: "file"))
    var log: String?

    func run() throws {
        let store = try global.openStore()
        var problems = try store.verifyProblems()
        let sv = global.language == .sv
        var checked = 0
        if anchor || log != nil {
            let (source, text) = try Self.logText(log, words: global.words)
            var heads = ChainHead.heads(in: text)
            // journalctl -o json keeps each line's sender (_UID): a head counts only from an account
            // that may write the store. Plain syslog text keeps no sender, so every line counts.
            if text.drop(while: \.isWhitespace).first == "{" {
                let senders = try store.anchorSenders()
                let read = ChainHead.heads(inJournal: text, trusted: senders.contains)
                heads = read.heads
                let own = try store.chainHead().store
                let foreign = read.ignored.filter { $0.head.store == own }
                if !foreign.isEmpty {
                    let uids = Set(foreign.map { $0.uid.map(String.init) ?? "?" }).sorted().joined(separator: ", ")
                    Output.warning(sv ? "\(foreign.count) rader i \(source) ser ut som kedjehuvuden men skickades av konton som inte kan skriva lagret (uid \(uids)); de räknas inte"
                                      : "\(foreign.count) lines in \(source) look like chain heads but were sent by accounts that cannot write the store (uid \(uids)); they are not counted")
                }
            }
            let result = try store.checkAnchors(heads)
            guard result.checked > 0 else {
                throw Failure(global.words.noChainHeads(source, store.location))
            }
            checked = result.checked
            problems += result.problems
        }
        guard let first = problems.first else {
            let anchored = checked == 0 ? "" : (sv ? " (\(checked) kedjehuvuden i loggen stämmer)" : " (\(checked) chain heads in the log match)")
            print(sv ? "\(store.location): allt stämmer\(anchored)" : "\(store.location): everything holds\(anchored)")
            return
        }
        let language = global.language
        throw Failure("\(store.location): \(first.text(language))", details: problems.dropFirst().map { $0.text(language) })
    }

    /// The named file, or the first system log that can be read.
    static func logText(_ file: String?, words: Messages) throws -> (source: String, text: String) {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure(words.cannotRead(file))
            }
            return (file, String(decoding: data, as: UTF8.self))
        }
        if let journal = journal() { return ("journalctl -t barnkoll", journal) }
        for path in ["/var/log/auth.log", "/var/log/secure", "/var/log/syslog", "/var/log/messages"] {
            if let data = FileManager.default.contents(atPath: path) { return (path, String(decoding: data, as: UTF8.self)) }
        }
        throw Failure(words.noSystemLog)
    }

    private static func journal() -> String? {
        guard let path = ["/usr/bin/journalctl", "/bin/journalctl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // JSON keeps each entry's sender (_UID), which the anchor check holds lines to.
        process.arguments = ["-t", "barnkoll", "-o", "json", "--no-pager"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        // A journal with no entries of ours is no source: fall through to the log files.
        return process.terminationStatus == 0 && text.contains("barnkoll chain head") ? text : nil
    }
}

/// `barnkoll backup FILE`: a copy taken while the store is in use, checked before it is kept.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Kopiera lagret till FIL medan det används (säkerhetskopia i drift), synkad, kontrollerad, läge 0600.", "Copy the store to FILE while it is in use (online backup), synced, checked, mode 0600."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Vart kopian ska.", "Where the copy goes.")) var file: String

    func run() throws {
        let store = try global.openStore()
        try store.backup(to: file)
        print(global.language == .sv ? "Säkerhetskopia: \(file)" : "Backup: \(file)")
    }
}
