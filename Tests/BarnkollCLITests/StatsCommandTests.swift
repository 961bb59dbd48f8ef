import BarnkollCore
import BarnkollStore
import Foundation
import Testing

@Suite struct StatsCommand {
    let year = String(ISODate.today().prefix(4))

    /// Five submitted analyses from the complete fictional fixture, so the counts pass the threshold.
    func fiveSubmitted(_ cli: CLI) -> [String] {
        (1...5).map { n in
            let fill = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers,
                                "--case", "EB-STAT-\(n)", "--submit"])
            return fill.stdout.split(separator: "\n").first.map(String.init) ?? ""
        }
    }

    @Test func jsonCountsWithoutNamingAnyone() throws {
        let cli = CLI()
        defer { cli.remove() }
        let ids = fiveSubmitted(cli)
        #expect(ids.allSatisfy { $0.hasPrefix("BKA-") })
        let result = cli.run(["stats", "--format", "json", "--year", year])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["year"] as? Int == Int(year))
        let indicators = try #require(object["indicators"] as? [String: [String: Any]])
        #expect(indicators["analyses"]?["total"] as? Int == 5)
        #expect(indicators["analyses_by_status"]?["submitted"] as? Int == 5)
        #expect(indicators["children"]?["total"] as? Int == 10)
        #expect(indicators["heard"]?["directly"] as? Int == 5)
        #expect(indicators["articles"]?["art27"] as? Int == 5)
        #expect(indicators["negative_areas"]?["family"] as? Int == 5)
        #expect(indicators["analyses"]?["closed_not_applicable"] as? Int == 0)
        for secret in ["EB-STAT", "EB-2026-117", "Ella", "Noah", "Norrköpinge", Account.current] + ids {
            #expect(!result.stdout.contains(secret), "\(secret) in the statistics")
        }
        let unit = cli.json(["stats", "--format", "json", "--year", year, "--unit", "Någon annan enhet"]) as? [String: Any]
        #expect((unit?["indicators"] as? [String: [String: Any]])?["analyses"]?["total"] as? Int == 0)
    }

    @Test func htmlIsTheBarnbokslutAndWritesAFile() throws {
        let cli = CLI()
        defer { cli.remove() }
        let ids = fiveSubmitted(cli)
        let html = cli.run(["stats", "--format", "html", "--year", year])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("Barnbokslut \(year)"))
        #expect(html.stdout.contains("Om metoden"))
        for secret in ["EB-STAT", "EB-2026-117", "Ella", "Noah", Account.current] + ids {
            #expect(!html.stdout.contains(secret), "\(secret) in the barnbokslut")
        }
        let english = cli.run(["stats", "--format", "markdown", "--lang", "en", "--year", year])
        #expect(english.stdout.hasPrefix("# Child rights report \(year)"))
        let path = cli.folder + "/barnbokslut.html"
        let written = cli.run(["stats", "--format", "html", "--year", year, "--output", path])
        #expect(written.status == 0)
        #expect(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } == html.stdout)
        let csv = cli.run(["stats", "--format", "csv", "--year", year])
        #expect(csv.stdout.hasPrefix("indicator,category,value\r\n"))
        #expect(csv.stdout.contains("analyses,total,5\r\n"))
        let table = cli.run(["stats", "--year", year])
        #expect(table.stdout.contains("█"))
        // For a screen reader: every figure named on its own line, no bars.
        let text = cli.run(["stats", "--format", "text", "--year", year])
        #expect(text.status == 0 && !text.stdout.contains("█"), "\(text.stderr)")
        #expect(text.stdout.contains("\nAnalyser som räknas\n  Analyser: 5.\n"), "\(text.stdout.prefix(400))")
    }

    @Test func aCaseworkerAndATrainingStoreAreRefused() throws {
        let cli = CLI()
        defer { cli.remove() }
        _ = fiveSubmitted(cli)
        // The creator is the store's admin; without admin or supervisor the figures are refused.
        let store = try SQLiteStore.open(path: cli.store, kind: .real, account: "tillfällig-admin")
        try store.setRole(.admin, for: "tillfällig-admin", granted: true, by: Account.current)
        try store.setRole(.admin, for: Account.current, granted: false, by: "tillfällig-admin")
        let refused = cli.run(["stats", "--format", "json"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bara en chef eller en administratör kan läsa statistiken"))
        #expect(refused.stdout.isEmpty)

        let training = cli.folder + "/ovning.sqlite"
        _ = try SQLiteStore.open(path: training, kind: .training)
        let result = cli.run(["stats", "--store", training], useStore: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("är ett övningslager (ÖVNING)"))
        #expect(result.stdout.isEmpty)
    }
}
