import VigieCore

/// A decision of the crisis detector about one brand, with everything needed to explain it.
///
/// One crisis gives one ``Kind/negativeSpike`` alert, at most one ``Kind/escalation`` when it grows from
/// `warning` to `critical`, and one ``Kind/resolved`` notice when it subsides. Alerts are plain values: the
/// same history replayed with the same settings gives the same alerts, with the same ``key``.
public struct Alert: Sendable, Hashable, Codable {
    /// What the alert announces (``AlertKind``, shared with the store and the sinks).
    public typealias Kind = AlertKind
    /// How bad the wave is (``AlertSeverity``).
    public typealias Severity = AlertSeverity

    /// The brand concerned.
    public var brand: String
    /// What the alert announces.
    public var kind: Kind
    /// The wave's severity when the alert was raised.
    public var severity: Severity
    /// Start of the bucket that made the decision (seconds since 1970 UTC).
    public var bucketStart: Int64
    /// When a live watcher raises it (seconds since 1970 UTC): the end of the deciding bucket, or the moment
    /// of an early decision within the bucket. Always after ``bucketStart``.
    public var raisedAt: Int64
    /// Start of the bucket that opened the incident this alert belongs to; equal to ``bucketStart`` for the
    /// `negative_spike` alert itself, so escalations and resolutions can be tied to it.
    public var incidentStart: Int64
    /// The numbers behind the decision.
    public var evidence: AlertEvidence
    /// The most negative mentions of the deciding window, most negative first (empty when unknown).
    public var mostNegative: [AlertMention]

    /// Creates an alert.
    public init(
        brand: String, kind: Kind, severity: Severity, bucketStart: Int64, raisedAt: Int64,
        incidentStart: Int64, evidence: AlertEvidence, mostNegative: [AlertMention] = []
    ) {
        self.brand = brand
        self.kind = kind
        self.severity = severity
        self.bucketStart = bucketStart
        self.raisedAt = raisedAt
        self.incidentStart = incidentStart
        self.evidence = evidence
        self.mostNegative = mostNegative
    }

    /// A stable identifier of this alert: the same incident replayed gives the same key, so a receiver
    /// (or the outbox) can drop repeats.
    public var key: String { "\(brand)/\(incidentStart)/\(kind.rawValue)/\(bucketStart)" }
}
