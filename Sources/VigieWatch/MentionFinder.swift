import VigieCore
import VigieMatch
import VigieScore

/// Finds the brands an entry mentions and scores the entry once per
/// language-and-lexicon it needs.
struct MentionFinder: Sendable {
    let matcher: Matcher
    let scorer: SentimentScorer
    let brandScorers: [String: SentimentScorer]
    /// Each brand's own names, which carry no sentiment in its mentions (none when no word of
    /// the brand is in the lexicons: its mentions share one score).
    let brandWords: [String: BrandWords]

    init(matcher: Matcher, scorer: SentimentScorer, brandScorers: [String: SentimentScorer]) {
        self.matcher = matcher
        self.scorer = scorer
        self.brandScorers = brandScorers
        var brandWords: [String: BrandWords] = [:]
        for brand in matcher.brands {
            let words = (brandScorers[brand.name] ?? scorer).brandWords(brand.ownTerms)
            if !words.isEmpty { brandWords[brand.name] = words }
        }
        self.brandWords = brandWords
    }

    /// How many contributing terms are kept to explain a mention.
    static let explainedTerms = 5

    /// The entry with its mentions (none when no brand matches).
    func scan(_ entry: FeedEntry, brands only: Set<String>?) -> ScoredEntry {
        let text = entry.text
        guard !text.isEmpty else { return ScoredEntry(entry: entry) }
        let language = Self.language(of: entry.language) ?? scorer.guessLanguage(text)
        let matches = matcher.matches(in: text, language: language, only: only)
        guard !matches.isEmpty else { return ScoredEntry(entry: entry) }
        var shared: ScoredText?
        var mentions: [BrandMention] = []
        for match in matches {
            let scored: ScoredText
            let words = brandWords[match.brand]
            if let own = brandScorers[match.brand] {
                scored = own.explain(text, language: language, brandWords: words ?? .none)
            } else if let words {
                scored = scorer.explain(text, language: language, brandWords: words)
            } else {
                if shared == nil { shared = scorer.explain(text, language: language) }
                scored = shared!
            }
            let top = scored.contributions.sorted { abs($0.valence) > abs($1.valence) }.prefix(Self.explainedTerms)
            mentions.append(
                BrandMention(
                    brand: match.brand, matchedTerms: match.terms, sentiment: scored.sentiment,
                    topTerms: top.map(\.term)))
        }
        return ScoredEntry(entry: entry, mentions: mentions)
    }

    /// `fr`, `fr-FR`, `en_GB` → a language Vigie scores; anything else → nil.
    static func language(of tag: String?) -> Language? {
        guard let tag, tag.count >= 2 else { return nil }
        return Language(rawValue: String(tag.prefix(2)).lowercased())
    }
}
