/// Replays a mention history through the detector, brand by brand, as a live watcher would have seen it.
public struct Backtest: Sendable {
    /// The settings every brand's detector uses.
    public var settings: DetectorSettings

    /// Creates a backtest with these settings.
    public init(settings: DetectorSettings = DetectorSettings()) {
        self.settings = settings
    }

    /// Every alert the history raises, ordered by the time it was raised, then by brand.
    ///
    /// Each brand's buckets are closed in order from its first mention to its last, empty ones included, so the
    /// decisions are those of a watcher that saw the same mentions arrive.
    public func run(_ history: MentionHistory) -> [Alert] {
        precondition(history.bucketSeconds == settings.bucketSeconds, "history bucketed with other settings")
        var alerts: [Alert] = []
        for timeline in history.timelines {
            var detector = BrandDetector(brand: timeline.brand, settings: settings)
            for i in timeline.mentions.indices {
                let bucket = Bucket(
                    start: (timeline.firstIndex + Int64(i)) * settings.bucketSeconds,
                    mentions: Int(timeline.mentions[i]), negatives: Int(timeline.negatives[i]))
                alerts += detector.close(bucket)
            }
        }
        return alerts.sorted { a, b in
            if a.raisedAt != b.raisedAt { return a.raisedAt < b.raisedAt }
            if a.brand != b.brand { return a.brand < b.brand }
            return a.kind.order < b.kind.order
        }
    }
}

extension Alert.Kind {
    /// Order within one bucket: a spike before its escalation before a resolution.
    var order: Int {
        switch self {
        case .negativeSpike: 0
        case .escalation: 1
        case .resolved: 2
        }
    }
}
