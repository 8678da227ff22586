import Clocks
import Foundation
import Logging
import Synchronization
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore
import VigieTestSupport
import VigieWatch

/// Issue 20, item 1, through the watcher and real HTTP on loopback: a source whose server never answers
/// (host `localhost`) does not delay a source on another host (`127.0.0.1`). Time is a `TestClock` the
/// test advances; the hung exchange is given an hour of deadline, so only cancellation ends it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HungSourceWatchTests {
    static let feed =
        "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>Acme news</title></item></channel></rss>"

    @Test func aHungSourceDoesNotDelayAnotherHostAndCancellingEndsIt() async throws {
        let release = Counter()
        let hung = try RawServer { connection in
            guard connection.readHead() != nil else { return }
            while release.value == 0 { usleep(10_000) }
        }
        let healthyRequests = Counter()
        let healthy = try RawServer { connection in
            guard connection.readHead() != nil else { return }
            healthyRequests.add()
            let body = Self.feed
            connection.write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(body)")
        }
        defer {
            release.add()
            hung.stop()
            healthy.stop()
        }
        let hungURL = "http://localhost:\(hung.port)/feed"
        let healthyURL = healthy.base + "/feed"
        let clock = TestClock<Duration>()
        let now: @Sendable () -> Date = {
            let elapsed = TestClock<Duration>.Instant().duration(to: clock.now).components
            return Date(
                timeIntervalSince1970: 1_800_000_000 + Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        }
        let settings = WatchSettings(
            sources: [
                SourceSettings(name: "hung", url: URL(string: hungURL)!, kind: .auto, interval: .seconds(30)),
                SourceSettings(name: "healthy", url: URL(string: healthyURL)!, kind: .auto, interval: .seconds(30)),
            ],
            matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]), scorer: WatcherTests.scorer,
            schedule: PollSchedule(jitter: 0))
        let fetcher = Fetcher(
            policy: FetchPolicy(readTimeout: .seconds(3600), totalTimeout: .seconds(3600), minimumTransferRate: nil),
            logger: WatcherTests.logger)
        let database = try VigieDatabase.inMemory()
        let watcher = Watcher(
            settings: settings, database: database, fetcher: fetcher, logger: WatcherTests.logger, clock: now,
            timer: clock)
        let task = Task { try await watcher.run() }

        try await eventually("the hung source requested") { hung.connectionCount == 1 }
        for round in 0...5 {
            // The fetch is stored (its next time counted from now) before time moves.
            let at = Date(timeIntervalSince1970: 1_800_000_000 + Double(round) * 30)
            // A sleep that started after the advance waits for the next one on a `TestClock`: nudge it.
            for _ in 0..<6_000 {
                if try database.source(url: healthyURL)?.lastFetchAt == at { break }
                await clock.advance(by: .zero)
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(
                try database.source(url: healthyURL)?.lastFetchAt == at, "the healthy source fetched at \(round * 30) s"
            )
            if round < 5 { await clock.advance(by: .seconds(30)) }
        }
        #expect(healthyRequests.value == 6)
        let state = try #require(try database.source(url: healthyURL))
        // Polled every 30 s to the second: the fifth time at 150 s.
        #expect(state.lastFetchAt == Date(timeIntervalSince1970: 1_800_000_150))
        #expect(hung.connectionCount == 1)

        // Stopping cancels the hung exchange: the watcher returns while the server still holds the request,
        // and the hung source is left due (not counted as failing).
        task.cancel()
        try await task.value
        let left = try #require(try database.source(url: hungURL))
        #expect(left.consecutiveFailures == 0)
        #expect(left.lastFetchAt == nil)
        #expect(release.value == 0)
        try await fetcher.shutdown()
    }

}

/// A count shared with a server's handler threads.
private final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
