import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll`: the home overview of one's own analyses.
struct Home: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        commandName: "home", abstract: Help.t("Startsidan: ny analys, dina återsända analyser, utkast och inskickade (förval).", "The front end's home: new analysis, your returned analyses, drafts and submitted ones (the default)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let store = try global.openStore(creating: true)
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, store: store)
        } else {
            try FrontEnd.runPlain(global, start: .home, store: store)
        }
    }
}

extension Home {
    /// `barnkoll` with no arguments: every option at its default, so the environment decides.
    static var bare: Home {
        var home = Home()
        home.global = .defaults
        home.screen = .defaults
        return home
    }
}

extension GlobalOptions {
    /// The options as `barnkoll` with none given parses them. Each is set here, as a parse would:
    /// ArgumentParser stops a program that reads an option neither parsed nor set.
    static var defaults: GlobalOptions {
        var options = GlobalOptions()
        options.real = .defaults
        options.training = false
        return options
    }
}

/// `barnkoll new`: starts a draft and prints its id.
struct New: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Börja en ny analys på skärmen (i radläge: skriv ut dess id och fråga sedan en fråga i taget).", "Start a new analysis in the front end (in plain mode: print its id, then ask item by item)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions
    @Option(help: .t("Checklistan att använda.", "The checklist to use.")) var checklist = "barnkonsekvensanalys"
    @Option(name: .customLong("case"), help: .t("Ärendets pseudonyma referens (aldrig ett personnummer).", "The pseudonymous case reference (never a personnummer).")) var caseRef: String
    @Option(help: .t("Enheten som fattar beslutet.", "The unit making the decision.")) var unit = ""

    func run() throws {
        let definition = try global.catalog().checklist(checklist)
        let answers = definition.withCaseAnswers(caseRef: caseRef, unit: unit, into: [:])
        try Casework.checkNew(checklist: definition, caseRef: caseRef, unit: unit, author: Account.current, answers: answers,
                              kind: global.storeKind)
        let store = try global.openStore(creating: true)
        let summary = try store.create(checklist: definition, caseRef: caseRef, unit: unit, author: Account.current, answers: answers)
        guard FrontEnd.isAvailable(screen) else {
            // The id first and alone on its line, as scripts read it.
            print(summary.id)
            fflush(nil)
            try FrontEnd.runPlain(global, start: .analysis(id: summary.id, item: nil), store: store)
            return
        }
        let analysis = try store.analysis(summary.id, readBy: Account.current)
        try FrontEnd.run(global, screen, start: .analysis(analysis, item: nil), store: store)
    }
}

/// `barnkoll open ID`: the analysis as it stands, with what is missing.
struct Open: ParsableCommand, ShowsScreen {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Öppna en analys på skärmen, vid en fråga (i radläge: en fråga i taget).", "Open an analysis in the front end, at an item (in plain mode: ask item by item)."))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions
    @Argument(help: .t("Analysens id, till exempel BKA-2026-0042.", "The analysis id, like BKA-2026-0042."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("Frågan att börja vid.", "The item to start at.")) var item: String?

    func run() throws {
        let store = try global.openStore()
        let catalog = try global.catalog()
        // A draft on an older definition moves onto the newest first (Core's `openForWork`).
        let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: Account.current)
        if let item, analysis.checklist.item(item) == nil, analysis.checklist.groupAsking(item) == nil {
            throw Failure(global.words.noItem(item, in: analysis.checklist.id))
        }
        if FrontEnd.isAvailable(screen) {
            try FrontEnd.run(global, screen, start: .analysis(analysis, item: item, moved: moved), store: store)
        } else {
            try FrontEnd.runPlain(global, start: .analysis(id: id, item: item), store: store)
        }
    }
}

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
    @Option(help: .t("Checklistan för en ny analys.", "The checklist of a new analysis.")) var checklist: String?
    @Option(help: .t("Lägg i stället svaren i detta befintliga utkast.", "Add the answers to this existing draft instead."), transform: AnalysisID.normalize) var into: String?
    @Option(help: .t("Filen med svar (YAML eller JSON).", "The file of answers (YAML or JSON).")) var answers: String
    @Option(name: .customLong("case"), help: .t("Ärendets pseudonyma referens (aldrig ett personnummer).", "The pseudonymous case reference (never a personnummer).")) var caseRef: String?
    @Option(help: .t("Enheten som fattar beslutet.", "The unit making the decision.")) var unit: String?
    @Flag(help: .t("Skicka in direkt; saknas något blir utkastet kvar och det som saknas listas.", "Submit it at once; if something is missing the draft stays and the missing items are listed."))
    var submit = false

    func validate() throws {
        if (checklist == nil) == (into == nil) {
            throw ValidationError(global.words.checklistOrInto)
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: answers) else {
            throw Failure(global.words.cannotReadAnswers(answers))
        }
        // A file that is not text is refused before the store is opened, so not even a read is logged.
        _ = try AnswerInput.decodeUTF8(data, file: answers, language: global.language)
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
            try store.saveAll(into, answers: given, replacing: analysis.answers, by: me)
            for item in given.keys.sorted() {
                if let old = analysis.answers[item], !old.isEmpty, old != given[item] {
                    Output.warning(global.words.replaced(item))
                }
            }
            id = into
        } else {
            definition = try global.catalog().checklist(checklist ?? "")
            given = try read(data, definition)
            guard let caseRef = caseRef ?? given["case_ref"]?.text else {
                throw Failure(global.words.needsCaseRef)
            }
            let unit = unit ?? given["unit"]?.text ?? ""
            given = definition.withCaseAnswers(caseRef: caseRef, unit: unit, into: given)
            report(Worksheet(checklist: definition, answers: given).evaluate())
            // Everything that can be refused without a store is, before one is made.
            try Casework.checkNew(checklist: definition, caseRef: caseRef, unit: unit, author: me, answers: given,
                                  kind: global.storeKind)
            store = try global.openStore(creating: true)
            let summary = try store.create(checklist: definition, caseRef: caseRef, unit: unit, author: me, answers: given)
            id = summary.id
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

/// `barnkoll submit ID`.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Skicka in ett utkast för granskning; listar det som saknas om det inte går.", "Submit a draft for review; lists what is missing if it cannot."))

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String

    func run() throws {
        try Self.submit(id, store: global.openStore(), language: global.language)
    }

    static func submit(_ id: String, store: any CaseworkStore, language: Language) throws {
        do {
            let status = try store.submit(id, by: Account.current)
            print("\(id): \(status.label(language))")
        } catch {
            guard case .incomplete(_, let missing, let hardStops) = error else { throw error }
            let words = Messages(language)
            throw Failure(words.cannotSubmit(id, missing: missing.count, hardStops: hardStops.count),
                          details: missing.map { words.missingLine($0.path.description, section: $0.section, $0.reason.text(language)) }
                              + hardStops.map { words.hardStopLine($0.rule, $0.message.text(language)) })
        }
    }
}

/// Filters shared by `list` and `export`.
struct Filters: ParsableArguments {
    @Option(help: .t("utkast, inskickad, återsänd, godkänd eller avslutad (eller på engelska: draft, submitted, returned, approved, closed).", "draft, submitted, returned, approved or closed (or in Swedish: utkast, inskickad, återsänd, godkänd, avslutad)."))
    var status: AnalysisStatus?
    @Option(help: .t("Handläggarens konto.", "The caseworker's account.")) var author: String?
    @Option(help: .t("Enheten.", "The unit.")) var unit: String?
    @Option(help: .t("Checklistans id.", "The checklist id.")) var checklist: String?
    @Option(help: ArgumentHelp(Help.t("Skapad detta datum eller senare.", "Created on or after this date."), valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp(Help.t("Skapad detta datum eller tidigare.", "Created on or before this date."), valueName: "YYYY-MM-DD")) var until: String?
    @Option(help: .t("Ord som ska finnas i svaren.", "Words that must appear in the answers.")) var search: String?

    func validate() throws {
        for (name, value) in [("since", since), ("until", until)] {
            if let value, !ISODate.isValid(value) { throw ValidationError(Messages.ofCommandLine.notADate("--\(name)", value)) }
        }
    }

    var filter: AnalysisFilter {
        AnalysisFilter(status: status, author: author, unit: unit, checklist: checklist, since: since, until: until, search: search)
    }
}

/// A status by its name in either language (`godkänd` as well as `approved`).
extension AnalysisStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let status = AnalysisStatus.named(argument) else { return nil }
        self = status
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Lista analyser, senast ändrade först.", "List analyses, newest change first."))

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv

        func render(_ summaries: [AnalysisSummary], language: Language) -> String {
            switch self {
            case .table: ListFormats.table(summaries, language: language)
            case .json: ListFormats.summariesJSON(summaries)
            case .csv: ListFormats.summariesCSV(summaries)
            }
        }
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("table, json eller csv.", "table, json or csv.")) var format: Format = .table
    @Option(help: .t("Högst så här många.", "At most this many.")) var limit: Int?

    func run() throws {
        let store = try global.openStore()
        var filter = filters.filter
        filter.limit = limit
        let summaries = try store.list(filter, for: Account.current)
        print(format.render(summaries, language: global.language), terminator: "")
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("En analys, att läsa eller att klistra in i akten.", "One analysis, for reading or for pasting into the case file."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, html, letter }

    @OptionGroup var global: GlobalOptions
    @Argument(help: .t("Analysens id.", "The analysis id."), transform: AnalysisID.normalize) var id: String
    @Option(help: .t("text, markdown, json eller html; letter gör ett utkast till brev till varje barn (eller --child) som du skriver om.", "text, markdown, json or html; letter drafts a letter to each child (or --child) for you to rewrite."))
    var format: Format = .text
    @Option(help: .t("Med --format letter: barnets fingerade namn (stora eller små bokstäver); utan det, ett brev till varje barn.", "With --format letter: the child's alias (any case); without it, a letter for each child."))
    var child: String?

    func validate() throws {
        if child != nil && format != .letter { throw ValidationError(global.words.childOnlyWithLetter) }
    }

    func run() throws {
        let store = try global.openStore()
        let analysis = try store.analysis(id, readBy: Account.current)
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
        switch format {
        case .text: print(document.text(), terminator: "")
        case .markdown: print(document.markdown(), terminator: "")
        case .json: print(document.json(), terminator: "")
        case .html: print(document.html(), terminator: "")
        case .letter: break
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Help.t("Många analyser på en gång, till en fil eller standard ut.", "Many analyses at once, to a file or stdout."))

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: Filters
    @Option(help: .t("json, csv eller markdown.", "json, csv or markdown.")) var format: Format
    @Option(help: .t("Skriv till den här filen (0600, skrivs i ett svep) i stället för standard ut.", "Write to this file (0600, written atomically) instead of stdout.")) var output: String?

    func run() throws {
        let store = try global.openStore()
        let me = Account.current
        let references = format == .markdown ? (try? global.catalog().references) ?? [:] : [:]
        let language = global.language
        let training = store.kind == .training
        // The text is made while the reads are logged, and handed back only once they are.
        let (text, count) = try store.analyses(filters.filter, readBy: me, history: format != .csv) { analyses in
            let text = switch format {
            case .json: ListFormats.analysesJSON(analyses, language: language, training: training)
            case .csv: ListFormats.analysesCSV(analyses, training: training)
            case .markdown: ListFormats.analysesMarkdown(analyses, language: language, references: references, training: training)
            }
            return (text, analyses.count)
        }
        if let output {
            try Output.writeAtomically(text, to: output)
            Output.warning(global.words.exported(count, to: output))
        } else {
            print(text, terminator: "")
        }
    }
}
