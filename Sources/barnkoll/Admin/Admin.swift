import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll admin`: roles and units, handing work over, retention exemptions. Every rule is
/// Core's; these commands parse, call and print.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Help.t("Roller, enheter och medlemskap, att lämna över en analys, och undantag från radering.", "Roles, units and memberships, handing an analysis over, and retention exemptions."),
        subcommands: [Grant.self, Revoke.self, Roles.self, Units.self, Reassign.self, Move.self, Exempt.self, Unexempt.self, Migrate.self, Import.self, Imported.self])
}
