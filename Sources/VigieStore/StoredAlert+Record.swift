import Foundation
import GRDB
import VigieCore

/// The one reader of alert rows, by the `alert` table's column names (listings and exports alike).
extension StoredAlert: FetchableRecord {
    public init(row: Row) {
        self.init(
            id: row["id"], brand: row["brand"],
            // Values this version does not know (none are written today) read as the most cautious ones.
            kind: AlertKind(rawValue: row["kind"]) ?? .negativeSpike,
            severity: AlertSeverity(rawValue: row["severity"]) ?? .critical,
            bucketStart: Epoch.date(row["bucket_start"] as Int64), bucketSeconds: row["bucket_seconds"],
            raisedAt: Epoch.date(row["raised_at"] as Int64), count: row["count"],
            negativeCount: row["negative_count"], baseline: row["baseline"], share: row["share"],
            explanation: row["explanation"])
    }
}
