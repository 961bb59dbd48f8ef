import Terminal

/// One binding of a key map: the keys that act, how the help bar names them ("↑↓ flytta") and
/// the action each key stands for.
struct KeyBinding<Action: Sendable>: Sendable {
    /// The keys as the help bar names them ("↑↓", "Enter", "^Q").
    let label: String
    /// What they do, in the user's words.
    let help: String
    /// False for a second key doing what a shown one does (^C beside ^Q): it acts, unnamed.
    let shown: Bool
    let match: @Sendable (Key) -> Action?

    init(_ label: String, _ help: String, shown: Bool = true, match: @escaping @Sendable (Key) -> Action?) {
        self.label = label
        self.help = help
        self.shown = shown
        self.match = match
    }

    /// Several keys, each with its own action (↑ up and ↓ down under one "↑↓").
    init(_ label: String, _ help: String, shown: Bool = true, _ pairs: [(Key, Action)]) {
        self.init(label, help, shown: shown) { key in pairs.first { $0.0 == key }?.1 }
    }

    /// Keys that all do one thing.
    init(_ keys: [Key], _ label: String, _ help: String, shown: Bool = true, _ action: Action) {
        self.init(label, help, shown: shown) { keys.contains($0) ? action : nil }
    }

    /// A key that acts without being named in the help bar.
    static func hidden(_ keys: [Key], _ action: Action) -> Self {
        Self(keys, "", "", shown: false, action)
    }

    /// The keys that scroll a box of text (↑↓, PgUp/PgDn, Home/End, space), named and taken only
    /// when `scrolls`, its text being longer than the box: while it fits they do what the mode's
    /// other keys do.
    static func scroll(_ help: String, when scrolls: Bool, _ action: Action) -> Self {
        let keys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end, .character(" ")]
        return Self("↑↓ PgUp PgDn", help, shown: scrolls) { scrolls && keys.contains($0) ? action : nil }
    }
}

/// The keys of one mode of a screen, each declared once with its help: `update` asks the map
/// what a key does, and the help bar draws the same map, so help and behaviour cannot differ.
struct KeyMap<Action: Sendable>: Sendable {
    let bindings: [KeyBinding<Action>]

    init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = bindings
    }

    /// What `key` does in this mode; nil when it is not bound (the first binding that takes it wins).
    func action(for key: Key) -> Action? {
        for binding in bindings {
            if let action = binding.match(key) { return action }
        }
        return nil
    }

    /// The help bar's text: the shown bindings, in order.
    var help: String {
        bindings.filter(\.shown).map { $0.help.isEmpty ? $0.label : "\($0.label) \($0.help)" }.joined(separator: "  ")
    }
}
