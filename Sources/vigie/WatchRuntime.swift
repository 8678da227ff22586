import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigieConfig
import VigieCore
import VigieFetch
import VigieStore

/// What the commands that work on the store share: logging, the one-watcher lock, the service group and
/// the database, all from vigie.yaml.
enum WatchRuntime {
    /// Sends logs to stderr at `level`, in `format`, as every diagnostic (once per process).
    static func bootstrapLogging(level: Logger.Level, format: LogFormat) {
        StandardError.setStyle(format: format)
        LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
    }

    /// The secret values of a configuration, to keep out of every log line: webhook secrets and the values
    /// of the credential headers sent to sources (`Authorization`, `Cookie`, API keys and tokens).
    static func secrets(_ configuration: Configuration, webhooks: [String?]) -> [String] {
        let credential = ["auth", "token", "key", "secret", "cookie", "password"]
        return webhooks.compactMap { $0 }
            + configuration.sources.flatMap { source in
                source.headers.filter { header in credential.contains { header.name.lowercased().contains($0) } }
                    .map(\.value)
            }
    }

    /// Takes the configuration's one-watcher lock, or says which watcher holds it.
    static func lockStore(_ configuration: Configuration) throws -> WatcherLock {
        try requireSQLite(configuration)
        let path = configuration.storage.path.path
        do {
            try FileManager.default.createDirectory(
                at: configuration.storage.path.deletingLastPathComponent(), withIntermediateDirectories: true)
            return try WatcherLock.acquire(database: path)
        } catch let error as StoreError where error.code == .alreadyWatched {
            StandardError.print("vigie: \(error.reason)")
            throw ExitCode.failure
        } catch {
            StandardError.print("vigie: cannot start a watcher on \(path): \(error)")
            throw ExitCode.failure
        }
    }

    /// The services of a watcher, stopped by SIGINT or SIGTERM. Graceful shutdown turns into
    /// cancellation after 3 s, so whatever the network does the process ends within seconds.
    static func serviceGroup(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger)
        -> ServiceGroup
    {
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        return ServiceGroup(configuration: configuration)
    }

    /// Opens (creating if needed) the configuration's database.
    static func openDatabase(
        _ configuration: Configuration, durability: VigieDatabase.Durability = .normal
    ) throws -> VigieDatabase {
        try requireSQLite(configuration)
        let path = configuration.storage.path.path
        let setting = "storage: path in \(configuration.file)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            StandardError.print(
                "vigie: the database \(path) is a folder: give \(setting) a file name, e.g. "
                    + configuration.storage.path.appendingPathComponent("vigie.db").path)
            throw ExitCode.failure
        }
        do {
            try FileManager.default.createDirectory(
                at: configuration.storage.path.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            let folder = configuration.storage.path.deletingLastPathComponent().path
            let reason = FileProblem.errno(of: error).map { FileProblem.writing(folder, errno: $0, option: setting) }
            StandardError.print(
                "vigie: cannot create the folder of the database \(path): "
                    + (reason ?? "give another \(setting) (\(error.localizedDescription))"))
            throw ExitCode.failure
        }
        do {
            return try VigieDatabase(path: path, durability: durability) { pending in
                StandardError.print(
                    "vigie: upgrading the database \(path) (\(pending.joined(separator: ", "))): once, up to a minute for millions of mentions"
                )
            }
        } catch {
            StandardError.print("vigie: cannot open the database \(path): \(error)")
            throw ExitCode.failure
        }
    }
}

extension WatchRuntime {
    /// Stops a command that works on the SQLite store only when `storage:` names PostgreSQL, saying what works.
    static func requireSQLite(_ configuration: Configuration) throws {
        guard let postgres = configuration.storage.postgres else { return }
        StandardError.print(
            "vigie: storage: in \(configuration.file) is PostgreSQL (\(postgres)); this command reads the SQLite "
                + "store only so far. On PostgreSQL: `vigie migrate`, `vigie watch`, `vigie serve`, and the reads "
                + "`mentions`, `sources`, `alerts`, `export`, `chart`, `backtest --config` (docs/SCALING.md)")
        throw ExitCode.failure
    }

    /// Runs `body` with the configuration's store opened for reading: the SQLite file (created if needed), or
    /// the PostgreSQL database, whose schema must be this Vigie's; closed afterwards. A store that cannot be
    /// opened, or a schema to migrate first, is said on stderr under `command`'s name.
    static func withReadStore<T>(
        _ configuration: Configuration, command: String, _ body: (any ReadStore & AlertStore) async throws -> T
    ) async throws -> T {
        guard configuration.storage.postgres != nil else {
            let database = try openDatabase(configuration)
            defer { try? database.close() }
            return try await body(database)
        }
        let (store, connections) = try openPostgres(configuration, logger: Logger(label: "vigie.store"))
        defer { connections.cancel() }
        try await checkSchema(store, command: command, configuration: configuration)
        return try await body(store)
    }

    /// Stops `command` when the PostgreSQL store cannot be reached or its schema is not this Vigie's, saying
    /// what to run or check.
    static func checkSchema(_ store: PostgresStore, command: String, configuration: Configuration) async throws {
        do {
            try await store.checkSchema()
        } catch let error as StoreError {
            var message = "vigie \(command): cannot read \(store.location): \(error.reason)"
            switch error.code {
            case .olderSchema: message += " (`vigie migrate --config \(configuration.file)`)"
            case .newerSchema: break
            default: message += "; check that PostgreSQL runs there and that storage: in \(configuration.file) names it"
            }
            StandardError.print(message)
            throw ExitCode.failure
        }
    }

    /// The configuration's PostgreSQL store, its password read from the variable `password_env:` names, and the
    /// task that runs its connections (cancel it at the end).
    ///
    /// - Parameter exitWhenStuck: a worker's store: a transaction with no answer for the lease (a minute at
    ///   least) ends the process with status 75 (see ``PostgresStore/init(location:password:searchPath:logger:onStuck:)``).
    ///   Not for `vigie migrate`, whose migrations may rightly take longer on a large store.
    static func openPostgres(
        _ configuration: Configuration, logger: Logger, exitWhenStuck: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (store: PostgresStore, connections: Task<Void, any Error>) {
        guard let location = configuration.storage.postgres else {
            StandardError.print("vigie: storage: in \(configuration.file) is not a PostgreSQL URL")
            throw ExitCode.failure
        }
        var password: String?
        if let variable = location.passwordVariable {
            guard let value = environment[variable], !value.isEmpty else {
                StandardError.print(
                    "vigie: the environment variable \(variable) is not set: storage: password_env: names it as "
                        + "holding the password of \(location)")
                throw ExitCode.failure
            }
            password = value
        }
        let onStuck: @Sendable (String) -> Void = { operation in
            logger.critical(
                """
                \(operation): no answer from the database for \(max(location.lease, .seconds(60)).words) inside a \
                transaction (its connection was ended under it: this worker stalled, or PostgreSQL restarted); \
                exiting, nothing of it was written: restart it (systemd: Restart=on-failure)
                """)
            exit(75)
        }
        let store = PostgresStore(
            location: location, password: password, logger: logger, onStuck: exitWhenStuck ? onStuck : nil)
        return (store, Task { try await store.run() })
    }
}

/// A log level as `--log-level` takes it (swift-log's `Logger.Level` is not ours to extend).
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}

extension VigieDatabase.Durability: ExpressibleByArgument {}
