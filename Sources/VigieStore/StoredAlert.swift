import Foundation
import VigieCore

/// An alert as the store keeps it: what the detector raised, with the figures
/// behind it and an explanation for people.
///
/// An alert is identified by its brand, kind and bucket start (``key``):
/// raising it again (a detector re-run after a restart) stores nothing new.
public struct StoredAlert: Sendable, Hashable {
    /// The database id; `nil` before ``VigieDatabase/insertAlert(_:sinks:)``.
    public var id: Int64?
    /// The brand the alert is about.
    public var brand: String
    /// What was detected.
    public var kind: AlertKind
    /// How bad the wave was.
    public var severity: AlertSeverity
    /// The first instant of the bucket the alert is about.
    public var bucketStart: Date
    /// The bucket's width in seconds.
    public var bucketSeconds: Int
    /// When the detector raised it.
    public var raisedAt: Date
    /// Mentions of the brand in the bucket, and how many were negative.
    public var count: Int
    /// How many of them were negative.
    public var negativeCount: Int
    /// The expected number of negative mentions for such a bucket.
    public var baseline: Double
    /// The negative share of the bucket's mentions, in [0, 1].
    public var share: Double
    /// A JSON object explaining the alert (terms, sample mentions…), stored as given.
    public var explanation: String

    /// An alert to store; `explanation` must be JSON text.
    public init(
        id: Int64? = nil, brand: String, kind: AlertKind, severity: AlertSeverity, bucketStart: Date,
        bucketSeconds: Int, raisedAt: Date, count: Int, negativeCount: Int, baseline: Double,
        share: Double, explanation: String = "{}"
    ) {
        self.id = id
        self.brand = brand
        self.kind = kind
        self.severity = severity
        self.bucketStart = bucketStart
        self.bucketSeconds = bucketSeconds
        self.raisedAt = raisedAt
        self.count = count
        self.negativeCount = negativeCount
        self.baseline = baseline
        self.share = share
        self.explanation = explanation
    }

    /// What makes two alerts the same: brand, kind and bucket start (whole seconds).
    public var key: String {
        "\(brand)\u{1F}\(kind.rawValue)\u{1F}\(Int64(bucketStart.timeIntervalSince1970.rounded(.down)))"
    }
}
