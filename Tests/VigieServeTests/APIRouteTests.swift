import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigieServe
import VigieStore
import VigieTestSupport
import Yams

/// Every route of INTERFACE.md ("vigie serve"), over real HTTP on loopback, with a token configured (so that
/// state-changing requests go through the Bearer path).
@Suite(.dedicatedThread) struct APIRouteTests {
    static let token = "s3cret-token"
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]

    @Test func mentionsAreListedNewestFirstWithTheirShape() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let response = try await client.execute(
                uri: "/api/v1/mentions?brand=Cerise&limit=3", method: .get, headers: Self.auth)
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["total"] as? Int == 6)
            let mentions = try #require(json["mentions"] as? [[String: Any]])
            #expect(mentions.count == 3)
            let times = mentions.compactMap { $0["time"] as? String }
            #expect(times == times.sorted(by: >))
            let first = mentions[0]
            for key in [
                "id", "time", "brand", "label", "label_source", "scorer_label", "score", "title", "link", "source",
                "language", "terms", "read", "carriers",
            ] {
                #expect(first[key] != nil, "missing \(key)")
            }
            #expect(first["label_source"] as? String == "scorer")
            #expect(first["read"] as? Bool == false)
        }
    }

    @Test func filtersCombine() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let negative = try await client.execute(
                uri: "/api/v1/mentions?brand=Cerise&brand=Skylark%20Air&label=negative", method: .get,
                headers: Self.auth)
            #expect(negative.json["total"] as? Int == 5)
            let text = try await client.execute(uri: "/api/v1/mentions?q=Orly", method: .get, headers: Self.auth)
            #expect(text.json["total"] as? Int == 1)
            let source = try await client.execute(
                uri: "/api/v1/mentions?source=https%3A%2F%2Fblog.example%2Ffeed", method: .get, headers: Self.auth)
            #expect(source.json["total"] as? Int == 0)
            let old = try await client.execute(
                uri: "/api/v1/mentions?until=2026-01-01T00:00:00Z", method: .get, headers: Self.auth)
            #expect(old.json["total"] as? Int == 0)
        }
    }

    @Test func relabelIsKeptBesideTheScorersAndMovesTheTimeline() async throws {
        let database = try ServeFixture.database()
        try await ServeFixture.withServer(token: Self.token, database: database) { client in
            let list = try await client.execute(
                uri: "/api/v1/mentions?brand=Nordane&limit=1", method: .get, headers: Self.auth)
            let id = try #require((list.json["mentions"] as? [[String: Any]])?.first?["id"] as? Int)
            func negatives() async throws -> Int {
                let timeline = try await client.execute(
                    uri: "/api/v1/timeline?brand=Nordane&bucket=day&since=2d", method: .get, headers: Self.auth)
                return (timeline.json["buckets"] as? [[String: Any]] ?? []).reduce(0) {
                    $0 + ($1["negative"] as? Int ?? 0)
                }
            }
            #expect(try await negatives() == 0)
            var headers = Self.auth
            headers[.contentType] = "application/json"
            let patched = try await client.execute(
                uri: "/api/v1/mentions/\(id)", method: .patch, headers: headers,
                body: .json(#"{"label": "negative", "read": true}"#))
            #expect(patched.status == .ok)
            #expect(patched.json["label"] as? String == "negative")
            #expect(patched.json["label_source"] as? String == "manual")
            #expect(patched.json["scorer_label"] as? String == "positive")
            #expect(patched.json["read"] as? Bool == true)
            #expect(try await negatives() == 1)
            let back = try await client.execute(
                uri: "/api/v1/mentions/\(id)", method: .patch, headers: headers, body: .json(#"{"label": null}"#))
            #expect(back.json["label"] as? String == "positive")
            #expect(back.json["label_source"] as? String == "scorer")
            #expect(try await negatives() == 0)
            let missing = try await client.execute(
                uri: "/api/v1/mentions/999999", method: .patch, headers: headers, body: .json(#"{"read": true}"#))
            #expect(missing.status == .notFound)
            let bad = try await client.execute(
                uri: "/api/v1/mentions/\(id)", method: .patch, headers: headers, body: .json(#"{"label": "furious"}"#))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func markReadUpToATime() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let list = try await client.execute(uri: "/api/v1/mentions?brand=Cerise", method: .get, headers: Self.auth)
            let times = (list.json["mentions"] as? [[String: Any]] ?? []).compactMap { $0["time"] as? String }
            #expect(times.count == 6)
            let marked = try await client.execute(
                uri: "/api/v1/mentions/mark-read", method: .post, headers: Self.auth,
                body: .json(#"{"brand": ["Cerise"], "until": "\#(times[2])"}"#))
            #expect(marked.status == .ok)
            #expect(marked.json["marked"] as? Int == 4)
            let unread = try await client.execute(uri: "/api/v1/mentions?unread=true", method: .get, headers: Self.auth)
            #expect(unread.json["total"] as? Int == 2 + 3 + 2)
        }
    }

    @Test func timelineHasTheExportsFiguresAndAlertBands() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let response = try await client.execute(
                uri: "/api/v1/timeline?brand=Cerise&bucket=hour&tz=Europe/Paris&since=12h", method: .get,
                headers: Self.auth)
            #expect(response.status == .ok)
            let buckets = try #require(response.json["buckets"] as? [[String: Any]])
            #expect(buckets.count >= 12)
            #expect(buckets.reduce(0) { $0 + ($1["mentions"] as? Int ?? 0) } == 6)
            #expect(buckets.contains { $0["alert"] as? String == "warning" })
            for key in ["start", "brand", "mentions", "positive", "neutral", "negative", "mean_score", "alert"] {
                #expect(buckets[0][key] != nil, "missing \(key)")
            }
        }
    }

    @Test func alertsCarryTheirDeliveriesAndEvidence() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let list = try await client.execute(
                uri: "/api/v1/alerts?brand=Cerise&since=7d", method: .get, headers: Self.auth)
            let alert = try #require((list.json["alerts"] as? [[String: Any]])?.first)
            let delivery = try #require((alert["deliveries"] as? [[String: Any]])?.first)
            #expect(delivery["sink"] as? String == "ops")
            #expect(delivery["status"] as? String == "delivered")
            #expect(delivery["attempts"] as? Int == 2)
            let id = try #require(alert["id"] as? Int)
            let detail = try await client.execute(uri: "/api/v1/alerts/\(id)", method: .get, headers: Self.auth)
            let evidence = try #require(detail.json["evidence"] as? [String: Any])
            #expect((evidence["mentions"] as? [Any])?.isEmpty == false)
            let terms = (evidence["terms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
            #expect(terms.contains("panne"))
            let retried = try await client.execute(uri: "/api/v1/alerts/\(id)/retry", method: .post, headers: Self.auth)
            #expect(retried.status == .ok)
            #expect((retried.json["deliveries"] as? [[String: Any]])?.first?["status"] as? String == "pending")
            let missing = try await client.execute(uri: "/api/v1/alerts/4242", method: .get, headers: Self.auth)
            #expect(missing.status == .notFound)
            #expect(missing.json["error"] is String)
        }
    }

    @Test func backtestReplaysTheStoreAndNamesBadSettings() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let ok = try await client.execute(
                uri: "/api/v1/backtest", method: .post, headers: Self.auth,
                body: .json(#"{"settings": {"false_alarm_probability": 0.01}, "brand": ["Cerise"], "since": "30d"}"#))
            #expect(ok.status == .ok)
            #expect(ok.json["alerts"] is [Any])
            let bad = try await client.execute(
                uri: "/api/v1/backtest", method: .post, headers: Self.auth,
                body: .json(#"{"settings": {"false_alarm_probability": 2}}"#))
            #expect(bad.status == .badRequest)
            #expect((bad.json["error"] as? String)?.contains("false_alarm_probability") == true)
            let unknown = try await client.execute(
                uri: "/api/v1/backtest", method: .post, headers: Self.auth,
                body: .json(#"{"settings": {"sensitivity": 1}}"#))
            #expect((unknown.json["error"] as? String)?.contains("sensitivity") == true)
        }
    }

    @Test func sourcesShowTheirHealth() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let response = try await client.execute(uri: "/api/v1/sources", method: .get, headers: Self.auth)
            let sources = try #require(response.json["sources"] as? [[String: Any]])
            let blog = try #require(sources.first { $0["url"] as? String == ServeFixture.blog })
            #expect(blog["status"] as? String == "failing")
            #expect(blog["last_error"] as? String == "HTTP 503")
            #expect(blog["failing_since"] is String)
            let presse = try #require(sources.first { $0["url"] as? String == ServeFixture.presse })
            #expect(presse["status"] as? String == "ok")
            #expect(presse["mentions"] as? Int == 11)
        }
    }

    @Test func healthReadinessAndMetrics() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).text == "ok\n")
            #expect(try await client.execute(uri: "/readyz", method: .get).text == "ok\n")
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            // Samples by name and labels, as a scraper reads them (whatever the number's spelling).
            var samples: [String: Double] = [:]
            for line in metrics.split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...])
                else { continue }
                samples[String(line[..<space])] = value
            }
            #expect(samples[#"vigie_mentions_total{brand="Cerise",label="negative"}"#] == 4)
            #expect(samples[#"vigie_alerts_total{brand="Cerise",severity="warning"}"#] == 1)
            #expect(samples[#"vigie_fetches_total{outcome="failed"}"#] == 1)
            #expect(samples[#"vigie_fetches_total{outcome="fetched"}"#] == 1)
            #expect(samples[#"vigie_source_consecutive_failures{source="https://blog.example/feed"}"#] == 2)
            #expect(samples[#"vigie_build_info{version="test"}"#] == 1)
            #expect(metrics.contains("# TYPE vigie_outbox_pending gauge"))
            #expect(samples[#"vigie_outbox_pending{sink="ops"}"#] == 0)
            #expect(metrics.contains("# TYPE vigie_mentions_total counter"))
            #expect(metrics.contains("# HELP vigie_mentions_total "))
            // The mention counters agree with the store's own count of its mentions.
            let stored =
                try await client.execute(uri: "/api/v1/mentions?limit=1", method: .get, headers: Self.auth)
                .json["total"] as? Int
            let counted = samples.filter { $0.key.hasPrefix("vigie_mentions_total{") }.values.reduce(0, +)
            #expect(stored.map(Double.init) == counted)
        }
    }

    @Test func openAPIDocumentParsesAndListsEveryRoute() async throws {
        try await ServeFixture.withServer(token: Self.token) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get, headers: Self.auth)
            #expect(response.status == .ok)
            let document = try #require(try Yams.load(yaml: response.text) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: Any])
            let expected: [(String, String)] = [
                ("/api/v1/mentions", "get"), ("/api/v1/mentions/{id}", "patch"), ("/api/v1/mentions/mark-read", "post"),
                ("/api/v1/timeline", "get"), ("/api/v1/alerts", "get"), ("/api/v1/alerts/{id}", "get"),
                ("/api/v1/alerts/{id}/retry", "post"), ("/api/v1/backtest", "post"), ("/api/v1/sources", "get"),
                ("/api/v1/openapi.yaml", "get"), ("/metrics", "get"), ("/healthz", "get"), ("/readyz", "get"),
            ]
            for (path, method) in expected {
                #expect((paths[path] as? [String: Any])?[method] != nil, "\(method) \(path) missing")
            }
            #expect(paths.count == Set(expected.map(\.0)).count)
        }
    }
}
