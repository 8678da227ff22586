import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieStore

/// The retention stage (`retention:` in vigie.yaml): deletes the entries, mentions and delivered webhook
/// rows older than the retention period in small batches, each its own short write, with a pause between
/// them so that the watcher's fetches go in; then gives the freed pages back to the disk, a few megabytes
/// at a time. Alerts and the timelines' per-quarter-hour totals are kept. A service of its own in the
/// ``Pipeline``: it purges when the watcher starts, then every ``Settings/interval``.
///
/// ```swift
/// let retention = Retention(database: database, settings: .init(period: .seconds(90 * 86_400)), logger: logger)
/// let report = try await retention.purge()
/// ```
public final class Retention: Service, Sendable {
    /// How the purge is paced.
    public struct Settings: Sendable, Hashable {
        /// What is kept: mentions whose time is within this period of now.
        public var period: Duration
        /// The most entries (with their mentions) deleted per write.
        public var batch: Int
        /// The most free pages given back per write (4 KiB each).
        public var reclaimPages: Int
        /// How long one write should hold the store: a batch that took longer is halved for the next write,
        /// one that took under half of it is doubled (up to ``batch`` or ``reclaimPages``). How long a batch
        /// takes depends on the disk, the cache and the load, not on its size alone: on a 3.4 GiB store
        /// being compacted on a busy machine, 2,048 pages given back in one write took 22 s.
        public var targetWrite: Duration
        /// The pause between two writes, for the watcher's.
        public var pause: Duration
        /// How often the stage looks for expired rows.
        public var interval: Duration

        /// Settings keeping `period`, with batches of up to 1,000 entries and up to 2,048 pages (8 MiB)
        /// given back per write, each write aiming at 200 ms, 20 ms between writes, a purge every hour.
        public init(
            period: Duration, batch: Int = 1_000, reclaimPages: Int = 2_048, targetWrite: Duration = .milliseconds(200),
            pause: Duration = .milliseconds(20), interval: Duration = .seconds(3_600)
        ) {
            self.period = period
            self.batch = batch
            self.reclaimPages = reclaimPages
            self.targetWrite = targetWrite
            self.pause = pause
            self.interval = interval
        }
    }

    /// The size of the next write after one of `size` took `took`: halved above the target, doubled under
    /// half of it, kept within 1…`maximum`.
    static func nextSize(after size: Int, took: Duration, target: Duration, maximum: Int) -> Int {
        if took > target { return max(size / 2, 1) }
        if took * 2 < target { return min(size * 2, maximum) }
        return size
    }

    /// What one ``purge()`` did.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// The time before which rows were deleted.
        public var cutoff: Date
        public var entries = 0
        public var mentions = 0
        public var deliveries = 0
        /// Writes made (purge batches and page reclaims).
        public var writes = 0
        /// Free pages given back to the disk.
        public var pagesReclaimed = 0
        /// The longest purge batch, from asking for the store's writer to its commit (waiting for the
        /// watcher's write in progress included).
        public var longestBatch: Duration = .zero
        /// The longest page reclaim (incremental vacuum), measured the same way.
        public var longestReclaim: Duration = .zero
        /// The longest single write: the longest the watcher may have waited for the store.
        public var longestWrite: Duration { max(longestBatch, longestReclaim) }

        public var description: String {
            "retention: deleted \(mentions) mentions, \(entries) entries and \(deliveries) delivered webhook rows "
                + "older than \(RFC3339.format(cutoff)) in \(writes) writes (longest batch "
                + "\(Int((longestBatch / .milliseconds(1)).rounded())) ms, longest reclaim "
                + "\(Int((longestReclaim / .milliseconds(1)).rounded())) ms), gave back \(pagesReclaimed * 4 / 1024) MiB"
        }
    }

    private let database: VigieDatabase
    private let settings: Settings
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let clock: any Clock<Duration>

    /// A stage over `database`.
    /// - Parameters:
    ///   - now: the wall clock the cutoff is computed from.
    ///   - clock: the clock the pauses and the hourly wait sleep on (a `TestClock` in tests).
    public init(
        database: VigieDatabase, settings: Settings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.now = now
        self.clock = clock
    }

    /// Purges now, then every ``Settings/interval`` until a graceful shutdown. A failed purge is logged and
    /// tried again at the next interval.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await purge()
            } catch is CancellationError {
                return
            } catch {
                logger.error("retention: \(error)")
            }
            let clock = self.clock
            let interval = settings.interval
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    /// Deletes everything older than the period, batch by batch, then gives the freed pages back.
    /// A graceful shutdown stops it between two writes (each write is whole); the next purge goes on.
    @discardableResult
    public func purge() async throws -> Report {
        let seconds = Double(settings.period.components.seconds)
        var report = Report(cutoff: now().addingTimeInterval(-seconds))
        let timer = ContinuousClock()
        // Both kinds of write start small and grow while they stay well under the target.
        var batch = min(settings.batch, 100)
        while !Task.isShuttingDownGracefully {
            try Task.checkCancellation()
            let began = timer.now
            let step = try database.purgeStep(before: report.cutoff, limit: batch)
            let took = timer.now - began
            report.longestBatch = max(report.longestBatch, took)
            batch = Self.nextSize(after: batch, took: took, target: settings.targetWrite, maximum: settings.batch)
            report.writes += 1
            report.entries += step.entries
            report.mentions += step.mentions
            report.deliveries += step.deliveries
            if step.isEmpty { break }
            try await clock.sleep(for: settings.pause)
        }
        var pages = min(settings.reclaimPages, 64)
        while !Task.isShuttingDownGracefully {
            try Task.checkCancellation()
            let began = timer.now
            let reclaimed = try database.reclaimFreePages(limit: pages)
            let took = timer.now - began
            report.longestReclaim = max(report.longestReclaim, took)
            pages = Self.nextSize(
                after: pages, took: took, target: settings.targetWrite, maximum: settings.reclaimPages)
            report.writes += 1
            report.pagesReclaimed += reclaimed
            if reclaimed == 0 { break }
            try await clock.sleep(for: settings.pause)
        }
        if report.pagesReclaimed > 0 { try database.checkpoint() }
        if report.entries > 0 || report.deliveries > 0 || report.pagesReclaimed > 0 {
            logger.info("\(report)")
        } else {
            logger.debug("\(report)")
        }
        return report
    }
}
