import Foundation
import Logging
import ServiceLifecycle
import VigieStore

/// The outbox sender: takes the deliveries that are due, POSTs each to its webhook (the webhooks side by
/// side, each one's deliveries in order), and records the outcome in the store: delivered, retried later (exponential backoff with jitter), or kept as failed after
/// the last attempt.
///
/// Runs next to the watcher in `vigie watch`'s service group. A crash between a POST and its record sends the
/// delivery again after the restart, with the same idempotency key: delivery is at least once.
public final class AlertDelivery: Service, Sendable {
    private let database: VigieDatabase
    private let targets: [String: WebhookTarget]
    private let retry: RetryPolicy
    private let client: WebhookClient
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let jitter: @Sendable () -> Double
    private let idle: Duration

    /// - Parameters:
    ///   - targets: the configured webhooks; a delivery for a sink no longer configured is marked failed.
    ///   - idle: the longest wait between two looks at the outbox.
    ///   - jitter: a number in [0, 1) per retry (random by default).
    public init(
        database: VigieDatabase, targets: [WebhookTarget], retry: RetryPolicy, client: WebhookClient,
        logger: Logger, idle: Duration = .seconds(1), clock: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.database = database
        self.targets = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.retry = retry
        self.client = client
        self.logger = logger
        self.idle = idle
        self.clock = clock
        self.jitter = jitter
    }

    /// Sends due deliveries until a graceful shutdown (the attempt in flight is finished first).
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await deliverDue()
            } catch {
                logger.error("alert delivery failed: \(error)")
            }
            let idle = self.idle
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: idle) }
        }
    }

    /// One pass over the deliveries due now. Returns how many were accepted by their receiver.
    ///
    /// Each sink's deliveries go one after the other, in the outbox's order; the sinks go side by side, so a
    /// webhook that is slow or down (each attempt waiting up to its timeout) does not hold back the others.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let due = try database.dueDeliveries(now: clock())
        var sinks: [String] = []
        var bySink: [String: [Delivery]] = [:]
        for delivery in due {
            if bySink[delivery.sink] == nil { sinks.append(delivery.sink) }
            bySink[delivery.sink, default: []].append(delivery)
        }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for sink in sinks {
                let deliveries = bySink[sink] ?? []
                group.addTask {
                    var accepted = 0
                    for delivery in deliveries where try await self.attempt(delivery) { accepted += 1 }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private func attempt(_ delivery: Delivery) async throws -> Bool {
        guard let target = targets[delivery.sink] else {
            try database.markFailed(id: delivery.id, error: "no webhook named \(delivery.sink) in the configuration")
            logger.error(
                "delivery \(delivery.id): no webhook named \(delivery.sink) in the configuration; kept as failed")
            return false
        }
        // The attempt is counted, and its retry scheduled, before anything is sent: a crash during it costs
        // one attempt and one backoff, as a failure would.
        let made = delivery.attempts + 1
        let delay = retry.delay(afterAttempts: made, jitter: jitter())
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) * 1e-18
        let started = clock()
        let retryAt = started.addingTimeInterval(seconds)
        try database.beginAttempt(id: delivery.id, at: started, retryAt: retryAt)
        let outcome = await client.send(
            body: AlertPayload.body(for: delivery), to: target.url, idempotencyKey: delivery.idempotencyKey,
            secret: target.secret, timeout: target.timeout, now: started)
        let now = clock()
        switch outcome {
        case .accepted:
            try database.markDelivered(id: delivery.id, at: now)
            logger.info("alert delivered to \(delivery.sink) (attempt \(made))")
            return true
        case .failed(let reason):
            if retry.allowsRetry(afterAttempts: made) {
                try database.markAttemptFailed(id: delivery.id, error: reason, nextAttempt: retryAt)
                logger.warning(
                    "alert delivery to \(delivery.sink) failed (attempt \(made) of \(retry.attempts)): \(reason); next try in \(String(format: "%.1f", seconds)) s"
                )
            } else {
                try database.markFailed(id: delivery.id, error: reason)
                logger.error(
                    "alert delivery to \(delivery.sink) failed \(made) times: \(reason); kept as failed (see vigie alerts)"
                )
            }
            return false
        }
    }
}
