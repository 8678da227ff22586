import Foundation
import HTTPTypes
import Hummingbird
import VigieCore
import VigieStore

/// `GET /api/v1/mentions`, `PATCH /api/v1/mentions/{id}`, `POST /api/v1/mentions/mark-read`.
struct MentionRoutes {
    let store: ServeStore

    /// The most rows one page may hold.
    static let maximumLimit = 500

    func register(on group: RouterGroup<ServeContext>) {
        group.get("mentions") { request, _ in try await list(request) }
        group.patch("mentions/:id") { request, context in try await update(request, context) }
        group.post("mentions/mark-read") { request, _ in try await markRead(request) }
    }

    /// The filter of a mention listing from its query string (shared with the dashboard's feed).
    static func filter(_ request: Request, store: ServeStore) throws -> (MentionFilter, QueryParameters) {
        let query = try QueryParameters(
            request.uri.query,
            allowed: ["brand", "label", "source", "lang", "q", "since", "until", "unread", "limit", "offset"],
            repeatable: ["brand"])
        return (try filter(query, store: store, languageParameter: "lang"), query)
    }

    /// The filter `query` names; the mentions' language is `languageParameter` (the dashboard's `lang` is
    /// its own language).
    static func filter(_ query: QueryParameters, store: ServeStore, languageParameter: String) throws -> MentionFilter {
        let now = store.now()
        var filter = MentionFilter(
            brands: try query.brands("brand", known: store.settings.brands),
            since: try query.time("since", now: now), until: try query.time("until", now: now),
            label: try query.choice("label", Sentiment.Label.self), source: try query.string("source"),
            language: try query.choice(languageParameter, Language.self))
        if let since = filter.since, let until = filter.until, until < since {
            throw APIError.parameter("until", "is before since")
        }
        filter.text = try query.string("q")
        filter.unreadOnly = try query.bool("unread") ?? false
        filter.limit = try query.integer("limit", in: 1...maximumLimit) ?? 50
        filter.offset = try query.integer("offset", in: 0...10_000_000) ?? 0
        return filter
    }

    private func list(_ request: Request) async throws -> Response {
        let (filter, _) = try Self.filter(request, store: store)
        let rows = try await store.database.mentions(filter)
        let total = try await store.database.mentionTotal(filter, cap: nil)
        return JSONResponse.make(["total": total, "mentions": rows.map(APIRepresentation.mention)])
    }

    private func update(_ request: Request, _ context: ServeContext) async throws -> Response {
        let id = try Self.id(context)
        _ = try QueryParameters(request.uri.query, allowed: [])
        let body = try await JSONResponse.object(of: request)
        if let unknown = body.keys.sorted().first(where: { !["label", "read"].contains($0) }) {
            throw APIError(.badRequest, "unknown field \(unknown); send {\"label\": …} and/or {\"read\": …}")
        }
        guard body["label"] != nil || body["read"] != nil else {
            throw APIError(
                .badRequest,
                "send {\"label\": \"negative\"|\"neutral\"|\"positive\"|null} and/or {\"read\": true|false}")
        }
        let patch: MentionPatch
        do {
            patch = try JSONDecoder().decode(MentionPatch.self, from: JSONSerialization.data(withJSONObject: body))
        } catch {
            throw APIError(
                .badRequest,
                "label must be \"negative\", \"neutral\", \"positive\" or null (back to the scorer's), read true or false"
            )
        }
        var row: MentionRow?
        if let label = patch.label {
            row = try await store.notFoundAware { try await store.database.relabel(mentionID: id, to: label) }
        }
        if let read = patch.read {
            row = try await store.notFoundAware { try await store.database.setRead(mentionID: id, read) }
        }
        return JSONResponse.make(APIRepresentation.mention(row!))
    }

    private func markRead(_ request: Request) async throws -> Response {
        _ = try QueryParameters(request.uri.query, allowed: [])
        let body = try await JSONResponse.object(of: request)
        if let unknown = body.keys.sorted().first(where: { !["brand", "until"].contains($0) }) {
            throw APIError(.badRequest, "unknown field \(unknown); send {\"brand\": [..], \"until\": T}")
        }
        var brands: [String] = []
        if let value = body["brand"] {
            guard let list = value as? [String] ?? (value as? String).map({ [$0] }) else {
                throw APIError(.badRequest, "brand must be a list of brand names")
            }
            if let unknown = list.first(where: { !store.settings.brands.isEmpty && !store.settings.brands.contains($0) }
            ) {
                throw APIError(.badRequest, "brand: no brand named \"\(unknown)\"")
            }
            brands = list
        }
        guard let text = body["until"] as? String else {
            throw APIError(.badRequest, "until is required: the time of the oldest mention left unread is after it")
        }
        guard let until = store.time(text) else {
            throw APIError(.badRequest, "until: \"\(text)\" is not a time")
        }
        return JSONResponse.make(["marked": try await store.database.markRead(brands: brands, until: until)])
    }

    static func id(_ context: ServeContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError(.badRequest, "the id in the path must be a positive whole number")
        }
        return id
    }
}

/// The body of `PATCH /api/v1/mentions/{id}`: `label` absent (unchanged), `null` (back to the scorer's) or a
/// label; `read` absent or a boolean.
struct MentionPatch: Decodable {
    var label: Sentiment.Label??
    var read: Bool?

    enum CodingKeys: String, CodingKey { case label, read }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.label) {
            label =
                try container.decodeNil(forKey: .label)
                ? .some(nil) : try container.decode(Sentiment.Label.self, forKey: .label)
        }
        read = try container.decodeIfPresent(Bool.self, forKey: .read)
    }
}
