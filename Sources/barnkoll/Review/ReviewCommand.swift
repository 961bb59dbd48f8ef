import ArgumentParser
import BarnkollCore
import Foundation

/// `barnkoll review`: the supervisor's queue and decisions. Only supervisors; never one's own.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: Help.t("Granskningskön: godkänn, återsänd med kommentarer eller häv ett stopp.", "The review queue: approve, return with comments, or override a hard stop."),
        subcommands: [ReviewQueue.self, ReviewList.self, Approve.self, Return.self, Override.self, FollowUp.self,
                      History.self, Diff.self],
        defaultSubcommand: ReviewQueue.self)
}
