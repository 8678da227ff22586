import Foundation

/// A MinHash sketch of a story's word shingles, to recognise a rewritten copy
/// of a story: a wire story carried by twenty sites, each with its own
/// headline, agency tag, "read also" line and copyright line, its body cut
/// after a few paragraphs.
///
/// The folded text (``FoldedText``) is cut into overlapping runs of
/// ``shingleWords`` words; the sketch keeps, for each of ``hashCount`` hash
/// functions, the smallest hash over the shingles. The share of equal minima
/// between two sketches estimates the Jaccard similarity of their shingle sets,
/// and with the two set sizes, the **containment** of the smaller in the other:
/// the share of the shorter copy found in the longer one. A copy cut after two
/// paragraphs of a five-paragraph story is contained in it although their
/// Jaccard similarity is low; two customers complaining about the same outage
/// in their own words share a few shingles at most.
///
/// ```swift
/// let a = StoryFingerprint(title: nil, text: wireCopy1)!
/// let b = StoryFingerprint(title: nil, text: wireCopy2)!
/// a.isSameStory(as: b)   // true: containment ≥ 0.5
/// ```
public struct StoryFingerprint: Sendable, Hashable {
    /// Words per shingle.
    public static let shingleWords = 3
    /// Hash functions in a sketch.
    public static let hashCount = 64
    /// Sketch rows per band for candidate lookup (``bandKeys``): two sketches
    /// that agree on every row of one band are candidates.
    public static let rowsPerBand = 2
    /// A text with fewer distinct shingles than this (about 25 words: a tweet,
    /// a short complaint, a templated line such as "Story number 3: …") is too
    /// short to be told apart from another on its words: only exact copies
    /// (``ContentHash``) merge it. Rewritten wire stories are longer.
    public static let minimumShingles = 24
    /// How many stored stories a lookup compares at most: those sharing the most bands
    /// (``bandKeys``) with the new text, since a copy shares many and a story that only
    /// has a site's boilerplate line in common shares one or two.
    public static let candidateLimit = 64
    /// The estimated containment from which two texts are one story.
    public static let sameStoryContainment = 0.5

    /// The smallest hash of each function over the shingles.
    public private(set) var minima: [UInt32]
    /// How many distinct shingles the text has.
    public private(set) var shingleCount: Int

    /// The sketch of a story's title and text, or `nil` when the text is too short to compare.
    public init?(title: String?, text: String) {
        self.init(FoldedText(title: title, text: text))
    }

    init?(_ folded: FoldedText) {
        let shingles = WordShingles.shingles(WordShingles.words(folded.bytes), width: Self.shingleWords)
        guard shingles.count >= Self.minimumShingles else { return nil }
        var minima = [UInt32](repeating: .max, count: Self.hashCount)
        for shingle in shingles {
            for function in 0..<Self.hashCount {
                let value = UInt32(truncatingIfNeeded: Self.mix(shingle ^ Self.seeds[function]) >> 32)
                if value < minima[function] { minima[function] = value }
            }
        }
        self.minima = minima
        self.shingleCount = shingles.count
    }

    /// A sketch read back from the store (``encoded``), or `nil` when the bytes are not one.
    public init?(encoded: [UInt8], shingleCount: Int) {
        guard encoded.count == Self.hashCount * 4, shingleCount > 0 else { return nil }
        var minima = [UInt32](repeating: 0, count: Self.hashCount)
        for function in 0..<Self.hashCount {
            var value: UInt32 = 0
            for byte in 0..<4 { value |= UInt32(encoded[function * 4 + byte]) << (8 * byte) }
            minima[function] = value
        }
        self.minima = minima
        self.shingleCount = shingleCount
    }

    /// The minima as bytes (little-endian), as the store keeps them.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.hashCount * 4)
        for value in minima {
            for byte in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
        }
        return bytes
    }

    /// The estimated Jaccard similarity of the two shingle sets.
    public func similarity(to other: StoryFingerprint) -> Double {
        var equal = 0
        for function in 0..<Self.hashCount where minima[function] == other.minima[function] { equal += 1 }
        return Double(equal) / Double(Self.hashCount)
    }

    /// The estimated share of the smaller shingle set found in the other one.
    public func containment(with other: StoryFingerprint) -> Double {
        let jaccard = similarity(to: other)
        let union = Double(shingleCount + other.shingleCount)
        let shared = jaccard * union / (1 + jaccard)
        return min(1, shared / Double(min(shingleCount, other.shingleCount)))
    }

    /// Whether the two texts are copies of one story (``sameStoryContainment``).
    public func isSameStory(as other: StoryFingerprint) -> Bool {
        containment(with: other) >= Self.sameStoryContainment
    }

    /// One key per band of ``rowsPerBand`` minima: texts whose sketches share a key
    /// are the candidates worth comparing (locality-sensitive hashing).
    public var bandKeys: [Int64] {
        stride(from: 0, to: Self.hashCount, by: Self.rowsPerBand).map { first in
            var key = UInt64(first)
            for row in first..<(first + Self.rowsPerBand) {
                key = Self.mix(key &* 0x100_0000_01B3 ^ UInt64(minima[row]))
            }
            return Int64(bitPattern: key)
        }
    }

    /// SplitMix64's finaliser (the one ``WordShingles`` uses).
    private static func mix(_ value: UInt64) -> UInt64 { WordShingles.mix(value) }

    /// One seed per hash function (fixed: stored sketches must stay comparable).
    private static let seeds: [UInt64] = (0..<UInt64(hashCount)).map { mix($0 &* 0xD1B5_4A32_D192_ED03) }
}
