import Foundation
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// Claims and counts due deliveries in one statement: the due rows are locked with `FOR UPDATE SKIP LOCKED`
    /// (two senders never claim one, and neither waits for the other), their attempt counted and their next
    /// attempt set to the backoff after it; the row as it was comes back with each attempt.
    public func claimDueDeliveries(now: Date, retryAt: [Date], limit: Int) async throws -> [DeliveryAttempt] {
        let logger = self.logger
        let nowSeconds = Epoch.seconds(now)
        let retry = retryAt.map { Epoch.seconds($0) }
        let last = retry.last ?? nowSeconds
        let claimed = try await transaction("claiming due deliveries") { connection in
            try await connection.query(
                """
                UPDATE outbox o SET attempts = o.attempts + 1, last_attempt_at = \(nowSeconds),
                    next_attempt_at = coalesce((\(retry)::bigint[])[o.attempts + 1], \(last)),
                    last_error = 'interrupted before its outcome was recorded'
                        || coalesce(' (the attempt before: ' || o.last_error || ')', '')
                FROM (
                    SELECT \(unescaped: Self.deliveryColumns("d")) FROM outbox d
                    WHERE d.status = 'pending' AND d.next_attempt_at <= \(nowSeconds)
                    ORDER BY d.next_attempt_at, d.id LIMIT \(max(0, limit))
                    FOR UPDATE SKIP LOCKED
                ) AS prior, alert a
                WHERE o.id = prior.id AND a.id = o.alert_id
                RETURNING \(unescaped: Self.deliveryColumns("prior")), \(unescaped: Self.alertColumns("a")),
                    o.next_attempt_at
                """, logger: logger
            ).collect().map { row in
                (try Self.delivery(row), try row.makeRandomAccess()[22].decode(Int64.self))
            }
        }
        return claimed.sorted { ($0.0.nextAttemptAt, $0.0.id) < ($1.0.nextAttemptAt, $1.0.id) }.map {
            DeliveryAttempt(delivery: $0.0, number: $0.0.attempts + 1, retryAt: Epoch.date($0.1))
        }
    }

    /// Records an attempt's outcome, fenced by its number: a stale attempt writes nothing.
    @discardableResult
    public func settle(_ attempt: DeliveryAttempt, as outcome: DeliveryOutcome, at date: Date) async throws -> Bool {
        let logger = self.logger
        let (id, number) = (attempt.delivery.id, attempt.number)
        let update: PostgresQuery
        switch outcome {
        case .delivered:
            update = """
                UPDATE outbox SET status = 'delivered', delivered_at = \(Epoch.seconds(date)), last_error = NULL
                WHERE id = \(id) AND status = 'pending' AND attempts = \(number) RETURNING id
                """
        case .retry(let error):
            update = """
                UPDATE outbox SET last_error = \(error), next_attempt_at = \(Epoch.seconds(attempt.retryAt))
                WHERE id = \(id) AND status = 'pending' AND attempts = \(number) RETURNING id
                """
        case .failed(let error):
            update = """
                UPDATE outbox SET status = 'failed', last_error = \(error)
                WHERE id = \(id) AND status = 'pending' AND attempts = \(number) RETURNING id
                """
        case .abandoned:
            let before = attempt.delivery
            update = """
                UPDATE outbox SET attempts = \(before.attempts), last_attempt_at = \(Epoch.seconds(before.lastAttemptAt)),
                    next_attempt_at = \(Epoch.seconds(before.nextAttemptAt)), last_error = \(before.lastError)
                WHERE id = \(id) AND status = 'pending' AND attempts = \(number) RETURNING id
                """
        }
        return try await transaction("recording a delivery attempt", subject: "delivery \(id)") { connection in
            try await !connection.query(update, logger: logger).collect().isEmpty
        }
    }
}
