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
    @Option(help: ArgumentHelp(Help.t("Radera det som beslutades före denna dag.", "Purge what was decided before this day."), valueName: "YYYY-MM-DD")) var before: String
    @Flag(help: .t("Lista vad som skulle raderas och vad som behålls; ändra inget.", "List what would be purged and what is kept; change nothing.")) var dryRun = false

    func validate() throws {
        guard ISODate.isValid(before) else { throw ValidationError(global.words.notADate("--before", before)) }
        guard before <= ISODate.today() else { throw ValidationError(global.words.inTheFuture("--before", before)) }
    }

    func run() throws {
        let store = try global.openStore()
        let sv = global.language == .sv
        if dryRun {
            let plan = try store.retention(before: before)
            print(sv ? "\(plan.due.count) analyser beslutade före \(before) skulle gallras:"
                     : "\(plan.due.count) analyses decided before \(before) would be purged:")
            for summary in plan.due { print("  \(summary.id)  \(summary.status.label(global.language))  \(summary.updatedAt.prefix(10))") }
            for kept in plan.exempt {
                print(sv ? "  \(kept.id)  undantagen: \(TextHygiene.forOutput(kept.reason, multiline: false))"
                         : "  \(kept.id)  exempt: \(TextHygiene.forOutput(kept.reason, multiline: false))")
            }
            return
        }
        let purged = try store.purge(before: before, by: Account.current)
        print(sv ? "\(purged.count) analyser gallrade (beslutade före \(before))" : "\(purged.count) analyses purged (decided before \(before))")
        for id in purged { print("  \(id)") }
        if let vacuumed = (store as? PostgresStore)?.vacuumedAfterPurge {
            print(vacuumed ? (sv ? "VACUUM kördes på tabellerna gallringen rörde." : "VACUUM ran on the tables the purge touched.")
                : (sv ? "VACUUM kördes inte (bara en medlem i barnkoll_owner får); autovacuum gör det senare, se docs/operations.md."
                      : "VACUUM did not run (only a member of barnkoll_owner may); autovacuum does it later, see docs/operations.md."))
        }
    }
}
