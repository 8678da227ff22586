import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import VigieConfig
import VigieCore
import VigieFetch
import VigieOutput
import VigieServe
import VigieStore
import VigieWatch

/// `vigie serve`: the dashboard, the JSON API and the metrics, and the watcher unless `--no-watch`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard, the JSON API and the metrics (and watch the sources).",
        discussion: """
            One process that does what `vigie watch` does and serves over HTTP:
              /                 the dashboard (timelines, mention feed, alerts, rehearsal of detector settings,
                                sources health), in French and English, usable on a phone
              /api/v1/...       the JSON API (its OpenAPI document: /api/v1/openapi.yaml; docs/SERVE.md)
              /metrics          Prometheus text format (loopback clients only unless serve: public_metrics: true)
              /healthz /readyz  200 ok when the process runs / when the store answers

            With --no-watch it only serves, beside a `vigie watch` that runs on the same database (one watcher \
            per SQLite database: without --no-watch, a second watcher is refused).

            On PostgreSQL (storage: url: postgres://…, after `vigie migrate`), it serves what the whole fleet \
            stored: with --no-watch, a dashboard beside the `vigie watch` workers; without it, it is also one of \
            the workers (it polls the hosts it can lease, and raises the alerts and sends the webhooks while it \
            holds the detector lease), as `vigie watch` is (docs/SCALING.md). Relabels and read marks are the \
            database's, shared by every dashboard on it.

            It listens on 127.0.0.1:8080 by default, reachable from this machine only. To listen on another \
            address, configure who may come in, in vigie.yaml:
              serve:
                listen: 0.0.0.0:8080
                token_env: VIGIE_API_TOKEN          # Authorization: Bearer for /api/v1, also accepted at login
                password_env: VIGIE_SERVE_PASSWORD  # the dashboard's login
            and set those variables where Vigie runs. Without a token or a password, a non-loopback address is \
            refused. Put it behind a TLS reverse proxy when it leaves the machine.

            Stops on SIGINT (Ctrl-C) or SIGTERM within seconds, like `vigie watch`.

            Examples:
              vigie serve --config Samples/vigie.yaml              # then open http://127.0.0.1:8080/
              vigie serve --config vigie.yaml --no-watch --listen 127.0.0.1:9090
              VIGIE_API_TOKEN=… vigie serve --config /etc/vigie/vigie.yaml --listen 0.0.0.0:8080 --log-format json
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(
        help: ArgumentHelp(
            "Where to listen, HOST:PORT (default: serve: listen: in the configuration, else 127.0.0.1:8080; port 0: any free port).",
            valueName: "host:port"))
    var listen: String?

    @Flag(help: "Only serve: do not poll the sources (a `vigie watch` runs beside it on the same database).")
    var noWatch = false

    @OptionGroup var service: ServiceOptions

    func validate() throws {
        if let listen, Self.address(listen) == nil {
            throw ValidationError("--listen \(listen): expected HOST:PORT such as 127.0.0.1:8080")
        }
    }

    /// `HOST:PORT` split, `[::1]:8080` included.
    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
            let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port)
        else { return nil }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        service.bootstrapLogging()
        let logger = Logger(label: "vigie.serve")
        let configuration = noWatch ? try config.load() : try config.loadForWatching()
        let environment = ProcessInfo.processInfo.environment
        let serve = configuration.serveSettings
        let (host, port) = Self.address(listen ?? serve.listen ?? "127.0.0.1:8080") ?? ("127.0.0.1", 8080)
        var settings = ServerSettings(
            host: host, port: port, publicMetrics: serve.publicMetrics,
            brands: configuration.brands.map(\.name), timeZones: configuration.brandTimeZones,
            detector: configuration.alertSettings.detector, version: BuildInfo.version)
        for (variable, key) in [
            (serve.tokenEnvironmentVariable, \ServerSettings.token),
            (serve.passwordEnvironmentVariable, \ServerSettings.password),
        ] {
            guard let variable else { continue }
            guard let value = environment[variable], !value.isEmpty else {
                StandardError.print(
                    "vigie serve: the environment variable \(variable) (serve: in \(configuration.file)) is not set; "
                        + "export \(variable)='…' where Vigie runs, or remove it from serve:")
                throw ExitCode.failure
            }
            settings[keyPath: key] = value
        }
        if let refusal = settings.refusal {
            StandardError.print("vigie serve: \(refusal)")
            throw ExitCode.failure
        }
        var secrets = [settings.token, settings.password].compactMap { $0 }
        var pipelineSettings: Pipeline.Settings?
        if !noWatch {
            do {
                pipelineSettings = try Pipeline.Settings(configuration, lexicons: service.lexicons)
            } catch {
                StandardError.print("vigie: \(error)")
                throw ExitCode.failure
            }
            secrets += WatchRuntime.secrets(configuration, webhooks: pipelineSettings?.webhooks.map(\.secret) ?? [])
        }
        StandardError.setStyle(format: service.logFormat, secrets: secrets)
        if configuration.storage.postgres != nil {
            try await servePostgres(configuration, settings: settings, watching: pipelineSettings, logger: logger)
            return
        }
        let lock = noWatch ? nil : try WatchRuntime.lockStore(configuration)
        defer { lock?.release() }
        let database = try WatchRuntime.openDatabase(configuration)
        do {
            var services = [try await Self.application(database, settings: settings, logger: logger)]
            if let pipelineSettings {
                services.append(
                    .init(
                        service: Pipeline(
                            settings: pipelineSettings, database: database, logger: Logger(label: "vigie.watch"),
                            onAlert: { WatchCommand.printAlert($0, format: Self.alertsFormat(configuration)) })))
            }
            try await WatchRuntime.serviceGroup(services, logger: logger).run()
        } catch {
            try? database.close()
            throw error
        }
        try database.close()
    }

    /// `vigie serve` on PostgreSQL: the schema must be this Vigie's; with `--no-watch` it only serves, beside the
    /// workers; otherwise it is also one of them (``WatchCommand/postgresWorker(store:configuration:settings:once:alertsFormat:logger:)``:
    /// the hosts it can lease, and the detector and webhooks while it holds the detector lease). No lock: the
    /// workers share the database by their leases.
    private func servePostgres(
        _ configuration: Configuration, settings: ServerSettings, watching: Pipeline.Settings?, logger: Logger
    ) async throws {
        let (store, connections) = try WatchRuntime.openPostgres(
            configuration, logger: Logger(label: "vigie.store"), exitWhenStuck: watching != nil)
        defer { connections.cancel() }
        try await WatchRuntime.checkSchema(store, command: "serve", configuration: configuration)
        var services = [try await Self.application(store, settings: settings, logger: logger)]
        var fetcher: Fetcher?
        if let watching {
            let worker = WatchCommand.postgresWorker(
                store: store, configuration: configuration, settings: watching, once: false,
                alertsFormat: Self.alertsFormat(configuration), logger: Logger(label: "vigie.watch"))
            services += worker.services
            fetcher = worker.fetcher
        }
        do {
            try await WatchRuntime.serviceGroup(services, logger: logger).run()
        } catch {
            try? await fetcher?.shutdown()
            throw error
        }
        try? await fetcher?.shutdown()
    }

    /// The HTTP side over `store`, as a service; settings that may not be served are said on stderr.
    private static func application(_ store: any TriageStore, settings: ServerSettings, logger: Logger) async throws
        -> ServiceGroupConfiguration.ServiceConfiguration
    {
        do {
            let application = try await VigieServer.application(
                database: store, settings: settings, logger: logger,
                onListening: { host, port in
                    logger.notice("serving the dashboard on http://\(Self.hostText(host)):\(port)/")
                })
            return .init(service: application)
        } catch let error as ServeError {
            StandardError.print("vigie serve: \(error)")
            throw ExitCode.failure
        }
    }

    /// How the watcher prints alerts on stdout: one line each when the configuration has a stdout sink.
    private static func alertsFormat(_ configuration: Configuration) -> WatchCommand.AlertsFormat {
        configuration.alertSettings.printsToStandardOutput ? .text : .none
    }

    private static func hostText(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
