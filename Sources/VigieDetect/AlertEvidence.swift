/// The numbers that explain an alert: what was seen, what was expected, and how unlikely it was.
public struct AlertEvidence: Sendable, Hashable, Codable {
    /// The test that decided.
    public enum Test: String, Sendable, Hashable, Codable {
        /// More negatives among the window's mentions than the brand's usual share allows.
        case share
        /// The share test confirmed by the count test (negatives against those normal at these hours).
        case count
        /// Evidence accumulated hour by hour since ``AlertEvidence/windowStart`` (``DetectorSettings/cumulativeThreshold``).
        case cumulative
        /// The cold-start rule of a brand whose detector is still warming up.
        case coldStart = "cold_start"
    }

    /// Mentions in the deciding bucket.
    public var mentions: Int
    /// Negative mentions in the deciding bucket.
    public var negatives: Int
    /// Negatives expected in that bucket for this brand, hour and day of the week
    /// (seasonal volume times the brand's recent negative share).
    public var baseline: Double
    /// Share of negative mentions in the deciding bucket.
    public var negativeShare: Double
    /// The brand's recent negative share, outside incidents.
    public var usualNegativeShare: Double
    /// How many buckets the deciding window covers (ending with the deciding bucket).
    public var windowBuckets: Int
    /// Mentions in the deciding window.
    public var windowMentions: Int
    /// Negative mentions in the deciding window.
    public var windowNegatives: Int
    /// Negatives expected in the window from the seasonal volume.
    public var windowBaseline: Double
    /// Chance of at least that many negatives among the window's mentions at the usual share
    /// (beta-binomial tail). Smaller is stronger evidence.
    public var probability: Double

    /// Creates the evidence of an alert.
    /// Which test decided.
    public var test: Test
    /// Start of the deciding window: since when the evidence has been accumulating (seconds since 1970 UTC).
    public var windowStart: Int64

    public init(
        mentions: Int, negatives: Int, baseline: Double, negativeShare: Double, usualNegativeShare: Double,
        windowBuckets: Int, windowMentions: Int, windowNegatives: Int, windowBaseline: Double, probability: Double,
        test: Test = .share, windowStart: Int64 = 0
    ) {
        self.test = test
        self.windowStart = windowStart
        self.mentions = mentions
        self.negatives = negatives
        self.baseline = baseline
        self.negativeShare = negativeShare
        self.usualNegativeShare = usualNegativeShare
        self.windowBuckets = windowBuckets
        self.windowMentions = windowMentions
        self.windowNegatives = windowNegatives
        self.windowBaseline = windowBaseline
        self.probability = probability
    }
}
