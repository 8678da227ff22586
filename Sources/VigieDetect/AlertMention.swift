/// One mention quoted by an alert as evidence: what was said, where, and why it scored so low.
///
/// The live watcher fills these from the store; a backtest from a CSV of scores has no text, so its alerts
/// carry none.
public struct AlertMention: Sendable, Hashable, Codable {
    /// The scored text (title plus summary), as stored.
    public var text: String
    /// The feed or page the mention came from.
    public var source: String
    /// The link to the mention itself, when it has one.
    public var link: String?
    /// The compound sentiment score in [-1, 1].
    public var score: Double
    /// The lexicon terms that pulled the score down, most influential first.
    public var terms: [String]
    /// When the mention was published (seconds since 1970 UTC).
    public var publishedAt: Int64

    /// Creates an evidence mention.
    public init(text: String, source: String, link: String?, score: Double, terms: [String], publishedAt: Int64) {
        self.text = text
        self.source = source
        self.link = link
        self.score = score
        self.terms = terms
        self.publishedAt = publishedAt
    }
}
