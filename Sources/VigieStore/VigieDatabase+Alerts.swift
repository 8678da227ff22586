import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// Stores a raised alert and, in the same transaction, one pending outbox
    /// delivery per sink (due at `raisedAt`), each with its own idempotency key.
    ///
    /// Idempotent: an alert with the same brand, kind and bucket start as a
    /// stored one is not stored again, and no delivery is added.
    ///
    /// - Returns: the new alert's id, or `nil` when it had already been raised.
    @discardableResult
    public func insertAlert(_ alert: StoredAlert, sinks: [String]) throws -> Int64? {
        try write("storing an alert", subject: "\(alert.brand) \(alert.kind)") { db in
            try Self.insertAlert(db, alert, sinks: sinks)
        }
    }

    /// ``insertAlert(_:sinks:)`` inside a write.
    static func insertAlert(_ db: Database, _ alert: StoredAlert, sinks: [String]) throws -> Int64? {
        try db.cachedStatement(
            sql: """
                INSERT INTO alert (key, brand, kind, severity, bucket_start, bucket_seconds, raised_at, count,
                negative_count, baseline, share, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO NOTHING
                """
        ).execute(
            arguments: [
                alert.key, alert.brand, alert.kind.rawValue, alert.severity.rawValue,
                Epoch.seconds(alert.bucketStart),
                alert.bucketSeconds, Epoch.seconds(alert.raisedAt), alert.count, alert.negativeCount,
                alert.baseline, alert.share, alert.explanation,
            ])
        guard db.changesCount > 0 else { return nil }
        let alertID = db.lastInsertedRowID
        let raised = Epoch.seconds(alert.raisedAt)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (alert_id, sink, idempotency_key, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (alert_id, sink) DO NOTHING
                """)
        for sink in sinks {
            try insert.execute(arguments: [alertID, sink, Delivery.newIdempotencyKey(), raised, raised])
        }
        return alertID
    }

    /// Alerts, newest bucket first; `brand` and `since` (on the bucket start) filter when given.
    public func alerts(brand: String? = nil, since: Date? = nil, limit: Int? = nil) throws -> [StoredAlert] {
        var conditions: [String] = []
        var arguments = StatementArgumentsBuilder()
        if let brand {
            conditions.append("brand = ?")
            arguments.append(brand)
        }
        if let since {
            conditions.append("bucket_start >= ?")
            arguments.append(Epoch.seconds(since))
        }
        var sql = "SELECT * FROM alert"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY bucket_start DESC, id DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try read("listing alerts") { db in
            try StoredAlert.fetchAll(db, sql: sql, arguments: arguments.arguments)
        }
    }

    /// Pending deliveries whose next attempt is at or before `now`, oldest due first.
    ///
    /// A read: two senders calling it at once would both get the same rows, so
    /// one process sends (the watcher). What a crash interrupts stays pending and
    /// is returned again after a restart: delivery is at least once.
    public func dueDeliveries(now: Date, limit: Int = 100) throws -> [Delivery] {
        try read("listing due deliveries") { db in try Self.dueDeliveries(db, now: now, limit: limit) }
    }

    /// ``dueDeliveries(now:limit:)`` inside a read or a write.
    static func dueDeliveries(_ db: Database, now: Date, limit: Int) throws -> [Delivery] {
        try Row.fetchAll(
            db,
            sql: """
                \(deliverySelect) WHERE o.status = 'pending' AND o.next_attempt_at <= ?
                ORDER BY o.next_attempt_at, o.id LIMIT ?
                """,
            arguments: [Epoch.seconds(now), max(0, limit)]
        ).map(delivery)
    }

    /// Counts an attempt of a pending delivery and makes it due again at a date (arguments: the attempt's date,
    /// the retry's, the delivery's id).
    static let beginAttemptSQL = """
        UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?,
            last_error = 'interrupted before its outcome was recorded'
                || coalesce(' (the attempt before: ' || last_error || ')', '')
        WHERE id = ? AND status = 'pending'
        """

    /// Deliveries in a given state (all when `nil`), newest first: what `vigie alerts` shows,
    /// failed ones included.
    public func deliveries(status: Delivery.Status? = nil, limit: Int? = nil) throws -> [Delivery] {
        var sql = Self.deliverySelect
        var arguments: StatementArguments = []
        if let status {
            sql += " WHERE o.status = ?"
            arguments = [status.rawValue]
        }
        sql += " ORDER BY o.created_at DESC, o.id DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try read("listing deliveries") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.delivery)
        }
    }

    /// Counts an attempt before anything is sent, and makes the delivery due again at `retryAt` (the
    /// backoff after this attempt). A stop during the attempt, even `kill -9`, leaves it counted, not
    /// retried before `retryAt`, and saying so in `last_error`: a receiver that keeps failing still ends
    /// `failed` after the policy's attempts, however often the sender is killed. The outcome is then
    /// recorded by ``markDelivered(id:at:)``, ``markAttemptFailed(id:error:nextAttempt:)`` or
    /// ``markFailed(id:error:)``. A delivery that is no longer pending is left as it is. (The sender claims and
    /// settles through ``AlertStore`` instead: ``claimDueDeliveries(now:retryAt:limit:)``.)
    public func beginAttempt(id: Int64, at date: Date, retryAt: Date) throws {
        try updateDelivery(
            id, "starting a delivery attempt", sql: Self.beginAttemptSQL,
            arguments: [Epoch.seconds(date), Epoch.seconds(retryAt), id])
    }

    /// Records that the attempt begun succeeded: the delivery leaves the queue for good.
    public func markDelivered(id: Int64, at date: Date) throws {
        try updateDelivery(
            id, "marking a delivery delivered",
            sql: "UPDATE outbox SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ?",
            arguments: [Epoch.seconds(date), id])
    }

    /// Records that the attempt begun failed and will be retried at `nextAttempt`.
    /// A delivery that is no longer pending is left as it is.
    public func markAttemptFailed(id: Int64, error: String, nextAttempt: Date) throws {
        try updateDelivery(
            id, "recording a failed delivery attempt",
            sql: "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
            arguments: [error, Epoch.seconds(nextAttempt), id])
    }

    /// Gives a delivery up — the attempt begun was the last, or it cannot be attempted at all (its sink is
    /// gone): it is kept as `failed`, visible in ``deliveries(status:limit:)``, and no longer retried.
    public func markFailed(id: Int64, error: String) throws {
        try updateDelivery(
            id, "marking a delivery failed",
            sql: "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ? AND status = 'pending'",
            arguments: [error, id])
    }

    /// Puts a failed delivery back in the queue, due at `date` (an operator's retry).
    /// Its idempotency key is kept.
    public func requeueDelivery(id: Int64, at date: Date) throws {
        try updateDelivery(
            id, "requeueing a delivery",
            sql: "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'failed'",
            arguments: [Epoch.seconds(date), id])
    }

    /// The alert with this id, or `nil`.
    public func alert(id: Int64) throws -> StoredAlert? {
        try read("reading an alert", subject: "alert \(id)") { db in
            try StoredAlert.fetchOne(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [id])
        }
    }

    /// The deliveries of each alert of `alertIDs` (one per sink), by alert id, each list in sink order.
    public func deliveries(alertIDs: [Int64]) throws -> [Int64: [Delivery]] {
        guard !alertIDs.isEmpty else { return [:] }
        let list = alertIDs.map(String.init).joined(separator: ",")
        return try read("listing an alert's deliveries") { db in
            try Dictionary(
                grouping: Row.fetchAll(db, sql: "\(Self.deliverySelect) WHERE o.alert_id IN (\(list)) ORDER BY o.sink")
                    .map(Self.delivery),
                by: { $0.alert.id ?? 0 })
        }
    }

    /// Puts every delivery of an alert back in the queue, due at `date`, with a fresh count of attempts (the
    /// dashboard's retry button): failed ones are tried again and delivered ones are sent again. Returns how
    /// many deliveries were requeued.
    /// - Throws: ``StoreError`` with code `.notFound` when there is no such alert.
    @discardableResult
    public func retryDeliveries(alertID: Int64, at date: Date) throws -> Int {
        let operation = "retrying an alert's deliveries"
        return try write(operation, subject: "alert \(alertID)") { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM alert WHERE id = ?)", arguments: [alertID])
                    == true
            else {
                throw StoreError(.notFound, operation: operation, subject: "alert \(alertID)", reason: "no such alert")
            }
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, delivered_at = NULL
                    WHERE alert_id = ?
                    """,
                arguments: [Epoch.seconds(date), alertID])
            return db.changesCount
        }
    }

    /// How many alerts each brand has of each severity (`vigie_alerts_total`).
    public func alertCounts() throws -> [(brand: String, severity: AlertSeverity, count: Int)] {
        try read("counting alerts") { db in
            try Row.fetchAll(db, sql: "SELECT brand, severity, count(*) FROM alert GROUP BY 1, 2 ORDER BY 1, 2")
                .compactMap { row in
                    AlertSeverity(rawValue: row[1] as String).map { (row[0] as String, $0, row[2] as Int) }
                }
        }
    }

    /// How many fetches were recorded with each outcome (`fetched`, `not_modified`, `failed`), since the
    /// `v6-serve-triage` migration (`vigie_fetches_total`).
    public func fetchCounts() throws -> [String: Int] {
        try read("counting fetches") { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT outcome, count FROM fetch_count").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
    }

    /// How many deliveries wait in the outbox for each sink that has any delivery, 0 included
    /// (`vigie_outbox_pending`: a gauge that falls to 0 rather than vanishing).
    public func pendingDeliveryCounts() throws -> [String: Int] {
        try read("counting pending deliveries") { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT sink, sum(status = 'pending') FROM outbox GROUP BY sink"
                ).map { ($0[0] as String, $0[1] as Int) })
        }
    }

    private func updateDelivery(_ id: Int64, _ operation: String, sql: String, arguments: StatementArguments) throws {
        try write(operation, subject: "delivery \(id)") { db in
            try db.execute(sql: sql, arguments: arguments)
            if db.changesCount == 0,
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE id = ?)", arguments: [id]) != true
            {
                throw StoreError(.notFound, operation: operation, subject: "delivery \(id)", reason: "no such delivery")
            }
        }
    }

    static let deliverySelect = """
        SELECT o.id AS o_id, o.sink, o.idempotency_key, o.status, o.attempts, o.created_at, o.next_attempt_at,
               o.last_attempt_at, o.last_error, o.delivered_at, a.*
        FROM outbox o JOIN alert a ON a.id = o.alert_id
        """

    static func delivery(_ row: Row) -> Delivery {
        Delivery(
            id: row["o_id"],
            sink: row["sink"],
            idempotencyKey: row["idempotency_key"],
            status: Delivery.Status(rawValue: row["status"] as String) ?? .pending,
            attempts: row["attempts"],
            createdAt: Epoch.date(row["created_at"] as Int64),
            nextAttemptAt: Epoch.date(row["next_attempt_at"] as Int64),
            lastAttemptAt: Epoch.date(row["last_attempt_at"] as Int64?),
            lastError: row["last_error"],
            deliveredAt: Epoch.date(row["delivered_at"] as Int64?),
            alert: StoredAlert(row: row)
        )
    }
}
