/// Finds the next "interesting" byte eight bytes at a time (SWAR): the hot
/// loops of parsing, escaping and JSON writing skip plain text at word speed.
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` equals `byte`.
    @inlinable @inline(__always)
    public static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let v = word ^ (ones &* UInt64(byte))
        return (v &- ones) & ~v & highs != 0
    }

    /// Whether any byte of `word` is 0x80 or above (not ASCII).
    @inlinable @inline(__always)
    public static func hasHighBit(_ word: UInt64) -> Bool {
        word & highs != 0
    }

    /// Whether any byte of `word` is below `limit` (`limit` ≤ 128).
    @inlinable @inline(__always)
    public static func hasBelow(_ word: UInt64, _ limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// The bytes of `word` equal to `byte`, as a mask with the high bit of each
    /// matching byte set (exact: no false positives).
    @inlinable @inline(__always)
    public static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let t = word ^ (ones &* UInt64(byte))
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((t & low7) &+ low7) | t) & highs
    }

    /// Whether two adjacent bytes of `word` both equal `byte` ("  ").
    @inlinable @inline(__always)
    public static func hasPair(_ word: UInt64, _ byte: UInt8) -> Bool {
        let m = matches(word, byte)
        return m & (m >> 8) != 0
    }

    /// The first index at or after `start` whose byte may be interesting, skipping
    /// whole words for which `interesting(word)` is false. Bytes from the returned
    /// index on must still be checked one by one.
    @inlinable @inline(__always)
    public static func skip(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, while plain: (UInt64) -> Bool
    ) -> Int {
        guard let base = buffer.baseAddress else { return start }
        var i = start
        let n = buffer.count
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if !plain(word) { return i }
            i += 8
        }
        return i
    }
}
