/// Strings made from libxml2's interned names, by the name's pointer: a
/// document's few dozen distinct names are looked up once per element, and a
/// `Dictionary` hashed each pointer with SipHash. Open addressing, a multiply
/// and a probe or two.
struct NameCache {
    private var keys: [UnsafeRawPointer?] = Array(repeating: nil, count: 64)
    private var values: [String] = Array(repeating: "", count: 64)
    private var count = 0

    /// The string for `key`, made by `make` the first time.
    mutating func name(for key: UnsafeRawPointer, _ make: () -> String) -> String {
        let mask = keys.count - 1
        var slot = NameCache.slot(key, mask)
        while let found = keys[slot] {
            if found == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        let value = make()
        keys[slot] = key
        values[slot] = value
        count += 1
        if count * 2 > keys.count { grow() }
        return value
    }

    private static func slot(_ key: UnsafeRawPointer, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt(bitPattern: key) >> 3) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
    }

    /// Twice the slots, every entry placed again: probes stay short.
    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: "", count: oldKeys.count * 2)
        let mask = keys.count - 1
        for (key, value) in zip(oldKeys, oldValues) {
            guard let key else { continue }
            var slot = NameCache.slot(key, mask)
            while keys[slot] != nil { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }
}
