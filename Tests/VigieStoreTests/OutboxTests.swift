import Foundation
import Testing
import VigieCore
import VigieStore

@Suite struct OutboxTests {
    func alert(brand: String = "Orange", bucket: Date = Fixtures.t0) -> StoredAlert {
        StoredAlert(
            brand: brand, kind: .negativeSpike, severity: .warning, bucketStart: bucket, bucketSeconds: 3_600,
            raisedAt: bucket + 3_700, count: 40, negativeCount: 31, baseline: 4.5, share: 0.775,
            explanation: #"{"terms":["panne","coupure"]}"#)
    }

    @Test func anAlertCreatesOnePendingDeliveryPerSinkWithDistinctKeys() throws {
        let database = try VigieDatabase.inMemory()
        let id = try #require(try database.insertAlert(alert(), sinks: ["stdout", "webhook-slack"]))
        let stored = try database.alerts(brand: "Orange")
        #expect(stored.count == 1)
        #expect(stored[0].id == id)
        #expect(stored[0].explanation == #"{"terms":["panne","coupure"]}"#)
        #expect(stored[0].share == 0.775)

        let due = try database.dueDeliveries(now: Fixtures.t0 + 3_700, limit: 10)
        #expect(due.map(\.sink).sorted() == ["stdout", "webhook-slack"])
        #expect(Set(due.map(\.idempotencyKey)).count == 2)
        #expect(due.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.alert.id == id })
        #expect(try database.dueDeliveries(now: Fixtures.t0, limit: 10).isEmpty)
    }

    @Test func raisingTheSameAlertAgainStoresNothing() throws {
        let database = try VigieDatabase.inMemory()
        #expect(try database.insertAlert(alert(), sinks: ["webhook"]) != nil)
        var again = alert()
        again.raisedAt = again.raisedAt + 60
        #expect(try database.insertAlert(again, sinks: ["webhook"]) == nil)
        #expect(try database.alerts().count == 1)
        #expect(try database.deliveries().count == 1)
        #expect(try database.insertAlert(alert(bucket: Fixtures.t0 + 3_600), sinks: ["webhook"]) != nil)
        #expect(try database.alerts().map(\.bucketStart) == [Fixtures.t0 + 3_600, Fixtures.t0])
        #expect(try database.alerts(since: Fixtures.t0 + 1).count == 1)
    }

    @Test func aDeliveryRetriesKeepsItsKeyAndEndsDelivered() throws {
        let database = try VigieDatabase.inMemory()
        try database.insertAlert(alert(), sinks: ["webhook"])
        let now = Fixtures.t0 + 3_700
        let first = try #require(try database.dueDeliveries(now: now, limit: 10).first)

        try database.beginAttempt(id: first.id, at: now, retryAt: now + 30)
        try database.markAttemptFailed(id: first.id, error: "HTTP 503", nextAttempt: now + 30)
        #expect(try database.dueDeliveries(now: now + 29, limit: 10).isEmpty)
        let retry = try #require(try database.dueDeliveries(now: now + 30, limit: 10).first)
        #expect(retry.id == first.id)
        #expect(retry.idempotencyKey == first.idempotencyKey)
        #expect(retry.attempts == 1)
        #expect(retry.lastError == "HTTP 503")
        #expect(retry.lastAttemptAt == now)

        try database.beginAttempt(id: retry.id, at: now + 31, retryAt: now + 91)
        try database.markDelivered(id: retry.id, at: now + 31)
        #expect(try database.dueDeliveries(now: .distantFuture, limit: 10).isEmpty)
        let done = try #require(try database.deliveries(status: .delivered).first)
        #expect(done.attempts == 2)
        #expect(done.deliveredAt == now + 31)
        #expect(done.lastError == nil)
    }

    @Test func anAttemptInterruptedBeforeItsOutcomeIsCountedAndWaitsForItsRetry() throws {
        let database = try VigieDatabase.inMemory()
        try database.insertAlert(alert(), sinks: ["webhook"])
        let now = Fixtures.t0 + 3_700
        let first = try #require(try database.dueDeliveries(now: now, limit: 10).first)
        try database.beginAttempt(id: first.id, at: now, retryAt: now + 30)
        try database.markAttemptFailed(id: first.id, error: "HTTP 503", nextAttempt: now + 30)
        // The second attempt starts, and the process dies before its outcome is recorded.
        try database.beginAttempt(id: first.id, at: now + 30, retryAt: now + 90)
        #expect(try database.dueDeliveries(now: now + 89, limit: 10).isEmpty)
        let again = try #require(try database.dueDeliveries(now: now + 90, limit: 10).first)
        #expect(again.attempts == 2)
        #expect(again.status == .pending)
        #expect(again.lastAttemptAt == now + 30)
        #expect(again.lastError == "interrupted before its outcome was recorded (the attempt before: HTTP 503)")
    }

    @Test func afterTheLastRetryADeliveryIsKeptAsFailedAndVisible() throws {
        let database = try VigieDatabase.inMemory()
        try database.insertAlert(alert(), sinks: ["webhook"])
        let delivery = try #require(try database.dueDeliveries(now: .distantFuture, limit: 10).first)
        try database.markFailed(id: delivery.id, error: "HTTP 410 Gone after 8 attempts")
        #expect(try database.dueDeliveries(now: .distantFuture, limit: 10).isEmpty)
        let failed = try database.deliveries(status: .failed)
        #expect(failed.count == 1)
        #expect(failed[0].lastError == "HTTP 410 Gone after 8 attempts")
        #expect(failed[0].alert.brand == "Orange")
        // A failed attempt recorded late does not revive it; an operator's requeue does.
        try database.markAttemptFailed(id: delivery.id, error: "late", nextAttempt: Fixtures.t0)
        try database.beginAttempt(id: delivery.id, at: Fixtures.t0, retryAt: Fixtures.t0)
        #expect(try database.deliveries(status: .failed).count == 1)
        try database.requeueDelivery(id: delivery.id, at: Fixtures.t0 + 10_000)
        let requeued = try #require(try database.dueDeliveries(now: Fixtures.t0 + 10_000, limit: 10).first)
        #expect(requeued.idempotencyKey == delivery.idempotencyKey)
    }

    @Test func unknownDeliveryIdsAreReported() throws {
        let database = try VigieDatabase.inMemory()
        #expect {
            try database.markDelivered(id: 42, at: Fixtures.t0)
        } throws: { error in
            (error as? StoreError)?.code == .notFound
        }
    }

    @Test func pendingDeliveriesSurviveAReopen() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        let key: String
        do {
            let database = try VigieDatabase(path: path)
            try database.insertAlert(alert(), sinks: ["webhook"])
            key = try #require(try database.dueDeliveries(now: .distantFuture, limit: 1).first).idempotencyKey
        }
        let reopened = try VigieDatabase(path: path)
        #expect(try reopened.dueDeliveries(now: .distantFuture, limit: 10).map(\.idempotencyKey) == [key])
    }
}
