import VigieCore
import VigieFetch
import VigieMatch
import VigieScore

/// Everything the watcher needs, already read and checked (the `vigie`
/// command builds it from vigie.yaml; the watcher never reads a file path).
public struct WatchSettings: Sendable {
    /// The sources to poll, in configuration order.
    public var sources: [SourceSettings]
    /// The brands' compiled queries.
    public var matcher: Matcher
    /// The scorer for brands without a lexicon of their own.
    public var scorer: SentimentScorer
    /// Scorers for brands that add words of their own, by brand name.
    public var brandScorers: [String: SentimentScorer]
    /// Backoff and jitter.
    public var schedule: PollSchedule
    /// Longest sleep between two looks at the schedule (keeps the progress
    /// line and shutdown prompt even when every source polls hourly).
    public var maximumIdle: Duration

    public init(
        sources: [SourceSettings], matcher: Matcher, scorer: SentimentScorer,
        brandScorers: [String: SentimentScorer] = [:], schedule: PollSchedule = PollSchedule(),
        maximumIdle: Duration = .seconds(60)
    ) {
        self.sources = sources
        self.matcher = matcher
        self.scorer = scorer
        self.brandScorers = brandScorers
        self.schedule = schedule
        self.maximumIdle = maximumIdle
    }
}
