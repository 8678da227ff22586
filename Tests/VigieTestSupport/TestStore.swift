import Foundation
import Logging
import PostgresNIO
import Testing
import VigieCore
import VigieStore

/// The stores the `WatchStore` tests run on: SQLite always, PostgreSQL when `VIGIE_TEST_POSTGRES_URL` names a
/// server the tests may create schemas in (`scripts/test-postgres-cluster.sh start` makes one and prints it).
public enum TestStore: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The test server's URL, when there is one.
    public static let postgresURL: String? = {
        let value = ProcessInfo.processInfo.environment["VIGIE_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// Why the PostgreSQL half is skipped, and how to run it.
    public static let postgresSkipped: Comment = """
        PostgreSQL store tests skipped: VIGIE_TEST_POSTGRES_URL is not set. Run them with \
        `eval "$(scripts/test-postgres-cluster.sh start)"` (a throwaway cluster; `scripts/test-postgres-cluster.sh stop` \
        removes it) before the test command, or with `bash .ci/run`
        """

    /// The stores to run on here.
    public static var available: [TestStore] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public var testDescription: String { rawValue }

    /// The names of the migrations a new store of this kind gets, in order.
    public var migrationNames: [String] {
        get throws {
            switch self {
            case .sqlite: try VigieDatabase.inMemory().appliedMigrations()
            case .postgres: PostgresStore.migrationNames
            }
        }
    }

    /// The test server and a client of the test's own on it (not running yet: run it in a task).
    static func server() throws -> (PostgresLocation, PostgresClient) {
        let url = try #require(postgresURL, postgresSkipped)
        let location = try PostgresLocation(url: url)
        let client = PostgresClient(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: nil,
                database: location.database, tls: .disable),
            backgroundLogger: logger)
        return (location, client)
    }

    /// A schema or database name no other test uses.
    static func uniqueName() -> String {
        "vigie_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// The log of the stores under test: errors only.
    public static let logger: Logger = {
        var logger = Logger(label: "vigie.test.store")
        logger.logLevel = .error
        return logger
    }()
}

/// A fresh, empty place for stores of one kind: a new SQLite file in a temporary folder, or a new schema in
/// the test PostgreSQL database. Stores opened on it share it, as several workers share one database.
public final class StorePlace: Sendable {
    public let kind: TestStore
    private let folder: TemporaryFolder?
    private let schema: String?
    private let location: PostgresLocation?
    /// A connection pool of the test's own, outside the schema (creates and drops it, runs raw statements).
    private let admin: PostgresClient?
    private let running = Running()

    /// The tasks that run the connections of the PostgreSQL clients opened here, ended by ``close()``.
    private final class Running: @unchecked Sendable {
        private let lock = NSLock()
        private var tasks: [Task<Void, any Error>] = []
        func add(_ task: Task<Void, any Error>) { lock.withLock { tasks.append(task) } }
        func take() -> [Task<Void, any Error>] {
            lock.withLock {
                defer { tasks = [] }
                return tasks
            }
        }
    }

    private init(
        kind: TestStore, folder: TemporaryFolder?, schema: String?, location: PostgresLocation?, admin: PostgresClient?
    ) {
        self.kind = kind
        self.folder = folder
        self.schema = schema
        self.location = location
        self.admin = admin
    }

    /// Runs `body` with a new place of `kind`, removed afterwards.
    public static func with<T>(_ kind: TestStore, _ body: (StorePlace) async throws -> T) async throws -> T {
        let place = try await make(kind)
        do {
            let result = try await body(place)
            await place.close()
            return result
        } catch {
            await place.close()
            throw error
        }
    }

    private static func make(_ kind: TestStore) async throws -> StorePlace {
        switch kind {
        case .sqlite:
            return StorePlace(kind: kind, folder: try TemporaryFolder(), schema: nil, location: nil, admin: nil)
        case .postgres:
            let (location, admin) = try TestStore.server()
            let schema = TestStore.uniqueName()
            let place = StorePlace(kind: kind, folder: nil, schema: schema, location: location, admin: admin)
            place.running.add(Task { await admin.run() })
            try await place.execute("CREATE SCHEMA {schema}")
            return place
        }
    }

    /// A new store on this place: a new `VigieDatabase` on the file (opening it applies the migrations), or a
    /// new `PostgresStore` with its own connections, migrated when `migrated`.
    public func open(migrated: Bool = true) async throws -> any WatchStore & AlertStore {
        switch kind {
        case .sqlite:
            return try VigieDatabase(path: folder!.path("vigie.db"), durability: .normal)
        case .postgres:
            var location = self.location!
            location.connections = 4
            let store = PostgresStore(location: location, password: nil, searchPath: schema, logger: TestStore.logger)
            running.add(Task { try await store.run() })
            if migrated { _ = try await store.migrate() }
            return store
        }
    }

    /// Runs a statement of the test's own on the place (PostgreSQL only), `{schema}` in `sql` standing for
    /// the place's schema.
    @discardableResult
    public func execute(_ sql: String) async throws -> [PostgresRow] {
        let statement = sql.replacingOccurrences(of: "{schema}", with: schema!)
        return try await admin!.query(PostgresQuery(unsafeSQL: statement), logger: TestStore.logger).collect()
    }

    /// Runs `body` in a transaction of the test's own on the place (PostgreSQL only), its tables found by name:
    /// what a test holds open while the stores work.
    public func inTransaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let schema = self.schema!
        return try await admin!.withTransaction(logger: TestStore.logger) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema)"), logger: TestStore.logger)
            return try await body(connection)
        }
    }

    private func close() async {
        if schema != nil { _ = try? await execute("DROP SCHEMA {schema} CASCADE") }
        // Cancelling a client's `run()` closes its connections; its task is not awaited. In the full test
        // bundle a cancelled postgres-nio 1.33 `run()` was seen never to return, once every connection was
        // closed, and the test that awaited it hung (`fourConcurrentMigrationsApplyEachOnce`, with four
        // clients), as `PostgresTestDatabase` already avoids.
        for task in running.take() { task.cancel() }
    }
}

/// A fresh database on the test PostgreSQL server, for what cannot be given a schema (the `vigie` binary
/// connects to a URL's database with the default search path).
public enum PostgresTestDatabase {
    /// Runs `body` with the URL of a new, empty database, dropped afterwards.
    public static func with<T>(_ body: (String) async throws -> T) async throws -> T {
        let (location, admin) = try TestStore.server()
        let connections = Task { await admin.run() }
        defer { connections.cancel() }
        let name = TestStore.uniqueName()
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestStore.logger)
        var database = location
        database.database = name
        do {
            let result = try await body(database.description)
            _ = try? await admin.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: TestStore.logger)
            return result
        } catch {
            _ = try? await admin.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: TestStore.logger)
            throw error
        }
    }
}
