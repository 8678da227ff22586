import Foundation
import VigieCore
import VigieDetect
import VigieStore

extension StoredAlert {
    /// The detector's alert as the store keeps it; the explanation is the alert's full JSON line
    /// (evidence, window, quoted mentions and their terms).
    public init(_ alert: Alert, bucketSeconds: Int64) {
        self.init(
            brand: alert.brand, kind: alert.kind, severity: alert.severity,
            bucketStart: Date(timeIntervalSince1970: TimeInterval(alert.bucketStart)),
            bucketSeconds: Int(bucketSeconds), raisedAt: Date(timeIntervalSince1970: TimeInterval(alert.raisedAt)),
            count: alert.evidence.mentions, negativeCount: alert.evidence.negatives, baseline: alert.evidence.baseline,
            share: alert.evidence.negativeShare, explanation: alert.jsonLine)
    }
}
