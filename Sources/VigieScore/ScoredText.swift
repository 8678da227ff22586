import VigieCore

/// A text's sentiment and the terms that drove it.
public struct ScoredText: Sendable, Hashable {
    public var sentiment: Sentiment
    /// The terms with a non-zero valence, in text order.
    public var contributions: [Contribution]

    public init(sentiment: Sentiment, contributions: [Contribution]) {
        self.sentiment = sentiment
        self.contributions = contributions
    }
}
