import Foundation
import VigieCore

/// The mentions of one brand in one time bucket: one point of a timeline.
public struct TimelineBucket: Sendable, Hashable {
    /// The width of a bucket, in the time zone the timeline is computed in.
    public typealias Width = BucketWidth

    /// The brand name.
    public var brand: String
    /// The bucket's first instant (local midnight for days, local Monday midnight for weeks).
    public var start: Date
    /// Mentions in the bucket.
    public var total: Int
    /// Those labelled negative.
    public var negative: Int
    /// Those labelled neutral.
    public var neutral: Int
    /// Those labelled positive.
    public var positive: Int
    /// The mean sentiment score of the bucket's mentions.
    public var meanScore: Double

    /// One point of a timeline.
    public init(brand: String, start: Date, total: Int, negative: Int, neutral: Int, positive: Int, meanScore: Double) {
        self.brand = brand
        self.start = start
        self.total = total
        self.negative = negative
        self.neutral = neutral
        self.positive = positive
        self.meanScore = meanScore
    }
}
