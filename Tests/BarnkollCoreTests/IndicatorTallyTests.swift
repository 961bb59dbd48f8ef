import BarnkollCore
import Foundation
import Testing

/// A year's tally is the sum of any split of its records, reads back as kept, and judges what is
/// due only when the figures are made: what lets a store keep one per unit and year.
@Suite struct IndicatorTallies {
    /// The record sets of the indicator tests: between them every count of a tally is non-zero.
    static let sets: [[IndicatorRecord]] = [Fixture.all, GroupIndicators.records]

    @Test func aTallyIsTheSumOfItsPartsInAnyOrder() {
        for records in Self.sets {
            let whole = Indicators.Tally(records)
            var oneByOne = Indicators.Tally()
            for record in records.reversed() { oneByOne.merge(Indicators.Tally([record])) }
            #expect(oneByOne == whole)
            var halves = Indicators.Tally(records.dropFirst(records.count / 2))
            halves.merge(Indicators.Tally(records.prefix(records.count / 2)))
            #expect(halves == whole)
            // Merged into an empty tally, and an empty one merged in, nothing changes.
            var empty = Indicators.Tally()
            empty.merge(whole)
            #expect(empty == whole)
            var same = whole
            same.merge(Indicators.Tally())
            #expect(same == whole)
        }
        // Every figure of a report made from tallies merged per record is the records' report.
        var year2025 = Indicators.Tally()
        for record in Fixture.records2025 { year2025.merge(Indicators.Tally([record])) }
        let merged = Indicators.report(tallies: [2025: year2025, 2024: Indicators.Tally(Fixture.records2024)],
                                       year: 2025, unit: nil, today: Fixture.today)
        #expect(merged == Indicators.compute(records: Fixture.all, year: 2025, unit: nil, today: Fixture.today))
    }

    @Test func aKeptTallyReadsBackTheSame() throws {
        for records in Self.sets {
            let tally = Indicators.Tally(records)
            let kept = try #require(tally.encoded())
            #expect(Indicators.Tally(encoded: kept) == tally)
        }
        #expect(Indicators.Tally(encoded: Data("{}".utf8)) == nil)
        #expect(Indicators.Tally(encoded: Data([0x00, 0xFF])) == nil)
    }

    @Test func whatIsDueIsJudgedOnTheDayOfTheFigures() {
        // Six analyses whose feedback and follow-up are planned for 1 June and not done.
        let records = (1...6).map { n in
            Fixture.bka(["children": .entries([Fixture.child(8, "direct")]),
                         "feedback_planned_date": .text("2025-06-01"), "follow_up_date": .text("2025-06-01")],
                        created: "2025-01-0\(n)", submitted: "2025-01-1\(n)")
        }
        let tally = Indicators.Tally(records)
        for (today, due) in [("2025-05-31", "not_yet_due"), ("2025-06-01", "not_yet_due"), ("2025-06-02", "overdue")] {
            let report = Indicators.report(tallies: [2025: tally], year: 2025, unit: nil, today: today)
            #expect(report.current.value("feedback", due) == .count(6))
            #expect(report.current.value("follow_up", due) == .count(6))
            #expect(report == Indicators.compute(records: records, year: 2025, unit: nil, today: today))
        }
    }

    @Test func theMedianDaysToApprovalFromTheirCounts() {
        func median(_ days: [Int]) -> Figure? {
            let records = days.enumerated().map { index, days in
                let created = ISODate.dayNumber("2025-01-01").map { $0 + index } ?? 0
                return Fixture.bka([:], created: ISODate.string(fromDay: created), submitted: ISODate.string(fromDay: created),
                                   approved: ISODate.string(fromDay: created + days))
            }
            return Indicators.compute(records: records, year: 2025, unit: nil, today: Fixture.today).current
                .value("days_to_approval", "median")
        }
        #expect(median([3, 1, 2, 10, 4]) == .days(3))
        #expect(median([1, 2, 3, 4, 10, 20]) == .days(3.5))
        #expect(median([5, 5, 5, 5, 5, 6]) == .days(5))
        #expect(median([0, 0, 9, 9, 9, 9]) == .days(9))
        #expect(median([1, 2, 3, 4]) == .suppressed)
    }
}
