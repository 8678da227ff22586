import Dispatch
import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// `storage: postgres://…` as a user meets it (issue 16): `vigie migrate`, then `vigie watch --once` workers
/// that store and raise what the SQLite watcher stores and raises, and the read commands that print what they
/// print on SQLite; the commands not yet on PostgreSQL say so.
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

    /// What one `vigie watch --once` over a SQLite copy of the Samples prints: what a PostgreSQL fleet must store.
    static func sqliteSamplesPass() throws -> VigieBinary.Result {
        let sqlite = try samples(storage: "unused")
        let config = sqlite.path("vigie.yaml")
        try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "  url: unused", with: "  path: vigie-samples.db")
            .write(toFile: config, atomically: true, encoding: .utf8)
        return try VigieBinary.run(["watch", "--config", config, "--once"])
    }

    @Test func commandsNotYetOnPostgreSQLSaySo() throws {
        let folder = try Self.samples(storage: "postgres://vigie@127.0.0.1:9/nowhere?sslmode=disable")
        for command in [["backup", "--to", folder.path("copy.db")]] {
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
        let alone = try Self.sqliteSamplesPass()
        #expect(alone.status == 0 && alone.lines.count == 3, "\(alone.stderr)")

        try await PostgresTestDatabase.with { url in
            let folder = try Self.samples(storage: url)
            let config = folder.path("vigie.yaml")
            let early = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(early.status == 1 && early.stderr.contains("run `vigie migrate"), "\(early.stderr)")
            #expect(early.stderr.contains("`vigie migrate --config \(config)`"), "\(early.stderr)")

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

extension PostgresCommandTests {
    /// Two days of mentions of two brands from two sources (one story carried by both), at seconds that fall
    /// inside quarter hours, as one fetch per source.
    static var fetches: [FetchRecord] {
        let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        var entries: [[ScoredEntry]] = [[], []]
        for index in 0..<24 {
            let brand = index % 3 == 0 ? "Nordane" : "Cerise"
            let label: Sentiment.Label = [.negative, .neutral, .positive, .negative][index % 4]
            let text =
                "Cerise et Nordane, épisode \(index) : \(label == .negative ? "panne, \"=SUM(A1)\"" : "annonce")."
            let entry = FeedEntry(
                id: "e\(index)", title: index % 5 == 0 ? nil : "Épisode \(index)",
                link: "https://news.example/\(index)",
                published: t0.addingTimeInterval(Double(index * 7_253 + 41)), text: text)
            let mention = BrandMention(
                brand: brand, matchedTerms: [brand.lowercased()],
                sentiment: Sentiment(
                    language: index % 4 == 1 ? .english : .french, score: Double(index * 13 % 40 - 20) / 21,
                    label: label, positive: 0.25, negative: 0.5, neutral: 0.25),
                topTerms: label == .negative ? ["panne"] : [])
            entries[index % 2].append(ScoredEntry(entry: entry, mentions: [mention]))
            if index == 6 { entries[1].append(ScoredEntry(entry: entry, mentions: [mention])) }
        }
        return ["https://a.example/feed", "https://b.example/feed"].enumerated().map { position, url in
            let fetched = t0.addingTimeInterval(200_000 + Double(position) * 60)
            return FetchRecord(
                sourceURL: url, fetchedAt: fetched, outcome: .fetched(status: 200), etag: nil, lastModified: nil,
                nextPollAt: fetched.addingTimeInterval(900), consecutiveFailures: 0, entries: entries[position])
        }
    }

    static let sources = ["https://a.example/feed", "https://b.example/feed"].map {
        SourceDefinition(url: $0, name: URL(string: $0)!.host!, kind: "rss")
    }

    /// A configuration of the two brands and sources, on `storage`.
    static func configuration(storage: String) -> String {
        """
        storage:
          \(storage)
        brands:
          - name: Cerise
            terms: [Cerise]
          - name: Nordane
            terms: [Nordane]
        sources:
          - url: https://a.example/feed
            name: a.example
          - url: https://b.example/feed
            name: b.example

        """
    }

    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func readCommandsPrintTheSameBytesOnBothStores() async throws {
        let folder = try TemporaryFolder()
        let sqliteConfig = folder.path("sqlite.yaml")
        try Self.configuration(storage: "path: vigie.db").write(toFile: sqliteConfig, atomically: true, encoding: .utf8)
        let database = try VigieDatabase(path: folder.path("vigie.db"))
        try database.syncSources(Self.sources, now: Self.fetches[0].fetchedAt)
        for fetch in Self.fetches { _ = try database.record(fetch) }
        try database.close()

        try await PostgresTestDatabase.with { url in
            let postgresConfig = folder.path("postgres.yaml")
            try Self.configuration(storage: "url: \(url)").write(
                toFile: postgresConfig, atomically: true, encoding: .utf8)
            let early = try VigieBinary.run(["mentions", "--config", postgresConfig])
            #expect(
                early.status == 1 && early.stderr.contains("vigie mentions: ")
                    && early.stderr.contains("run `vigie migrate"), "\(early.stderr)")
            let migrate = try VigieBinary.run(["migrate", "--config", postgresConfig])
            #expect(migrate.status == 0, "\(migrate.stderr)")
            let store = PostgresStore(location: try PostgresLocation(url: url), password: nil, logger: TestStore.logger)
            let connections = Task { try await store.run() }
            defer { connections.cancel() }
            try await store.syncSources(Self.sources, now: Self.fetches[0].fetchedAt)
            for fetch in Self.fetches { _ = try await store.record(fetch, fencedBy: nil) }

            let commands: [[String]] = [
                ["mentions", "--format", "csv"],
                ["mentions", "--format", "jsonl", "--brand", "Cerise", "--label", "negative"],
                ["mentions", "--source", "https://b.example/feed", "--since", "2026-01-01T03:00:00Z"],
                ["export", "timeline", "--bucket", "hour", "--tz", "Asia/Kolkata"],
                ["export", "timeline", "--bucket", "day", "--tz", "America/St_Johns", "--excel", "--locale", "fr"],
                ["export", "mentions", "--tz", "Europe/Paris", "--since", "2026-01-01T00:20:00Z"],
                ["chart", "--bucket", "hour"],
                ["backtest", "--since", "2025-12-01T00:00:00Z"],
            ]
            for command in commands {
                let sqlite = try VigieBinary.run(command + ["--config", sqliteConfig])
                let postgres = try VigieBinary.run(command + ["--config", postgresConfig])
                #expect(sqlite.status == 0 && postgres.status == 0, "\(command): \(sqlite.stderr)\(postgres.stderr)")
                // Lines end in CRLF in CSV: count the line feeds' bytes.
                #expect(
                    sqlite.stdout.utf8.filter { $0 == 10 }.count > 2 || command[0] == "backtest",
                    "\(command): \(sqlite.stdout)")
                #expect(postgres.stdout == sqlite.stdout, "\(command)")
                #expect(postgres.stderr == sqlite.stderr, "\(command)")
            }
            // The CSV keeps what only the store knows: the second carrier, and when each story was stored.
            let csv = try VigieBinary.run(["mentions", "--format", "csv", "--config", postgresConfig])
            #expect(
                csv.stdout.hasPrefix(
                    "time,brand,source,title,link,language,score,label,matched_terms,text,carriers,seen\r\n"))
            #expect(csv.stdout.contains(",2,2026-01-03T07:33:20Z"), "\(csv.stdout)")

            let sources = try VigieBinary.run(["sources", "--format", "jsonl", "--config", postgresConfig])
            let listed = try sources.jsonLines()
            #expect(listed.map { $0["entries"] as? Int } == [12, 13], "\(sources.stdout)\(sources.stderr)")
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
