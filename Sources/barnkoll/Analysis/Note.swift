import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll note ID KIND`: what happened after the decision, on an approved or closed analysis,
/// with no new version and no review round (Core's `Notes.swift`).
struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Anteckna vad som hänt efter beslutet: återkoppling given, uppföljning gjord, orosanmälan gjord, utfallet.", "Record what happened after the decision: feedback given, a follow-up done, a report made, the outcome."),
        discussion: Help.t("""
        SLAG är återkoppling (till barnet), uppföljning, orosanmälan eller utfall (beslutets utfall, \
        med --outcome beviljat, avslag eller delvis). Anteckningen dateras, signeras och sparas i \
        loggen; den godkända versionen ändras inte och behöver ingen ny granskning. En anteckning om \
        återkoppling, uppföljning eller orosanmälan tar bort analysens försenade datum av det slaget \
        från chefens uppföljningslista. Anteckningar ändras aldrig: en rättelse är en ny anteckning.
        """, """
        KIND is återkoppling (feedback to the child), uppföljning (the follow-up), orosanmälan (a report \
        of concern) or utfall (the decision's outcome, with --outcome beviljat, avslag or delvis). The \
        note is dated, signed and kept in the audit trail; the approved version does not change and \
        needs no new review. A note of feedback, follow-up or report takes the analysis's overdue date \
        of that kind off the supervisor's follow-up list. Notes are never changed: a correction is a new note.
        """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Argument(help: .t("återkoppling, uppföljning, orosanmälan eller utfall.", "återkoppling, uppföljning, orosanmälan or utfall.", value: .kind)) var kind: String
    @Option(help: .t("Dagen det hände; i dag om det utelämnas.", "The day it happened; today if left out.", value: .date)) var date: String?
    @Option(help: .t("För utfall: beviljat, avslag eller delvis.", "For utfall: beviljat, avslag or delvis.", value: .outcome)) var outcome: String?
    @Option(help: .t("Vad som gjordes, med några ord.", "What was done, in a few words.", value: .text)) var text: String = ""

    func run() throws {
        let sv = global.language == .sv
        guard let kind = NoteKind(name: kind) else {
            throw Failure(sv ? "'\(kind)' är ingen sorts anteckning; skriv återkoppling, uppföljning, orosanmälan eller utfall"
                             : "'\(kind)' is not a kind of note; write feedback, follow-up, report or outcome")
        }
        let result = try outcome.map { name throws(Failure) -> DecisionOutcome in
            guard let outcome = DecisionOutcome(name: name) else {
                throw Failure(sv ? "'\(name)' är inget utfall; skriv beviljat, avslag eller delvis"
                                 : "'\(name)' is not an outcome; write granted, refused or partly")
            }
            return outcome
        }
        let store = try global.openStore()
        let note = NewNote(kind: kind, date: date ?? ISODate.today(), outcome: result, text: text)
        let kept = try store.addNote(id, note, by: Account.current)
        let what = kind.label(global.language) + (kept.outcome.map { ": " + $0.label(global.language).lowercased() } ?? "")
        print("\(id): \(what), \(kept.date)" + (sv ? " (antecknat)" : " (noted)"))
    }
}
