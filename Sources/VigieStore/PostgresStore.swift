import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import VigieCore

/// Vigie's store on PostgreSQL, shared by several `vigie watch` workers (issue 16): the operations of
/// ``WatchStore`` over vapor/postgres-nio's `PostgresClient` (a pool of ``PostgresLocation/connections``).
///
/// The client's connections live while ``run()`` runs: run the store as a service beside the ones that use it
/// (or in a task of its own), and cancel it, or shut its group down, at the end.
///
/// ```swift
/// let store = PostgresStore(location: location, password: environment["VIGIE_DB_PASSWORD"], logger: logger)
/// async let connections: Void = store.run()
/// _ = try await store.migrate()          // `vigie migrate`: once, whatever the number of workers
/// try await store.checkSchema()          // `vigie watch`: refuses an older or newer schema
/// ```
///
/// Every write is one transaction, retried when PostgreSQL ends it with a deadlock (40P01) or a serialization
/// failure (40001); see `docs/STORAGE.md` for the schema and ``record(_:fencedBy:)`` for what makes a fetch
/// stored once whatever worker sees it first.
public final class PostgresStore: WatchStore, Service, Sendable {
    /// Where the store is (the URL without its password).
    public let postgres: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// Called with the operation's name when a transaction has run past ``stuckAfter`` (see
    /// ``init(location:password:searchPath:logger:onStuck:)``).
    private let onStuck: (@Sendable (String) -> Void)?
    /// How long a transaction may run before ``onStuck`` is called: the lease, at least a minute.
    let stuckAfter: Duration
    /// How many times a transaction that PostgreSQL ended with a deadlock or a serialization failure is tried.
    static let attempts = 8

    /// A store at `location`, connecting as its user with `password` (read from ``PostgresLocation/passwordVariable``
    /// by the caller; `nil` for trust or peer authentication).
    ///
    /// - Parameters:
    ///   - searchPath: the schema the tables live in, when not the user's default (`public`); tests give each
    ///     store a schema of its own.
    ///   - onStuck: called when a transaction has run longer than the lease (a minute at least). postgres-nio
    ///     1.33 never answers a query sent on a connection the server ended while it was held in a transaction
    ///     (a restart, `pg_terminate_backend`, the idle-in-transaction timeout that frees a stalled worker's
    ///     locks), and cancelling the task does not end the wait: the command gives up the process then
    ///     (nothing of the transaction was committed), which is all that is left to do.
    public init(
        location: PostgresLocation, password: String?, searchPath: String? = nil, logger: Logger,
        onStuck: (@Sendable (String) -> Void)? = nil
    ) {
        self.postgres = location
        self.logger = logger
        self.onStuck = onStuck
        self.stuckAfter = max(location.lease, .seconds(60))
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: password,
            database: location.database, tls: Self.tls(location.sslMode))
        configuration.options.maximumConnections = location.connections
        // A worker stopped inside a transaction (SIGSTOP, a long pause, a partition) would hold its row and
        // advisory locks, and every other worker would wait on them: PostgreSQL ends such a session after
        // ``idleInTransactionTimeout(lease:)``, which rolls it back; the worker's retry then finds its lease lost.
        let idle = Self.idleInTransactionTimeout(lease: location.lease)
        var parameters = [
            ("application_name", "vigie"),
            ("idle_in_transaction_session_timeout", "\(idle.components.seconds * 1000)"),
        ]
        if let searchPath { parameters.append(("search_path", searchPath)) }
        configuration.options.additionalStartupParameters = parameters
        // The pool's own log: errors only. It warns when a query comes before `run()` has started, which
        // happens whenever the caller starts `run()` in a task and queries at once (the query then waits).
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: background)
    }

    public var location: String { postgres.description }

    /// Runs the connection pool until the task is cancelled or a graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    private static func tls(_ mode: PostgresLocation.SSLMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable:
            return .disable
        case .prefer:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return .prefer(configuration)
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return .require(configuration)
        case .verifyFull:
            return .require(TLSConfiguration.makeClientConfiguration())
        }
    }

    /// How long PostgreSQL lets a session sit inside a transaction without sending anything: half the lease,
    /// at most 15 s. A record's statements follow each other within milliseconds, so only a stalled worker
    /// waits that long, and its locks are freed well before its hosts are taken over.
    static func idleInTransactionTimeout(lease: Duration) -> Duration {
        min(.seconds(15), .seconds(max(1, lease.components.seconds / 2)))
    }

    /// Whether a transaction failed because its session ended under it (PostgreSQL ended an idle transaction
    /// of a stalled worker, or the connection broke): nothing of it was committed, so it may run again on
    /// another connection, and every record is idempotent.
    static func sessionEnded(_ error: any Error) -> Bool {
        if sqlState(error) == "25P03" || sqlState(error) == "57P01" { return true }
        guard let error = error as? PSQLError else { return false }
        return error.code == .serverClosedConnection || error.code == .uncleanShutdown
    }

    // MARK: - Transactions with our error type

    /// Runs `body` in one transaction, again when PostgreSQL ends it with a deadlock or a serialization
    /// failure or its session ended under it (``sessionEnded(_:)``; each attempt starts from nothing: `body`
    /// must build its result inside), turning failures into ``StoreError``.
    @discardableResult
    func transaction<T: Sendable>(
        _ operation: String, subject: String? = nil, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let watchdog = onStuck.map { handler in
            Task { [stuckAfter] in
                try await Task.sleep(for: stuckAfter)
                handler(operation)
            }
        }
        defer { watchdog?.cancel() }
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(connection)
                }
            } catch {
                let error = Self.cause(error)
                if let error = error as? StoreError { throw error }
                let state = Self.sqlState(error)
                if (state == "40P01" || state == "40001") && attempt < Self.attempts {
                    logger.debug(
                        "\(operation): retrying after \(state == "40P01" ? "a deadlock" : "a serialization failure")",
                        metadata: ["subject": "\(subject ?? "")", "attempt": "\(attempt)"])
                    attempt += 1
                    continue
                }
                if Self.sessionEnded(error) && attempt < 3 {
                    logger.warning(
                        """
                        \(operation): the database ended the session (this worker stalled inside a transaction, or \
                        the connection broke); nothing was written, trying again on a new connection
                        """,
                        metadata: ["subject": "\(subject ?? "")", "attempt": "\(attempt)"])
                    attempt += 1
                    continue
                }
                throw Self.wrapping(error, operation: operation, subject: subject, location: location)
            }
        }
    }

    /// Runs `body` on one connection, outside any transaction (reads), turning failures into ``StoreError``.
    func reading<T: Sendable>(
        _ operation: String, subject: String? = nil, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrapping(error, operation: operation, subject: subject, location: location)
        }
    }

    /// What failed inside a transaction: the closure's error, else the commit's or the `BEGIN`'s (postgres-nio
    /// wraps them in one `PostgresTransactionError`).
    static func cause(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError else { return error }
        return wrapped.closureError ?? wrapped.commitError ?? wrapped.beginError ?? error
    }

    /// The SQLSTATE of a server error (`40P01`, `42P01`…), `nil` for any other failure.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func wrapping(_ error: any Error, operation: String, subject: String?, location: String) -> StoreError {
        var wrapped: StoreError
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?"
                var reason = "\(info[.message] ?? "server error") (SQLSTATE \(state))"
                if let detail = info[.detail] { reason += ": \(detail)" }
                wrapped = StoreError(.databaseFailure, operation: operation, subject: subject, reason: reason)
            } else {
                let reason = "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
                wrapped = StoreError(.cannotOpen, operation: operation, subject: subject, reason: reason)
            }
        } else {
            wrapped = StoreError(.databaseFailure, operation: operation, subject: subject, reason: "\(error)")
        }
        wrapped.database = location
        return wrapped
    }
}
