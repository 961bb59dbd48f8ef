import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
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
            subcommands: [Add.self, List.self, Rename.self, Map.self],
            // `barnkoll admin units` lists them, as `git remote` does.
            defaultSubcommand: List.self)

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: Help.t("Lägg till en enhet på listan.", "Add a unit to the list."))
            @OptionGroup var global: GlobalOptions
            @Argument(help: .t("Enhetens namn, som användarna läser det (Socialpsykiatri).", "The unit's name, as users read it (Socialpsykiatri).", value: .name)) var name: String

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
            @Argument(help: .t("Enhetens nuvarande namn.", "The unit's name now.", value: .oldName)) var old: String
            @Argument(help: .t("Dess nya namn.", "Its new name.", value: .newName)) var new: String

            func run() throws {
                let store = try global.openStore()
                try store.renameUnit(old, to: new, by: Account.current)
                print("\(TextHygiene.forOutput(old, multiline: false)) → \(TextHygiene.forOutput(new, multiline: false))")
            }
        }

        struct Map: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: Help.t("För analyser vars enhet är fritexten TEXT till en enhet på listan (”socpsyk” → Socialpsykiatri).", "File the analyses whose free-text unit is TEXT under a listed unit (\"socpsyk\" → Socialpsykiatri)."))
            @OptionGroup var global: GlobalOptions
            @Argument(help: .t("Fritexten som äldre analyser har som enhet.", "The free text older analyses carry as their unit.", value: .text)) var text: String
            @Argument(help: .t("Enheten på listan.", "The unit on the list.", value: .unit)) var unit: String

            func run() throws {
                let store = try global.openStore()
                let moved = try store.mapUnit(text, to: unit, by: Account.current)
                print(global.words.mappedUnit(moved))
            }
        }
    }
}
