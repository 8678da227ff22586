/// When the outbox tries a failed delivery again: exponential backoff with jitter, a cap, and a last attempt.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var attempts: Int
    /// Delay before the second attempt.
    public var firstDelay: Duration
    /// The longest delay between two attempts.
    public var maximumDelay: Duration

    /// A retry policy (defaults: 8 attempts, 30 s doubling up to 1 h).
    public init(attempts: Int = 8, firstDelay: Duration = .seconds(30), maximumDelay: Duration = .seconds(3600)) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// Whether a delivery that has failed `attemptsMade` times may be tried again.
    public func allowsRetry(afterAttempts attemptsMade: Int) -> Bool { attemptsMade < attempts }

    /// The delay after the `attemptsMade`-th failed attempt: `firstDelay × 2^(attemptsMade−1)`, capped, then
    /// scaled by `jitter` (a number in [0, 1), mapped to ×[0.75, 1.25], rounded to the millisecond) so many failed deliveries do not retry
    /// in step.
    public func delay(afterAttempts attemptsMade: Int, jitter: Double) -> Duration {
        let first = Double(firstDelay.components.seconds) + Double(firstDelay.components.attoseconds) * 1e-18
        let cap = Double(maximumDelay.components.seconds) + Double(maximumDelay.components.attoseconds) * 1e-18
        let exponent = Double(min(max(attemptsMade - 1, 0), 40))
        let base = min(first * Double.pow2(exponent), cap)
        let factor = 0.75 + 0.5 * min(max(jitter, 0), 0.999_999)
        return .milliseconds(Int64((base * factor * 1000).rounded()))
    }
}

extension Double {
    fileprivate static func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
