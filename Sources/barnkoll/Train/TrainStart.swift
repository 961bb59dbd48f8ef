import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Starta ett övningstillfälle på ett fall (utbildare); skriver ut dess kod.", "Start a workshop on a case (trainers); prints its code."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Fallets id (se barnkoll train cases).", "The case id (see barnkoll train cases).", value: .trainingCase)) var caseID: String

        func run() throws {
            let catalog = try global.catalog()
            let trainingCase = try global.caseLibrary(catalog).trainingCase(caseID)
            _ = try catalog.checklist(trainingCase.checklist)
            let store = try global.openTrainingStore(creating: true)
            let code = try store.startWorkshop(caseID: trainingCase.id, checklistID: trainingCase.checklist, by: Account.current)
            print(code)
            Output.warning(global.words.participantsJoin(code))
        }
    }
}
