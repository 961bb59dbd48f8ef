import BarnkollCore

/// Every text the front end shows, in Swedish and English. No screen writes its own words.
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    /// The one way the front end picks its words: Swedish, or English with `--lang en`.
    func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    // Header and status
    var saved: String { savedSign + t(" Sparat", " Saved") }
    var saving: String { savingSign + t(" Sparar", " Saving") }
    /// The save marks' signs alone, for a title too narrow for their words.
    var savedSign: String { "✓" }
    var savingSign: String { "…" }
    var notSaved: String { t("! Ej sparat", "! Not saved") }
    func saveFailed(_ why: String) -> String { t("! Ej sparat: \(why). Försöker igen.", "! Not saved: \(why). Retrying.") }
    var training: String { t("ÖVNING", "TRAINING") }
    /// What a title starts with on a training store: "[ÖVNING] ", never dropped when it is narrow.
    func trainingMark(_ training: Bool) -> String { training ? "[\(self.training)] " : "" }
    var readOnly: String { t("skrivskyddad", "read-only") }
    func unitIsFixed(_ unit: String) -> String {
        let unit = TextHygiene.forOutput(unit, multiline: false)
        return t("Analysen hör till enheten \(unit), och svaret är den enheten. Hör den till en annan enhet: flytta den med barnkoll admin move.",
                 "The analysis is filed under the unit \(unit), and the answer is that unit. If it belongs to another unit: move it with barnkoll admin move.")
    }

    var keyMoveUnit: String { t("byt enhet", "change unit") }
    var moveTitle: String { t("Flytta analysen till en annan enhet", "Move the analysis to another unit") }
    func moveFrom(_ unit: String) -> String { t("Den hör nu till: \(unit)", "It is filed under: \(unit)") }
    var moveTo: String { t("Till enheten", "To the unit") }
    var moveReason: String { t("Skäl", "Reason") }
    func movedTo(_ unit: String) -> String {
        t("Flyttad till \(TextHygiene.forOutput(unit, multiline: false)); svaret är den enheten.",
          "Moved to \(TextHygiene.forOutput(unit, multiline: false)); the answer is that unit.")
    }
    func movedAway(_ id: String, to unit: String) -> String {
        t("\(id) flyttades till \(TextHygiene.forOutput(unit, multiline: false)), där du inte läser den; enhetens chef och författaren gör det.",
          "\(id) was moved to \(TextHygiene.forOutput(unit, multiline: false)), where you do not read it; the unit's supervisor and the author do.")
    }
    /// A move or hand-over made, and the analysis not read back after it (not because it left the reader).
    func notReadAgain(_ id: String, after kind: Transfer.Kind, to whom: String, _ problem: String) -> String {
        let whom = TextHygiene.forOutput(whom, multiline: false)
        let (sv, en) = kind == .move ? ("flyttades till \(whom); flytten", "was moved to \(whom); the move")
                                     : ("lämnades över till \(whom); överlämningen", "was handed over to \(whom); the hand-over")
        return t("\(id) \(sv) är sparad, men analysen kunde inte läsas igen: \(problem)",
                 "\(id) \(en) is saved, but the analysis could not be read again: \(problem)")
    }
    /// The unit's answer, and why no other is offered (Core's words; nil when it could not be asked).
    func noUnitToMoveTo(_ unit: String, why: Localized?) -> String {
        let unit = TextHygiene.forOutput(unit, multiline: false)
        return t("Analysen hör till enheten \(unit), och svaret är den enheten.", "The analysis is filed under the unit \(unit), and the answer is that unit.")
            + (why.map { " " + TextHygiene.forOutput($0.text(language), multiline: false) } ?? "")
    }

    var keyHandOver: String { t("lämna över", "hand over") }
    var handOverTitle: String { t("Lämna över analysen till en kollega", "Hand the analysis over to a colleague") }
    func handOverFrom(_ author: String) -> String { t("Den skrivs nu av: \(author)", "It is written by: \(author)") }
    var handOverTo: String { t("Till", "To") }
    func handedOver(to author: String) -> String {
        let author = TextHygiene.forOutput(author, multiline: false)
        return t("Överlämnad till \(author); bara \(author) skriver i den nu.", "Handed over to \(author); only \(author) writes in it now.")
    }
    func noOneToHandOverTo(_ unit: String) -> String {
        let unit = TextHygiene.forOutput(unit, multiline: false)
        return t("Ingen annan med en roll arbetar i \(unit); ge först ett medlemskap (barnkoll admin grant caseworker KONTO --unit \"\(unit)\").",
                 "Nobody else with a role works in \(unit); grant a membership first (barnkoll admin grant caseworker ACCOUNT --unit \"\(unit)\").")
    }

    /// `youHandOver`: the reader may hand it over, with `o` on the worksheet.
    func onlyAuthorWrites(_ author: String, youHandOver: Bool = false) -> String {
        let author = TextHygiene.forOutput(author, multiline: false)
        return youHandOver ? t("Du läser: bara \(author) skriver i den. Med o lämnar du över den.",
                               "You are reading: only \(author) writes in it. With o you hand it over.")
                           : t("Du läser: bara \(author) skriver i den. Enhetens chef kan lämna över den.",
                               "You are reading: only \(author) writes in it. The unit's supervisor can hand it over.")
    }
    func writtenBy(_ author: String) -> String {
        t("läses, skrivs av \(TextHygiene.forOutput(author, multiline: false))", "read, written by \(TextHygiene.forOutput(author, multiline: false))")
    }
    var tooSmall: String { t("Gör fönstret större", "Make the window larger") }
    func minimum(_ width: Int, _ height: Int) -> String { t("(minst \(width)×\(height))", "(at least \(width)×\(height))") }

    // Worksheet
    var required: String { t("obligatorisk", "required") }
    var notAnswered: String { t("(ej besvarad)", "(not answered)") }
    var missingMark: String { t("saknas", "missing") }
    var addEntry: String { t("+ Lägg till", "+ Add") }
    func entry(_ number: Int) -> String { t("Nr \(number)", "No. \(number)") }
    var supervisorComment: String { t("Chefens kommentar", "Supervisor's comment") }
    var returnedComment: String { t("Återsänd", "Returned") }
    var removeAgain: String {
        t("Ta bort posten? Enter: ja, annan tangent: nej.", "Remove the entry? Enter: yes, any other key: no.")
    }
    /// A letter typed where it is no command and there is no text to write in.
    func notACommand(_ character: Character) -> String {
        t("«\(character)» gör inget här: Enter ändrar svaret, ? visar tangenterna.",
          "«\(character)» does nothing here: Enter edits the answer, ? shows the keys.")
    }
    var readWholeComment: String { t("(m: läs allt)", "(m: read it all)") }
    func left(_ count: Int) -> String { t("\(count) kvar", "\(count) left") }
    var anyKeyCloses: String { t("Tryck en tangent för att stänga.", "Press a key to close.") }
    /// Below a text that scrolls, where the arrows scroll and do not close it.
    var escCloses: String { t("Tryck Esc för att stänga.", "Press Esc to close.") }
    var changeNotSaved: String { t("Ändringen sparades inte.", "The change was not saved.") }
    var dateFormat: String { t("ÅÅÅÅ-MM-DD", "YYYY-MM-DD") }
    func removeWithEntry(_ group: String) -> String {
        t("Svaren tas bort med barnet, under «\(group)».", "These answers go with the child, under «\(group)».")
    }
    /// A group asked for each entry of another, before that group has any.
    func addEntriesFirst(_ group: String) -> String {
        t("(frågorna ställs för varje post i «\(group)»: fyll i den först)",
          "(asked for each entry of «\(group)»: fill that in first)")
    }
    var missingTitle: String { t("Det här saknas", "Still missing") }
    var nothingMissing: String { t("Inget saknas. Tryck s för att skicka in.", "Nothing is missing. Press s to submit.") }
    var hardStopTitle: String { t("Stopp", "Hard stop") }
    var warningsTitle: String { t("Varningar", "Warnings") }
    var confirmSubmit: String { t("Skicka in för granskning? Enter: ja, Esc: nej", "Submit for review? Enter: yes, Esc: no") }
    var confirmClose: String {
        t("Inga barn berörs. Avsluta som ej aktuell? Enter: ja, Esc: nej", "No child is affected. Close as not applicable? Enter: yes, Esc: no")
    }
    // Two terminals on one analysis, and leaving with text unsaved
    var changedElsewhere: String { t("ändrat på annat håll", "changed elsewhere") }
    var conflictStatus: String {
        t("! Ej sparat: svaret ändrades på annat håll. Välj vilket som ska gälla.",
          "! Not saved: the answer was changed elsewhere. Choose which one stands.")
    }
    func conflictTitle(_ prompt: String) -> String {
        t("«\(prompt)» har sparats från ett annat fönster (eller med fill) medan du skrev här. Inget skrevs över. Vilket ska gälla?",
          "«\(prompt)» was saved from another terminal (or by fill) while you wrote here. Nothing was overwritten. Which one stands?")
    }
    var conflictMine: String { t("Ditt svar här:", "Your answer here:") }
    var conflictStored: String { t("Det sparade svaret:", "The saved answer:") }
    var keyKeepMine: String { t("behåll mitt", "keep mine") }
    var keyTakeStored: String { t("ta det sparade", "take the saved one") }
    var keyKeepBoth: String { t("behåll båda", "keep both") }
    func confirmQuit(_ reason: String) -> String {
        t("Texten är inte sparad (\(reason)). Avslutar du nu läggs den osparade texten i en återställningsfil som bara du kan läsa.",
          "The text is not saved (\(reason)). If you quit now, the unsaved text is put in a recovery file only you can read.")
    }
    var keyLeaveUnsaved: String { t("avsluta ändå", "quit anyway") }
    var keyRetry: String { t("försök spara igen", "try saving again") }
    var keyStay: String { t("stanna kvar", "stay") }
    var answerEmpty: String { t("(tomt)", "(empty)") }
    var keyNewVersion: String { t("ny version", "new version") }
    var confirmRevise: String {
        t("Börja en ny version för att ändra i sak? Den godkända versionen står kvar oförändrad; den nya granskas igen. (Det som hänt efter beslutet antecknas med a, utan ny version.) Enter: ja, a: anteckning, Esc: nej",
          "Start a new version to change the substance? The approved version stays as it is; the new one is reviewed again. (What happened after the decision is noted with a, with no new version.) Enter: yes, a: note, Esc: no")
    }
    // A note after the decision
    var keyNote: String { t("anteckning", "note") }
    var keySaveNote: String { t("spara", "save") }
    var noteTitle: String { t("Anteckning efter beslutet (ingen ny version)", "Note after the decision (no new version)") }
    var afterDecision: String { t("Efter beslutet", "After the decision") }
    var noNotes: String { t("inga anteckningar än", "no notes yet") }
    func earlierNotes(_ count: Int) -> String { t("och \(count) tidigare (barnkoll show)", "and \(count) earlier (barnkoll show)") }
    var noteKind: String { t("Slag", "Kind") }
    var noteDate: String { t("Datum (ÅÅÅÅ-MM-DD)", "Date (YYYY-MM-DD)") }
    var noteOutcome: String { t("Utfall", "Outcome") }
    var noteText: String { t("Text", "Text") }
    func noted(_ what: String, _ date: String) -> String {
        t("Antecknat: \(what), \(date). Den godkända versionen är oförändrad.", "Noted: \(what), \(date). The approved version is unchanged.")
    }
    func revised(_ version: Int) -> String {
        t("Version \(version) påbörjad som utkast: ändra och skicka in igen.", "Version \(version) started as a draft: change it and submit it again.")
    }

    func submitted(_ status: AnalysisStatus) -> String { t("Klart: \(status.label(.sv)).", "Done: \(status.label(.en)).") }
    var cannotSubmit: String { t("Kan inte skickas in än: se listan.", "Cannot be submitted yet: see the list.") }
    var hardStopHelp: String {
        t("Stoppet hävs bara av en chef, på ett godtagbart skäl och med en skriftlig förklaring (barnkoll review override).",
          "Only a supervisor can override the stop, on an accepted ground and with a written explanation (barnkoll review override).")
    }
    var invalid: String { t("Ogiltigt", "Invalid") }
    var editorFailed: String { t("Redigeraren avslutades med fel; texten är oförändrad.", "The editor exited with an error; the text is unchanged.") }
    var noEditor: String { t("Ange ett program i $VISUAL eller $EDITOR.", "Set a program in $VISUAL or $EDITOR.") }
    var help: String { t("Hjälp", "Help") }
    var articles: String { t("Barnkonventionen, artikel", "CRC article") }
    var caseTitle: String { t("fallet ni övar på (påhittat)", "the case you practise on (made up)") }
    var comparisonTitle: String { t("Jämförelse", "Comparison") }
    func finishedOf(_ finished: Int, _ total: Int) -> String { t("\(finished) av \(total) klara", "\(finished) of \(total) finished") }
    var noHelp: String { t("Ingen hjälptext för den här frågan.", "No help text for this question.") }

    // Help bars: the keys that work at that moment

    // What each key does, as the help bars name it (the keys themselves are in the key maps)
    var keyMove: String { t("flytta", "move") }
    var keyEdit: String { t("ändra", "edit") }
    var keySection: String { t("avsnitt", "section") }
    var keyMissing: String { t("saknas", "missing") }
    var keySubmit: String { t("skicka in", "submit") }
    var keyHelp: String { t("hjälp", "help") }
    var keyHome: String { t("hem", "home") }
    var keyQuit: String { t("sluta", "quit") }
    var keyCase: String { t("fallet", "the case") }
    var keyRemoveEntry: String { t("ta bort posten", "remove entry") }
    var keyDone: String { t("klar", "done") }
    var keyNext: String { t("nästa", "next") }
    var keyNewLine: String { t("ny rad", "new line") }
    var keyUndo: String { t("ångra", "undo") }
    var keyRedo: String { t("gör om", "redo") }
    var keyDeleteWord: String { t("radera ord", "delete word") }
    var keyEditor: String { t("redigerare", "editor") }
    var keyPick: String { t("välj", "pick") }
    var keyTake: String { t("ta", "take") }
    var keyDirect: String { t("direkt", "direct") }
    var keyTick: String { t("kryssa", "tick") }
    var keySpace: String { t("Mellanslag", "Space") }
    var keyGoThere: String { t("gå dit", "go there") }
    var keyBack: String { t("tillbaka", "back") }
    var keyClose: String { t("stäng", "close") }
    var keyScroll: String { t("bläddra", "scroll") }
    var keyYear: String { t("år", "year") }
    var keyYes: String { t("ja", "yes") }
    var keyNo: String { t("nej", "no") }
    var keyOpen: String { t("öppna", "open") }
    var keyExit: String { t("avsluta", "quit") }
    var keyNextField: String { t("nästa fält", "next field") }
    var keyPickList: String { t("välj lista", "pick list") }
    var keyCreate: String { t("skapa", "create") }
    var keyCancel: String { t("avbryt", "cancel") }
    var keyRead: String { t("läs", "read") }
    var keyPage: String { t("sida", "page") }
    var keySearch: String { t("sök", "search") }
    var keyFilter: String { t("filter", "filters") }
    var keyClear: String { t("rensa", "clear") }
    var keyFollowUp: String { t("uppföljning", "follow-up") }
    var keyQueue: String { t("kön", "queue") }
    var keyIndicators: String { t("indikatorer", "indicators") }
    var keyField: String { t("fält", "field") }
    var keyChangeValue: String { t("byt värde", "change value") }
    var keyShow: String { t("visa", "show") }
    var keyItem: String { t("fråga", "item") }
    var keyComment: String { t("kommentar", "comment") }
    var keyApprove: String { t("godkänn", "approve") }
    var keyReturn: String { t("återsänd", "return") }
    var keyOverride: String { t("häv stopp", "override") }
    var keyVersions: String { t("versioner", "versions") }
    var keyWorksheet: String { t("arbetsbladet", "worksheet") }
    var keyOnward: String { t("vidare", "next") }
    var keyWhatChanged: String { t("vad ändrades", "what changed") }
    var keyReload: String { t("läs om", "reload") }
    var keyDiscussionPoints: String { t("diskussionspunkter", "discussion points") }

    // Indicators
    var allUnits: String { t("alla enheter", "all units") }
    func noAnalyses(_ year: Int) -> String { t("Inga analyser räknas för \(year).", "No analyses count for \(year).") }

    // Home
    var homeTitle: String { t("barnkoll", "barnkoll") }
    var newAnalysis: String { t("+ Ny analys", "+ New analysis") }
    var returnedToYou: String { t("Återsända till dig", "Returned to you") }
    var yourDrafts: String { t("Dina utkast", "Your drafts") }
    var yourSubmitted: String { t("Inskickade", "Submitted") }
    var none: String { t("(inga)", "(none)") }
    var newTitle: String { t("Ny analys", "New analysis") }
    var chooseChecklist: String { t("Checklista", "Checklist") }
    var caseReference: String {
        t("Ärendereferens eller diarienummer (aldrig personnummer)", "Case reference or diary number (never an identity number)")
    }
    var unit: String { t("Enhet", "Unit") }
    var create: String { t("Skapa", "Create") }
    var needCaseReference: String { t("Ange en ärendereferens.", "Give a case reference.") }
    var caseReferenceIsPersonnummer: String {
        t("Det ser ut som ett personnummer. Ange ärendets referens i stället.",
          "That looks like a personal identity number. Give the case reference instead.")
    }

    // Review queue and follow-up
    var reviewTitle: String { t("Granskning", "Review") }
    var queueTab: String { t("Kö", "Queue") }
    var followUpTab: String { t("Uppföljning", "Follow-up") }
    func showing(_ first: Int, _ last: Int, _ total: Int, countLimit: Int) -> String {
        // Nothing found is a count, not a range "0–0".
        guard total > 0 else { return t("0 av 0", "0 of 0") }
        return total > countLimit
            ? t("\(first)–\(last) av fler än \(countLimit)", "\(first)–\(last) of more than \(countLimit)")
            : t("\(first)–\(last) av \(total)", "\(first)–\(last) of \(total)")
    }
    var idColumn: String { t("Id", "Id") }
    var submittedColumn: String { t("Senast", "Latest") }
    /// The follow-up lists' date: the one that passed, or when the stop or the override came.
    var dateColumn: String { t("Datum", "Date") }
    var caseColumn: String { t("Ärende", "Case") }
    var ruleColumn: String { t("Stopp", "Hard stop") }
    var nothingToFollowUp: String { t("Inget att följa upp.", "Nothing to follow up.") }
    var noneOfTheOtherKinds: String { t("Inget i de övriga slagen.", "None of the other kinds.") }
    var queueEmpty: String { t("Inget att granska med de här filtren.", "Nothing to review with these filters.") }
    var statusLabel: String { t("Status", "Status") }
    var all: String { t("alla", "all") }
    /// The queue's filter in one line: the full screen's line above the list, plain mode's heading.
    func filterLine(_ filter: AnalysisFilter) -> String {
        var parts = ["\(statusLabel): \(filter.status?.label(language) ?? all)"]
        if let unit = filter.unit { parts.append("\(self.unit): \(unit)") }
        if let author = filter.author { parts.append("\(caseworker): \(author)") }
        if let checklist = filter.checklist { parts.append("\(chooseChecklist): \(checklist)") }
        if filter.since != nil || filter.until != nil {
            parts.append("\(period): \(filter.since ?? "…")–\(filter.until ?? "…")")
        }
        if let search = filter.search { parts.append("\(searchLabel): \"\(search)\"") }
        return parts.joined(separator: " · ")
    }
    var caseworker: String { t("Handläggare", "Caseworker") }
    var period: String { t("Period", "Period") }
    var searchLabel: String { t("Sök", "Search") }
    var since: String { t("Skapad från", "Created from") }
    var until: String { t("Skapad till", "Created to") }
    var filterTitle: String { t("Filter (Enter visar, Esc avbryter)", "Filters (Enter shows, Esc cancels)") }
    /// A date refused, with why, in the words the worksheet uses: the shape to write, or that
    /// the month or day does not exist. nil: `text` is a date.
    func badDate(_ text: String) -> String? {
        ISODate.problem(text).map { "\($0.text(language))." }
    }

    // Review of one analysis
    var reviewing: String { t("Granskar", "Reviewing") }
    /// "Granskar BKA-2026-0001 · inskickad · v2": the review's title. A draft never submitted has
    /// no version to name.
    func reviewTitle(_ summary: AnalysisSummary) -> String { "\(reviewing) \(reviewed(summary))" }
    /// "BKA-2026-0001 · inskickad · v2": what the review's title says without its verb, which
    /// gives way first in a narrow window.
    func reviewed(_ summary: AnalysisSummary) -> String {
        "\(summary.id) · \(summary.status.label(language))" + (summary.versions > 0 ? " · v\(summary.versions)" : "")
    }
    func commentAt(_ prompt: String) -> String { t("Kommentar vid: \(prompt)", "Comment at: \(prompt)") }
    var approveTitle: String { t("Godkänn. Kommentar till handläggaren (valfri):", "Approve. A comment for the caseworker (optional):") }
    func returnTitle(_ items: Int) -> String {
        items == 1 ? t("Återsänd. Vad saknas? (krävs; 1 kommentar vid en fråga skickas med)",
                       "Return. What is missing? (required; 1 comment at an item goes with it)")
                   : t("Återsänd. Vad saknas? (krävs; \(items) kommentarer vid frågor skickas med)",
                       "Return. What is missing? (required; \(items) comments at items go with it)")
    }
    func overrideTitle(_ ground: String) -> String {
        t("Häv stoppet: \(ground). Förklara (krävs):", "Override: \(ground). Explain (required):")
    }
    var groundQuestion: String {
        t("Ett beslut mot barnets bästa är här inte lagligt. På vilket skäl hävs stoppet?",
          "A decision against the child's best interest is not lawful here. On which ground is the stop lifted?")
    }
    var returnNeedsComment: String { t("Skriv vad som saknas innan du återsänder.", "Write what is missing before returning.") }
    var overrideNeedsReason: String {
        t("Ett stopp hävs bara med en skriftlig förklaring.", "A hard stop is overridden only with a written explanation.")
    }
    /// With `worksheetKey`, the review screen's `a` is named: a draft is handed over or moved there.
    func onlySubmittedReviewed(_ status: AnalysisStatus, worksheetKey: Bool = false) -> String {
        t("Bara inskickade analyser av någon annan granskas (den här är \(status.label(.sv)))."
            + (worksheetKey ? " Med a öppnar du arbetsbladet." : ""),
          "Only submitted analyses by someone else are reviewed (this one is \(status.label(.en)))."
            + (worksheetKey ? " Press a for its worksheet." : ""))
    }
    func cannotApproveIncomplete(_ missing: Int, _ stops: Int) -> String {
        t("Kan inte godkännas: \(missing) saknas, \(stops) stopp. Återsänd i stället.",
          "Cannot be approved: \(missing) missing, \(stops) hard stops. Return it instead.")
    }
    var noHardStop: String { t("Inget stopp att häva.", "No hard stop to override.") }
    var notYourOwn: String { t("Du granskar inte din egen analys.", "You do not review your own analysis.") }
    func missingCount(_ count: Int) -> String { t("\(count) uppgifter saknas", "\(count) items missing") }
    func warningsCount(_ count: Int) -> String {
        count == 1 ? t("1 varning, visad vid frågan", "1 warning, shown at the item")
                   : t("\(count) varningar, visade vid frågorna", "\(count) warnings, shown at the items")
    }
    var overridden: String { t("hävt av chef", "overridden by a supervisor") }
    var moreAbove: String { t("↑ mer", "↑ more") }
    var moreBelow: String { t("↓ mer: ↓ eller mellanslag", "↓ more: ↓ or space") }
    /// Below a form too tall for the window: Tab (or ↓ among options) brings it into view.
    var moreBelowInForm: String { t("↓ mer", "↓ more") }
    var earlierComment: String { t("Tidigare kommentar", "Earlier comment") }
    var yourComment: String { t("Din kommentar", "Your comment") }
    var historyTitle: String { t("Versioner och granskningar", "Versions and reviews") }
    var unsubmitted: String { t("nu (ej inskickad)", "now (not submitted)") }
    /// "v2", the unsubmitted answers, or "–" for the empty start.
    func versionLabel(_ number: Int) -> String {
        number == VersionHistory.current ? unsubmitted : number == 0 ? "–" : "v\(number)"
    }
    /// A row of the history, as both the full screen and plain mode list it.
    func versionLine(_ history: VersionHistory, _ number: Int) -> String {
        guard let version = history.version(number) else { return unsubmitted }
        return "v\(number)  \(version.createdAt.prefix(16).replacingOccurrences(of: "T", with: " "))  "
            + "\(TextHygiene.forOutput(version.createdBy, multiline: false))  \(version.status.label(language))  #\(version.contentHash.prefix(12))"
    }
    /// A review: under its version in the history, or with the version it decided in the review (an
    /// override made before the first submission decided none). An override names the stop and its
    /// ground, as `barnkoll review history` does.
    func reviewLine(_ review: Review, in checklist: Checklist, version: Bool = false) -> String {
        "\(review.at.prefix(10)) \(TextHygiene.forOutput(review.reviewer, multiline: false)): "
            + TextHygiene.forOutput(review.decided(in: checklist, language), multiline: false)
            + (version ? review.versionName.map { " " + $0 } ?? "" : "")
            + (review.comment.map { " – \(TextHygiene.forOutput($0, multiline: false))" } ?? "")
    }
    /// A hand-over or move, where it falls in the history.
    func transferLine(_ transfer: Transfer) -> String {
        "\(transfer.at.prefix(10)) " + transfer.line(language) { TextHygiene.forOutput($0, multiline: false) }
    }
    var noVersions: String { t("Ingen version är inskickad än.", "No version has been submitted yet.") }
    func diffTitle(_ from: String, _ to: String) -> String { t("Ändringar från \(from) till \(to)", "Changes from \(from) to \(to)") }
    var noChanges: String { t("Inga ändringar.", "No changes.") }
    func changeKind(_ kind: ItemChange.Kind) -> String {
        switch kind {
        case .added: t("Nytt svar", "New answer")
        case .removed: t("Borttaget svar", "Removed answer")
        case .changed: t("Ändrat", "Changed")
        }
    }
    var before: String { t("Före", "Before") }
    var after: String { t("Efter", "After") }
    func decided(_ id: String, _ status: AnalysisStatus) -> String { t("\(id): \(status.label(.sv)).", "\(id): \(status.label(.en)).") }
    /// An approval, and, when the system log did not get the chain head, the head itself to keep.
    func approved(_ id: String, _ anchor: ChainAnchor) -> String {
        guard anchor.notLogged != nil else { return decided(id, .approved) }
        // Said to a unit manager: what to do, not how the audit chain works.
        return decided(id, .approved)
            + t(" Godkännandet kunde inte antecknas i datorns logg. Spara raden nedan och lämna den till den som sköter barnkoll:\n",
                " The approval could not be noted in the computer's log. Keep the line below and give it to whoever runs barnkoll:\n")
            + anchor.head.logLine
    }
    var receiptAgainOnLeaving: String {
        t("Raden skrivs ut hel igen när du lämnar barnkoll.", "The line is printed whole again when you leave barnkoll.")
    }
    func overrideDone(_ id: String) -> String { t("\(id): stoppet är hävt.", "\(id): the hard stop is overridden.") }
    func reviewEntry(_ waiting: Int) -> String {
        let count = waiting > AnalysisFilter.countLimit ? t("fler än \(AnalysisFilter.countLimit)", "more than \(AnalysisFilter.countLimit)") : "\(waiting)"
        return t("Granskningskö (\(count) väntar)", "Review queue (\(count) waiting)")
    }
    var indicatorsEntry: String { t("Indikatorer och barnbokslut", "Indicators and barnbokslut") }
    var supervisorHeading: String { t("Chef", "Supervisor") }
    func onlySupervisors(_ account: String) -> String {
        t("Bara chefer granskar; \(account) är inte chef (en admin ger rollen: barnkoll admin grant supervisor \(account)).",
          "Only supervisors review; \(account) is not one (an admin grants it: barnkoll admin grant supervisor \(account)).")
    }
}
