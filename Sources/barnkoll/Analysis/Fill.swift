import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll fill`: a draft from a file of answers, scriptable.
struct Fill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Skapa ett utkast (eller fyll på ett) från en YAML- eller JSON-fil med svar per fråge-id.", "Create a draft (or add to one) from a YAML or JSON file of answers keyed by item id."),
        discussion: Help.t("""
        Skriver ut analysens id. Okända fråge-id och felaktiga värden är fel som anger frågan och \
        var i filen den står; då sparas inget. Varningar, till exempel text som ser ut som ett \
        personnummer, går till standard fel.
        """, """
        Prints the id of the analysis. Unknown item ids and wrong values are errors naming the item \
        and its place in the file; nothing is saved then. Warnings, such as text that looks like a \
        personnummer, go to stderr.
        """))

    @OptionGroup var global: GlobalOptions
    @Option(help: .t("Checklistan för en ny analys (förval: \(ChecklistCatalog.defaultChecklist), som för new).", "The checklist of a new analysis (default: \(ChecklistCatalog.defaultChecklist), as for new).", value: .checklist)) var checklist: String?
    @Option(help: .t("Lägg i stället svaren i detta befintliga utkast.", "Add the answers to this existing draft instead.", value: .analysis), transform: AnalysisID.normalize) var into: String?
    @Option(help: .t("Filen med svar (YAML eller JSON).", "The file of answers (YAML or JSON).", value: .file)) var answers: String
    @Option(name: .customLong("case"), help: .t("Ärendets pseudonyma referens (aldrig ett personnummer).", "The pseudonymous case reference (never a personnummer).", value: .caseRef)) var caseRef: String?
    @Option(help: .t("Enheten som fattar beslutet.", "The unit making the decision.", value: .unit)) var unit: String?
    @Flag(help: .t("Skicka in direkt; saknas något blir utkastet kvar och det som saknas listas.", "Submit it at once; if something is missing the draft stays and the missing items are listed."))
    var submit = false

    func validate() throws {
        // A new analysis takes `new`'s default checklist; a draft already has its own.
        if checklist != nil, into != nil {
            throw ValidationError(global.words.checklistOrInto)
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: answers) else {
            throw Failure(global.words.cannotReadAnswers(answers))
        }
        // A file that is not text is refused before the store is opened, so not even a read is logged.
        _ = try AnswerInput.decodeUTF8(data, file: answers)
        let me = Account.current
        let id: String
        let definition: Checklist
        var given: Answers
        let store: any CaseworkStore
        if let into {
            // Into a draft that must exist: a missing store is never made for it.
            store = try global.openStore()
            let catalog = try global.catalog()
            let (analysis, moved) = try store.openForWork(into, catalog: catalog, by: me)
            if let notice = moved?.notice(global.language) {
                for line in [notice.title] + notice.paragraphs { Output.warning(line) }
            }
            definition = analysis.checklist
            given = try read(data, definition)
            given = definition.withCaseAnswers(caseRef: caseRef, unit: unit, into: given)
            report(Worksheet(checklist: definition, answers: analysis.answers.merging(given) { $1 }).evaluate())
            // Over what was read just now only: an answer saved meanwhile (an open front end) is a
            // conflict, and nothing is written. What the file replaces is said, item by item.
            let written = try store.saveAll(into, answers: given, replacing: analysis.answers, by: me)
            for item in given.keys.sorted() {
                if let old = analysis.answers[item], !old.isEmpty, old != written[item] {
                    Output.warning(global.words.replaced(item))
                }
            }
            id = into
        } else {
            definition = try global.catalog().checklist(checklist ?? ChecklistCatalog.defaultChecklist)
            given = try read(data, definition)
            guard let caseRef = caseRef ?? Checklist.caseReferenceItemIDs.sorted().lazy.compactMap({ given[$0]?.text }).first else {
                throw Failure(global.words.needsCaseRef)
            }
            let unit = unit ?? given[Checklist.unitItemID]?.text ?? ""
            let fromFile = given
            given = definition.withCaseAnswers(caseRef: caseRef, unit: unit, into: given)
            report(Worksheet(checklist: definition, answers: given).evaluate())
            // Everything that can be refused without a store is, before one is made.
            try Casework.checkNew(checklist: definition, caseRef: caseRef, unit: unit, author: me, answers: given,
                                  kind: global.storeKind)
            store = try global.openStore(creating: true)
            let summary = try store.create(checklist: definition, caseRef: caseRef, unit: unit, author: me, answers: given)
            id = summary.id
            // The analysis's own case and unit answer their items (Core); said where that replaced
            // the file's, once it is made (a refused --case is never echoed).
            // The flag's value as filed (a listed unit as it is spelled on the list).
            for (item, flag, value) in Checklist.caseReferenceItemIDs.sorted().map({ ($0, "--case", self.caseRef.map { _ in summary.caseRef }) })
                + [(Checklist.unitItemID, "--unit", self.unit.map { _ in summary.unit })] {
                guard let value, case .text(let text)? = fromFile[item], !text.allSatisfy(\.isWhitespace),
                      text.trimmingCharacters(in: .whitespaces) != value.trimmingCharacters(in: .whitespaces) else { continue }
                Output.warning(global.words.replacedByFlag(item, file: text, flag: flag, value: value))
            }
        }
        print(id)
        if submit {
            try Submit.submit(id, store: store, language: global.language)
        }
    }

    func read(_ data: Data, _ definition: Checklist) throws -> Answers {
        try AnswerInput.readFile(data, file: answers, checklist: definition, language: global.language)
    }

    func report(_ evaluation: Evaluation) {
        for warning in evaluation.warnings where warning.kind == .personnummer || warning.kind == .placeholder {
            Output.warning(global.words.warning(warning.path.description, warning.message.text(global.language)))
        }
    }
}
