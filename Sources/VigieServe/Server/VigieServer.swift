import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VigieStore

/// `vigie serve`'s HTTP side: the dashboard, the JSON API under `/api/v1`, `/metrics`, `/healthz` and
/// `/readyz`, over one store: a SQLite ``VigieDatabase`` or a ``PostgresStore`` (any ``TriageStore``).
///
/// ```swift
/// let app = try await VigieServer.application(database: database, settings: settings, logger: logger)
/// try await ServiceGroup(services: [app], logger: logger).run()
/// ```
public enum VigieServer {
    /// Every route, behind ``AccessMiddleware``.
    public static func router(
        database: any TriageStore, settings: ServerSettings, resources: URL? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> Router<ServeContext> {
        let folder = try resources ?? ServeResources.locate()
        let store = ServeStore(database: database, settings: settings, now: now)
        let router = Router(context: ServeContext.self)
        router.add(middleware: AccessMiddleware(settings: settings))
        MetricsRoutes(store: store).register(on: router)
        let api = router.group("api/v1")
        MentionRoutes(store: store).register(on: api)
        TimelineRoutes(store: store).register(on: api)
        AlertRoutes(store: store).register(on: api)
        BacktestRoutes(store: store).register(on: api)
        SourceRoutes(store: store).register(on: api)
        DashboardRoutes(
            store: store, pages: try await PageRenderer(resources: folder, sessionKey: settings.sessionKey),
            resources: folder
        )
        .register(on: router)
        return router
    }

    /// The application, a `ServiceLifecycle.Service` listening on `settings.host:settings.port`.
    ///
    /// - Parameter onListening: called with the address actually bound (port 0 picks a free one).
    /// - Throws: ``ServeError`` when the settings may not be served (a non-loopback address without a token
    ///   or a password) or the resources are missing.
    public static func application(
        database: any TriageStore, settings: ServerSettings, resources: URL? = nil, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() },
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) async throws -> some ApplicationProtocol & Service {
        if let refusal = settings.refusal { throw ServeError(refusal) }
        let router = try await router(database: database, settings: settings, resources: resources, now: now)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "vigie"),
            onServerRunning: { channel in
                let address = channel.localAddress
                await onListening(address?.ipAddress ?? settings.host, address?.port ?? settings.port)
            },
            logger: logger)
    }
}
