import BarnkollCore
import BarnkollTUI
import Foundation

/// Every line the command line writes for people, in Swedish and English. No command writes its
/// own words; Core's refusals carry their own in both languages (`StoreError.message(_:)`).
struct Messages: Sendable {
    let language: Language

    init(_ language: Language) {
        self.language = language
    }

    /// The words for a command line not yet parsed (its `--lang`, else the locale).
    static var ofCommandLine: Messages { Messages(GlobalOptions.language(of: Array(CommandLine.arguments.dropFirst()))) }

    private func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
    private func out(_ text: String) -> String { TextHygiene.forOutput(text, multiline: false) }

    // Parsing

    func unknownCommand(_ unknown: Arguments.UnknownCommand) -> String {
        let word = TextHygiene.forOutput(unknown.word, multiline: false)
        if let nearest = unknown.nearest {
            return t("'\(word)' är inget kommando i \(unknown.under); menade du \(nearest)? (\(unknown.under) --help visar alla)",
                     "'\(word)' is not a command of \(unknown.under); did you mean \(nearest)? (\(unknown.under) --help lists them)")
        }
        let all = unknown.known.joined(separator: ", ")
        return t("'\(word)' är inget kommando i \(unknown.under); kommandona är \(all)",
                 "'\(word)' is not a command of \(unknown.under); the commands are \(all)")
    }

    func optionNotHere(_ option: String, command: String) -> String {
        option == "--training"
            ? t("\(command) tar inte --training: den räknar bara det riktiga lagret, och övningar räknas aldrig",
                "\(command) takes no --training: it counts the real store only, and training is never counted")
            : t("\(command) tar inte \(option): det gäller bara kommandon som visar skärmen (home, new, open, review, train join, train compare)",
                "\(command) takes no \(option): it applies only to the commands that show the screen (home, new, open, review, train join, train compare)")
    }

    func moreProblems(_ count: Int) -> String {
        t("… och \(count) problem till", "… and \(count) more problems")
    }

    var childOnlyWithLetter: String {
        t("--child gäller bara --format letter", "--child applies only to --format letter")
    }

    /// An option's date refused; when it has the shape, why the day does not exist.
    func notADate(_ option: String, _ value: String) -> String {
        let why = ISODate.missingDay(value).map { " (\($0.text(language)))" } ?? ""
        return t("\(option) ska vara ett datum ÅÅÅÅ-MM-DD, inte '\(out(value))'\(why)", "\(option) must be a date YYYY-MM-DD, not '\(out(value))'\(why)")
    }

    func inTheFuture(_ option: String, _ value: String) -> String {
        t("\(option) \(out(value)) ligger i framtiden", "\(option) \(out(value)) is in the future")
    }

    /// Said after ArgumentParser's "the value 'X' is invalid for '--year'".
    var notAYear: String { t("skriv ett år med fyra siffror, som 2026", "write a year of four digits, like 2026") }

    var notALimit: String { t("skriv ett heltal från 1, som 50", "write a whole number from 1, like 50") }

    func notACode(_ text: String) -> String {
        t("en övningskod är \(Workshop.codeLength) bokstäver som KTRHNA, inte '\(out(text))'",
          "a workshop code is \(Workshop.codeLength) letters like KTRHNA, not '\(out(text))'")
    }

    var checklistOrInto: String {
        t("ange --checklist ID (en ny analys) eller --into ID (ett utkast som finns), inte båda",
          "give --checklist ID (a new analysis) or --into ID (an existing draft), not both")
    }

    var itemComment: String {
        t("--item tar FRÅGA:TEXT, som --item heard:Beskriv samtalet", "--item takes ITEM:TEXT, like --item heard:Beskriv samtalet")
    }

    // Options and stores

    func notATheme(_ name: String) -> String {
        t("BARNKOLL_THEME=\(out(name)) är inget tema; använd default eller high-contrast",
          "BARNKOLL_THEME=\(out(name)) is not a theme; use default or high-contrast")
    }

    func noStore(_ path: String, training: Bool) -> String {
        training
            ? t("\(out(path)): här finns inget lager (`barnkoll train start FALL` skapar övningslagret; kontrollera --store)",
                "\(out(path)): no store here (`barnkoll train start CASE` makes the training store; check --store)")
            : t("\(out(path)): här finns inget lager (`barnkoll`, `barnkoll new` eller `barnkoll fill` skapar ett; kontrollera --store och BARNKOLL_STORE)",
                "\(out(path)): no store here (`barnkoll`, `barnkoll new` or `barnkoll fill` makes one; check --store and BARNKOLL_STORE)")
    }

    func storeMade(_ path: String, training: Bool) -> String {
        training ? t("Ett nytt övningslager skapades: \(out(path))", "A new training store was made: \(out(path))")
                 : t("Ett nytt, tomt lager skapades: \(out(path))", "A new, empty store was made: \(out(path))")
    }

    func emptyStore(_ path: String) -> String {
        t("\(out(path)): filen är tom och inget lager; inget ändrades (ett lager som tömts av misstag återställs från en säkerhetskopia)",
          "\(out(path)): the file is empty, not a store; nothing was changed (a store emptied by accident is restored from a backup)")
    }

    func realStoresPlace(_ path: String) -> String {
        t("\(out(path)) är det riktiga lagrets plats; övningar använder en egen fil (barnkoll-training.sqlite bredvid, eller en annan fil som --store anger)",
          "\(out(path)) is the real store's place; training uses a separate file (barnkoll-training.sqlite beside it, or another file named with --store)")
    }

    func cannotWrite(_ path: String, _ reason: String) -> String {
        t("\(out(path)): filen går inte att skriva (\(reason))", "\(path): cannot write the file (\(reason))")
    }

    func cannotWriteStandardOutput(_ reason: String) -> String {
        t("standard ut går inte att skriva (\(reason)); det som redan skrivits där är ofullständigt",
          "standard output cannot be written (\(reason)); what was already written there is incomplete")
    }

    func cannotRead(_ path: String) -> String { t("\(out(path)): går inte att läsa", "\(out(path)): cannot be read") }

    // Analyses

    func noItem(_ item: String, in checklist: String) -> String {
        t("checklistan \(checklist) har ingen fråga '\(out(item))'; se `barnkoll checklists show \(checklist)`",
          "checklist \(checklist) has no item '\(out(item))'; see `barnkoll checklists show \(checklist)`")
    }

    /// Why an answers file could not be read, asked of the file system once the read failed:
    /// `/dev/null`, a folder or a pipe exists but holds no answers file.
    func cannotReadAnswers(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return t("\(out(path)): svarsfilen finns inte", "\(out(path)): the answers file does not exist")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return t("\(out(path)): är ingen vanlig fil; ange en svarsfil (YAML eller JSON)",
                     "\(out(path)): is not a regular file; give an answers file (YAML or JSON)")
        }
        return t("\(out(path)): svarsfilen går inte att läsa (behörighet?)", "\(out(path)): cannot read the answers file (permissions?)")
    }

    var needsCaseRef: String {
        t("en ny analys behöver en ärendereferens: ange --case REF eller besvara case_ref",
          "a new analysis needs a case reference: give --case REF or answer case_ref")
    }

    func warning(_ path: String, _ message: String) -> String { t("varning: \(path): \(message)", "warning: \(path): \(message)") }

    func cannotSubmit(_ id: String, missing: Int, hardStops: Int) -> String {
        t("\(id) kan inte skickas in: \(missing) saknas, \(hardStops) stopp", "\(id) cannot be submitted: \(missing) missing, \(hardStops) hard stops")
    }

    func missingLine(_ path: String, section: String, _ reason: String) -> String {
        t("  saknas: \(path) (\(section)): \(reason)", "  missing: \(path) (\(section)): \(reason)")
    }

    func hardStopLine(_ rule: String, _ message: String) -> String {
        t("  stopp: \(rule): \(message)", "  hard stop: \(rule): \(message)")
    }

    func exported(_ count: Int, to path: String) -> String {
        count == 1 ? t("1 analys skriven till \(out(path))", "1 analysis written to \(out(path))")
                   : t("\(count) analyser skrivna till \(out(path))", "\(count) analyses written to \(out(path))")
    }

    // Reviews

    var noVersionYet: String { t("Ingen version är inskickad än.", "No version submitted yet.") }

    func notAVersion(_ text: String) -> String {
        t("'\(out(text))' är ingen version; skriv ett nummer som 2, eller 'current'", "'\(out(text))' is not a version; use a number like 2, or 'current'")
    }

    func noSuchVersion(_ id: String, _ number: Int, has: [String]) -> String {
        t("\(id) har ingen version \(number); den har \(has.isEmpty ? "ingen än" : has.joined(separator: ", "))",
          "\(id) has no version \(number); it has \(has.isEmpty ? "none yet" : has.joined(separator: ", "))")
    }

    func notLogged(_ why: String) -> String {
        t("kedjans huvud kom inte till systemloggen (\(why)); spara raden ovan",
          "the chain head did not reach the system log (\(why)); keep the line above")
    }

    /// `stops` are the rules' ids (what `--rule` takes) with their titles.
    func whichHardStop(_ id: String, _ stops: [(rule: String, title: String)]) -> String {
        let listed = stops.map { $0.rule == $0.title ? $0.rule : "\($0.rule) (\($0.title))" }.joined(separator: ", ")
        return stops.isEmpty
            ? t("\(id) har inget stopp att häva", "\(id) has no hard stop to override")
            : t("\(id) har flera stopp: \(listed); ange ett med --rule",
                "\(id) has several hard stops: \(listed); name one with --rule")
    }

    func overridden(_ id: String, _ stop: String) -> String { t("\(id): stoppet \(stop) hävt", "\(id): the hard stop \(stop) overridden") }

    func unknownGround(_ name: String) -> String {
        t("'\(name)' är inget godtagbart skäl att häva ett stopp; skriv \(OverrideGround.listed(.sv))",
          "'\(name)' is not an accepted ground for overriding a hard stop; write \(OverrideGround.listed(.en))")
    }

    func noChainHeads(_ source: String, _ store: String) -> String {
        t("\(source): inga kedjehuvuden för \(store) (de skrivs vid varje godkännande)",
          "\(source): no chain heads of \(store) (one is written on every approval)")
    }

    var noSystemLog: String {
        t("ingen systemlogg att läsa (ingen journalctl, ingen /var/log/auth.log, secure, syslog eller messages); ange en med --log FIL",
          "no system log to read (no journalctl, no /var/log/auth.log, secure, syslog or messages); name one with --log FILE")
    }

    // The front end

    func noFullScreenForComparison(_ why: String) -> String {
        t("\(why); använd barnkoll train compare KOD --format text", "\(why); use barnkoll train compare CODE --format text")
    }

    /// After Ctrl-C on the worksheet: whether all was saved, and the command that comes back to it.
    func goOnWith(_ id: String, saved: Bool, training: Bool) -> String {
        let command = "barnkoll open \(id)" + (training ? " --training" : "")
        return saved ? t("Sparat. Fortsätt med: \(command)", "Saved. Go on with: \(command)")
                     : t("Inte allt hann sparas. Fortsätt med: \(command)", "Not everything was saved. Go on with: \(command)")
    }

    func replaced(_ item: String) -> String {
        t("\(item): det tidigare svaret ersattes av filens", "\(item): the earlier answer was replaced by the file's")
    }

    /// A new analysis's case reference or unit, given as a flag, over the answers file's.
    func replacedByFlag(_ item: String, file: String, flag: String, value: String) -> String {
        t("\(item): filens svar '\(file)' ersattes av \(flag) '\(value)'", "\(item): the file's answer '\(file)' was replaced by \(flag) '\(value)'")
    }

    /// Text the front end could not save when the caseworker left.
    func keptAside(_ recovery: App.Recovery, id: String, training: Bool) -> String {
        switch recovery {
        case .file(let path):
            let command = "barnkoll fill --into \(id) --answers \(path)" + (training ? " --training" : "")
            return t("Texten som inte kunde sparas ligger i \(path) (bara du kan läsa den). Lägg tillbaka den med: \(command)",
                     "The text that could not be saved is in \(path) (only you can read it). Put it back with: \(command)")
        case .notWritten(let json, let reason):
            return t("Texten kunde inte sparas, inte heller i en återställningsfil (\(reason.sv)). Kopiera den härifrån:\n\(json)",
                     "The text could not be saved, not even in a recovery file (\(reason.text(.en))). Copy it from here:\n\(json)")
        }
    }

    // Training

    func casesChecked(_ count: Int) -> String { t("\(count) fall, inga fel", "\(count) cases, no problems") }

    func participantsJoin(_ code: String) -> String {
        t("Deltagarna går med: barnkoll train join \(code) --as PSEUDONYM", "Participants join with: barnkoll train join \(code) --as PSEUDONYM")
    }

    var noWorkshops: String {
        t("Inga övningar i övningslagret. Starta en med: barnkoll train start FALL (fallen: barnkoll train cases)",
          "No workshops in the training store. Start one with: barnkoll train start CASE (the cases: barnkoll train cases)")
    }

    func wouldPurge(_ code: String, _ count: Int) -> String {
        "\(code): " + (count == 1 ? t("1 analys skulle tas bort (inget är borttaget):", "1 analysis would be removed (nothing removed):")
                                  : t("\(count) analyser skulle tas bort (inget är borttaget):", "\(count) analyses would be removed (nothing removed):"))
    }

    func confirmPurge(_ code: String, _ count: Int) -> String {
        count == 1 ? t("Ta bort övningen \(code) och dess enda deltagares analys för gott? [j/N]",
                       "Remove workshop \(code) and its one participant's analysis for good? [y/N]")
                   : t("Ta bort övningen \(code) och alla \(count) deltagares analyser för gott? [j/N]",
                       "Remove workshop \(code) and all \(count) participants' analyses for good? [y/N]")
    }

    var nothingPurged: String { t("Inget togs bort.", "Nothing was removed.") }

    var confirmWithYes: String {
        t("borttagningen kan inte ångras och här finns ingen terminal att fråga i; lägg till --yes (eller prova --dry-run först)",
          "the removal cannot be undone and there is no terminal to ask in; add --yes (or try --dry-run first)")
    }

    func purged(_ code: String, _ count: Int) -> String {
        count == 1 ? t("\(code): borttagen (1 analys)", "\(code): purged (1 analysis)")
                   : t("\(code): borttagen (\(count) analyser)", "\(code): purged (\(count) analyses)")
    }

    // Retention

    func dueForRetention(_ count: Int, before: String) -> String {
        count == 1 ? t("1 analys beslutad före \(before) skulle gallras:", "1 analysis decided before \(before) would be purged:")
                   : t("\(count) analyser beslutade före \(before) skulle gallras:", "\(count) analyses decided before \(before) would be purged:")
    }

    func exemptFromRetention(_ id: String, reason: String) -> String {
        t("  \(id)  undantagen: \(out(reason))", "  \(id)  exempt: \(out(reason))")
    }

    func retentionExempt(_ id: String, exempt: Bool) -> String {
        exempt ? t("\(out(id)): undantagen från gallring", "\(out(id)): exempt from retention")
               : t("\(out(id)): gallras i sin tid", "\(out(id)): purged at its time")
    }

    func purgedForRetention(_ count: Int, before: String) -> String {
        count == 1 ? t("1 analys gallrad (beslutad före \(before))", "1 analysis purged (decided before \(before))")
                   : t("\(count) analyser gallrade (beslutade före \(before))", "\(count) analyses purged (decided before \(before))")
    }

    func vacuumedAfterPurge(_ vacuumed: Bool) -> String {
        vacuumed ? t("VACUUM kördes på tabellerna gallringen rörde.", "VACUUM ran on the tables the purge touched.")
            : t("VACUUM kördes inte (bara en medlem i barnkoll_owner får); autovacuum gör det senare, se docs/operations.md.",
                "VACUUM did not run (only a member of barnkoll_owner may); autovacuum does it later, see docs/operations.md.")
    }

    // The store and its files

    func backedUp(to file: String) -> String { t("Säkerhetskopia: \(out(file))", "Backup: \(out(file))") }

    func statisticsWritten(year: Int, to file: String) -> String {
        t("Statistik för \(year) skriven till \(out(file))", "Statistics for \(year) written to \(out(file))")
    }

    func checklistsValid(_ count: Int) -> String {
        count == 1 ? t("1 checklista utan fel", "1 checklist, no problems") : t("\(count) checklistor utan fel", "\(count) checklists, no problems")
    }

    func schemaUpToDate(_ version: Int) -> String {
        t("Schemat är aktuellt (version \(version)).", "The schema is up to date (version \(version)).")
    }

    func migrationApplied(_ version: Int) -> String { t("Migrering \(version) tillämpad.", "Applied migration \(version).") }

    // Units and imports

    func importedID(_ old: String, _ new: String, renumbered: Bool) -> String {
        "\(old) → \(new)" + (renumbered ? t(" (nytt nummer)", " (renumbered)") : "")
    }

    func mappedUnit(_ count: Int) -> String {
        count == 1 ? t("1 analys flyttad", "1 analysis moved") : t("\(count) analyser flyttade", "\(count) analyses moved")
    }

    func imported(_ count: Int, from file: String, renumbered: Int) -> String {
        (count == 1 ? t("1 analys inflyttad", "1 analysis imported") : t("\(count) analyser inflyttade", "\(count) analyses imported"))
            + t(" från \(out(file)), \(renumbered) med nytt nummer; kontrollera med: barnkoll verify",
                " from \(out(file)), \(renumbered) renumbered; check with: barnkoll verify")
    }
}
