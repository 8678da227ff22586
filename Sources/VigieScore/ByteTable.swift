#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open-addressing hash set of UTF-8 byte strings, each numbered in insertion order.
///
/// The scorer looks every token up at least once; hashing the token's bytes in place avoids
/// building a `String` per token, which is what makes scoring fast. Keys live in one byte
/// arena, so building a table of 100 000 keys allocates a handful of arrays, not 100 000.
struct ByteTable: Sendable {
    /// Per slot: the key's hash in the high 32 bits and its number + 1 in the low ones; 0 is empty.
    /// Keeping the hash in the slot lets a miss (most words of a text) cost one memory access.
    private var slots: [UInt64]
    private var offsets: [Int32] = [0]  // key k spans bytes[offsets[k]..<offsets[k + 1]]
    private var bytes: [UInt8] = []
    private var hashes: [UInt32] = []
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// A table of `keys`, numbered in order (a repeated key keeps its first number).
    init(_ keys: [[UInt8]]) {
        self.init(capacity: keys.count)
        for key in keys { _ = insert(key) }
    }

    /// The number of keys.
    var count: Int { hashes.count }

    /// FNV-1a over the key's bytes, with a final mix; in three steps so a tokenizer can hash a
    /// word while it writes it.
    static let hashSeed: UInt32 = 2_166_136_261

    @inline(__always)
    static func hashStep(_ h: UInt32, _ b: UInt8) -> UInt32 { (h ^ UInt32(b)) &* 16_777_619 }

    @inline(__always)
    static func hashFinish(_ h: UInt32) -> UInt32 { h ^ (h >> 15) }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h = hashSeed
        for b in key { h = hashStep(h, b) }
        return hashFinish(h)
    }

    /// The bytes of key number `index`.
    func key(_ index: Int32) -> ArraySlice<UInt8> {
        bytes[Int(offsets[Int(index)])..<Int(offsets[Int(index) + 1])]
    }

    /// The number of `key`, or -1.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32 {
        value(for: key, hash: Self.hash(key))
    }

    /// The number of `key`, whose hash the caller already computed with `hash(_:)`.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> Int32 {
        var slot = Int(h) & mask
        let tag = UInt64(h) << 32
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry == 0 { return -1 }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let k = Int(entry & 0xFFFF_FFFF) - 1
                    let found = offsets.withUnsafeBufferPointer { offsets in
                        bytes.withUnsafeBufferPointer { bytes in
                            let start = Int(offsets[k])
                            guard Int(offsets[k + 1]) - start == key.count else { return false }
                            var m = 0
                            while m < key.count, bytes[start + m] == key[m] { m += 1 }
                            return m == key.count
                        }
                    }
                    if found { return Int32(k) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func value(for key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { value(for: $0) }
    }

    func value(for key: String) -> Int32 {
        value(for: Array(key.utf8))
    }

    /// The number of `key`, adding it when new.
    @discardableResult
    mutating func insert(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { insert($0) }
    }

    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        let found = value(for: key, hash: h)
        if found >= 0 { return found }
        var slot = Int(h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        let number = Int32(count)
        slots[slot] = UInt64(h) << 32 | UInt64(number + 1)
        bytes.append(contentsOf: key)
        offsets.append(Int32(bytes.count))
        hashes.append(h)
        return number
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for k in 0..<count {
            var slot = Int(hashes[k]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(hashes[k]) << 32 | UInt64(k + 1)
        }
    }
}
