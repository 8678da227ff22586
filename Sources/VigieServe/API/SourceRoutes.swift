import HTTPTypes
import Hummingbird
import VigieStore

/// `GET /api/v1/sources`: each source's health.
struct SourceRoutes {
    let store: ServeStore

    func register(on group: RouterGroup<ServeContext>) {
        group.get("sources") { request, _ in
            _ = try QueryParameters(request.uri.query, allowed: [])
            return JSONResponse.make(["sources": try await store.database.sources().map(APIRepresentation.source)])
        }
    }
}
