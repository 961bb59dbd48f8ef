import Crypto
import Foundation

// The use cases of casework, over the store contract. Every screen, plain mode and command calls
// these; none checks a permission itself, and no store decides one.

// MARK: - Analyses

extension AnalysisRecords where Self: AccessRecords {
    /// Starts an analysis: the case reference cleaned and refused when it holds a personnummer,
    /// the unit one of the author's (when the store has units), the first answers checked.
    public func create(checklist: Checklist, caseRef: String, unit: String, author: String,
                       answers: Answers = [:]) throws(StoreError) -> AnalysisSummary {
        let actor = try actor(author)
        var new = try Casework.newAnalysis(checklist: checklist, caseRef: caseRef, unit: unit, actor: actor,
                                           listed: actor.unitsDefined ? try units() : [], answers: answers, kind: kind)
        if checklist.item(Casework.starredNoItem) != nil, new.answers[Casework.starredNoItem] == nil,
           try starredNo(inCase: new.caseRef, besides: checklist.id, readBy: author) {
            new.answers[Casework.starredNoItem] = .text("yes")
        }
        return try insertAnalysis(new)
    }

    /// Whether another checklist of the same case (a barnchecklista), as far as the author may see,
    /// has a starred question answered No: then the analysis must be full, and barnkoll says so
    /// itself instead of leaving it to be remembered. Each analysis looked at is a logged read.
    func starredNo(inCase caseRef: String, besides checklistID: String, readBy account: String) throws(StoreError) -> Bool {
        guard !caseRef.isEmpty else { return false }
        var filter = AnalysisFilter(limit: 50)
        filter.caseRef = caseRef
        // Only the other checklists can hold the starred questions: no analysis of this kind is read.
        for summary in try list(filter, for: account) where summary.checklistID != checklistID {
            let other = try analysis(summary.id, readBy: account)
            if other.checklist.item(Casework.starredNoItem) == nil,
               other.checklist.allItems.contains(where: { $0.starred && other.answers[$0.id] == .text("no") }) {
                return true
            }
        }
        return false
    }

    /// Reads an analysis the reader may see, and logs the read.
    public func analysis(_ id: String, readBy account: String) throws(StoreError) -> Analysis {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        do {
            return try readAnalysis(id, loggedFor: account) { summary, actor throws(StoreError) in
                try Permissions(actor: actor, summary: summary, kind: kind).requireSee()
            }
        } catch {
            throw error.stopped(.reading)
        }
    }

    /// Every analysis a filter selects that the reader may see, each read logged.
    public func analyses(_ filter: AnalysisFilter, readBy account: String, history: Bool = true) throws(StoreError) -> [Analysis] {
        try analyses(filter, readBy: account, history: history) { $0 }
    }

    public func analyses<Delivered>(_ filter: AnalysisFilter, readBy account: String, history: Bool = true,
                                    deliver: ([Analysis]) -> Delivered) throws(StoreError) -> Delivered {
        try reading(filter, by: account) { scoped throws(StoreError) in
            try readAnalyses(scoped, loggedFor: account, history: history, deliver: deliver)
        }
    }

    /// The same, made into parts as the store reads them (`readAnalysisParts`).
    public func analysisParts<Part: Sendable>(_ filter: AnalysisFilter, readBy account: String, history: Bool = true,
                                              shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part)
        throws(StoreError) -> AnalysesInParts<Part> {
        try reading(filter, by: account) { scoped throws(StoreError) in
            try readAnalysisParts(scoped, loggedFor: account, history: history, shape: shape)
        }
    }

    /// A bulk read within what the reader may see.
    private func reading<Read>(_ filter: AnalysisFilter, by account: String,
                               _ read: (AnalysisFilter) throws(StoreError) -> Read) throws(StoreError) -> Read {
        var scoped = filter
        scoped.scope = try actor(account).scope(in: kind)
        do {
            return try read(scoped)
        } catch {
            throw error.stopped(.reading)
        }
    }

    /// Saves one answer (nil clears it) in one small transaction.
    public func save(_ id: String, item: String, value: AnswerValue?, by account: String) throws(StoreError) {
        try saveAll(id, changes: [AnswerChange(item: item, value: value)], loaded: nil, by: account)
    }

    /// Saves one answer only if the stored one is still `loaded`, the one the saver last read or
    /// wrote: two terminals on one analysis never overwrite each other silently. On a conflict
    /// nothing is written and the error carries what is stored now.
    /// Returns the answer as stored (checked and cleaned), the one the next save replaces.
    @discardableResult
    public func save(_ id: String, item: String, value: AnswerValue?, replacing loaded: AnswerValue?,
                     by account: String) throws(StoreError) -> AnswerValue? {
        try saveAll(id, changes: [AnswerChange(item: item, value: value)], loaded: [item: loaded], by: account).first?.value
    }

    public func saveAll(_ id: String, answers: Answers, by account: String) throws(StoreError) {
        try saveAll(id, changes: answers.keys.sorted().map { AnswerChange(item: $0, value: answers[$0]) }, loaded: nil, by: account)
    }

    /// Saves answers only if each stored one is still as `loaded` has it (absent: none stored).
    /// Returns the answers as written (checked and cleaned; absent: cleared).
    @discardableResult
    public func saveAll(_ id: String, answers: Answers, replacing loaded: Answers, by account: String) throws(StoreError) -> Answers {
        let changes = answers.keys.sorted().map { AnswerChange(item: $0, value: answers[$0]) }
        let written = try saveAll(id, changes: changes, loaded: Dictionary(uniqueKeysWithValues: changes.map { ($0.item, loaded[$0.item]) }),
                                  by: account)
        return written.reduce(into: Answers()) { answers, change in answers[change.item] = change.value }
    }

    /// Returns the changes as written.
    @discardableResult
    private func saveAll(_ id: String, changes: [AnswerChange], loaded: [String: AnswerValue?]?,
                         by account: String) throws(StoreError) -> [AnswerChange] {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        return try recordAnswers(id, by: account, reading: loaded.map { Array($0.keys).sorted() } ?? []) { head, actor, stored throws(StoreError) in
            try Permissions(actor: actor, summary: head.summary, kind: kind).requireEdit()
            for (item, expected) in loaded ?? [:] where stored[item] != expected {
                throw .conflict(id: id, item: item, stored: stored[item])
            }
            return try changes.map { change throws(StoreError) in
                let checked = try Casework.checked(change.value, item: change.item, in: head.checklist, kind: kind)
                let (value, unit) = try Casework.unitAnswer(checked, item: change.item, of: head, unitsDefined: actor.unitsDefined)
                return AnswerChange(item: change.item, value: value,
                                    caseRef: Casework.newCaseReference(value, item: change.item, of: head), unit: unit)
            }
        }
    }

    public func setPosition(_ id: String, item: String, by account: String) throws(StoreError) {
        try Casework.requireOwnKind(id, in: self)
        try recordPosition(id, item: item)
    }

    /// Freezes a version and moves the analysis on: submitted, or closed when no child is
    /// affected. A refusal by a hard stop goes on the supervisor's list.
    public func submit(_ id: String, by account: String) throws(StoreError) -> AnalysisStatus {
        try Casework.requireOwnKind(id, in: self)
        do {
            return try recordSubmission(id, by: account) { analysis, actor throws(StoreError) in
                try Casework.submission(of: analysis, by: actor)
            }
        } catch {
            if case .incomplete(_, _, let stops) = error, !stops.isEmpty {
                try? recordHardStops(id, rules: stops.map(\.rule), by: account)
            }
            throw error
        }
    }

    /// Starts a new version of an approved analysis.
    public func revise(_ id: String, by account: String) throws(StoreError) {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        try recordTransition(id, by: account) { head, actor throws(StoreError) in
            try Permissions(actor: actor, summary: head.summary, kind: kind).requireRevise()
            return .draft
        }
    }

    /// A list within what the reader may see.
    public func list(_ filter: AnalysisFilter, for account: String) throws(StoreError) -> [AnalysisSummary] {
        try list(try scoped(filter, for: account))
    }

    public func count(_ filter: AnalysisFilter, for account: String) throws(StoreError) -> Int {
        try count(try scoped(filter, for: account))
    }

    public func page(_ filter: AnalysisFilter, for account: String) throws(StoreError) -> (rows: [AnalysisSummary], total: Int) {
        try page(try scoped(filter, for: account))
    }

    public func followUps(today: String, unit: String? = nil, limit: Int = 200, for account: String) throws(StoreError) -> [FollowUpEntry] {
        try followUps(today: today, unit: unit, scope: try actor(account).scope(in: kind), limit: limit)
    }

    /// Every follow-up, whoever reads it (tests and maintenance).
    public func followUps(today: String, unit: String? = nil, limit: Int = 200) throws(StoreError) -> [FollowUpEntry] {
        try followUps(today: today, unit: unit, scope: nil, limit: limit)
    }

    public func scoped(_ filter: AnalysisFilter, for account: String) throws(StoreError) -> AnalysisFilter {
        var scoped = filter
        scoped.scope = try actor(account).scope(in: kind)
        return scoped
    }
}

// MARK: - Reviews and handing over

extension ReviewRecords where Self: AccessRecords {
    /// Approves what could be submitted as it stands, and sends the audit chain's new head to the
    /// system log, where a later `verify --anchor` finds it.
    @discardableResult
    public func approve(_ id: String, by account: String, comment: String?) throws(StoreError) -> ChainAnchor {
        let head = try review(id, by: account, decision: .approve, comment: comment, itemComments: [:], rule: nil)
        guard isDurable else { return ChainAnchor(head: head, notLogged: "a synthetic store is not anchored") }
        switch SystemLog.send(head.logLine) {
        case .success: return ChainAnchor(head: head, notLogged: nil)
        case .failure(let error): return ChainAnchor(head: head, notLogged: error.description)
        }
    }

    /// Returns to the author, with a comment that says what is missing.
    public func `return`(_ id: String, by account: String, comment: String, itemComments: [String: String]) throws(StoreError) {
        guard !comment.allSatisfy(\.isWhitespace) else {
            throw .notAllowed(sv: "en återsändning behöver en kommentar som säger vad som saknas",
                              en: "returning needs a comment that says what is missing")
        }
        _ = try review(id, by: account, decision: .return, comment: comment, itemComments: itemComments, rule: nil)
    }

    /// Lets a decision go ahead despite a hard stop, on one of the accepted grounds, with a written
    /// explanation.
    public func override(_ id: String, rule: String, ground: OverrideGround, by account: String, reason: String) throws(StoreError) {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw .notAllowed(sv: "att häva ett stopp kräver en skriftlig förklaring", en: "overriding a hard stop needs a written explanation")
        }
        _ = try review(id, by: account, decision: .override, comment: reason, itemComments: [:], rule: rule, ground: ground)
    }

    private func review(_ id: String, by account: String, decision: ReviewDecision, comment: String?,
                        itemComments: [String: String], rule: String?, ground: OverrideGround? = nil) throws(StoreError) -> ChainHead {
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        return try recordReview(id, by: account) { analysis, actor throws(StoreError) in
            try Casework.review(analysis, by: actor, decision: decision, comment: comment, itemComments: itemComments,
                                rule: rule, ground: ground, kind: kind)
        }
    }

    /// Hands a draft or returned analysis to a colleague (the author away or gone): a supervisor of
    /// its unit or an admin, with a reason; audited.
    public func reassign(_ id: String, to account: String, reason: String, by actor: String) throws(StoreError) {
        let reason = try Casework.reason(reason, sv: "en överlämning behöver ett skäl (författaren är borta, har slutat …)",
                                         en: "handing an analysis over needs a reason (the author is away, has left …)")
        try Casework.requireOwnKind(id, in: self)
        let kind = kind
        try recordReassignment(id, to: account, reason: reason, by: actor) { head, giver, taker throws(StoreError) in
            try Permissions(actor: giver, summary: head.summary, kind: kind).requireHandOver(to: taker)
        }
    }

    /// The accounts with a role in the store that `account` may hand this analysis over to, as
    /// `reassign` would allow each: what the worksheet offers (`reassign` asks again when one is
    /// chosen). Empty for someone who may not hand it over.
    public func accountsToHandOver(_ summary: AnalysisSummary, by account: String) throws(StoreError) -> [String] {
        let giver = try actor(account)
        let permissions = Permissions(actor: giver, summary: summary, kind: kind)
        guard (try? permissions.requireReassign()) != nil else { return [] }
        return permissions.accountsToHandOverTo(among: Actor.all(from: try grants(), unitsDefined: giver.unitsDefined))
    }

    /// Files a draft or returned analysis under another of the administration's units, when it
    /// was made under the wrong one: by its author (who works in the new unit), a supervisor of
    /// its unit or an admin, with a reason; audited. Its unit's answer becomes the new unit, so
    /// the case file names the unit it is filed under. Returns the unit as listed.
    @discardableResult
    public func move(_ id: String, toUnit unit: String, reason: String, by actor: String) throws(StoreError) -> String {
        let reason = try Casework.reason(reason, sv: "en flytt behöver ett skäl (fel enhet valdes, ärendet bytte enhet …)",
                                         en: "moving an analysis needs a reason (the wrong unit was chosen, the case changed unit …)")
        try Casework.requireOwnKind(id, in: self)
        let units = try units()
        guard !units.isEmpty else {
            throw .notAllowed(sv: "utan en lista över enheter följer analysens enhet svaret på \"Vilken enhet fattar beslutet?\"; ändra svaret i stället",
                              en: "with no list of units an analysis's unit follows the answer to \"Which unit makes the decision?\"; change the answer instead")
        }
        let listed = try Casework.listedUnit(unit, in: units)
        let kind = kind
        try recordUnitMove(id, to: listed, reason: reason, by: actor) { head, mover, author throws(StoreError) in
            try Permissions(actor: mover, summary: head.summary, kind: kind).requireMove(to: listed, author: author)
            return head.checklist.item(Checklist.unitItemID) == nil ? nil : .text(listed)
        }
        return listed
    }

    /// The listed units `account` may move this analysis to, as `move` would allow each: what the
    /// worksheet offers (`move` asks again when one is chosen).
    public func unitsToMove(_ summary: AnalysisSummary, by account: String) throws(StoreError) -> [String] {
        try moveOffer(summary, by: account).units
    }

    /// The units `account` may move this analysis to and, when there are none, why in its words
    /// (`Permissions.whyNoUnitToMoveTo`), from one read of the roles and the units: what the move
    /// key shows.
    public func moveOffer(_ summary: AnalysisSummary, by account: String) throws(StoreError) -> MoveOffer {
        let (permissions, author) = try moving(summary, by: account)
        let listed = try units()
        let units = permissions.unitsToMoveTo(among: listed, author: author)
        return MoveOffer(units: units, whyNone: units.isEmpty ? permissions.whyNoUnitToMoveTo(among: listed, author: author) : nil)
    }

    /// What the worksheet offers `account` on opening `summary`, as `unitsToMove` and
    /// `accountsToHandOver` would answer, from the units and the grants read once each (asked one
    /// by one, a colleague's draft took six reads of them to open).
    public func worksheetOffers(_ summary: AnalysisSummary, to account: String) throws(StoreError) -> WorksheetOffers {
        let units = try units()
        // Only a colleague's draft or returned analysis is moved or handed over from its worksheet.
        guard summary.author != account, summary.status.isEditable else {
            return WorksheetOffers(unitIsFixed: !units.isEmpty, unitsToMove: [], accountsToHandOver: [])
        }
        let everyone = Actor.all(from: try grants(), unitsDefined: !units.isEmpty)
        func named(_ account: String) -> Actor {
            everyone.first { $0.account == account } ?? Actor(account: account, roles: [], unitsDefined: !units.isEmpty)
        }
        let permissions = Permissions(actor: named(account), summary: summary, kind: kind)
        return WorksheetOffers(unitIsFixed: !units.isEmpty,
                               unitsToMove: permissions.unitsToMoveTo(among: units, author: named(summary.author)),
                               accountsToHandOver: permissions.accountsToHandOverTo(among: everyone))
    }

    /// The mover's permissions on the analysis, and its author, whose units decide where it may go.
    private func moving(_ summary: AnalysisSummary, by account: String) throws(StoreError) -> (Permissions, author: Actor) {
        let mover = try actor(account)
        let author = summary.author == account ? mover : try actor(summary.author)
        return (Permissions(actor: mover, summary: summary, kind: kind), author)
    }
}

/// Where an analysis may be moved (`moveOffer`): the units, or why there are none.
public struct MoveOffer: Sendable, Hashable {
    public var units: [String]
    /// Said when `units` is empty.
    public var whyNone: Localized?
}

/// What a worksheet offers its reader besides the answers (`worksheetOffers`).
public struct WorksheetOffers: Sendable, Equatable {
    /// The unit is chosen from the administration's list (so it is moved, not typed).
    public var unitIsFixed: Bool
    public var unitsToMove: [String]
    public var accountsToHandOver: [String]

    public init(unitIsFixed: Bool, unitsToMove: [String], accountsToHandOver: [String]) {
        self.unitIsFixed = unitIsFixed
        self.unitsToMove = unitsToMove
        self.accountsToHandOver = accountsToHandOver
    }

    /// Nothing offered: what a store that cannot say leaves.
    public static let none = WorksheetOffers(unitIsFixed: false, unitsToMove: [], accountsToHandOver: [])
}

// MARK: - Roles and units

extension AccessRecords {
    public func hasRole(_ account: String, _ role: Role) throws(StoreError) -> Bool {
        try actor(account).has(role)
    }

    /// Whether the account reviews anything: a supervisor of the administration or of a unit.
    public func isReviewer(_ account: String) throws(StoreError) -> Bool {
        try actor(account).isSupervisor
    }

    /// Refuses an account that runs no workshops (trainers and the training store's admins do).
    public func requireTrainer(_ account: String) throws(StoreError) {
        try Permissions.requireTrainer(try actor(account))
    }

    /// Every grant as (account, role) pairs, administration-wide ones only.
    public func roles() throws(StoreError) -> [(account: String, role: Role)] {
        try grants().filter { $0.unit == nil }.map { ($0.account, $0.role) }
    }

    /// Grants (or with `granted: false` revokes) a role, in a unit or across the administration.
    /// Only an admin may; the last admin stays; a unit must be on the list.
    /// Returns the grant as recorded (its unit spelled as listed).
    @discardableResult
    public func setRole(_ role: Role, for account: String, granted: Bool, by admin: String, unit: String? = nil) throws(StoreError) -> Grant {
        let account = TextHygiene.sanitize(account, multiline: false).trimmingCharacters(in: .whitespaces)
        guard !account.isEmpty else { throw .notAllowed(sv: "ange kontot som ska få rollen", en: "name the account to grant to") }
        var listed: String?
        if let unit {
            listed = try Casework.listedUnit(unit, in: try units())
            guard role == .caseworker || role == .supervisor else {
                throw .notAllowed(sv: "bara caseworker och supervisor hör till en enhet; \(role.rawValue) gäller i hela förvaltningen (utelämna --unit)",
                                  en: "only caseworker and supervisor are held in a unit; \(role.rawValue) holds across the administration (leave out --unit)")
            }
        }
        let grant = Grant(account: account, role: role, unit: listed)
        try recordGrant(grant, granted: granted, by: admin) { actor, grants throws(StoreError) in
            try Permissions.requireAdmin(actor, to: Localized(sv: "kan ändra roller", en: "can change roles"))
            if !granted, role == .admin, grant.unit == nil,
               grants.filter({ $0.role == .admin && $0.unit == nil }).map(\.account) == [account] {
                throw .notAllowed(sv: "\(account) är den sista administratören; ge först någon annan rollen admin",
                                  en: "\(account) is the last admin; grant admin to someone else first")
            }
        }
        return grant
    }

    /// Adds a unit to the administration's list.
    public func addUnit(_ name: String, by admin: String) throws(StoreError) {
        try Permissions.requireAdmin(try actor(admin), to: Localized(sv: "håller listan över enheter", en: "keeps the list of units"))
        let name = try Casework.unitName(name)
        if let existing = try units().first(where: { Casework.sameUnit($0, name) }) {
            throw .notAllowed(sv: "enheten \(existing) finns redan på listan", en: "the unit \(existing) is already on the list")
        }
        try recordUnit(name, renaming: nil, by: admin)
    }

    /// Renames a unit, with every analysis and membership filed under it.
    public func renameUnit(_ old: String, to new: String, by admin: String) throws(StoreError) {
        try Permissions.requireAdmin(try actor(admin), to: Localized(sv: "håller listan över enheter", en: "keeps the list of units"))
        let listed = try units()
        let old = try Casework.listedUnit(old, in: listed)
        let new = try Casework.unitName(new)
        if let clash = listed.first(where: { Casework.sameUnit($0, new) && $0 != old }) {
            throw .notAllowed(sv: "enheten \(clash) finns redan på listan", en: "the unit \(clash) is already on the list")
        }
        try recordUnit(new, renaming: old, by: admin)
    }

    /// Files the analyses that carry `text` as their unit under a listed unit (audited); returns how many.
    public func mapUnit(_ text: String, to unit: String, by admin: String) throws(StoreError) -> Int {
        try Permissions.requireAdmin(try actor(admin), to: Localized(sv: "flyttar analyser mellan enheter", en: "moves analyses between units"))
        let unit = try Casework.listedUnit(unit, in: try units())
        return try recordUnitMapping(text, to: unit, by: admin)
    }
}

// MARK: - Workshops

extension WorkshopRecords where Self: AccessRecords {
    /// Starts a workshop on a case and returns its code. Trainers and the training store's admins only.
    public func startWorkshop(caseID: String, checklistID: String, by account: String) throws(StoreError) -> String {
        try Casework.requireTraining(self)
        try Permissions.requireTrainer(try actor(account))
        return try insertWorkshop(caseID: caseID, checklistID: checklistID, trainer: account)
    }

    /// Joins a workshop under a pseudonym: creates the participant's analysis, or gives back the one
    /// this account already has under that pseudonym.
    public func joinWorkshop(code: String, pseudonym: String, checklist: Checklist, caseRef: String, unit: String,
                             answers: Answers, by account: String) throws(StoreError) -> AnalysisSummary {
        try Casework.requireTraining(self)
        let pseudonym = TextHygiene.sanitize(pseudonym, multiline: false).trimmingCharacters(in: .whitespaces)
        guard !pseudonym.isEmpty, pseudonym.count <= 40 else {
            throw .notAllowed(sv: "en pseudonym är 1 till 40 tecken, som Falken eller Grupp 3",
                              en: "a pseudonym is 1 to 40 characters, like Falken or Grupp 3")
        }
        try Casework.refuseIdentityInTraining(pseudonym, item: "pseudonym", kind: kind)
        let actor = try actor(account)
        let new = try Casework.newAnalysis(checklist: checklist, caseRef: caseRef, unit: unit, actor: actor,
                                           listed: actor.unitsDefined ? try units() : [], answers: answers, kind: kind)
        return try joinWorkshop(code: code, pseudonym: pseudonym, new)
    }

    /// Removes a workshop and everything its participants wrote.
    @discardableResult
    public func purgeWorkshop(_ code: String, by account: String) throws(StoreError) -> Int {
        try Casework.requireTraining(self)
        try Permissions.requireTrainer(try actor(account))
        return try deleteWorkshop(code, by: account)
    }
}

// MARK: - Maintenance and statistics

extension StoreMaintenance where Self: AccessRecords {
    /// Deletes decided analyses past their time (admins only).
    @discardableResult
    public func purge(before date: String, by account: String) throws(StoreError) -> [String] {
        try Permissions.requireAdmin(try actor(account), to: Localized(sv: "gallrar", en: "purges"))
        return try deleteForRetention(before: date, by: account)
    }

    /// Keeps an analysis past its retention (a reason is required), or with `nil` lets it go again.
    public func setRetentionExempt(_ id: String, reason: String?, by account: String) throws(StoreError) {
        let reason = reason.map { TextHygiene.sanitize($0, multiline: false).trimmingCharacters(in: .whitespaces) }
        if let reason, reason.isEmpty {
            throw .notAllowed(sv: "att spara en analys längre än gallringen medger kräver ett skäl",
                              en: "keeping an analysis past its retention needs a reason")
        }
        try Permissions.requireAdmin(try actor(account), to: Localized(sv: "undantar analyser från gallring", en: "exempts analyses from retention"))
        try Casework.requireOwnKind(id, in: self)
        try recordRetentionExempt(id, reason: reason, by: account)
    }

    /// What the yearly indicators count, for analyses first submitted in `years`: supervisors and
    /// admins, from a real store only, within what the reader may see.
    public func indicatorRecords(years: ClosedRange<Int>, unit: String?, by account: String) throws(StoreError) -> [IndicatorRecord] {
        let actor = try statisticsReader(account)
        return try readIndicatorRecords(years: years, unit: unit, scope: actor.scope, loggedFor: account)
    }

    /// The indicators of `year` beside the year before, as `barnkoll stats` and the indicators
    /// screen show them: the same reader and records as `indicatorRecords`, counted per year.
    public func indicatorReport(year: Int, unit: String?, today: String, by account: String) throws(StoreError) -> IndicatorReport {
        let actor = try statisticsReader(account)
        let tallies = try readIndicatorTallies(years: (year - 1)...year, unit: unit, scope: actor.scope, loggedFor: account)
        return Indicators.report(tallies: tallies, year: year, unit: unit, today: today)
    }

    private func statisticsReader(_ account: String) throws(StoreError) -> Actor {
        guard kind == .real else {
            throw .notAllowed(sv: "statistiken läses bara ur det riktiga lagret; övningar räknas aldrig",
                              en: "statistics are read from the real store only; training records are never counted")
        }
        let actor = try actor(account)
        try Permissions.requireStatistics(actor)
        return actor
    }
}

// MARK: - The decisions themselves, pure

/// The rules of casework as pure functions of what is stored.
public enum Casework {
    /// A new draft as it may be created: the case reference and unit cleaned and checked, the first answers checked.
    /// `listed`: the store's units (read only when it has any).
    /// What `create` would refuse of a new analysis whatever the store holds (a personnummer as
    /// case reference, a workshop's case among real ones, an answer that cannot be kept), asked
    /// before a store is opened, so that a refused command leaves no new store behind.
    public static func checkNew(checklist: Checklist, caseRef: String, unit: String, author: String,
                                answers: Answers, kind: StoreKind) throws(StoreError) {
        // As the first admin of a store with no units, the creator of a new store is.
        _ = try newAnalysis(checklist: checklist, caseRef: caseRef, unit: unit, actor: Actor(account: author, roles: [.admin]),
                            listed: [], answers: answers, kind: kind)
    }

    public static func newAnalysis(checklist: Checklist, caseRef: String, unit: String, actor: Actor, listed: [String],
                                   answers: Answers, kind: StoreKind) throws(StoreError) -> NewAnalysis {
        let caseRef = TextHygiene.sanitize(caseRef, multiline: false).trimmingCharacters(in: .whitespaces)
        var unit = TextHygiene.sanitize(unit, multiline: false).trimmingCharacters(in: .whitespaces)
        guard Personnummer.find(in: caseRef).isEmpty else {
            throw .notAllowed(caseReferenceIsPersonnummer)
        }
        try refuseTrainingCase(caseRef, kind: kind)
        try refuseIdentityInTraining(unit, item: "unit", kind: kind)
        var answers = answers
        if actor.unitsDefined {
            unit = try fileUnder(unit, actor: actor, listed: listed)
        }
        // The worksheet's own items say what the analysis is filed under, so that its heading and
        // its answers tell one case and one unit: the case reference and unit given (a command's
        // --case and --unit) answer them over an answers file's.
        for item in Checklist.caseReferenceItemIDs where !caseRef.isEmpty && checklist.isCaseReferenceItem(item) {
            answers[item] = .text(caseRef)
        }
        if !unit.isEmpty && checklist.item(Checklist.unitItemID) != nil { answers[Checklist.unitItemID] = .text(unit) }
        var checked: Answers = [:]
        // In item order, as the store wrote them before: the first refused is always the same one.
        for item in answers.keys.sorted() {
            checked[item] = try Casework.checked(answers[item], item: item, in: checklist, kind: kind)
        }
        return NewAnalysis(checklist: checklist, caseRef: caseRef, unit: unit, author: actor.account, answers: checked,
                           idPrefix: AnalysisID.prefix(for: checklist, in: kind))
    }

    /// The unit a new analysis is filed under when the store has units: one of the author's
    /// (any listed one for an admin), spelled as listed; the author's only unit when none is named.
    static func fileUnder(_ unit: String, actor: Actor, listed: [String]) throws(StoreError) -> String {
        let mine = actor.units.keys.sorted()
        if unit.isEmpty {
            guard mine.count == 1, let only = mine.first else {
                let account = actor.account
                throw mine.isEmpty
                    ? .notAllowed(sv: "\(account) arbetar inte i någon enhet än; en administratör lägger till medlemskapet: barnkoll admin grant caseworker \(account) --unit ENHET",
                                  en: "\(account) works in no unit yet; an admin adds the membership: barnkoll admin grant caseworker \(account) --unit UNIT")
                    : .notAllowed(sv: "ange enheten analysen hör till: en av " + mine.joined(separator: ", "),
                                  en: "name the unit the analysis is filed under: one of " + mine.joined(separator: ", "))
            }
            return only
        }
        if let match = mine.first(where: { sameUnit($0, unit) }) { return match }
        if actor.has(.admin) { return try listedUnit(unit, in: listed) }
        let account = actor.account
        throw .notAllowed(
            sv: "\(account) arbetar inte i enheten '\(unit)'; "
                + (mine.isEmpty ? "en administratör lägger till medlemskapet (barnkoll admin grant caseworker \(account) --unit ENHET)"
                                : "välj en av " + mine.joined(separator: ", ")),
            en: "\(account) does not work in the unit '\(unit)'; "
                + (mine.isEmpty ? "an admin adds the membership (barnkoll admin grant caseworker \(account) --unit UNIT)"
                                : "file it under one of " + mine.joined(separator: ", ")))
    }

    /// A reason as the chain keeps it (one line, trimmed), or the refusal when none is given.
    static func reason(_ text: String, sv: String, en: String) throws(StoreError) -> String {
        let reason = TextHygiene.sanitize(text, multiline: false).trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw .notAllowed(sv: sv, en: en) }
        // Kept as text and shown in the history: no personnummer, as in a note.
        if let match = Personnummer.find(in: reason).first { throw .notAllowed(personnummerInFreeText(match.text)) }
        return reason
    }

    /// The case reference an analysis takes from a saved answer: the checklist's case-reference
    /// item written with another text (cleared or blank, the analysis keeps the one it has), so
    /// the lists, the search and the case file's heading never tell another case than its answer.
    static func newCaseReference(_ value: AnswerValue?, item: String, of head: AnalysisHeader) -> String? {
        head.checklist.isCaseReferenceItem(item) ? refiled(value, from: head.summary.caseRef) : nil
    }

    /// The text an answer files an analysis under instead of `current`: written, trimmed, not blank
    /// and another; nil when the analysis keeps what it has.
    private static func refiled(_ value: AnswerValue?, from current: String) -> String? {
        guard case .text(let text)? = value else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == current ? nil : trimmed
    }

    /// The unit's answer as written, and the unit an analysis takes from it. With no list of
    /// units, the unit is the answer's text, as the case reference is (cleared or blank, it stays).
    /// With a list, the unit decides who sees and reviews the analysis and is chosen among the
    /// author's when it is made (or moved to: `move`, a rename, a map): the answer holds that unit
    /// and nothing else (named in another spelling, it is written as listed), so that the case
    /// file never names another unit than the one it is filed under.
    static func unitAnswer(_ value: AnswerValue?, item: String, of head: AnalysisHeader,
                           unitsDefined: Bool) throws(StoreError) -> (value: AnswerValue?, unit: String?) {
        guard item == Checklist.unitItemID, head.checklist.item(item) != nil else { return (value, nil) }
        let unit = head.summary.unit
        guard unitsDefined else { return (value, refiled(value, from: unit)) }
        guard case .text(let text)? = value, sameUnit(text, unit) else {
            let shown = TextHygiene.forOutput(unit, multiline: false)
            throw .invalidAnswer(AnswerProblem(
                item: item,
                sv: "analysen hör till enheten \(shown), och svaret är den enheten; hör den till en annan enhet, flytta den: barnkoll admin move \(head.summary.id) ENHET --reason SKÄL",
                en: "the analysis is filed under the unit \(shown), and the answer is that unit; if it belongs to another unit, move it: barnkoll admin move \(head.summary.id) UNIT --reason REASON"))
        }
        return (.text(unit), nil)
    }

    /// The unit's answer an analysis takes when its unit is renamed or its free-text unit is
    /// mapped onto a listed one (nil: it keeps the one it has). A draft or returned analysis that
    /// has an answer takes the unit it is now filed under, as a move writes it, so its case file
    /// names that unit; a submitted or decided one keeps what was submitted (its version holds it).
    public static func unitAnswer(after current: AnswerValue?, status: AnalysisStatus, filedUnder unit: String) -> AnswerValue? {
        guard status.isEditable, current != nil, current != .text(unit) else { return nil }
        return .text(unit)
    }

    public static let caseReferenceIsPersonnummer = Localized(
        sv: "ärendereferensen ser ut som ett personnummer; använd ärendets pseudonyma referens i stället",
        en: "the case reference looks like a personnummer; use the pseudonymous case reference instead")

    /// A note or a hand-over's reason is short and read by many: no personnummer in it.
    public static func personnummerInFreeText(_ number: String) -> Localized {
        Localized(sv: "'\(number)' ser ut som ett personnummer; skriv ärendereferensen eller ett alias i stället",
                  en: "'\(number)' looks like a personnummer; write the case reference or an alias instead")
    }

    /// An answer as it may be stored: checked against its item, and no personnummer in a training store.
    public static func checked(_ value: AnswerValue?, item: String, in checklist: Checklist, kind: StoreKind) throws(StoreError) -> AnswerValue? {
        guard let definition = checklist.item(item) else {
            throw .invalidAnswer(AnswerProblem(item: item, sv: "checklistan \(checklist.id) har ingen sådan fråga",
                                               en: "checklist \(checklist.id) has no such item"))
        }
        if let base = definition.each {
            throw .invalidAnswer(AnswerProblem(item: item, sv: "besvaras för varje post i '\(base)', i dess poster",
                                               en: "is answered for each entry of '\(base)', in its entries"))
        }
        // The review section is the supervisor's, and only their decision answers it: answered in
        // the caseworker's draft, the case file would read as reviewed when it was not.
        if value != nil, checklist.section(containing: item)?.filledBy == .supervisor {
            throw .invalidAnswer(AnswerProblem(item: item, message: supervisorsItem))
        }
        let clean: AnswerValue?
        do {
            clean = try value.flatMap { value throws(AnswerProblem) in try AnswerInput.check(value, for: definition) }
        } catch {
            throw .invalidAnswer(error)
        }
        if let clean {
            try refuseIdentityInTraining(clean.searchableText, item: item, kind: kind)
            try refuseIdentityInGroupAnalysis(clean.searchableText, item: item, checklist: checklist)
        }
        if checklist.isCaseReferenceItem(item), case .text(let text)? = clean {
            // The case reference follows this answer: refused as a case reference is.
            guard Personnummer.find(in: text).isEmpty else {
                throw .invalidAnswer(AnswerProblem(item: item, message: caseReferenceIsPersonnummer))
            }
            try refuseTrainingCase(text, kind: kind)
        }
        return clean
    }

    /// In a training store, text that looks like a real personnummer is refused, not only warned
    /// about: workshops are fiction, and a real identity must never end up among them.
    public static func refuseIdentityInTraining(_ text: String, item: String, kind: StoreKind) throws(StoreError) {
        guard kind == .training, let match = Personnummer.find(in: text).first else { return }
        throw .invalidAnswer(AnswerProblem(item: item, message: identityRefusal(match.text)))
    }

    /// A group analysis is a public document attached to a decision: it names no one, and text
    /// that looks like a personnummer is refused in it, in any store.
    public static func refuseIdentityInGroupAnalysis(_ text: String, item: String, checklist: Checklist) throws(StoreError) {
        guard checklist.id == Checklist.groupAnalysisID, let match = Personnummer.find(in: text).first else { return }
        throw .invalidAnswer(AnswerProblem(item: item, message: groupIdentityRefusal(match.text)))
    }

    /// A review's comments where its answers may hold no personnummer: a group analysis's document
    /// prints the supervisor's comment, and a training store holds only fiction.
    static func refuseIdentityInReview(comment: String?, itemComments: [String: String], checklist: Checklist,
                                       kind: StoreKind) throws(StoreError) {
        guard namesNoOne(checklistID: checklist.id, kind: kind) else { return }
        let texts = [comment ?? ""] + itemComments.keys.sorted().compactMap { itemComments[$0] }
        guard let match = texts.lazy.compactMap({ Personnummer.find(in: $0).first }).first else { return }
        throw .notAllowed(kind == .training ? identityRefusal(match.text) : groupIdentityRefusal(match.text))
    }

    /// An analysis that must name no one: a group analysis, whose document is a public attachment
    /// to a decision, or any in a training store, which holds only fiction. Its review comments
    /// refuse a personnummer, and its documents mask one kept from before.
    public static func namesNoOne(checklistID: String, kind: StoreKind) -> Bool {
        kind == .training || checklistID == Checklist.groupAnalysisID
    }

    public static func groupIdentityRefusal(_ number: String) -> Localized {
        Localized(sv: "'\(number)' ser ut som ett personnummer: nekas i en analys på gruppnivå, som är en allmän handling och inte nämner någon",
                  en: "'\(number)' looks like a personnummer: refused in a group analysis, a public document that names no one")
    }

    /// The analysis's item that records a starred No in a barnchecklista of the same case.
    public static let starredNoItem = "checklist_starred_no"

    public static let supervisorsItem = Localized(
        sv: "hör till granskningen, som den granskande chefens beslut fyller i; den besvaras inte i analysen",
        en: "belongs to the review, which the reviewing supervisor's decision records; it is not answered in the analysis")

    public static func identityRefusal(_ number: String) -> Localized {
        Localized(sv: "'\(number)' ser ut som ett personnummer: nekas i ett övningslager (ÖVNING), där allt är påhittat; använd bara påhittade uppgifter",
                  en: "'\(number)' looks like a personnummer: refused in a training store (ÖVNING), where everything is fictional; use made-up details only")
    }

    static func requireTraining(_ store: some StoreIdentity) throws(StoreError) {
        guard store.kind == .training else { throw .wrongKind(store: store.location, expected: .training, actual: store.kind) }
    }

    /// A real store never holds a training id (ÖVN-…): refused before any lookup, so a workshop's
    /// id typed without --training changes, and reads, nothing real.
    public static func requireOwnKind(_ id: String, in store: some StoreIdentity) throws(StoreError) {
        if store.kind == .real && AnalysisID.isTraining(id) { throw .trainingID(id) }
    }

    /// The case reference a workshop gives its analyses (ÖVNING-CODE), refused in a real store: a
    /// workshop's answers file copied into a real analysis is stopped at its case reference.
    static func refuseTrainingCase(_ caseRef: String, kind: StoreKind) throws(StoreError) {
        guard kind == .real, caseRef.uppercased().hasPrefix(Workshop.caseRefPrefix) else { return }
        throw .trainingCaseRef(caseRef)
    }

    /// The version a submission freezes, or why it may not.
    public static func submission(of analysis: Analysis, by actor: Actor) throws(StoreError) -> Submission {
        let summary = analysis.summary
        try Permissions(actor: actor, summary: summary).requireSubmit()
        let evaluation = analysis.evaluate()
        guard evaluation.canSubmit else {
            throw .incomplete(id: summary.id, missing: evaluation.missing, hardStops: evaluation.blockingHardStops)
        }
        // With a list of units the case file names the unit the analysis is filed under. An answer
        // that says another was submitted before a map or rename moved it, and returned since.
        if actor.unitsDefined, analysis.checklist.item(Checklist.unitItemID) != nil,
           unitAnswer(after: analysis.answers[Checklist.unitItemID], status: summary.status, filedUnder: summary.unit) != nil {
            let unit = TextHygiene.forOutput(summary.unit, multiline: false)
            throw .invalidAnswer(AnswerProblem(
                item: Checklist.unitItemID,
                sv: "svaret är inte \(unit), enheten analysen hör till nu; skriv in den innan du skickar (barnkoll open \(summary.id) --item unit och Enter, eller fill --into med unit: \(unit))",
                en: "the answer is not \(unit), the unit the analysis is filed under now; write it in before submitting (barnkoll open \(summary.id) --item unit and Enter, or fill --into with unit: \(unit))"))
        }
        return Submission(number: summary.versions + 1, status: evaluation.closesAsNotApplicable ? .closed : .submitted,
                          answersJSON: CanonicalJSON.encode(analysis.answers, fallback: "{}"))
    }

    /// A review as it may be recorded: by a supervisor of the unit, never the author; an approval
    /// only of what could be submitted as it stands; an override only of a hard stop the checklist has;
    /// its comments with no personnummer where the answers may hold none.
    public static func review(_ analysis: Analysis, by actor: Actor, decision: ReviewDecision, comment: String?,
                              itemComments: [String: String], rule: String?, ground: OverrideGround? = nil,
                              kind: StoreKind) throws(StoreError) -> ReviewChange {
        let summary = analysis.summary
        let checklist = analysis.checklist
        try Permissions(actor: actor, summary: summary).requireReview()
        for item in itemComments.keys where checklist.item(item) == nil {
            let item = TextHygiene.forOutput(item, multiline: false)
            throw .notAllowed(sv: "checklistan \(checklist.id) har ingen fråga '\(item)'", en: "checklist \(checklist.id) has no item '\(item)'")
        }
        let moveTo: AnalysisStatus?
        switch decision {
        case .approve:
            moveTo = .approved
        case .return:
            moveTo = .returned
        case .override:
            guard let rule, checklist.rules.contains(where: { $0.id == rule && $0.kind == .hardStop }) else {
                let rule = TextHygiene.forOutput(rule ?? "", multiline: false)
                throw .notAllowed(sv: "checklistan \(checklist.id) har inget stopp '\(rule)'", en: "checklist \(checklist.id) has no hard stop '\(rule)'")
            }
            guard summary.status.isEditable || summary.status == .submitted else {
                throw .notEditable(id: summary.id, status: summary.status)
            }
            guard ground != nil else {
                throw .notAllowed(sv: "ett stopp hävs bara på ett av de godtagbara skälen: \(OverrideGround.listed(.sv))",
                                  en: "a hard stop is overridden only on one of the accepted grounds: \(OverrideGround.listed(.en))")
            }
            moveTo = nil
        }
        if let moveTo, !AnalysisStatus.allowedTransitions.contains(.init(from: summary.status, to: moveTo)) {
            throw .forbiddenTransition(id: summary.id, from: summary.status, to: moveTo)
        }
        // Only what could be submitted as it stands is approved (asked after the status, so that
        // approving a draft is refused as a draft, not for what it still lacks).
        if decision == .approve {
            let evaluation = analysis.evaluate()
            guard evaluation.canSubmit else {
                throw .incomplete(id: summary.id, missing: evaluation.missing, hardStops: evaluation.blockingHardStops)
            }
        }
        let comment = comment.map { TextHygiene.sanitize($0) }
        let itemComments = itemComments.mapValues { TextHygiene.sanitize($0) }
        try refuseIdentityInReview(comment: comment, itemComments: itemComments, checklist: checklist, kind: kind)
        return ReviewChange(decision: decision, version: summary.versions, comment: comment, itemComments: itemComments, rule: rule,
                            ground: decision == .override ? ground : nil, moveTo: moveTo)
    }

    // Units

    /// A unit's name as typed, cleaned; refused when empty.
    static func unitName(_ name: String) throws(StoreError) -> String {
        let name = TextHygiene.sanitize(name, multiline: false).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 80 else {
            throw .notAllowed(sv: "en enhets namn är 1 till 80 tecken", en: "a unit's name is 1 to 80 characters")
        }
        return name
    }

    /// The listed unit `name` means (case and spacing aside), or a refusal naming the list.
    public static func listedUnit(_ name: String, in units: [String]) throws(StoreError) -> String {
        if let match = units.first(where: { sameUnit($0, name) }) { return match }
        let name = TextHygiene.forOutput(name, multiline: false)
        let all = units.joined(separator: ", ")
        throw units.isEmpty
            ? .notAllowed(sv: "inga enheter finns än; en administratör lägger till dem: barnkoll admin units add NAMN",
                          en: "no units are defined yet; an admin adds them: barnkoll admin units add NAME")
            : .notAllowed(sv: "ingen enhet '\(name)'; enheterna är: \(all)", en: "no unit '\(name)'; the units are: \(all)")
    }

    static func sameUnit(_ a: String, _ b: String) -> Bool {
        func key(_ text: String) -> String {
            text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return key(a) == key(b)
    }

    // Hashes

    /// The hash of a definition's text, by which versions and the chain name it.
    public static func definitionHash(_ checklist: Checklist) -> String {
        sha256(checklist.source)
    }

    /// The hash a frozen version keeps: over its definition and its answers.
    public static func contentHash(definitionHash: String, answersJSON: String) -> String {
        sha256(definitionHash + "\n" + answersJSON)
    }

    public static func sha256(_ text: String) -> String {
        AuditChain.hex(Data(SHA256.hash(data: Data(text.utf8))))
    }
}

extension AuditTrail {
    /// The whole trail, oldest first.
    public func auditEvents() throws(StoreError) -> [AuditEvent] {
        try auditEvents(for: nil)
    }
}
