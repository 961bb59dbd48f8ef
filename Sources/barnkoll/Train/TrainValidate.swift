import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Kontrollera fallfiler (fel som FIL:RAD:KOL); utan angivna filer, alla fall barnkoll hittar.", "Check case files (FILE:LINE:COL problems); with none named, every case barnkoll finds."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Fallfiler att kontrollera.", "Case files to check.", value: .files)) var files: [String] = []

        func run() throws {
            let catalog = try global.catalog()
            guard !files.isEmpty else {
                let library = try global.caseLibrary(catalog)
                print(global.words.casesChecked(library.cases.count))
                return
            }
            var problems: [Problem] = []
            for file in files {
                do {
                    _ = try CaseLibrary.loadFile(file, checklists: Set(catalog.checklists.keys), rules: catalog.ruleIDs)
                } catch {
                    problems += error.problems
                }
            }
            if !problems.isEmpty { throw Problems(problems) }
            print(global.words.casesChecked(files.count))
        }
    }
}
