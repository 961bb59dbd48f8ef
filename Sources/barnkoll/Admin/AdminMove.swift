import ArgumentParser
import BarnkollCore

extension Admin {
    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.t("Flytta ett utkast eller en återsänd analys till en annan enhet när den skapades under fel enhet (författaren om den arbetar där, en chef för enheten eller en administratör; loggas).",
                             "File a draft or returned analysis under another unit when it was made under the wrong one (its author if they work there, a supervisor of its unit or an admin; audited)."))
        @OptionGroup var global: GlobalOptions
        @Argument(help: .t("Analysen, till exempel BKA-2026-0001.", "The analysis, e.g. BKA-2026-0001."), transform: AnalysisID.normalize) var id: String
        @Argument(help: .t("Enheten den ska höra till, som den står i listan (barnkoll admin units list).",
                           "The unit it belongs to, as listed (barnkoll admin units list).", value: .unit)) var unit: String
        @Option(help: .t("Varför den flyttas (loggas).", "Why it is moved (audited).", value: .reason)) var reason: String

        func run() throws {
            let store = try global.openStore()
            let listed = try store.move(id, toUnit: unit, reason: reason, by: Account.current)
            print("\(id) → \(listed)")
        }
    }
}
