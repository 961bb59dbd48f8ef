import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Workshops: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.t("Övningstillfällena i övningslagret.", "The workshops in the training store."))
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openTrainingStore()
            let all = try store.workshops()
            if all.isEmpty { print(global.words.noWorkshops) }
            for workshop in all {
                let finished = workshop.participants.filter(\.hasFinished).count
                print("\(workshop.code)\t\(workshop.caseID)\t\(workshop.trainer)\t\(workshop.createdAt.prefix(10))\t"
                    + "\(finished)/\(workshop.participants.count)")
            }
        }
    }
}
