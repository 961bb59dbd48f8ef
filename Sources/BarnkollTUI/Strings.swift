import BarnkollCore

/// Every text the front end shows, in Swedish and English. No screen writes its own words.
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    private func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    // Header and status
    var saved: String { t("✓ Sparat", "✓ Saved") }
    var saving: String { t("… Sparar", "… Saving") }
    var notSaved: String { t("! Ej sparat", "! Not saved") }
    func saveFailed(_ why: String) -> String { t("! Ej sparat: \(why). Försöker igen.", "! Not saved: \(why). Retrying.") }
    var training: String { t("ÖVNING", "TRAINING") }
    var readOnly: String { t("skrivskyddad", "read-only") }
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
    var removeAgain: String { t("Tryck x igen för att ta bort posten.", "Press x again to remove the entry.") }
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
    var keysComparison: String {
        t("↑↓ PgUp PgDn bläddra  r läs om  p diskussionspunkter  q sluta", "↑↓ PgUp PgDn scroll  r reload  p discussion points  q quit")
    }
    var keysCase: String { t("c fallet", "c the case") }
    var noHelp: String { t("Ingen hjälptext för den här frågan.", "No help text for this question.") }

    // Help bars: the keys that work at that moment
    var keysBrowse: String {
        t("↑↓ flytta  Enter ändra  ←→ avsnitt  m saknas  s skicka in  ? hjälp  Esc hem  ^Q sluta",
          "↑↓ move  Enter edit  ←→ section  m missing  s submit  ? help  Esc home  ^Q quit")
    }
    var keysReadOnly: String {
        t("↑↓ flytta  ←→ avsnitt  m saknas  ? hjälp  Esc hem  ^Q sluta",
          "↑↓ move  ←→ section  m missing  ? help  Esc home  ^Q quit")
    }
    var keysText: String {
        t("Esc klar  Tab nästa  ^Z ångra  ^Y gör om  ^W radera ord  ^E redigerare",
          "Esc done  Tab next  ^Z undo  ^Y redo  ^W delete word  ^E editor  ^Q quit")
    }
    var keysLongText: String {
        t("Esc klar  Enter ny rad  Tab nästa  ^Z ångra  ^Y gör om  ^W radera  ^E redigerare",
          "Esc done  Enter new line  Tab next  ^Z undo  ^Y redo  ^W delete word  ^E editor")
    }
    var keysChoice: String { t("↑↓ välj  Enter ta  1-9 direkt  Esc klar", "↑↓ pick  Enter take  1-9 direct  Esc done") }
    var keysMulti: String { t("↑↓ välj  Mellanslag kryssa  1-9 kryssa  Esc klar", "↑↓ pick  Space tick  1-9 tick  Esc done") }
    var keysSub: String {
        t("↑↓ flytta  Enter ändra  x ta bort posten  m saknas  ? hjälp  Esc hem",
          "↑↓ move  Enter edit  x remove entry  m missing  ? help  Esc home")
    }
    var keysMissing: String { t("↑↓ välj  Enter gå dit  Esc tillbaka", "↑↓ pick  Enter go there  Esc back") }
    var keysHelp: String { t("Esc stäng", "Esc close") }
    var keysConfirm: String { t("Enter ja  Esc nej", "Enter yes  Esc no") }

    // Home
    var homeTitle: String { t("barnkoll", "barnkoll") }
    var newAnalysis: String { t("+ Ny analys", "+ New analysis") }
    var returnedToYou: String { t("Återsända till dig", "Returned to you") }
    var yourDrafts: String { t("Dina utkast", "Your drafts") }
    var yourSubmitted: String { t("Inskickade", "Submitted") }
    var none: String { t("(inga)", "(none)") }
    var keysHome: String { t("↑↓ välj  Enter öppna  ^Q avsluta", "↑↓ pick  Enter open  ^Q quit") }
    var newTitle: String { t("Ny analys", "New analysis") }
    var chooseChecklist: String { t("Checklista", "Checklist") }
    var caseReference: String {
        t("Ärendereferens eller diarienummer (aldrig personnummer)", "Case reference or diary number (never an identity number)")
    }
    var unit: String { t("Enhet", "Unit") }
    var create: String { t("Skapa", "Create") }
    var keysNew: String { t("Tab nästa fält  ↑↓ välj lista  Enter skapa  Esc avbryt", "Tab next field  ↑↓ pick list  Enter create  Esc cancel") }
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
        total > countLimit
            ? t("\(first)–\(last) av fler än \(countLimit)", "\(first)–\(last) of more than \(countLimit)")
            : t("\(first)–\(last) av \(total)", "\(first)–\(last) of \(total)")
    }
    var idColumn: String { t("Id", "Id") }
    var submittedColumn: String { t("Senast", "Latest") }
    var caseColumn: String { t("Ärende", "Case") }
    var queueEmpty: String { t("Inget att granska med de här filtren.", "Nothing to review with these filters.") }
    var statusLabel: String { t("Status", "Status") }
    var all: String { t("alla", "all") }
    var caseworker: String { t("Handläggare", "Caseworker") }
    var period: String { t("Period", "Period") }
    var searchLabel: String { t("Sök", "Search") }
    var since: String { t("Skapad från", "Created from") }
    var until: String { t("Skapad till", "Created to") }
    var filterTitle: String { t("Filter (Enter visar, Esc avbryter)", "Filters (Enter shows, Esc cancels)") }
    func badDate(_ text: String) -> String { t("”\(text)” är inget datum: skriv ÅÅÅÅ-MM-DD.", "\"\(text)\" is not a date: write YYYY-MM-DD.") }
    var keysQueue: String {
        t("↑↓ välj  Enter läs  PgDn/PgUp sida  / sök  f filter  x rensa  Tab uppföljning  i indikatorer  Esc tillbaka",
          "↑↓ pick  Enter read  PgDn/PgUp page  / search  f filters  x clear  Tab follow-up  i indicators  Esc back")
    }
    var keysQueueAlone: String {
        t("↑↓ välj  Enter läs  PgDn/PgUp sida  / sök  f filter  x rensa  Tab uppföljning  i indikatorer  ^Q sluta",
          "↑↓ pick  Enter read  PgDn/PgUp page  / search  f filters  x clear  Tab follow-up  i indicators  ^Q quit")
    }
    var keysFollowUp: String { t("↑↓ välj  Enter läs  Tab kön  i indikatorer  Esc tillbaka", "↑↓ pick  Enter read  Tab queue  i indicators  Esc back") }
    var keysFilter: String { t("Tab/↑↓ fält  ←→ byt värde  Enter visa  Esc avbryt", "Tab/↑↓ field  ←→ change value  Enter show  Esc cancel") }

    // Review of one analysis
    var reviewing: String { t("Granskar", "Reviewing") }
    var keysReview: String {
        t("↑↓ fråga  ←→ avsnitt  k kommentar  g godkänn  r återsänd  h häv stopp  v versioner  Esc kön",
          "↑↓ item  ←→ section  k comment  g approve  r return  h override  v versions  Esc queue")
    }
    var keysReviewReadOnly: String { t("↑↓ fråga  ←→ avsnitt  h häv stopp  v versioner  Esc tillbaka", "↑↓ item  ←→ section  h override  v versions  Esc back") }
    var keysPrompt: String { t("Enter klar  Esc avbryt  ^Z ångra", "Enter done  Esc cancel  ^Z undo") }
    var keysVersions: String { t("↑↓ välj  Enter vad ändrades  Esc tillbaka", "↑↓ pick  Enter what changed  Esc back") }
    var keysDiff: String { t("↑↓ PgUp PgDn bläddra  Esc versioner", "↑↓ PgUp PgDn scroll  Esc versions") }
    func commentAt(_ prompt: String) -> String { t("Kommentar vid: \(prompt)", "Comment at: \(prompt)") }
    var approveTitle: String { t("Godkänn. Kommentar till handläggaren (valfri):", "Approve. A comment for the caseworker (optional):") }
    func returnTitle(_ items: Int) -> String {
        t("Återsänd. Vad saknas? (krävs; \(items) kommentarer vid frågor skickas med)",
          "Return. What is missing? (required; \(items) comments at items go with it)")
    }
    func overrideTitle(_ ground: String) -> String {
        t("Häv stoppet: \(ground). Förklara (krävs):", "Override: \(ground). Explain (required):")
    }
    var groundQuestion: String {
        t("Ett beslut mot barnets bästa är här inte lagligt. På vilket skäl hävs stoppet?",
          "A decision against the child's best interest is not lawful here. On which ground is the stop lifted?")
    }
    var keysGround: String { t("↑↓ eller 1–3 välj  Enter vidare  Esc avbryt", "↑↓ or 1–3 choose  Enter next  Esc cancel") }
    var returnNeedsComment: String { t("Skriv vad som saknas innan du återsänder.", "Write what is missing before returning.") }
    var overrideNeedsReason: String {
        t("Ett stopp hävs bara med en skriftlig förklaring.", "A hard stop is overridden only with a written explanation.")
    }
    func onlySubmittedReviewed(_ status: AnalysisStatus) -> String {
        t("Bara inskickade analyser av någon annan granskas (den här är \(status.label(.sv))).",
          "Only submitted analyses by someone else are reviewed (this one is \(status.label(.en))).")
    }
    func cannotApproveIncomplete(_ missing: Int, _ stops: Int) -> String {
        t("Kan inte godkännas: \(missing) saknas, \(stops) stopp. Återsänd i stället.",
          "Cannot be approved: \(missing) missing, \(stops) hard stops. Return it instead.")
    }
    var noHardStop: String { t("Inget stopp att häva.", "No hard stop to override.") }
    var notYourOwn: String { t("Du granskar inte din egen analys.", "You do not review your own analysis.") }
    func missingCount(_ count: Int) -> String { t("\(count) uppgifter saknas", "\(count) items missing") }
    func warningsCount(_ count: Int) -> String { t("\(count) varningar, visade vid frågorna", "\(count) warnings, shown at the items") }
    var overridden: String { t("hävt av chef", "overridden by a supervisor") }
    func decision(_ decision: ReviewDecision) -> String { decision.label(language) }
    var moreAbove: String { t("↑ mer", "↑ more") }
    var moreBelow: String { t("↓ mer: ↓ eller mellanslag", "↓ more: ↓ or space") }
    var earlierComment: String { t("Tidigare kommentar", "Earlier comment") }
    var yourComment: String { t("Din kommentar", "Your comment") }
    var historyTitle: String { t("Versioner och granskningar", "Versions and reviews") }
    var unsubmitted: String { t("nu (ej inskickad)", "now (not submitted)") }
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
        return decided(id, .approved) + t(" Kedjans huvud nådde inte systemloggen; spara: ", " The chain head did not reach the system log; keep: ")
            + anchor.head.logLine
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
