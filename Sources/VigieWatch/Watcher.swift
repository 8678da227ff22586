import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore

/// The long-running watcher: polls each source when it is due (``SourceScheduler``: every source on
/// its own clock, one request at a time per host), and turns what it finds into stored, scored,
/// deduplicated mentions.
///
/// Every fetch's results are written in one transaction, so a crash loses
/// nothing that was committed and a restart duplicates nothing. On SIGINT or
/// SIGTERM (through the service group) the fetches in flight are cancelled:
/// what was already fetched is stored, the cancelled sources are left as they
/// were (due, so the next start polls them first), and the loop ends.
public final class Watcher: Service, Sendable {
    let settings: WatchSettings
    let database: any WatchStore
    let fetcher: Fetcher
    let logger: Logger
    let finder: MentionFinder
    let clock: @Sendable () -> Date
    let timer: any Clock<Duration>
    let onStored: @Sendable ([Int64]) async -> Void
    /// Sources polled at once (the fetcher separately limits requests per host).
    let width = 32

    /// - Parameters:
    ///   - clock: the time sources are due by and fetches are recorded at.
    ///   - timer: what the watcher sleeps on until the next source is due; it must advance with `clock`
    ///     (tests pass a `TestClock` and a `clock` read from it).
    ///   - onStored: called with the ids of the mentions each fetch stored, once they are committed
    ///     (the pipeline hands them to the detector).
    public init(
        settings: WatchSettings, database: any WatchStore, fetcher: Fetcher, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }, timer: any Clock<Duration> = ContinuousClock(),
        onStored: @escaping @Sendable ([Int64]) async -> Void = { _ in }
    ) {
        self.timer = timer
        self.settings = settings
        self.onStored = onStored
        self.database = database
        self.fetcher = fetcher
        self.logger = logger
        self.clock = clock
        self.finder = MentionFinder(
            matcher: settings.matcher, scorer: settings.scorer, brandScorers: settings.brandScorers)
    }

    private var enabledSources: [SourceSettings] { settings.sources.filter(\.enabled) }

    /// Makes the store's list of sources match the configuration.
    public func syncSources() async throws {
        try await database.syncSources(
            enabledSources.map {
                SourceDefinition(
                    url: $0.url.absoluteString, name: $0.name, kind: $0.kind.rawValue, host: Self.host(of: $0))
            },
            now: clock())
    }

    /// A source's politeness key: its host as the fetcher counts it, or its URL when it has none (`file://`).
    static func host(of source: SourceSettings) -> String {
        source.url.host.map(HostKey.of) ?? source.url.absoluteString
    }

    /// Polls every source once, whatever its schedule (for cron users), each host's sources one after
    /// the other and the hosts side by side.
    public func runOnce() async throws -> CycleReport {
        try await syncSources()
        return try await cancelWhenGracefulShutdown { try await self.schedule(once: true) }
    }

    /// Polls each source when it falls due, on its own clock, until a graceful shutdown: a slow or hung
    /// source delays only the sources of its own host. One progress line per ``WatchSettings/maximumIdle``.
    public func run() async throws {
        try await syncSources()
        logger.info("watching \(enabledSources.count) sources for \(settings.matcher.brands.count) brands")
        try await cancelWhenGracefulShutdown { _ = try await self.schedule(once: false) }
        logger.info("watcher stopped")
    }

    /// The sources as the scheduler's jobs: due when the store says (a source never fetched is due now).
    private func jobs() async throws -> [SourceScheduler.Job] {
        let states = Dictionary(
            try await database.sources().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        return enabledSources.map { source in
            let url = source.url.absoluteString
            return SourceScheduler.Job(
                id: url, host: Self.host(of: source), due: states[url]?.nextPollAt ?? .distantPast)
        }
    }

    /// Runs the scheduler over the enabled sources; returns the figures of the last progress period (of
    /// the whole pass when `once`).
    ///
    /// When the task is cancelled (a graceful shutdown), no further source is started and a fetch that
    /// failed from then on is not recorded: it was interrupted, not refused by its server, and the source
    /// stays due rather than being counted as failing.
    func schedule(once: Bool) async throws -> CycleReport {
        let sources = Dictionary(enabledSources.map { ($0.url.absoluteString, $0) }, uniquingKeysWith: { a, _ in a })
        let jobs = try await jobs()
        let scheduler = SourceScheduler(
            width: width, maximumIdle: settings.maximumIdle, clock: timer, now: clock)
        let (fetcher, finder, schedule, database, clock) = (
            self.fetcher, self.finder, settings.schedule, self.database, self.clock
        )
        var period = 1
        var report = CycleReport(cycle: period)
        if once { report.sources = jobs.count }
        var periodStart = clock()
        var started = ContinuousClock.now
        var completions = 0
        func close() {
            report.seconds = (ContinuousClock.now - started).seconds
            (report.residentBytes, report.peakResidentBytes) = ProcessMemory.current()
        }
        func progress() {
            guard !once, clock().timeIntervalSince(periodStart) >= settings.maximumIdle.seconds else { return }
            close()
            logger.info("\(report)")
            period += 1
            report = CycleReport(cycle: period)
            periodStart = clock()
            started = ContinuousClock.now
        }
        try await scheduler.run(
            jobs, once: once,
            poll: { job in
                let previous = try? await database.source(url: job.id)
                let poll = SourcePoll(
                    source: sources[job.id]!, fetcher: fetcher, finder: finder, schedule: schedule, database: database)
                let result = await poll.run(previous: previous, now: clock)
                return (result, previous)
            },
            completed: { job, outcome in
                let ((record, entries, known), previous) = outcome
                completions += 1
                if !once { report.sources += 1 }
                if Task.isCancelled, case .failed = record.outcome {
                    report.interrupted += 1
                    return nil
                }
                let stored = try await store(record, entries: entries, known: known, into: &report)
                reportRecovery(record, previous: previous)
                if !stored.isEmpty { await onStored(stored) }
                progress()
                return record.nextPollAt
            },
            idle: progress)
        if once { report.interrupted += jobs.count - completions }
        close()
        return report
    }

    /// Says in the log when a source's documents start needing libxml2's recovery, and when they are
    /// clean again (once each, not at every fetch).
    private func reportRecovery(_ record: FetchRecord, previous: SourceState?) {
        guard case .fetched = record.outcome else { return }
        let was = previous?.recovery
        switch (was, record.recovery) {
        case (nil, let now?):
            logger.warning(
                "source's document is ill-formed, read by recovery (its entries are kept and flagged): \(now)",
                metadata: ["source": "\(record.sourceURL)"])
        case (_?, nil):
            logger.notice("source's document is well-formed again", metadata: ["source": "\(record.sourceURL)"])
        default: break
        }
    }

    /// Stores one fetch (fenced by `lease`, when polled under one) and counts it in `report`; returns the ids
    /// of the mentions stored.
    func store(
        _ record: FetchRecord, entries: Int, known: Int, into report: inout CycleReport, lease: HostLease? = nil
    ) async throws -> [Int64] {
        let summary = try await database.record(record, fencedBy: lease)
        report.entries += entries
        report.newEntries += summary.newEntries
        report.duplicates += known + summary.duplicatesWithinSource + summary.duplicatesAcrossSources
        report.mentions += summary.mentionsStored
        switch record.outcome {
        case .fetched: report.fetched += 1
        case .notModified: report.notModified += 1
        case .failed(_, let error):
            report.failed += 1
            logger.warning(
                "source failed (\(record.consecutiveFailures) in a row, next try \(RFC3339.format(record.nextPollAt))): \(error)",
                metadata: ["source": "\(record.sourceURL)"])
        }
        return summary.mentionIDs
    }
}
