import Foundation
import Testing
import VigieCore
import VigieFetch
import VigieStore
import VigieTestSupport
import VigieWatch

/// A JSON Feed source, watched like any feed: from a file configured `kind: json`,
/// and from a server that says `application/feed+json`.
@Suite(.serialized, .timeLimit(.minutes(2))) struct JSONFeedWatchTests {
    static let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Acme blog", "home_page_url": "https://acme.example/",
         "items": [
           {"id": "j1", "url": "/posts/1", "title": "Acme is great, I love it", "date_published": "2024-05-06T08:00:00+02:00"},
           {"id": "j2", "url": "/posts/2", "content_text": "Lumio outage, a total disaster", "date_published": "2024-05-06T09:00:00Z"},
           {"id": "j3", "url": "/posts/3", "title": "weather"}
         ]}
        """

    @Test func aJSONFeedFileIsWatched() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("feed.json", Self.feed)
        let database = try VigieDatabase.inMemory()
        let source = SourceSettings(name: "json", url: file, kind: .json, interval: .seconds(900))
        let (watcher, fetcher) = try WatcherTests().watcher([source], database: database)
        let report = try await watcher.runOnce()
        #expect(report.fetched == 1)
        #expect(report.failed == 0)
        #expect(report.entries == 3)
        #expect(report.mentions == 2)
        let mentions = try database.mentions(MentionFilter())
        let acme = try #require(mentions.first { $0.brand == "Acme" })
        #expect(acme.label == .positive)
        #expect(acme.link == "https://acme.example/posts/1")
        let lumio = try #require(mentions.first { $0.brand == "Lumio" })
        #expect(lumio.label == .negative)
        try await fetcher.shutdown()
    }

    @Test func aServerSayingFeedJSONIsReadAsAJSONFeed() async throws {
        let body = Self.feed
        let server = try RawServer { connection in
            guard connection.readHead() != nil else { return }
            connection.write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/feed+json; charset=utf-8\r\n"
                    + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        }
        defer { server.stop() }
        let database = try VigieDatabase.inMemory()
        let url = try #require(URL(string: server.base + "/feed.json"))
        let (watcher, fetcher) = try WatcherTests().watcher([WatcherTests.source("loopback", url)], database: database)
        let report = try await watcher.runOnce()
        #expect(report.fetched == 1)
        #expect(report.entries == 3)
        #expect(report.mentions == 2)
        try await fetcher.shutdown()
    }

    @Test func aMalformedJSONFeedIsARecordedFailure() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("broken.json", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [")
        let database = try VigieDatabase.inMemory()
        let source = SourceSettings(name: "json", url: file, kind: .json, interval: .seconds(900))
        let (watcher, fetcher) = try WatcherTests().watcher([source], database: database)
        let report = try await watcher.runOnce()
        #expect(report.failed == 1)
        let state = try #require(try database.source(url: file.absoluteString))
        let error = try #require(state.lastError)
        #expect(error.contains("malformed JSON"), "\(error)")
        try await fetcher.shutdown()
    }
}
