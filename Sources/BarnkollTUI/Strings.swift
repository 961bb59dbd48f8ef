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
        t("Stoppet hävs bara av en chef med ett skriftligt skäl (barnkoll review override).",
          "Only a supervisor can override the stop, with a written reason (barnkoll review override).")
    }
    var invalid: String { t("Ogiltigt", "Invalid") }
    var editorFailed: String { t("Redigeraren avslutades med fel; texten är oförändrad.", "The editor exited with an error; the text is unchanged.") }
    var noEditor: String { t("Ange ett program i $VISUAL eller $EDITOR.", "Set a program in $VISUAL or $EDITOR.") }
    var help: String { t("Hjälp", "Help") }
    var articles: String { t("Barnkonventionen, artikel", "CRC article") }
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
    var caseReference: String { t("Ärendereferens (aldrig personnummer)", "Case reference (never an identity number)") }
    var unit: String { t("Enhet", "Unit") }
    var create: String { t("Skapa", "Create") }
    var keysNew: String { t("Tab nästa fält  ↑↓ välj lista  Enter skapa  Esc avbryt", "Tab next field  ↑↓ pick list  Enter create  Esc cancel") }
    var needCaseReference: String { t("Ange en ärendereferens.", "Give a case reference.") }
    var caseReferenceIsPersonnummer: String {
        t("Det ser ut som ett personnummer. Ange ärendets referens i stället.",
          "That looks like a personal identity number. Give the case reference instead.")
    }
}
