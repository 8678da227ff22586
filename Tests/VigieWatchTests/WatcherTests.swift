import Foundation
import Logging
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieScore
import VigieStore
import VigieTestSupport
import VigieWatch

@Suite(.dedicatedThread) struct WatcherTests {
    static let logger: Logger = {
        var logger = Logger(label: "watch-test")
        logger.logLevel = .critical
        return logger
    }()

    static let scorer: SentimentScorer = {
        try! SentimentScorer(lexicons: LexiconLocator.locate())
    }()

    static func feed(_ items: [(id: String, title: String)]) -> String {
        "<rss version=\"2.0\"><channel><title>t</title><link>https://news.example/</link>"
            + items.map {
                "<item><guid>\($0.id)</guid><link>https://news.example/\($0.id)</link><title>\($0.title)</title><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate></item>"
            }.joined() + "</channel></rss>"
    }

    func watcher(_ sources: [SourceSettings], database: VigieDatabase) throws -> (Watcher, Fetcher) {
        let brands = [
            try Brand(name: "Acme", terms: [Term("Acme")]), try Brand(name: "Lumio", terms: [Term("Lumio")]),
        ]
        let settings = WatchSettings(sources: sources, matcher: Matcher(brands: brands), scorer: Self.scorer)
        let fetcher = Fetcher(logger: Self.logger)
        return (Watcher(settings: settings, database: database, fetcher: fetcher, logger: Self.logger), fetcher)
    }

    static func source(_ name: String, _ url: URL) -> SourceSettings {
        SourceSettings(name: name, url: url, kind: .auto, interval: .seconds(900))
    }

    @Test func aPassStoresScoredMentionsAndTheNextIsNotModified() async throws {
        let folder = try TemporaryFolder()
        let one = try folder.write(
            "one.xml",
            Self.feed([("1", "Acme is great, I love it"), ("2", "Lumio outage, a total disaster"), ("3", "weather")]))
        let two = try folder.write("two.xml", Self.feed([("9", "Acme and Lumio sign a deal")]))
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try watcher([Self.source("one", one), Self.source("two", two)], database: database)
        let first = try await watcher.runOnce()
        #expect(first.fetched == 2)
        #expect(first.entries == 4)
        #expect(first.mentions == 4)
        let mentions = try database.mentions(MentionFilter())
        #expect(mentions.count == 4)
        let acme = try #require(mentions.first { $0.brand == "Acme" && $0.title?.hasPrefix("Acme is great") == true })
        #expect(acme.label == .positive)
        let lumio = try #require(mentions.first { $0.brand == "Lumio" && $0.title?.contains("outage") == true })
        #expect(lumio.label == .negative)
        #expect(!lumio.topTerms.isEmpty)

        let second = try await watcher.runOnce()
        #expect(second.notModified == 2)
        #expect(second.mentions == 0)
        #expect(try database.mentions(MentionFilter()).count == 4)
        try await fetcher.shutdown()
    }

    @Test func aFailingSourceIsRecordedAndRecovers() async throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.xml", Self.feed([("1", "Acme news")]))
        let missing = folder.url.appendingPathComponent("later.xml")
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try watcher(
            [Self.source("good", good), Self.source("later", missing)], database: database)
        let first = try await watcher.runOnce()
        #expect(first.failed == 1)
        #expect(first.fetched == 1)
        let failing = try #require(try database.source(url: missing.absoluteString))
        #expect(failing.consecutiveFailures == 1)
        #expect(failing.lastError?.contains("no such file") == true)
        let nextTry = try #require(failing.nextPollAt)
        #expect(nextTry > Date())

        // Garbage is a failure too, with the parser's reason.
        _ = try folder.write("later.xml", "\u{1}\u{2} not a feed at all")
        _ = try await watcher.runOnce()
        #expect(try database.source(url: missing.absoluteString)?.consecutiveFailures == 2)
        #expect(try database.source(url: missing.absoluteString)?.lastError?.contains("unreadable document") == true)

        // Fixed: the source recovers and its mentions arrive.
        _ = try folder.write("later.xml", Self.feed([("7", "Lumio is back")]))
        let third = try await watcher.runOnce()
        #expect(third.failed == 0)
        let recovered = try #require(try database.source(url: missing.absoluteString))
        #expect(recovered.consecutiveFailures == 0)
        #expect(try database.mentions(MentionFilter(brands: ["Lumio"])).count == 1)
        try await fetcher.shutdown()
    }

    @Test func theSameStoryInTwoFeedsCountsOnce() async throws {
        let folder = try TemporaryFolder()
        let item =
            "<item><link>https://news.example/story?utm_source=a</link><title>Acme recalls a kettle</title></item>"
        let copy =
            "<item><link>https://news.example/story?utm_source=b&amp;utm_medium=rss</link><title>Acme recalls a kettle</title></item>"
        let a = try folder.write("a.xml", "<rss version=\"2.0\"><channel>\(item)</channel></rss>")
        let b = try folder.write("b.xml", "<rss version=\"2.0\"><channel>\(copy)</channel></rss>")
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try watcher([Self.source("a", a), Self.source("b", b)], database: database)
        let report = try await watcher.runOnce()
        #expect(report.duplicates == 1)
        #expect(try database.mentions(MentionFilter()).count == 1)
        try await fetcher.shutdown()
    }

    @Test func aChangedFeedOnlyAddsItsNewEntries() async throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("f.xml", Self.feed([("1", "Acme one"), ("2", "Acme two")]))
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try watcher([Self.source("f", url)], database: database)
        _ = try await watcher.runOnce()
        // Rewritten at once (within the same second): still seen as changed.
        _ = try folder.write("f.xml", Self.feed([("1", "Acme one"), ("2", "Acme two"), ("3", "Acme three")]))
        let report = try await watcher.runOnce()
        #expect(report.fetched == 1)
        #expect(report.entries == 3)
        #expect(report.newEntries == 1)
        #expect(report.duplicates == 2)
        #expect(try database.mentions(MentionFilter()).count == 3)
        try await fetcher.shutdown()
    }

    @Test func aSourcesBrandFilterIsHonoured() async throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("f.xml", Self.feed([("1", "Acme and Lumio")]))
        var source = Self.source("only-lumio", url)
        source.brands = ["Lumio"]
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try watcher([source], database: database)
        _ = try await watcher.runOnce()
        #expect(try database.mentions(MentionFilter()).map(\.brand) == ["Lumio"])
        try await fetcher.shutdown()
    }
}
