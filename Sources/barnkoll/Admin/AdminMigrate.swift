import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Uppdatera PostgreSQL-lagrets schema (en medlem i barnkoll_owner; se docs/operations.md).", "Apply the PostgreSQL store's schema migrations (a member of barnkoll_owner; see docs/operations.md)."),
            discussion: Help.t("Varje migrering i en egen transaktion, under ett rådgivande lås; sparas med sin kontrollsumma. "
                               + "Första körningen bestämmer också lagrets slag (riktigt, eller övning med --training).",
                               "Each migration in its own transaction, under an advisory lock; recorded with its checksum. "
                               + "The first run also fixes the store's kind (real, or training with --training)."))
        @OptionGroup var global: GlobalOptions
        @Option(help: .t("Rollen som blir lagrets första administratör.", "The role that becomes the store's first admin.", value: .account)) var firstAdmin: String?

        func run() throws {
            let location = global.training ? global.trainingStorePath : global.storePath
            let (applied, latest) = try StoreOpening.migrate(location, kind: global.training ? .training : .real, firstAdmin: firstAdmin)
            if applied.isEmpty {
                print(global.words.schemaUpToDate(latest))
            }
            for version in applied {
                print(global.words.migrationApplied(version))
            }
        }
    }
}
