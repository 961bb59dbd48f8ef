import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll backup FILE`: a copy taken while the store is in use, checked before it is kept.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Kopiera lagret till FIL medan det används (säkerhetskopia i drift), synkad, kontrollerad, läge 0600.", "Copy the store to FILE while it is in use (online backup), synced, checked, mode 0600."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Vart kopian ska.", "Where the copy goes.", value: .file)) var file: String

    func run() throws {
        let store = try global.openStore()
        try store.backup(to: file)
        print(global.words.backedUp(to: file))
    }
}
