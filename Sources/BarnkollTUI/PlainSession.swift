import BarnkollCore
import Foundation
import Terminal

/// Plain mode: the front end as a conversation of lines, for screen readers, braille displays,
/// terminals that cannot draw and scripts. No cursor addressing and no escape sequences: what it
/// writes is text and line breaks only. Same store and same rules as the full screen; every answer
/// is saved the moment its line is read, so a killed session loses nothing given.
public final class PlainSession {
    /// Where the session opens.
    public enum Start: Sendable {
        case home
        case analysis(id: String, item: String?)
        case reviewQueue
        /// Training runs fictional cases in a store of their own; its plain form joins here.
        case training
    }

    public enum Outcome: Sendable, Equatable {
        /// The user left (q), or the work is done.
        case finished
        /// Standard input ended; everything given is saved.
        case endOfInput
        /// A termination signal ended the wait; everything given is saved.
        case interrupted
    }

    /// Why the conversation stops early.
    enum Stop: Error {
        case endOfInput
        case interrupted
    }

    let store: any CaseworkStore
    let catalog: ChecklistCatalog
    let account: String
    let strings: Strings
    let input: LineInput
    let output: LineOutput
    let training: Bool
    let interrupted: () -> Bool

    public init(store: any CaseworkStore, catalog: ChecklistCatalog, account: String, strings: Strings,
                input: LineInput, output: LineOutput, training: Bool = false,
                interrupted: @escaping () -> Bool = { false }) {
        self.store = store
        self.catalog = catalog
        self.account = account
        self.strings = strings
        self.input = input
        self.output = output
        self.training = training
        self.interrupted = interrupted
    }

    var language: Language { strings.language }

    /// Runs until the user leaves or the input ends. Throws only when the start itself fails
    /// (an analysis that does not exist, a store that cannot be read).
    public func run(_ start: Start) throws(StoreError) -> Outcome {
        var first: (analysis: Analysis, moved: DefinitionMove?)?
        if case .analysis(let id, _) = start { first = try store.openForWork(id, catalog: catalog, by: account) }
        if case .reviewQueue = start, !(try store.isReviewer(account)) {
            throw .refused(strings.onlySupervisors(account))
        }
        // A training store says so before anything else, as every screen and export does.
        if training { say("[\(TrainingMark.text)]") }
        do throws(Stop) {
            switch start {
            case .home:
                try home()
            case .analysis(_, let item):
                if let first { try open(first.analysis, moved: first.moved, item: item) }
            case .reviewQueue:
                try reviewQueue()
            case .training:
                say(strings.plainTrainingLater)
            }
            return .finished
        } catch .endOfInput {
            return interrupted() ? .interrupted : .endOfInput
        } catch {
            return .interrupted
        }
    }

    // MARK: - Lines

    func say(_ text: String) { output.write(text + "\n") }

    /// Text that came from people or files: never a control character on the way out.
    func out(_ text: String) -> String { TextHygiene.forOutput(text, multiline: false) }

    func ask(_ prompt: String) throws(Stop) -> String {
        output.write(prompt)
        guard let line = input.readLine() else {
            output.write("\n")
            throw interrupted() ? .interrupted : .endOfInput
        }
        return line
    }

    static func isYes(_ line: String) -> Bool {
        ["j", "ja", "y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func isNo(_ line: String) -> Bool {
        ["n", "nej", "no"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }

    // MARK: - Home

    func home() throws(Stop) {
        while true {
            var choices: [(String, () throws(Stop) -> Void)] = []
            say("")
            say("\(strings.homeTitle) · \(out(account))" + (training ? " · \(strings.training)" : ""))
            choices.append((strings.newAnalysis, { () throws(Stop) in try self.newAnalysis() }))
            say("1 \(strings.newAnalysis)")
            do {
                if try store.isReviewer(account) {
                    let waiting = try store.count(AnalysisFilter.reviewQueue(), for: account)
                    choices.append((strings.reviewEntry(waiting), { () throws(Stop) in try self.reviewQueue() }))
                    say("\(choices.count) \(strings.reviewEntry(waiting))")
                    choices.append((strings.indicatorsEntry, { () throws(Stop) in try self.indicators() }))
                    say("\(choices.count) \(strings.indicatorsEntry)")
                }
                for (title, status) in [(strings.returnedToYou, AnalysisStatus.returned), (strings.yourDrafts, .draft),
                                        (strings.yourSubmitted, .submitted)] {
                    let mine = try store.list(AnalysisFilter(status: status, author: account, limit: 50), for: account)
                    say(title + ":")
                    if mine.isEmpty { say("  " + strings.none) }
                    for summary in mine {
                        let id = summary.id
                        choices.append((id, { () throws(Stop) in try self.open(id) }))
                        say("\(choices.count) \(id)  \(out(summary.caseRef))  \(out(summary.unit))  \(summary.updatedAt.prefix(10))")
                    }
                }
            } catch {
                say(strings.storeProblem(error))
            }
            let line = try ask(strings.plainHomePrompt).trimmingCharacters(in: .whitespaces)
            if line.lowercased() == "q" { return }
            guard let number = Int(line), choices.indices.contains(number - 1) else {
                if !line.isEmpty { say(strings.plainPickNumber(choices.count)) }
                continue
            }
            try choices[number - 1].1()
        }
    }

    func newAnalysis() throws(Stop) {
        let checklists = catalog.sorted
        guard !checklists.isEmpty else { return }
        say(strings.newTitle + ". " + strings.plainCancelHint)
        var chosen = checklists.firstIndex { $0.id == ChecklistCatalog.defaultChecklist } ?? 0
        for (index, checklist) in checklists.enumerated() {
            say("\(index + 1) \(index == chosen ? "(•)" : "( )") \(out(checklist.title.text(language)))")
        }
        while true {
            let line = try ask(strings.plainChecklistPrompt).trimmingCharacters(in: .whitespaces)
            if line.lowercased() == "q" { return }
            if line.isEmpty { break }
            if let number = Int(line), checklists.indices.contains(number - 1) {
                chosen = number - 1
                break
            }
            say(strings.plainPickNumber(checklists.count))
        }
        var caseRef = ""
        while true {
            let line = try ask(strings.plainCaseRefPrompt)
            if line.trimmingCharacters(in: .whitespaces).lowercased() == "q" { return }
            caseRef = TextHygiene.sanitize(line, multiline: false).trimmingCharacters(in: .whitespaces)
            if caseRef.isEmpty {
                say(strings.needCaseReference)
            } else if !Personnummer.find(in: caseRef).isEmpty {
                say(strings.caseReferenceIsPersonnummer)
            } else {
                break
            }
        }
        let unit = TextHygiene.sanitize(try ask(strings.plainUnitPrompt), multiline: false).trimmingCharacters(in: .whitespaces)
        let checklist = checklists[chosen]
        do {
            // Core answers the case reference and unit items from what was given.
            let summary = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: account, answers: [:])
            try open(try store.analysis(summary.id, readBy: account), item: nil)
        } catch let error as StoreError {
            say(strings.storeProblem(error))
        } catch let stop as Stop {
            throw stop
        } catch {
            say("\(error)")
        }
    }

    /// `documentRead`: the reader has just had the analysis read out in full (the review's `a`),
    /// so a worksheet they may not write in does not print it again.
    func open(_ id: String, documentRead: Bool = false) throws(Stop) {
        do {
            let opened = try store.openForWork(id, catalog: catalog, by: account)
            try open(opened.analysis, moved: opened.moved, item: nil, documentRead: documentRead)
        } catch let error as StoreError {
            say(strings.storeProblem(error))
        } catch let stop as Stop {
            throw stop
        } catch {
            say("\(error)")
        }
    }

    // MARK: - Worksheet

    /// Opens one analysis: the worksheet when it can change, else the analysis printed in full.
    /// `moved`: the analysis has just moved onto a newer definition, which the caseworker is told first.
    func open(_ opened: Analysis, moved: DefinitionMove? = nil, item: String?, documentRead: Bool = false) throws(Stop) {
        if let notice = moved?.notice(language) {
            say(notice.title)
            for paragraph in notice.paragraphs { say(paragraph) }
        }
        try PlainWorksheet(session: self, analysis: opened).run(item: item, documentRead: documentRead)
    }
}

/// One analysis walked item by item in plain mode.
final class PlainWorksheet {
    /// What the walk does after one item.
    enum Action: Equatable {
        case stay
        case next
        case jump(String)
        case leave
        case submitted
    }

    typealias Stop = PlainSession.Stop

    let session: PlainSession
    /// The analysis with every answer saved so far.
    var analysis: Analysis

    init(session: PlainSession, analysis: Analysis) {
        self.session = session
        self.analysis = analysis
    }

    var store: any CaseworkStore { session.store }
    var strings: Strings { session.strings }
    var language: Language { session.language }
    var account: String { session.account }
    var input: LineInput { session.input }
    var catalog: ChecklistCatalog { session.catalog }
    var checklist: Checklist { analysis.checklist }
    var evaluation: Evaluation { analysis.evaluate() }

    func say(_ text: String) { session.say(text) }
    func out(_ text: String) -> String { session.out(text) }
    func ask(_ prompt: String) throws(Stop) -> String { try session.ask(prompt) }
    func interrupted() -> Bool { session.interrupted() }

    func run(item: String?, documentRead: Bool = false) throws(Stop) {
        let opened = analysis
        let summary = opened.summary
        say("")
        say(strings.plainOpened(summary.id, out(opened.checklist.title.text(language)), summary.status))
        guard Permissions.mayWrite(summary, account: account) else {
            if !documentRead {
                // As `show` lays it out: marked in a training store, and masked where it names no one.
                var document = AnalysisDocument(analysis: opened, language: language, references: catalog.references)
                document.training = session.training
                say(document.text())
            }
            say(summary.status.isEditable ? strings.onlyAuthorWrites(summary.author) : strings.plainReadOnly(summary.status))
            // A supervisor of its unit or an admin hands a draft over and moves it from here, as
            // from `admin reassign` and `admin move`.
            if summary.status.isEditable, try offerMove(tellingWhoCan: false) { try offerHandOver() }
            return
        }
        if let review = opened.latestReturn, let comment = review.comment {
            say("\(strings.returnedComment) (\(out(review.reviewer))): \(out(comment))")
        }
        say(strings.plainKeys)
        // A question asked for each child starts at its group, which asks it child by child.
        let start = item.map { checklist.groupAsking($0)?.id ?? $0 }
        let opening = walk
        var current: String? = [start, opened.position].compactMap { $0 }.first { opening.contains($0) } ?? opening.first
        var section: String?
        while true {
            guard let id = current else {
                let missing = evaluation.missing.count + evaluation.blockingHardStops.count
                say("")
                say(strings.plainEnd(missing))
                let line = try ask(strings.plainEndPrompt + ": ").trimmingCharacters(in: .whitespaces)
                switch try command(line, at: nil) {
                case .jump(let target)?: current = target
                case .leave?, .submitted?: return
                case .next?, .stay?: break
                case nil:
                    if line.isEmpty { current = evaluation.missing.first.map(\.path.item) }
                }
                continue
            }
            if let here = checklist.section(containing: id), here.id != section {
                section = here.id
                say("")
                say(strings.plainSection(numbers.section(here.id), here.title.text(language)))
            }
            try? store.setPosition(summary.id, item: id, by: account)
            switch try ask(item: id) {
            case .next: current = flow.next(after: id)
            case .jump(let target): current = target
            case .stay: break
            case .leave, .submitted: return
            }
        }
    }

    /// The worksheet as the caseworker walks it, from the answers as they are now: the same flow
    /// the full screen draws. Built with an evaluation, so only where the order is needed.
    var flow: WorksheetFlow { WorksheetFlow(analysis) }
    var walk: [String] { flow.items }
    /// Numbers come from the checklist alone: no evaluation to name an item.
    var numbers: ItemNumbers { ItemNumbers(checklist: checklist) }
    func number(_ item: String) -> String { numbers.number(item) }

    /// "Barnets röst 4.2", and for a group's entry "Berörs barn? 2.3 Nr 1".
    func location(_ path: ItemPath) -> String {
        let section = checklist.section(containing: path.item)?.title.text(language) ?? ""
        var text = "\(section) \(number(path.item))"
        if let entry = path.entry { text += " \(strings.entry(entry + 1))" }
        return text
    }

    /// The commands every prompt takes. nil: the line is an answer.
    func command(_ line: String, at path: ItemPath?) throws(Stop) -> Action? {
        let lowered = line.lowercased()
        switch lowered {
        case "?":
            if let path { help(path) } else { say(strings.plainKeys) }
            return .stay
        case "m":
            listMissing()
            return .stay
        case "s":
            return try submit() ? .submitted : .stay
        case "q":
            return .leave
        default:
            guard lowered.hasPrefix("g ") else { return nil }
            let target = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard let id = numbers.resolve(target) else {
                say(strings.plainNoItem(out(target)))
                return .stay
            }
            guard walk.contains(id) || checklist.section(containing: id)?.filledBy != .caseworker
                && evaluation.visibleItems.contains(id) else {
                say(strings.plainHidden(number(id)))
                return .stay
            }
            return .jump(id)
        }
    }

    func help(_ path: ItemPath) {
        guard let top = checklist.item(path.item) else { return }
        let item = path.subItem.flatMap { sub in top.items.first { $0.id == sub } } ?? top
        say("\(strings.help): \(out(item.prompt.text(language)))")
        say(item.help.map { TextHygiene.forOutput($0.text(language)) } ?? strings.noHelp)
        if !item.articles.isEmpty { say("\(strings.articles) \(item.articles.map(String.init).joined(separator: ", "))") }
        for id in item.references {
            if let reference = catalog.references[id] { say("§ " + out(reference.display(language))) }
        }
        say(strings.plainKeys)
    }

    func listMissing() {
        let evaluation = self.evaluation
        if evaluation.missing.isEmpty && evaluation.blockingHardStops.isEmpty {
            say(strings.plainNothingMissing)
            return
        }
        say("\(strings.missingTitle) (\(evaluation.missing.count + evaluation.blockingHardStops.count)):")
        for missing in evaluation.missing {
            let prompt = checklist.prompt(at: missing.path, in: analysis.answers, language)
            // A rule may name no item: then its reason alone says what is missing.
            guard !missing.path.item.isEmpty else {
                say("- \(out(missing.reason.text(language)))")
                continue
            }
            say("- \(location(missing.path)): \(out(prompt)): \(out(missing.reason.text(language)))")
        }
        for stop in evaluation.blockingHardStops {
            let place = stop.item.map { location(ItemPath(item: $0)) + ": " } ?? ""
            say("- \(strings.hardStopTitle): \(place)\(out(stop.message.text(language)))")
            say("  " + strings.hardStopHelp)
        }
        say(strings.plainGoHint)
    }

    /// Submits with the front end's rules and words. True when it went.
    func submit() throws(Stop) -> Bool {
        let evaluation = self.evaluation
        guard evaluation.canSubmit else {
            say(strings.cannotSubmit)
            listMissing()
            return false
        }
        let answer = try ask((evaluation.closesAsNotApplicable ? strings.plainConfirmClose : strings.plainConfirmSubmit) + " ")
        guard PlainSession.isYes(answer) else {
            say(strings.plainNotSubmitted)
            return false
        }
        do {
            let status = try store.submit(analysis.summary.id, by: account)
            self.analysis = try store.analysis(analysis.summary.id, readBy: account)
            say(strings.submitted(status))
            return true
        } catch {
            say(strings.storeProblem(error))
            if case .incomplete = error { listMissing() }
            return false
        }
    }

    /// Asks one item of the walk (a group asks its entries too).
    func ask(item id: String) throws(Stop) -> Action {
        guard let item = checklist.item(id) else { return .next }
        if item.type == .group { return try ask(group: item) }
        let path = ItemPath(item: id)
        say("")
        say(header(item, path: path, required: evaluation.requiredItems.contains(id)))
        if let comment = analysis.latestReturn?.itemComments[id] {
            say("\(strings.supervisorComment): \(out(comment))")
        }
        // With a list of units the unit is chosen when the analysis is made, or moved to (Core's rule).
        if id == Checklist.unitItemID, (try? store.actor(account).unitsDefined) == true {
            let unit = analysis.summary.unit
            let writes = Permissions.mayWrite(analysis.summary, account: account)
            if analysis.answers[id] != .text(unit) && writes {
                _ = save(id, .text(unit))
            }
            say("\(strings.plainCurrent): \(out(unit))")
            guard writes else {
                say(strings.unitIsFixed(unit))
                return .next
            }
            try offerMove()
            return .next
        }
        return try ask(value: item, path: path, current: analysis.answers[id]) { value in save(id, value) }
    }

    /// The accounts Core lets this reader hand the analysis over to, numbered; a number and a
    /// reason hand it over (Core's `reassign`, as the full screen's form does), an empty line
    /// leaves it with its author. Someone who may not hand it over is asked nothing.
    func offerHandOver() throws(Stop) {
        let accounts = (try? store.accountsToHandOver(analysis.summary, by: account)) ?? []
        guard !accounts.isEmpty else { return }
        say(strings.plainHandOverQuestion(analysis.summary.author))
        for (index, name) in accounts.enumerated() { say("  \(index + 1) \(out(name))") }
        let line = try ask("> ").trimmingCharacters(in: .whitespaces)
        guard let number = Int(line), accounts.indices.contains(number - 1) else {
            if !line.isEmpty { say(strings.plainAuthorKept(analysis.summary.author)) }
            return
        }
        let reason = try ask(strings.moveReason + ": ")
        let id = analysis.summary.id
        do {
            try store.reassign(id, to: accounts[number - 1], reason: reason, by: account)
            do throws(StoreError) {
                analysis = try store.analysis(id, readBy: account)
                say(strings.handedOver(to: analysis.summary.author))
            } catch {
                say(strings.notReadAgain(id, after: .handOver, to: accounts[number - 1], strings.storeProblem(error)))
            }
        } catch {
            say(strings.storeProblem(error))
        }
    }

    /// The units Core lets this account move the analysis to, numbered; a number and a reason move
    /// it (Core's `move`, as the full screen's form does), an empty line keeps it where it is.
    /// With none to offer, the author is told why (Core's words); someone who only reads is told nothing.
    /// Returns whether the analysis is still read here as it is now (not moved away, nor unread).
    @discardableResult
    func offerMove(tellingWhoCan: Bool = true) throws(Stop) -> Bool {
        let unit = analysis.summary.unit
        let offer = try? store.moveOffer(analysis.summary, by: account)
        let units = offer?.units ?? []
        guard !units.isEmpty else {
            if tellingWhoCan { say(strings.noUnitToMoveTo(unit, why: offer?.whyNone)) }
            return true
        }
        say(strings.plainMoveQuestion)
        for (index, name) in units.enumerated() { say("  \(index + 1) \(out(name))") }
        let line = try ask("> ").trimmingCharacters(in: .whitespaces)
        guard let number = Int(line), units.indices.contains(number - 1) else {
            if !line.isEmpty { say(strings.plainUnitKept(unit)) }
            return true
        }
        let reason = try ask(strings.moveReason + ": ")
        do {
            let id = analysis.summary.id
            let moved = try store.move(id, toUnit: units[number - 1], reason: reason, by: account)
            // A supervisor who moved it out of their units no longer reads it.
            do throws(StoreError) {
                analysis = try store.analysis(id, readBy: account)
                say(strings.movedTo(analysis.summary.unit))
            } catch .notVisible {
                say(strings.movedAway(id, to: moved))
                return false
            } catch {
                say(strings.notReadAgain(id, after: .move, to: moved, strings.storeProblem(error)))
                return false
            }
        } catch {
            say(strings.storeProblem(error))
        }
        return true
    }

    func header(_ item: Item, path: ItemPath, required: Bool) -> String {
        var prompt = checklist.prompt(at: path, in: analysis.answers, language)
        if !item.articles.isEmpty { prompt += " (art. \(item.articles.map(String.init).joined(separator: ", ")))" }
        return "\(location(path)): \(out(prompt))" + (required ? " \(strings.plainRequired)" : "")
    }

    /// The answer shown, the choices numbered, then lines read until one answers or leaves.
    func ask(value item: Item, path: ItemPath, current: AnswerValue?, save: (AnswerValue?) -> Bool) throws(Stop) -> Action {
        if let current, !current.isEmpty {
            let shown = AnalysisDocument.display(current, item: item, language: language)
            let lines = shown.split(separator: "\n", omittingEmptySubsequences: false)
            say("\(strings.plainCurrent): \(lines.first ?? "")")
            for line in lines.dropFirst() { say("  \(line)") }
        }
        let values = item.allowedValues ?? []
        for (index, value) in values.enumerated() {
            say("  \(index + 1) \(out(item.label(for: value, language)))")
        }
        switch item.type {
        case .choice, .yesNoNA: say(strings.plainChoiceHint)
        case .multiChoice: say(strings.plainMultiHint)
        case .longText: say(strings.plainLongTextHint)
        case .date: say(strings.plainDateHint)
        case .number: say(strings.plainNumberHint)
        case .text, .group: break
        }
        while true {
            let line = try ask("> ")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let action = try command(trimmed, at: path) {
                if action == .stay { continue }
                return action
            }
            if trimmed.isEmpty { return .next }
            if trimmed == "-" {
                if current != nil, save(nil) { report(path) }
                return .next
            }
            var stop: Stop?
            let raw: AnswerValue
            switch item.type {
            case .longText:
                var lines = [line]
                while true {
                    guard let more = input.readLine() else {
                        // The lines given so far are kept, as a killed full screen keeps what was typed.
                        stop = interrupted() ? .interrupted : .endOfInput
                        break
                    }
                    if more.trimmingCharacters(in: .whitespaces) == "." { break }
                    lines.append(more)
                }
                raw = .text(lines.joined(separator: "\n"))
            case .choice, .yesNoNA:
                if let number = Int(trimmed) {
                    guard values.indices.contains(number - 1) else {
                        say(strings.plainPickNumber(values.count))
                        continue
                    }
                    raw = .text(values[number - 1])
                } else {
                    raw = .text(trimmed)
                }
            case .multiChoice:
                var chosen: [String] = []
                var wrong = false
                for part in trimmed.split(separator: ",") {
                    let piece = part.trimmingCharacters(in: .whitespaces)
                    if let number = Int(piece) {
                        if values.indices.contains(number - 1) { chosen.append(values[number - 1]) } else { wrong = true }
                    } else {
                        chosen.append(piece)
                    }
                }
                if wrong {
                    say(strings.plainPickNumber(values.count))
                    continue
                }
                raw = .choices(chosen)
            default:
                raw = .text(item.type == .text ? line : trimmed)
            }
            let value: AnswerValue?
            do {
                value = try AnswerInput.check(raw, for: item, path: path.description)
            } catch {
                say("\(strings.invalid): \(invalid(item, error))")
                if let stop { throw stop }
                continue
            }
            let saved = save(value)
            if let stop { throw stop }
            guard saved else { continue }
            report(path)
            return .next
        }
    }

    /// Why an answer was refused, in the checker's words as the worksheet shows them; a choice
    /// is answered here by its number, so a refused one asks for a number.
    func invalid(_ item: Item, _ problem: AnswerProblem) -> String {
        switch item.type {
        case .choice, .multiChoice, .yesNoNA: strings.plainPickNumber(item.allowedValues?.count ?? 0)
        case .text, .longText, .group, .date, .number: out(problem.message.text(strings.language))
        }
    }

    /// Warnings, what a rule still asks, and hard stops at the item just answered, as the full
    /// screen shows them there.
    func report(_ path: ItemPath) {
        let evaluation = self.evaluation
        for warning in evaluation.warnings where warning.path == path {
            say("\(strings.plainWarning): \(out(warning.message.text(language)))")
        }
        for missing in evaluation.missing where missing.rule != nil && missing.path == path {
            say("\(strings.plainMissing): \(out(missing.reason.text(language)))")
        }
        guard path.entry == nil else { return }
        for stop in evaluation.blockingHardStops where stop.item == path.item {
            say("\(strings.hardStopTitle): \(out(stop.message.text(language)))")
            say(strings.hardStopHelp)
        }
    }

    /// Saves one answer at once, only over the answer this session holds; on failure says so and
    /// keeps the analysis as the store has it. On a conflict (another terminal saved the item
    /// meanwhile) both answers are shown; the stored one is taken, and answering again replaces it.
    func save(_ item: String, _ value: AnswerValue?) -> Bool {
        let id = analysis.summary.id
        do {
            analysis.answers[item] = try store.save(id, item: item, value: value, replacing: analysis.answers[item], by: account)
                .flatMap { $0.isEmpty ? nil : $0 }
            return true
        } catch .conflict(_, _, let stored) {
            analysis.answers[item] = stored
            say(strings.plainConflict(stored: out(stored?.searchableText ?? ""), mine: out(value?.searchableText ?? "")))
            return false
        } catch {
            say(strings.plainSaveFailed(strings.saveProblem(error)))
            return false
        }
    }

    func entries(_ group: String) -> [[String: AnswerValue]] { checklist.entries(of: group, in: analysis.answers) }

    /// A group: its entries one by one, then "add another?" until the answer is no.
    func ask(group: Item) throws(Stop) -> Action {
        let path = ItemPath(item: group.id)
        say("")
        say(header(group, path: path, required: evaluation.requiredItems.contains(group.id)))
        if let help = group.help { say(out(help.text(language))) }
        if let comment = analysis.latestReturn?.itemComments[group.id] {
            say("\(strings.supervisorComment): \(out(comment))")
        }
        var index = 0
        while index < entries(group.id).count {
            let action = try ask(entry: index, of: group)
            if action != .next { return action }
            index += 1
        }
        // Asked for each child: the entries are the children's, added and removed with them.
        if group.each != nil {
            if entries(group.id).isEmpty, let base = group.each {
                say(out(strings.addEntriesFirst(checklist.item(base)?.prompt.text(language) ?? base)))
            }
            report(path)
            return .next
        }
        while true {
            let count = entries(group.id).count
            if count > 0 { say(strings.plainEntries(count) + " " + strings.plainRemoveHint(count)) }
            let line = try ask(strings.plainAdd(group.prompt.text(language), another: count > 0) + " ")
                .trimmingCharacters(in: .whitespaces)
            if let action = try command(line, at: path) {
                if action == .stay { continue }
                return action
            }
            if line.lowercased().hasPrefix("x "), let number = Int(line.dropFirst(2).trimmingCharacters(in: .whitespaces)) {
                var list = entries(group.id)
                guard list.indices.contains(number - 1) else {
                    say(strings.plainPickNumber(list.count))
                    continue
                }
                list.remove(at: number - 1)
                if save(group.id, list.isEmpty ? nil : .entries(list)) { say(strings.plainRemoved(number)) }
                continue
            }
            if line.isEmpty || PlainSession.isNo(line) {
                report(path)
                return .next
            }
            guard PlainSession.isYes(line) else {
                say(strings.plainYesOrNo)
                continue
            }
            // The new entry is saved at once, as the full screen does, so it is there even if nothing follows.
            guard save(group.id, .entries(entries(group.id) + [[:]])) else { continue }
            let action = try ask(entry: count, of: group)
            if action != .next { return action }
        }
    }

    /// The sub-items of one entry; which show can change with each answer in it.
    func ask(entry index: Int, of group: Item) throws(Stop) -> Action {
        for sub in group.items {
            let list = entries(group.id)
            guard list.indices.contains(index) else { return .next }
            let shown = Worksheet(checklist: checklist, answers: analysis.answers).subItems(of: group, entry: list[index])
            guard let visible = shown.first(where: { $0.item.id == sub.id }) else { continue }
            let path = ItemPath(item: group.id, entry: index, subItem: sub.id)
            say("")
            say(header(sub, path: path, required: visible.required))
            let action = try ask(value: sub, path: path, current: list[index][sub.id]) { value in
                var list = entries(group.id)
                guard list.indices.contains(index) else { return false }
                list[index][sub.id] = value
                return save(checklist.entriesItem(of: group.id), .entries(list))
            }
            if action != .next { return action }
        }
        return .next
    }
}
