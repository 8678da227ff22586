import Foundation
import Logging
import Testing
import VigieOutput
import VigieStore

/// The outbox sender against a real loopback receiver that fails, times out and answers slowly.
@Suite struct WebhookDeliveryTests {
    /// A clock the test moves forward, so retries fall due without waiting.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_800_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    static let secret = "s3cret-for-tests"

    static func alert(brand: String = "Acme", hour: Int = 0) -> StoredAlert {
        let bucket = Date(timeIntervalSince1970: 1_800_000_000 - 3_600 + Double(hour) * 3_600)
        return StoredAlert(
            brand: brand, kind: "negative_spike", severity: "critical", bucketStart: bucket, bucketSeconds: 3_600,
            raisedAt: Date(timeIntervalSince1970: 1_800_000_000), count: 60, negativeCount: 42, baseline: 3.1,
            share: 0.7,
            explanation:
                #"{"brand":"\#(brand)","kind":"negative_spike","most_negative":[{"text":"Acme a tout cassé"}]}"#)
    }

    func sender(
        _ database: VigieDatabase, url: String, clock: TestClock, attempts: Int = 5, timeout: Duration = .seconds(5),
        sink: String = "hook"
    ) -> (AlertDelivery, WebhookClient) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let client = WebhookClient(logger: logger)
        let target = WebhookTarget(name: sink, url: URL(string: url)!, secret: Self.secret, timeout: timeout)
        let delivery = AlertDelivery(
            database: database, targets: [target],
            retry: RetryPolicy(attempts: attempts, firstDelay: .seconds(10), maximumDelay: .seconds(60)),
            client: client,
            logger: logger, clock: { clock.now }, jitter: { 0.5 })
        return (delivery, client)
    }

    @Test func aReceiverFailingThreeTimesGetsTheAlertOnTheFourthAttemptWithOneKeyAndValidSignatures() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/fail/3", clock: clock)
            var accepted: [Int] = []
            for _ in 0..<4 {
                accepted.append(try await delivery.deliverDue())
                // Not due again before the backoff has passed.
                #expect(try await delivery.deliverDue() == 0)
                clock.advance(61)
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
            let clock = TestClock()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 10)
            var gaps: [TimeInterval] = []
            for _ in 0..<4 {
                try await delivery.deliverDue()
                let pending = try #require(try database.deliveries().first)
                gaps.append(pending.nextAttemptAt.timeIntervalSince(clock.now))
                clock.advance(61)
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
            let clock = TestClock()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 3)
            for _ in 0..<6 {
                try await delivery.deliverDue()
                clock.advance(3_600)
            }
            try await client.shutdown()
            #expect(receiver.received.count == 3)
            let failed = try database.deliveries(status: .failed)
            #expect(failed.count == 1)
            #expect(failed.first?.attempts == 3)
            #expect(failed.first?.lastError?.contains("500") == true)
            #expect(try database.dueDeliveries(now: clock.now).isEmpty)
        }
    }

    @Test func attemptsInterruptedByKillsCountTowardsTheLastOne() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            // Two senders killed during their attempts: each left its attempt begun, never finished.
            for _ in 0..<2 {
                let pending = try #require(try database.dueDeliveries(now: clock.now).first)
                try database.beginAttempt(id: pending.id, at: clock.now, retryAt: clock.now + 10)
                clock.advance(11)
            }
            let (delivery, client) = sender(database, url: base + "/hook/always500", clock: clock, attempts: 3)
            for _ in 0..<3 {
                try await delivery.deliverDue()
                clock.advance(3_600)
            }
            try await client.shutdown()
            // The third attempt was the last: one request, then kept as failed.
            #expect(receiver.received.count == 1)
            let failed = try #require(try database.deliveries(status: .failed).first)
            #expect(failed.attempts == 3)
            #expect(failed.lastError?.contains("500") == true)
        }
    }

    @Test func aSlowWebhookDoesNotHoldBackTheOthers() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock()
            try database.insertAlert(Self.alert(brand: "Acme", hour: 0), sinks: ["slow", "fast"])
            try database.insertAlert(Self.alert(brand: "Globex", hour: 1), sinks: ["slow", "fast"])
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let client = WebhookClient(logger: logger)
            let delivery = AlertDelivery(
                database: database,
                targets: [
                    WebhookTarget(
                        name: "slow", url: URL(string: base + "/hook/slow/1500")!, secret: Self.secret,
                        timeout: .seconds(10)),
                    WebhookTarget(
                        name: "fast", url: URL(string: base + "/hook/ok")!, secret: Self.secret, timeout: .seconds(10)),
                ],
                retry: RetryPolicy(), client: client, logger: logger, clock: { clock.now })
            #expect(try await delivery.deliverDue() == 4)
            try await client.shutdown()
            // Both fast deliveries were answered while the slow webhook was still on its first one; each
            // webhook got its alerts in the order they were raised.
            let paths = receiver.received.map(\.path)
            #expect(paths == ["/hook/ok", "/hook/ok", "/hook/slow/1500", "/hook/slow/1500"])
            for path in ["/hook/ok", "/hook/slow/1500"] {
                let brands = try receiver.received.filter { $0.path == path }.map { request in
                    let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
                    return (json["alert"] as? [String: Any])?["brand"] as? String
                }
                #expect(brands == ["Acme", "Globex"])
            }
        }
    }

    @Test func aReceiverSlowerThanTheTimeoutIsAFailedAttemptThenAPatientOneSucceeds() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let clock = TestClock()
            try database.insertAlert(Self.alert(), sinks: ["hook"])
            let url = base + "/hook/slow/4000"
            let (impatient, client1) = sender(database, url: url, clock: clock, timeout: .milliseconds(300))
            let started = ContinuousClock.now
            #expect(try await impatient.deliverDue() == 0)
            #expect(ContinuousClock.now - started < .milliseconds(3000))
            try await client1.shutdown()
            let pending = try #require(try database.deliveries().first)
            #expect(pending.status == .pending)
            #expect(pending.lastError?.contains("no answer within") == true)
            clock.advance(61)
            let (patient, client2) = sender(database, url: url, clock: clock, timeout: .seconds(30))
            let accepted = try await patient.deliverDue()
            try await client2.shutdown()
            let after = try database.deliveries().first
            #expect(accepted == 1, "\(after?.lastError ?? "")")
            #expect(after?.status == .delivered)
        }
    }

    @Test func aRestartedSenderResumesTheQueueWithTheSameKey() async throws {
        let receiver = WebhookReceiver()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.db").path
        try await receiver.run { base in
            let clock = TestClock()
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
            clock.advance(61)
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
        let clock = TestClock()
        try database.insertAlert(Self.alert(), sinks: ["removed"])
        let (delivery, client) = sender(database, url: "http://127.0.0.1:9/never", clock: clock)
        #expect(try await delivery.deliverDue() == 0)
        try await client.shutdown()
        let failed = try database.deliveries(status: .failed)
        #expect(failed.count == 1)
        #expect(failed.first?.lastError?.contains("removed") == true)
    }
}
