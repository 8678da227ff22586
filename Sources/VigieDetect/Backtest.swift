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
    /// Each brand's mentions are fed to a ``MentionStream``, the code the live watcher runs, in the order
    /// they were stored (their `seen` times, else their publication times), and it is told the time at every
    /// arrival: buckets close at their ends (empty ones included), and an overwhelming wave is raised inside
    /// its bucket at the arrival that made it so. A watcher looking at any other moment would raise it at
    /// the same time or later: between two arrivals the evidence can only weaken (more time for the expected
    /// volume).
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

    /// One brand's alerts, its mentions replayed in the order they were stored (``MentionStream``): by
    /// their `seen` times when the history has them, else by publication time, those of one second together.
    private func replay(_ timeline: MentionHistory.Timeline) -> [Alert] {
        let times = timeline.times
        let seen = timeline.seenTimes.isEmpty ? times : timeline.seenTimes
        let flags = timeline.negativeFlags
        var order = Array(times.indices)
        let sorted = zip(order, order.dropFirst()).allSatisfy { (seen[$0], times[$0]) <= (seen[$1], times[$1]) }
        if !sorted { order.sort { (seen[$0], times[$0], $0) < (seen[$1], times[$1], $1) } }
        var stream = MentionStream(settings: settings, timeZones: timeZones)
        var alerts: [Alert] = []
        var group: [MentionStream.Arrival] = []
        var i = 0
        while i < order.count {
            let at = seen[order[i]]
            group.removeAll(keepingCapacity: true)
            while i < order.count, seen[order[i]] == at {
                let j = order[i]
                group.append(.init(brand: timeline.brand, time: times[j], negative: flags[j]))
                i += 1
            }
            alerts += stream.receive(brand: timeline.brand, group, at: at)
        }
        return alerts + stream.finish()
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
