import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigieServe
import VigieStore
import VigieTestSupport

/// `vigie serve` on PostgreSQL (issue 16): the same requests over a PostgreSQL store and over a SQLite store
/// holding the same mentions give the same answers, byte for byte (the built command on PostgreSQL:
/// `Tests/VigieCLITests/PostgresServeCommandTests.swift`). Run when `VIGIE_TEST_POSTGRES_URL` is set (see
/// `TestStore`).
@Suite(.dedicatedThread) struct PostgresServeTests {
    /// What a server answered, one line per request: the request, the status and the body.
    actor Transcript {
        var lines: [String] = []
        func add(_ request: String, _ response: TestResponse) {
            var body = response.text
            // The metrics, one per line, in an order of swift-prometheus's own.
            if request.hasPrefix("GET /metrics") { body = body.split(separator: "\n").sorted().joined(separator: "\n") }
            lines.append("\(request) → \(response.status.code) \(body)")
        }
    }

    /// The answers of a server over `store` (filled with ``ServeFixture/fill(_:now:)``) to reads, a relabel and
    /// read marks then the reads again, a retry, the backtest, `/readyz` and `/metrics`.
    static func transcript(_ store: any TriageStore) async throws -> [String] {
        let transcript = Transcript()
        try await ServeFixture.withServer(token: APIRouteTests.token, database: store) { client in
            var headers = APIRouteTests.auth
            headers[.contentType] = "application/json"
            let json = headers
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> TestResponse {
                let response = try await client.execute(
                    uri: uri, method: method, headers: body == nil ? APIRouteTests.auth : json,
                    body: body.map { ByteBuffer.json($0) })
                await transcript.add("\(method) \(uri) \(body ?? "")", response)
                return response
            }
            let reads = [
                "/api/v1/mentions?brand=Cerise", "/api/v1/mentions?label=negative&limit=2&offset=1",
                "/api/v1/mentions?q=panne&since=24h", "/api/v1/mentions?unread=true&brand=Cerise&brand=Nordane",
                "/api/v1/timeline?brand=Cerise&bucket=hour&since=1d",
                "/api/v1/timeline?bucket=day&tz=Europe/Paris&since=30d", "/api/v1/alerts",
            ]
            for uri in reads { _ = try await send(.get, uri) }
            let alerts = try await send(.get, "/api/v1/alerts?brand=Cerise&since=7d")
            let alert = try #require((alerts.json["alerts"] as? [[String: Any]])?.first?["id"] as? Int)
            _ = try await send(.get, "/api/v1/alerts/\(alert)")
            _ = try await send(.get, "/api/v1/alerts/999")
            let first = try await send(.get, "/api/v1/mentions?brand=Cerise&limit=1")
            let mention = try #require((first.json["mentions"] as? [[String: Any]])?.first?["id"] as? Int)
            _ = try await send(.patch, "/api/v1/mentions/\(mention)", #"{"label": "positive", "read": true}"#)
            _ = try await send(.patch, "/api/v1/mentions/999999", #"{"read": true}"#)
            _ = try await send(.post, "/api/v1/mentions/mark-read", #"{"brand": ["Cerise"], "until": "6h"}"#)
            for uri in reads { _ = try await send(.get, uri) }
            _ = try await send(.patch, "/api/v1/mentions/\(mention)", #"{"label": null, "read": false}"#)
            _ = try await send(.get, "/api/v1/timeline?brand=Cerise&bucket=hour&since=1d")
            _ = try await send(.post, "/api/v1/alerts/\(alert)/retry")
            _ = try await send(.post, "/api/v1/backtest", #"{"settings": {"false_alarm_probability": 1e-4}}"#)
            _ = try await send(.get, "/readyz")
            _ = try await send(.get, "/metrics")
        }
        return await transcript.lines
    }

    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func theSameRequestsGetTheSameAnswersOnPostgreSQLAsOnSQLite() async throws {
        let sqlite = try VigieDatabase.inMemory()
        try await ServeFixture.fill(sqlite)
        let expected = try await Self.transcript(sqlite)
        // The transcript says something: the listings, the relabel, the marks, the retry and the metrics.
        #expect(expected.count == 27)
        #expect(expected[0].contains(#""total":6"#) && expected[0].contains(" → 200 "))
        #expect(expected.contains { $0.hasPrefix("GET /api/v1/alerts/999 ") && $0.contains(" → 404 ") })
        #expect(expected.contains { $0.hasPrefix("PATCH") && $0.contains(#""label_source":"manual""#) })
        #expect(expected.contains { $0.hasPrefix("POST /api/v1/mentions/mark-read") && $0.contains(#""marked":"#) })
        #expect(expected.contains { $0.contains(#"vigie_fetches_total{outcome="failed"} 1"#) })
        try await StorePlace.with(.postgres) { place in
            let store = try #require(try await place.open() as? any TriageStore)
            try await ServeFixture.fill(store)
            let answered = try await Self.transcript(store)
            #expect(answered.count == expected.count)
            for (postgres, sqlite) in zip(answered, expected) {
                #expect(postgres == sqlite)
            }
        }
    }
}
