import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review diff ID [FROM] [TO]`: what changed between two versions, item by item.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Vad som ändrats mellan två versioner, fråga för fråga (förval: de två senaste; 'current' för svar som inte skickats in).", "What changed between two versions, item by item (default: the last two; 'current' for unsubmitted answers)."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Argument(help: .t("Den tidigare versionens nummer (0 för ingen); 'current' ensamt: vad som ändrats sedan den senaste versionen.",
                       "The earlier version number (0 for none); 'current' alone: what changed since the last version.", value: .earlier)) var from: String?
    @Argument(help: .t("Den senare versionens nummer, eller 'current'.", "The later version number, or 'current'.", value: .later)) var to: String?
    @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

    func run() throws {
        let store = try global.openStore()
        let analysis = try store.analysis(id, readBy: Account.current)
        let numbers = analysis.versions.map(\.number)
        func answers(_ text: String) throws -> Answers {
            if text == "current" { return analysis.answers }
            guard let number = Int(text.hasPrefix("v") ? String(text.dropFirst()) : text) else {
                throw Failure(global.words.notAVersion(text))
            }
            if number == 0 { return [:] }
            guard let version = analysis.versions.first(where: { $0.number == number }) else {
                throw Failure(global.words.noSuchVersion(id, number, has: numbers.map { "v\($0)" }))
            }
            return version.answers
        }
        let last = numbers.last.map(String.init)
        let (earlierVersion, laterVersion): (String, String) = switch (from, to) {
        // The last two versions (the last against none, or unsubmitted answers when there is none).
        case (nil, _): (numbers.count >= 2 ? String(numbers[numbers.count - 2]) : "0", last ?? "current")
        // `current` alone: what changed since the last version, not current against itself.
        case ("current", nil): (last ?? "0", "current")
        case (let from?, nil): (from, "current")
        case (let from?, let to?): (from, to)
        }
        let later = try answers(laterVersion)
        let earlier = try answers(earlierVersion)
        let changes = VersionDiff.compare(earlier, later, checklist: analysis.checklist, language: global.language)
        switch format {
        case .json:
            print(AnalysisDocument.serialize(changes.map { change -> [String: Any] in
                var object: [String: Any] = ["item": change.itemID, "kind": change.kind.rawValue, "prompt": change.prompt]
                object["before"] = change.before
                object["after"] = change.after
                return object
            }))
        case .text:
            let sv = global.language == .sv
            // Which two are compared, so that the first version against none reads as such.
            func side(_ text: String) -> String {
                switch text {
                case "current": sv ? "svaren som de är nu" : "the answers as they stand"
                case "0", "v0": sv ? "ingen version" : "no version"
                default: text.hasPrefix("v") ? text : "v\(text)"
                }
            }
            print(sv ? "Från \(side(earlierVersion)) till \(side(laterVersion)):" : "From \(side(earlierVersion)) to \(side(laterVersion)):")
            if changes.isEmpty { print(sv ? "Inga ändringar." : "No changes.") }
            for change in changes {
                print("\(change.itemID): \(TextHygiene.forOutput(change.prompt, multiline: false))")
                print("  - \(change.before.map { $0.replacingOccurrences(of: "\n", with: "\n    ") } ?? (sv ? "(ej besvarad)" : "(not answered)"))")
                print("  + \(change.after.map { $0.replacingOccurrences(of: "\n", with: "\n    ") } ?? (sv ? "(ej besvarad)" : "(not answered)"))")
            }
        }
    }
}
