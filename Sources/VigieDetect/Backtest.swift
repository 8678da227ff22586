import Foundation
import VigieCore

/// Replays a mention history through the detector, brand by brand, as a live watcher would have seen it.
public struct Backtest: Sendable {
    /// The settings every brand's detector uses.
    public var settings: DetectorSettings
    /// Brands whose days and weeks are in another time zone than `settings.timeZone`.
    public var timeZones: [String: TimeZone]

    /// Creates a backtest with these settings.
    public init(settings: DetectorSettings = DetectorSettings(), timeZones: [String: TimeZone] = [:]) {
        self.settings = settings
        self.timeZones = timeZones
    }

    /// Every alert the history raises, ordered by the time it was raised, then by brand.
    ///
    /// Each brand's mentions are fed in time order to an ``IncrementalDetector``, the code the live watcher
    /// runs, which is told the time at every negative mention: buckets close at their ends (empty ones
    /// included), and an overwhelming wave is raised inside its bucket at the mention that made it so. A
    /// watcher looking at any other moment would raise it at the same time or later: between two negative
    /// mentions the evidence can only weaken (more mentions, or more time for the expected volume).
    public func run(_ history: MentionHistory) -> [Alert] {
        precondition(history.bucketSeconds == settings.bucketSeconds, "history bucketed with other settings")
        var alerts: [Alert] = []
        for timeline in history.timelines {
            alerts += replay(timeline)
        }
        return alerts.sorted { a, b in
            if a.raisedAt != b.raisedAt { return a.raisedAt < b.raisedAt }
            if a.brand != b.brand { return a.brand < b.brand }
            return a.kind.order < b.kind.order
        }
    }

    /// One brand's alerts, its mentions replayed in time order.
    private func replay(_ timeline: MentionHistory.Timeline) -> [Alert] {
        let times = timeline.times
        let flags = timeline.negativeFlags
        var order: [Int]?
        if zip(times, times.dropFirst()).contains(where: { $0 > $1 }) {
            order = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        }
        var live = IncrementalDetector(
            brand: timeline.brand, settings: settings.forBrand(timeline.brand, timeZones: timeZones))
        var alerts: [Alert] = []
        var i = 0
        while i < times.count {
            let time = times[order?[i] ?? i]
            var negative = false
            // Every mention of the same second arrives together.
            while i < times.count, times[order?[i] ?? i] == time {
                let flag = flags[order?[i] ?? i]
                alerts += live.record(at: time, negative: flag)
                negative = negative || flag
                i += 1
            }
            if negative { alerts += live.advance(to: time) }
        }
        if let open = live.openBucket {
            alerts += live.advance(to: open.start + settings.bucketSeconds)
        }
        return alerts
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
