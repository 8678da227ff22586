import Foundation
import PostgresNIO
import VigieCore

extension PostgresStore: AlertStore {
    /// The mentions committed since `watermark`, by transaction id: in one repeatable-read snapshot, those whose
    /// transaction id is at or above the watermark's `xmin` and not among the transactions it had seen, ordered by
    /// store time, then transaction, then id. The new watermark is the snapshot's `xmin` (every transaction below
    /// it had ended: its mentions were read now or before) and the transactions at or above it whose mentions are
    /// visible (committed: read now or before), so that a transaction still in flight, whatever the ids it took,
    /// is read once it commits, and none is read twice.
    public func mentionsForDetector(after watermark: MentionWatermark?, since: Date?) async throws -> (
        rows: [MentionRow], watermark: MentionWatermark
    ) {
        let logger = self.logger
        let after = watermark?.value
        let seen = (watermark?.seen ?? []).sorted()
        let since = Epoch.seconds(since)
        return try await transaction("reading the mentions to judge") { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            let xmin =
                try await connection.query(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", logger: logger
                ).collect().first?.decode(Int64.self) ?? 0
            let rows = try await connection.query(
                """
                SELECT \(unescaped: MentionRow.selection) FROM mention m \(unescaped: MentionRow.joins)
                WHERE (\(after)::bigint IS NULL OR m.xid >= \(after)::bigint::text::xid8)
                AND NOT m.xid::text::bigint = ANY(\(seen)::bigint[])
                AND (\(since)::bigint IS NULL OR m.time >= \(since)::bigint)
                ORDER BY e.first_seen_at, m.xid, m.id
                """, logger: logger
            ).collect().map(MentionRow.init(postgres:))
            var visible = Set<Int64>()
            for try await xid in try await connection.query(
                "SELECT DISTINCT xid::text::bigint FROM mention WHERE xid >= \(xmin)::bigint::text::xid8",
                logger: logger
            ).decode(Int64.self) {
                visible.insert(xid)
            }
            return (rows, MentionWatermark(max(after ?? 0, xmin), seen: visible))
        }
    }

    /// Stores an alert and its deliveries in one transaction, once per (brand, kind, bucket) whatever the
    /// number of leaders (`ON CONFLICT DO NOTHING`: the deliveries are made only for the row inserted); fenced by
    /// `leader`'s term, share-locked until commit so that a takeover waits for it.
    public func insertAlert(_ alert: StoredAlert, sinks: [String], fencedBy leader: LeaderLease?) async throws
        -> Int64?
    {
        let logger = self.logger
        return try await transaction("storing an alert", subject: "\(alert.brand) \(alert.kind)") { connection in
            if let leader { try await Self.checkLeadership(connection, leader, logger: logger) }
            let raised = Epoch.seconds(alert.raisedAt)
            guard
                let id = try await connection.query(
                    """
                    INSERT INTO alert (brand, kind, severity, bucket_start, bucket_seconds, raised_at, count,
                    negative_count, baseline, share, explanation) VALUES (\(alert.brand), \(alert.kind.rawValue),
                    \(alert.severity.rawValue), \(Epoch.seconds(alert.bucketStart)), \(alert.bucketSeconds), \(raised),
                    \(alert.count), \(alert.negativeCount), \(alert.baseline), \(alert.share), \(alert.explanation))
                    ON CONFLICT (brand, kind, bucket_start) DO NOTHING RETURNING id
                    """, logger: logger
                ).collect().first?.decode(Int64.self)
            else { return nil }
            for sink in sinks {
                try await connection.query(
                    """
                    INSERT INTO outbox (alert_id, sink, idempotency_key, created_at, next_attempt_at)
                    VALUES (\(id), \(sink), \(Delivery.newIdempotencyKey()), \(raised), \(raised))
                    ON CONFLICT (alert_id, sink) DO NOTHING
                    """, logger: logger)
            }
            return id
        }
    }

    public func alerts(brand: String?, since: Date?, limit: Int?) async throws -> [StoredAlert] {
        let logger = self.logger
        let since = Epoch.seconds(since)
        let limit = limit.map { String(max(0, $0)) } ?? "ALL"
        return try await reading("listing alerts") { connection in
            try await connection.query(
                """
                SELECT \(unescaped: Self.alertColumns("a")) FROM alert a
                WHERE (\(brand)::text IS NULL OR a.brand = \(brand)::text)
                AND (\(since)::bigint IS NULL OR a.bucket_start >= \(since)::bigint)
                ORDER BY a.bucket_start DESC, a.id DESC LIMIT \(unescaped: limit)
                """, logger: logger
            ).collect().map { try StoredAlert(postgres: $0.makeRandomAccess(), from: 0) }
        }
    }

    /// The alerts a timeline marks, as ``VigieDatabase/alerts(brands:since:until:)`` reads them: those of
    /// `brands` (every brand when empty) whose bucket starts in `[since, until)`, oldest bucket first.
    public func alerts(brands: [String], since: Date?, until: Date?) async throws -> [StoredAlert] {
        let logger = self.logger
        let since = Epoch.seconds(since)
        let until = until.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        return try await reading("listing alerts for an export") { connection in
            try await connection.query(
                """
                SELECT \(unescaped: Self.alertColumns("a")) FROM alert a
                WHERE (cardinality(\(brands)::text[]) = 0 OR a.brand = ANY(\(brands)::text[]))
                AND (\(since)::bigint IS NULL OR a.bucket_start >= \(since)::bigint)
                AND (\(until)::bigint IS NULL OR a.bucket_start < \(until)::bigint)
                ORDER BY a.bucket_start, a.id
                """, logger: logger
            ).collect().map { try StoredAlert(postgres: $0.makeRandomAccess(), from: 0) }
        }
    }

    public func deliveries(alertIDs: [Int64]) async throws -> [Int64: [Delivery]] {
        guard !alertIDs.isEmpty else { return [:] }
        let logger = self.logger
        return try await reading("listing an alert's deliveries") { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.deliveryColumns("o")), \(unescaped: Self.alertColumns("a"))
                FROM outbox o JOIN alert a ON a.id = o.alert_id
                WHERE o.alert_id = ANY(\(alertIDs)::bigint[]) ORDER BY o.sink
                """, logger: logger
            ).collect()
            return Dictionary(grouping: try rows.map(Self.delivery), by: { $0.alert.id ?? 0 })
        }
    }

    /// The columns a ``StoredAlert`` is read from (``StoredAlert/init(postgres:from:)``), of the table aliased
    /// `alias`.
    static func alertColumns(_ alias: String) -> String {
        [
            "id", "brand", "kind", "severity", "bucket_start", "bucket_seconds", "raised_at", "count", "negative_count",
            "baseline", "share", "explanation",
        ].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// The outbox columns of a ``Delivery``, before its alert's (``alertColumns(_:)``).
    static func deliveryColumns(_ alias: String) -> String {
        [
            "id", "sink", "idempotency_key", "status", "attempts", "created_at", "next_attempt_at", "last_attempt_at",
            "last_error", "delivered_at",
        ].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// A row of ``deliveryColumns(_:)`` then ``alertColumns(_:)``.
    static func delivery(_ row: PostgresRow) throws -> Delivery {
        let r = row.makeRandomAccess()
        return Delivery(
            id: try r[0].decode(Int64.self), sink: try r[1].decode(String.self),
            idempotencyKey: try r[2].decode(String.self),
            status: Delivery.Status(rawValue: try r[3].decode(String.self)) ?? .pending,
            attempts: try r[4].decode(Int.self), createdAt: Epoch.date(try r[5].decode(Int64.self)),
            nextAttemptAt: Epoch.date(try r[6].decode(Int64.self)),
            lastAttemptAt: Epoch.date(try r[7].decode(Int64?.self)), lastError: try r[8].decode(String?.self),
            deliveredAt: Epoch.date(try r[9].decode(Int64?.self)), alert: try StoredAlert(postgres: r, from: 10))
    }
}

extension StoredAlert {
    /// The alert of ``PostgresStore/alertColumns(_:)`` starting at column `first`.
    init(postgres r: PostgresRandomAccessRow, from first: Int) throws {
        self.init(
            id: try r[first].decode(Int64.self), brand: try r[first + 1].decode(String.self),
            kind: AlertKind(rawValue: try r[first + 2].decode(String.self)) ?? .negativeSpike,
            severity: AlertSeverity(rawValue: try r[first + 3].decode(String.self)) ?? .critical,
            bucketStart: Epoch.date(try r[first + 4].decode(Int64.self)),
            bucketSeconds: try r[first + 5].decode(Int.self),
            raisedAt: Epoch.date(try r[first + 6].decode(Int64.self)), count: try r[first + 7].decode(Int.self),
            negativeCount: try r[first + 8].decode(Int.self), baseline: try r[first + 9].decode(Double.self),
            share: try r[first + 10].decode(Double.self), explanation: try r[first + 11].decode(String.self))
    }
}
