import Foundation
import Logging
import Testing
import VigieCore
import VigieDetect
import VigieStore
import VigieWatch

/// The watcher's alerts are what `vigie backtest` raises on the stored history with each mention's store
/// time: same keys, same `raised_at`, same counts, late arrivals included.
@Suite struct LiveReplayTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Date
        init(_ date: Date) { value = date }
        var now: Date { lock.withLock { value } }
        func set(_ date: Date) { lock.withLock { value = date } }
    }

    static let source = "https://news.example/feed"
    /// Monday 2026-01-05T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_767_571_200)

    static func entry(_ id: String, at time: Date, negative: Bool) -> ScoredEntry {
        let score = negative ? -0.7 : 0.2
        return ScoredEntry(
            entry: FeedEntry(id: id, title: "Acme \(id)", published: time, text: "Acme \(id)"),
            mentions: [
                BrandMention(
                    brand: "Acme", matchedTerms: ["acme"],
                    sentiment: Sentiment(
                        language: .english, score: score, label: negative ? .negative : .positive, positive: 0.5,
                        negative: negative ? 0.8 : 0.1, neutral: 0.1))
            ])
    }

    @Test func theLiveAlertsAreTheReplayOfTheStoredHistory() async throws {
        let database = try VigieDatabase.inMemory()
        try database.syncSources([SourceDefinition(url: Self.source, name: "News", kind: "rss")], now: Self.start)
        let clock = Clock(Self.start)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let live = DetectionStage(
            database: database, settings: DetectorSettings(), sinks: [], logger: logger, clock: { clock.now })
        _ = try await live.catchUp()

        // A fetch every 20 minutes for nine days; each brings what was published since the last one, and on
        // the ninth day a wave, part of which arrives one fetch late (published before the previous fetch).
        var published: [(Date, Bool)] = []
        for minute in stride(from: 0, to: 9 * 24 * 60, by: 6) {
            let time = Self.start.addingTimeInterval(TimeInterval(minute * 60 + 7))
            published.append((time, minute % 60 == 0))
        }
        let waveStart = Self.start.addingTimeInterval(8 * 86_400 + 10 * 3600 + 50 * 60)
        for index in 0..<36 {
            published.append((waveStart.addingTimeInterval(TimeInterval(index * 40)), index % 6 != 0))
        }
        published.sort { $0.0 < $1.0 }
        var next = 0
        var fetch = 0
        for tick in stride(from: 1_200.0, through: 9 * 86_400.0, by: 1_200) {
            let now = Self.start.addingTimeInterval(tick)
            // Between fetches, the stage's clock ticks (closing the hours that ended).
            clock.set(now.addingTimeInterval(-600))
            _ = try await live.tick()
            clock.set(now)
            var entries: [ScoredEntry] = []
            while next < published.count, published[next].0 <= now {
                // Every fifth fetch misses the entries of its last five minutes: they come with the next one.
                if fetch % 5 == 0 && published[next].0 > now.addingTimeInterval(-300) { break }
                entries.append(Self.entry("e\(next)", at: published[next].0, negative: published[next].1))
                next += 1
            }
            let stored = try database.record(
                FetchRecord(
                    sourceURL: Self.source, fetchedAt: now, outcome: .fetched(status: 200),
                    nextPollAt: now.addingTimeInterval(1_200), entries: entries))
            _ = try await live.receive(stored.mentionIDs)
            fetch += 1
        }
        struct Raised: Hashable, Comparable {
            var brand: String, kind: String, bucket: Int64, raisedAt: Int64, mentions: Int, negatives: Int
            static func < (a: Raised, b: Raised) -> Bool { (a.bucket, a.kind) < (b.bucket, b.kind) }
        }
        let liveAlerts = try database.alerts().map {
            Raised(
                brand: $0.brand, kind: $0.kind.rawValue, bucket: Int64($0.bucketStart.timeIntervalSince1970),
                raisedAt: Int64($0.raisedAt.timeIntervalSince1970), mentions: $0.count, negatives: $0.negativeCount)
        }.sorted()
        #expect(liveAlerts.contains { $0.kind == AlertKind.negativeSpike.rawValue })

        // The replay: the stored mentions with their store times, as `vigie mentions --format csv` writes them.
        var history = MentionHistory()
        try database.forEachMention(MentionFilter()) { row in
            history.add(
                brand: row.brand, time: Int64(row.time.timeIntervalSince1970),
                score: row.score, seen: Int64(row.firstSeenAt.timeIntervalSince1970))
        }
        let replayed = Backtest().run(history).map {
            Raised(
                brand: $0.brand, kind: $0.kind.rawValue, bucket: $0.bucketStart, raisedAt: $0.raisedAt,
                mentions: $0.evidence.mentions, negatives: $0.evidence.negatives)
        }.sorted()
        #expect(replayed == liveAlerts)
    }
}
