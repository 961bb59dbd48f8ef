import Foundation

extension Indicators {
    /// The counts of one year, gathered record by record. Tallies add up: the tally of a year is the
    /// sum of its units' tallies (`merge`), so a store may keep one per unit and year and count again
    /// only those whose records changed (SQLite's `indicator_tally`). Nothing in it depends on the day
    /// it is read: what is overdue is judged from the planned days when the figures are made.
    public struct Tally: Sendable, Hashable, Codable {
        /// Which tally a kept one is; a store counts again a tally kept by another. Raise it
        /// whenever what a tally counts changes, or what a store reads into its records.
        /// 2: a definition's hard stops judged from every list of choices and child's field kept.
        /// 3: a free text a stop reads is only written, on both stores (a comparison never holds).
        public static let format = 3

        /// Counts per category, in the order they are published; other values are not counted.
        struct Categories: Sendable, Hashable, Codable {
            let names: [String]
            var counts: [Int]

            init(_ names: [String]) {
                self.names = names
                counts = Array(repeating: 0, count: names.count)
            }

            mutating func add(_ value: String?, _ n: Int = 1) {
                if let value, let index = names.firstIndex(of: value) { counts[index] += n }
            }

            mutating func merge(_ other: Categories) {
                for (name, n) in zip(other.names, other.counts) { add(name, n) }
            }

            func indicator(_ id: String, of whole: Int) -> Indicator {
                Indicators.secondarySuppressed(Indicator(id: id, rows: zip(names, counts).map { name, n in
                    IndicatorRow(category: name, value: Indicators.count(n), share: share(n, of: whole))
                }), counts: counts)
            }
        }

        var closed = 0
        var counted = 0
        var checklists: [String: Int] = [:]
        var statuses = Categories(["submitted", "returned", "approved", "draft"])
        var stopped = 0
        var overridden = 0
        var returns = 0
        var returned = 0
        var returnedItems: [String: Int] = [:]
        /// Days from creation to approval, how many analyses took each.
        var days: [Int: Int] = [:]

        var impact = 0
        var depth = Categories(["simple", "full"])
        var children = 0
        var distinctChildren = 0
        var ages = Categories(ageBands.map(\.category) + ["unknown"])
        var effects = Categories(["direct", "indirect", "unknown"])
        var households = Categories(["yes", "contact_visits", "no", "unknown"])
        /// Each child's own voice (barnkonsekvensanalys 5 on); analyses made before count apart.
        var childrenHeard = Categories(["directly", "via_representative", "in_writing", "no", "unknown"])
        var childrenWithVoice = 0
        var analysesVoiceOnce = 0
        var heard = Categories(["directly", "via_representative", "in_writing", "no"])
        var notHeard = 0
        var notHeardReasons = Categories(["declined", "could_not_express", "age_maturity", "guardian_objected", "risk_of_harm", "urgent", "other"])
        var informed = Categories(["yes", "no"])
        var inLine = Categories(["yes", "partly", "no"])
        var against = 0
        var withMeasures = 0
        var asked = 0
        var differs = 0
        var reasoned = 0
        var feedback = Categories(["on_time", "late", "overdue", "missing", "not_yet_due"])
        var followUp = Categories(["done", "overdue", "missing", "not_yet_due"])
        /// Feedback and follow-ups planned but not done: how many on each planned day.
        var feedbackDue: [Int: Int] = [:]
        var followUpDue: [Int: Int] = [:]
        var concern = 0
        var reported = 0
        var articles: [String: Int] = [:]
        var negativeAreas: [String: Int] = [:]

        // Also counted (issue 22): budget or guidelines weighed against the child's interest, the
        // interpreter, feedback per child, and whether each case documents what Helsingborg's plan asks.
        var weighed = 0
        var weighedAgainst = 0
        var interpreter = Categories(["not_needed", "interpreter_used", "child_interpreted"])
        var childrenFeedback = 0
        var withChildren = 0
        var documentedBestInterest = 0
        var documentedView = 0
        var documentedParticipation = 0
        var documentedAll = 0

        /// The child checklists: how many, their children, and per Ja / Nej / Ej aktuellt question
        /// how often it was answered, answered No, and answered Ej aktuellt (issue 22).
        var checklistsCounted = 0
        var checklistChildren = 0
        var checkAnswered: [String: Int] = [:]
        var checkNo: [String: Int] = [:]
        var checkNA: [String: Int] = [:]

        /// Decisions about one case (impact analyses and child checklists) by kind and outcome (issue 22).
        var decisions = 0
        var decisionKinds: [String: Int] = [:]
        var outcomes = Categories(["granted", "partly", "refused", "none"])
        /// Children living in the household of decisions granted wholly or partly, per kind of decision.
        var grantedHousehold: [String: Int] = [:]

        // Group analyses (issue 22): a tally of their own, never added to the children's counts.
        var groupAnalyses = 0
        var groupScreenedOut = 0
        var groupTypes = Categories(["budget", "guideline", "organisation", "statement", "procurement", "other"])
        var groupConsulted = Categories(["yes", "no"])
        var groupInLine = Categories(["yes", "partly", "no"])
        var groupFollowUp = Categories(["done", "overdue", "missing", "not_yet_due"])
        var groupFollowUpDue: [Int: Int] = [:]
        /// The same per kind of decision: how many were consulted, in line, followed up.
        var groupConsultedByType: [String: Categories] = [:]
        var groupInLineByType: [String: Categories] = [:]
        var groupFollowUpByType: [String: Categories] = [:]

        public init() {}

        /// The tally of these records, in one pass that gathers every count: passing over 30,000
        /// records once per category was most of the computation (measured: each pass a cache
        /// miss per record).
        public init(_ records: some Sequence<IndicatorRecord>) {
            for record in records { add(record) }
        }

        /// Whether any record was counted, closed ones too.
        public var hasData: Bool { counted + closed > 0 }

        public mutating func add(_ record: IndicatorRecord) {
            guard record.status != .closed else {
                closed += 1
                if record.checklistID == Checklist.groupAnalysisID { groupScreenedOut += 1 }
                return
            }
            counted += 1
            checklists[record.checklistID, default: 0] += 1
            statuses.add(record.status.rawValue)
            if !record.hardStopsMet.isEmpty { stopped += 1 }
            if !record.overrides.isEmpty { overridden += 1 }
            returns += record.returns
            if record.returns > 0 { returned += 1 }
            for item in record.returnedItems { returnedItems[item, default: 0] += 1 }
            if let approved = record.approvedDay, let created = record.createdDay { days[max(0, approved - created), default: 0] += 1 }
            if record.checklistID == impactAnalysis || record.checklistID == childChecklist {
                decisions += 1
                decisionKinds[record.counted.decisionKind ?? "not_recorded", default: 0] += 1
                outcomes.add(record.outcome?.rawValue ?? "none")
            }
            if record.checklistID == impactAnalysis || record.checklistID == childChecklist,
               let documented = record.counted.documented(childChecklist: record.checklistID == childChecklist) {
                withChildren += 1
                if documented.bestInterest { documentedBestInterest += 1 }
                if documented.view { documentedView += 1 }
                if documented.participation { documentedParticipation += 1 }
                if documented.all { documentedAll += 1 }
            }
            if record.checklistID == childChecklist {
                checklistsCounted += 1
                checklistChildren += record.counted.children.count
                for check in record.counted.checks {
                    checkAnswered[check.item, default: 0] += 1
                    if check.value == "no" { checkNo[check.item, default: 0] += 1 }
                    if check.value == "na" { checkNA[check.item, default: 0] += 1 }
                }
            }
            if record.checklistID == impactAnalysis, record.outcome == .granted || record.outcome == .partly {
                // Arvika's question: children living with a parent granted help, per kind of decision.
                // Each child once per kind: those an earlier granted decision of the case named are not added again.
                let living = record.counted.children.filter { $0.household == "yes" }.count - record.grantedChildrenSeenBefore
                if living > 0 { grantedHousehold[record.counted.decisionKind ?? "not_recorded", default: 0] += living }
            }
            if record.checklistID == impactAnalysis {
                addImpact(record.counted)
                if record.feedbackGiven { childrenFeedback += record.counted.children.count }
                distinctChildren += max(0, record.counted.children.count - record.childrenSeenBefore)
            }
            if record.checklistID == Checklist.groupAnalysisID { addGroup(record.counted) }
        }

        /// A group analysis: its kind of decision, whether children were asked, whether it is in
        /// line with their best interests, and its follow-up. Its group sizes are never counted.
        private mutating func addGroup(_ answers: CountedAnswers) {
            groupAnalyses += 1
            groupTypes.add(answers.decisionType)
            groupConsulted.add(answers.consulted)
            groupInLine.add(answers.inLine)
            Self.add(answers.followUpState, to: &groupFollowUp, due: &groupFollowUpDue)
            if let type = answers.decisionType, groupTypes.names.contains(type) {
                groupConsultedByType[type, default: Categories(groupConsulted.names)].add(answers.consulted)
                groupInLineByType[type, default: Categories(groupInLine.names)].add(answers.inLine)
                groupFollowUpByType[type, default: Categories(["done", "not_done"])]
                    .add(answers.followUpState == .kept("done") ? "done" : "not_done")
            }
        }

        /// Answer-level counts come from impact analyses only (see `Indicators`).
        private mutating func addImpact(_ answers: CountedAnswers) {
            impact += 1
            depth.add(answers.depth)
            // Children: one per entry of each analysis, so a child in two decisions counts twice;
            // `distinctChildren` counts a child met again in the same case once.
            children += answers.children.count
            for child in answers.children {
                ages.add(child.age.flatMap { age in ageBands.first { $0.range.contains(age) }?.category } ?? "unknown")
                effects.add(child.effect == "direct" || child.effect == "indirect" ? child.effect : "unknown")
                households.add(["yes", "no", "contact_visits"].contains(child.household ?? "") ? child.household : "unknown")
            }
            if answers.children.contains(where: { $0.heard != nil }) {
                for child in answers.children {
                    childrenWithVoice += 1
                    childrenHeard.add(["directly", "via_representative", "in_writing", "no"].contains(child.heard ?? "") ? child.heard : "unknown")
                }
            } else if answers.heard != nil {
                analysesVoiceOnce += 1
            }
            heard.add(answers.heard)
            if answers.heard == "no" {
                notHeard += 1
                notHeardReasons.add(answers.notHeardReason)
            }
            informed.add(answers.informed)
            inLine.add(answers.inLine)
            if answers.inLine == "partly" || answers.inLine == "no" {
                against += 1
                if answers.compensatoryMeasures > 0 { withMeasures += 1 }
            }
            if answers.differsFromView != nil { asked += 1 }
            if answers.differsFromView == "yes" {
                differs += 1
                if answers.differsReasons { reasoned += 1 }
            }
            Self.add(answers.feedbackState, to: &feedback, due: &feedbackDue)
            Self.add(answers.followUpState, to: &followUp, due: &followUpDue)
            if answers.concern == "yes" {
                concern += 1
                if answers.reportMade == "yes" { reported += 1 }
            }
            if answers.budgetOrGuidelines {
                weighed += 1
                if answers.inLine == "partly" || answers.inLine == "no" { weighedAgainst += 1 }
            }
            interpreter.add(answers.interpreter)
            for article in answers.articles { articles[article, default: 0] += 1 }
            for area in answers.negativeAreas { negativeAreas[area, default: 0] += 1 }
        }

        /// Per kind of group decision with analyses, its categories as "kind/value", shares of the
        /// kind's analyses; each kind's cells a breakdown of their own, suppressed as one. A kind
        /// whose own count is hidden has every cell hidden: shown, they would add up to it.
        func byType(_ id: String, _ tallies: [String: Categories]) -> Indicator {
            let kinds = groupTypes.indicator("group_decision_type", of: groupAnalyses)
            var rows: [IndicatorRow] = []
            for (type, analyses) in zip(groupTypes.names, groupTypes.counts) where analyses > 0 {
                guard let tally = tallies[type] else { continue }
                let hidden = kinds.row(type)?.value.isSuppressed ?? true
                rows += tally.indicator(id, of: analyses).rows.map { row in
                    hidden ? IndicatorRow(category: type + "/" + row.category, value: .withheld, share: row.share.map { _ in .withheld })
                        : IndicatorRow(category: type + "/" + row.category, value: row.value, share: row.share)
                }
            }
            return Indicator(id: id, rows: rows)
        }

        /// Adds another tally's counts: of another unit, or of records read apart. Every count is
        /// a sum, so the order of merging does not matter.
        public mutating func merge(_ other: Tally) {
            func sum<Key>(_ mine: inout [Key: Int], _ theirs: [Key: Int]) {
                mine.merge(theirs, uniquingKeysWith: +)
            }
            func sum(_ mine: inout [String: Categories], _ theirs: [String: Categories]) {
                for (key, categories) in theirs {
                    if mine[key] == nil { mine[key] = categories } else { mine[key]?.merge(categories) }
                }
            }
            closed += other.closed
            counted += other.counted
            sum(&checklists, other.checklists)
            statuses.merge(other.statuses)
            stopped += other.stopped
            overridden += other.overridden
            returns += other.returns
            returned += other.returned
            sum(&returnedItems, other.returnedItems)
            sum(&days, other.days)
            impact += other.impact
            depth.merge(other.depth)
            children += other.children
            distinctChildren += other.distinctChildren
            ages.merge(other.ages)
            effects.merge(other.effects)
            households.merge(other.households)
            childrenHeard.merge(other.childrenHeard)
            childrenWithVoice += other.childrenWithVoice
            analysesVoiceOnce += other.analysesVoiceOnce
            heard.merge(other.heard)
            notHeard += other.notHeard
            notHeardReasons.merge(other.notHeardReasons)
            informed.merge(other.informed)
            inLine.merge(other.inLine)
            against += other.against
            withMeasures += other.withMeasures
            asked += other.asked
            differs += other.differs
            reasoned += other.reasoned
            feedback.merge(other.feedback)
            followUp.merge(other.followUp)
            sum(&feedbackDue, other.feedbackDue)
            sum(&followUpDue, other.followUpDue)
            concern += other.concern
            reported += other.reported
            sum(&articles, other.articles)
            sum(&negativeAreas, other.negativeAreas)
            weighed += other.weighed
            weighedAgainst += other.weighedAgainst
            interpreter.merge(other.interpreter)
            childrenFeedback += other.childrenFeedback
            withChildren += other.withChildren
            documentedBestInterest += other.documentedBestInterest
            documentedView += other.documentedView
            documentedParticipation += other.documentedParticipation
            documentedAll += other.documentedAll
            checklistsCounted += other.checklistsCounted
            checklistChildren += other.checklistChildren
            sum(&checkAnswered, other.checkAnswered)
            sum(&checkNo, other.checkNo)
            sum(&checkNA, other.checkNA)
            decisions += other.decisions
            sum(&decisionKinds, other.decisionKinds)
            outcomes.merge(other.outcomes)
            sum(&grantedHousehold, other.grantedHousehold)
            groupAnalyses += other.groupAnalyses
            groupScreenedOut += other.groupScreenedOut
            groupTypes.merge(other.groupTypes)
            groupConsulted.merge(other.groupConsulted)
            groupInLine.merge(other.groupInLine)
            groupFollowUp.merge(other.groupFollowUp)
            sum(&groupFollowUpDue, other.groupFollowUpDue)
            sum(&groupConsultedByType, other.groupConsultedByType)
            sum(&groupInLineByType, other.groupInLineByType)
            sum(&groupFollowUpByType, other.groupFollowUpByType)
        }

        /// The tally as a store keeps it (JSON, `format`).
        public func encoded() -> Data? {
            try? JSONEncoder().encode(self)
        }

        /// A kept tally; nil when it is not one of this `format` (the store counts again).
        public init?(encoded data: Data) {
            guard let tally = try? JSONDecoder().decode(Tally.self, from: data) else { return nil }
            self = tally
        }

        private static func add(_ state: CountedAnswers.DueState, to categories: inout Categories, due: inout [Int: Int]) {
            switch state {
            case .kept(let category): categories.add(category)
            case .due(let day): due[day, default: 0] += 1
            }
        }

        /// `categories` with what was due before `today` as overdue and the rest as not yet due.
        private static func judged(_ categories: Categories, due: [Int: Int], today: Int) -> Categories {
            var result = categories
            for (day, n) in due { result.add(day < today ? "overdue" : "not_yet_due", n) }
            return result
        }

        /// The figures of the year this tally counts, what is due judged against `today` (a day number).
        func figures(year: Int, today: Int) -> IndicatorFigures {
            IndicatorFigures(year: year, hasData: hasData, indicators: indicators(today: today))
        }

        func indicators(today: Int) -> [Indicator] {
            let feedback = Self.judged(feedback, due: feedbackDue, today: today)
            let followUp = Self.judged(followUp, due: followUpDue, today: today)
            let groupFollowUp = Self.judged(groupFollowUp, due: groupFollowUpDue, today: today)
            let approved = days.values.reduce(0, +)
            return [
                Indicator(id: "analyses", rows: [
                    IndicatorRow(category: "total", value: count(counted)),
                    IndicatorRow(category: "closed_not_applicable", value: count(closed)),
                ]),
                secondarySuppressed(Indicator(id: "analyses_by_checklist", rows: checklists.keys.sorted().map { id in
                    let n = checklists[id] ?? 0
                    return IndicatorRow(category: id, value: count(n), share: share(n, of: counted))
                }), counts: checklists.keys.sorted().map { checklists[$0] ?? 0 }),
                statuses.indicator("analyses_by_status", of: counted),
                depth.indicator("depth", of: impact),
                Indicator(id: "children", rows: [IndicatorRow(category: "total", value: count(children)),
                                                 IndicatorRow(category: "distinct", value: count(distinctChildren))]),
                ages.indicator("children_by_age", of: children),
                effects.indicator("children_by_effect", of: children),
                households.indicator("children_by_household", of: children),
                // The child's voice.
                heard.indicator("heard", of: impact),
                childrenHeard.indicator("children_heard", of: childrenWithVoice),
                Indicator(id: "voice_asked_once", rows: [IndicatorRow(category: "analyses", value: count(analysesVoiceOnce))]),
                notHeardReasons.indicator("not_heard_reason", of: notHeard),
                informed.indicator("informed", of: impact),
                // Best interests.
                inLine.indicator("in_line", of: impact),
                Indicator(id: "compensatory_measures", rows: [
                    IndicatorRow(category: "partly_or_no", value: count(against)),
                    IndicatorRow(category: "with_measures", value: count(withMeasures), share: share(withMeasures, of: against)),
                ]),
                Indicator(id: "differs_from_view", rows: [
                    IndicatorRow(category: "differs", value: count(differs), share: share(differs, of: asked)),
                    IndicatorRow(category: "with_reasons", value: count(reasoned), share: share(reasoned, of: differs)),
                ]),
                // Feedback and follow-up, judged against `today`.
                feedback.indicator("feedback", of: impact),
                followUp.indicator("follow_up", of: impact),
                Indicator(id: "feedback_children", rows: [
                    IndicatorRow(category: "given", value: count(childrenFeedback), share: share(childrenFeedback, of: children)),
                ]),
                Indicator(id: "concern", rows: [
                    IndicatorRow(category: "raised", value: count(concern), share: share(concern, of: impact)),
                    IndicatorRow(category: "report_made", value: count(reported), share: share(reported, of: concern)),
                ]),
                // Also counted (issue 22).
                Indicator(id: "budget_or_guidelines", rows: [
                    IndicatorRow(category: "weighed", value: count(weighed), share: share(weighed, of: impact)),
                    IndicatorRow(category: "decided_against", value: count(weighedAgainst), share: share(weighedAgainst, of: weighed)),
                ]),
                interpreter.indicator("interpreter", of: interpreter.counts.reduce(0, +)),
                Indicator(id: "documented", rows: [
                    IndicatorRow(category: "analyses", value: count(withChildren)),
                    IndicatorRow(category: "best_interest", value: count(documentedBestInterest), share: share(documentedBestInterest, of: withChildren)),
                    IndicatorRow(category: "child_view", value: count(documentedView), share: share(documentedView, of: withChildren)),
                    IndicatorRow(category: "participation", value: count(documentedParticipation), share: share(documentedParticipation, of: withChildren)),
                    IndicatorRow(category: "all", value: count(documentedAll), share: share(documentedAll, of: withChildren)),
                ]),
                // Review: every checklist.
                Indicator(id: "hard_stops", rows: [
                    IndicatorRow(category: "met", value: count(stopped)),
                    IndicatorRow(category: "overridden", value: count(overridden)),
                ]),
                Indicator(id: "returns", rows: [
                    IndicatorRow(category: "returns", value: count(returns)),
                    IndicatorRow(category: "analyses_returned", value: count(returned), share: share(returned, of: counted)),
                ]),
                ranked("returned_items", returnedItems),
                // The child checklists: their children never added to the impact analyses'.
                Indicator(id: "checklists", rows: [
                    IndicatorRow(category: "total", value: count(checklistsCounted)),
                    IndicatorRow(category: "children", value: count(checklistChildren)),
                ]),
                questionRows("checklist_no", checkNo, answered: checkAnswered),
                questionRows("checklist_na", checkNA, answered: checkAnswered),
                Indicator(id: "decisions", rows: [IndicatorRow(category: "total", value: count(decisions))]),
                secondarySuppressed(ranked("decision_kind", decisionKinds, limit: nil),
                                    counts: ranked("decision_kind", decisionKinds, limit: nil).rows.map { decisionKinds[$0.category] ?? 0 }),
                outcomes.indicator("decision_outcome", of: decisions),
                ranked("children_granted_by_kind", grantedHousehold, limit: nil),
                ranked("articles", articles),
                ranked("negative_areas", negativeAreas),
                // Group analyses, apart from every figure above.
                Indicator(id: "group_analyses", rows: [
                    IndicatorRow(category: "total", value: count(groupAnalyses)),
                    IndicatorRow(category: "screened_out", value: count(groupScreenedOut)),
                ]),
                groupTypes.indicator("group_decision_type", of: groupAnalyses),
                groupConsulted.indicator("group_consulted", of: groupAnalyses),
                groupInLine.indicator("group_in_line", of: groupAnalyses),
                groupFollowUp.indicator("group_follow_up", of: groupAnalyses),
                byType("group_consulted_by_type", groupConsultedByType),
                byType("group_in_line_by_type", groupInLineByType),
                byType("group_follow_up_by_type", groupFollowUpByType),
                Indicator(id: "days_to_approval", rows: [
                    IndicatorRow(category: "approved", value: count(approved)),
                    IndicatorRow(category: "median", value: approved >= threshold ? .days(Indicators.median(days)) : .suppressed),
                ]),
            ]
        }
    }
}
