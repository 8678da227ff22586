import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigieConfig
import VigieCore
import VigieFetch
import VigieOutput
import VigieStore
import VigieWatch

/// `vigie watch`: the main job.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch the configured sources and store every brand mention, scored.",
        discussion: """
            Polls each source of the configuration at its interval (with a little \
            jitter), each on its own clock: a slow or hung source delays only the \
            sources of its own host (one request at a time per host). Reads new \
            entries, finds the brands they mention, scores their \
            sentiment and stores them in the database named under storage: in the \
            configuration. Unchanged feeds cost a 304 and no parsing; a failing source \
            is retried with growing delays (at most 6 hours apart) and stays visible in \
            `vigie sources` with its last error.

            Runs until SIGINT (Ctrl-C) or SIGTERM, then cancels the fetches and webhook \
            deliveries in flight, stores what was already fetched and exits within a few \
            seconds; undelivered alerts wait in the database for the next start. Every fetch \
            is stored in one transaction: after a crash, restarting loses nothing that was \
            stored and duplicates nothing.

            One watcher per SQLite database: a second `vigie watch` on the same storage: exits at \
            once and names the running one (the lock is the kernel's, so a crash leaves none).

            On PostgreSQL (storage: url: postgres://…, after `vigie migrate`), run one watcher \
            per worker machine: each polls the hosts it can lease, and one of them, the holder \
            of the detector lease, also raises the alerts and sends the webhooks for all. When \
            it dies or stalls, another takes the role within a minute and catches up from the \
            stored mentions. With --once, the worker that can take the lease after its pass \
            raises the alerts over the stored history and sends the webhooks due; the others \
            say so and exit (docs/SCALING.md).

            Each brand is judged by the crisis detector (docs/DETECTION.md) when an hour \
            closes, and within the hour when the evidence is already overwhelming. Alerts are \
            stored, printed on stdout (one line each, or JSON lines with --alerts-format jsonl) \
            and queued in the database for every webhook under alerts: in the configuration; \
            webhooks are retried with growing delays, across restarts, until they accept or the \
            last attempt fails (see docs/ALERTS.md and `vigie alerts`).

            A document that libxml2 had to recover (ill-formed XML) is kept, but its source \
            shows "recovered" in `vigie sources`, its mentions carry "recovered": true in \
            `vigie mentions --format jsonl`, and the log says so once when it starts and once \
            when the feed is clean again.

            Logs go to stderr, one progress line a minute (one for the pass with --once); --log-format json makes every \
            stderr line one JSON object (time, level, label, message, metadata) for journald and log \
            shippers. Webhook secrets, credential headers and passwords in URLs never appear in a log line.

            With retention: in the configuration, mentions older than that are deleted in small \
            batches while the watcher works (see docs/CONFIG.md); timelines keep the whole history.

            Examples:
              vigie watch --config Samples/vigie.yaml --once     # one pass, for cron
              vigie watch --config vigie.yaml --log-level debug
              vigie watch --config /etc/vigie/vigie.yaml --log-format json   # under systemd
            """
    )

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Poll every source once, print a summary and exit (for cron).")
    var once = false

    @OptionGroup var service: ServiceOptions

    @Option(
        help: """
            What a stored fetch survives. normal (the default): a crash or kill -9 of Vigie, \
            never corruption, at one disk sync per checkpoint; full: also a power cut or an \
            OS crash, at one disk sync per fetch (much slower with hundreds of sources).
            """)
    var durability: VigieDatabase.Durability = .normal

    /// How alerts are printed on stdout.
    enum AlertsFormat: String, ExpressibleByArgument, CaseIterable { case text, jsonl, none }

    @Option(
        help: """
            How alerts are printed on stdout: text (one readable line each), jsonl (one JSON object each, \
            as vigie backtest writes them) or none. Printed when the configuration has a stdout sink or no \
            sink at all.
            """)
    var alertsFormat: AlertsFormat = .text

    func run() async throws {
        service.bootstrapLogging()
        let logger = Logger(label: "vigie.watch")
        let configuration = try config.loadForWatching()
        let settings: Pipeline.Settings
        do {
            settings = try Pipeline.Settings(configuration, lexicons: service.lexicons)
        } catch {
            StandardError.print("vigie: \(error)")
            throw ExitCode.failure
        }
        StandardError.setStyle(
            format: service.logFormat,
            secrets: WatchRuntime.secrets(configuration, webhooks: settings.webhooks.map(\.secret)))
        if configuration.storage.postgres != nil {
            try await watchPostgres(configuration, settings: settings, logger: logger)
            return
        }
        let lock = try WatchRuntime.lockStore(configuration)
        defer { lock.release() }
        let database = try WatchRuntime.openDatabase(configuration, durability: durability)
        let format = configuration.alertSettings.printsToStandardOutput ? alertsFormat : .none
        let pipeline = Pipeline(
            settings: settings, database: database, logger: logger, onAlert: { Self.printAlert($0, format: format) })
        do {
            try await run(pipeline, database: database, logger: logger)
        } catch {
            try? database.close()
            throw error
        }
        try database.close()
    }

    private func run(_ pipeline: Pipeline, database: VigieDatabase, logger: Logger) async throws {
        if once {
            // One pass, still stopped by SIGINT/SIGTERM: the fetches in flight are cancelled, what was fetched
            // is stored.
            let pass = OncePass { _ = try await pipeline.runOnce() }
            try await WatchRuntime.serviceGroup(
                [.init(service: pass, successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger
            ).run()
            try printCounts(database)
        } else {
            try await WatchRuntime.serviceGroup([.init(service: pipeline)], logger: logger).run()
        }
    }

    /// `vigie watch` on PostgreSQL, beside other workers (docs/SCALING.md): each worker polls the hosts it can
    /// lease; the one that holds the detector lease also raises the alerts and sends the webhooks. With `--once`,
    /// one pass, then (when this worker can take the lease) the detector over the stored history and the
    /// webhooks due. The schema must be this Vigie's (`vigie migrate` makes it so).
    private func watchPostgres(_ configuration: Configuration, settings: Pipeline.Settings, logger: Logger) async throws
    {
        let (store, connections) = try WatchRuntime.openPostgres(
            configuration, logger: Logger(label: "vigie.store"), exitWhenStuck: true)
        defer { connections.cancel() }
        try await WatchRuntime.checkSchema(store, command: "watch", configuration: configuration)
        let format = configuration.alertSettings.printsToStandardOutput ? alertsFormat : .none
        let (services, fetcher) = Self.postgresWorker(
            store: store, configuration: configuration, settings: settings, once: once, alertsFormat: format,
            logger: logger)
        do {
            try await WatchRuntime.serviceGroup(services, logger: logger).run()
        } catch {
            try? await fetcher.shutdown()
            throw error
        }
        try? await fetcher.shutdown()
        if once { try printCounts(try await store.mentionCounts()) }
    }

    /// What one worker runs on PostgreSQL (`vigie watch`, and `vigie serve` unless `--no-watch`): the passes
    /// over the hosts it can lease and the ``LeaderDuty`` (the detector and the webhooks, while this worker holds
    /// the detector lease); with `once`, one pass then the duty once. Shut `fetcher` down after the group.
    static func postgresWorker(
        store: PostgresStore, configuration: Configuration, settings: Pipeline.Settings, once: Bool,
        alertsFormat: AlertsFormat, logger: Logger
    ) -> (services: [ServiceGroupConfiguration.ServiceConfiguration], fetcher: Fetcher) {
        let fetcher = Fetcher(policy: settings.fetch, logger: logger)
        let watcher = Watcher(settings: settings.watch, database: store, fetcher: fetcher, logger: logger)
        let holder = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        let lease = configuration.storage.postgres?.lease ?? PostgresLocation.defaultLease
        let leader = LeaderDuty(
            store: store, settings: settings, holder: holder, logger: logger,
            onAlert: { Self.printAlert($0, format: alertsFormat) })
        guard !once else {
            let pass = OncePass {
                let report = try await watcher.runLeasedOnce(holder: holder, leaseDuration: lease)
                logger.info("\(report)")
                _ = try await leader.runOnce()
            }
            return ([.init(service: pass, successTerminationBehavior: .gracefullyShutdownGroup)], fetcher)
        }
        return (
            [
                .init(service: OncePass { try await watcher.runLeased(holder: holder, leaseDuration: lease) }),
                .init(service: leader),
            ], fetcher
        )
    }

    /// The `--once` summary: each brand's mentions by label.
    private func printCounts(_ database: VigieDatabase) throws {
        try printCounts(try database.mentionCounts())
    }

    private func printCounts(_ counts: [MentionCount]) throws {
        for count in counts {
            print(
                "\(count.brand): \(count.total) mentions (\(count.negative) negative, \(count.neutral) neutral, \(count.positive) positive)"
            )
        }
        if counts.isEmpty { print("no mentions yet") }
    }

    /// The stdout sink: one line per alert, flushed at once so a pipe sees it.
    static func printAlert(_ alert: StoredAlert, format: AlertsFormat) {
        let line: String
        switch format {
        case .none: return
        case .text: line = AlertText.line(alert)
        case .jsonl: line = alert.explanation
        }
        let output = StandardOutput()
        output.write(line + "\n")
        output.flush()
        if output.failure != 0 && output.failure != EPIPE {
            StandardError.print(
                "vigie watch: cannot print an alert to stdout (\(String(cString: strerror(output.failure)))); it is stored: vigie alerts"
            )
        }
    }
}

/// A pass or a loop as a service, so that the group's signal handling stops it too.
private struct OncePass: Service {
    let body: @Sendable () async throws -> Void
    init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    func run() async throws { try await body() }
}
