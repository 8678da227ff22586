import Dispatch
import Foundation
import Testing
import VigieTestSupport

/// `storage: postgres://…` as a user meets it (issue 16): `vigie migrate`, then `vigie watch --once` workers
/// that store and raise what the SQLite watcher stores and raises; the commands not yet on PostgreSQL say so.
@Suite(.dedicatedThread) struct PostgresCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A copy of the Samples whose `storage:` is `storage`.
    static func samples(storage: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Samples").path)
        where !name.contains(".db") {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("Samples").appendingPathComponent(name),
                to: folder.url.appendingPathComponent(name))
        }
        let config = folder.url.appendingPathComponent("vigie.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "  path: vigie-samples.db", with: "  url: \(storage)")
            .write(to: config, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func commandsNotYetOnPostgreSQLSaySo() throws {
        let folder = try Self.samples(storage: "postgres://vigie@127.0.0.1:9/nowhere?sslmode=disable")
        for command in [["mentions"], ["sources"], ["backup", "--to", folder.path("copy.db")]] {
            let run = try VigieBinary.run(command + ["--config", folder.path("vigie.yaml")])
            #expect(run.status == 1 && run.stderr.contains("reads the SQLite store only"), "\(command): \(run.stderr)")
        }
    }

    /// `vigie watch --once` on PostgreSQL raises, stores and queues what it raises on SQLite for the same feed
    /// (the same keys and counts), and `vigie alerts` lists them with their deliveries; a second pass raises
    /// nothing new.
    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func watchOnceRaisesOnPostgreSQLWhatItRaisesOnSQLite() async throws {
        let setup = try AlertsCommandTests.Setup()
        func alerts(_ config: String) throws -> [String] {
            let listed = try VigieBinary.run(["alerts", "--config", config, "--format", "jsonl", "--since", "30d"])
            #expect(listed.status == 0, "\(listed.stderr)")
            return try listed.jsonLines().map { alert in
                let deliveries = (alert["deliveries"] as? [[String: Any]] ?? []).map {
                    "\($0["sink"] ?? "")=\($0["status"] ?? ""):\($0["attempts"] ?? "")"
                }
                return ["key", "bucket_start", "severity", "negative", "mentions"]
                    .map { "\(alert[$0] ?? "")" }.joined(separator: " ") + " " + deliveries.joined(separator: ",")
            }
        }
        let sqlite = try VigieBinary.run(["watch", "--config", setup.config, "--once", "--alerts-format", "jsonl"])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let expected = try alerts(setup.config)
        #expect(expected.contains { $0.contains("negative_spike") && $0.hasSuffix("ops=pending:1") }, "\(expected)")

        try await PostgresTestDatabase.with { url in
            let config = setup.folder.appendingPathComponent("postgres.yaml").path
            try String(contentsOfFile: setup.config, encoding: .utf8)
                .replacingOccurrences(of: "storage: vigie.db", with: "storage:\n  url: \(url)")
                .write(toFile: config, atomically: true, encoding: .utf8)
            #expect(try VigieBinary.run(["migrate", "--config", config]).status == 0)
            let watch = try VigieBinary.run(["watch", "--config", config, "--once", "--alerts-format", "jsonl"])
            #expect(watch.status == 0, "\(watch.stderr)")
            #expect(watch.lines.filter { $0.hasPrefix("{") }.count == sqlite.lines.filter { $0.hasPrefix("{") }.count)
            let raised = try alerts(config)
            #expect(
                raised == expected,
                "PostgreSQL:\n\(raised.joined(separator: "\n"))\nSQLite:\n\(expected.joined(separator: "\n"))")
            let again = try VigieBinary.run(["watch", "--config", config, "--once", "--alerts-format", "jsonl"])
            #expect(again.status == 0 && again.lines.filter { $0.hasPrefix("{") }.isEmpty, "\(again.stdout)")
            #expect(try alerts(config).count == expected.count)
        }
    }

    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func migrateThenTwoWorkersStoreWhatSQLiteStores() async throws {
        let sqlite = try Self.samples(storage: "unused")
        let sqliteConfig = sqlite.path("vigie.yaml")
        try String(contentsOfFile: sqliteConfig, encoding: .utf8)
            .replacingOccurrences(of: "  url: unused", with: "  path: vigie-samples.db")
            .write(toFile: sqliteConfig, atomically: true, encoding: .utf8)
        let alone = try VigieBinary.run(["watch", "--config", sqliteConfig, "--once"])
        #expect(alone.status == 0 && alone.lines.count == 3, "\(alone.stderr)")

        try await PostgresTestDatabase.with { url in
            let folder = try Self.samples(storage: url)
            let config = folder.path("vigie.yaml")
            let early = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(early.status == 1 && early.stderr.contains("run `vigie migrate"), "\(early.stderr)")

            let migrate = try VigieBinary.run(["migrate", "--config", config])
            #expect(migrate.status == 0 && migrate.stdout.contains("applied 0001-"), "\(migrate.stderr)")
            let again = try VigieBinary.run(["migrate", "--config", config])
            #expect(again.stdout.contains("the schema is up to date"), "\(again.stdout)")

            // Two workers at once: between them, every source polled once and every mention stored once.
            // (On dispatch's threads, so that the two blocking waits leave Swift's cooperative pool alone.)
            let runs = Runs()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                runs.set(index, Result { try VigieBinary.run(["watch", "--config", config, "--once"]) })
            }
            let (one, two) = (try runs.get(0), try runs.get(1))
            #expect(one.status == 0 && two.status == 0, "\(one.stderr)\n\(two.stderr)")
            let last = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(last.lines == alone.lines, "PostgreSQL:\n\(last.stdout)\nSQLite:\n\(alone.stdout)")
        }
    }
}

/// The results of processes run side by side.
private final class Runs: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<VigieBinary.Result, any Error>] = [:]
    func set(_ index: Int, _ result: Result<VigieBinary.Result, any Error>) {
        lock.withLock { results[index] = result }
    }
    func get(_ index: Int) throws -> VigieBinary.Result { try lock.withLock { results[index]! }.get() }
}
