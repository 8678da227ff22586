/// What an alert announces; the raw values are what the store, `vigie backtest` and the webhooks write.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new wave of negative mentions.
    case negativeSpike = "negative_spike"
    /// The wave already announced grew to `critical`.
    case escalation
    /// The wave announced has subsided.
    case resolved
}

/// How bad a wave is, in order: `warning < critical`.
public enum AlertSeverity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Negative mentions are significantly above what is normal for the brand.
    case warning
    /// Negative mentions are several times what is normal and many in number.
    case critical

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs == .warning && rhs == .critical }
}
