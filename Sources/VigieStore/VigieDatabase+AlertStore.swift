import Foundation
import GRDB
import VigieCore

/// The SQLite store as an ``AlertStore``: one writer at a time, so mention ids are committed in order (the
/// watermark is the newest id read) and a read-then-update in one write transaction is a claim.
extension VigieDatabase: AlertStore {
    public func mentionsForDetector(after watermark: MentionWatermark?, since: Date?) throws -> (
        rows: [MentionRow], watermark: MentionWatermark
    ) {
        var filter = MentionFilter(since: since)
        filter.inStoredOrder = true
        let after = watermark?.value ?? 0
        return try read("reading the mentions to judge") { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM mention") ?? 0
            let (condition, arguments) = try filter.whereClause(db)
            let bounds = "m.id > \(after) AND m.id <= \(newest)"
            let sql = MentionRow.query(
                where: "\(condition.isEmpty ? "WHERE" : condition + " AND") \(bounds)", order: .stored, limit: nil)
            let rows = try MentionRow.fetchAll(db, sql: sql, arguments: arguments)
            return (rows, MentionWatermark(max(after, newest)))
        }
    }

    public func insertAlert(_ alert: StoredAlert, sinks: [String], fencedBy leader: LeaderLease?) throws -> Int64? {
        guard let leader else { return try insertAlert(alert, sinks: sinks) }
        return try write("storing an alert", subject: "\(alert.brand) \(alert.kind)") { db in
            try Self.checkLeadership(db, leader)
            return try Self.insertAlert(db, alert, sinks: sinks)
        }
    }

    public func claimDueDeliveries(now: Date, retryAt: [Date], limit: Int) throws -> [DeliveryAttempt] {
        try write("claiming due deliveries") { db in
            let due = try Self.dueDeliveries(db, now: now, limit: limit)
            let count = try db.cachedStatement(sql: Self.beginAttemptSQL)
            return try due.map { delivery in
                let attempt = DeliveryAttempt(
                    delivery: delivery, number: delivery.attempts + 1,
                    retryAt: Self.retryDate(retryAt, afterAttempts: delivery.attempts + 1, now: now))
                try count.execute(arguments: [Epoch.seconds(now), Epoch.seconds(attempt.retryAt), delivery.id])
                return attempt
            }
        }
    }

    /// The date an attempt numbered `attempts` is due again: its place in `retryAt`, the last past the end.
    static func retryDate(_ retryAt: [Date], afterAttempts attempts: Int, now: Date) -> Date {
        retryAt.isEmpty ? now : retryAt[min(max(attempts, 1), retryAt.count) - 1]
    }

    @discardableResult
    public func settle(_ attempt: DeliveryAttempt, as outcome: DeliveryOutcome, at date: Date) throws -> Bool {
        let (set, arguments) = Self.settlement(attempt, outcome, at: date)
        return try write("recording a delivery attempt", subject: "delivery \(attempt.delivery.id)") { db in
            try db.execute(
                sql: "UPDATE outbox SET \(set) WHERE id = ? AND status = 'pending' AND attempts = ?",
                arguments: arguments + [attempt.delivery.id, attempt.number])
            return db.changesCount > 0
        }
    }

    /// The `SET` list of an outcome and its arguments.
    private static func settlement(_ attempt: DeliveryAttempt, _ outcome: DeliveryOutcome, at date: Date) -> (
        String, StatementArguments
    ) {
        switch outcome {
        case .delivered:
            return ("status = 'delivered', delivered_at = ?, last_error = NULL", [Epoch.seconds(date)])
        case .retry(let error):
            return ("last_error = ?, next_attempt_at = ?", [error, Epoch.seconds(attempt.retryAt)])
        case .failed(let error):
            return ("status = 'failed', last_error = ?", [error])
        case .abandoned:
            let before = attempt.delivery
            return (
                "attempts = ?, last_attempt_at = ?, next_attempt_at = ?, last_error = ?",
                [
                    before.attempts, Epoch.seconds(before.lastAttemptAt), Epoch.seconds(before.nextAttemptAt),
                    before.lastError,
                ]
            )
        }
    }

    public func acquireLeadership(role: String, holder: String, duration: Duration, now: Date) throws -> LeaderLease? {
        let until = Self.milliseconds(now, plus: duration)
        return try write("taking the \(role) lease", subject: holder) { db in
            try db.execute(
                sql: """
                    INSERT INTO leader_lease (role, holder, term, leased_until) VALUES (?, ?, 1, ?)
                    ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, term = term + 1,
                        leased_until = excluded.leased_until
                    WHERE leased_until <= ?
                    """,
                arguments: [role, holder, until, Self.milliseconds(now)])
            guard db.changesCount > 0 else { return nil }
            let term = try Int64.fetchOne(db, sql: "SELECT term FROM leader_lease WHERE role = ?", arguments: [role])
            return LeaderLease(
                role: role, holder: holder, term: term ?? 1, expires: Date(timeIntervalSince1970: Double(until) / 1000))
        }
    }

    public func renewLeadership(_ lease: LeaderLease, duration: Duration, now: Date) throws -> LeaderLease? {
        let until = Self.milliseconds(now, plus: duration)
        return try write("renewing the \(lease.role) lease", subject: lease.holder) { db in
            try db.execute(
                sql: "UPDATE leader_lease SET leased_until = ? WHERE role = ? AND term = ? AND leased_until > ?",
                arguments: [until, lease.role, lease.term, Self.milliseconds(now)])
            guard db.changesCount > 0 else { return nil }
            var renewed = lease
            renewed.expires = Date(timeIntervalSince1970: Double(until) / 1000)
            return renewed
        }
    }

    public func releaseLeadership(_ lease: LeaderLease) throws {
        try write("releasing the \(lease.role) lease", subject: lease.holder) { db in
            try db.execute(
                sql: "UPDATE leader_lease SET leased_until = 0 WHERE role = ? AND term = ?",
                arguments: [lease.role, lease.term])
        }
    }

    /// Throws `.leaseLost` unless `lease` is its role's current term. SQLite has no clock of its own and one
    /// writer at a time: a term not yet taken over still holds (its holder renews it while it works).
    static func checkLeadership(_ db: Database, _ lease: LeaderLease) throws {
        let term = try Int64.fetchOne(db, sql: "SELECT term FROM leader_lease WHERE role = ?", arguments: [lease.role])
        guard term == lease.term else {
            throw StoreError(
                .leaseLost, operation: "storing an alert", subject: lease.role,
                reason:
                    "the \(lease.role) lease of \(lease.holder) (term \(lease.term)) was taken over; nothing was written"
            )
        }
    }
}
