import Foundation
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieScore
import VigieStore
import VigieTestSupport
import VigieWatch

/// What the watcher stores for brands whose names are ordinary words: the name is not praise,
/// the complaint is read as one.
@Suite(.dedicatedThread) struct BrandWordsWatchTests {
    static func feed(language: String, _ items: [(id: String, title: String)]) -> String {
        "<rss version=\"2.0\"><channel><title>t</title><link>https://social.example/</link><language>\(language)</language>"
            + items.map {
                "<item><guid>\($0.id)</guid><link>https://social.example/\($0.id)</link><title>\($0.title)</title><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate></item>"
            }.joined() + "</channel></rss>"
    }

    @Test func brandNamesAreNamesAndComplaintsAreNegative() async throws {
        let folder = try TemporaryFolder()
        let english = try folder.write(
            "en.xml",
            Self.feed(
                language: "en",
                [
                    ("1", "@united thank you, great crew today"),
                    ("2", "@united lost my bag again"),
                    ("3", "United Airlines flight 901 boards at gate 4"),
                ]))
        let french = try folder.write(
            "fr.xml",
            Self.feed(
                language: "fr",
                [("4", "Free a encore coupé ma box"), ("5", "Free : la fibre est arrivée dans mon village")]))
        let brands = [
            try Brand(name: "United", query: Query(parsing: #"@united OR "United Airlines""#)),
            try Brand(name: "Free", terms: [Term("Free")]),
        ]
        let settings = WatchSettings(
            sources: [WatcherTests.source("en", english), WatcherTests.source("fr", french)],
            matcher: Matcher(brands: brands), scorer: WatcherTests.scorer)
        let database = try VigieDatabase.inMemory()
        let fetcher = Fetcher(logger: WatcherTests.logger)
        let watcher = Watcher(settings: settings, database: database, fetcher: fetcher, logger: WatcherTests.logger)
        _ = try await watcher.runOnce()
        try await fetcher.shutdown()

        let mentions = try database.mentions(MentionFilter())
        func stored(_ title: String) throws -> MentionRow {
            try #require(mentions.first { $0.title == title }, "no mention stored for \(title)")
        }
        #expect(try stored("@united thank you, great crew today").label == .positive)
        let lost = try stored("@united lost my bag again")
        #expect(lost.label == .negative)
        #expect(lost.topTerms.contains("lost my bag"))
        #expect(lost.topTerms.contains("again"))
        // "united" (+1.8 in the English lexicon) is the brand's name here, not praise.
        #expect(try stored("United Airlines flight 901 boards at gate 4").label == .neutral)
        let cut = try stored("Free a encore coupé ma box")
        #expect(cut.brand == "Free")
        #expect(cut.label == .negative)
        #expect(cut.topTerms.contains("coupé"))
        #expect(try stored("Free : la fibre est arrivée dans mon village").label != .negative)
    }
}
