import Clocks
import Foundation
import Logging
import Testing
import VigieCore
import VigieMatch
import VigieScore
import VigieStore
import VigieTestSupport

@testable import VigieWatch

/// The retention stage: purges what is older than the period in paced batches, keeps the timeline, and
/// runs at the end of `runOnce`.
@Suite struct RetentionStageTests {
    static let logger: Logger = {
        var logger = Logger(label: "retention-test")
        logger.logLevel = .critical
        return logger
    }()
    static let period = Duration.seconds(5 * 86_400)

    @Test func aPurgeDeletesEverythingOlderInPacedBatchesAndKeepsTheTimeline() async throws {
        let database = try DetectionStageTests.database()
        let history = DetectionStageTests.history(days: 8, from: DetectionStageTests.start)
        try DetectionStageTests.record(history, into: database)
        let timeline = try database.timeline(MentionFilter(), bucket: .day)
        let now = DetectionStageTests.now
        let cutoff = now.addingTimeInterval(-5 * 86_400)
        let expired = history.filter { $0.entry.published! < cutoff }.count
        #expect(expired > 500 && expired < history.count)

        let clock = ImmediateClock()
        let started = clock.now
        let retention = Retention(
            database: database, settings: Retention.Settings(period: Self.period, batch: 100), logger: Self.logger,
            now: { now }, clock: clock)
        let report = try await retention.purge()

        #expect(report.cutoff == cutoff)
        #expect(report.entries == expired)
        #expect(report.mentions == expired)
        let batches = (expired + 99) / 100
        // One write per batch, one that finds nothing left, then the page reclaims; a pause after each
        // write that did something.
        #expect(report.writes >= batches + 1)
        #expect(started.duration(to: clock.now) >= Retention.Settings(period: Self.period).pause * batches)
        #expect(try database.mentions(MentionFilter()).count == history.count - expired)
        #expect(try database.timeline(MentionFilter(), bucket: .day) == timeline)

        let again = try await retention.purge()
        #expect(again.entries == 0 && again.mentions == 0)
    }

    @Test func aPassOfTheWatcherPurgesWhenRetentionIsSet() async throws {
        let folder = try TemporaryFolder()
        let database = try DetectionStageTests.database()
        try DetectionStageTests.record(
            DetectionStageTests.history(days: 8, from: DetectionStageTests.start), into: database)
        let file = try folder.write("empty.xml", "<rss version=\"2.0\"><channel><title>E</title></channel></rss>")
        let watch = WatchSettings(
            sources: [SourceSettings(name: "empty", url: file, kind: .auto, interval: .seconds(900))],
            matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]),
            scorer: try SentimentScorer(lexicons: LexiconLocator.locate()))
        let kept = Pipeline(
            settings: Pipeline.Settings(watch: watch), database: database, logger: Self.logger,
            clock: { DetectionStageTests.now })
        _ = try await kept.runOnce()
        #expect(try database.mentions(MentionFilter()).count == 8 * 24 * 10)

        let purging = Pipeline(
            settings: Pipeline.Settings(watch: watch, retention: Retention.Settings(period: Self.period)),
            database: database, logger: Self.logger, clock: { DetectionStageTests.now })
        _ = try await purging.runOnce()
        let left = try database.mentions(MentionFilter())
        #expect(!left.isEmpty)
        #expect(left.allSatisfy { $0.time >= DetectionStageTests.now.addingTimeInterval(-5 * 86_400) })
        #expect(try database.retentionHorizon() == DetectionStageTests.now.addingTimeInterval(-5 * 86_400))
    }

    @Test(arguments: [
        // A write over the target is halved, one under half of it doubled, up to the maximum; never under 1.
        (size: 2_048, took: Duration.seconds(22), next: 1_024),
        (64, .milliseconds(30), 128),
        (1_024, .milliseconds(50), 2_048),
        (2_048, .milliseconds(50), 2_048),
        (256, .milliseconds(150), 256),
        (1, .seconds(3), 1),
    ])
    func eachWriteIsSizedByHowLongTheLastOneTook(size: Int, took: Duration, next: Int) {
        #expect(Retention.nextSize(after: size, took: took, target: .milliseconds(200), maximum: 2_048) == next)
    }
}
