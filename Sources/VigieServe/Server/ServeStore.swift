import Foundation
import HTTPTypes
import VigieConfig
import VigieStore

/// What every route reads: the store (SQLite or PostgreSQL), the settings and the clock.
struct ServeStore: Sendable {
    let database: any TriageStore
    let settings: ServerSettings
    /// The current time (injected: tests fix it).
    let now: @Sendable () -> Date

    /// A time in the forms of `--since`, relative to ``now``.
    func time(_ text: String) -> Date? {
        TimeBoundText.date(text, now: now())
    }

    /// The brands to show when a request names none: the configuration's, else the stored ones.
    func allBrands() async throws -> [String] {
        settings.brands.isEmpty ? try await database.mentionCounts().map(\.brand) : settings.brands
    }

    /// Runs `body`, turning the store's "not found" into a 404.
    func notFoundAware<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .notFound {
            throw APIError(.notFound, "\(error.subject ?? "it"): \(error.reason)")
        }
    }
}
