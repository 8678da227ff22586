import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import VigieCore
import VigieServe
import VigieStore

/// A small store written here (three brands, two sources, one alert whose webhook failed then succeeded)
/// and a server over it, reached over real HTTP on loopback.
enum ServeFixture {
    /// The fixed "now" of every test: 2026-03-10T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_773_144_000)
    static let brands = ["Cerise", "Nordane", "Skylark Air"]
    static let presse = "https://presse.example/feed"
    static let blog = "https://blog.example/feed"

    /// The store: Cerise has 6 mentions on the last day (4 negative), Nordane 3 positive, Skylark Air 2;
    /// alert 1 (Cerise, warning) has a webhook delivery that failed once then was delivered.
    ///
    /// - Parameters:
    ///   - path: a database file (the browser tests serve it with the real binary), else one in memory.
    ///   - now: the time the store is written around.
    static func database(path: String? = nil, now: Date = ServeFixture.now) throws -> VigieDatabase {
        let database = try path.map { try VigieDatabase(path: $0) } ?? VigieDatabase.inMemory()
        try database.syncSources(sources, now: now.addingTimeInterval(-30 * 86_400))
        for fetch in fetches(now: now) { try database.record(fetch) }
        let alertID = try database.insertAlert(alert(now: now), sinks: ["ops"])!
        let delivery = try database.deliveries().first { $0.alert.id == alertID }!
        try database.beginAttempt(id: delivery.id, at: now.addingTimeInterval(-3_000), retryAt: now)
        try database.markAttemptFailed(id: delivery.id, error: "HTTP 500 from the webhook", nextAttempt: now)
        try database.beginAttempt(id: delivery.id, at: now.addingTimeInterval(-2_000), retryAt: now)
        try database.markDelivered(id: delivery.id, at: now.addingTimeInterval(-2_000))
        return database
    }

    /// The same store written through the protocols every store implements (SQLite or PostgreSQL): the same
    /// sources, fetches and alert, its delivery failed once then delivered.
    static func fill(_ store: any WatchStore & AlertStore, now: Date = ServeFixture.now) async throws {
        try await store.syncSources(sources, now: now.addingTimeInterval(-30 * 86_400))
        for fetch in fetches(now: now) { _ = try await store.record(fetch, fencedBy: nil) }
        _ = try await store.insertAlert(alert(now: now), sinks: ["ops"], fencedBy: nil)
        for (at, outcome) in [
            (now.addingTimeInterval(-3_000), DeliveryOutcome.retry(error: "HTTP 500 from the webhook")),
            (now.addingTimeInterval(-2_000), .delivered),
        ] {
            for attempt in try await store.claimDueDeliveries(now: at, retryAt: [at.addingTimeInterval(60)], limit: 9) {
                _ = try await store.settle(attempt, as: outcome, at: at)
            }
        }
    }

    static let sources = [
        SourceDefinition(url: presse, name: "Presse", kind: "rss"),
        SourceDefinition(url: blog, name: "Blog", kind: "rss"),
    ]

    /// Presse's fetch of every mention, and Blog's failed fetch.
    static func fetches(now: Date) -> [FetchRecord] {
        let day = now.addingTimeInterval(-6 * 3_600)
        var entries: [ScoredEntry] = []
        func add(_ brand: String, _ label: Sentiment.Label, _ index: Int, _ title: String, terms: [String]) {
            let score = label == .negative ? -0.7 : label == .positive ? 0.6 : 0
            entries.append(
                ScoredEntry(
                    entry: FeedEntry(
                        id: "\(brand)-\(index)", title: title, link: "https://presse.example/\(brand)/\(index)",
                        published: day.addingTimeInterval(TimeInterval(index * 600)), text: "\(title) \(brand)."),
                    mentions: [
                        BrandMention(
                            brand: brand, matchedTerms: [brand.lowercased()],
                            sentiment: Sentiment(
                                language: .french, score: score, label: label, positive: 0.3, negative: 0.3,
                                neutral: 0.4),
                            topTerms: terms)
                    ]))
        }
        for index in 0..<4 {
            add("Cerise", .negative, index, "Panne Cerise numéro \(index)", terms: ["panne", "coupure"])
        }
        add("Cerise", .neutral, 4, "Cerise change ses tarifs", terms: [])
        add("Cerise", .positive, 5, "Cerise rétablit le réseau", terms: ["rétablit"])
        for index in 0..<3 { add("Nordane", .positive, index, "Nordane ravit ses clients \(index)", terms: ["ravit"]) }
        add("Skylark Air", .negative, 0, "Skylark Air retard à Orly", terms: ["retard"])
        add("Skylark Air", .neutral, 1, "Skylark Air ouvre une ligne", terms: [])
        return [
            FetchRecord(
                sourceURL: presse, fetchedAt: now.addingTimeInterval(-600), outcome: .fetched(status: 200), etag: nil,
                lastModified: nil, nextPollAt: now.addingTimeInterval(300), consecutiveFailures: 0, entries: entries),
            FetchRecord(
                sourceURL: blog, fetchedAt: now.addingTimeInterval(-300),
                outcome: .failed(status: 503, error: "HTTP 503"),
                etag: nil, lastModified: nil, nextPollAt: now.addingTimeInterval(900), consecutiveFailures: 2,
                entries: []),
        ]
    }

    /// Alert 1: Cerise, warning, the hour of the negative mentions.
    static func alert(now: Date) -> StoredAlert {
        let day = now.addingTimeInterval(-6 * 3_600)
        return StoredAlert(
            brand: "Cerise", kind: .negativeSpike, severity: .warning,
            bucketStart: Date(timeIntervalSince1970: (day.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600),
            bucketSeconds: 3_600, raisedAt: day.addingTimeInterval(3_600), count: 4, negativeCount: 4,
            baseline: 0.4, share: 1,
            explanation: #"{"brand":"Cerise","usual_negative_share":0.1,"probability":1e-9}"#)
    }

    static func settings(token: String? = nil, password: String? = nil) -> ServerSettings {
        ServerSettings(
            host: "127.0.0.1", port: 0, token: token, password: password, brands: brands, version: "test",
            sessionKey: Array(repeating: 7, count: 32))
    }

    /// Runs `body` against a live server over `database` (any store), else over the fixture store in SQLite.
    static func withServer(
        token: String? = nil, password: String? = nil, database: (any TriageStore)? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let database: any TriageStore = try database ?? Self.database()
        let router = try await VigieServer.router(
            database: database, settings: settings(token: token, password: password), now: { now })
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live, body)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// A session cookie and its CSRF token, as a browser gets them from any page.
    func session() async throws -> (cookie: String, csrf: String) {
        let page = try await execute(uri: "/mentions", method: .get)
        let setCookie = page.headers[.setCookie] ?? ""
        let cookie = String(setCookie.prefix { $0 != ";" })
        let html = page.text
        guard let range = html.range(of: #"name="csrf" value=""#) else { return (cookie, "") }
        let csrf = html[range.upperBound...].prefix { $0 != "\"" }
        return (cookie, String(csrf))
    }
}

extension ByteBuffer {
    /// A JSON body.
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
