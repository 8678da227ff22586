import VigieCore

/// A mention history reduced to what the detector needs: for each brand, mentions and negatives per bucket.
///
/// Built by ``MentionCSVReader`` for `vigie backtest`, or by hand in tests. Rows may come in any order.
public struct MentionHistory: Sendable {
    /// One brand's buckets, dense from its first to its last bucket with data.
    public struct Timeline: Sendable {
        /// The brand.
        public var brand: String
        /// Index of the first bucket (its start divided by the bucket length).
        public var firstIndex: Int64
        /// Mentions per bucket, from `firstIndex` on.
        public var mentions: [Int32]
        /// Negative mentions per bucket, from `firstIndex` on.
        public var negatives: [Int32]
        /// Every mention's time (seconds since 1970 UTC), in the order added: the backtest replays them one
        /// by one, so an early decision inside a bucket is raised at the mention that tipped it.
        public var times: [Int64] = []
        /// Whether the mention at the same position in ``times`` is negative.
        public var negativeFlags: [Bool] = []
        /// When each mention of ``times`` was stored (the `seen` column), or empty when the history does not
        /// say: the replay then takes mentions in publication order.
        public var seenTimes: [Int64] = []

        /// The buckets in time order, ready for ``BrandDetector/close(_:)``.
        public func buckets(bucketSeconds: Int64) -> [Bucket] {
            mentions.indices.map { i in
                Bucket(
                    start: (firstIndex + Int64(i)) * bucketSeconds, mentions: Int(mentions[i]),
                    negatives: Int(negatives[i]))
            }
        }
    }

    /// The longest span one brand may cover, in buckets (a guard against a stray year in the input).
    public static let maximumSpanBuckets: Int64 = 2_000_000

    /// Bucket length in seconds.
    public let bucketSeconds: Int64
    /// A mention is negative when its score is at or under this value.
    public let negativeThreshold: Double
    /// The brands' timelines, in order of first appearance.
    public private(set) var timelines: [Timeline] = []
    /// How many mentions were added.
    public private(set) var count = 0
    private var brandIndex: [String: Int] = [:]

    /// Creates an empty history bucketed like `settings`.
    public init(settings: DetectorSettings = DetectorSettings()) {
        bucketSeconds = settings.bucketSeconds
        negativeThreshold = settings.negativeThreshold
    }

    /// The index of `brand`'s timeline, created when new.
    public mutating func timelineIndex(of brand: String) -> Int {
        if let index = brandIndex[brand] { return index }
        timelines.append(Timeline(brand: brand, firstIndex: 0, mentions: [], negatives: []))
        brandIndex[brand] = timelines.count - 1
        return timelines.count - 1
    }

    /// Adds one mention.
    /// - Returns: false when the time lies too far from the brand's other mentions
    ///   (``maximumSpanBuckets``); nothing is added then.
    /// - Parameter seen: when the watcher stored it (seconds since 1970 UTC), when known: the replay then
    ///   takes mentions in that order, at those times.
    @discardableResult
    public mutating func add(brand: String, time: Int64, score: Double, seen: Int64? = nil) -> Bool {
        add(timeline: timelineIndex(of: brand), time: time, negative: score <= negativeThreshold, seen: seen)
    }

    /// Adds one mention to the timeline at `timeline` (see ``timelineIndex(of:)``), stored at `seen` when the
    /// history says.
    @inline(__always)
    mutating func add(timeline t: Int, time: Int64, negative: Bool, seen: Int64? = nil) -> Bool {
        let index = time.floorDivided(by: bucketSeconds)
        var offset = index - timelines[t].firstIndex
        if timelines[t].mentions.isEmpty {
            timelines[t].firstIndex = index
            offset = 0
        } else if offset < 0 || offset >= Int64(timelines[t].mentions.count) {
            guard grow(timeline: t, toInclude: index) else { return false }
            offset = index - timelines[t].firstIndex
        }
        let i = Int(offset)
        if i >= timelines[t].mentions.count {
            let missing = i - timelines[t].mentions.count + 1
            timelines[t].mentions.append(contentsOf: repeatElement(0, count: missing))
            timelines[t].negatives.append(contentsOf: repeatElement(0, count: missing))
        }
        timelines[t].mentions[i] &+= 1
        if negative { timelines[t].negatives[i] &+= 1 }
        timelines[t].times.append(time)
        timelines[t].negativeFlags.append(negative)
        if let seen {
            if timelines[t].seenTimes.count < timelines[t].times.count - 1 {
                // The first mention with a store time: the earlier ones were stored when published.
                timelines[t].seenTimes +=
                    timelines[t].times[timelines[t].seenTimes.count..<(timelines[t].times.count - 1)]
            }
            timelines[t].seenTimes.append(seen)
        } else if !timelines[t].seenTimes.isEmpty {
            timelines[t].seenTimes.append(time)
        }
        count += 1
        return true
    }

    /// Moves the mention at `position` of timeline `t` to another time (a copy of its story published
    /// earlier): it leaves its bucket for the new one. - Returns: false when the time lies too far.
    mutating func move(timeline t: Int, position: Int, to time: Int64, negative: Bool, seen: Int64?) -> Bool {
        let old = timelines[t].times[position].floorDivided(by: bucketSeconds) - timelines[t].firstIndex
        timelines[t].mentions[Int(old)] &-= 1
        if timelines[t].negativeFlags[position] { timelines[t].negatives[Int(old)] &-= 1 }
        let index = time.floorDivided(by: bucketSeconds)
        if index < timelines[t].firstIndex {
            guard grow(timeline: t, toInclude: index) else { return false }
        }
        let i = Int(index - timelines[t].firstIndex)
        timelines[t].mentions[i] &+= 1
        if negative { timelines[t].negatives[i] &+= 1 }
        timelines[t].times[position] = time
        timelines[t].negativeFlags[position] = negative
        if !timelines[t].seenTimes.isEmpty { timelines[t].seenTimes[position] = seen ?? time }
        return true
    }

    private mutating func grow(timeline t: Int, toInclude index: Int64) -> Bool {
        let first = timelines[t].firstIndex
        let last = first + Int64(timelines[t].mentions.count) - 1
        guard max(last, index) - min(first, index) < Self.maximumSpanBuckets else { return false }
        if index < first {
            let extra = Int(first - index)
            timelines[t].mentions.insert(contentsOf: repeatElement(0, count: extra), at: 0)
            timelines[t].negatives.insert(contentsOf: repeatElement(0, count: extra), at: 0)
            timelines[t].firstIndex = index
        }
        return true
    }
}
