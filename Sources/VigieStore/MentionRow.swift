import Foundation
import VigieCore

/// One stored mention with what a listing or an export shows about it.
public struct MentionRow: Sendable, Hashable {
    /// The mention's id in the database.
    public var id: Int64
    /// The entry's id: several rows (one per brand) may share it.
    public var entryID: Int64
    /// When the mention counts (see ``VigieDatabase/mentionTime(published:updated:firstSeen:)``).
    public var time: Date
    /// When Vigie first saw the entry.
    public var firstSeenAt: Date
    /// The brand name, as in the configuration.
    public var brand: String
    /// The first source that carried the entry.
    public var sourceURL: String
    /// The name of that source.
    public var sourceName: String
    /// The entry's title, when it has one.
    public var title: String?
    /// The link as the first source gave it.
    public var link: String?
    /// The language the text was scored in.
    public var language: Language
    /// The sentiment score in [-1, 1].
    public var score: Double
    /// The sentiment label.
    public var label: Sentiment.Label
    /// Proportions of positive, negative and neutral weight.
    public var positive: Double
    /// Share of negative weight.
    public var negative: Double
    /// Share of neutral weight.
    public var neutral: Double
    /// The query terms that matched, as written in the configuration.
    public var matchedTerms: [String]
    /// The lexicon terms that weighed most in the score.
    public var topTerms: [String]
    /// The plain text that was matched and scored.
    public var text: String
    /// How many sources carried the story (copies and rewrites of it are this one row).
    public var carriers: Int
    /// Whether the entry was read from an ill-formed document the parser had to recover: kept (losing a
    /// real mention is worse), but its text may be cut or run together.
    public var recovered: Bool
    /// The scorer's label when a user relabelled the mention by hand (``label`` is then theirs), `nil` when
    /// ``label`` is the scorer's.
    public var scorerLabel: Sentiment.Label?
    /// Whether a user marked the mention read in the dashboard.
    public var read: Bool

    /// A row as the store reads it (tests and exporters' fixtures build their own).
    public init(
        id: Int64, entryID: Int64, time: Date, firstSeenAt: Date, brand: String, sourceURL: String,
        sourceName: String, title: String?, link: String?, language: Language, score: Double,
        label: Sentiment.Label, positive: Double, negative: Double, neutral: Double,
        matchedTerms: [String], topTerms: [String], text: String, carriers: Int = 1, recovered: Bool = false,
        scorerLabel: Sentiment.Label? = nil, read: Bool = false
    ) {
        self.recovered = recovered
        self.scorerLabel = scorerLabel
        self.read = read
        self.id = id
        self.entryID = entryID
        self.time = time
        self.firstSeenAt = firstSeenAt
        self.brand = brand
        self.sourceURL = sourceURL
        self.sourceName = sourceName
        self.title = title
        self.link = link
        self.language = language
        self.score = score
        self.label = label
        self.positive = positive
        self.negative = negative
        self.neutral = neutral
        self.matchedTerms = matchedTerms
        self.topTerms = topTerms
        self.text = text
        self.carriers = carriers
    }

    /// Whether ``label`` was set by hand rather than by the scorer.
    public var isRelabelled: Bool { scorerLabel != nil }

    /// The sentiment as the scorer gave it, with ``label`` as it stands (a user's when relabelled).
    public var sentiment: Sentiment {
        Sentiment(
            language: language, score: score, label: label, positive: positive, negative: negative, neutral: neutral)
    }
}
