import BarnkollCore

/// The supervisor's side of plain mode: the queue, an analysis read in full, the decisions.
extension PlainSession {
    func reviewQueue() throws(Stop) {
        var filter = AnalysisFilter.reviewQueue()
        while true {
            let rows: [AnalysisSummary]
            let total: Int
            do {
                total = try store.count(filter, for: account)
                var page = filter
                page.limit = 50
                rows = try store.list(page, for: account)
            } catch {
                say(strings.storeProblem(error))
                return
            }
            say("")
            let countLimit = store.countLimit(for: filter)
            // What waits for review is said as before; another status or a unit says the filter whole.
            if filter.status == .submitted && filter.unit == nil {
                say(strings.plainQueue(total, countLimit: countLimit) + (filter.search.map { " · \(strings.searchLabel): \(out($0))" } ?? ""))
            } else {
                say(strings.plainFiltered(total, countLimit: countLimit) + " · " + out(strings.filterLine(filter)))
            }
            // The same columns as the full-screen queue, none cut; trailing spaces dropped for speech.
            let columns = QueueColumns(rows: rows, showStatus: true, width: nil, strings: strings)
            let trimmed = TextHygiene.trailingSpacesDropped
            if rows.isEmpty { say(strings.queueEmpty) } else { say("   " + trimmed(columns.header)) }
            for (index, row) in rows.enumerated() {
                let number = String(index + 1)
                say(String(repeating: " ", count: max(0, 2 - number.count)) + number + " " + trimmed(columns.line(row)))
            }
            let line = try ask(strings.plainQueuePrompt).trimmingCharacters(in: .whitespaces)
            switch line.lowercased() {
            case "q":
                return
            case "u":
                try followUps()
            case "f":
                filter = try askFilter(filter)
            case "":
                continue
            default:
                if line.hasPrefix("/") {
                    let words = line.dropFirst().trimmingCharacters(in: .whitespaces)
                    filter.search = words.isEmpty ? nil : words
                } else if let number = Int(line), rows.indices.contains(number - 1) {
                    try review(rows[number - 1].id)
                } else {
                    say(strings.plainPickNumber(rows.count))
                }
            }
        }
    }

    /// The full screen's status and unit filters asked in turn: the statuses by number (Enter
    /// keeps the marked one), then the unit, by number from the store's list of units or typed
    /// where there is none; an empty line is every unit. The search is kept.
    func askFilter(_ filter: AnalysisFilter) throws(Stop) -> AnalysisFilter {
        var next = filter
        let statuses = ReviewQueueState.statuses
        if let picked = try choose(strings.statusLabel, statuses.map { $0?.label(language) ?? strings.all },
                                   marked: statuses.firstIndex(of: filter.status), prompt: strings.plainStatusPrompt) {
            next.status = statuses[picked]
        }
        let units = (try? store.units()) ?? []
        if units.isEmpty {
            let unit = TextHygiene.sanitize(try ask(strings.plainFilterUnitPrompt), multiline: false).trimmingCharacters(in: .whitespaces)
            next.unit = unit.isEmpty ? nil : unit
        } else {
            next.unit = try choose(strings.unit, units.map(out), marked: filter.unit.flatMap { units.firstIndex(of: $0) },
                                   prompt: strings.plainFilterUnitPrompt).map { units[$0] }
        }
        next.after = nil
        next.offset = 0
        return next
    }

    /// Numbered choices, the marked one shown; the index picked, or nil for an empty line.
    func choose(_ title: String, _ labels: [String], marked: Int?, prompt: String) throws(Stop) -> Int? {
        say(title + ":")
        for (index, label) in labels.enumerated() { say("\(index + 1) \(index == marked ? "(•)" : "( )") \(label)") }
        while true {
            let line = try ask(prompt).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { return nil }
            if let number = Int(line), labels.indices.contains(number - 1) { return number - 1 }
            say(strings.plainPickNumber(labels.count))
        }
    }

    func followUps() throws(Stop) {
        let entries: [FollowUpEntry]
        do {
            entries = try store.followUps(today: ISODate.today(), unit: nil, limit: 200, for: account)
        } catch {
            say(strings.storeProblem(error))
            return
        }
        say("")
        say(strings.followUpTab)
        if entries.isEmpty { say(strings.plainFollowUpEmpty) }
        var kind: FollowUpKind?
        for (index, entry) in entries.enumerated() {
            if entry.kind != kind {
                kind = entry.kind
                say(entry.kind.label(language) + ":")
            }
            var text = "\(index + 1) \(entry.summary.id)  \(entry.date.prefix(10))  \(out(entry.summary.unit))  \(out(entry.summary.author))"
            if let rule = entry.rule { text += "  \(out(catalog.ruleName(rule, in: entry.summary.checklistID, language)))" }
            if let by = entry.by { text += "  (\(out(by)))" }
            say(text)
        }
        guard !entries.isEmpty else { return }
        let line = try ask(strings.plainPickNumber(entries.count) + " (Enter: \(strings.queueTab.lowercased())) ")
            .trimmingCharacters(in: .whitespaces)
        if let number = Int(line), entries.indices.contains(number - 1) { try review(entries[number - 1].summary.id) }
    }

    /// One analysis read in full, then the supervisor's decision. Same rules as the full screen.
    func review(_ id: String) throws(Stop) {
        var analysis: Analysis
        do {
            analysis = try store.analysis(id, readBy: account)
        } catch {
            say(strings.storeProblem(error))
            return
        }
        var comments: [String: String] = [:]
        printReview(analysis, comments: comments)
        while true {
            let canDecide = analysis.summary.status == .submitted && analysis.summary.author != account
            // A draft or a returned analysis is opened on its worksheet from here, to hand it over or move it.
            let opensWorksheet = analysis.summary.status.isEditable
            let prompt = canDecide ? strings.plainReviewPrompt : strings.plainReadOnlyReviewPrompt(worksheet: opensWorksheet)
            let line = try ask(prompt).trimmingCharacters(in: .whitespaces)
            let lowered = line.lowercased()
            let evaluation = analysis.evaluate()
            let numbers = ItemNumbers(checklist: analysis.checklist)
            switch lowered {
            case "q":
                return
            case "", "l":
                printReview(analysis, comments: comments)
            case "v":
                try versions(analysis)
            case "a" where opensWorksheet:
                try open(id, documentRead: true)
                // Read again: it may have been handed over, moved out of the reader's units, or submitted.
                do throws(StoreError) {
                    analysis = try store.analysis(id, readBy: account)
                } catch .notVisible {
                    return
                } catch {
                    say(strings.storeProblem(error))
                    return
                }
                say("")
                printHeader(analysis)
            case "g":
                guard canDecide else {
                    say(strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet))
                    continue
                }
                guard evaluation.missing.isEmpty && evaluation.blockingHardStops.isEmpty else {
                    say(strings.cannotApproveIncomplete(evaluation.missing.count, evaluation.blockingHardStops.count))
                    continue
                }
                let comment = TextHygiene.sanitize(try ask(strings.plainApprovePrompt)).trimmingCharacters(in: .whitespaces)
                guard Self.isYes(try ask(strings.plainConfirmApprove(id))) else { continue }
                do {
                    let anchor = try store.approve(id, by: account, comment: comment.isEmpty ? nil : comment)
                    say(strings.approved(id, anchor))
                    return
                } catch {
                    say(strings.storeProblem(error))
                }
            case "r":
                guard canDecide else {
                    say(strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet))
                    continue
                }
                say(strings.returnTitle(comments.count))
                guard let comment = try requiredText(strings.plainReturnPrompt, refusal: strings.returnNeedsComment) else {
                    continue
                }
                do {
                    try store.return(id, by: account, comment: comment, itemComments: comments)
                    say(strings.decided(id, .returned))
                    return
                } catch {
                    say(strings.storeProblem(error))
                }
            case "h":
                let stops = evaluation.blockingHardStops
                guard !stops.isEmpty else {
                    say(strings.noHardStop)
                    continue
                }
                guard analysis.summary.author != account else {
                    say(strings.notYourOwn)
                    continue
                }
                var stop = stops[0]
                if stops.count > 1 {
                    for (index, candidate) in stops.enumerated() {
                        say("\(index + 1) \(out(candidate.message.text(language)))")
                    }
                    guard let number = Int(try ask(strings.plainWhichStop).trimmingCharacters(in: .whitespaces)),
                          stops.indices.contains(number - 1) else { continue }
                    stop = stops[number - 1]
                }
                say(out(stop.message.text(language)))
                say(strings.groundQuestion)
                let grounds = OverrideGround.allCases
                for (index, ground) in grounds.enumerated() { say("\(index + 1) \(ground.label(language))") }
                guard let number = Int(try ask(strings.plainGroundPrompt).trimmingCharacters(in: .whitespaces)),
                      grounds.indices.contains(number - 1) else {
                    say(strings.overrideNeedsGround)
                    continue
                }
                let ground = grounds[number - 1]
                say(strings.overrideTitle(ground.label(language)))
                guard let reason = try requiredText(strings.plainOverridePrompt, refusal: strings.overrideNeedsReason) else {
                    continue
                }
                do {
                    try store.override(id, rule: stop.rule, ground: ground, by: account, reason: reason)
                    analysis = try store.analysis(id, readBy: account)
                    say(strings.overrideDone(id))
                } catch {
                    say(strings.storeProblem(error))
                }
            default:
                guard lowered.hasPrefix("k ") else {
                    say(prompt)
                    continue
                }
                guard canDecide else {
                    say(strings.onlySubmittedReviewed(analysis.summary.status, worksheetKey: opensWorksheet))
                    continue
                }
                let target = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                guard let item = numbers.resolve(target), let definition = analysis.checklist.item(item) else {
                    say(strings.plainNoItem(out(target)))
                    continue
                }
                say(strings.commentAt("\(numbers.number(item)) \(out(definition.prompt.text(language)))"))
                if let earlier = comments[item] { say("\(strings.plainCurrent): \(out(earlier))") }
                let text = TextHygiene.sanitize(try ask(strings.plainCommentPrompt)).trimmingCharacters(in: .whitespaces)
                comments[item] = text.isEmpty ? nil : text
            }
        }
    }

    /// A text that must not be empty; nil when the person cancels with q.
    func requiredText(_ prompt: String, refusal: String) throws(Stop) -> String? {
        while true {
            let text = TextHygiene.sanitize(try ask(prompt)).trimmingCharacters(in: .whitespaces)
            if text.lowercased() == "q" { return nil }
            if !text.isEmpty { return text }
            say(refusal)
        }
    }

    func printReview(_ analysis: Analysis, comments: [String: String]) {
        let flow = WorksheetFlow(analysis), evaluation = flow.evaluation, numbers = flow.numbers
        say("")
        printHeader(analysis)
        if !evaluation.missing.isEmpty { say(strings.missingCount(evaluation.missing.count)) }
        for stop in evaluation.hardStops {
            say("\(strings.hardStopTitle): \(out(stop.message.text(language)))" + (stop.overridden ? " (\(strings.overridden))" : ""))
        }
        if !evaluation.warnings.isEmpty { say(strings.warningsCount(evaluation.warnings.count)) }
        for review in analysis.reviews {
            say(strings.reviewLine(review, in: analysis.checklist, version: true))
        }
        let previous = analysis.reviews.last { $0.decision == .return }
        for section in flow.sections {
            say("")
            say(strings.plainSection(numbers.section(section.id), section.title.text(language)))
            for item in flow.items(in: section) {
                let articles = item.articles.isEmpty ? "" : " (\(strings.articles) \(item.articles.map(String.init).joined(separator: ", ")))"
                say("\(numbers.number(item.id)) \(out(item.prompt.text(language)))\(articles)")
                let answer = AnalysisDocument.answer(item, in: analysis.answers, checklist: analysis.checklist, language: language)
                for line in (answer ?? strings.notAnswered).split(separator: "\n", omittingEmptySubsequences: false) {
                    say("    \(line)")
                }
                for warning in evaluation.warnings where warning.path.item == item.id {
                    say("    \(strings.plainWarning): \(out(warning.message.text(language)))")
                }
                for stop in evaluation.hardStops where stop.item == item.id {
                    say("    \(strings.hardStopTitle): \(out(stop.message.text(language)))"
                        + (stop.overridden ? " (\(strings.overridden))" : ""))
                }
                if let earlier = previous?.itemComments[item.id] { say("    \(strings.earlierComment): \(out(earlier))") }
                if let comment = comments[item.id] { say("    \(strings.yourComment): \(out(comment))") }
            }
        }
        say("")
    }

    /// Which analysis, its status, and who has it where: the review's first two lines.
    func printHeader(_ analysis: Analysis) {
        let summary = analysis.summary
        say(strings.trainingMark(training) + strings.reviewTitle(summary))
        say("\(strings.caseReference): \(out(summary.caseRef)) · \(strings.unit): \(out(summary.unit)) · "
            + "\(strings.caseworker): \(out(summary.author)) · \(summary.updatedAt.prefix(10))")
    }

    func versions(_ analysis: Analysis) throws(Stop) {
        let history = VersionHistory(analysis), rows = history.rows
        say(strings.historyTitle)
        func sayTransfers(_ transfers: [Transfer]) {
            for transfer in transfers { say("    " + strings.transferLine(transfer)) }
        }
        func sayReviews(_ number: Int) {
            for review in history.reviews(number) { say("    " + strings.reviewLine(review, in: analysis.checklist)) }
        }
        // An override made before the first submission belongs to no version: first, as in `review history`.
        sayReviews(0)
        if rows.isEmpty {
            say(strings.noVersions)
            sayTransfers(history.transfersAfterRows)
            return
        }
        for (index, number) in rows.enumerated() {
            sayTransfers(history.transfers(before: number))
            say("\(index + 1) " + strings.versionLine(history, number))
            sayReviews(number)
        }
        sayTransfers(history.transfersAfterRows)
        while true {
            let line = try ask(strings.plainVersionPrompt).trimmingCharacters(in: .whitespaces)
            guard let number = Int(line), rows.indices.contains(number - 1) else { return }
            let to = rows[number - 1], from = history.previous(to)
            say(strings.diffTitle(strings.versionLabel(from), strings.versionLabel(to)))
            let changes = history.changes(from: from, to: to, language: language)
            if changes.isEmpty { say(strings.noChanges) }
            for change in changes {
                let place = change.section.isEmpty ? change.prompt : "\(change.section) › \(change.prompt)"
                say("\(strings.changeKind(change.kind)): \(out(place))")
                say("  \(strings.before): \(out(change.before ?? strings.notAnswered))")
                say("  \(strings.after): \(out(change.after ?? strings.notAnswered))")
            }
        }
    }
}
