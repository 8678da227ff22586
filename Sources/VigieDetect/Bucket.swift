/// What one brand received during one time bucket: the counts the detector decides on.
///
/// Buckets are aligned on multiples of ``DetectorSettings/bucketSeconds`` since 1970 UTC, so an hourly bucket
/// starts at the top of a UTC hour.
public struct Bucket: Sendable, Hashable {
    /// Start of the bucket, in seconds since 1970 UTC.
    public var start: Int64
    /// How many mentions of the brand arrived in the bucket.
    public var mentions: Int
    /// How many of them are negative (score at or under ``DetectorSettings/negativeThreshold``).
    public var negatives: Int
    /// The most negative mentions of the bucket, most negative first, for the alert's explanation.
    /// Optional: a backtest from scores alone leaves it empty.
    public var mostNegative: [AlertMention]

    /// Creates a bucket.
    public init(start: Int64, mentions: Int, negatives: Int, mostNegative: [AlertMention] = []) {
        precondition(negatives <= mentions && negatives >= 0, "a bucket cannot hold more negatives than mentions")
        self.start = start
        self.mentions = mentions
        self.negatives = negatives
        self.mostNegative = mostNegative
    }
}
