import BarnkollCore
import Foundation
import Testing

/// Units with real OS accounts: bk-bertil works in Norr and bk-disa in Söder, in one team store
/// whose admin is bk-anna. Each sees their own unit's analyses through barnkoll; handing one over
/// takes a supervisor of the unit or an admin.
@Suite(.tags(.osAccounts), .serialized,
       .enabled(if: OSAccounts.available, "needs root and setpriv: runs barnkoll as the accounts bk-anna, bk-bertil and bk-disa"))
struct UnitsBetweenAccounts {
    let anna = OSAccounts.anna
    let bertil = OSAccounts.bertil
    let disa = OSAccounts.disa

    @Test func eachAccountSeesItsOwnUnitAndHandingOverIsAnAdminsOrSupervisors() throws {
        if let problem = OSAccounts.prepared { Issue.record("cannot prepare the test accounts: \(problem)") }
        try #require(OSAccounts.prepared == nil)
        let host = try OSAccountHost()
        defer { host.remove() }
        let at = ["--store", host.sharedFolder("units") + "/barnkoll.sqlite"]
        func ok(_ account: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let result = host.run(as: account, arguments + at)
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }
        let answers = host.readable("complete-bka.yaml", contents: try #require(FileManager.default.contents(atPath: completeAnswers)))

        // Before any unit exists, everyone sees everything (as before units).
        let early = ok(anna, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "socpsyk"])
            .split(separator: "\n").first.map(String.init) ?? ""
        #expect(ok(bertil, ["list", "--format", "json"]).contains(early))

        for unit in ["Norr", "Söder"] { _ = ok(anna, ["admin", "units", "add", unit]) }
        _ = ok(anna, ["admin", "grant", "caseworker", bertil, "--unit", "Norr"])
        _ = ok(anna, ["admin", "grant", "caseworker", disa, "--unit", "söder"])
        // The answers name another unit: refused, with the unit to use.
        let elsewhere = host.run(as: bertil, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers] + at)
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("välj en av Norr"), "\(elsewhere.stderr)")
        let made = host.run(as: bertil, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "norr"] + at)
        #expect(made.status == 0, "\(made.stderr)")
        let norr = made.stdout.split(separator: "\n").first.map(String.init) ?? ""
        // The flag is echoed as the unit is filed: as listed.
        #expect(made.stderr.contains("ersattes av --unit 'Norr'"), "\(made.stderr)")
        // The unit named again in another spelling is that unit, written as listed; another is refused.
        let spelled = host.readable("unit-norr.yaml", contents: Data("unit: norr\n".utf8))
        let into = host.run(as: bertil, ["fill", "--into", norr, "--answers", spelled] + at)
        #expect(into.status == 0 && !into.stderr.contains("ersattes"), "\(into.stderr)")
        let other = host.run(as: bertil, ["fill", "--into", norr, "--answers", host.readable("unit-soder.yaml", contents: Data("unit: Söder\n".utf8))] + at)
        #expect(other.status == 1 && other.stderr.contains("analysen hör till enheten Norr"), "\(other.stderr)")
        #expect(ok(bertil, ["show", norr]).contains("Enhet: Norr"))
        let soder = ok(disa, ["fill", "--checklist", "barnkonsekvensanalys", "--answers", answers, "--unit", "Söder"])
            .split(separator: "\n").first.map(String.init) ?? ""

        let bertils = ok(bertil, ["list", "--format", "json"])
        #expect(bertils.contains(norr) && !bertils.contains(soder) && !bertils.contains(early), "\(bertils)")
        let disas = ok(disa, ["list", "--format", "json"])
        #expect(disas.contains(soder) && !disas.contains(norr), "\(disas)")
        let all = ok(anna, ["list", "--format", "json"])
        #expect(all.contains(norr) && all.contains(soder) && all.contains(early))

        let peek = host.run(as: disa, ["show", norr] + at)
        #expect(peek.status == 1 && peek.stderr.contains("hör till en enhet du inte arbetar i"), "\(peek.stderr)")
        #expect(!peek.stdout.contains("EB-2026-117"))

        // The old free-text unit moves onto the list; the list then names nothing unlisted.
        #expect(ok(anna, ["admin", "units", "list"]).contains("\"socpsyk\"  1"))
        #expect(ok(anna, ["admin", "units"]) == ok(anna, ["admin", "units", "list"]))
        #expect(ok(anna, ["admin", "units", "map", "socpsyk", "Norr"]) == "1 analys flyttad\n")
        #expect(ok(bertil, ["list", "--format", "json"]).contains(early))

        let refused = host.run(as: disa, ["admin", "reassign", norr, disa, "--reason", "Bertil är sjuk"] + at)
        #expect(refused.status == 1 && refused.stderr.contains("bara enhetens chef eller en administratör"), "\(refused.stderr)")
        _ = ok(anna, ["admin", "reassign", norr, anna, "--reason", "Bertil har slutat"])
        // Still in Norr, so bertil still sees it; but it is anna's to submit now.
        let submit = host.run(as: bertil, ["submit", norr] + at)
        #expect(submit.status == 1 && submit.stderr.contains("bara författaren (\(anna))"), "\(submit.stderr)")
        // Made under the wrong unit, it is moved, not made again: not by someone who is neither
        // its author, a supervisor of its unit nor an admin; by an admin, and Söder then sees it.
        let stranger = host.run(as: disa, ["admin", "move", norr, "Söder", "--reason", "Fel enhet"] + at)
        #expect(stranger.status == 1 && stranger.stderr.contains("bara författaren"), "\(stranger.stderr)")
        #expect(ok(anna, ["admin", "move", norr, "söder", "--reason", "Fel enhet valdes"]).contains("→ Söder"))
        #expect(ok(disa, ["list", "--format", "json"]).contains(norr))
        #expect(ok(anna, ["show", norr]).contains("Enhet: Söder"))
        // The history says who handed it over and moved it, and why.
        let history = ok(anna, ["review", "history", norr])
        #expect(history.contains("\(anna) lämnade över analysen från \(bertil) till \(anna): Bertil har slutat"), "\(history)")
        #expect(history.contains("\(anna) flyttade analysen från enheten Norr till Söder: Fel enhet valdes"), "\(history)")
        #expect(ok(anna, ["show", norr, "--format", "json"]).contains("\"reason\" : \"Fel enhet valdes\""))
        let verify = host.run(as: anna, ["verify"] + at)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
