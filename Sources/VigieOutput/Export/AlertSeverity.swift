/// Orders alert severities as stored (`warning`, `critical`; anything else below them).
public enum AlertSeverity {
    /// The rank of `severity`: `critical` 2, `warning` 1, anything else 0.
    public static func rank(_ severity: String) -> Int {
        switch severity {
        case "critical": 2
        case "warning": 1
        default: 0
        }
    }

    /// The higher of two severities (ties broken by name, so the result does not depend on order).
    public static func highest(_ lhs: String?, _ rhs: String) -> String {
        guard let lhs else { return rhs }
        return (rank(lhs), lhs) >= (rank(rhs), rhs) ? lhs : rhs
    }
}
