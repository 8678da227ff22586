import Clocks
import Foundation
import Logging
import Testing
import VigieCore
import VigieOutput
import VigieStore

extension TestClock where Duration == Swift.Duration {
    /// The date this clock's time stands for: 1_800_000_000 (2027-01-15) plus how far it was advanced.
    var date: Date {
        let elapsed = Instant().duration(to: now).components
        return Date(
            timeIntervalSince1970: 1_800_000_000 + Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}

/// The outbox sender against a real loopback receiver that fails, times out and answers slowly.
///
/// Time is a `TestClock` the tests advance (retries fall due, deadlines pass, without waiting). No test
/// measures how long anything took: a receiver is given all the time it needs unless the test is about a
/// timeout, and waits on the real receiver are bounded only to fail instead of hanging.
@Suite struct WebhookDeliveryTests {
    static let secret = "s3cret-for-tests"

    static func alert(brand: String = "Acme", hour: Int = 0) -> StoredAlert {
        let bucket = Date(timeIntervalSince1970: 1_800_000_000 - 3_600 + Double(hour) * 3_600)
        return StoredAlert(
            brand: brand, kind: .negativeSpike, severity: .critical, bucketStart: bucket, bucketSeconds: 3_600,
            raisedAt: Date(timeIntervalSince1970: 1_800_000_000), count: 60, negativeCount: 42, baseline: 3.1,
            share: 0.7,
            explanation:
                #"{"brand":"\#(brand)","kind":"negative_spike","most_negative":[{"text":"Acme a tout cassé"}]}"#)
    }

    /// A sender on `clock`. The default timeout is an hour: the receiver may be as slow as a loaded machine
    /// makes it, only the test clock (advanced by the test) decides that an attempt took too long.
    func sender(
        _ database: VigieDatabase, url: String, clock: TestClock<Duration>, attempts: Int = 5,
        timeout: Duration = .seconds(3600), sink: String = "hook"
    ) -> (AlertDelivery, WebhookClient) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let client = WebhookClient(logger: logger)
        let target = WebhookTarget(name: sink, url: URL(string: url)!, secret: Self.secret, timeout: timeout)
        let delivery = AlertDelivery(
            database: database, targets: [target],
            retry: RetryPolicy(attempts: attempts, firstDelay: .seconds(10), maximumDelay: .seconds(60)),
            client: client, logger: logger, clock: clock, now: { clock.date }, jitter: { 0.5 })
        return (delivery, client)
    }

    /// Waits until `condition` holds, polling; fails the test (rather than hang) after a minute or so.
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<6_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("still not true after a minute: \(what)")
        throw CancellationError()
    }

    @Test func aReceiverFailingThreeTimesGetsTheAlertOnTheFourthAttemptWithOneKeyAndValidSignatures() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/fail/3", clock: clock)
            var accepted: [Int] = []
            for _ in 0..<4 {
                accepted.append(try await delivery.deliverDue())
                // Not due again before the backoff has passed.
                #expect(try await delivery.deliverDue() == 0)
                await clock.advance(by: .seconds(61))
            }
            try await client.shutdown()
            #expect(accepted == [0, 0, 0, 1])
            let requests = receiver.received
            #expect(requests.map(\.status) == [500, 500, 500, 200])
            #expect(Set(requests.compactMap(\.key)).count == 1)
            #expect(requests.allSatisfy { $0.body == requests[0].body })
            for request in requests {
                let timestamp = try #require(request.timestamp.flatMap { Int64($0) })
                #expect(
                    WebhookSignature.verify(
                        signature: request.signature ?? "", body: request.body, timestamp: timestamp,
                        secret: Self.secret))
            }
            let stored = try #require(try database.deliveries().first)
            #expect(stored.status == .delivered)
            #expect(stored.attempts == 4)
            #expect(stored.idempotencyKey == requests[0].key)
            let json = try #require(try JSONSerialization.jsonObject(with: requests[0].body) as? [String: Any])
            #expect((json["text"] as? String)?.contains("Acme") == true)
            #expect(json["idempotency_key"] as? String == stored.idempotencyKey)
            #expect((json["alert"] as? [String: Any])?["brand"] as? String == "Acme")
        }
    }

    @Test func theBackoffGrowsBetweenAttempts() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 10)
            var gaps: [TimeInterval] = []
            for _ in 0..<4 {
                try await delivery.deliverDue()
                let pending = try #require(try database.deliveries().first)
                gaps.append(pending.nextAttemptAt.timeIntervalSince(clock.date))
                await clock.advance(by: .seconds(61))
            }
            try await client.shutdown()
            // 10 s, 20 s, 40 s, then the 60 s cap (jitter fixed at the middle of its band).
            #expect(gaps == [10, 20, 40, 60])
        }
    }

    @Test func afterTheLastAttemptTheDeliveryIsKeptAsFailedAndNotRetried() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 3)
            for _ in 0..<6 {
                try await delivery.deliverDue()
                await clock.advance(by: .seconds(3_600))
            }
            try await client.shutdown()
            #expect(receiver.received.count == 3)
            let failed = try database.deliveries(status: .failed)
            #expect(failed.count == 1)
            #expect(failed.first?.attempts == 3)
            #expect(failed.first?.lastError?.contains("500") == true)
            #expect(try database.dueDeliveries(now: clock.date).isEmpty)
        }
    }

    @Test func attemptsInterruptedByKillsCountTowardsTheLastOne() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            // Two senders killed during their attempts: each left its attempt begun, never finished.
            for _ in 0..<2 {
                let pending = try #require(try database.dueDeliveries(now: clock.date).first)
                try database.beginAttempt(id: pending.id, at: clock.date, retryAt: clock.date + 10)
                await clock.advance(by: .seconds(11))
            }
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 3)
            for _ in 0..<3 {
                try await delivery.deliverDue()
                await clock.advance(by: .seconds(3_600))
            }
            try await client.shutdown()
            // The third attempt was the last: one request, then kept as failed.
            #expect(receiver.received.count == 1)
            let failed = try #require(try database.deliveries(status: .failed).first)
            #expect(failed.attempts == 3)
            #expect(failed.lastError?.contains("500") == true)
        }
    }

    /// A webhook that holds its requests does not hold back the others: both fast deliveries are answered
    /// while the slow webhook still holds its first one (no timing: the slow one is released by the test).
    @Test func aSlowWebhookDoesNotHoldBackTheOthers() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(brand: "Acme", hour: 0), sinks: ["slow", "fast"])
            try database.insertAlert(Self.alert(brand: "Globex", hour: 1), sinks: ["slow", "fast"])
            let logger = Self.quietLogger()
            let client = WebhookClient(logger: logger)
            let delivery = AlertDelivery(
                database: database,
                targets: [
                    WebhookTarget(
                        name: "slow", url: URL(string: base + "/hook/held")!, secret: Self.secret,
                        timeout: .seconds(3600)),
                    WebhookTarget(
                        name: "fast", url: URL(string: base + "/hook/ok")!, secret: Self.secret,
                        timeout: .seconds(3600)),
                ],
                retry: RetryPolicy(), client: client, logger: logger, clock: clock, now: { clock.date })
            let pass = Self.start(delivery)
            do {
                try await Self.eventually("both fast deliveries answered") {
                    receiver.received.filter { $0.path == "/hook/ok" }.count == 2
                }
            } catch {
                receiver.release()
                _ = try? await pass.value
                try? await client.shutdown()
                throw error
            }
            // The slow webhook is still on its first delivery.
            #expect(receiver.arrivals("/hook/held") == 1)
            #expect(receiver.received.allSatisfy { $0.path == "/hook/ok" })
            receiver.release()
            #expect(try await pass.value == 4)
            try await client.shutdown()
            // Each webhook got its alerts in the order they were raised.
            for path in ["/hook/ok", "/hook/held"] {
                let brands = try receiver.received.filter { $0.path == path }.map { request in
                    let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
                    return (json["alert"] as? [String: Any])?["brand"] as? String
                }
                #expect(brands == ["Acme", "Globex"])
            }
        }
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// One pass of `delivery` in a task of its own.
    static func start(_ delivery: AlertDelivery) -> Task<Int, any Error> {
        Task { try await delivery.deliverDue() }
    }

    /// A receiver that does not answer within the (short, real) timeout: the attempt is recorded as timed
    /// out; a later attempt given time enough succeeds. How long anything took is not asserted.
    @Test func aReceiverSlowerThanTheTimeoutIsAFailedAttemptThenAPatientOneSucceeds() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (impatient, client1) = sender(
                database, url: base + "/hook/never", clock: clock, timeout: .milliseconds(300))
            #expect(try await impatient.deliverDue() == 0)
            try await client1.shutdown()
            let pending = try #require(try database.deliveries().first)
            #expect(pending.status == .pending)
            #expect(pending.attempts == 1)
            #expect(pending.lastError == "no answer within 0.3 s")
            await clock.advance(by: .seconds(61))
            let (patient, client2) = sender(database, url: base + "/hook/slow/500", clock: clock)
            let accepted = try await patient.deliverDue()
            try await client2.shutdown()
            let after = try database.deliveries().first
            #expect(accepted == 1, "\(after?.lastError ?? "")")
            #expect(after?.status == .delivered)
            #expect(after?.attempts == 2)
        }
    }

    /// The deadline of an attempt runs on the injected clock: a receiver that never answers holds the
    /// attempt until the test clock passes the timeout, then it is a failed attempt, retried later.
    @Test func anAttemptTimesOutOnTheInjectedClock() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            // An hour: only the test clock can reach it (the HTTP client's own backstop, in real time, cannot).
            let (delivery, client) = sender(
                database, url: base + "/hook/never", clock: clock, timeout: .seconds(3600))
            let pass = Self.start(delivery)
            do {
                try await Self.eventually("the receiver got the request") { receiver.received.count == 1 }
                #expect(try database.deliveries().first?.attempts == 1)
                #expect(try database.deliveries().first?.lastError?.hasPrefix("interrupted") == true)
                // Advance past the deadline (again, if the attempt had not set it yet when the clock moved).
                try await Self.eventually("the attempt timed out on the test clock") {
                    if try database.deliveries().first?.lastError?.hasPrefix("no answer") == true { return true }
                    await clock.advance(by: .seconds(3600))
                    return false
                }
                #expect(try await pass.value == 0)
            } catch {
                pass.cancel()
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
            let pending = try #require(try database.deliveries().first)
            #expect(pending.status == .pending)
            #expect(pending.attempts == 1)
            #expect(pending.lastError == "no answer within 3600 s")
            // Due again after the backoff (10 s at the middle of the jitter band), counted from the start.
            #expect(pending.nextAttemptAt == Date(timeIntervalSince1970: 1_800_000_010))
        }
    }

    /// The service itself retries on the injected clock: run as `vigie watch` runs it, it sends, waits for
    /// the backoff on the test clock, and sends again until the receiver accepts.
    @Test func theRunningServiceRetriesAsTheTestClockAdvances() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock<Duration>()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/fail/2", clock: clock)
            let service = Task { try await delivery.run() }
            defer { service.cancel() }
            // Advance a second at a time while no attempt is in flight (an attempt begun shows in the outbox
            // until its outcome is recorded): each step may end the idle pause, and the retries fall due
            // after 10 s then 20 s of test time. An attempt in flight is never hurried by the test clock.
            do {
                try await Self.eventually("delivered after two failures") {
                    let stored = try #require(try database.deliveries().first)
                    if stored.status == .delivered { return true }
                    if stored.lastError?.hasPrefix("interrupted") != true { await clock.advance(by: .seconds(1)) }
                    return false
                }
            } catch {
                service.cancel()
                try? await service.value
                try? await client.shutdown()
                throw error
            }
            service.cancel()
            try? await service.value
            try await client.shutdown()
            #expect(receiver.received.map(\.status) == [500, 500, 200])
            let stored = try #require(try database.deliveries().first)
            #expect(stored.attempts == 3)
            // Not before the backoffs: 10 s after the first attempt, 20 s after the second.
            #expect(stored.lastAttemptAt.map { $0.timeIntervalSince1970 - 1_800_000_000 } ?? 0 >= 30)
        }
    }

    @Test func aRestartedSenderResumesTheQueueWithTheSameKey() async throws {
        let receiver = WebhookReceiver()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.db").path
        try await receiver.run { base in
            let clock = TestClock<Duration>()
            let url = base + "/hook/fail/1"
            do {
                let database = try VigieDatabase(path: path)
                try database.insertAlert(Self.alert(), sinks: ["hook"])
                try database.insertAlert(Self.alert(brand: "Globex"), sinks: ["hook"])
                let (delivery, client) = sender(database, url: url, clock: clock)
                // The first request fails, the second succeeds.
                #expect(try await delivery.deliverDue() == 1)
                try await client.shutdown()
                try database.close()
            }
            await clock.advance(by: .seconds(61))
            let database = try VigieDatabase(path: path)
            let (delivery, client) = sender(database, url: url, clock: clock)
            #expect(try await delivery.deliverDue() == 1)
            try await client.shutdown()
            #expect(try database.deliveries(status: .delivered).count == 2)
            try database.close()
            let keys = receiver.received.compactMap(\.key)
            #expect(keys.count == 3)
            #expect(Set(keys).count == 2)  // the failed one was sent again with its key
        }
    }

    @Test func aDeliveryForASinkNoLongerConfiguredIsKeptAsFailed() async throws {
        let database = try VigieDatabase.inMemory()
        let clock = TestClock<Duration>()
        try database.insertAlert(Self.alert(), sinks: ["removed"])
        let (delivery, client) = sender(database, url: "http://127.0.0.1:9/never", clock: clock)
        #expect(try await delivery.deliverDue() == 0)
        try await client.shutdown()
        let failed = try database.deliveries(status: .failed)
        #expect(failed.count == 1)
        #expect(failed.first?.lastError?.contains("removed") == true)
    }
}
