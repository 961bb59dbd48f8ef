import BarnkollCore
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

/// A definition's own hard stops, judged again from the indicator rows, as Core judges them from
/// the whole answers: on a list of choices, and on a child's answers read in a group or outside it.
@Suite struct HardStopsFromRows {
    static let yaml = testChecklistYAML
        .replacingOccurrences(of: "      - id: children\n", with: """
                  - id: risks
                    type: multi_choice
                    prompt: {sv: Risker, en: Risks}
                    options:
                      - {value: violence, label: {sv: Våld}}
                      - {value: school, label: {sv: Skolbyte}}
                  - id: children

            """)
        .replacingOccurrences(of: "          - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}\n", with: """
                      - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}
                      - id: heard
                        type: choice
                        prompt: {sv: Hört?}
                        options:
                          - {value: "yes", label: {sv: Ja}}
                          - {value: "no", label: {sv: Nej}}

            """)
        + """

          - id: risk-stop
            kind: hard_stop
            item: risks
            when: {item: risks, equals: violence}
            message: {sv: Stopp}
          - id: unheard-stop
            kind: hard_stop
            item: children
            when: {some_entry: children, where: {item: heard, equals: "no"}}
            message: {sv: Stopp}
          - id: any-unheard-stop
            kind: hard_stop
            item: children
            when: {item: heard, equals: "no"}
            message: {sv: Stopp}

        """

    static let met: Answers = [
            "affected": .text("yes"), "view": .text("Vill bo kvar."), "risks": .choices(["school", "violence"]),
            "children": .entries([["alias": .text("Kim"), "age": .number(7), "heard": .text("yes")],
                                  ["alias": .text("Mio"), "age": .number(12), "heard": .text("no")]]),
    ]
    static let notMet: Answers = met.merging([
        "risks": .choices(["school"]), "children": .entries([["alias": .text("Kim"), "age": .number(7), "heard": .text("yes")]]),
    ]) { $1 }
    static let year = Int(ISODate.today().prefix(4)) ?? 2026

    /// `met` analyses meeting the three stops and one meeting none submitted, each stop met
    /// overridden first; bertil a supervisor.
    func submitBoth(_ store: any CaseworkStore, _ checklist: Checklist, met: Int = 1) throws {
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        for (caseRef, answers) in (1...met).map({ ("R-\($0)", Self.met) }) + [("R-0", Self.notMet)] {
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "anna", answers: answers).id
            for rule in HardStopCheck(checklist: checklist).met(answers).sorted() {
                try store.override(id, rule: rule, ground: .toBoard, by: "bertil", reason: "Nämnden beslutar.")
            }
            #expect(try store.submit(id, by: "anna") == .submitted)
        }
    }

    /// The stops each record meets, in the order of the analyses.
    func stopsMet(_ store: any CaseworkStore) throws -> [Set<String>] {
        try store.indicatorRecords(years: Self.year...Self.year, unit: nil, by: "bertil")
            .sorted { $0.hardStopsMet.count > $1.hardStopsMet.count }.map(\.hardStopsMet)
    }

    @Test(arguments: ContractStore.enabled)
    func theIndicatorsMeetTheStopsTheAnswersMeet(_ kind: ContractStore) throws {
        let checklist = try ChecklistLoader.load(yaml: Self.yaml, file: "egen.yaml")
        let check = HardStopCheck(checklist: checklist)
        #expect(check.met(Self.met) == ["risk-stop", "unheard-stop", "any-unheard-stop"])
        #expect(check.met(Self.notMet) == [])
        // A child's answer named outside its group brings the group.
        #expect(check.itemIDs.isSuperset(of: ["risks", "children", "heard"]))

        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try submitBoth(store, checklist, met: 5)
        #expect(try stopsMet(store) == Array(repeating: ["risk-stop", "unheard-stop", "any-unheard-stop"], count: 5) + [[]])
        // The year's figures count the stops met, from tallies counted and then from those kept.
        for _ in 1...2 {
            let report = try store.indicatorReport(year: Self.year, unit: nil, today: ISODate.today(), by: "bertil")
            #expect(report.current.value("hard_stops", "met")?.number == 5)
        }
        #expect(try store.verifyProblems().isEmpty)
    }

    /// v23 on a store whose rows were made before it, without the list the stop reads.
    @Test func sqliteMakesTheRowsOfSuchADefinitionAgain() throws {
        let checklist = try ChecklistLoader.load(yaml: Self.yaml, file: "egen.yaml")
        let folder = TemporaryFolder()
        let path = folder.file("store/barnkoll.sqlite")
        do {
            let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
            try submitBoth(store, checklist)
        }
        // As v22 left the rows: no list but conflicts' kept.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for table in ["indicator_version", "indicator_analysis"] {
                for row in try Row.fetchAll(db, sql: "SELECT scalars FROM \(table) WHERE scalars IS NOT NULL") {
                    let scalars: String = row[0]
                    let records = scalars.split(separator: "\u{1E}").filter { !$0.hasPrefix("risks\u{1F}") }
                    try db.execute(sql: "UPDATE \(table) SET scalars = ? WHERE scalars = ?",
                                   arguments: [records.joined(separator: "\u{1E}"), scalars])
                }
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v23-hard-stops-read-lists'")
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM indicator_version WHERE instr(scalars, 'risks')") } == 0)
        try queue.close()
        let store = try SQLiteStore.open(path: path, kind: .real, account: "anna")
        #expect(try stopsMet(store) == [["risk-stop", "unheard-stop", "any-unheard-stop"], []])
        #expect(try store.verifyProblems().isEmpty)
    }

    /// Migration 38 on a database whose rows were made by Migration 28's indicator_lean.
    @Test(.enabled(if: PostgresCluster.enabled)) func postgresMakesTheRowsOfSuchADefinitionAgain() throws {
        let checklist = try ChecklistLoader.load(yaml: Self.yaml, file: "egen.yaml")
        let folder = TemporaryFolder()
        let conninfo = try PostgresCluster.database(folder, through: 37)
        let older = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach,
                                           checkingSchema: false)
        try submitBoth(older, checklist)
        #expect(try stopsMet(older) == [["unheard-stop", "any-unheard-stop"], []])
        #expect(try PostgresStore.migrate(conninfo: conninfo + " user=postgres", kind: .real) == Migrations.all.map(\.version).filter { $0 > 37 })
        let store = try PostgresStore.open(conninfo: conninfo + " user=anna", kind: .real, identities: .connectAsEach)
        #expect(try stopsMet(store) == [["risk-stop", "unheard-stop", "any-unheard-stop"], []])
        #expect(try store.verifyProblems().isEmpty)
    }
}

/// The stops a checklist may write but the figures cannot judge as the worksheet does: named by
/// `HardStopCheck.uncountedReads` (which `checklists validate` prints), and on every store kind
/// judged otherwise from the rows than from the whole answers.
@Suite struct StopsTheFiguresCannotJudge {
    static let yaml = testChecklistYAML
        .replacingOccurrences(of: "      - id: children\n", with: """
                  - {id: summary, type: long_text, prompt: {sv: Sammanfattning}}
                  - id: options
                    type: group
                    prompt: {sv: Alternativ}
                    items:
                      - {id: name, type: text, prompt: {sv: Namn}}
                      - id: weakens
                        type: choice
                        prompt: {sv: Försvagar det en rättighet?}
                        options:
                          - {value: "yes", label: {sv: Ja}}
                          - {value: "no", label: {sv: Nej}}
                  - id: children

            """)
        .replacingOccurrences(of: "          - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}\n", with: """
                      - {id: age, type: number, prompt: {sv: Ålder}, min: 0, max: 17}
                      - id: school
                        type: choice
                        prompt: {sv: Byter skola?}
                        options:
                          - {value: "yes", label: {sv: Ja}}
                          - {value: "no", label: {sv: Nej}}

            """)
        + """

          - id: weakens-stop
            kind: hard_stop
            item: options
            when: {some_entry: options, where: {item: weakens, equals: "yes"}}
            message: {sv: Stopp}
          - id: school-stop
            kind: hard_stop
            item: children
            when: {item: school, equals: "yes"}
            message: {sv: Stopp}
          - id: copied-stop
            kind: hard_stop
            item: summary
            when: {item: summary, same_text_as: view}
            message: {sv: Stopp}
          - id: age-stop
            kind: hard_stop
            item: children
            when: {some_entry: children, where: {item: age, answered: true}}
            message: {sv: Stopp}

        """

    @Test func theValidatorNamesWhatTheRowsDoNotKeep() throws {
        let checklist = try ChecklistLoader.load(yaml: Self.yaml, file: "egen.yaml")
        let reads = HardStopCheck(checklist: checklist).uncountedReads.map { "\($0.rule): \($0.group.map { $0 + "/" } ?? "")\($0.item)" }
        #expect(reads == ["weakens-stop: options", "weakens-stop: options/weakens", "school-stop: children/school",
                          "copied-stop: summary", "copied-stop: view"])
        // What the shipped checklists and the counted stops above read is all kept.
        for yaml in [HardStopsFromRows.yaml] {
            #expect(HardStopCheck(checklist: try ChecklistLoader.load(yaml: yaml, file: "egen.yaml")).uncountedReads.isEmpty)
        }
    }

    /// Core meets every stop on the first answers and only `age-stop` on the second; the rows
    /// meet what they keep.
    @Test(arguments: ContractStore.enabled)
    func theRowsJudgeThemOtherwise(_ kind: ContractStore) throws {
        let checklist = try ChecklistLoader.load(yaml: Self.yaml, file: "egen.yaml")
        let check = HardStopCheck(checklist: checklist)
        let all: Answers = [
            "affected": .text("yes"), "view": .text("Vill bo kvar hos mormor."), "summary": .text("Vill bo kvar hos mormor."),
            "options": .entries([["name": .text("Flytt"), "weakens": .text("yes")]]),
            "children": .entries([["alias": .text("Kim"), "age": .number(7), "school": .text("yes")]]),
        ]
        let one = all.merging(["summary": .text("Flytten sker i juni."), "options": .entries([["name": .text("Flytt"), "weakens": .text("no")]]),
                               "children": .entries([["alias": .text("Kim"), "age": .number(7), "school": .text("no")]])]) { $1 }
        #expect(check.met(all) == ["weakens-stop", "school-stop", "copied-stop", "age-stop"])
        #expect(check.met(one) == ["age-stop"])
        let folder = TemporaryFolder()
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        for (caseRef, answers) in [("R-1", all), ("R-2", one)] {
            let id = try store.create(checklist: checklist, caseRef: caseRef, unit: "Norr", author: "anna", answers: answers).id
            for rule in check.met(answers).sorted() {
                try store.override(id, rule: rule, ground: .toBoard, by: "bertil", reason: "Nämnden beslutar.")
            }
            #expect(try store.submit(id, by: "anna") == .submitted)
        }
        // The rows keep neither an option's entries nor a child's school, and a text only as
        // written: every store meets only the stop on what it keeps, the same for both analyses.
        let year = HardStopsFromRows.year
        let met = try store.indicatorRecords(years: year...year, unit: nil, by: "bertil").map(\.hardStopsMet)
        #expect(met == [["age-stop"], ["age-stop"]])
        let named = Set(check.uncountedReads.map(\.rule))
        #expect(named == check.met(all).subtracting(met[0]))
        #expect(try store.verifyProblems().isEmpty)
    }
}

