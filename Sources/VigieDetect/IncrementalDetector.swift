import VigieCore

/// The detector as the live watcher drives it: mentions one by one as they are scored, and the clock's
/// time whenever the watcher looks.
///
/// It keeps the bucket in progress, closes buckets as time passes them (raising their alerts at their
/// ends), and in between looks for an early decision on the bucket in progress when the evidence is already
/// overwhelming. It holds no clock: every call says what time it is, so a replay gives the same alerts.
/// ``Backtest`` drives this same type, telling it the time at every negative mention: a watcher that calls
/// ``advance(to:)`` after each negative mention raises the backtest's alerts, at the same times (the backtest
/// counts the mentions of one second together).
///
/// ```swift
/// var watch = IncrementalDetector(brand: "acme")
/// for bucket in storedHistory { _ = watch.detector.close(bucket) }   // rebuild the state
/// watch.record(at: mention.published, score: mention.score, quote: quoted)
/// let alerts = watch.advance(to: clock.now)
/// ```
public struct IncrementalDetector: Sendable {
    /// The bucket-level detector; feed it the stored history before the first mention.
    public var detector: BrandDetector
    private var open: Bucket?

    /// Creates an incremental detector for `brand`.
    public init(brand: String, settings: DetectorSettings = DetectorSettings()) {
        detector = BrandDetector(brand: brand, settings: settings)
    }

    /// Continues from a detector whose state was rebuilt from the stored history.
    public init(resuming detector: BrandDetector) {
        self.detector = detector
    }

    /// The counts of the bucket in progress, if any mention arrived in it.
    public var openBucket: Bucket? { open }

    /// Adds one scored mention.
    ///
    /// A mention later than the bucket in progress first closes that bucket (and any empty ones after it);
    /// their alerts are returned. A mention older than the bucket in progress counts in it: a bucket
    /// already judged is never reopened.
    /// - Parameters:
    ///   - time: when the mention was published, in seconds since 1970 UTC.
    ///   - score: its compound sentiment score in [-1, 1].
    ///   - quote: how an alert would quote it (text, source, link, terms), when the caller has it.
    @discardableResult
    public mutating func record(at time: Int64, score: Double, quote: AlertMention? = nil) -> [Alert] {
        record(at: time, negative: score <= detector.settings.negativeThreshold, quote: quote)
    }

    /// Adds one mention already labelled negative or not (see ``record(at:score:quote:)``).
    @discardableResult
    public mutating func record(at time: Int64, negative: Bool, quote: AlertMention? = nil) -> [Alert] {
        let length = detector.settings.bucketSeconds
        let start = time.floorDivided(by: length) * length
        var alerts: [Alert] = []
        if let bucket = open, start > bucket.start {
            alerts = closeOpenBucket()
        }
        if open == nil {
            if let next = detector.nextBucketStart, next < start {
                // The hours that passed without a mention are judged now, so the bucket that opens is the
                // one the detector expects next and can be judged early.
                alerts += detector.close(Bucket(start: start - length, mentions: 0, negatives: 0))
            }
            let next = detector.nextBucketStart ?? start
            open = Bucket(start: max(start, next), mentions: 0, negatives: 0)
        }
        open!.mentions += 1
        if negative {
            open!.negatives += 1
            if let quote, detector.settings.evidenceMentions > 0 {
                open!.mostNegative.append(quote)
                open!.mostNegative.sort { $0.score < $1.score }
                if open!.mostNegative.count > detector.settings.evidenceMentions { open!.mostNegative.removeLast() }
            }
        }
        return alerts
    }

    /// Whether a mention published at `time` still counts when it arrives now: it does unless it is older
    /// than the bucket before the one in progress (that one's mentions count in the bucket in progress).
    /// A bucket already judged is never reopened, and a feed's backlog arriving at once must not look like
    /// a burst of the current hour.
    public func counts(at time: Int64) -> Bool {
        guard let current = open?.start ?? detector.nextBucketStart else { return true }
        return time >= current - detector.settings.bucketSeconds
    }

    /// Tells the detector the time: closes every bucket that ended by `now`, then looks for an early
    /// decision on the bucket in progress.
    /// - Returns: the alerts raised, in order.
    public mutating func advance(to now: Int64) -> [Alert] {
        var alerts = closeBuckets(endedBy: now)
        if let bucket = open, let early = detector.peek(bucket, now: now) {
            alerts.append(early)
        }
        return alerts
    }

    /// Closes every bucket that ended by `now` (their alerts are raised at their ends), without judging the
    /// bucket in progress: between two arrivals the evidence in it can only weaken.
    public mutating func closeBuckets(endedBy now: Int64) -> [Alert] {
        let length = detector.settings.bucketSeconds
        var alerts: [Alert] = []
        if let bucket = open, bucket.start + length <= now {
            alerts += closeOpenBucket()
        }
        // Buckets that passed with no mention at all.
        if let next = detector.nextBucketStart, open == nil {
            let current = now.floorDivided(by: length) * length
            if next < current {
                alerts += detector.close(Bucket(start: current - length, mentions: 0, negatives: 0))
            }
        }
        return alerts
    }

    private mutating func closeOpenBucket() -> [Alert] {
        guard let bucket = open else { return [] }
        open = nil
        return detector.close(bucket)
    }
}
