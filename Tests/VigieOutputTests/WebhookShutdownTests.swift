import Foundation
import Logging
import ServiceLifecycle
import Testing
import VigieCore
import VigieOutput
import VigieStore
import VigieTestSupport

/// Stopping the outbox sender while a webhook does not answer (issue 11): `vigie watch` must stop promptly
/// whatever the network does, without spending the delivery's retries on it.
@Suite struct WebhookShutdownTests {
    /// How the sender is told to stop.
    enum Stop: String, CaseIterable, Sendable {
        /// SIGTERM in `vigie watch`: the service group's graceful shutdown.
        case gracefulShutdown
        /// The task running the service is cancelled.
        case cancellation
    }

    /// A POST that gets no answer is cancelled by the stop; the sender returns, the attempt is not counted,
    /// and the delivery is still pending in the outbox, due at the next start.
    @Test(arguments: Stop.allCases)
    func stoppingTheSenderCancelsAnUnansweredPostAndKeepsTheDeliveryPending(stop: Stop) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let database = try VigieDatabase.inMemory()
            let raised = Date(timeIntervalSinceNow: -60)
            try database.insertAlert(
                StoredAlert(
                    brand: "Acme", kind: .negativeSpike, severity: .critical,
                    bucketStart: raised.addingTimeInterval(-3_600), bucketSeconds: 3_600, raisedAt: raised, count: 60,
                    negativeCount: 42, baseline: 3.1, share: 0.7),
                sinks: ["hook"])
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let client = WebhookClient(logger: logger)
            // An hour of timeout: only the stop can end this attempt.
            let delivery = AlertDelivery(
                database: database,
                targets: [
                    WebhookTarget(
                        name: "hook", url: URL(string: base + "/hook/never")!, secret: "s3cret",
                        timeout: .seconds(3_600))
                ],
                retry: RetryPolicy(attempts: 3), client: client, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: delivery)], logger: logger))
            let running = Task {
                switch stop {
                case .gracefulShutdown: try await group.run()
                case .cancellation: try await delivery.run()
                }
            }
            do {
                try await eventually("the POST reached the receiver") { receiver.received.count == 1 }
            } catch {
                running.cancel()
                _ = await running.result
                try? await client.shutdown()
                throw error
            }
            // In flight: the attempt is counted as begun (what a kill -9 would leave).
            #expect(try database.deliveries().first?.attempts == 1)

            switch stop {
            case .gracefulShutdown: await group.triggerGracefulShutdown()
            case .cancellation: running.cancel()
            }
            #expect(await Self.finishes(running), "the sender still runs a minute after it was told to stop")
            try await client.shutdown()

            let pending = try #require(try database.deliveries().first)
            #expect(pending.status == .pending)
            #expect(pending.attempts == 0, "an attempt stopped by the shutdown is not counted")
            #expect(pending.lastError == nil)
            #expect(try database.dueDeliveries(now: Date()).map(\.id) == [pending.id], "due at the next start")
            #expect(receiver.received.count == 1)
        }
    }

    /// Whether `task` ends within a minute (a bound against hanging, not a measure); cancels it otherwise.
    static func finishes(_ task: Task<Void, any Error>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await task.result
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return false
            }
            let first = await group.next() ?? false
            if !first { task.cancel() }
            group.cancelAll()
            return first
        }
    }
}
