import ArgumentParser
import BarnkollCore
import Foundation

struct Barnkoll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barnkoll",
        abstract: Help.t("Barnchecklista och barnkonsekvensanalys för socialtjänsten.", "Barnchecklista och barnkonsekvensanalys för socialtjänsten / Child checklists and child impact analyses."),
        discussion: Help.t("""
        Varje svar sparas direkt i ett lager (SQLite eller PostgreSQL). Identiteten är kontot i \
        operativsystemet som kör barnkoll. Lager: --store, annars $BARNKOLL_STORE, annars \
        $XDG_DATA_HOME/barnkoll/barnkoll.sqlite, annars ~/.local/share/barnkoll/barnkoll.sqlite.
        """, """
        Every answer is saved at once to a local record store (SQLite). Identity is the operating-system \
        account running barnkoll. Store: --store, else $BARNKOLL_STORE, else \
        $XDG_DATA_HOME/barnkoll/barnkoll.sqlite, else ~/.local/share/barnkoll/barnkoll.sqlite.
        """),
        version: BarnkollVersion.string,
        subcommands: [
            Home.self, New.self, Open.self, Fill.self, Submit.self, Revise.self, Note.self, List.self, Show.self, Export.self,
            ReviewCommand.self, Checklists.self, Train.self, Admin.self, Stats.self, Verify.self, Backup.self, Purge.self,
        ],
        defaultSubcommand: Home.self
    )
}

enum BarnkollVersion {
    static let string = "0.1.0"
}

@main
enum Main {
    static func main() {
        // Identity is the OS account: with no entry for it in the user database (an NSS outage, a
        // uid without passwd entry), barnkoll would not know who is acting, so it does nothing.
        guard Account.resolved != nil else {
            let sv = GlobalOptions.language(option: nil, environment: ProcessEnvironment.values) == .sv
            Output.error(sv ? "kontot med uid \(geteuid()) finns inte i användardatabasen (passwd, NSS); barnkoll tar sin identitet därifrån och gör ingenting utan den (USER räcker inte)"
                            : "the account with uid \(geteuid()) is not in the user database (passwd, NSS); barnkoll takes its identity from it and does nothing without it (USER is not enough)")
            exit(1)
        }
        do {
            // `barnkoll` alone is the front end with nothing to parse.
            if CommandLine.arguments.count == 1 {
                try Home.runBare()
            } else {
                let typed = Array(CommandLine.arguments.dropFirst())
                var command: any ParsableCommand
                do {
                    command = try Barnkoll.parseAsRoot(try Arguments.arranged(typed))
                } catch let mistake as Arguments.Mistake {
                    let words = Messages(GlobalOptions.language(of: typed))
                    switch mistake {
                    case .unknownCommand(let unknown): Output.error(words.unknownCommand(unknown))
                    case .optionNotHere(let option, let command): Output.error(words.optionNotHere(option, command: command))
                    }
                    exit(2)
                }
                try command.run()
            }
            // Any command's peak, for the tests that bound memory on hostile input (the front end reports its own).
            if let report = ProcessEnvironment.values["BARNKOLL_BENCH_REPORT"] { BenchHooks.reportPeakMemory(to: report) }
        } catch let told as any Told {
            let lines = told.lines(GlobalOptions.language(of: Array(CommandLine.arguments.dropFirst())))
            Output.error(lines.first ?? "")
            for line in lines.dropFirst() { Output.warning(line) }
            exit(1)
        } catch {
            let code = Barnkoll.exitCode(for: error)
            if code == .validationFailure {
                // A usage mistake: the message and the usage line, exit 2 as shells expect.
                StandardError.write(Help.message(for: error) + "\n")
                exit(2)
            }
            if code == .success, Help.language == .sv {
                // --help (and --version): ArgumentParser's headings in Swedish too.
                print(Help.message(for: error))
                exit(0)
            }
            Barnkoll.exit(withError: error)
        }
    }
}
