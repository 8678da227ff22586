import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieDetect
import VigieFetch
import VigieMatch
import VigieOutput
import VigieStore

/// Vigie's pipeline, one service: ingest → match → score → store (the ``Watcher``), detect (the
/// ``DetectionStage``, handed the mentions each fetch stored) and the webhook sink (``AlertDelivery``, which
/// sends what the outbox holds). It owns the stages, their HTTP clients and their lifecycle; `vigie watch`
/// builds one from the configuration and runs it.
///
/// ```swift
/// let pipeline = try Pipeline(settings: Pipeline.Settings(configuration), database: database, logger: logger)
/// try await pipeline.run()              // until a graceful shutdown (SIGTERM through the service group)
/// let report = try await pipeline.runOnce()   // or one pass over every source, for cron
/// ```
///
/// A pipeline runs once: when ``run()`` or ``runOnce()`` returns, its clients are shut down. The database
/// stays open: it belongs to the caller.
public final class Pipeline: Service, Sendable {
    /// Everything the stages take, already read and checked (``init(_:lexicons:environment:)`` builds it
    /// from a configuration).
    public struct Settings: Sendable {
        /// Sources, brands and scorers.
        public var watch: WatchSettings
        /// How fetches behave (timeouts, size caps, redirects); its `allowPrivateRedirects` also rules
        /// where webhook redirects may go.
        public var fetch: FetchPolicy
        /// The crisis detector's settings.
        public var detector: DetectorSettings
        /// Brands whose days and weeks are in another time zone than the detector's.
        public var brandTimeZones: [String: TimeZone]
        /// The webhooks alerts are queued for, with their secrets.
        public var webhooks: [WebhookTarget]
        /// How failed webhook deliveries are retried.
        public var retry: RetryPolicy
        /// What `retention:` keeps, and how the purge is paced; `nil` keeps everything.
        public var retention: Retention.Settings?

        /// Settings from their parts.
        public init(
            watch: WatchSettings, fetch: FetchPolicy = FetchPolicy(), detector: DetectorSettings = DetectorSettings(),
            brandTimeZones: [String: TimeZone] = [:], webhooks: [WebhookTarget] = [],
            retry: RetryPolicy = RetryPolicy(), retention: Retention.Settings? = nil
        ) {
            self.watch = watch
            self.fetch = fetch
            self.detector = detector
            self.brandTimeZones = brandTimeZones
            self.webhooks = webhooks
            self.retry = retry
            self.retention = retention
        }
    }

    private let fetcher: Fetcher
    private let webhookClient: WebhookClient
    private let watcher: Watcher
    private let detection: DetectionStage
    private let delivery: AlertDelivery
    private let retention: Retention?
    private let logger: Logger

    /// Builds the stages over `database`.
    /// - Parameters:
    ///   - onAlert: called with every alert stored for the first time (the stdout sink).
    ///   - clock: the time the stages read (sources due, buckets, retries); the wall clock by default.
    ///   - timer: what the watcher sleeps on until a source is due; it must advance with `clock`.
    public init(
        settings: Settings, database: VigieDatabase, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }, timer: any Clock<Duration> = ContinuousClock(),
        onAlert: @escaping @Sendable (StoredAlert) -> Void = { _ in }
    ) {
        self.logger = logger
        fetcher = Fetcher(policy: settings.fetch, logger: logger)
        webhookClient = WebhookClient(
            logger: Logger(label: "vigie.webhook"), allowPrivateRedirects: settings.fetch.allowPrivateRedirects)
        let detection = DetectionStage(
            database: database, settings: settings.detector, timeZones: settings.brandTimeZones,
            sinks: settings.webhooks.map(\.name), brands: settings.watch.matcher.brands.map(\.name),
            logger: Logger(label: "vigie.alerts"), clock: clock, onAlert: onAlert)
        self.detection = detection
        watcher = Watcher(
            settings: settings.watch, database: database, fetcher: fetcher, logger: logger, clock: clock,
            timer: timer,
            onStored: { ids in
                do {
                    try await detection.receive(ids)
                } catch {
                    logger.error("alert evaluation failed: \(error)")
                }
            })
        delivery = AlertDelivery(
            database: database, targets: settings.webhooks, retry: settings.retry, client: webhookClient,
            logger: Logger(label: "vigie.webhook"), now: clock)
        retention = settings.retention.map {
            Retention(database: database, settings: $0, logger: Logger(label: "vigie.retention"), now: clock)
        }
    }

    /// Runs every stage until a graceful shutdown: sources polled as they fall due, each fetch's new
    /// mentions judged as soon as they are stored, buckets closed on time, webhooks sent and retried.
    /// The detector first catches up from the store.
    public func run() async throws {
        do {
            try await detection.catchUp()
            var services: [any Service] = [watcher, detection, delivery]
            if let retention { services.append(retention) }
            let stages = ServiceGroup(configuration: Self.stageGroup(services, logger: logger))
            try await stages.run()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// One pass, for cron: every source polled once whatever its schedule, the new mentions judged, the
    /// buckets that ended closed, the webhooks due sent, what `retention:` no longer keeps purged. A graceful
    /// shutdown cancels the fetches in flight (what was fetched is stored).
    public func runOnce() async throws -> CycleReport {
        let report: CycleReport
        do {
            try await detection.catchUp()
            report = try await watcher.runOnce()
            logger.info("\(report)")
            try await cancelWhenGracefulShutdown {
                try await self.detection.tick()
                _ = try await self.delivery.deliverDue()
                try await self.retention?.purge()
            }
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
        return report
    }

    /// The stages as one group under the caller's: they stop when it shuts down gracefully, and are
    /// cancelled 3 s later whatever the network does.
    private static func stageGroup(_ services: [any Service], logger: Logger) -> ServiceGroupConfiguration {
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        return configuration
    }

    private func shutdown() async {
        do {
            try await webhookClient.shutdown()
            try await fetcher.shutdown()
        } catch {
            logger.debug("closing the HTTP clients: \(error)")
        }
    }
}
