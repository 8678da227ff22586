import Testing

@testable import VigieIngest

/// `NameCache` makes each name once and gives it back for its pointer, past growing.
@Suite struct NameCacheTests {
    @Test func eachNameIsMadeOnceAndFoundAgain() {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 3_000, alignment: 1)
        defer { memory.deallocate() }
        var cache = NameCache()
        var made = 0
        for round in 0..<2 {
            for k in 0..<1_000 {
                // Neighbouring pointers (one byte apart) and spread ones alike.
                let key = UnsafeRawPointer(memory + (k % 2 == 0 ? k : 2_999 - k))
                let name = cache.name(for: key) {
                    made += 1
                    return "name \(k)"
                }
                #expect(name == "name \(k)", "round \(round)")
            }
        }
        #expect(made == 1_000)
    }
}
