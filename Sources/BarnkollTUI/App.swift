import BarnkollCore
import Foundation
import Terminal

/// The front end's loop: draw, read a key (with a timeout, so signals and saves are noticed),
/// update, save. Everything runs on one thread, as ncurses needs.
///
/// The app owns a stack of screens, the top one on show. It hands each screen messages (keys, and
/// the results of the effects the screen asked for) and carries out the effects; it never writes
/// a screen's state itself.
public final class App {
    /// One screen on the stack.
    enum Route {
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
        /// `note`: a line for its first frame (opened by an id an import renumbered), which the
        /// screen would otherwise hide on standard error.
        case analysis(Analysis, item: String?, moved: DefinitionMove? = nil, note: Localized? = nil)
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
    /// In a workshop: the fictional case, at hand in the worksheet of the analysis the workshop
    /// opened (not in another analysis reached from home, which is no part of it).
    let caseBrief: (analysisID: String, lines: [String])?
    /// The screens, the last on show; those under it are where Esc goes back to.
    var stack: [Route] = []
    var running = true
    /// The time; a test passes a clock it moves by hand.
    let now: () -> Date
    var firstDirty: Date?
    var lastEdit: Date?
    var nextAttempt = Date.distantPast
    var savedPosition: String?
    /// For the benchmark's start-up figure: leave right after the first frame is drawn.
    public var stopAfterFirstFrame = false
    /// Reads a workshop's comparison again (with the discussion points or not).
    var comparisonSource: (@Sendable (Bool) -> WorkshopComparison?)?

    /// Saves are written at most this long after the first unsaved change, and sooner after a pause.
    static let saveWithin: TimeInterval = 0.8
    static let savePause: TimeInterval = 0.3
    static let retryAfter: TimeInterval = 2
    /// How often the tick asks the store whether someone else changed what the lists show.
    static let watchEvery: TimeInterval = 1
    var lastChange: ChangeToken?
    var nextWatch = Date.distantPast

    public convenience init(backend: Backend, store: any CaseworkStore, catalog: ChecklistCatalog, account: String,
                            strings: Strings, training: Bool = false, caseBrief: [String]? = nil, start: Start = .home,
                            clock: @escaping () -> Date = Date.init) throws(StoreError) {
        try self.init(backend: backend, store: store, catalog: CatalogSource(catalog), account: account, strings: strings,
                      training: training, caseBrief: caseBrief, start: start, clock: clock)
    }

    public init(backend: Backend, store: any CaseworkStore, catalog: CatalogSource, account: String,
                strings: Strings, training: Bool = false, caseBrief: [String]? = nil, start: Start = .home,
                clock: @escaping () -> Date = Date.init) throws(StoreError) {
        self.backend = backend
        self.store = store
        self.catalogSource = catalog
        self.account = account
        self.strings = strings
        self.training = training
        if case .analysis(let analysis, _, _, _) = start, let caseBrief {
            self.caseBrief = (analysis.summary.id, caseBrief)
        } else {
            self.caseBrief = nil
        }
        self.now = clock
        // The token is read before the lists, so a change made while they load or while the
        // checklists are parsed after the first frame is seen on the first tick, not lost.
        lastChange = try? store.changeToken()
        switch start {
        case .home:
            stack = [.home(try home())]
        case .analysis(let analysis, let item, let moved, let note):
            stack = [.worksheet(worksheet(analysis, focus: item, moved: moved, note: note?.text(strings.language)))]
        case .reviewQueue:
            try openQueue(fromHome: false)
        case .comparison(let comparison, let reload):
            comparisonSource = reload
            stack = [.comparison(ComparisonState(comparison: comparison, strings: strings))]
        }
    }

    /// The checklists; read at the latest right after the first frame (see `run`).
    var catalog: ChecklistCatalog { catalogSource.loaded ?? ChecklistCatalog() }

    var size: Size { Size(width: backend.size.width, height: backend.size.height) }

    func lists() throws(StoreError) -> HomeLists {
        func mine(_ status: AnalysisStatus) throws(StoreError) -> [AnalysisSummary] {
            try store.list(AnalysisFilter(status: status, author: account, limit: 50), for: account)
        }
        let waiting = try store.isReviewer(account) ? try store.count(AnalysisFilter.reviewQueue(), for: account) : nil
        return HomeLists(returned: try mine(.returned), drafts: try mine(.draft), submitted: try mine(.submitted),
                         reviewWaiting: waiting)
    }

    func home() throws(StoreError) -> HomeState {
        let lists = try lists()
        return HomeState(strings: strings, account: account, training: training, returned: lists.returned,
                         drafts: lists.drafts, submitted: lists.submitted, checklists: catalog.sorted,
                         reviewWaiting: lists.reviewWaiting)
    }

    func worksheet(_ analysis: Analysis, focus item: String? = nil, moved: DefinitionMove?, note: String? = nil) -> WorksheetState {
        savedPosition = analysis.position
        // With a list of units the unit is chosen when the analysis is made, or moved to (Core's rule); a
        // store that cannot say leaves the item open, and Core still refuses another unit. A supervisor
        // of its unit or an admin reading a draft moves it from here as from `admin move`, and hands it
        // over to a colleague as from `admin reassign`.
        let summary = analysis.summary
        let offers = (try? store.worksheetOffers(summary, to: account)) ?? .none
        return WorksheetState(analysis: analysis, strings: strings, account: account, references: catalog.references, training: training,
                              unitIsFixed: offers.unitIsFixed, readerMoves: !offers.unitsToMove.isEmpty,
                              readerHandsOver: !offers.accountsToHandOver.isEmpty,
                              focus: item, caseBrief: caseBrief.flatMap { $0.analysisID == summary.id ? $0.lines : nil },
                              news: moved?.notice(strings.language), notice: note)
    }

    /// Only supervisors see the queue; the store refuses their decisions to anyone else as well.
    func openQueue(fromHome: Bool) throws(StoreError) {
        guard try store.isReviewer(account) else {
            throw .refused(strings.onlySupervisors(account))
        }
        let state = ReviewQueueState(strings: strings, account: account, catalog: catalog,
                                     training: training, fromHome: fromHome)
        stack.append(.queue(state))
        perform(state.reload)
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
                    send(home: .checklists(catalog.sorted))
                } catch {
                    failure = error.problems.map { $0.text(strings.language) }.joined(separator: "\n")
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
        // Leaving on a signal: no time to ask, the text is kept aside. (A test's idle stop is no leaving.)
        if !running || Signals.termination != 0 { keepUnsavedAside() }
        // Tests read the last frame: let it show how the final save went.
        if stopWhenIdle { draw() }
    }

    func draw() {
        guard let top = stack.last else { return }
        let size = size
        switch top {
        case .home(let state): backend.draw(state.render(size))
        case .worksheet(let state): backend.draw(state.render(size))
        case .queue(let state): backend.draw(state.render(size))
        case .review(let state): backend.draw(state.render(size))
        case .indicators(let state): backend.draw(state.render(size))
        case .comparison(let state): backend.draw(state.render(size))
        }
    }

    func handle(_ key: Key) {
        // Every screen quits on Ctrl-C as on Ctrl-Q; the command line tells the two apart.
        if key == .control("c") { interrupted = true }
        switch stack.last {
        case .home: send(home: .key(key))
        case .worksheet: send(worksheet: .key(key))
        case .queue: send(queue: .key(key))
        case .review: send(review: .key(key))
        case .indicators: send(indicators: .key(key))
        case .comparison: send(comparison: .key(key))
        case nil: running = false
        }
    }

    // MARK: - Messages to the screen on top, and the effects they ask for

    /// Updates the screen on top with a message, if it is of that kind, and returns what it asks for.
    func update<S: Screen>(_ message: S.Message, _ get: (Route) -> S?, _ wrap: (S) -> Route) -> [S.Effect] {
        guard let top = stack.last, var state = get(top) else { return [] }
        let effects = state.update(message, size: size)
        stack[stack.count - 1] = wrap(state)
        return effects
    }

    /// A line for home's status line, when home is on show (before the first frame: the store just made).
    public func tellHome(_ line: String) {
        if case .home = stack.last { send(home: .told(line)) }
    }

    func send(home message: HomeState.Message) {
        for effect in update(message, { if case .home(let s) = $0 { s } else { nil } }, Route.home) { perform(effect) }
    }

    func send(worksheet message: WorksheetState.Message) {
        let effects = update(message, { if case .worksheet(let s) = $0 { s } else { nil } }, Route.worksheet)
        switch message {
        case .key, .edited:
            // Typing (or an editor's text) starts the save timers.
            if let state = currentWorksheet, !state.dirty.isEmpty {
                let time = now()
                firstDirty = firstDirty ?? time
                lastEdit = time
            }
        default: break
        }
        for effect in effects { perform(effect) }
    }

    func send(queue message: ReviewQueueState.Message) {
        for effect in update(message, { if case .queue(let s) = $0 { s } else { nil } }, Route.queue) { perform(effect) }
    }

    func send(review message: ReviewState.Message) {
        for effect in update(message, { if case .review(let s) = $0 { s } else { nil } }, Route.review) { perform(effect) }
    }

    func send(indicators message: IndicatorsState.Message) {
        for effect in update(message, { if case .indicators(let s) = $0 { s } else { nil } }, Route.indicators) {
            perform(effect)
        }
    }

    func send(comparison message: ComparisonState.Message) {
        for effect in update(message, { if case .comparison(let s) = $0 { s } else { nil } }, Route.comparison) {
            perform(effect)
        }
    }

    /// Leaves the screen on top for the one under it, told to read its lists again (a decided
    /// analysis leaves the queue); with nothing under it, home.
    func back(notice: String? = nil) {
        stack.removeLast()
        switch stack.last {
        case .queue: send(queue: .resumed(notice: notice))
        case .review(let state):
            // Read again: handed over or moved meanwhile; moved out of the reader's units, on to the queue.
            if let analysis = try? store.analysis(state.analysis.summary.id, readBy: account) {
                send(review: .resumed(analysis, notice: notice))
            } else {
                back(notice: notice)
            }
        case .home:
            perform(HomeEffect.reload)
            if let notice { send(home: .told(notice)) }
        case nil:
            do {
                stack = [.home(try home())]
                if let notice { send(home: .told(notice)) }
            } catch {
                running = false
            }
        default: break
        }
    }

    func perform(_ effect: HomeEffect) {
        switch effect {
        case .quit:
            running = false
        case .open(let id):
            do {
                let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: account)
                stack.append(.worksheet(worksheet(analysis, moved: moved)))
            } catch {
                send(home: .failed(error))
            }
        case .review:
            do {
                try openQueue(fromHome: true)
            } catch {
                send(home: .failed(error))
            }
        case .indicators:
            openIndicators()
        case .create(let checklistID, let caseRef, let unit):
            do {
                let checklist = try catalog.checklist(checklistID)
                // Core answers the case reference and unit items from what the form gave.
                let summary = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: account, answers: [:])
                send(home: .created(summary.id))
                perform(HomeEffect.open(summary.id))
            } catch let error as StoreError {
                send(home: .failed(error))
            } catch {
                send(home: .problem("\(error)"))
            }
        case .reload:
            do {
                send(home: .lists(try lists()))
            } catch {
                send(home: .failed(error))
            }
        }
    }

    func perform(_ effect: ReviewQueueEffect) {
        do {
            switch effect {
            case .load(let filter):
                let page = try store.page(filter, for: account)
                send(queue: .page(rows: page.rows, total: page.total, filter: filter, countLimit: store.countLimit(for: filter)))
            case .loadFollowUps:
                send(queue: .followUps(try store.followUps(today: ISODate.today(now()), unit: nil, limit: 200, for: account)))
            case .open(let id):
                let analysis = try store.analysis(id, readBy: account)
                stack.append(.review(ReviewState(analysis: analysis, strings: strings, account: account,
                                                 references: catalog.references, training: training)))
            case .indicators:
                openIndicators()
            case .back:
                back()
            case .quit:
                running = false
            }
        } catch {
            send(queue: .failed(error))
        }
    }

    func perform(_ effect: ReviewEffect) {
        guard case .review(let state) = stack.last else { return }
        let id = state.analysis.summary.id
        do {
            switch effect {
            case .approve(let comment):
                let anchor = try store.approve(id, by: account, comment: comment)
                let told = strings.approved(id, anchor)
                if anchor.notLogged != nil { receiptsToKeep.append(told) }
                back(notice: told)
            case .return(let comment, let items):
                try store.return(id, by: account, comment: comment, itemComments: items)
                back(notice: strings.decided(id, .returned))
            case .override(let rule, let ground, let reason):
                try store.override(id, rule: rule, ground: ground, by: account, reason: reason)
                send(review: .overridden(try store.analysis(id, readBy: account)))
            case .openWorksheet:
                let (analysis, moved) = try store.openForWork(id, catalog: catalog, by: account)
                var state = worksheet(analysis, moved: moved)
                state.overReview = true
                stack.append(.worksheet(state))
            case .back:
                back()
            case .quit:
                running = false
            }
        } catch {
            send(review: .failed(error))
        }
    }

    /// This year's indicators, as `barnkoll stats` computes them. A store that refuses them leaves
    /// the screen below as it was, saying why.
    func openIndicators() {
        let year = Int(ISODate.today(now()).prefix(4)) ?? 2026
        do {
            let report = try indicatorReport(year)
            stack.append(.indicators(IndicatorsState(report: report, language: strings.language,
                                                     labels: IndicatorLabels(checklists: catalog.sorted))))
        } catch {
            switch stack.last {
            case .home: send(home: .failed(error))
            case .queue: send(queue: .failed(error))
            default: break
            }
        }
    }

    func indicatorReport(_ year: Int) throws(StoreError) -> IndicatorReport {
        let today = ISODate.today(now())
        return try store.indicatorReport(year: year, unit: nil, today: today, by: account)
    }

    func perform(_ effect: IndicatorsEffect) {
        switch effect {
        case .year(let year):
            if let report = try? indicatorReport(year) { send(indicators: .report(report)) }
        case .back:
            back()
        case .quit:
            running = false
        }
    }

    func perform(_ effect: ComparisonEffect) {
        switch effect {
        case .quit: running = false
        case .reload(let points):
            if let fresh = comparisonSource?(points) { send(comparison: .reloaded(fresh)) }
        }
    }

    /// Lists that update themselves: once the store's change token moves (someone else made,
    /// submitted, returned or approved an analysis), the screen on top is told; home and the queue
    /// read their lists again, as the reader may see them, keeping the selection, an open form
    /// and a notice.
    func watchForChanges() {
        let time = now()
        guard time >= nextWatch else { return }
        nextWatch = time.addingTimeInterval(Self.watchEvery)
        guard let token = try? store.changeToken() else { return }
        defer { lastChange = token }
        guard let last = lastChange, last != token else { return }
        switch stack.last {
        case .home: send(home: .changedElsewhere)
        case .queue: send(queue: .changedElsewhere)
        default: break
        }
    }

    func perform(_ effect: WorksheetEffect) {
        switch effect {
        case .quit:
            flush(now: true)
            // Text that cannot be saved is never dropped silently: ask first.
            if let state = currentWorksheet, !state.dirty.isEmpty {
                let reason = if case .failed(let why) = state.saveState { why } else { strings.notSaved }
                send(worksheet: .quitUnsaved(reason: reason))
            } else {
                running = false
            }
        case .leaveUnsaved:
            keepUnsavedAside()
            running = false
        case .retrySave:
            flush(now: true)
        case .revise:
            guard let id = currentWorksheet?.analysis.summary.id else { return }
            do {
                try store.revise(id, by: account)
                send(worksheet: .revised(try store.analysis(id, readBy: account)))
            } catch {
                send(worksheet: .submitFailed(error))
            }
        case .back:
            flush()
            guard let state = currentWorksheet, state.dirty.isEmpty else { return }
            back()
        case .submit:
            flush()
            guard let state = currentWorksheet, state.dirty.isEmpty else { return }
            let id = state.analysis.summary.id
            do {
                let status = try store.submit(id, by: account)
                send(worksheet: .submitted(status, try store.analysis(id, readBy: account)))
            } catch {
                send(worksheet: .submitFailed(error))
            }
        case .editExternally(let text):
            flush()
            backend.suspend()
            let result = ExternalEditor.edit(text, environment: ProcessEnvironment.values)
            backend.resume()
            send(worksheet: .edited(result))
        case .startNote:
            send(worksheet: .noteStarted(today: ISODate.today(now())))
        case .addNote(let note):
            guard let id = currentWorksheet?.analysis.summary.id else { return }
            do {
                try store.addNote(id, note, by: account, today: ISODate.today(now()))
                send(worksheet: .noted(try store.analysis(id, readBy: account)))
            } catch {
                send(worksheet: .noteFailed(error))
            }
        case .startMove:
            guard let state = currentWorksheet else { return }
            do {
                let offer = try store.moveOffer(state.analysis.summary, by: account)
                send(worksheet: .moveStarted(units: offer.units, whyNone: offer.whyNone))
            } catch {
                send(worksheet: .transferFailed(error))
            }
        case .moveToUnit(let unit, let reason):
            // The answers typed so far are saved first, under the unit the analysis has now.
            flush()
            guard let state = currentWorksheet, state.dirty.isEmpty else { return }
            let id = state.analysis.summary.id
            let moved: String
            do {
                moved = try store.move(id, toUnit: unit, reason: reason, by: account)
            } catch {
                send(worksheet: .transferFailed(error))
                return
            }
            // A supervisor who moved it out of their units no longer sees it: back, and told where
            // it went. Any other failure to read it back is told as that, the move being made.
            do throws(StoreError) {
                send(worksheet: .moved(try store.analysis(id, readBy: account)))
            } catch .notVisible {
                back(notice: strings.movedAway(id, to: moved))
            } catch {
                back(notice: strings.notReadAgain(id, after: .move, to: moved, strings.storeProblem(error)))
            }
        case .startHandOver:
            guard let state = currentWorksheet else { return }
            do {
                send(worksheet: .handOverStarted(accounts: try store.accountsToHandOver(state.analysis.summary, by: account)))
            } catch {
                send(worksheet: .transferFailed(error))
            }
        case .handOverTo(let taker, let reason):
            // Only a reader hands over, so nothing typed here waits to be saved.
            guard let id = currentWorksheet?.analysis.summary.id else { return }
            do {
                try store.reassign(id, to: taker, reason: reason, by: account)
            } catch {
                send(worksheet: .transferFailed(error))
                return
            }
            do throws(StoreError) {
                send(worksheet: .handedOver(try store.analysis(id, readBy: account)))
            } catch {
                back(notice: strings.notReadAgain(id, after: .handOver, to: taker, strings.storeProblem(error)))
            }
        }
    }

    func autosave() {
        guard let first = firstDirty, let last = lastEdit else {
            savePosition()
            return
        }
        let time = now()
        if time.timeIntervalSince(last) >= Self.savePause || time.timeIntervalSince(first) >= Self.saveWithin {
            flush()
        }
    }

    /// Writes every unsaved answer, each only over the answer this terminal loaded. On failure
    /// the text stays on screen, the failure is shown and saving is retried; on a conflict the
    /// caseworker chooses, and nothing is retried until then.
    func flush(now immediately: Bool = false) {
        guard let state = currentWorksheet else { return }
        guard !state.dirty.isEmpty else {
            firstDirty = nil
            lastEdit = nil
            return
        }
        let leaving = !running || Signals.termination != 0
        if case .conflict = state.mode, !leaving { return }
        guard immediately || now() >= nextAttempt || leaving else { return }
        let id = state.analysis.summary.id
        var done: [AnswerChange] = []
        for item in state.dirty.sorted() {
            do {
                let stored = try store.save(id, item: item, value: state.analysis.answers[item], replacing: state.loaded[item], by: account)
                done.append(AnswerChange(item: item, value: stored))
            } catch {
                if case .conflict(_, let item, let stored) = error {
                    send(worksheet: .saveConflict(saved: done, item: item, stored: stored))
                } else {
                    send(worksheet: .saveFailed(saved: done, reason: strings.saveProblem(error)))
                    nextAttempt = now().addingTimeInterval(Self.retryAfter)
                }
                return
            }
        }
        send(worksheet: .saved(done))
        firstDirty = nil
        lastEdit = nil
        savePosition()
    }

    /// The unsaved answers, in a recovery file only this account can read (`recovery`); when even
    /// that cannot be written, `unsavedText` holds them for the command line to print.
    func keepUnsavedAside() {
        guard let state = currentWorksheet, !state.dirty.isEmpty, recovery == nil else { return }
        var answers: Answers = [:]
        for item in state.dirty { answers[item] = state.analysis.answers[item] }
        guard !answers.isEmpty else { return }
        do {
            recovery = .file(try RecoveryFile.write(answers, of: state.analysis.summary.id, at: now(), in: recoveryFolder))
        } catch {
            recovery = .notWritten(CanonicalJSON.encode(answers, fallback: "{}"), reason: SystemReason.of(error))
        }
    }

    /// Remembers the item the caseworker is at, to come back to it.
    func savePosition() {
        guard let state = currentWorksheet, state.isEditable, let item = state.row?.itemID,
              item != savedPosition else { return }
        if (try? store.setPosition(state.analysis.summary.id, item: item, by: account)) != nil {
            savedPosition = item
        }
    }

    var currentWorksheet: WorksheetState? {
        if case .worksheet(let state) = stack.last { return state }
        return nil
    }

    /// The analysis on the worksheet when the loop ended, and whether all of it was saved: where
    /// the user goes on from after an interruption.
    public var openAnalysis: (id: String, saved: Bool)? {
        guard let state = currentWorksheet else { return nil }
        return (state.analysis.summary.id, state.dirty.isEmpty)
    }

    /// Where text that could not be saved was kept when the caseworker left.
    public enum Recovery: Sendable, Equatable {
        case file(String)
        /// Not even the recovery file could be written: the answers (JSON) and why.
        case notWritten(String, reason: Localized)
    }

    public private(set) var recovery: Recovery?
    /// Where recovery files go (tests use a folder of their own).
    public var recoveryFolder = RecoveryFile.folder

    /// The analysis on screen, for tests.
    public var worksheet: WorksheetState? { currentWorksheet }

    public var queueScreen: ReviewQueueState? {
        if case .queue(let state) = stack.last { return state }
        return nil
    }

    /// Approvals whose chain head the system log did not get, as the queue's box tells them (the
    /// line to keep last): printed whole on the normal screen when the front end ends, since a
    /// window narrower than the line breaks it in the box.
    public private(set) var receiptsToKeep: [String] = []

    public var reviewScreen: ReviewState? {
        if case .review(let state) = stack.last { return state }
        return nil
    }

    public var homeScreen: HomeState? {
        if case .home(let state) = stack.last { return state }
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
