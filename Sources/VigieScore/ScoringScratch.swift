/// Reusable working memory for scoring many texts in a row without allocating.
///
/// Keep one per thread and pass it to `SentimentScorer.score(utf8:language:scratch:)`.
public struct ScoringScratch: Sendable {
    var buffer = TokenBuffer()
    var words: [Word] = []
    var sentiments: [Float] = []
    var key: [UInt8] = []
    var folded: [UInt8] = []
    /// Filled by the last `score` call when it was asked to explain.
    public internal(set) var contributions: [Contribution] = []

    public init() {
        words.reserveCapacity(256)
        sentiments.reserveCapacity(256)
        key.reserveCapacity(256)
        folded.reserveCapacity(256)
    }
}

/// A word as the rules see it: its key in the token arena, the lexicon entry it resolved to.
struct Word: Sendable {
    var start: Int32
    var length: Int32
    /// The resolved entry, or -1.
    var term: Int32
    var flags: Token.Flags
    var phraseStart: Bool
    /// Can be the second word of a phrase.
    var phraseSecond: Bool = false
}
