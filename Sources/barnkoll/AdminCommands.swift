import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll admin`: roles and units, handing work over, retention exemptions. Every rule is
/// Core's; these commands parse, call and print.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Roller, enheter och medlemskap, att lämna över en analys, och undantag från radering.", "Roles, units and memberships, handing an analysis over, and retention exemptions."),
        subcommands: [Grant.self, Revoke.self, Roles.self, Units.self, Reassign.self, Exempt.self, Unexempt.self, Migrate.self, Import.self, Imported.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Uppdatera PostgreSQL-lagrets schema (en medlem i barnkoll_owner; se docs/operations.md).", "Apply the PostgreSQL store's schema migrations (a member of barnkoll_owner; see docs/operations.md)."),
            discussion: Help.t("Varje migrering i en egen transaktion, under ett rådgivande lås; sparas med sin kontrollsumma. "
                               + "Första körningen bestämmer också lagrets slag (riktigt, eller övning med --training).",
                               "Each migration in its own transaction, under an advisory lock; recorded with its checksum. "
                               + "The first run also fixes the store's kind (real, or training with --training)."))
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp(Help.t("Rollen som blir lagrets första administratör.", "The role that becomes the store's first admin."), valueName: "account")) var firstAdmin: String?

        func run() throws {
            let english = global.language == .en
            let location = global.training ? global.trainingStorePath : global.storePath
            let (applied, latest) = try StoreOpening.migrate(location, kind: global.training ? .training : .real, firstAdmin: firstAdmin)
            if applied.isEmpty {
                print(english ? "The schema is up to date (version \(latest))." : "Schemat är aktuellt (version \(latest)).")
            }
            for version in applied {
                print(english ? "Applied migration \(version)." : "Migrering \(version) tillämpad.")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Flytta in en enhets SQLite-lager i PostgreSQL-lagret (bara administratörer; en transaktion; se docs/operations.md).",
                             "Move a unit's SQLite store into the PostgreSQL store (admins only; one transaction; see docs/operations.md)."),
            discussion: Help.t("Varje analys med svar, versioner, granskningar och anteckningar, rollerna caseworker, supervisor och trainer, "
                + "och filens granskningslogg, som sparas bredvid databasens och registreras där med sitt sista huvud. "
                + "Id behålls där de är lediga, annars får analysen ett nytt nummer (skrivs ut; `barnkoll admin imported GAMMALT-ID` hittar dem). "
                + "Filen läses bara.",
                "Every analysis with its answers, versions, reviews and notes, the caseworker, supervisor and trainer roles, "
                + "and the file's audit chain, kept beside the database's and recorded there with its last head. "
                + "Ids are kept where free, otherwise renumbered (printed; `barnkoll admin imported OLD-ID` finds them). "
                + "The file is only read."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp(Help.t("Enhetens SQLite-lager.", "The unit's SQLite store."), valueName: "file")) var file: String
        @Option(help: ArgumentHelp(Help.t("Enheten som alla filens analyser hamnar i, eller TEXT=ENHET för dem vars enhet är TEXT (kan upprepas).",
                                          "The unit every analysis of the file is filed under, or TEXT=UNIT for those whose unit is TEXT (repeatable)."),
                                   valueName: "unit")) var unit: [String] = []
        @Option(help: ArgumentHelp(Help.t("Ett OS-konto i filen och den databasroll det blir (kan upprepas).",
                                          "An OS account in the file and the database role it becomes (repeatable)."), valueName: "old=new"))
        var account: [String] = []

        func run() throws {
            let english = global.language == .en
            let mapping = try ImportMapping.parse(accounts: account, units: unit)
            let target = try StoreOpening.importTarget(global.storePath)
            let source = try StoreOpening.importSource(file)
            let moved = try target.importStore(source, mapping: mapping, by: Account.current)
            for id in moved {
                print(id.renumbered ? "\(id.old) → \(id.new)" + (english ? " (renumbered)" : " (nytt nummer)") : "\(id.old) → \(id.new)")
            }
            let renumbered = moved.filter(\.renumbered).count
            print(english ? "\(moved.count) analyses imported from \(file), \(renumbered) renumbered; check with: barnkoll verify"
                          : "\(moved.count) analyser inflyttade från \(file), \(renumbered) med nytt nummer; kontrollera med: barnkoll verify")
        }
    }

    struct Imported: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Vart inflyttade analyser tog vägen: varje gammalt id, dess id nu och lagret den kom från.",
                             "Where imported analyses went: each old id, its id now, and the store it came from."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Ett id som analysen hade i sin enhets fil (alla när det utelämnas).",
                           "An id the analysis had in its unit's file (all when left out)."), transform: AnalysisID.normalize) var id: String?

        func run() throws {
            guard let target = try global.openStore() as? any ImportRecords else {
                throw StoreError.notAllowed(sv: "ett SQLite-lager tar inte emot importer; inget är inflyttat hit",
                                            en: "a SQLite store takes no imports; nothing was imported here")
            }
            let found = try target.importedIDs(old: id)
            if found.isEmpty, let id {
                throw StoreError.notAllowed(sv: "ingen analys hade id \(id) i ett inflyttat lager; se barnkoll list",
                                            en: "no analysis had the id \(id) in an imported store; see barnkoll list")
            }
            for entry in found { print("\(entry.old) → \(entry.new)  \(entry.source)  \(entry.at)") }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Ge ett konto en roll, i hela förvaltningen eller i en enhet (bara administratörer; loggas).", "Give an account a role, across the administration or in one unit (admins only; audited)."),
            discussion: Help.t("Med --unit arbetar kontot i den enheten: en handläggare ser dess analyser, en chef granskar dem.",
                               "With --unit, the account works in that unit: a caseworker sees its analyses, a supervisor reviews them."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("caseworker, supervisor, trainer eller admin.", "caseworker, supervisor, trainer or admin.")) var role: Role
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.")) var account: String
        @Option(help: ArgumentHelp(Help.t("Enheten, från `barnkoll admin units list`.", "The unit, from `barnkoll admin units list`."), valueName: "unit")) var unit: String?

        func run() throws {
            let store = try global.openStore(creating: true)
            let grant = try store.setRole(role, for: account, granted: true, by: Account.current, unit: unit)
            print("\(grant.account): +\(role.rawValue)" + (grant.unit.map { " (\($0))" } ?? ""))
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Ta en roll från ett konto (bara administratörer; loggas).", "Take a role from an account (admins only; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("caseworker, supervisor, trainer eller admin.", "caseworker, supervisor, trainer or admin.")) var role: Role
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.")) var account: String
        @Option(help: ArgumentHelp(Help.t("Enheten där rollen gällde.", "The unit the role was held in."), valueName: "unit")) var unit: String?

        func run() throws {
            let store = try global.openStore()
            let grant = try store.setRole(role, for: account, granted: false, by: Account.current, unit: unit)
            print("\(grant.account): -\(role.rawValue)" + (grant.unit.map { " (\($0))" } ?? ""))
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Varje kontos roller och de enheter det arbetar i.", "Every account's roles, and the units it works in."))
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            for grant in try store.grants() {
                print("\(grant.account)  \(grant.role.rawValue)" + (grant.unit.map { "  \($0)" } ?? ""))
            }
        }
    }

    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Förvaltningens lista över enheter (administratörer sköter den; loggas).", "The administration's list of units (admins keep it; audited)."),
            discussion: Help.t("""
            Ett lager utan enheter fungerar som förut: alla ser allt. När en enhet har lagts till ser \
            en handläggare sina egna analyser och sina enheters, en chef granskar sina enheters och \
            en administratör ser allt. I SQLite-lagret är det vad barnkoll visar, inget skydd: \
            varje medlem i lagrets grupp kan läsa filen.
            """, """
            A store with no units works as before: everyone sees everything. Once a unit is added, \
            a caseworker sees their own analyses and their units', a supervisor reviews their units', \
            an admin sees all. On the SQLite store this is what barnkoll shows, not a protection: \
            every member of the store's group can read the file.
            """),
            subcommands: [Add.self, List.self, Rename.self, Map.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: Help.t("Lägg till en enhet på listan.", "Add a unit to the list."))
            @OptionGroup var global: GlobalOptions
            @Argument(help: .t("Enhetens namn, som användarna läser det (Socialpsykiatri).", "The unit's name, as users read it (Socialpsykiatri).")) var name: String

            func run() throws {
                let store = try global.openStore(creating: true)
                try store.addUnit(name, by: Account.current)
                print("+ \(TextHygiene.forOutput(name, multiline: false))")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: Help.t("Enheterna, och de fritextenheter i äldre analyser som inte står på listan.", "The units, and the free-text units of older analyses that are not on the list."))
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let store = try global.openStore()
                let (units, unlisted) = (try store.units(), try store.unlistedUnits())
                let sv = global.language == .sv
                if units.isEmpty { print(sv ? "Inga enheter. Alla ser allt i lagret." : "No units. Everyone sees everything in the store.") }
                for unit in units { print(TextHygiene.forOutput(unit, multiline: false)) }
                guard !unlisted.isEmpty else { return }
                print("")
                print(sv ? "Inte på listan (flytta med: barnkoll admin units map TEXT ENHET):"
                         : "Not on the list (move with: barnkoll admin units map TEXT UNIT):")
                for (text, count) in unlisted {
                    print("  \"\(TextHygiene.forOutput(text, multiline: false))\"  \(count)")
                }
            }
        }

        struct Rename: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: Help.t("Byt namn på en enhet, med alla analyser och medlemskap under den.", "Rename a unit, with every analysis and membership under it."))
            @OptionGroup var global: GlobalOptions
            @Argument(help: .t("Enhetens nuvarande namn.", "The unit's name now.")) var old: String
            @Argument(help: .t("Dess nya namn.", "Its new name.")) var new: String

            func run() throws {
                let store = try global.openStore()
                try store.renameUnit(old, to: new, by: Account.current)
                print("\(TextHygiene.forOutput(old, multiline: false)) → \(TextHygiene.forOutput(new, multiline: false))")
            }
        }

        struct Map: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: Help.t("För analyser vars enhet är fritexten TEXT till en enhet på listan (\\\"socpsyk\\\" → Socialpsykiatri).", "File the analyses whose free-text unit is TEXT under a listed unit (\"socpsyk\" → Socialpsykiatri)."))
            @OptionGroup var global: GlobalOptions
            @Argument(help: .t("Fritexten som äldre analyser har som enhet.", "The free text older analyses carry as their unit.")) var text: String
            @Argument(help: .t("Enheten på listan.", "The unit on the list.")) var unit: String

            func run() throws {
                let store = try global.openStore()
                let moved = try store.mapUnit(text, to: unit, by: Account.current)
                print(global.language == .sv ? "\(moved) analyser flyttade" : "\(moved) analyses moved")
            }
        }
    }

    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Lämna över ett utkast eller en återsänd analys till en kollega när den som skrev den är borta eller har slutat (en chef för enheten eller en administratör; loggas).", "Give a draft or returned analysis to a colleague when its author is away or has left (a supervisor of its unit or an admin; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Analysen, till exempel BKA-2026-0001.", "The analysis, e.g. BKA-2026-0001."), transform: AnalysisID.normalize) var id: String
        @Argument(help: .t("Kontot i operativsystemet som tar över den.", "The operating-system account that takes it over.")) var account: String
        @Option(help: .t("Varför den lämnas över (loggas).", "Why it is handed over (audited).")) var reason: String

        func run() throws {
            let store = try global.openStore()
            try store.reassign(id, to: account, reason: reason, by: Account.current)
            print("\(id) → \(account)")
        }
    }
}
