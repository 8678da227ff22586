import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore

extension Watcher {
    /// One pass over the sources this worker can lease (`vigie watch --once` on PostgreSQL): claims hosts with
    /// due sources (``WatchStore/leaseHosts(holder:duration:limit:now:)``), at most ``leasedHosts`` at a time,
    /// polls each leased host's due sources one after the other (one request at a time per host across every
    /// worker), records each fetch fenced by the lease, gives the lease back, and claims the next free host,
    /// until no host with a due source is free.
    ///
    /// A fetch whose lease was lost meanwhile (this worker stalled past its expiry and another took the host
    /// over) is not written: the store refuses it, the log says so, and the rest of that host is left to the
    /// worker that holds it now.
    ///
    /// - Parameters:
    ///   - holder: this worker's name in the lease rows (host name and process id, say).
    ///   - leaseDuration: how long a claim holds; it is renewed before each source of the host, so it must
    ///     cover one source's poll (fetch, parse, score, store).
    public func runLeasedOnce(holder: String, leaseDuration: Duration = .seconds(300)) async throws -> CycleReport {
        try await syncSources()
        return try await leasedPass(holder: holder, leaseDuration: leaseDuration)
    }

    /// Passes of ``runLeasedOnce(holder:leaseDuration:)`` until a graceful shutdown (`vigie watch` on
    /// PostgreSQL), sleeping on the timer between them until the next source is due (at least 5 s, at most
    /// ``WatchSettings/maximumIdle``: a due host that another worker holds is looked at again soon). One
    /// progress line per pass that polled something.
    public func runLeased(holder: String, leaseDuration: Duration = .seconds(300)) async throws {
        try await syncSources()
        let (sources, brands) = (settings.sources.filter(\.enabled).count, settings.matcher.brands.count)
        logger.info("watching \(sources) sources for \(brands) brands, beside the other workers of this database")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let report = try await cancelWhenGracefulShutdown {
                try await self.leasedPass(holder: holder, leaseDuration: leaseDuration)
            }
            if report.sources > 0 { logger.info("\(report)") }
            let wait = try await untilNextDue()
            try? await cancelWhenGracefulShutdown { try await self.timer.sleep(for: wait, tolerance: nil) }
        }
        logger.info("watcher stopped")
    }

    /// How long until the soonest enabled source is due, between 5 s and ``WatchSettings/maximumIdle``.
    private func untilNextDue() async throws -> Duration {
        let enabled = Set(settings.sources.filter(\.enabled).map(\.url.absoluteString))
        let now = clock()
        let next =
            try await database.sources().filter { !$0.retired && enabled.contains($0.url) }
            .map { $0.nextPollAt ?? now }.min() ?? now.addingTimeInterval(settings.maximumIdle.seconds)
        let seconds = min(max(next.timeIntervalSince(now), 5), max(settings.maximumIdle.seconds, 5))
        return .milliseconds(Int64(seconds * 1000))
    }

    /// One pass of ``runLeasedOnce(holder:leaseDuration:)``, the sources already synced.
    func leasedPass(holder: String, leaseDuration: Duration) async throws -> CycleReport {
        let sources = Dictionary(
            settings.sources.filter(\.enabled).map { ($0.url.absoluteString, $0) }, uniquingKeysWith: { a, _ in a })
        let started = ContinuousClock.now
        var report = try await withThrowingTaskGroup(of: CycleReport.self) { group in
            var report = CycleReport(cycle: 1)
            var polled = Set<String>()
            var running = 0
            while !Task.isCancelled {
                if running < Self.leasedHosts {
                    let leases = try await database.leaseHosts(
                        holder: holder, duration: leaseDuration, limit: Self.leasedHosts - running, now: clock())
                    var claimed = 0
                    for lease in leases {
                        // A host polled already in this pass that is still due (another configuration's source, a
                        // fetch refused): left to the next pass rather than polled in a loop.
                        guard polled.insert(lease.host).inserted else {
                            try? await database.releaseLease(lease)
                            continue
                        }
                        group.addTask { try await self.poll(lease, sources: sources, duration: leaseDuration) }
                        claimed += 1
                    }
                    running += claimed
                    if claimed > 0 { continue }
                }
                // Every free host is claimed (or this worker polls as many as it may): wait for one to finish,
                // then claim again.
                guard let part = try await group.next() else { break }
                report.add(part)
                running -= 1
            }
            while let part = try await group.next() { report.add(part) }
            return report
        }
        report.seconds = (ContinuousClock.now - started).seconds
        (report.residentBytes, report.peakResidentBytes) = ProcessMemory.current()
        return report
    }

    /// How many hosts one worker polls at once on a shared store: it claims the next free host as one
    /// finishes, so workers started together share the hosts instead of the first one claiming them all.
    static let leasedHosts = 4

    /// Polls the due sources of one leased host in turn, renewing the lease before each, then gives it back.
    private func poll(_ lease: HostLease, sources: [String: SourceSettings], duration: Duration) async throws
        -> CycleReport
    {
        var report = CycleReport(cycle: 1)
        var lease = lease
        let due = try await database.dueSources(of: lease, now: clock())
        for (index, state) in due.enumerated() {
            guard !Task.isCancelled else { break }
            // A source of another worker's configuration: not this worker's to poll.
            guard let source = sources[state.url] else { continue }
            if index > 0 {
                guard let renewed = try await database.renewLease(lease, duration: duration, now: clock()) else {
                    logger.warning(
                        "lease lost before polling, host left to its new holder",
                        metadata: ["source": "\(state.url)", "host": "\(lease.host)"])
                    return report
                }
                lease = renewed
            }
            report.sources += 1
            let poll = SourcePoll(
                source: source, fetcher: fetcher, finder: finder, schedule: settings.schedule, database: database)
            let (record, entries, known) = await poll.run(previous: state, now: clock)
            if Task.isCancelled, case .failed = record.outcome {
                report.interrupted += 1
                break
            }
            do {
                let stored = try await store(record, entries: entries, known: known, into: &report, lease: lease)
                if !stored.isEmpty { await onStored(stored) }
            } catch let error as StoreError where error.code == .leaseLost {
                logger.warning(
                    "lease lost, fetch not written, host left to its new holder: \(error.reason)",
                    metadata: ["source": "\(record.sourceURL)", "host": "\(lease.host)"])
                return report
            }
        }
        try? await database.releaseLease(lease)
        return report
    }
}

extension CycleReport {
    /// Adds another part of the same pass.
    mutating func add(_ other: CycleReport) {
        sources += other.sources
        fetched += other.fetched
        notModified += other.notModified
        failed += other.failed
        interrupted += other.interrupted
        entries += other.entries
        newEntries += other.newEntries
        duplicates += other.duplicates
        mentions += other.mentions
    }
}
