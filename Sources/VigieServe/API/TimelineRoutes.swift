import Foundation
import HTTPTypes
import Hummingbird
import VigieCore
import VigieOutput
import VigieStore

/// `GET /api/v1/timeline`: the figures of `vigie export timeline`, from the same ``TimelineReport``.
struct TimelineRoutes {
    let store: ServeStore

    func register(on group: RouterGroup<ServeContext>) {
        group.get("timeline") { request, _ in
            let report = try await Self.report(request, store: store)
            return JSONResponse.make(["buckets": report.rows.map(Self.bucket)])
        }
    }

    /// The timeline a query string asks for (shared with the dashboard and its downloads).
    static func report(_ request: Request, store: ServeStore, extra: Set<String> = []) async throws -> TimelineReport {
        let query = try QueryParameters(
            request.uri.query, allowed: extra.union(["brand", "bucket", "tz", "since", "until"]), repeatable: ["brand"])
        return try await report(query, store: store)
    }

    static func report(_ query: QueryParameters, store: ServeStore) async throws -> TimelineReport {
        let now = store.now()
        var brands = try query.brands("brand", known: store.settings.brands)
        if brands.isEmpty { brands = try await store.allBrands() }
        let width = try query.choice("bucket", BucketWidth.self) ?? .day
        let zone = try query.timeZone("tz") ?? .gmt
        let since = try query.time("since", now: now) ?? now.addingTimeInterval(-30 * 86_400)
        let until = try query.time("until", now: now)
        if let until, until < since { throw APIError.parameter("until", "is before since") }
        do {
            return try await TimelineReport.load(
                from: store.database, filter: MentionFilter(since: since, until: until), brands: brands, width: width,
                timeZone: zone, now: now)
        } catch let error as ExportError {
            throw APIError(.badRequest, "\(error)")
        }
    }

    static func bucket(_ row: TimelineRow) -> [String: Any] {
        [
            "start": RFC3339.format(row.start),
            "brand": row.brand,
            "mentions": row.mentions,
            "positive": row.positive,
            "neutral": row.neutral,
            "negative": row.negative,
            "mean_score": row.meanScore.map { ($0 * 10_000).rounded() / 10_000 } ?? NSNull(),
            "alert": row.alert?.rawValue ?? NSNull(),
        ]
    }
}
