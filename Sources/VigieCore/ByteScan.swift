/// Finds the next "interesting" byte sixteen bytes at a time: the hot loops of
/// parsing, escaping and JSON writing skip plain text at vector speed.
///
/// A caller says which bytes interest it as a test on a ``Block`` built from
/// the tests here (`equal(block, 0x3C) .| below(block, 0x20)`); each compiles to
/// one SSE2 comparison. Comparisons must be against ``Block`` values, as these
/// helpers write them: against a scalar, Swift compares lane by lane. A test
/// must not pick the letter `a` (0x61), which fills the block after the last
/// bytes of a buffer.
public enum ByteScan {
    /// Sixteen bytes of input.
    public typealias Block = SIMD16<UInt8>
    /// The lanes of a ``Block`` a test picked.
    public typealias Lanes = SIMDMask<SIMD16<Int8>>

    /// The lanes equal to `byte`.
    @inlinable @inline(__always)
    public static func equal(_ block: Block, _ byte: UInt8) -> Lanes {
        block .== Block(repeating: byte)
    }

    /// The lanes below `limit`.
    @inlinable @inline(__always)
    public static func below(_ block: Block, _ limit: UInt8) -> Lanes {
        block .< Block(repeating: limit)
    }

    /// The lanes of 0x80 or above (not ASCII).
    @inlinable @inline(__always)
    public static func high(_ block: Block) -> Lanes {
        block .>= Block(repeating: 0x80)
    }

    /// The sixteen bytes at `offset`.
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<UInt8>, _ offset: Int) -> Block {
        UnsafeRawPointer(base + offset).loadUnaligned(as: Block.self)
    }

    /// The first lane `lanes` picks, or `nil` when it picks none.
    @inlinable @inline(__always)
    public static func first(_ lanes: Lanes) -> Int? {
        // Each lane is 0x00 or 0xFF: read as two words, the first set byte is the first lane.
        let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        if words[0] != 0 { return words[0].trailingZeroBitCount >> 3 }
        if words[1] != 0 { return 8 + words[1].trailingZeroBitCount >> 3 }
        return nil
    }

    /// The `count` (fewer than sixteen) bytes at `start`, then `a` to fill the block: the
    /// last bytes of a buffer, read as one block (reading past them could leave the memory
    /// mapped). Most texts a scan reads are short: byte by byte, their ends cost more than the rest.
    @inlinable @inline(__always)
    public static func tail(_ start: UnsafePointer<UInt8>, count: Int) -> Block {
        var block = Block(repeating: 0x61)
        if count > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: start, byteCount: count) }
        }
        return block
    }

    /// The index of the first byte at or after `start` that `interesting` picks, or the
    /// buffer's end when none does.
    @inlinable @inline(__always)
    public static func skip(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, until interesting: (Block) -> Lanes
    ) -> Int {
        guard let base = buffer.baseAddress else { return start }
        var i = start
        let n = buffer.count
        while i + 16 <= n {
            if let lane = first(interesting(load(base, i))) { return i + lane }
            i += 16
        }
        if i < n, let lane = first(interesting(tail(base + i, count: n - i))) { return i + lane }
        return max(i, n)
    }
}
