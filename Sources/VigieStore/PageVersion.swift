import Foundation

/// The passages of a watched page's last version, to tell what a new fetch
/// adds from what it only repeats or retouches.
///
/// A passage is compared on its folded words (``FoldedText``, numbers folded
/// to one: a counter that moved is not a new passage) with the shingles of the
/// crisis issue's near-duplicate measure (``WordShingles``, three words): a
/// passage is **seen** when one passage of the last version holds at least
/// ``seenContainment`` of its shingles — a typo fixed or a word changed in a
/// post leaves most of its shingles as they were. A passage too short for
/// shingles to say much (fewer than ``shortWords`` words) is compared on its
/// words instead: seen when ``shortWordContainment`` of them are in one passage.
///
/// ```swift
/// let version = PageVersion(texts: ["Panne totale chez Ardoise depuis ce matin, scandale."])
/// version.isNew("Panne totale chez Ardoise depuis ce matin, scandale !")   // false
/// version.isNew("Service rétabli, merci Ardoise.")                          // true
/// ```
public struct PageVersion: Sendable {
    /// The share of a passage's shingles found in one old passage from which it is not new.
    public static let seenContainment = 0.5
    /// Passages shorter than this many words are compared on their words.
    public static let shortWords = 12
    /// The share of a short passage's words found in one old passage from which it is not new.
    public static let shortWordContainment = 0.75

    /// Each passage's folded word hashes, in order.
    let passages: [[UInt64]]
    /// Shingle → the passages that hold it.
    private let shingleIndex: [UInt64: [Int]]
    /// Word → the passages that hold it.
    private let wordIndex: [UInt64: [Int]]

    /// A version made of these passages' texts.
    public init(texts: [String]) {
        self.init(words: texts.map(PageVersion.words))
    }

    init(words passages: [[UInt64]]) {
        self.passages = passages
        var shingleIndex: [UInt64: [Int]] = [:]
        var wordIndex: [UInt64: [Int]] = [:]
        for (position, words) in passages.enumerated() {
            for shingle in WordShingles.shingles(words, width: StoryFingerprint.shingleWords) {
                shingleIndex[shingle, default: []].append(position)
            }
            for word in Set(words) { wordIndex[word, default: []].append(position) }
        }
        self.shingleIndex = shingleIndex
        self.wordIndex = wordIndex
    }

    /// Whether no passage of this version is `text`, give or take a small edit.
    public func isNew(_ text: String) -> Bool {
        let words = PageVersion.words(text)
        guard !words.isEmpty else { return false }
        if words.count >= StoryFingerprint.shingleWords {
            let shingles = WordShingles.shingles(words, width: StoryFingerprint.shingleWords)
            if share(of: shingles, in: shingleIndex) >= Self.seenContainment { return false }
        }
        if words.count < Self.shortWords || words.count < StoryFingerprint.shingleWords {
            if share(of: Set(words), in: wordIndex) >= Self.shortWordContainment { return false }
        }
        return true
    }

    /// The largest share of `keys` that one passage holds.
    private func share(of keys: Set<UInt64>, in index: [UInt64: [Int]]) -> Double {
        guard !keys.isEmpty else { return 0 }
        var counts: [Int: Int] = [:]
        for key in keys {
            for position in index[key] ?? [] { counts[position, default: 0] += 1 }
        }
        return Double(counts.values.max() ?? 0) / Double(keys.count)
    }

    /// Folded word hashes, every run of digits one "0".
    static func words(_ text: String) -> [UInt64] {
        var folded = FoldedText()
        folded.add(text)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(folded.bytes.count)
        var previousDigit = false
        for byte in folded.bytes {
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isDigit && previousDigit { continue }
            bytes.append(isDigit ? 0x30 : byte)
            previousDigit = isDigit
        }
        return WordShingles.words(bytes)
    }

    /// One passage's words as the store keeps them (little-endian 64-bit hashes).
    static func encode(_ words: [UInt64]) -> Data {
        var data = Data(capacity: words.count * 8)
        for word in words {
            withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Words read back from ``encode(_:)``.
    static func decode(_ data: Data) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(data.count / 8)
        var index = data.startIndex
        while index + 8 <= data.endIndex {
            var value: UInt64 = 0
            for offset in 0..<8 { value |= UInt64(data[index + offset]) << (8 * offset) }
            words.append(value)
            index += 8
        }
        return words
    }
}
