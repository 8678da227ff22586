import Clocks
import Foundation
import Testing

@testable import VigieWatch

/// The scheduler on a `TestClock`: the test moves time, the polls are closures that say when they ran.
/// No test measures how long anything took; waits on the scheduler's task are bounded only to fail
/// instead of hanging.
@Suite(.timeLimit(.minutes(2))) struct SourceSchedulerTests {
    /// What the polls did, in order.
    actor Log {
        struct Event: Equatable {
            var id: String
            var start: Double
            var end: Double?
        }
        private(set) var events: [Event] = []
        private(set) var completions = 0
        private var running: [String: Int] = [:]
        /// The most polls of one host seen running at once.
        private(set) var overlap: [String: Int] = [:]

        func started(_ id: String, host: String, at time: Double) {
            events.append(Event(id: id, start: time))
            running[host, default: 0] += 1
            overlap[host] = max(overlap[host] ?? 0, running[host]!)
        }

        func ended(_ id: String, host: String, at time: Double) {
            running[host, default: 0] -= 1
            if let index = events.lastIndex(where: { $0.id == id && $0.end == nil }) { events[index].end = time }
        }

        func completed() { completions += 1 }

        func starts(of id: String) -> [Double] { events.filter { $0.id == id }.map(\.start) }
    }

    /// Seconds since the test clock started.
    static func seconds(_ clock: TestClock<Duration>) -> Double {
        let (seconds, attoseconds) = TestClock<Duration>.Instant().duration(to: clock.now).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Waits until `condition` holds; fails the test (rather than hang) after a minute or so.
    static func eventually(_ what: String, _ condition: () async -> Bool) async throws {
        for _ in 0..<6_000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("still not true after a minute: \(what)")
        throw CancellationError()
    }

    /// Runs `jobs` (every 30 s after each poll) on `clock` in a task the caller cancels. `hang` names the
    /// jobs whose poll never ends by itself (only when cancelled); `busy` how long the others take.
    static func start(
        _ jobs: [SourceScheduler.Job], clock: TestClock<Duration>, log: Log, hang: Set<String> = [],
        busy: Duration = .zero, interval: Double = 30, once: Bool = false
    ) -> Task<Void, any Error> {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let now: @Sendable () -> Date = { base.addingTimeInterval(seconds(clock)) }
        let scheduler = SourceScheduler(width: 8, maximumIdle: .seconds(60), clock: clock, now: now)
        let jobs = jobs.map { SourceScheduler.Job(id: $0.id, host: $0.host, due: base.addingTimeInterval(0)) }
        return Task {
            try await scheduler.run(
                jobs, once: once,
                poll: { job in
                    await log.started(job.id, host: job.host, at: seconds(clock))
                    if hang.contains(job.id) {
                        try? await clock.sleep(for: .seconds(86_400 * 365))
                    } else if busy > .zero {
                        try? await clock.sleep(for: busy)
                    }
                    await log.ended(job.id, host: job.host, at: seconds(clock))
                },
                completed: { _, _ in
                    let next = now().addingTimeInterval(interval)
                    await log.completed()
                    return next
                })
        }
    }

    static func job(_ id: String, host: String) -> SourceScheduler.Job {
        SourceScheduler.Job(id: id, host: host, due: .distantPast)
    }

    @Test func aHungSourceOnOneHostDoesNotDelayASourceOnAnother() async throws {
        let clock = TestClock<Duration>()
        let log = Log()
        let task = Self.start(
            [Self.job("hung", host: "127.0.0.2"), Self.job("healthy", host: "127.0.0.1")], clock: clock, log: log,
            hang: ["hung"])
        try await Self.eventually("both sources started") { await log.events.count == 2 }
        for round in 1...10 {
            // The poll is over (its next time counted from now) before time moves.
            try await Self.eventually("the healthy source completed \(round) times") {
                await clock.advance(by: .zero)
                return await log.completions == round
            }
            await clock.advance(by: .seconds(30))
        }
        try await Self.eventually("the healthy source polled 11 times") {
            await clock.advance(by: .zero)
            return await log.completions == 11
        }
        task.cancel()
        _ = await task.result
        // Every 30 s to the second, from the first poll on, while the other host's only source hangs.
        #expect(await log.starts(of: "healthy") == (0...10).map { Double($0) * 30 })
        #expect(await log.starts(of: "hung") == [0])
    }

    @Test func aHungSourceDelaysOnlyTheSourcesOfItsOwnHost() async throws {
        let clock = TestClock<Duration>()
        let log = Log()
        let task = Self.start(
            [
                Self.job("hung", host: "a.example"), Self.job("same-host", host: "a.example"),
                Self.job("other-host", host: "b.example"),
            ], clock: clock, log: log, hang: ["hung"])
        try await Self.eventually("the other host's source started") { await log.starts(of: "other-host") == [0] }
        for round in 1...4 {
            try await Self.eventually("the other host's source completed \(round) times") {
                await clock.advance(by: .zero)
                return await log.completions == round
            }
            await clock.advance(by: .seconds(30))
        }
        try await Self.eventually("the other host's source polled 5 times") {
            await clock.advance(by: .zero)
            return await log.completions == 5
        }
        #expect(await log.starts(of: "other-host") == [0, 30, 60, 90, 120])
        // The hung source holds its host: its neighbour waits (never two requests to one host at once).
        #expect(await log.starts(of: "same-host") == [])
        task.cancel()
        _ = await task.result
        #expect(await log.overlap["a.example"] == 1)
    }

    @Test func twoSourcesOnOneHostNeverOverlapAndBothKeepTheirInterval() async throws {
        let clock = TestClock<Duration>()
        let log = Log()
        // Each poll takes 10 s of test time: the second source of the host waits for the first.
        let task = Self.start(
            [Self.job("first", host: "feeds.example"), Self.job("second", host: "feeds.example")], clock: clock,
            log: log, busy: .seconds(10))
        for _ in 0..<2_000 {
            if await log.starts(of: "first").count >= 4, await log.starts(of: "second").count >= 4 { break }
            await clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await log.starts(of: "second").count >= 4)
        task.cancel()
        _ = await task.result
        #expect(await log.overlap["feeds.example"] == 1)
        let events = await log.events.filter { $0.end != nil }.sorted { $0.start < $1.start }
        for (earlier, later) in zip(events, events.dropFirst()) {
            #expect(later.start >= earlier.end!, "\(later.id) started before \(earlier.id) ended")
        }
    }

    @Test func onceRunsEverySourceOnceWhateverItsDueTimeThenReturns() async throws {
        let clock = TestClock<Duration>()
        let log = Log()
        let jobs = (0..<5).map { Self.job("s\($0)", host: "h\($0 % 2)") }
        let task = Self.start(jobs, clock: clock, log: log, once: true)
        try await task.value
        #expect(await log.completions == 5)
        #expect(Set(await log.events.map(\.id)) == Set(jobs.map(\.id)))
        #expect(await log.overlap.values.allSatisfy { $0 == 1 })
    }

    @Test func cancellingEndsTheHungPollAndReportsEveryCompletion() async throws {
        let clock = TestClock<Duration>()
        let log = Log()
        let task = Self.start(
            [Self.job("hung", host: "a"), Self.job("healthy", host: "b")], clock: clock, log: log, hang: ["hung"])
        try await Self.eventually("both started") { await log.events.count == 2 }
        task.cancel()
        try await task.value
        // The hung poll was cancelled and still handed its result over (what was fetched is stored).
        #expect(await log.events.allSatisfy { $0.end != nil })
        #expect(await log.completions == 2)
    }
}
