/// An immutable open-addressing hash table from UTF-8 byte strings to small integers.
///
/// The scorer looks every token up at least once; hashing the token's bytes in place
/// avoids building a `String` per token, which is what makes scoring fast.
struct ByteTable: Sendable {
    private var slots: [Int32]  // index into `offsets`, or -1
    private var offsets: [Int32]  // key start in `bytes`, one per key, plus the end sentinel
    private var bytes: [UInt8]
    private var values: [Int32]
    private var mask: Int

    /// Builds a table from `pairs`; a later duplicate key keeps the first value.
    init(_ pairs: [(key: [UInt8], value: Int32)]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        offsets = [0]
        bytes = []
        values = []
        for pair in pairs {
            var slot = Int(Self.hash(pair.key)) & mask
            var duplicate = false
            while slots[slot] >= 0 {
                let k = Int(slots[slot])
                if bytes[Int(offsets[k])..<Int(offsets[k + 1])].elementsEqual(pair.key) {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate { continue }
            slots[slot] = Int32(values.count)
            bytes.append(contentsOf: pair.key)
            offsets.append(Int32(bytes.count))
            values.append(pair.value)
        }
    }

    @inline(__always)
    static func hash<C: Collection<UInt8>>(_ key: C) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key {
            h = (h ^ UInt32(b)) &* 16_777_619
        }
        return h ^ (h >> 15)
    }

    /// The value stored for `key`, or -1.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Int(Self.hash(key)) & mask
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                bytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let k = Int(slots[slot])
                        if k < 0 { return -1 }
                        let start = Int(offsets[k])
                        let end = Int(offsets[k + 1])
                        if end - start == key.count {
                            var equal = true
                            var i = 0
                            while i < key.count {
                                if bytes[start + i] != key[i] {
                                    equal = false
                                    break
                                }
                                i += 1
                            }
                            if equal { return values[k] }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Convenience for tests and loading: the value stored for a string key, or -1.
    func value(for key: String) -> Int32 {
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBufferPointer { value(for: $0) }
    }

    var count: Int { values.count }
}
