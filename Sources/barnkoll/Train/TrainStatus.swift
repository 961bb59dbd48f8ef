import ArgumentParser
import BarnkollCore
import Foundation

extension Train {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Vilka som har börjat och vilka som är klara.", "Who has started and who has finished."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.", value: .code)) var code: String
        @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let store = try global.openTrainingStore()
            let code = try Train.code(self.code)
            let workshop = try store.workshop(code)
            let sv = Train.sv(global)
            switch format {
            case .json:
                let object: [String: Any] = [
                    "training": true, "mark": TrainingMark.text, "code": workshop.code, "case": workshop.caseID,
                    "participants": workshop.participants.map {
                        ["pseudonym": TextHygiene.forOutput($0.pseudonym, multiline: false), "analysis": $0.analysisID,
                         "status": $0.status.rawValue, "started": $0.hasStarted, "finished": $0.hasFinished,
                         "answered": $0.answered] as [String: Any]
                    },
                ]
                print(AnalysisDocument.serialize(object), terminator: "")
            case .text:
                let finished = workshop.participants.filter(\.hasFinished).count
                print("[\(TrainingMark.text)] \(workshop.code) · \(workshop.caseID) · "
                    + (sv ? "\(workshop.participants.count) deltagare, \(finished) " + (finished == 1 ? "klar" : "klara")
                          : "\(workshop.participants.count) participant" + (workshop.participants.count == 1 ? "" : "s") + ", \(finished) finished"))
                for participant in workshop.participants {
                    let state = participant.hasFinished ? (sv ? "klar" : "finished")
                        : participant.hasStarted ? (sv ? "har börjat" : "started") : (sv ? "inte börjat" : "not started")
                    print("\(TextHygiene.forOutput(participant.pseudonym, multiline: false))\t\(state)\t"
                        + (sv ? "\(participant.answered) svar" : "\(participant.answered) answers") + "\t\(participant.analysisID)")
                }
            }
        }
    }
}
