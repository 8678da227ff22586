import Foundation
import Logging
import Testing
import VigieFetch
import VigieTestSupport

@Suite(.dedicatedThread, .serialized) struct FetcherTests {
    static var logger: Logger {
        var logger = Logger(label: "fetch-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` with a fresh server and fetcher.
    func withFetcher(
        _ policy: FetchPolicy = FetchPolicy(), _ body: @Sendable (TestServer, Fetcher, String) async throws -> Void
    ) async throws {
        let server = TestServer()
        let fetcher = Fetcher(policy: policy, logger: Self.logger)
        try await server.run { base in try await body(server, fetcher, base) }
        try await fetcher.shutdown()
    }

    func expectError(_ kind: FetchError.Kind, _ work: () async throws(FetchError) -> FetchResponse) async -> FetchError?
    {
        do {
            let response = try await work()
            Issue.record("expected \(kind), got \(response)")
            return nil
        } catch {
            #expect(error.kind == kind, "\(error.message)")
            return error
        }
    }

    @Test func etagGivesA304TheSecondTime() async throws {
        try await withFetcher { server, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/etag")) else {
                Issue.record("first fetch should bring a body")
                return
            }
            #expect(body.etag == "\"v1\"")
            #expect(body.charset == "utf-8")
            #expect(String(decoding: body.bytes, as: UTF8.self) == TestServer.feed)
            let again = try await fetcher.fetch(FetchRequest(url: base + "/etag", etag: body.etag))
            #expect(again == .notModified)
            #expect(server.hitCount("/etag") == 2)
        }
    }

    @Test func lastModifiedGivesA304() async throws {
        try await withFetcher { _, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/lastmod")) else {
                Issue.record("first fetch should bring a body")
                return
            }
            let again = try await fetcher.fetch(FetchRequest(url: base + "/lastmod", lastModified: body.lastModified))
            #expect(again == .notModified)
        }
    }

    @Test func serverErrorIsReportedWithItsStatus() async throws {
        try await withFetcher { _, fetcher, base in
            let error = await expectError(.httpStatus) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/error500"))
            }
            #expect(error?.status == 500)
            #expect(error?.message.contains("500") == true)
        }
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        try await withFetcher { _, fetcher, base in
            let error = await expectError(.rateLimited) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/ratelimit"))
            }
            #expect(error?.retryAfter == .seconds(120))
        }
    }

    @Test func slowServerTimesOut() async throws {
        let policy = FetchPolicy(readTimeout: .milliseconds(500), totalTimeout: .seconds(1))
        try await withFetcher(policy) { _, fetcher, base in
            // The kind of error is the test; how long it took is not (the machine may be busy).
            let error = await expectError(.timeout) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/slow"))
            }
            #expect(error?.message.contains("127.0.0.1") == true)
        }
    }

    @Test func redirectsAreFollowedUpToTheLimit() async throws {
        try await withFetcher(FetchPolicy(maximumRedirects: 3)) { _, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/redirect/3")) else {
                Issue.record("three redirects should be followed")
                return
            }
            #expect(body.finalURL.hasSuffix("/redirect/0"))
            _ = await expectError(.tooManyRedirects) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/redirect/6"))
            }
        }
    }

    @Test func gzipBodiesAreDecompressed() async throws {
        try await withFetcher { _, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/gzip")) else {
                Issue.record("expected a body")
                return
            }
            #expect(String(decoding: body.bytes, as: UTF8.self).contains("Compressed Acme"))
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withFetcher(FetchPolicy(maximumBodyBytes: 100_000)) { _, fetcher, base in
            _ = await expectError(.tooLarge) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/big"))
            }
            _ = await expectError(.tooLarge) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/big-stream"))
            }
        }
    }

    @Test func brokenBodiesStillArrive() async throws {
        try await withFetcher { _, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/garbage")) else {
                Issue.record("expected a body")
                return
            }
            #expect(body.bytes.count == 512)
        }
    }

    @Test func aRealUserAgentIsSent() async throws {
        try await withFetcher { server, fetcher, base in
            _ = try await fetcher.fetch(FetchRequest(url: base + "/etag"))
            #expect(server.userAgents.first?.hasPrefix("Vigie/") == true)
        }
    }

    @Test func oneRequestAtATimePerHost() async throws {
        try await withFetcher { server, fetcher, base in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try await fetcher.fetch(FetchRequest(url: base + "/hold")) }
                }
                try await group.waitForAll()
            }
            #expect(server.hitCount("/hold") == 4)
            #expect(server.maximumConcurrent == 1)
        }
    }

    @Test func refusedConnectionIsAConnectionError() async throws {
        let fetcher = Fetcher(policy: FetchPolicy(connectTimeout: .seconds(2)), logger: Self.logger)
        _ = await expectError(.connection) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:9/feed"))
        }
        try await fetcher.shutdown()
    }

    @Test func fileSourcesAreReadAndUnchangedFilesAreNotModified() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-fetch-\(UUID().uuidString).xml")
            .path
        try Data(TestServer.feed.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fetcher = Fetcher(logger: Self.logger)
        guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: "file://" + path)) else {
            Issue.record("expected a body")
            return
        }
        #expect(body.bytes.count == TestServer.feed.utf8.count)
        let again = try await fetcher.fetch(FetchRequest(url: "file://" + path, lastModified: body.lastModified))
        #expect(again == .notModified)
        _ = await expectError(.fileNotFound) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "file://" + path + ".missing"))
        }
        _ = await expectError(.invalidURL) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "ftp://example.com/feed"))
        }
        try await fetcher.shutdown()
    }
}

@Suite struct PollScheduleTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let schedule = PollSchedule(jitter: 0.1, backoffBase: .seconds(60), backoffCap: .seconds(3600))

    @Test(arguments: [0.0, 0.5, 0.999])
    func successWaitsTheIntervalWithJitter(random: Double) {
        let next = schedule.next(after: now, interval: .seconds(900), random: random).timeIntervalSince(now)
        #expect(next >= 810 && next <= 990)
    }

    @Test func failuresBackOffExponentiallyUpToTheCap() {
        let delays = (1...10).map {
            schedule.nextAfterFailure($0, now: now, interval: .seconds(30), retryAfter: nil, random: 0.5)
                .timeIntervalSince(now)
        }
        #expect(delays[0] == 60)
        #expect(delays[1] == 120)
        #expect(delays[2] == 240)
        #expect(delays.allSatisfy { $0 <= 3600 })
        #expect(delays.last == 3600)
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func aFailingSourceIsNeverPolledMoreOftenThanAHealthyOne() {
        let next = schedule.nextAfterFailure(1, now: now, interval: .seconds(900), retryAfter: nil, random: 0.5)
        #expect(next.timeIntervalSince(now) == 900)
    }

    @Test func retryAfterIsHonoured() {
        let next = schedule.nextAfterFailure(
            1, now: now, interval: .seconds(60), retryAfter: .seconds(2000), random: 0.5)
        #expect(next.timeIntervalSince(now) >= 2000)
    }
}
