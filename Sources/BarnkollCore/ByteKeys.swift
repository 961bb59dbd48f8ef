import Foundation

/// A small fixed set of keys, found by their UTF-8 bytes without making a string: what reading
/// tens of thousands of stored rows needs. A key of up to sixteen bytes is told by its length,
/// its first eight and its last eight bytes; a longer one is compared whole once those match.
public struct ByteKeys: Sendable {
    private let keys: [[UInt8]]
    /// Length, first and last eight bytes of each key, side by side: the scan reads only these.
    private let marks: [(count: Int, head: UInt64, tail: UInt64)]
    /// Open addressing over the marks: each slot a key's position, or -1. A row's item is found in
    /// about one probe instead of a scan of every key (the scan was a sixth of reading a row).
    private let slots: [Int32]
    private let shift: UInt64

    public init(_ keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        marks = self.keys.map { key in key.withUnsafeBufferPointer { ($0.count, Self.head($0), Self.tail($0)) } }
        var size = 8
        while size < marks.count * 4 { size *= 2 }
        shift = UInt64(64 - size.trailingZeroBitCount)
        var slots = [Int32](repeating: -1, count: size)
        for index in marks.indices {
            let mark = marks[index]
            var slot = Self.slot(mark.count, mark.head, mark.tail, shift)
            var taken = false
            while slots[slot] >= 0 {
                // A key given twice: the first one's position, as the scan found it.
                if self.keys[Int(slots[slot])] == self.keys[index] { taken = true; break }
                slot = (slot + 1) & (size - 1)
            }
            if !taken { slots[slot] = Int32(index) }
        }
        self.slots = slots
    }

    public var count: Int { keys.count }

    /// The position of `bytes` among the keys, or nil.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        let head = Self.head(bytes)
        let tail = Self.tail(bytes)
        var slot = Self.slot(count, head, tail, shift)
        let mask = slots.count - 1
        while true {
            let found = slots[slot]
            if found < 0 { return nil }
            let index = Int(found)
            let mark = marks[index]
            if mark.count == count, mark.head == head, mark.tail == tail {
                if count <= 16 { return index }
                let same = keys[index].withUnsafeBufferPointer { key in
                    guard let left = key.baseAddress, let right = bytes.baseAddress else { return false }
                    return memcmp(left, right, count) == 0
                }
                if same { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    private static func slot(_ count: Int, _ head: UInt64, _ tail: UInt64, _ shift: UInt64) -> Int {
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: count)
        return Int(truncatingIfNeeded: (mixed &* 0x9E37_79B9_7F4A_7C15) >> shift)
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
