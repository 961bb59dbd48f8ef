import ArgumentParser
import BarnkollCore
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("En analys, att läsa eller att klistra in i akten.", "One analysis, for reading or for pasting into the case file."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, html, letter }

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("text, markdown, json eller html; letter gör ett utkast till brev till varje barn (eller --child) som du skriver om.", "text, markdown, json or html; letter drafts a letter to each child (or --child) for you to rewrite."))
    var format: Format = .text
    @Option(help: .t("Med --format letter: barnets fingerade namn (stora eller små bokstäver); utan det, ett brev till varje barn.", "With --format letter: the child's alias (any case); without it, a letter for each child.", value: .child))
    var child: String?

    func validate() throws {
        if child != nil && format != .letter { throw ValidationError(global.words.childOnlyWithLetter) }
    }

    func run() throws {
        let store = try global.openStore()
        let analysis = try Casework.readingOldID(id, in: store, note: global.note) { () throws(StoreError) in
            try store.analysis(id, readBy: Account.current)
        }
        if format == .letter {
            var letter = ChildLetter(analysis: analysis, language: global.language)
            letter.training = store.kind == .training
            do {
                print(try letter.letters(for: child), terminator: "")
            } catch {
                throw Failure(error.message(global.language))
            }
            return
        }
        let references = (try? global.catalog().references) ?? [:]
        var document = AnalysisDocument(analysis: analysis, language: global.language, references: references)
        document.training = store.kind == .training
        // The JSON is the record as kept; what is read as a document is masked where it names no one.
        let (handedOut, masked) = format == .json ? (document, []) : document.handedOut()
        if !masked.isEmpty { Output.warning(MaskedPlace.warning(analysis.summary.id, masked).text(global.language)) }
        switch format {
        case .text: print(handedOut.text(), terminator: "")
        case .markdown: print(handedOut.markdown(), terminator: "")
        case .json: print(document.json(), terminator: "")
        case .html: print(handedOut.html(), terminator: "")
        case .letter: break
        }
    }
}
