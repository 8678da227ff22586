import Foundation
import HTTPTypes
import Hummingbird
import VigieCore
import VigieStore

/// `GET /api/v1/alerts`, `GET /api/v1/alerts/{id}`, `POST /api/v1/alerts/{id}/retry`.
struct AlertRoutes {
    let store: ServeStore

    func register(on group: RouterGroup<ServeContext>) {
        group.get("alerts") { request, _ in
            let query = try QueryParameters(request.uri.query, allowed: ["brand", "since"])
            let brand = try query.brands("brand", known: store.settings.brands).first
            let alerts = try await store.database.alerts(
                brand: brand, since: try query.time("since", now: store.now()), limit: nil)
            let deliveries = try await store.database.deliveries(alertIDs: alerts.compactMap(\.id))
            return JSONResponse.make([
                "alerts": alerts.map { APIRepresentation.alert($0, deliveries: deliveries[$0.id ?? 0] ?? []) }
            ])
        }
        group.get("alerts/:id") { request, context in
            _ = try QueryParameters(request.uri.query, allowed: [])
            return JSONResponse.make(try await Self.detail(MentionRoutes.id(context), store: store))
        }
        group.post("alerts/:id/retry") { request, context in
            _ = try QueryParameters(request.uri.query, allowed: [])
            let id = try MentionRoutes.id(context)
            try await store.notFoundAware { _ = try await store.database.retryDeliveries(alertID: id, at: store.now()) }
            return JSONResponse.make(try await Self.detail(id, store: store, evidence: false))
        }
    }

    /// A plus its evidence: the mentions of the deciding bucket, most negative first, and the terms that
    /// weighed in their scores.
    static func detail(_ id: Int64, store: ServeStore, evidence: Bool = true) async throws -> [String: Any] {
        guard let alert = try await store.database.alert(id: id) else {
            throw APIError(.notFound, "alert \(id): no such alert")
        }
        var object = APIRepresentation.alert(
            alert, deliveries: try await store.database.deliveries(alertIDs: [id])[id] ?? [])
        guard evidence else { return object }
        let (mentions, terms) = try await Self.evidence(alert, store: store)
        object["evidence"] = [
            "mentions": mentions.map(APIRepresentation.mention),
            "terms": terms.map { ["term": $0.term, "count": $0.count] as [String: Any] },
        ]
        return object
    }

    /// The mentions of the alert's bucket (most negative first, at most 50) and the terms of its negative ones.
    static func evidence(_ alert: StoredAlert, store: ServeStore) async throws -> (
        mentions: [MentionRow], terms: [(term: String, count: Int)]
    ) {
        let filter = MentionFilter(
            brands: [alert.brand], since: alert.bucketStart,
            until: alert.bucketStart.addingTimeInterval(TimeInterval(max(1, alert.bucketSeconds))))
        let rows = try await store.database.mentions(filter)
        var negative = filter
        negative.label = .negative
        let terms = try await store.database.sampleSummary(negative, sample: 5_000, terms: 15, sources: 0).terms
        return (Array(rows.sorted { ($0.score, $0.id) < ($1.score, $1.id) }.prefix(50)), terms)
    }
}
