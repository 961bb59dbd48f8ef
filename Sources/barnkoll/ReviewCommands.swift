import ArgumentParser
import BarnkollCore
import BarnkollStore
import Foundation

/// `barnkoll review`: the supervisor's queue and decisions. Only supervisors; never one's own.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The review queue: approve, return with comments, or override a hard stop.",
        subcommands: [ReviewList.self, Approve.self, Return.self, Override.self],
        defaultSubcommand: ReviewList.self)
}

struct ReviewList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Submitted analyses, oldest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "table, json or csv.") var format: List.Format = .table

    func run() throws {
        let store = try global.openStore()
        let queue = try attempt { () throws(StoreError) in
            try store.list(AnalysisFilter(status: .submitted))
        }.reversed()
        switch format {
        case .table: print(ListFormats.table(Array(queue), language: global.language), terminator: "")
        case .json: print(ListFormats.summariesJSON(Array(queue)), terminator: "")
        case .csv: print(ListFormats.summariesCSV(Array(queue)), terminator: "")
        }
    }
}

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Approve a submitted analysis. It never changes afterwards.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The analysis id.") var id: String
    @Option(help: "A comment for the caseworker.") var comment: String?

    func run() throws {
        let store = try global.openStore()
        try attempt { () throws(StoreError) in try store.approve(id, by: Account.current, comment: comment) }
        print("\(id): \(AnalysisStatus.approved.label(global.language))")
    }
}

struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Return a submitted analysis to its author, saying what is missing.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The analysis id.") var id: String
    @Option(help: "What is missing (required).") var comment: String
    @Option(name: .customLong("item"), help: ArgumentHelp("A comment at one item, shown there to the caseworker.", valueName: "ITEM:TEXT"))
    var items: [String] = []

    func validate() throws {
        for item in items where !item.contains(":") {
            throw ValidationError("--item takes ITEM:TEXT, like --item heard:Beskriv samtalet")
        }
    }

    func run() throws {
        var comments: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            comments[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let store = try global.openStore()
        try attempt { () throws(StoreError) in
            try store.return(id, by: Account.current, comment: comment, itemComments: comments)
        }
        print("\(id): \(AnalysisStatus.returned.label(global.language))")
    }
}

struct Override: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Override a hard stop with a written reason (supervisors only; audited).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The analysis id.") var id: String
    @Option(help: "Why the decision may go ahead (required).") var reason: String
    @Option(help: "The hard-stop rule, when the analysis has more than one.") var rule: String?

    func run() throws {
        let store = try global.openStore()
        let me = Account.current
        let analysis = try attempt { () throws(StoreError) in try store.analysis(id, readBy: me) }
        let stops = analysis.evaluate().blockingHardStops.map(\.rule)
        guard let chosen = rule ?? (stops.count == 1 ? stops.first : nil) else {
            throw Failure(stops.isEmpty ? "\(id) has no hard stop to override"
                                        : "\(id) has several hard stops (\(stops.joined(separator: ", "))); name one with --rule")
        }
        try attempt { () throws(StoreError) in try store.override(id, rule: chosen, by: me, reason: reason) }
        print("\(id): \(chosen) overridden")
    }
}

/// `barnkoll admin`: roles. The account that creates a store is its first admin.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Roles: who is a supervisor, trainer or admin in this store.",
        subcommands: [Grant.self, Revoke.self, Roles.self])

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an account a role (admins only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "caseworker, supervisor, trainer or admin.") var role: Role
        @Argument(help: "The operating-system account.") var account: String

        func run() throws {
            let store = try global.openStore()
            try attempt { () throws(StoreError) in try store.setRole(role, for: account, granted: true, by: Account.current) }
            print("\(account): +\(role.rawValue)")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a role from an account (admins only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "caseworker, supervisor, trainer or admin.") var role: Role
        @Argument(help: "The operating-system account.") var account: String

        func run() throws {
            let store = try global.openStore()
            try attempt { () throws(StoreError) in try store.setRole(role, for: account, granted: false, by: Account.current) }
            print("\(account): -\(role.rawValue)")
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every account's roles.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            for (account, role) in try attempt({ () throws(StoreError) in try store.roles() }) {
                print("\(account)  \(role.rawValue)")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
