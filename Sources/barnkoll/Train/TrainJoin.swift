import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Join: ParsableCommand, ShowsScreen {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Gå med i ett övningstillfälle under pseudonym och fyll i fallet på skärmen (utan terminal: skriv ut analysens id).", "Join a workshop under a pseudonym and fill the case in the front end (without a terminal: print the analysis id)."))
        @OptionGroup var global: GlobalOptions
        @OptionGroup var screen: ScreenOptions
        @Argument(help: .t("Koden från utbildaren.", "The workshop code from the trainer.", value: .code)) var code: String
        @Option(name: .customLong("as"), help: .t("Din pseudonym i övningen (aldrig ditt namn).", "Your pseudonym in the workshop (never your name).", value: .pseudonym)) var pseudonym: String

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let code = try Train.code(self.code)
            let catalog = try global.catalog()
            let library = try global.caseLibrary(catalog)
            let store = try global.openTrainingStore()
            let workshop = try store.workshop(code)
            let trainingCase = try library.trainingCase(workshop.caseID)
            let checklist = try catalog.checklist(workshop.checklistID)
            let language = global.language
            let caseRef = Workshop.caseRefPrefix + code
            let answers = Workshop.caseAnswers(trainingCase, checklist: checklist, caseRef: caseRef, language: language)
            let summary = try store.joinWorkshop(code: code, pseudonym: pseudonym, checklist: checklist, caseRef: caseRef,
                                   unit: trainingCase.unit.text(language), answers: answers, by: Account.current)
            guard FrontEnd.isAvailable(screen) else {
                print(summary.id)
                return
            }
            let analysis = try store.analysis(summary.id, readBy: Account.current)
            try FrontEnd.run(global, screen, start: .analysis(analysis, item: nil), store: store,
                             caseBrief: trainingCase.brief(language))
        }
    }
}
