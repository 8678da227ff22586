import Foundation
import Logging
import Testing
import VigieCore
import VigieDetect
import VigieStore
import VigieWatch

/// Live detection over a real store: the state rebuilt on start, new mentions fed as they are stored,
/// alerts stored once with their deliveries.
@Suite struct DetectionStageTests {
    /// Monday 2026-01-05T00:00:00Z: eight days of history start here.
    static let start = Date(timeIntervalSince1970: 1_767_571_200)
    static let source = "https://news.example/feed"
    /// Twenty minutes into the hour after the eight days of history.
    static let now = start.addingTimeInterval(8 * 86_400 + 20 * 60)

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [StoredAlert] = []
        func add(_ alert: StoredAlert) { lock.withLock { items.append(alert) } }
        var all: [StoredAlert] { lock.withLock { items } }
    }

    static func entry(_ id: String, at time: Date, negative: Bool) -> ScoredEntry {
        let score = negative ? -0.7 : 0.1
        let sentiment = Sentiment(
            language: .french, score: score, label: negative ? .negative : .neutral, positive: 0.1,
            negative: negative ? 0.8 : 0.1, neutral: negative ? 0.1 : 0.8)
        return ScoredEntry(
            entry: FeedEntry(
                id: id, title: "Acme \(id)", link: "https://news.example/\(id)", published: time, updated: nil,
                text: negative ? "Acme \(id) : panne générale, clients furieux" : "Acme \(id) : nouvelle boutique"),
            mentions: [
                BrandMention(
                    brand: "Acme", matchedTerms: ["acme"], sentiment: sentiment, topTerms: negative ? ["panne"] : [])
            ])
    }

    /// Ten mentions an hour, one of them negative, for `days` days from `from`.
    static func history(days: Int, from: Date, prefix: String = "h") -> [ScoredEntry] {
        var entries: [ScoredEntry] = []
        for hour in 0..<(days * 24) {
            for index in 0..<10 {
                let time = from.addingTimeInterval(TimeInterval(hour * 3_600 + index * 300))
                entries.append(entry("\(prefix)\(hour)-\(index)", at: time, negative: index == 0))
            }
        }
        return entries
    }

    /// Forty negative mentions and ten neutral ones in the first twenty minutes of the hour in progress.
    static func wave() -> [ScoredEntry] {
        let hour = start.addingTimeInterval(8 * 86_400)
        return (0..<50).map { index in
            entry("w\(index)", at: hour.addingTimeInterval(TimeInterval(index * 20)), negative: index % 5 != 0)
        }
    }

    /// Stores `entries` as one fetch; returns the ids of the mentions stored (what the pipeline hands over).
    @discardableResult
    static func record(_ entries: [ScoredEntry], into database: VigieDatabase) throws -> [Int64] {
        try database.record(
            FetchRecord(
                sourceURL: source, fetchedAt: now, outcome: .fetched(status: 200), nextPollAt: now + 900,
                entries: entries)
        ).mentionIDs
    }

    static func database() throws -> VigieDatabase {
        let database = try VigieDatabase.inMemory()
        try database.syncSources([SourceDefinition(url: source, name: "News", kind: "rss")], now: start)
        return database
    }

    static func live(
        _ database: VigieDatabase, settings: DetectorSettings = DetectorSettings(), collected: Collected = Collected()
    ) -> DetectionStage {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return DetectionStage(
            database: database, settings: settings, sinks: ["hook"], logger: logger, clock: { now },
            onAlert: { collected.add($0) })
    }

    @Test func aWaveInTheHourInProgressIsRaisedEarlyStoredAndQueuedOnce() async throws {
        let database = try Self.database()
        try Self.record(Self.history(days: 8, from: Self.start) + Self.wave(), into: database)
        let collected = Collected()
        let alerts = try await Self.live(database, collected: collected).catchUp()
        let spike = try #require(alerts.first { $0.kind == .negativeSpike })
        #expect(spike.brand == "Acme")
        // Early: well before the hour is out, as soon as the wave had enough negatives.
        #expect(spike.raisedAt <= Self.now)
        #expect(spike.negativeCount >= DetectorSettings().minimumNegatives)
        #expect(spike.explanation.contains("panne"))
        #expect(collected.all.map(\.kind).contains(.negativeSpike))
        #expect(try database.deliveries().filter { $0.alert.kind == .negativeSpike }.map(\.sink) == ["hook"])

        // A restart rebuilds the same state: nothing is stored or queued again.
        let again = try await Self.live(database).catchUp()
        #expect(again.isEmpty)
        #expect(try database.deliveries().count == alerts.count)
    }

    @Test func mentionsStoredAfterTheStartAreFedAsTheyCome() async throws {
        let database = try Self.database()
        try Self.record(Self.history(days: 8, from: Self.start), into: database)
        let live = Self.live(database)
        #expect(try await live.catchUp().isEmpty)  // a normal week: nothing
        let wave = try Self.record(Self.wave(), into: database)
        let alerts = try await live.receive(wave)
        #expect(alerts.map(\.kind) == [.negativeSpike])
        #expect(try database.deliveries().count == 1)
    }

    @Test func oldEntriesStoredLateAreLearntAsHistoryNotCountedInTheHourInProgress() async throws {
        let database = try Self.database()
        // One day, then the seven days before it arrive late (a new feed with a long history).
        try Self.record(Self.history(days: 1, from: Self.start.addingTimeInterval(7 * 86_400)), into: database)
        // A short warm-up, so that one day is enough for the detector to judge.
        var settings = DetectorSettings()
        settings.warmupBuckets = 12
        let live = Self.live(database, settings: settings)
        #expect(try await live.catchUp().isEmpty)
        let old = try Self.record(Self.history(days: 7, from: Self.start, prefix: "old"), into: database)
        // 168 negatives stored at once: fed into the hour in progress they would look like a wave.
        #expect(try await live.receive(old).isEmpty)
        #expect(try database.alerts().isEmpty)
        // And the rebuilt state is warm: a wave now is caught.
        let wave = try Self.record(Self.wave(), into: database)
        #expect(try await live.receive(wave).map(\.kind) == [.negativeSpike])
    }

    @Test func mentionsHandedOverAgainAfterARebuildAreNotCountedTwice() async throws {
        let database = try Self.database()
        try Self.record(Self.history(days: 8, from: Self.start), into: database)
        // Half the wave is stored before the stage starts (a fetch committed while it caught up)…
        let wave = Self.wave()
        let first = try Self.record(Array(wave.prefix(20)), into: database)
        let live = Self.live(database)
        _ = try await live.catchUp()
        // … and is handed over after: already counted by the rebuild, it must not count again.
        _ = try await live.receive(first)
        let second = try Self.record(Array(wave.suffix(30)), into: database)
        _ = try await live.receive(second)
        let fresh = Self.live(database)
        _ = try await fresh.catchUp()
        // The same counts as a stage that read everything at once: the stored alerts do not depend on
        // how the mentions were handed over.
        let alerts = try database.alerts()
        #expect(alerts.filter { $0.kind == .negativeSpike }.count == 1)
        let spike = try #require(alerts.first { $0.kind == .negativeSpike })
        #expect(spike.count <= 50)
        #expect(spike.negativeCount <= 40)
    }

    @Test func aTickClosesTheHourWhenNothingIsPublished() async throws {
        let database = try Self.database()
        try Self.record(Self.history(days: 8, from: Self.start) + Self.wave(), into: database)
        final class Now: @unchecked Sendable {
            private let lock = NSLock()
            private var value = DetectionStageTests.now
            var date: Date { lock.withLock { value } }
            func set(_ date: Date) { lock.withLock { value = date } }
        }
        // The clock at the very start of the wave's hour: nothing of that hour can be judged yet.
        let now = Now()
        now.set(Self.start.addingTimeInterval(8 * 86_400))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let live = DetectionStage(
            database: database, settings: DetectorSettings(), sinks: [], logger: logger, clock: { now.date })
        #expect(try await live.catchUp().isEmpty)
        #expect(try await live.tick().isEmpty)
        // The hour ends with no new mention: the tick judges it.
        now.set(Self.start.addingTimeInterval(8 * 86_400 + 3_600))
        let alerts = try await live.tick()
        #expect(alerts.map(\.kind) == [.negativeSpike])
        #expect(alerts.first?.raisedAt == Self.start.addingTimeInterval(8 * 86_400 + 3_600))
    }
}
