/// The sentiment of one text, as the scorer reports it.
public struct Sentiment: Sendable, Hashable, Codable {
    /// Which side of the documented thresholds the score falls on.
    public enum Label: String, Sendable, Hashable, Codable, CaseIterable {
        case negative, neutral, positive
    }

    /// The language the text was scored in.
    public var language: Language
    /// The normalised compound score in [-1, 1].
    public var score: Double
    public var label: Label
    /// Proportions of positive, negative and neutral weight; they sum to 1.
    public var positive: Double
    public var negative: Double
    public var neutral: Double

    public init(
        language: Language, score: Double, label: Label,
        positive: Double, negative: Double, neutral: Double
    ) {
        self.language = language
        self.score = score
        self.label = label
        self.positive = positive
        self.negative = negative
        self.neutral = neutral
    }
}
