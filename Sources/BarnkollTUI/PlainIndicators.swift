import BarnkollCore

/// The supervisor's indicators in plain mode: the report of `barnkoll stats --format text`, a line
/// per figure and no bars, a year at a time.
extension PlainSession {
    func indicators() throws(Stop) {
        let labels = IndicatorLabels(checklists: catalog.sorted)
        let today = ISODate.today()
        var year = Int(today.prefix(4)) ?? 2026
        while true {
            do {
                let report = try store.indicatorReport(year: year, unit: nil, today: today, by: account)
                say("")
                let lines = IndicatorFormats(report: report, language: language, labels: labels).textLines()
                say(lines.first ?? "")
                if !report.current.hasData { say(strings.noAnalyses(year)) }
                for line in lines.dropFirst() { say(line) }
            } catch {
                say(strings.storeProblem(error))
                return
            }
            while true {
                let line = try ask(strings.plainYearPrompt).trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.lowercased() == "q" { return }
                if let asked = Int(line), (1900...9999).contains(asked) {
                    year = asked
                    break
                }
                say(strings.plainNotAYear)
            }
        }
    }
}
