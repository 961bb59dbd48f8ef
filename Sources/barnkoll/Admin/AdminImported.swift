import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
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
            for entry in found {
                print("\(entry.old) → \(entry.new)  \(entry.source)  \(entry.at)" + (entry.file.map { "  " + TextHygiene.forOutput($0, multiline: false) } ?? ""))
            }
        }
    }
}
