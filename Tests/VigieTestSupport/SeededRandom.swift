/// The tests' one deterministic generator: randomised tests replay from their seed.
///
/// SplitMix64 with one mixing constant changed (`…133E_11EB` for `…1331_11EB`), as the detector tests'
/// constructed histories were first drawn with it: those tests assert on particular histories, and keep them.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    /// A generator whose first state is `state`.
    public init(state: UInt64) { self.state = state }

    /// A generator for `seed`, spread so that small seeds (1, 2, 3…) give unrelated streams.
    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_567 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_133E_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
