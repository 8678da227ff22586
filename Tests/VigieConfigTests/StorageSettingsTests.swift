import Foundation
import Testing
import VigieConfig
import VigieCore
import VigieTestSupport

/// `storage:` (issue 16): a SQLite file path as before, or a PostgreSQL URL whose password is never in the file.
@Suite struct StorageSettingsTests {
    private let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private func check(_ yaml: String, environment: [String: String]? = nil) -> (Configuration?, [ConfigurationProblem])
    {
        Configuration.check(
            yaml: "brands: [Acme]\nsources: [https://news.example/rss]\n" + yaml, file: "vigie.yaml",
            baseDirectory: folder.url, purpose: environment.map { .watching(environment: $0) } ?? .reading)
    }

    @Test(arguments: ["storage: data/v.db\n", "storage:\n  path: data/v.db\n"])
    func aPathIsStillSQLite(yaml: String) throws {
        let (configuration, problems) = check(yaml)
        let read = try #require(configuration, "\(problems)")
        #expect(read.storage.postgres == nil)
        #expect(read.storage.path.path == folder.url.appendingPathComponent("data/v.db").standardizedFileURL.path)
    }

    @Test(arguments: [
        (
            "storage: postgres://vigie@db.example:6543/watch?sslmode=require\n",
            PostgresLocation(host: "db.example", port: 6543, user: "vigie", database: "watch", sslMode: .require)
        ),
        (
            "storage: postgresql://vigie@127.0.0.1/vigie\n",
            PostgresLocation(host: "127.0.0.1", user: "vigie", database: "vigie", sslMode: .prefer)
        ),
        (
            "storage:\n  url: postgres://agency@[::1]:5433/mentions?sslmode=verify-full\n  password_env: PGPASS_VIGIE\n  connections: 12\n  lease: 90s\n",
            PostgresLocation(
                host: "::1", port: 5433, user: "agency", database: "mentions", sslMode: .verifyFull,
                passwordVariable: "PGPASS_VIGIE", connections: 12, lease: .seconds(90))
        ),
    ])
    func aURLIsPostgreSQL(yaml: String, expected: PostgresLocation) throws {
        let (configuration, problems) = check(yaml + "retention: 90d\n")
        let read = try #require(configuration, "\(problems)")
        #expect(read.storage.postgres == expected)
        #expect(read.storage.retention == .seconds(90 * 86_400))
    }

    @Test func theDescriptionNeverHoldsAPassword() throws {
        let location = try PostgresLocation(url: "postgres://vigie@db.example/vigie")
        #expect(location.description == "postgres://vigie@db.example:5432/vigie?sslmode=prefer")
    }

    @Test(
        arguments: [
            ("storage: postgres://vigie:s3cret@db.example/vigie\n", 3, "storage", "the URL holds a password"),
            ("storage:\n  url: postgres://vigie:s3cret@db/vigie\n", 4, "storage.url", "the URL holds a password"),
            ("storage: postgres://db.example/vigie\n", 3, "storage", "names no user"),
            ("storage: postgres://vigie@db.example/\n", 3, "storage", "names no database"),
            ("storage: postgres://vigie@db.example/v?sslmode=maybe\n", 3, "storage", "sslmode=maybe is not one of"),
            ("storage: postgres://vigie@db.example/v?connect_timeout=3\n", 3, "storage", "unknown URL parameter"),
            ("storage:\n  url: postgres://vigie@db/v\n  connections: 0\n", 5, "storage.connections", "from 1 to 100"),
            ("storage:\n  url: postgres://vigie@db/v\n  lease: 2s\n", 5, "storage.lease", "from 10s to 1h"),
            ("storage:\n  url: postgres://vigie@db/v\n  lease: soon\n", 5, "storage.lease", "from 10s to 1h"),
            ("storage:\n  path: v.db\n  lease: 1m\n", 5, "storage.lease", "is for PostgreSQL"),
            (
                "storage:\n  url: postgres://vigie@db/v\n  password_env: my-password\n", 5, "storage.password_env",
                "the name of an environment variable"
            ),
            ("storage:\n  path: v.db\n  connections: 4\n", 5, "storage.connections", "is for PostgreSQL"),
            ("storage:\n  path: postgres://vigie@db/v\n", 4, "storage.path", "goes under url:"),
            ("storage:\n  password_env: PW\n", 4, "storage", "expected path: (a SQLite file) or url:"),
        ] as [(String, Int, String, String)])
    func mistakesAreLocated(yaml: String, line: Int, path: String, message: String) {
        let (configuration, problems) = check(yaml)
        #expect(configuration == nil)
        let errors = problems.filter { $0.severity == .error }
        #expect(
            errors.contains {
                $0.line == line && $0.path == path && $0.message.contains(message) && $0.file == "vigie.yaml"
            },
            "\(errors)")
    }

    @Test func watchingNeedsThePasswordVariableSet() throws {
        let yaml = "storage:\n  url: postgres://vigie@db/v\n  password_env: VIGIE_TEST_DB_PASSWORD\n"
        let (missing, problems) = check(yaml, environment: [:])
        #expect(missing == nil)
        #expect(problems.contains { $0.line == 5 && $0.message.contains("VIGIE_TEST_DB_PASSWORD is not set") })
        let (set, others) = check(yaml, environment: ["VIGIE_TEST_DB_PASSWORD": "x"])
        #expect(set?.storage.postgres?.passwordVariable == "VIGIE_TEST_DB_PASSWORD", "\(others)")
    }
}
