import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll verify`: the store checked from inside, and with `--anchor` against the chain heads
/// in the system log; the first broken record named.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Kontrollera lagret: SQLite-strukturen, främmande nycklar, sökindexet, varje version och loggkedjan.", "Check the store: SQLite's structure, foreign keys, the search index, every version, and the audit chain."),
        discussion: Help.t("""
        Med --anchor hålls loggkedjan också mot de kedjehuvuden som godkännanden skrev till \
        systemloggen (journalctl -t barnkoll, eller /var/log/auth.log, secure, syslog eller messages), \
        eller till loggfilen som --log anger: ett lager vars kedja skrivits om stämmer inte längre med dem.

        En analys på gruppnivå (eller i ett övningslager) vars granskningskommentar har kvar något som \
        ser ut som ett personnummer, skrivet innan barnkoll nekade det där, nämns på en rad med "obs:" \
        före utslaget; det är inget fel, och slutkoden påverkas inte.
        """, """
        With --anchor, the audit chain is also held against the chain heads that approvals wrote to \
        the system log (journalctl -t barnkoll, or /var/log/auth.log, secure, syslog or messages), \
        or to the log file named with --log: a store whose chain was rewritten no longer matches them.

        A group analysis (or one in a training store) whose review comment keeps what looks like a \
        personnummer, written before barnkoll refused it there, is named on a "note:" line before \
        the verdict; it is no fault, and the exit status is not affected.
        """))

    @OptionGroup var global: GlobalOptions
    @Flag(help: .t("Kontrollera också kedjan mot huvudena i systemloggen.", "Also check the chain against the heads in the system log.")) var anchor = false
    @Option(help: .t("En loggfil (eller sparade godkännandekvitton) att läsa huvudena från, i stället för systemloggen.",
                     "A log file (or saved approval receipts) to read the heads from, instead of the system log.", value: .file))
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
        let language = global.language
        // Not faults: records kept as written, which documents mask. Said before the verdict, which stays the last line.
        for kept in try store.readKeptPersonnummer() {
            print("\(store.location): \(sv ? "obs" : "note"): \(TextHygiene.forOutput(kept.notice.text(language), multiline: false))")
        }
        guard let first = problems.first else {
            let unchecked = try store.verifyLeftUnchecked().map { "; " + $0.text(language) }.joined()
            let anchored = checked == 0 ? "" : (sv ? " (\(checked) kedjehuvuden i loggen stämmer)" : " (\(checked) chain heads in the log match)")
            print(sv ? "\(store.location): allt stämmer\(anchored)\(unchecked)" : "\(store.location): everything holds\(anchored)\(unchecked)")
            return
        }
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
