import Foundation
import VigieCore

/// One brand in one bucket of an export's timeline, empty buckets included.
public struct TimelineRow: Sendable, Hashable {
    /// The brand name.
    public var brand: String
    /// The bucket's first instant (local midnight for days, local Monday midnight for weeks).
    public var start: Date
    /// The next bucket's first instant: a Paris day lasts 23 or 25 hours on the days the clocks change.
    public var end: Date
    /// Mentions in the bucket.
    public var mentions: Int
    /// Those labelled positive.
    public var positive: Int
    /// Those labelled neutral.
    public var neutral: Int
    /// Those labelled negative.
    public var negative: Int
    /// The mean sentiment score, `nil` for an empty bucket.
    public var meanScore: Double?
    /// The highest severity of the alerts raised for the brand in the bucket, `nil` if none.
    public var alert: AlertSeverity?

    /// A row; ``meanScore`` is `nil` when there is no mention.
    public init(
        brand: String, start: Date, end: Date, mentions: Int = 0, positive: Int = 0, neutral: Int = 0,
        negative: Int = 0, meanScore: Double? = nil, alert: AlertSeverity? = nil
    ) {
        self.brand = brand
        self.start = start
        self.end = end
        self.mentions = mentions
        self.positive = positive
        self.neutral = neutral
        self.negative = negative
        self.meanScore = meanScore
        self.alert = alert
    }

    /// Negative mentions over all mentions, `nil` for an empty bucket.
    public var negativeShare: Double? {
        mentions > 0 ? Double(negative) / Double(mentions) : nil
    }
}
