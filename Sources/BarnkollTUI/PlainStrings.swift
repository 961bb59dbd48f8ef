import BarnkollCore

/// Plain mode's own words. Kept apart from `Strings` so the line-by-line wording (typed letters
/// and numbers instead of keys) reads as one whole.
extension Strings {
    var plainKeys: String {
        t("Svara och tryck Enter. Tom rad: behåll svaret. -: töm svaret. ?: hjälp. m: vad saknas. g 4.2: gå till fråga 4.2. s: skicka in. q: sluta.",
          "Answer and press Enter. Empty line: keep the answer. -: clear it. ?: help. m: what is missing. g 4.2: go to item 4.2. s: submit. q: quit.")
    }
    func plainOpened(_ id: String, _ title: String, _ status: AnalysisStatus) -> String {
        t("\(id) · \(title) · \(status.label(.sv))", "\(id) · \(title) · \(status.label(.en))")
    }
    func plainSection(_ number: Int, _ title: String) -> String { t("Avsnitt \(number): \(title)", "Section \(number): \(title)") }
    var plainRequired: String { t("(obligatorisk)", "(required)") }
    var plainCurrent: String { t("Nu", "Now") }
    var plainLongTextHint: String {
        t("Flera rader går bra. Avsluta med en rad med bara en punkt.", "Several lines are fine. End with a line holding a single dot.")
    }
    var plainChoiceHint: String { t("Svara med numret.", "Answer with the number.") }
    var plainMoveQuestion: String {
        t("Flytta analysen till en annan enhet? Svara med numret, tom rad: behåll enheten.",
          "Move the analysis to another unit? Answer with the number, an empty line: keep the unit.")
    }
    func plainHandOverQuestion(_ author: String) -> String {
        t("Lämna över analysen från \(TextHygiene.forOutput(author, multiline: false)) till en kollega? Svara med numret, tom rad: låt den vara.",
          "Hand the analysis over from \(TextHygiene.forOutput(author, multiline: false)) to a colleague? Answer with the number, an empty line: leave it.")
    }
    func plainAuthorKept(_ author: String) -> String {
        t("Ingen sådan kollega; analysen skrivs kvar av \(TextHygiene.forOutput(author, multiline: false)).",
          "No such colleague; the analysis is still written by \(TextHygiene.forOutput(author, multiline: false)).")
    }
    func plainUnitKept(_ unit: String) -> String {
        t("Ingen sådan enhet; analysen hör kvar till \(TextHygiene.forOutput(unit, multiline: false)).",
          "No such unit; the analysis stays filed under \(TextHygiene.forOutput(unit, multiline: false)).")
    }
    var plainMultiHint: String { t("Svara med numren, åtskilda med komma (1,3).", "Answer with the numbers, separated by commas (1,3).") }
    var plainDateHint: String { t("Datum som ÅÅÅÅ-MM-DD.", "A date as YYYY-MM-DD.") }
    var plainNumberHint: String { t("Ett heltal.", "A whole number.") }
    func plainPickNumber(_ count: Int) -> String { t("Svara med ett nummer från 1 till \(count).", "Answer with a number from 1 to \(count).") }
    func plainAdd(_ group: String, another: Bool) -> String {
        another ? t("Lägg till en post till i «\(group)»? j/n", "Add another entry to «\(group)»? y/n")
                : t("Lägg till en post i «\(group)»? j/n", "Add an entry to «\(group)»? y/n")
    }
    /// The example names the last entry, which is always there (with one entry, "x 2" named none).
    func plainRemoveHint(_ count: Int) -> String { t("x \(count) tar bort post nr \(count).", "x \(count) removes entry no. \(count).") }
    func plainEntries(_ count: Int) -> String {
        count == 1 ? t("1 post.", "1 entry.") : t("\(count) poster.", "\(count) entries.")
    }
    var plainYesOrNo: String { t("Svara j eller n.", "Answer y or n.") }
    func plainRemoved(_ number: Int) -> String { t("Post nr \(number) är borttagen.", "Entry no. \(number) is removed.") }
    var plainWarning: String { t("Varning", "Warning") }
    var plainMissing: String { t("Saknas", "Missing") }
    var plainNothingMissing: String { t("Inget saknas. Skriv s för att skicka in.", "Nothing is missing. Type s to submit.") }
    var plainGoHint: String { t("g och ett nummer går till frågan (g 4.2).", "g and a number goes to the item (g 4.2).") }
    func plainNoItem(_ what: String) -> String {
        t("Det finns ingen fråga «\(what)». Skriv m för det som saknas.", "There is no item «\(what)». Type m for what is missing.")
    }
    func plainHidden(_ what: String) -> String {
        t("Frågan \(what) visas inte med de svar som finns nu.", "Item \(what) is not shown with the answers given so far.")
    }
    var plainConfirmSubmit: String { t("Skicka in för granskning? j/n", "Submit for review? y/n") }
    var plainConfirmClose: String { t("Inga barn berörs. Avsluta som ej aktuell? j/n", "No child is affected. Close as not applicable? y/n") }
    var plainNotSubmitted: String { t("Inte inskickad.", "Not submitted.") }
    func plainEnd(_ missing: Int) -> String {
        missing == 0 ? t("Det var sista frågan. Inget saknas.", "That was the last item. Nothing is missing.")
                     : t("Det var sista frågan. \(missing) saknas.", "That was the last item. \(missing) missing.")
    }
    var plainEndPrompt: String {
        t("s skicka in, m saknas, g 4.2 gå till en fråga, Enter första som saknas, q sluta",
          "s submit, m missing, g 4.2 go to an item, Enter first missing, q quit")
    }
    func plainConflict(stored: String, mine: String) -> String {
        t("Ej sparat: svaret sparades från ett annat fönster medan du svarade. Sparat där: «\(stored)». Ditt svar: «\(mine)». Svara igen för att ersätta det sparade.",
          "Not saved: the answer was saved from another terminal while you answered. Saved there: «\(stored)». Yours: «\(mine)». Answer again to replace the saved one.")
    }
    func plainSaveFailed(_ why: String) -> String {
        t("Ej sparat: \(why). Svaret finns inte i lagret; skriv det igen.", "Not saved: \(why). The answer is not in the store; give it again.")
    }
    func plainReadOnly(_ status: AnalysisStatus) -> String {
        t("Analysen är \(status.label(.sv)) och kan inte ändras här.", "The analysis is \(status.label(.en)) and cannot be changed here.")
    }

    // Home
    var plainHomePrompt: String { t("Välj ett nummer (q sluta): ", "Pick a number (q quits): ") }
    var plainChecklistPrompt: String { t("Checklista (nummer, Enter: den markerade): ", "Checklist (number, Enter: the marked one): ") }
    var plainCaseRefPrompt: String { t("Ärendereferens (aldrig personnummer): ", "Case reference (never an identity number): ") }
    var plainUnitPrompt: String { t("Enhet: ", "Unit: ") }
    var plainCancelHint: String { t("q avbryter.", "q cancels.") }

    // Indicators
    var plainYearPrompt: String {
        t("Ett annat år (till exempel 2025), Enter: tillbaka: ", "Another year (2025, say), Enter: back: ")
    }
    var plainNotAYear: String {
        t("Ange ett år från 1900 till 9999, till exempel 2025.", "Give a year from 1900 to 9999, 2025 say.")
    }

    // Review
    func plainQueue(_ count: Int, countLimit: Int) -> String {
        count > countLimit
            ? t("Granskningskö: fler än \(countLimit) väntar", "Review queue: more than \(countLimit) waiting")
            : t("Granskningskö: \(count) väntar", "Review queue: \(count) waiting")
    }
    /// The queue under another filter than what waits for review: a count, not "waiting".
    func plainFiltered(_ count: Int, countLimit: Int) -> String {
        count > countLimit
            ? t("Granskningskö: fler än \(countLimit) analyser", "Review queue: more than \(countLimit) analyses")
            : t("Granskningskö: \(count) \(count == 1 ? "analys" : "analyser")", "Review queue: \(count) \(count == 1 ? "analysis" : "analyses")")
    }
    var plainQueuePrompt: String {
        t("Nummer läser analysen, f status och enhet, u uppföljning, / ord söker, q tillbaka: ",
          "A number reads the analysis, f status and unit, u follow-up, / words searches, q back: ")
    }
    var plainStatusPrompt: String { t("Status (nummer, Enter: den markerade): ", "Status (number, Enter: the marked one): ") }
    var plainFilterUnitPrompt: String { t("Enhet (Enter: alla enheter): ", "Unit (Enter: every unit): ") }
    var plainFollowUpEmpty: String { t("Inget att följa upp.", "Nothing to follow up.") }
    var plainReviewPrompt: String {
        t("k 4.2 kommentar vid en fråga, g godkänn, r återsänd, h häv stopp, v versioner, l läs igen, q tillbaka: ",
          "k 4.2 comment at an item, g approve, r return, h override, v versions, l read again, q back: ")
    }
    func plainReadOnlyReviewPrompt(worksheet: Bool) -> String {
        worksheet
            ? t("a arbetsbladet, v versioner, l läs igen, q tillbaka: ", "a worksheet, v versions, l read again, q back: ")
            : t("v versioner, l läs igen, q tillbaka: ", "v versions, l read again, q back: ")
    }
    var plainCommentPrompt: String { t("Kommentar (tom rad tar bort den): ", "Comment (an empty line removes it): ") }
    var plainApprovePrompt: String { t("Kommentar till handläggaren (valfri): ", "A comment for the caseworker (optional): ") }
    var plainReturnPrompt: String { t("Vad saknas? (krävs; q avbryter): ", "What is missing? (required; q cancels): ") }
    var plainOverridePrompt: String { t("Förklaring (krävs; q avbryter): ", "Explanation (required; q cancels): ") }
    var plainGroundPrompt: String { t("Skäl (1–3): ", "Ground (1–3): ") }
    var overrideNeedsGround: String {
        t("Ett stopp hävs bara på ett av de tre skälen.", "A hard stop is overridden only on one of the three grounds.")
    }
    func plainConfirmApprove(_ id: String) -> String { t("Godkänna \(id)? j/n ", "Approve \(id)? y/n ") }
    var plainWhichStop: String { t("Vilket stopp (nummer)? ", "Which hard stop (number)? ") }
    var plainVersionPrompt: String { t("Nummer visar vad som ändrades, Enter tillbaka: ", "A number shows what changed, Enter goes back: ") }
    var plainTrainingLater: String {
        t("Övningsläget finns inte i radläget än; använd barnkoll train.", "Training is not in plain mode yet; use barnkoll train.")
    }
}
