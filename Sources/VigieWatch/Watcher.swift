import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore

/// The long-running watcher: polls each source when it is due, and turns
/// what it finds into stored, scored, deduplicated mentions.
///
/// Every fetch's results are written in one transaction, so a crash loses
/// nothing that was committed and a restart duplicates nothing. On SIGINT or
/// SIGTERM (through the service group) the fetches in flight are cancelled:
/// what was already fetched is stored, the cancelled sources are left as they
/// were (due, so the next start polls them first), and the loop ends.
public final class Watcher: Service, Sendable {
    private let settings: WatchSettings
    private let database: VigieDatabase
    private let fetcher: Fetcher
    private let logger: Logger
    private let finder: MentionFinder
    private let clock: @Sendable () -> Date
    private let onStored: @Sendable ([Int64]) async -> Void
    /// Sources polled at once (the fetcher separately limits requests per host).
    private let width = 32

    /// - Parameter onStored: called with the ids of the mentions each fetch stored, once they are committed
    ///   (the pipeline hands them to the detector).
    public init(
        settings: WatchSettings, database: VigieDatabase, fetcher: Fetcher, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() },
        onStored: @escaping @Sendable ([Int64]) async -> Void = { _ in }
    ) {
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
    public func syncSources() throws {
        try database.syncSources(
            enabledSources.map { SourceDefinition(url: $0.url.absoluteString, name: $0.name, kind: $0.kind.rawValue) },
            now: clock())
    }

    /// Polls every source once, whatever its schedule (for cron users).
    public func runOnce() async throws -> CycleReport {
        try syncSources()
        return try await cancelWhenGracefulShutdown { try await self.poll(self.enabledSources, cycle: 1) }
    }

    /// Polls sources as they fall due until a graceful shutdown.
    public func run() async throws {
        try syncSources()
        logger.info("watching \(enabledSources.count) sources for \(settings.matcher.brands.count) brands")
        var cycle = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = clock()
            let due = try database.scheduledSources(dueBy: now).map(\.url)
            let dueSet = Set(due)
            let sources = enabledSources.filter { dueSet.contains($0.url.absoluteString) }
            if !sources.isEmpty {
                cycle += 1
                let number = cycle
                let report = try await cancelWhenGracefulShutdown { try await self.poll(sources, cycle: number) }
                logger.info("\(report)")
            }
            let next = try database.nextPollTime() ?? now.addingTimeInterval(settings.maximumIdle.seconds)
            let wait = min(max(next.timeIntervalSince(clock()), 0.2), settings.maximumIdle.seconds)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
        }
        logger.info("watcher stopped")
    }

    /// One cycle over `sources`: fetched concurrently, each recorded as soon as it is done.
    ///
    /// When the task is cancelled (a graceful shutdown), no further source is started and a
    /// fetch that failed from then on is not recorded: it was interrupted, not refused by its
    /// server, and the source stays due rather than being counted as failing.
    func poll(_ sources: [SourceSettings], cycle: Int) async throws -> CycleReport {
        let started = ContinuousClock.now
        var report = CycleReport(cycle: cycle)
        report.sources = sources.count
        let states = Dictionary(try database.sources().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        let polls = sources.map {
            SourcePoll(source: $0, fetcher: fetcher, finder: finder, schedule: settings.schedule, database: database)
        }
        let clock = self.clock
        try await withThrowingTaskGroup(of: (FetchRecord, Int, Int).self) { group in
            var next = 0
            func launch() {
                guard next < polls.count, !Task.isCancelled else { return }
                let poll = polls[next]
                let previous = states[poll.source.url.absoluteString]
                next += 1
                group.addTask { await poll.run(previous: previous, now: clock) }
            }
            for _ in 0..<min(width, polls.count) { launch() }
            while let (record, entries, known) = try await group.next() {
                if Task.isCancelled, case .failed = record.outcome {
                    report.interrupted += 1
                    continue
                }
                let stored = try store(record, entries: entries, known: known, into: &report)
                if !stored.isEmpty { await onStored(stored) }
                launch()
            }
            report.interrupted += polls.count - next
        }
        report.seconds = (ContinuousClock.now - started).seconds
        (report.residentBytes, report.peakResidentBytes) = ProcessMemory.current()
        return report
    }

    /// Stores one fetch and counts it in `report`; returns the ids of the mentions stored.
    private func store(_ record: FetchRecord, entries: Int, known: Int, into report: inout CycleReport) throws
        -> [Int64]
    {
        let summary = try database.record(record)
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
