import Foundation

/// Progress of a long export, told on stderr (through `report`) only once it
/// has taken more than `delay`, then about every `interval`: short exports stay silent.
///
/// Checking the clock costs little but not nothing, so ``advance(by:)`` looks
/// at it every 4,096 rows.
public struct ExportProgress {
    private let what: String
    private let started = ContinuousClock.now
    private let delay: Duration
    private let interval: Duration
    private let report: (String) -> Void
    private var nextReport: ContinuousClock.Instant
    private var sinceCheck = 0
    /// Rows counted so far.
    public private(set) var count = 0
    /// Whether anything was reported.
    public private(set) var reported = false

    /// Progress of `what` ("mentions"), told through `report` after `delay`, then every `interval`.
    public init(
        _ what: String, delay: Duration = .seconds(2), interval: Duration = .seconds(2),
        report: @escaping (String) -> Void
    ) {
        self.what = what
        self.delay = delay
        self.interval = interval
        self.report = report
        self.nextReport = started + delay
    }

    /// Counts `rows` more rows, and tells how far it got when it is time.
    public mutating func advance(by rows: Int = 1) {
        count += rows
        sinceCheck += rows
        guard sinceCheck >= 4096 else { return }
        sinceCheck = 0
        let now = ContinuousClock.now
        guard now >= nextReport else { return }
        nextReport = now + interval
        reported = true
        report("\(count) \(what) written (\(Self.seconds(now - started)) s)")
    }

    /// Tells the total when progress was reported before (so the last line is the final count).
    public func finish() {
        guard reported else { return }
        report("done: \(count) \(what) in \(Self.seconds(ContinuousClock.now - started)) s")
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
