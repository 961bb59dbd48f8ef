import ArgumentParser
import BarnkollCore
import BarnkollPostgres
import Foundation

/// `barnkoll purge --before DATE`: retention (gallring), for admins.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Radera beslutade analyser vars bevarandetid har gått ut (bara administratörer; loggas).", "Delete decided analyses whose retention has run out (admins only; audited)."),
        discussion: Help.t("""
        Raderar analyser som godkändes eller avslutades före DATUM och inte ändrats sedan, med svar, \
        versioner och granskningar; sökindexet byggs om och raderade sidor nollas, så att inget ord \
        av dem finns kvar i filen. Loggen behåller en gravsten per analys (id, vem, när) och går \
        fortfarande att kontrollera. Analyser som någon arbetar med raderas aldrig; analyser \
        undantagna med `barnkoll admin exempt` behålls. Pröva först med --dry-run.
        """, """
        Deletes the analyses approved or closed before DATE and not changed since, with their answers, \
        versions and reviews; the search index is rebuilt and deleted pages are zeroed, so no word of \
        them stays in the file. The audit trail keeps a tombstone per analysis (its id, who, when) and \
        still verifies. Analyses still being worked on are never purged; analyses marked with \
        `barnkoll admin exempt` are kept. Try it with --dry-run first.
        """))

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("Radera det som beslutades före denna dag.", "Purge what was decided before this day.", value: .date)) var before: String
    @Flag(help: .t("Lista vad som skulle raderas och vad som behålls; ändra inget.", "List what would be purged and what is kept; change nothing.")) var dryRun = false

    func validate() throws {
        guard ISODate.isValid(before) else { throw ValidationError(global.words.notADate("--before", before)) }
        guard before <= ISODate.today() else { throw ValidationError(global.words.inTheFuture("--before", before)) }
    }

    func run() throws {
        let store = try global.openStore()
        if dryRun {
            let plan = try store.retention(before: before)
            print(global.words.dueForRetention(plan.due.count, before: before))
            for summary in plan.due { print("  \(summary.id)  \(summary.status.label(global.language))  \(summary.updatedAt.prefix(10))") }
            for kept in plan.exempt { print(global.words.exemptFromRetention(kept.id, reason: kept.reason)) }
            return
        }
        let purged = try store.purge(before: before, by: Account.current)
        print(global.words.purgedForRetention(purged.count, before: before))
        for id in purged { print("  \(id)") }
        if let vacuumed = (store as? PostgresStore)?.vacuumedAfterPurge {
            print(global.words.vacuumedAfterPurge(vacuumed))
        }
    }
}
