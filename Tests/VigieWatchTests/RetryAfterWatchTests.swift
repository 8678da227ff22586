import Foundation
import Logging
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore
import VigieTestSupport
import VigieWatch

/// Issue 11, items 1 and 6, through the watcher's poll path: a server on
/// 127.0.0.1 answers what the test says, and the store shows what happened.
@Suite(.dedicatedThread, .serialized, .timeLimit(.minutes(2))) struct RetryAfterWatchTests {
    static let logger: Logger = {
        var logger = Logger(label: "watch-test")
        logger.logLevel = .critical
        return logger
    }()

    static let feed =
        "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>Acme news</title></item></channel></rss>"

    /// A server that answers every request with `response` (a whole HTTP/1.1 response), after `onRequest`.
    static func server(_ response: String, onRequest: @escaping @Sendable () -> Void = {}) throws -> RawServer {
        try RawServer { connection in
            guard connection.readHead() != nil else { return }
            onRequest()
            connection.write(response)
        }
    }

    static func watcher(
        url: String, database: VigieDatabase, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> (Watcher, Fetcher) {
        let source = SourceSettings(
            name: "loopback", url: try #require(URL(string: url)), kind: .auto, interval: .seconds(900))
        let settings = WatchSettings(
            sources: [source], matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]),
            scorer: WatcherTests.scorer)
        let fetcher = Fetcher(logger: logger)
        return (
            Watcher(settings: settings, database: database, fetcher: fetcher, logger: logger, clock: clock), fetcher
        )
    }

    @Test func aRetryAfterOfInt64MaxIsCappedNotACrash() async throws {
        let server = try Self.server(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 9223372036854775807\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        defer { server.stop() }
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try Self.watcher(url: server.base + "/feed", database: database)
        let report = try await watcher.runOnce()
        #expect(report.failed == 1)
        let state = try #require(try database.source(url: server.base + "/feed"))
        let error = try #require(state.lastError)
        #expect(error.contains("HTTP 429"), "\(error)")
        #expect(error.contains("asked to wait 292471208677 years"), "\(error)")
        #expect(error.contains("waiting 1 day (the cap)"), "\(error)")
        #expect(state.lastStatus == 429)
        // The next try is the capped wait after the fetch: a day (whole seconds in the store).
        let fetched = try #require(state.lastFetchAt)
        let next = try #require(state.nextPollAt)
        #expect(abs(next.timeIntervalSince(fetched) - 86_400) <= 1)
        try await fetcher.shutdown()
    }

    @Test func theNextPollCountsFromWhenTheFetchEnded() async throws {
        // The clock moves an hour forward while the server is answering: the
        // fetch ends an hour after the poll was queued.
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualClock(start)
        let response =
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(Self.feed.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + Self.feed
        let server = try Self.server(response) { clock.advance(by: 3_600) }
        defer { server.stop() }
        let database = try VigieDatabase.inMemory()
        let (watcher, fetcher) = try Self.watcher(url: server.base + "/feed", database: database, clock: clock.now)
        let report = try await watcher.runOnce()
        #expect(report.fetched == 1)
        let state = try #require(try database.source(url: server.base + "/feed"))
        let ended = start.addingTimeInterval(3_600)
        #expect(state.lastFetchAt == ended)
        // 15 minutes ± 10 % jitter after the fetch ended, not after it was queued.
        let next = try #require(state.nextPollAt).timeIntervalSince(ended)
        #expect(next >= 810 && next <= 991, "next poll \(next) s after the fetch ended")
        try await fetcher.shutdown()
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func advance(by seconds: TimeInterval) { lock.withLock { current.addTimeInterval(seconds) } }

    var now: @Sendable () -> Date { { self.lock.withLock { self.current } } }
}
