import BarnkollCore
import BarnkollStore
import Foundation

/// Builds a store of synthetic analyses through the store's own API: fictional units, caseworkers
/// and children, Swedish text, spread over three years, with the mix of statuses a real
/// administration has and several versions for a fifth of them.
struct Generator {
    var random: SeededRandom
    let catalog: ChecklistCatalog
    let supervisor = "bench-chef"
    let currentYear: Int
    /// Days of the current year so far: analyses are not made in the future.
    let daysThisYear: Int

    static let units = ["Barn och unga Norr", "Barn och unga Söder", "Ekonomiskt bistånd Öst", "Ekonomiskt bistånd Väst",
                        "Familjerätt", "Familjebehandling", "Mottagning barn", "Funktionsstöd barn",
                        "Ensamkommande", "Missbruk vuxna", "Våld i nära relation", "Boendestöd"]
    static let aliases = ["Ella", "Noah", "Maja", "Liam", "Alva", "Elias", "Saga", "Hugo", "Vera", "Leo", "Ines", "Omar",
                          "Selma", "Adam", "Tyra", "Melvin", "Juni", "Ali", "Nova", "Sami"]
    static let subjects = ["Barnet", "Familjen", "Mamman", "Pappan", "Skolan", "Förskolan", "Kuratorn", "Barnets mormor",
                           "Kontaktpersonen", "Läraren", "Syskonen", "Vårdnadshavaren"]
    static let verbs = ["berättar att", "oroar sig för att", "beskriver att", "menar att", "har sett att", "tror att",
                        "säger tydligt att", "upplever att"]
    static let clauses = ["barnet sover dåligt sedan flytten", "ekonomin inte räcker till hyran i vinter",
                          "barnet vill bo kvar nära sina kompisar", "träningen på fotbollen betyder mycket",
                          "elen riskerar att stängas av", "läxorna blir lidande när hemmet är oroligt",
                          "barnet saknar sin pappa och vill träffa honom oftare", "familjen behöver en större lägenhet",
                          "barnet är tryggt i skolan men inte på fritids", "det finns en skuld till hyresvärden",
                          "barnet har svårt att koncentrera sig", "umgänget fungerar bättre med stöd",
                          "barnet önskar mer tid med sina syskon", "flytten skulle innebära ett skolbyte",
                          "barnet blir ledset när föräldrarna bråkar", "förskolan har märkt att barnet är tystare"]

    init(seed: UInt64, catalog: ChecklistCatalog, currentYear: Int) {
        random = SeededRandom(seed: seed)
        self.catalog = catalog
        self.currentYear = currentYear
        let today = ISODate.dayNumber(ISODate.today()) ?? 0
        daysThisYear = max(1, today - (ISODate.dayNumber(String(format: "%04d-01-01", currentYear)) ?? today))
    }

    mutating func sentence() -> String {
        "\(random.pick(Self.subjects)) \(random.pick(Self.verbs)) \(random.pick(Self.clauses))."
    }

    mutating func paragraph() -> String {
        (0..<random.int(1...4)).map { _ in sentence() }.joined(separator: " ")
    }

    /// One answer for an item, as a caseworker might give it.
    mutating func value(for item: Item, around day: Int) -> AnswerValue {
        switch item.type {
        case .text: return .text(item.id == "alias" ? random.pick(Self.aliases) : random.pick(Self.clauses).capitalizedFirst)
        case .longText: return .text(paragraph())
        case .choice, .yesNoNA:
            let values = item.allowedValues ?? ["yes"]
            // Mostly the first options ("yes", "directly", "in line"): answers lean as real ones do.
            let index = random.int(0...9) < 7 ? 0 : random.int(0...(values.count - 1))
            return .text(values[index])
        case .multiChoice:
            let values = item.allowedValues ?? []
            return .choices(values.isEmpty ? [] : [values[random.int(0...(values.count - 1))]])
        case .date:
            return .text(ISODate.string(fromDay: day + random.int(0...60)))
        case .number:
            return .number(random.int((item.min ?? 0)...(item.max ?? 17)))
        case .group:
            return .entries((0..<random.int(1...3)).map { _ in
                var entry: Answers = [:]
                for sub in item.items { entry[sub.id] = value(for: sub, around: day) }
                return entry
            })
        }
    }

    /// Answers every visible item (optional ones most of the time), then mends what the rules
    /// still call missing; gives up after a few rounds and the analysis stays a draft.
    mutating func answers(for checklist: Checklist, day: Int, unit: String, caseRef: String) -> Answers {
        var answers = checklist.withCaseAnswers(caseRef: caseRef, unit: unit, into: [:])
        if random.int(0...99) < 5, checklist.item("children_affected") != nil {
            answers["children_affected"] = .text("no")     // closed as not applicable
        }
        for _ in 0..<4 {
            let shown = Worksheet(checklist: checklist, answers: answers).evaluate()
            for section in checklist.sections where shown.visibleSections.contains(section.id) && section.filledBy == .caseworker {
                for item in section.items where shown.visibleItems.contains(item.id) && answers[item.id] == nil {
                    if let base = item.each {
                        // Asked for each child: answered in the children's entries.
                        var entries = checklist.entries(of: item.id, in: answers)
                        for index in entries.indices {
                            for sub in item.items where entries[index][sub.id] == nil && random.int(0...9) < 8 {
                                entries[index][sub.id] = value(for: sub, around: day)
                            }
                        }
                        if !entries.isEmpty { answers[base] = .entries(entries) }
                    } else if random.int(0...9) < 8 {
                        answers[item.id] = value(for: item, around: day)
                    }
                }
            }
            let evaluation = Worksheet(checklist: checklist, answers: answers).evaluate()
            if evaluation.canSubmit { break }
            for missing in evaluation.missing {
                guard let item = checklist.item(missing.path.item) else { continue }
                if let base = item.each, let index = missing.path.entry,
                   let sub = item.items.first(where: { $0.id == missing.path.subItem }) {
                    var entries = checklist.entries(of: item.id, in: answers)
                    guard index < entries.count else { continue }
                    entries[index][sub.id] = mended(entries[index][sub.id], for: sub, around: day)
                    answers[base] = .entries(entries)
                    continue
                }
                answers[item.id] = mended(answers[item.id], for: item, around: day)
            }
            for stop in evaluation.blockingHardStops {
                if let item = stop.item, let first = checklist.item(item)?.allowedValues?.first { answers[item] = .text(first) }
            }
        }
        return answers
    }

    /// A new answer for an item the rules still call missing. Answered but refused by a rule
    /// ("choose full"): the next option, not another guess.
    mutating func mended(_ current: AnswerValue?, for item: Item, around day: Int) -> AnswerValue {
        if let values = item.allowedValues, let current = current?.text, let index = values.firstIndex(of: current) {
            return .text(values[(index + 1) % values.count])
        }
        return value(for: item, around: day)
    }

    /// Makes one analysis and walks it along a realistic path.
    mutating func makeAnalysis(store: SQLiteStore, number: Int) throws(StoreError) {
        let year = currentYear - 2 + random.int(0...2)
        let start = ISODate.dayNumber(String(format: "%04d-01-01", year)) ?? 0
        let created = start + random.int(0...(year == currentYear ? daysThisYear - 1 : 364))
        func at(_ day: Int) { SQLiteStore.pinClock(Double(day) * 86_400 + Double(random.int(28_800...61_200))) }
        at(created)
        let checklist = (random.int(0...99) < 85 ? try? catalog.checklist("barnkonsekvensanalys") : try? catalog.checklist("barnchecklista"))
            ?? catalog.sorted[0]
        let author = String(format: "handlaggare-%02d", random.int(1...40))
        let unit = random.pick(Self.units)
        let caseRef = String(format: "BU-%d-%05d", year, number)
        let answers = answers(for: checklist, day: created, unit: unit, caseRef: caseRef)
        let id = try store.create(checklist: checklist, caseRef: caseRef, unit: unit, author: author, answers: answers).id
        let path = random.int(0...99)
        if path < 7 { return }                                          // a draft
        var day = created + random.int(0...10)
        at(day)
        guard (try? store.submit(id, by: author)) == .submitted else { return }   // closed, or incomplete
        if path < 15 { return }                                         // waiting in the queue
        let rounds = path < 42 ? random.int(1...3) : 0                  // a fifth get several versions
        for round in 0...rounds {
            day += random.int(1...14)
            at(day)
            if round < rounds {
                let texts = checklist.allItems.filter { $0.type == .longText && answers[$0.id] != nil }.map(\.id)
                guard !texts.isEmpty else { break }
                let item = random.pick(texts)
                try store.return(id, by: supervisor, comment: sentence(), itemComments: [item: sentence()])
                if path < 18 && round == 0 { return }                   // returned, not yet revised
                day += random.int(1...7)
                at(day)
                try store.save(id, item: item, value: .text(paragraph()), by: author)
                _ = try store.submit(id, by: author)
            } else {
                try store.approve(id, by: supervisor, comment: random.int(0...3) == 0 ? sentence() : nil)
            }
        }
    }
}

/// The bench's draws from one seeded generator, so the same size gives the same store.
struct SeededRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[int(0...(values.count - 1))]
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
