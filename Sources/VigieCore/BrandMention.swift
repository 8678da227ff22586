/// One brand found in one entry, with the sentiment of the text around it.
///
/// The matcher fills ``brand`` and ``matchedTerms``, the scorer fills
/// ``sentiment`` and ``topTerms``; the store keeps the whole value.
public struct BrandMention: Sendable, Hashable, Codable {
    /// The brand's name, as written in the configuration.
    public var brand: String
    /// The terms of the brand's query that matched, as written in the configuration.
    public var matchedTerms: [String]
    /// The sentiment of the entry's text.
    public var sentiment: Sentiment
    /// The lexicon terms that weighed most in the score, for explanations.
    public var topTerms: [String]

    /// The language the entry was scored in (the sentiment's language).
    public var language: Language { sentiment.language }

    /// A brand found in an entry, with its sentiment.
    public init(brand: String, matchedTerms: [String], sentiment: Sentiment, topTerms: [String] = []) {
        self.brand = brand
        self.matchedTerms = matchedTerms
        self.sentiment = sentiment
        self.topTerms = topTerms
    }
}
