import BarnkollCore
import Foundation
import Terminal

/// The size of the window a screen lays itself out in: `update` and `render` get the same one.
public struct Size: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A message that can carry a key: every screen's messages begin with one.
public protocol KeyMessage: Sendable {
    static func key(_ key: Key) -> Self
}

/// A screen of the front end: a state changed only by its `update`, drawn by `render`. Keys and
/// the results of what it asked for (saved, failed, loaded, changed elsewhere) come in as
/// messages; what only the app can do (the store, the terminal, moving between screens) goes out
/// as effects. Nothing outside a screen writes its state.
public protocol Screen: Sendable {
    associatedtype Message: KeyMessage
    associatedtype Effect: Sendable

    mutating func update(_ message: Message, size: Size) -> [Effect]
    func render(_ size: Size) -> Frame
}

extension Screen {
    /// A key pressed; the usual message.
    public mutating func update(key: Key, size: Size) -> [Effect] {
        update(.key(key), size: size)
    }
}

