import Foundation
import GRDB

extension VigieDatabase {
    /// The first and last mention times under `filter` (its `limit` is ignored),
    /// or `nil` when no mention passes it: where an export's timeline starts and
    /// ends when the caller gives no bounds.
    public func mentionTimeRange(_ filter: MentionFilter) throws -> ClosedRange<Date>? {
        try read("finding the time range of mentions") { db in
            let (condition, arguments) = try filter.whereClause(db, listingEveryBrand: true)
            let row = try Row.fetchOne(
                db, sql: "SELECT min(m.time), max(m.time) FROM mention m \(condition)", arguments: arguments)
            guard let row, let first = row[0] as Int64?, let last = row[1] as Int64? else { return nil }
            return Epoch.date(first)...Epoch.date(last)
        }
    }

    /// The alerts of `brands` (every brand when empty) whose bucket starts in
    /// `[since, until)` (either bound may be `nil`), oldest bucket first (ties by id):
    /// what an export marks on its timeline.
    public func alerts(brands: [String], since: Date?, until: Date?) throws -> [StoredAlert] {
        var conditions: [String] = []
        var arguments = StatementArgumentsBuilder()
        if !brands.isEmpty {
            conditions.append("brand IN (\(brands.map { _ in "?" }.joined(separator: ",")))")
            for brand in brands { arguments.append(brand) }
        }
        if let since {
            conditions.append("bucket_start >= ?")
            arguments.append(Epoch.seconds(since))
        }
        if let until {
            conditions.append("bucket_start < ?")
            arguments.append(Int64(until.timeIntervalSince1970.rounded(.up)))
        }
        var sql = "SELECT * FROM alert"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY bucket_start, id"
        return try read("listing alerts for an export") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments.arguments).map(Self.exportedAlert)
        }
    }

    private static func exportedAlert(_ row: Row) -> StoredAlert {
        StoredAlert(
            id: row["id"], brand: row["brand"], kind: row["kind"], severity: row["severity"],
            bucketStart: Epoch.date(row["bucket_start"] as Int64), bucketSeconds: row["bucket_seconds"],
            raisedAt: Epoch.date(row["raised_at"] as Int64), count: row["count"],
            negativeCount: row["negative_count"], baseline: row["baseline"], share: row["share"],
            explanation: row["explanation"])
    }
}
