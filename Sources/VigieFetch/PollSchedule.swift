import Foundation

/// When to poll a source next: its interval with jitter after a success,
/// exponential backoff after failures (capped, never dropping the source),
/// and never sooner than a server's `Retry-After`.
///
/// No input can make it trap or schedule past ``longestDelay``: a huge
/// interval or `Retry-After` (the fetcher caps the latter already), a `NaN`
/// random value or jitter, all land on a date the store can hold.
public struct PollSchedule: Sendable, Hashable {
    /// The furthest ahead a poll is ever scheduled, whatever is asked: a year.
    public static let longestDelay: Double = 365 * 86_400

    /// Spread of the jitter, as a fraction of the interval (0.1: ±10 %).
    public var jitter: Double
    /// First backoff delay after a failure.
    public var backoffBase: Duration
    /// The longest a failing source waits between tries.
    public var backoffCap: Duration

    public init(jitter: Double = 0.1, backoffBase: Duration = .seconds(60), backoffCap: Duration = .seconds(6 * 3600)) {
        self.jitter = jitter
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    /// The next poll time after a successful fetch (or a 304).
    /// - Parameter random: a value in [0, 1) (injected, for tests).
    public func next(after now: Date, interval: Duration, random: Double) -> Date {
        let seconds = interval.seconds * (1 + jitter * (2 * random - 1))
        return now.addingTimeInterval(Self.bounded(seconds))
    }

    /// The next try after the `failures`-th failure in a row (1 for the first).
    public func nextAfterFailure(
        _ failures: Int, now: Date, interval: Duration, retryAfter: Duration?, random: Double
    ) -> Date {
        let exponent = min(max(failures, 1) - 1, 20)
        var delay = backoffBase.seconds * pow(2, Double(exponent))
        // A failing source is never polled more often than a healthy one.
        delay = max(delay, min(interval.seconds, backoffCap.seconds))
        delay = min(delay, backoffCap.seconds)
        delay *= 1 + jitter * (2 * random - 1)
        if let retryAfter { delay = max(delay, retryAfter.seconds) }
        return now.addingTimeInterval(Self.bounded(delay))
    }

    /// A delay in `1...longestDelay` seconds (`NaN` reads as the shortest).
    static func bounded(_ seconds: Double) -> Double {
        guard !seconds.isNaN else { return 1 }
        return min(max(1, seconds), longestDelay)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
