import Foundation

/// A small fixed set of keys, found by their UTF-8 bytes without making a string: what reading
/// tens of thousands of stored rows needs. A key of up to sixteen bytes is told by its length,
/// its first eight and its last eight bytes; a longer one is compared whole once those match.
public struct ByteKeys: Sendable {
    private let keys: [[UInt8]]
    /// Length, first and last eight bytes of each key, side by side: the scan reads only these.
    private let marks: [(count: Int, head: UInt64, tail: UInt64)]

    public init(_ keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        marks = self.keys.map { key in key.withUnsafeBufferPointer { ($0.count, Self.head($0), Self.tail($0)) } }
    }

    public var count: Int { keys.count }

    /// The position of `bytes` among the keys, or nil.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        let head = Self.head(bytes)
        let tail = Self.tail(bytes)
        for index in marks.indices {
            let mark = marks[index]
            guard mark.count == count, mark.head == head, mark.tail == tail else { continue }
            if count <= 16 { return index }
            let same = keys[index].withUnsafeBufferPointer { key in
                guard let left = key.baseAddress, let right = bytes.baseAddress else { return false }
                return memcmp(left, right, count) == 0
            }
            if same { return index }
        }
        return nil
    }

    /// Up to the first eight bytes, packed.
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if bytes.count >= 8, let base = bytes.baseAddress {
            return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
        }
        var head: UInt64 = 0
        for byte in bytes { head = head << 8 | UInt64(byte) }
        return head
    }

    /// Up to the last eight bytes, packed.
    private static func tail(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if bytes.count >= 8, let base = bytes.baseAddress {
            return UnsafeRawPointer(base + (bytes.count - 8)).loadUnaligned(as: UInt64.self)
        }
        return head(bytes)
    }
}
