import ArgumentParser
import BarnkollCore
import Foundation

extension GlobalOptions {
    /// The training store: the file `--store` names, else barnkoll-training.sqlite beside the real
    /// store, so a unit's workshops live where its records do and never in the same file.
    var trainingStorePath: String {
        if let store { return store }
        // A PostgreSQL training store is a database of its own, named here or by --store.
        if let named = environment["BARNKOLL_TRAINING_STORE"], !named.isEmpty { return named }
        return URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("barnkoll-training.sqlite").path
    }

    func openTrainingStore(creating: Bool = false) throws -> any CaseworkStore {
        // A training store created where the real one belongs would take its place before it exists.
        var options = self
        options.store = nil
        let real = options.storePath
        if URL(fileURLWithPath: trainingStorePath).standardized.path == URL(fileURLWithPath: real).standardized.path {
            throw Failure(words.realStoresPlace(real))
        }
        try refuseMissing(trainingStorePath, creating: creating, training: true)
        return try StoreOpening.open(trainingStorePath, kind: .training)
    }

    func caseLibrary(_ catalog: ChecklistCatalog) throws -> CaseLibrary {
        try CaseLibrary.load(directories: checklistDirectories, checklists: Set(catalog.checklists.keys), rules: catalog.ruleIDs)
    }
}

/// `barnkoll train`: fictional cases and workshops, in the training store only.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Övning (ÖVNING): påhittade fall, övningstillfällen, jämförelse sida vid sida, radering.", "Training (ÖVNING): fictional cases, workshops, comparison side by side, purge."),
        discussion: Help.t("""
        Allt här använder övningslagret: barnkoll-training.sqlite bredvid det riktiga lagret, eller \
        filen som --store anger. Ett riktigt lager avvisas här, och övningslagret avvisas av de andra \
        kommandona (de tar --training för att använda det, och märker allt de skriver ÖVNING / TRAINING).
        """, """
        Everything here uses the training store: barnkoll-training.sqlite beside the real store, or the \
        file --store names. A real store is refused here, and the training store is refused by the \
        other commands (they take --training to use it, and mark all output ÖVNING / TRAINING).
        """),
        subcommands: [Cases.self, Validate.self, Start.self, Join.self, Status.self, Compare.self, Purge.self,
                      Workshops.self, Grant.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static func sv(_ global: GlobalOptions) -> Bool { global.language == .sv }

    /// A code as typed, checked for shape so a typo is a usage error rather than a lookup.
    static func code(_ text: String) throws -> String {
        let code = Workshop.normalize(text)
        guard code.count == Workshop.codeLength, code.allSatisfy({ Workshop.codeAlphabet.contains($0) }) else {
            throw ValidationError(Messages.ofCommandLine.notACode(text))
        }
        return code
    }

    static func requireTrainer(_ store: any CaseworkStore) throws {
        try store.requireTrainer(Account.current)
    }

    /// Asks on the terminal before something that cannot be undone; true without one only when
    /// `--yes` was given. A pipe or a script never confirms by itself.
    static func confirm(_ question: String, yes: Bool, words: Messages) throws -> Bool {
        if yes { return true }
        guard isatty(STDIN_FILENO) == 1 else { throw Failure(words.confirmWithYes) }
        FileHandle.standardError.write(Data((question + " ").utf8))
        guard let answer = readLine() else { return false }
        return ["j", "ja", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    struct Cases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("De påhittade fallen (medföljande, och enhetens egna i --checklists MAPP/cases).", "The fictional cases (shipped, and the unit's own in --checklists DIR/cases)."))
        @OptionGroup var global: GlobalOptions
        @Option(help: .t("text eller json.", "text or json.")) var format: Format = .text

        func run() throws {
            let catalog = try global.catalog()
            let cases = try global.caseLibrary(catalog).sorted
            let language = global.language
            switch format {
            case .json:
                let list = cases.map { item -> [String: Any] in
                    [
                        "id": item.id, "title": ["sv": item.title.sv, "en": item.title.en ?? item.title.sv],
                        "checklist": item.checklist, "unit": item.unit.text(language),
                        "decision": item.decision.text(language), "description": item.description.text(language),
                        "children": item.children.map { ["alias": $0.alias, "age": $0.age] as [String: Any] },
                        "discussion": item.discussion.map { $0.text(language) }, "file": item.file,
                    ]
                }
                print(AnalysisDocument.serialize(list), terminator: "")
            case .text:
                for item in cases {
                    let children = item.children.map { "\($0.alias) \($0.age)" }.joined(separator: ", ")
                    print("\(item.id)\t\(TextHygiene.forOutput(item.title.text(language), multiline: false))\t\(item.checklist)\t\(children)")
                }
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Kontrollera fallfiler (fel som FIL:RAD:KOL); utan angivna filer, alla fall barnkoll hittar.", "Check case files (FILE:LINE:COL problems); with none named, every case barnkoll finds."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Fallfiler att kontrollera.", "Case files to check.")) var files: [String] = []

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

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Starta ett övningstillfälle på ett fall (utbildare); skriver ut dess kod.", "Start a workshop on a case (trainers); prints its code."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Fallets id (se barnkoll train cases).", "The case id (see barnkoll train cases).")) var caseID: String

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

    struct Join: ParsableCommand, ShowsScreen {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Gå med i ett övningstillfälle under pseudonym och fyll i fallet på skärmen (utan terminal: skriv ut analysens id).", "Join a workshop under a pseudonym and fill the case in the front end (without a terminal: print the analysis id)."))
        @OptionGroup var global: GlobalOptions
        @OptionGroup var screen: ScreenOptions
        @Argument(help: .t("Koden från utbildaren.", "The workshop code from the trainer.")) var code: String
        @Option(name: .customLong("as"), help: .t("Din pseudonym i övningen (aldrig ditt namn).", "Your pseudonym in the workshop (never your name).")) var pseudonym: String

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

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.t("Vilka som har börjat och vilka som är klara.", "Who has started and who has finished."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.")) var code: String
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
                    + (sv ? "\(workshop.participants.count) deltagare, \(finished) klara"
                          : "\(workshop.participants.count) participants, \(finished) finished"))
                for participant in workshop.participants {
                    let state = participant.hasFinished ? (sv ? "klar" : "finished")
                        : participant.hasStarted ? (sv ? "har börjat" : "started") : (sv ? "inte börjat" : "not started")
                    print("\(TextHygiene.forOutput(participant.pseudonym, multiline: false))\t\(state)\t"
                        + (sv ? "\(participant.answered) svar" : "\(participant.answered) answers") + "\t\(participant.analysisID)")
                }
            }
        }
    }

    struct Compare: ParsableCommand, ShowsScreen {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Alla deltagares svar sida vid sida, fråga för fråga; diskussionspunkterna när alla har skickat in.", "All participants' answers side by side, item by item; the discussion points once all have submitted."),
            discussion: "In a terminal, with the text format, it opens as a screen: r reads the answers again, p shows the discussion points.")
        enum CompareFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }
        @OptionGroup var global: GlobalOptions
        @OptionGroup var screen: ScreenOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.")) var code: String
        @Option(help: .t("text, json eller markdown.", "text, json or markdown.")) var format: CompareFormat = .text
        @Flag(help: .t("Visa diskussionspunkterna innan alla har skickat in.", "Show the discussion points before everyone has submitted.")) var points = false

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let catalog = try global.catalog()
            let library = try global.caseLibrary(catalog)
            let store = try global.openTrainingStore()
            try Train.requireTrainer(store)
            let code = try Train.code(self.code)
            let language = global.language
            let comparison = try Train.comparison(code, store: store, library: library, language: language, points: points)
            if format == .text && FrontEnd.isAvailable(screen) {
                try FrontEnd.run(global, screen, start: .comparison(comparison, reload: { points in
                    try? Train.comparison(code, store: store, library: library, language: language, points: points)
                }), store: store)
                return
            }
            switch format {
            case .text: print(comparison.text(), terminator: "")
            case .markdown: print(comparison.markdown(), terminator: "")
            case .json: print(comparison.json(), terminator: "")
            }
        }
    }

    static func comparison(_ code: String, store: any CaseworkStore, library: CaseLibrary, language: Language,
                           points: Bool) throws -> WorkshopComparison {
        let me = Account.current
        let workshop = try store.workshop(code)
        let trainingCase = try library.trainingCase(workshop.caseID)
        var analyses: [(pseudonym: String, analysis: Analysis)] = []
        for participant in workshop.participants {
            let analysis = try store.analysis(participant.analysisID, readBy: me)
            analyses.append((participant.pseudonym, analysis))
        }
        return WorkshopComparison(code: code, trainingCase: trainingCase, analyses: analyses, language: language,
                                  showDiscussion: points)
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Ta bort ett övningstillfälle helt: varje deltagares analys och dess sökindex, nollat på disken (loggas).", "Remove a workshop completely: every participant's analysis, its search index entries, zeroed on disk (audited)."),
            discussion: "Asks first in a terminal; --yes answers for a script. Try --dry-run to see what would go.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Övningens kod.", "The workshop code.")) var code: String
        @Flag(help: .t("Lista vad som skulle tas bort; ta inte bort något.", "List what would be removed; remove nothing.")) var dryRun = false
        @Flag(help: .t("Fråga inte: för skript, där ingen terminal finns att svara i.", "Do not ask: for scripts, where there is no terminal to answer in.")) var yes = false

        func validate() throws { _ = try Train.code(code) }

        func run() throws {
            let store = try global.openTrainingStore()
            let code = try Train.code(self.code)
            let words = global.words
            if dryRun {
                try store.requireTrainer(Account.current)
                let workshop = try store.workshop(code)
                print(words.wouldPurge(code, workshop.participants.count))
                for participant in workshop.participants {
                    print("  \(participant.analysisID)  \(TextHygiene.forOutput(participant.pseudonym, multiline: false))")
                }
                return
            }
            let workshop = try store.workshop(code)
            guard try Train.confirm(words.confirmPurge(code, workshop.participants.count), yes: yes, words: words) else {
                print(words.nothingPurged)
                return
            }
            let removed = try store.purgeWorkshop(code, by: Account.current)
            print(words.purged(code, removed))
        }
    }

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

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Gör ett konto till utbildare i övningslagret (bara dess administratörer; loggas).", "Make an account a trainer in the training store (its admins only; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Kontot i operativsystemet.", "The operating-system account.")) var account: String

        func run() throws {
            let store = try global.openTrainingStore(creating: true)
            _ = try store.setRole(.trainer, for: account, granted: true, by: Account.current)
            print("\(account): +trainer")
        }
    }
}


