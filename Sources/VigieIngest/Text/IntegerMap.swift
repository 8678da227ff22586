/// Values by a nonzero 64-bit key (a name packed in a word, a pointer), in an
/// open-addressing table: a multiply and a probe or two, where a `Dictionary`
/// hashes every key with SipHash. Keeps at most half its slots full.
struct IntegerMap<Value> {
    private var keys: [UInt64]  // 0: an empty slot
    private var values: [Value?]
    private var shift: UInt64  // 64 - log2(slots): a key's slot is the top bits of its product
    private var count = 0

    init() {
        keys = Array(repeating: 0, count: 64)
        values = Array(repeating: nil, count: 64)
        shift = 58
    }

    /// The value for `key`; `nil` for a key never set, and for 0.
    subscript(key: UInt64) -> Value? {
        guard key != 0 else { return nil }
        let mask = keys.count - 1
        var slot = slot(of: key)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Sets the value for `key`, which must not be 0.
    mutating func set(_ key: UInt64, _ value: Value) {
        precondition(key != 0, "0 marks an empty slot")
        let mask = keys.count - 1
        var slot = slot(of: key)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == 0 { count += 1 }
        keys[slot] = key
        values[slot] = value
        if count * 2 > keys.count { grow() }
    }

    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Twice the slots, every entry placed again.
    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != 0 { set(key, value!) }
    }
}

extension IntegerMap: Sendable where Value: Sendable {}
