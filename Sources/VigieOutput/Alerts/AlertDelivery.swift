import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieStore

/// The outbox sender: takes the deliveries that are due, POSTs each to its webhook (the webhooks side by
/// side, each one's deliveries in order), and records the outcome in the store: delivered, retried later
/// (exponential backoff with jitter), or kept as failed after the last attempt.
///
/// Runs next to the watcher in `vigie watch`'s service group (on PostgreSQL, in the worker that holds the
/// leader lease). Deliveries are claimed and their attempt counted in one statement
/// (``AlertStore/claimDueDeliveries(now:retryAt:limit:)``), so two senders never send one, and an outcome is
/// recorded only for the attempt still current. A crash between a POST and its record sends the delivery again
/// after its backoff, with the same idempotency key: delivery is at least once.
///
/// Time comes from two injected sources: `clock` for everything that waits (the pause between two looks at
/// the outbox, the deadline of an attempt), and `now` for the dates stored (when an attempt was made, when
/// the next one is due). Tests pass a `TestClock` and a `now` read from it, and move both by advancing the
/// clock.
public final class AlertDelivery: Service, Sendable {
    private let database: any AlertStore
    private let targets: [String: WebhookTarget]
    private let retry: RetryPolicy
    private let client: WebhookClient
    private let logger: Logger
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let jitter: @Sendable () -> Double
    private let idle: Duration

    /// - Parameters:
    ///   - targets: the configured webhooks; a delivery for a sink no longer configured is marked failed.
    ///   - idle: the longest wait between two looks at the outbox, on `clock`.
    ///   - clock: what waits run on: the idle pause and each attempt's deadline (its target's timeout).
    ///   - now: the date stored with attempts and compared with the outbox's due dates.
    ///   - jitter: a number in [0, 1) per retry (random by default).
    public init(
        database: any AlertStore, targets: [WebhookTarget], retry: RetryPolicy, client: WebhookClient,
        logger: Logger, idle: Duration = .seconds(1), clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.database = database
        self.targets = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.retry = retry
        self.client = client
        self.logger = logger
        self.idle = idle
        self.clock = clock
        self.now = now
        self.jitter = jitter
    }

    /// Sends due deliveries until a graceful shutdown or a cancellation.
    ///
    /// Either stops the POSTs in flight at once: an attempt so interrupted is not counted (see
    /// ``deliverDue()``), and its delivery stays pending in the outbox for the next start.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await cancelWhenGracefulShutdown { try await self.deliverDue() }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.error("alert delivery failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.idle, tolerance: nil) }
        }
    }

    /// One pass over the deliveries due now. Returns how many were accepted by their receiver.
    ///
    /// Each sink's deliveries go one after the other, in the outbox's order; the sinks go side by side, so a
    /// webhook that is slow or down (each attempt waiting up to its timeout) does not hold back the others.
    ///
    /// - Throws: `CancellationError` when the task is cancelled during an attempt. That attempt is then
    ///   not counted against the retry budget and its delivery stays due; a `kill -9` cannot do that, so
    ///   an attempt it interrupts stays counted, due again after its backoff.
    @discardableResult
    public func deliverDue() async throws -> Int {
        // The attempt is counted, and its retry scheduled, before anything is sent: a crash during it costs
        // one attempt and one backoff, as a failure would.
        let started = now()
        let retryAt = (1...retry.attempts).map { made in
            let delay = retry.delay(afterAttempts: made, jitter: jitter())
            return started.addingTimeInterval(Self.seconds(delay))
        }
        let due = try await database.claimDueDeliveries(now: started, retryAt: retryAt, limit: 100)
        var sinks: [String] = []
        var bySink: [String: [DeliveryAttempt]] = [:]
        for attempt in due {
            let sink = attempt.delivery.sink
            if bySink[sink] == nil { sinks.append(sink) }
            bySink[sink, default: []].append(attempt)
        }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for sink in sinks {
                let deliveries = bySink[sink] ?? []
                group.addTask {
                    var accepted = 0
                    for (index, attempt) in deliveries.enumerated() {
                        do {
                            if try await self.attempt(attempt) { accepted += 1 }
                        } catch {
                            await self.abandon(deliveries[(index + 1)...])
                            throw error
                        }
                    }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private func attempt(_ attempt: DeliveryAttempt) async throws -> Bool {
        let delivery = attempt.delivery
        guard !Task.isCancelled else {
            await abandon([attempt])
            throw CancellationError()
        }
        guard let target = targets[delivery.sink] else {
            try await database.settle(
                attempt, as: .failed(error: "no webhook named \(delivery.sink) in the configuration"), at: now())
            logger.error(
                "delivery \(delivery.id): no webhook named \(delivery.sink) in the configuration; kept as failed")
            return false
        }
        let made = attempt.number
        let started = now()
        let outcome = await post(delivery, to: target, at: started)
        if Task.isCancelled, case .failed = outcome {
            // Stopped by a shutdown, not by the receiver: the attempt does not count, the delivery stays due.
            await abandon([attempt])
            logger.info("alert delivery to \(delivery.sink) interrupted by the shutdown; it stays in the outbox")
            throw CancellationError()
        }
        let finished = now()
        switch outcome {
        case .accepted:
            try await database.settle(attempt, as: .delivered, at: finished)
            logger.info("alert delivered to \(delivery.sink) (attempt \(made))")
            return true
        case .failed(let error):
            let reason = target.redacted(error)
            if retry.allowsRetry(afterAttempts: made) {
                try await database.settle(attempt, as: .retry(error: reason), at: finished)
                let seconds = attempt.retryAt.timeIntervalSince(started)
                logger.warning(
                    "alert delivery to \(delivery.sink) failed (attempt \(made) of \(retry.attempts)): \(reason); next try in \(String(format: "%.1f", seconds)) s"
                )
            } else {
                try await database.settle(attempt, as: .failed(error: reason), at: finished)
                logger.error(
                    "alert delivery to \(delivery.sink) failed \(made) times: \(reason); kept as failed (see vigie alerts)"
                )
            }
            return false
        }
    }

    /// Takes back claimed attempts that were never made (a shutdown or a store failure stopped the sink's
    /// turn), in a task of their own so that the cancellation that stopped them does not stop this too.
    private func abandon(_ attempts: ArraySlice<DeliveryAttempt>) async {
        guard !attempts.isEmpty else { return }
        let (database, now) = (self.database, self.now)
        await Task {
            for attempt in attempts { _ = try? await database.settle(attempt, as: .abandoned, at: now()) }
        }.value
    }

    /// One POST, ended by the first of: the receiver's answer, the target's timeout on ``clock``, or the
    /// task's cancellation (the request is then cancelled too).
    private func post(_ delivery: Delivery, to target: WebhookTarget, at date: Date) async -> WebhookClient.Outcome {
        let client = self.client
        let clock = self.clock
        let body = AlertPayload.body(for: delivery)
        return await withTaskGroup(of: WebhookClient.Outcome?.self) { group in
            group.addTask {
                // The client's own deadline is a backstop: the one on `clock` normally ends the wait first.
                await client.send(
                    body: body, to: target.url, idempotencyKey: delivery.idempotencyKey, secret: target.secret,
                    timeout: target.timeout, now: date)
            }
            group.addTask {
                do {
                    try await clock.sleep(for: target.timeout, tolerance: nil)
                } catch {
                    return nil  // cancelled: the answer came first, or the whole attempt is being cancelled
                }
                return .failed("no answer within \(Self.text(target.timeout))")
            }
            var outcome: WebhookClient.Outcome = .failed("cancelled")
            while let result = await group.next() {
                guard let result else { continue }
                outcome = result
                break
            }
            group.cancelAll()
            return outcome
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func text(_ duration: Duration) -> String {
        let c = duration.components
        return c.attoseconds == 0
            ? "\(c.seconds) s" : String(format: "%.1f s", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
    }
}
