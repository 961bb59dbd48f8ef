import BarnkollCore
import Foundation
import Terminal

/// The front end's loop: draw, read a key (with a timeout, so signals and saves are noticed),
/// update, save. Everything runs on one thread, as ncurses needs.
public final class App {
    enum Screen {
        case home(HomeState)
        case worksheet(WorksheetState)
        case queue(ReviewQueueState)
        case review(ReviewState)
        case indicators(IndicatorsState)
        case comparison(ComparisonState)
    }

    /// Where the front end opens.
    public enum Start: Sendable {
        case home
        /// `moved`: it has just moved onto a newer definition (`openForWork`), which the worksheet says first.
        case analysis(Analysis, item: String?, moved: DefinitionMove? = nil)
        case reviewQueue
        /// A workshop's comparison; `reload` reads it again, with the discussion points or not.
        case comparison(WorkshopComparison, reload: @Sendable (Bool) -> WorkshopComparison?)
    }

    let backend: Backend
    let store: any CaseworkStore
    let catalogSource: CatalogSource
    /// Why the front end had to stop (the checklists could not be read), for the caller to say.
    public private(set) var failure: String?
    /// Whether the user left with Ctrl-C (an interruption: the command line exits 130).
    public private(set) var interrupted = false
    let account: String
    let strings: Strings
    let training: Bool
    /// In a workshop: the fictional case, at hand in every worksheet opened.
    let caseBrief: [String]?
    var screen: Screen
    var running = true
    var firstDirty: Date?
    var lastEdit: Date?
    var nextAttempt = Date.distantPast
    var savedPosition: String?
    /// For the benchmark's start-up figure: leave right after the first frame is drawn.
    public var stopAfterFirstFrame = false
    /// The queue a supervisor came from, kept while reading an analysis from it.
    var queue: ReviewQueueState?
    var reloadComparison: (@Sendable (Bool) -> WorkshopComparison?)?

    /// Saves are written at most this long after the first unsaved change, and sooner after a pause.
    static let saveWithin: TimeInterval = 0.8
    static let savePause: TimeInterval = 0.3
    static let retryAfter: TimeInterval = 2
    /// How often the tick asks the store whether someone else changed what the lists show.
    static let watchEvery: TimeInterval = 1
    var lastChange: ChangeToken?
    var nextWatch = Date.distantPast

    public convenience init(backend: Backend, store: any CaseworkStore, catalog: ChecklistCatalog, account: String,
                            strings: Strings, training: Bool = false, caseBrief: [String]? = nil, start: Start = .home) throws(StoreError) {
        try self.init(backend: backend, store: store, catalog: CatalogSource(catalog), account: account, strings: strings,
                      training: training, caseBrief: caseBrief, start: start)
    }

    public init(backend: Backend, store: any CaseworkStore, catalog: CatalogSource, account: String,
                strings: Strings, training: Bool = false, caseBrief: [String]? = nil, start: Start = .home) throws(StoreError) {
        self.backend = backend
        self.store = store
        self.catalogSource = catalog
        self.account = account
        self.strings = strings
        self.training = training
        self.caseBrief = caseBrief
        screen = .home(HomeState(strings: strings, account: account, returned: [], drafts: [], submitted: [], checklists: []))
        switch start {
        case .home:
            screen = .home(try home())
        case .analysis(let analysis, let item, let moved):
            var state = WorksheetState(analysis: analysis, strings: strings, references: self.catalog.references,
                                       training: training, focus: item)
            state.caseBrief = caseBrief
            state.news = moved?.notice(strings.language)
            screen = .worksheet(state)
            savedPosition = analysis.position
        case .reviewQueue:
            try openQueue(fromHome: false)
        case .comparison(let comparison, let reload):
            reloadComparison = reload
            screen = .comparison(ComparisonState(comparison: comparison, strings: strings))
        }
    }

    /// The checklists; read at the latest right after the first frame (see `run`).
    var catalog: ChecklistCatalog { catalogSource.loaded ?? ChecklistCatalog() }

    func home() throws(StoreError) -> HomeState {
        func mine(_ status: AnalysisStatus) throws(StoreError) -> [AnalysisSummary] {
            try store.list(AnalysisFilter(status: status, author: account, limit: 50), for: account)
        }
        let waiting = try store.isReviewer(account) ? try store.count(AnalysisFilter.reviewQueue(), for: account) : nil

        return HomeState(strings: strings, account: account, training: training, returned: try mine(.returned),
                         drafts: try mine(.draft), submitted: try mine(.submitted), checklists: catalog.sorted,
                         reviewWaiting: waiting)
    }

    /// Only supervisors see the queue; the store refuses their decisions to anyone else as well.
    func openQueue(fromHome: Bool) throws(StoreError) {
        guard try store.isReviewer(account) else {
            throw .refused(strings.onlySupervisors(account))
        }
        var state = queue ?? ReviewQueueState(strings: strings, account: account, checklists: catalog.sorted.map(\.id),
                                              training: training, fromHome: fromHome)
        screen = .queue(state)
        perform(state.initialLoad)
        if case .queue(let loaded) = screen { state = loaded }
        queue = state
    }

    /// Runs until the user quits or a termination signal arrives. With `stopWhenIdle` (tests), also
    /// when no key comes.
    public func run(stopWhenIdle: Bool = false) {
        while running {
            if Signals.termination != 0 { break }
            draw()
            if stopAfterFirstFrame { break }
            if !catalogSource.isLoaded {
                // Home is drawn before the checklists are parsed (a third of the start-up); a
                // broken checklist file still stops the program, with its one-line problem.
                do {
                    let catalog = try catalogSource.load()
                    if case .home(var state) = screen {
                        state.setChecklists(catalog.sorted)
                        screen = .home(state)
                    }
                } catch {
                    failure = error.description
                    break
                }
            }
            let key = backend.read(timeout: 100)
            if let key {
                handle(key)
            } else if stopWhenIdle {
                break
            }
            autosave()
            watchForChanges()
        }
        flush()
        // Tests read the last frame: let it show how the final save went.
        if stopWhenIdle { draw() }
    }

    func draw() {
        let size = backend.size
        switch screen {
        case .home(let state): backend.draw(state.render(width: size.width, height: size.height))
        case .worksheet(let state): backend.draw(state.render(width: size.width, height: size.height))
        case .queue(let state): backend.draw(state.render(width: size.width, height: size.height))
        case .review(let state): backend.draw(state.render(width: size.width, height: size.height))
        case .indicators(let state): backend.draw(state.render(width: size.width, height: size.height))
        case .comparison(let state): backend.draw(state.render(width: size.width, height: size.height))
        }
    }

    func handle(_ key: Key) {
        let size = backend.size
        // Every screen quits on Ctrl-C as on Ctrl-Q; the command line tells the two apart.
        if key == .control("c") { interrupted = true }
        switch screen {
        case .home(var state):
            let effects = state.update(key)
            screen = .home(state)
            for effect in effects { perform(effect) }
        case .worksheet(var state):
            let hadDirty = !state.dirty.isEmpty
            let effects = state.update(key, width: size.width, height: size.height)
            if !state.dirty.isEmpty {
                let now = Date()
                if !hadDirty { firstDirty = now }
                lastEdit = now
            }
            screen = .worksheet(state)
            for effect in effects { perform(effect) }
        case .queue(var state):
            let effects = state.update(key)
            screen = .queue(state)
            for effect in effects { perform(effect) }
        case .review(var state):
            let effects = state.update(key, height: size.height)
            screen = .review(state)
            for effect in effects { perform(effect) }
        case .indicators(var state):
            state.pageSize = max(1, size.height - 4)
            let effects = state.update(key)
            screen = .indicators(state)
            for effect in effects { perform(effect) }
        case .comparison(var state):
            for effect in state.update(key, width: size.width, height: size.height) {
                switch effect {
                case .quit: running = false
                case .reload(let points):
                    if let fresh = reloadComparison?(points) { state.replace(fresh) }
                }
            }
            screen = .comparison(state)
        }
    }

    func perform(_ effect: HomeEffect) {
        guard case .home(var state) = screen else { return }
        switch effect {
        case .quit:
            running = false
        case .open(let id):
            open(id)
        case .review:
            do {
                try openQueue(fromHome: true)
            } catch {
                state.notice = strings.storeProblem(error)
                screen = .home(state)
            }
        case .indicators:
            do {
                try openIndicators()
            } catch {
                state.notice = strings.storeProblem(error)
                screen = .home(state)
            }
        case .create(let checklistID, let caseRef, let unit):
            do {
                let checklist = try catalog.checklist(checklistID)
                let answers = checklist.withCaseAnswers(caseRef: caseRef, unit: unit, into: [:])
                let summary = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: account, answers: answers)
                open(summary.id)
            } catch let error as StoreError {
                state.notice = strings.storeProblem(error)
                screen = .home(state)
            } catch {
                state.notice = "\(error)"
                screen = .home(state)
            }
        }
    }

    func open(_ id: String) {
        do {
            let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: account)
            savedPosition = analysis.position
            var state = WorksheetState(analysis: analysis, strings: strings, references: catalog.references,
                                       training: training)
            state.caseBrief = caseBrief
            state.news = moved?.notice(strings.language)
            screen = .worksheet(state)
        } catch {
            if case .home(var state) = screen {
                state.notice = strings.storeProblem(error)
                screen = .home(state)
            }
        }
    }

    func perform(_ effect: ReviewQueueEffect) {
        guard case .queue(var state) = screen else { return }
        defer {
            if case .queue = screen { screen = .queue(state) }
            queue = state
        }
        do {
            switch effect {
            case .load(let filter):
                let page = try store.page(filter, for: account)
                state.show(rows: page.rows, total: page.total, filter: filter, countLimit: store.countLimit(for: filter))
            case .loadFollowUps:
                state.show(followUps: try store.followUps(today: ISODate.today(), unit: nil, limit: 200, for: account))
            case .open(let id):
                let analysis = try store.analysis(id, readBy: account)
                queue = state
                screen = .review(ReviewState(analysis: analysis, strings: strings, account: account,
                                             references: catalog.references, training: training))
            case .indicators:
                queue = state
                try openIndicators()
                return
            case .back:
                queue = nil
                screen = .home(try home())
            case .quit:
                running = false
            }
        } catch {
            state.notice = strings.storeProblem(error)
        }
    }

    func perform(_ effect: ReviewEffect) {
        guard case .review(var state) = screen else { return }
        let id = state.analysis.summary.id
        do {
            switch effect {
            case .approve(let comment):
                let anchor = try store.approve(id, by: account, comment: comment)
                backToQueue(notice: strings.approved(id, anchor))
                return
            case .return(let comment, let items):
                try store.return(id, by: account, comment: comment, itemComments: items)
                backToQueue(notice: strings.decided(id, .returned))
                return
            case .override(let rule, let reason):
                try store.override(id, rule: rule, by: account, reason: reason)
                state.replace(try store.analysis(id, readBy: account))
                state.notice = strings.overrideDone(id)
            case .back:
                backToQueue(notice: nil)
                return
            case .quit:
                running = false
            }
        } catch {
            state.notice = strings.storeProblem(error)
        }
        screen = .review(state)
    }

    /// This year's indicators, as `barnkoll stats` computes them.
    func openIndicators() throws(StoreError) {
        let year = Int(ISODate.today().prefix(4)) ?? 2026
        let report = try indicatorReport(year)
        screen = .indicators(IndicatorsState(report: report, language: strings.language,
                                             labels: IndicatorLabels(checklists: catalog.sorted)))
    }

    func indicatorReport(_ year: Int) throws(StoreError) -> IndicatorReport {
        let today = ISODate.today()
        let records = try store.indicatorRecords(years: (year - 1)...year, unit: nil, by: account)
        return Indicators.compute(records: records, year: year, unit: nil, today: today)
    }

    func perform(_ effect: IndicatorsEffect) {
        guard case .indicators(var state) = screen else { return }
        switch effect {
        case .year(let year):
            if let report = try? indicatorReport(year) { state.show(report) }
            screen = .indicators(state)
        case .back:
            if queue != nil {
                backToQueue(notice: nil)
            } else {
                screen = (try? home()).map(Screen.home) ?? screen
            }
        case .quit:
            running = false
        }
    }

    /// Lists that update themselves: once the store's change token moves (someone else made,
    /// submitted, returned or approved an analysis), home or the queue is read again, as the
    /// reader may see it, keeping the selection, an open form and a notice.
    func watchForChanges() {
        let now = Date()
        guard now >= nextWatch else { return }
        nextWatch = now.addingTimeInterval(Self.watchEvery)
        guard let token = try? store.changeToken() else { return }
        defer { lastChange = token }
        guard let last = lastChange, last != token else { return }
        switch screen {
        case .home(let old):
            guard old.form == nil, var fresh = try? home() else { return }
            fresh.keep(old)
            screen = .home(fresh)
        case .queue(let state) where state.form == nil:
            let notice = state.notice
            perform(state.tab == .queue ? .load(state.filter) : .loadFollowUps)
            if case .queue(var loaded) = screen, loaded.notice == nil {
                loaded.notice = notice
                screen = .queue(loaded)
                queue = loaded
            }
        default:
            break
        }
    }

    /// Back to the queue, reloaded so a decided analysis leaves it.
    func backToQueue(notice: String?) {
        guard var state = queue else {
            screen = (try? home()).map(Screen.home) ?? screen
            return
        }
        screen = .queue(state)
        perform(state.tab == .queue ? .load(state.filter) : .loadFollowUps)
        if case .queue(let loaded) = screen { state = loaded }
        state.notice = notice
        screen = .queue(state)
        queue = state
    }

    func perform(_ effect: WorksheetEffect) {
        switch effect {
        case .quit:
            running = false
        case .back:
            flush()
            guard case .worksheet(let state) = screen, state.dirty.isEmpty else { return }
            do {
                screen = .home(try home())
            } catch {
                running = false
            }
        case .submit:
            flush()
            guard case .worksheet(var state) = screen, state.dirty.isEmpty else { return }
            let id = state.analysis.summary.id
            do {
                let status = try store.submit(id, by: account)
                state.replace(try store.analysis(id, readBy: account))
                state.notice = strings.submitted(status)
            } catch {
                state.notice = strings.storeProblem(error)
                if case .incomplete = error { state.mode = .missing(0) }
            }
            screen = .worksheet(state)
        case .editExternally(let text):
            flush()
            backend.suspend()
            let result = ExternalEditor.edit(text)
            backend.resume()
            guard case .worksheet(var state) = screen else { return }
            state.externalEditResult(result)
            if result != nil {
                firstDirty = firstDirty ?? Date()
                lastEdit = Date()
            }
            screen = .worksheet(state)
        }
    }

    func autosave() {
        guard let first = firstDirty, let last = lastEdit else {
            savePosition()
            return
        }
        let now = Date()
        if now.timeIntervalSince(last) >= Self.savePause || now.timeIntervalSince(first) >= Self.saveWithin {
            flush()
        }
    }

    /// Writes every unsaved answer. On failure the text stays on screen, the failure is shown and
    /// saving is retried.
    func flush() {
        guard case .worksheet(var state) = screen else { return }
        defer { screen = .worksheet(state) }
        guard !state.dirty.isEmpty else {
            firstDirty = nil
            lastEdit = nil
            return
        }
        guard Date() >= nextAttempt || !running || Signals.termination != 0 else { return }
        let id = state.analysis.summary.id
        var done: Set<String> = []
        for item in state.dirty.sorted() {
            do {
                try store.save(id, item: item, value: state.analysis.answers[item], by: account)
                done.insert(item)
            } catch {
                state.saved(done)
                state.saveFailed(strings.saveProblem(error))
                nextAttempt = Date().addingTimeInterval(Self.retryAfter)
                return
            }
        }
        state.saved(done)
        firstDirty = nil
        lastEdit = nil
        screen = .worksheet(state)
        savePosition()
    }

    /// Remembers the item the caseworker is at, to come back to it.
    func savePosition() {
        guard case .worksheet(let state) = screen, state.isEditable, let item = state.row?.itemID,
              item != savedPosition else { return }
        if (try? store.setPosition(state.analysis.summary.id, item: item, by: account)) != nil {
            savedPosition = item
        }
    }

    /// The analysis on the worksheet when the loop ended, and whether all of it was saved: where
    /// the user goes on from after an interruption.
    public var openAnalysis: (id: String, saved: Bool)? {
        guard case .worksheet(let state) = screen else { return nil }
        return (state.analysis.summary.id, state.dirty.isEmpty)
    }

    /// The analysis on screen, for tests.
    public var worksheet: WorksheetState? {
        if case .worksheet(let state) = screen { return state }
        return nil
    }

    public var queueScreen: ReviewQueueState? {
        if case .queue(let state) = screen { return state }
        return nil
    }

    public var homeScreen: HomeState? {
        if case .home(let state) = screen { return state }
        return nil
    }
}

extension Strings {
    /// A store problem in a few words for the status line.
    func saveProblem(_ error: StoreError) -> String {
        switch error {
        case .full: language == .sv ? "disken är full" : "the disk is full"
        case .busy: language == .sv ? "en annan användare sparar" : "another user is saving"
        case .readOnly: language == .sv ? "lagret är skrivskyddat" : "the store is read-only"
        case .diskError: language == .sv ? "disken gav ett fel (I/O-fel)" : "the disk reported an error (I/O error)"
        default: storeProblem(error)
        }
    }

    func storeProblem(_ error: StoreError) -> String {
        switch error {
        case .incomplete(_, let missing, let stops):
            language == .sv ? "Kan inte skickas in: \(missing.count) saknas, \(stops.count) stopp."
                            : "Cannot be submitted: \(missing.count) missing, \(stops.count) hard stops."
        default: error.message(language)
        }
    }
}
