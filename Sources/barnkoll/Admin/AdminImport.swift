import ArgumentParser
import BarnkollCore
import Foundation

extension Admin {
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
        @Argument(help: .t("Enhetens SQLite-lager.", "The unit's SQLite store.", value: .file)) var file: String
        @Option(help: .t("Enheten som alla filens analyser hamnar i, eller TEXT=ENHET för dem vars enhet är TEXT (kan upprepas).",
                         "The unit every analysis of the file is filed under, or TEXT=UNIT for those whose unit is TEXT (repeatable).", value: .unit)) var unit: [String] = []
        @Option(help: .t("Ett OS-konto i filen och den databasroll det blir (kan upprepas).",
                         "An OS account in the file and the database role it becomes (repeatable).", value: .accountMap))
        var account: [String] = []

        func run() throws {
            let mapping = try ImportMapping.parse(accounts: account, units: unit)
            let target = try StoreOpening.importTarget(global.storePath)
            let source = try StoreOpening.importSource(file)
            let moved = try target.importStore(source, mapping: mapping, by: Account.current)
            for id in moved {
                print(global.words.importedID(id.old, id.new, renumbered: id.renumbered))
            }
            let renumbered = moved.filter(\.renumbered).count
            print(global.words.imported(moved.count, from: file, renumbered: renumbered))
        }
    }
}
