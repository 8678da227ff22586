import Foundation
import Logging
import Testing
import VigieConfig
import VigieCore
import VigieDetect
import VigieMatch
import VigieOutput
import VigieScore
import VigieStore
import VigieTestSupport
import VigieWatch

/// The whole pipeline over a real store and a feed file: what the watcher stores is handed to the
/// detector in the same pass, and the settings come from a configuration.
@Suite struct PipelineTests {
    static let logger: Logger = {
        var logger = Logger(label: "pipeline-test")
        logger.logLevel = .critical
        return logger
    }()

    /// An RSS feed of Acme news at the given times: `negative` ones report an outage.
    static func feed(_ items: [(id: String, time: Date, negative: Bool)]) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let body = items.map { item in
            let title = item.negative ? "Acme outage again, a total disaster" : "Acme opens a new shop"
            return "<item><guid>\(item.id)</guid><link>https://news.example/\(item.id)</link><title>\(title)</title>"
                + "<pubDate>\(format.string(from: item.time))</pubDate></item>"
        }
        return "<rss version=\"2.0\"><channel><title>News</title><link>https://news.example/</link>"
            + body.joined() + "</channel></rss>"
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [StoredAlert] = []
        func add(_ alert: StoredAlert) { lock.withLock { items.append(alert) } }
        var all: [StoredAlert] { lock.withLock { items } }
    }

    @Test func aWaveFetchedInOnePassIsJudgedInThatPass() async throws {
        let folder = try TemporaryFolder()
        // Eight ordinary days already stored, then a feed with the wave of the hour in progress.
        let database = try VigieDatabase.inMemory()
        try database.syncSources(
            [SourceDefinition(url: DetectionStageTests.source, name: "News", kind: "rss")],
            now: DetectionStageTests.start)
        try DetectionStageTests.record(
            DetectionStageTests.history(days: 8, from: DetectionStageTests.start), into: database)
        let hour = DetectionStageTests.start.addingTimeInterval(8 * 86_400)
        let wave = (0..<50).map { ("w\($0)", hour.addingTimeInterval(TimeInterval($0 * 20)), $0 % 5 != 0) }
        let file = try folder.write("news.xml", Self.feed(wave))

        let settings = Pipeline.Settings(
            watch: WatchSettings(
                sources: [SourceSettings(name: "wave", url: file, kind: .auto, interval: .seconds(900))],
                matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]),
                scorer: try SentimentScorer(lexicons: LexiconLocator.locate())))
        let collected = Collected()
        let pipeline = Pipeline(
            settings: settings, database: database, logger: Self.logger, clock: { DetectionStageTests.now },
            onAlert: { collected.add($0) })
        let report = try await pipeline.runOnce()

        #expect(report.mentions == 50)
        #expect(try database.mentions(MentionFilter(label: .negative, ids: [])).count >= 8 * 24 + 40)
        #expect(collected.all.map(\.kind) == [.negativeSpike])
        #expect(try database.alerts().map(\.kind) == [.negativeSpike])
    }

    @Test func settingsComeFromTheConfigurationAndAMissingSecretIsNamed() throws {
        let yaml = """
            storage:
              path: vigie.db
            brands:
              - name: United
                query: '@united OR "United Airlines"'
                timezone: America/Chicago
                lexicon:
                  great: 2
            sources:
              - name: news
                url: https://news.example/feed.xml
            alerts:
              sinks:
                - type: webhook
                  name: chat
                  url: https://hooks.example/abc
                  secret_env: VIGIE_TEST_PIPELINE_SECRET
              delivery:
                attempts: 3
              detector:
                false_alarm_probability: 1e-5
            """
        let configuration = try Configuration(yaml: yaml, baseDirectory: URL(fileURLWithPath: "/tmp"))
        let settings = try Pipeline.Settings(configuration, environment: ["VIGIE_TEST_PIPELINE_SECRET": "s3cret"])
        #expect(settings.webhooks.map(\.name) == ["chat"])
        #expect(settings.webhooks.first?.secret == "s3cret")
        #expect(settings.retry.attempts == 3)
        #expect(settings.detector.falseAlarmProbability == 1e-5)
        #expect(settings.brandTimeZones["United"] == TimeZone(identifier: "America/Chicago"))
        #expect(settings.watch.brandScorers.keys.sorted() == ["United"])
        #expect(settings.watch.sources.map(\.name) == ["news"])

        #expect {
            try Pipeline.Settings(configuration, environment: [:])
        } throws: { error in
            "\(error)".contains("VIGIE_TEST_PIPELINE_SECRET")
        }
    }
}
