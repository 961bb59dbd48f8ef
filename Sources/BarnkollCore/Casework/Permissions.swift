/// A role given to an account: administration-wide, or in one unit (a membership).
public struct Grant: Sendable, Hashable, Codable {
    public var account: String
    public var role: Role
    /// nil: the role holds across the administration.
    public var unit: String?

    public init(account: String, role: Role, unit: String? = nil) {
        self.account = account
        self.role = role
        self.unit = unit
    }
}

/// An account with what it was granted, as decisions need it.
public struct Actor: Sendable, Hashable {
    public var account: String
    /// Roles across the administration.
    public var roles: Set<Role>
    /// The units the account works in, with its roles there.
    public var units: [String: Set<Role>]
    /// Whether the store has a list of units at all. Without one, everyone sees everything (as
    /// before units existed), so an upgrade changes nothing until an admin defines units.
    public var unitsDefined: Bool

    public init(account: String, roles: Set<Role>, units: [String: Set<Role>] = [:], unitsDefined: Bool = false) {
        self.account = account
        self.roles = roles
        self.units = units
        self.unitsDefined = unitsDefined
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Every account the grants name, with what each was granted, by account.
    public static func all(from grants: [Grant], unitsDefined: Bool) -> [Actor] {
        var actors: [String: Actor] = [:]
        for grant in grants {
            var actor = actors[grant.account] ?? Actor(account: grant.account, roles: [], unitsDefined: unitsDefined)
            if let unit = grant.unit { actor.units[unit, default: []].insert(grant.role) } else { actor.roles.insert(grant.role) }
            actors[grant.account] = actor
        }
        return actors.keys.sorted().compactMap { actors[$0] }
    }

    /// Supervises `unit`: a supervisor across the administration, or of that unit.
    public func supervises(_ unit: String) -> Bool {
        roles.contains(.supervisor) || units[unit]?.contains(.supervisor) == true
    }

    /// A supervisor anywhere: of the administration or of one of its units.
    public var isSupervisor: Bool { roles.contains(.supervisor) || units.values.contains { $0.contains(.supervisor) } }

    /// Which analyses lists show this account: nil when all.
    public var scope: VisibilityScope? {
        guard unitsDefined, !roles.contains(.admin), !roles.contains(.supervisor) else { return nil }
        return VisibilityScope(account: account, units: units.keys.sorted())
    }

    /// Which analyses this account sees in a store of `kind`. In a training store a participant sees
    /// only their own analysis: the others' answers are seen together, in the trainer's comparison,
    /// not read ahead of the discussion. Trainers and the store's admins see every one.
    public func scope(in kind: StoreKind) -> VisibilityScope? {
        guard kind == .training else { return scope }
        return roles.contains(.admin) || roles.contains(.trainer) ? nil : VisibilityScope(account: account, units: [])
    }
}

/// The analyses a reader may see: their own and their units'.
public struct VisibilityScope: Sendable, Hashable {
    public var account: String
    public var units: [String]

    public init(account: String, units: [String]) {
        self.account = account
        self.units = units
    }

    public func contains(_ summary: AnalysisSummary) -> Bool {
        summary.author == account || units.contains(summary.unit) || Self.open.contains(summary.checklistID)
    }

    /// Checklists whose analyses everyone in the administration reads: the group analysis, a
    /// public document attached to a decision. The stores' lists add these to every scope.
    public static let open = [Checklist.groupAnalysisID]
}

/// What an account may do with one analysis: a pure value from the analysis, the account, its
/// roles and its units. Every screen and command asks Core's use cases, which ask this.
public struct Permissions: Sendable {
    public var actor: Actor
    public var summary: AnalysisSummary
    /// The kind of store the analysis is in: in a training store participants see only their own.
    public var kind: StoreKind

    public init(actor: Actor, summary: AnalysisSummary, kind: StoreKind = .real) {
        self.actor = actor
        self.summary = summary
        self.kind = kind
    }

    private var id: String { summary.id }
    private var isAuthor: Bool { summary.author == actor.account }

    /// The author, an admin, a supervisor of its unit, or anyone in its unit. On a store without
    /// units, everyone. In a training store, the author, trainers and admins.
    public var canSee: Bool {
        actor.scope(in: kind)?.contains(summary) ?? true
    }

    public func requireSee() throws(StoreError) {
        guard canSee else {
            guard kind == .training else { throw .notVisible(id) }
            throw .notAllowed(sv: "\(id) är en annan deltagares analys; ni ser varandras svar när utbildaren visar jämförelsen",
                              en: "\(id) is another participant's analysis; you see each other's answers when the trainer shows the comparison")
        }
    }

    /// Answers are written by the author alone, while it is a draft or returned. A colleague who
    /// sees it reads it; when the author is away, a supervisor hands it over (`admin reassign`).
    /// Four eyes mean something only if the one who approves wrote none of it.
    public static func mayWrite(_ summary: AnalysisSummary, account: String) -> Bool {
        summary.author == account && summary.status.isEditable
    }

    public var canEdit: Bool { canSee && Self.mayWrite(summary, account: actor.account) }

    public func requireEdit() throws(StoreError) {
        try requireSee()
        guard summary.status.isEditable else { throw .notEditable(id: id, status: summary.status) }
        guard isAuthor else {
            throw .notAllowed(sv: "bara författaren (\(summary.author)) skriver i \(id); ska någon annan skriva, lämnar enhetens chef över den (barnkoll admin reassign)",
                              en: "only the author (\(summary.author)) writes in \(id); if someone else is to write, the unit's supervisor hands it over (barnkoll admin reassign)")
        }
    }

    /// Only the author submits, and only what is editable.
    public func requireSubmit() throws(StoreError) {
        guard isAuthor else {
            throw .notAllowed(sv: "bara författaren (\(summary.author)) kan skicka in \(id)", en: "only the author (\(summary.author)) can submit \(id)")
        }
        guard summary.status.isEditable else { throw .forbiddenTransition(id: id, from: summary.status, to: .submitted) }
    }

    /// A supervisor of its unit, never the author (four eyes). A group analysis: any supervisor or
    /// admin, never the author.
    public func requireReview() throws(StoreError) {
        let account = actor.account
        if summary.checklistID == Checklist.groupAnalysisID {
            guard actor.isSupervisor || actor.has(.admin) else {
                throw .notAllowed(sv: "bara en chef eller en administratör kan granska en analys på gruppnivå; \(account) är ingetdera",
                                  en: "only a supervisor or an admin can review a group analysis; \(account) is neither")
            }
            guard !isAuthor else {
                throw .notAllowed(sv: "ingen granskar sin egen analys: \(id) är skriven av \(account)",
                                  en: "nobody reviews their own analysis: \(id) was written by \(account)")
            }
            return
        }
        guard actor.isSupervisor else {
            throw .notAllowed(sv: "bara en chef kan granska; \(account) är ingen (en administratör ger rollen: barnkoll admin grant supervisor \(account))",
                              en: "only a supervisor can review; \(account) is not one (an admin grants it: barnkoll admin grant supervisor \(account))")
        }
        guard !actor.unitsDefined || actor.supervises(summary.unit) else {
            throw .notAllowed(sv: "\(account) är inte chef för \(summary.unit), enheten för \(id)",
                              en: "\(account) does not supervise \(summary.unit), the unit of \(id)")
        }
        guard !isAuthor else {
            throw .notAllowed(sv: "ingen granskar sin egen analys: \(id) är skriven av \(account)",
                              en: "nobody reviews their own analysis: \(id) was written by \(account)")
        }
    }

    /// Only the author starts a new version after approval.
    /// Whether `account` may start a new version of this approved analysis: its author alone.
    public static func mayRevise(_ summary: AnalysisSummary, account: String) -> Bool {
        summary.author == account && summary.status == .approved
    }

    public func requireRevise() throws(StoreError) {
        guard isAuthor else {
            throw .notAllowed(sv: "bara författaren (\(summary.author)) kan börja en ny version av \(id)",
                              en: "only the author (\(summary.author)) can start a new version of \(id)")
        }
    }

    /// A supervisor of its unit or an admin hands a draft or returned analysis over.
    public func requireReassign() throws(StoreError) {
        guard actor.has(.admin) || actor.supervises(summary.unit) else {
            throw .notAllowed(sv: "bara enhetens chef eller en administratör lämnar över en analys; \(actor.account) är ingetdera",
                              en: "only a supervisor of the unit or an admin hands an analysis over; \(actor.account) is neither")
        }
        guard summary.status.isEditable else { throw .notEditable(id: id, status: summary.status) }
    }

    /// ... to `taker`, who is not its author already and works in its unit (or could not reach it).
    public func requireHandOver(to taker: Actor) throws(StoreError) {
        try requireReassign()
        guard summary.author != taker.account else {
            throw .notAllowed(sv: "\(id) är redan \(taker.account)s", en: "\(id) is already \(taker.account)'s")
        }
        let unit = summary.unit
        guard !taker.unitsDefined || taker.has(.admin) || taker.units[unit] != nil else {
            throw .notAllowed(sv: "\(taker.account) arbetar inte i \(unit); ge först ett medlemskap: barnkoll admin grant caseworker \(taker.account) --unit \"\(unit)\"",
                              en: "\(taker.account) does not work in \(unit); grant a membership first: barnkoll admin grant caseworker \(taker.account) --unit \"\(unit)\"")
        }
    }

    /// The accounts among `actors` this actor may hand the analysis over to, each one
    /// `requireHandOver` lets through (the worksheet offers them; the hand-over asks again).
    public func accountsToHandOverTo(among actors: [Actor]) -> [String] {
        actors.filter { (try? requireHandOver(to: $0)) != nil }.map(\.account)
    }

    /// A draft or returned analysis is filed under another unit (`unit`, as listed) by its author
    /// who works there, a supervisor of its unit or an admin; its author must work in the new unit,
    /// or could no longer reach it.
    public func requireMove(to unit: String, author: Actor) throws(StoreError) {
        let current = summary.unit
        guard actor.has(.admin) || actor.supervises(current) || (actor.account == summary.author && actor.units[unit] != nil) else {
            throw .notAllowed(sv: "bara författaren (om den arbetar i \(unit)), enhetens chef eller en administratör flyttar en analys; \(actor.account) är ingen av dem",
                              en: "only its author (working in \(unit)), a supervisor of its unit or an admin moves an analysis; \(actor.account) is none of them")
        }
        guard summary.status.isEditable else { throw .notEditable(id: id, status: summary.status) }
        guard unit != current else {
            throw .notAllowed(sv: "\(id) hör redan till \(unit)", en: "\(id) is filed under \(unit) already")
        }
        guard author.has(.admin) || author.units[unit] != nil else {
            let account = author.account
            throw .notAllowed(sv: "\(account), som skrev \(id), arbetar inte i \(unit); ge först ett medlemskap: barnkoll admin grant caseworker \(account) --unit \"\(unit)\"",
                              en: "\(account), who wrote \(id), does not work in \(unit); grant a membership first: barnkoll admin grant caseworker \(account) --unit \"\(unit)\"")
        }
    }

    /// The listed units the analysis may be moved to by this actor: each one `requireMove` lets
    /// through (the worksheet offers them; the move itself asks `requireMove` again).
    public func unitsToMoveTo(among listed: [String], author: Actor) -> [String] {
        listed.filter { (try? requireMove(to: $0, author: author)) != nil }
    }

    /// Why `unitsToMoveTo` offers none, in words for this actor: there is no other unit on the
    /// list, the analysis cannot change, its author works in no other unit (and an analysis goes
    /// only where its author works), or this actor does not move analyses of this unit.
    public func whyNoUnitToMoveTo(among listed: [String], author: Actor) -> Localized {
        let current = summary.unit
        guard listed.contains(where: { $0 != current }) else {
            return Localized(sv: "Det finns ingen annan enhet i listan att flytta den till; en administratör lägger till enheter (barnkoll admin units add).",
                             en: "There is no other unit on the list to move it to; an admin adds units (barnkoll admin units add).")
        }
        guard summary.status.isEditable else {
            let refusal = StoreError.notEditable(id: id, status: summary.status)
            return Localized(sv: refusal.message(.sv), en: refusal.message(.en))
        }
        if actor.has(.admin) || actor.supervises(current) {
            let account = author.account
            return Localized(sv: "\(account), som skriver den, arbetar inte i någon annan enhet, och en analys flyttas bara dit dess författare arbetar; ge först ett medlemskap: barnkoll admin grant caseworker \(account) --unit ENHET",
                             en: "\(account), who writes it, works in no other unit, and an analysis moves only where its author works; grant a membership first: barnkoll admin grant caseworker \(account) --unit UNIT")
        }
        if actor.account == summary.author {
            return Localized(sv: "Du arbetar inte i någon annan enhet. När en administratör har gett dig ett medlemskap där den ska, flyttar du den själv (eller enhetens chef).",
                             en: "You work in no other unit. Once an admin has made you a member where it goes, you move it yourself (or the unit's supervisor does).")
        }
        return Localized(sv: "Du kan inte flytta den; det kan dess författare, enhetens chef eller en administratör (barnkoll admin move).",
                         en: "You cannot move it; its author, the unit's supervisor or an admin can (barnkoll admin move).")
    }

    /// Statistics: supervisors and admins.
    public static func requireStatistics(_ actor: Actor) throws(StoreError) {
        guard actor.isSupervisor || actor.has(.admin) else {
            let account = actor.account
            throw .notAllowed(sv: "bara en chef eller en administratör kan läsa statistiken; \(account) är ingetdera (en administratör ger rollen: barnkoll admin grant supervisor \(account))",
                              en: "only a supervisor or an admin can read statistics; \(account) is neither (an admin grants it: barnkoll admin grant supervisor \(account))")
        }
    }

    /// `what`: what only an admin does, as a phrase after "bara en administratör" / "only an admin".
    public static func requireAdmin(_ actor: Actor, to what: Localized) throws(StoreError) {
        guard actor.has(.admin) else {
            throw .notAllowed(sv: "bara en administratör \(what.sv); \(actor.account) är ingen",
                              en: "only an admin \(what.en ?? what.sv); \(actor.account) is not one")
        }
    }

    /// Workshops: trainers and the training store's admins.
    public static func requireTrainer(_ actor: Actor) throws(StoreError) {
        guard actor.has(.trainer) || actor.has(.admin) else {
            let account = actor.account
            throw .notAllowed(sv: "bara en utbildare håller övningar; \(account) är ingen i det här övningslagret (lagrets administratör ger rollen: barnkoll train grant \(account))",
                              en: "only a trainer runs workshops; \(account) is not one in this training store (its admin grants it: barnkoll train grant \(account))")
        }
    }
}
