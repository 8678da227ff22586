import Foundation
import FoundationNetworking
import Testing
import VigieTestSupport

/// The built `vigie serve` on a PostgreSQL configuration (issue 16), over real loopback HTTP: with `--no-watch`
/// a dashboard beside the workers, without it one of the workers.
@Suite(.dedicatedThread) struct PostgresServeCommandTests {
    /// The `/api/v1` JSON object at `path` of the server at `base`, with its HTTP status.
    static func json(_ base: String, _ path: String) async throws -> (status: Int, object: [String: Any]) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: base + path)))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object ?? [:])
    }

    /// How many mentions the `--once` summary lines count ("Cerise: 7 mentions (…)").
    static func total(_ lines: [String]) -> Int {
        lines.compactMap { line in line.firstMatch(of: /: ([0-9]+) mentions/).flatMap { Int($0.1) } }.reduce(0, +)
    }

    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped), .timeLimit(.minutes(5)))
    func serveNoWatchAnswersWhatTheWorkersStored() async throws {
        try await PostgresTestDatabase.with { url in
            let folder = try PostgresCommandTests.samples(storage: url)
            let config = folder.path("vigie.yaml")
            let serve = ["serve", "--config", config, "--no-watch", "--listen", "127.0.0.1:0"]
            let early = try VigieBinary.run(serve)
            #expect(early.status == 1 && early.stderr.contains("run `vigie migrate"), "\(early.stderr)")
            #expect(try VigieBinary.run(["migrate", "--config", config]).status == 0)
            let worker = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(worker.status == 0 && Self.total(worker.lines) > 0, "\(worker.stderr)")

            let server = try ServeProcess(arguments: serve)
            defer { server.stop() }
            let base = try #require(
                await server.waitForAddress(), "vigie serve did not say where it listens: \(server.errorText)")
            let (status, listing) = try await Self.json(base, "/api/v1/mentions?limit=500")
            #expect(status == 200)
            #expect(listing["total"] as? Int == Self.total(worker.lines))
            #expect((listing["mentions"] as? [[String: Any]])?.count == Self.total(worker.lines))
            let (ready, readiness) = try await URLSession.shared.data(from: try #require(URL(string: base + "/readyz")))
            #expect((readiness as? HTTPURLResponse)?.statusCode == 200 && ready == Data("ok\n".utf8))
        }
    }

    /// `vigie serve` without `--no-watch` is a worker: it polls the hosts it leases until the store holds what a
    /// SQLite pass stores, and a `vigie watch --once` worker after it finds nothing left and counts the same.
    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped), .timeLimit(.minutes(5)))
    func serveIsOneOfTheWorkers() async throws {
        let alone = try PostgresCommandTests.sqliteSamplesPass()
        #expect(alone.status == 0 && Self.total(alone.lines) > 0, "\(alone.stderr)")

        try await PostgresTestDatabase.with { url in
            let folder = try PostgresCommandTests.samples(storage: url)
            let config = folder.path("vigie.yaml")
            #expect(try VigieBinary.run(["migrate", "--config", config]).status == 0)
            let server = try ServeProcess(arguments: ["serve", "--config", config, "--listen", "127.0.0.1:0"])
            defer { server.stop() }
            let base = try #require(
                await server.waitForAddress(), "vigie serve did not say where it listens: \(server.errorText)")
            // Until the worker's first pass has stored everything (two minutes at most on a busy machine).
            var (stored, tries) = (0, 0)
            while stored < Self.total(alone.lines) && tries < 600 {
                stored = try await Self.json(base, "/api/v1/mentions?limit=1").object["total"] as? Int ?? 0
                try await Task.sleep(for: .milliseconds(200))
                tries += 1
            }
            #expect(stored == Self.total(alone.lines), "\(server.errorText)")
            let sources = try await Self.json(base, "/api/v1/sources").object["sources"] as? [[String: Any]] ?? []
            #expect(!sources.isEmpty && sources.allSatisfy { $0["status"] as? String != "never_fetched" })
            #expect(server.stop() == 0, "\(server.errorText)")

            let after = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(
                after.status == 0 && after.lines == alone.lines,
                "PostgreSQL:\n\(after.stdout)\nSQLite:\n\(alone.stdout)")
        }
    }
}
