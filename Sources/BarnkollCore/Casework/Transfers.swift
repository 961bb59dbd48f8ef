import Foundation

/// An analysis handed to another author (`Casework.reassign`) or filed under another unit
/// (`Casework.move`), kept with the reason given so that the history shows why. Never changed;
/// deleted only with its analysis by a purge. The chain holds each as the keyed digest of its
/// `content`, so `verify` finds a reason changed behind barnkoll.
public struct Transfer: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// To another author: `from` and `to` are accounts.
        case handOver = "hand_over"
        /// To another unit: `from` and `to` are units.
        case move
    }

    public var kind: Kind
    public var from: String
    public var to: String
    public var reason: String
    public var by: String
    public var at: String

    public init(kind: Kind, from: String, to: String, reason: String, by: String, at: String) {
        (self.kind, self.from, self.to, self.reason, self.by, self.at) = (kind, from, to, reason, by, at)
    }

    /// What the chain seals of it: the same content the event of the hand-over or move records.
    public var content: AuditChain.Content {
        switch kind {
        case .handOver: .reassignment(from: from, to: to, reason: reason)
        case .move: .unitMove(from: from, to: to, reason: reason)
        }
    }

    /// The chain's event for it: the action, and its detail (the new author or unit).
    public var action: String { kind == .handOver ? "analysis.reassign" : "analysis.move" }

    /// "anna lämnade över analysen från cecilia till disa: Cecilia är föräldraledig.", as the
    /// history shows it; `out` makes what was typed safe where it is shown.
    public func line(_ language: Language, out: (String) -> String) -> String {
        let (by, from, to, reason) = (out(by), out(from), out(to), out(reason))
        switch (kind, language) {
        case (.handOver, .sv): return "\(by) lämnade över analysen från \(from) till \(to): \(reason)"
        case (.handOver, .en): return "\(by) handed the analysis over from \(from) to \(to): \(reason)"
        case (.move, .sv): return "\(by) flyttade analysen från enheten \(from) till \(to): \(reason)"
        case (.move, .en): return "\(by) moved the analysis from unit \(from) to \(to): \(reason)"
        }
    }
}
