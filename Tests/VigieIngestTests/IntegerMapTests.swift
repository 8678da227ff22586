import Testing

@testable import VigieIngest

/// `IntegerMap` gives back what was set, past growing, and nothing for 0 or a key never set.
@Suite struct IntegerMapTests {
    @Test func givesBackWhatWasSet() {
        var map = IntegerMap<Int>()
        let keys = (1...5_000).map { UInt64($0) &* 0x1_0000_0001 }  // spread and clustered bits alike
        for (n, key) in keys.enumerated() { map.set(key, n) }
        map.set(keys[7], -7)  // set again: replaced
        for (n, key) in keys.enumerated() { #expect(map[key] == (n == 7 ? -7 : n)) }
        #expect(map[0] == nil)
        #expect(map[0xDEAD_BEEF] == nil)
    }
}
