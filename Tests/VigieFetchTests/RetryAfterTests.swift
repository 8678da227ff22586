import Foundation
import Testing
import VigieTestSupport

@testable import VigieFetch

/// Issue 11, item 1: a `Retry-After` of 9223372036854775807 used to trap the watcher.
@Suite(.dedicatedThread) struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 22:13:20 GMT

    @Test(
        arguments: [
            ("120", Int64(120)),
            ("0", 0),
            ("  42 ", 42),
            ("9223372036854775807", .max),
            ("9223372036854775808", .max),
            ("99999999999999999999999999999999999999999", .max),
            ("Tue, 14 Nov 2023 22:15:20 GMT", 120),  // two minutes after now
            ("Tuesday, 14-Nov-23 22:14:20 GMT", 60),  // RFC 850
            ("Tue Nov 14 22:13:50 2023", 30),  // asctime
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),  // in the past: no wait
        ] as [(String, Int64)])
    func readableValues(header: String, seconds: Int64) {
        #expect(RetryAfter.seconds(in: header, now: now) == seconds)
    }

    @Test(arguments: ["-5", "-9223372036854775808", "1.5", "soon", "", "+30", "0x10", "12 s"])
    func unreadableValues(header: String) {
        #expect(RetryAfter.seconds(in: header, now: now) == nil)
    }

    @Test func aDateFarInTheFutureIsReadWithoutOverflow() throws {
        let seconds = try #require(RetryAfter.seconds(in: "Fri, 31 Dec 9999 23:59:59 GMT", now: now))
        #expect(seconds > 7_900 * 365 * 86_400)
        #expect(RetryAfter.wholeSeconds(.infinity) == .max)
        #expect(RetryAfter.wholeSeconds(1e300) == .max)
        #expect(RetryAfter.wholeSeconds(-.infinity) == 0)
        #expect(RetryAfter.wholeSeconds(.nan) == nil)
    }

    @Test(
        arguments: [
            (Int64(0), "0 s"), (45, "45 s"), (90, "1 min 30 s"), (120, "2 min"), (3_600, "1 h"), (5_400, "1 h 30 min"),
            (86_400, "1 day"), (3 * 86_400 + 4 * 3_600, "3 days 4 h"), (365 * 86_400, "1 year"),
            (.max, "292471208677 years 195 days"),
        ] as [(Int64, String)])
    func durationsInWords(seconds: Int64, words: String) {
        #expect(Duration.seconds(seconds).words == words)
    }

    @Test func theScheduleNeverGoesPastAYearWhateverItIsAsked() {
        let schedule = PollSchedule()
        let next = schedule.nextAfterFailure(
            Int.max, now: now, interval: .seconds(900), retryAfter: .seconds(Int64.max), random: 0.5)
        #expect(next.timeIntervalSince(now) == PollSchedule.longestDelay)
        let nan = schedule.next(after: now, interval: .seconds(900), random: .nan)
        #expect(nan.timeIntervalSince(now) >= 1)
        #expect(nan.timeIntervalSince(now) <= PollSchedule.longestDelay)
    }

    @Test func aHugeRetryAfterIsCappedAndSaysSo() async throws {
        try await FetchTesting.withFetcher { _, fetcher, base in
            let error = try #require(
                await FetchTesting.expectError(.rateLimited) { () async throws(FetchError) in
                    try await fetcher.fetch(FetchRequest(url: base + "/ratelimit-huge"))
                })
            #expect(error.status == 429)
            #expect(error.retryAfter == .seconds(86_400))
            #expect(error.requestedRetryAfter == .seconds(Int64.max))
            #expect(error.message.contains("HTTP 429"))
            #expect(error.message.contains("asked to wait 292471208677 years"))
            #expect(error.message.contains("waiting 1 day (the cap)"))
        }
    }

    @Test func theCapIsConfigurable() async throws {
        try await FetchTesting.withFetcher(FetchPolicy(maximumRetryAfter: .seconds(3_600))) { _, fetcher, base in
            let error = await FetchTesting.expectError(.rateLimited) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/ratelimit-huge"))
            }
            #expect(error?.retryAfter == .seconds(3_600))
            #expect(error?.message.contains("waiting 1 h (the cap)") == true)
        }
    }

    @Test func aRetryAfterUnderTheCapIsAppliedAsAsked() async throws {
        try await FetchTesting.withFetcher { _, fetcher, base in
            let error = await FetchTesting.expectError(.rateLimited) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/ratelimit"))
            }
            #expect(error?.retryAfter == .seconds(120))
            #expect(error?.message == "HTTP 429 Too Many Requests, asked to wait 2 min")
        }
    }

    @Test func anUnreadableRetryAfterIsNamedAndIgnored() async throws {
        try await FetchTesting.withFetcher { _, fetcher, base in
            let error = await FetchTesting.expectError(.rateLimited) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/unavailable-junk"))
            }
            #expect(error?.status == 503)
            #expect(error?.retryAfter == nil)
            #expect(error?.message.contains("unreadable Retry-After (\"-5, or so\")") == true)
        }
    }
}
