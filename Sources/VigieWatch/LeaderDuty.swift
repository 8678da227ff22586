import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieFetch
import VigieMatch
import VigieOutput
import VigieStore

/// What one worker of several does for all of them (`vigie watch` on PostgreSQL): judge every worker's
/// mentions (a ``DetectionStage`` fed by the store's watermark) and send the webhooks (an ``AlertDelivery``),
/// while it holds the leader lease of the `detector` role.
///
/// Every worker runs one; the one that takes the lease catches up from the store (the same replay as a start on
/// SQLite), then judges the mentions committed since, and sends the deliveries due, every ``interval``, renewing
/// the lease meanwhile. Its alert writes are fenced by its term: a leader that stalled past its lease (`SIGSTOP`,
/// a partition) and resumes stores nothing, and the worker that took the role over (with a higher term) has
/// caught up and raises what was missed. When the leader dies, its lease expires within ``leaseDuration`` and
/// another worker takes the role.
public final class LeaderDuty: Service, Sendable {
    /// The role's name in the lease table.
    public static let role = "detector"

    private let store: any AlertStore
    private let settings: Pipeline.Settings
    private let holder: String
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let timer: any Clock<Duration>
    private let interval: Duration
    private let leaseDuration: Duration
    private let onAlert: @Sendable (StoredAlert) -> Void
    private let webhookClient: WebhookClient

    /// - Parameters:
    ///   - holder: this worker's name in the lease row.
    ///   - interval: how often the leader renews its lease, judges the new mentions and sends what is due,
    ///     and how often another worker tries to take the role.
    ///   - leaseDuration: how long the lease holds without renewal: how long the workers go without a leader
    ///     after the leader dies.
    ///   - clock: the time the detector and the outbox read; `timer` must advance with it.
    ///   - onAlert: called with every alert stored for the first time (the stdout sink).
    public init(
        store: any AlertStore, settings: Pipeline.Settings, holder: String, logger: Logger,
        interval: Duration = .seconds(10), leaseDuration: Duration = .seconds(60),
        clock: @escaping @Sendable () -> Date = { Date() }, timer: any Clock<Duration> = ContinuousClock(),
        onAlert: @escaping @Sendable (StoredAlert) -> Void = { _ in }
    ) {
        self.store = store
        self.settings = settings
        self.holder = holder
        self.logger = logger
        self.interval = interval
        self.leaseDuration = leaseDuration
        self.clock = clock
        self.timer = timer
        self.onAlert = onAlert
        self.webhookClient = WebhookClient(
            logger: Logger(label: "vigie.webhook"), allowPrivateRedirects: settings.fetch.allowPrivateRedirects)
    }

    /// Takes the role whenever it is free, and plays it while the lease holds, until a graceful shutdown (which
    /// gives the lease up, so that another worker takes it at once).
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let lease = try await store.acquireLeadership(
                    role: Self.role, holder: holder, duration: leaseDuration, now: clock())
                {
                    try await lead(lease)
                }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.error("leader lease: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await self.timer.sleep(for: self.interval, tolerance: nil) }
        }
        await shutdown()
    }

    /// One turn for `vigie watch --once`: when this worker can take the role, the detector catches up over the
    /// stored history, the deliveries due are sent, and the lease is given back. Returns `false` when another
    /// worker holds the role.
    public func runOnce() async throws -> Bool {
        do {
            let led = try await leadOnce()
            await shutdown()
            return led
        } catch {
            await shutdown()
            throw error
        }
    }

    private func leadOnce() async throws -> Bool {
        guard
            let lease = try await store.acquireLeadership(
                role: Self.role, holder: holder, duration: leaseDuration, now: clock())
        else {
            logger.notice(
                "another worker holds the detector lease: it raises the alerts and sends the webhooks; this pass stored mentions only"
            )
            return false
        }
        logger.info("detector lease taken (term \(lease.term)): judging the stored mentions")
        let stage = await detection(lease)
        let delivery = delivery()
        let held: Bool
        do {
            held = try await holding(lease) {
                try await stage.catchUp()
                try await cancelWhenGracefulShutdown { _ = try await delivery.deliverDue() }
            }
        } catch {
            try? await store.releaseLeadership(lease)
            throw error
        }
        if held { try await store.releaseLeadership(lease) }
        return true
    }

    /// Plays the role under `lease`: catches up, then judges and sends every ``interval``, the lease renewed
    /// meanwhile; returns when the lease is lost, or at a graceful shutdown after giving it up.
    private func lead(_ lease: LeaderLease) async throws {
        logger.notice("detector lease taken (term \(lease.term)): this worker raises the alerts and sends the webhooks")
        let stage = await detection(lease)
        let delivery = delivery()
        let (timer, interval) = (self.timer, self.interval)
        let held = try await holding(lease) {
            try await stage.catchUp()
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try await cancelWhenGracefulShutdown { _ = try await delivery.deliverDue() }
                try? await cancelWhenGracefulShutdown { try await timer.sleep(for: interval, tolerance: nil) }
                guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
                try await stage.tick()
            }
        }
        if held { try? await store.releaseLeadership(lease) }
    }

    /// Runs `work` while renewing `lease` every ``interval`` beside it (a catch-up over a large history may
    /// outlast one lease). Returns `true` when `work` ended with the lease held, `false` when the lease was lost
    /// (`work` is then cancelled, or its fenced write was refused): another worker judges now.
    private func holding(_ lease: LeaderLease, _ work: @escaping @Sendable () async throws -> Void) async throws
        -> Bool
    {
        let (store, timer, interval, duration, clock, logger) = (
            self.store, self.timer, self.interval, leaseDuration, self.clock, self.logger
        )
        do {
            return try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await work()
                    return true
                }
                group.addTask {
                    while true {
                        try await timer.sleep(for: interval, tolerance: nil)
                        guard try await store.renewLeadership(lease, duration: duration, now: clock()) != nil else {
                            logger.warning(
                                "detector lease lost (term \(lease.term) expired or was taken over): another worker judges now"
                            )
                            return false
                        }
                    }
                }
                let held = try await group.next() ?? false
                group.cancelAll()
                return held
            }
        } catch let error as StoreError where error.code == .leaseLost {
            logger.warning("detector lease lost, alerts not written: \(error.reason)")
            return false
        }
    }

    private func detection(_ lease: LeaderLease) async -> DetectionStage {
        let stage = DetectionStage(
            database: store, settings: settings.detector, timeZones: settings.brandTimeZones,
            sinks: settings.webhooks.map(\.name), brands: settings.watch.matcher.brands.map(\.name),
            logger: Logger(label: "vigie.alerts"), clock: clock, onAlert: onAlert)
        await stage.lead(lease)
        return stage
    }

    private func delivery() -> AlertDelivery {
        AlertDelivery(
            database: store, targets: settings.webhooks, retry: settings.retry, client: webhookClient,
            logger: Logger(label: "vigie.webhook"), clock: timer, now: clock)
    }

    private func shutdown() async {
        do {
            try await webhookClient.shutdown()
        } catch {
            logger.debug("closing the webhook client: \(error)")
        }
    }
}
