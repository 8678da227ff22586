import Foundation
import HTTPTypes
import Hummingbird
import VigieDetect
import VigieWatch

/// `POST /api/v1/backtest`: the stored history replayed with other detector settings, by the code of
/// `vigie backtest --config` (``StoredHistoryReplay``).
struct BacktestRoutes {
    let store: ServeStore

    func register(on group: RouterGroup<ServeContext>) {
        group.post("backtest") { request, _ in
            _ = try QueryParameters(request.uri.query, allowed: [])
            let body = try await JSONResponse.object(of: request)
            if let unknown = body.keys.sorted().first(where: { !["settings", "brand", "since"].contains($0) }) {
                throw APIError(
                    .badRequest, "unknown field \(unknown); send {\"settings\": {…}, \"brand\": [..], \"since\": T}")
            }
            var values: [String: Double] = [:]
            if let settings = body["settings"] {
                guard let object = settings as? [String: Any] else {
                    throw APIError(.badRequest, "settings must be an object of detector settings, as in vigie.yaml")
                }
                for (name, value) in object {
                    guard let number = value as? NSNumber else {
                        throw APIError(.badRequest, "settings.\(name) must be a number")
                    }
                    values[name] = number.doubleValue
                }
            }
            var brands: [String] = []
            if let value = body["brand"] {
                guard let list = value as? [String] ?? (value as? String).map({ [$0] }) else {
                    throw APIError(.badRequest, "brand must be a list of brand names")
                }
                brands = list
            }
            var since = store.now().addingTimeInterval(-30 * 86_400)
            if let value = body["since"] {
                guard let text = value as? String, let date = store.time(text) else {
                    throw APIError(.badRequest, "since must be a time such as 30d or an RFC 3339 time")
                }
                since = date
            }
            let alerts = try await Self.replay(values, brands: brands, since: since, store: store)
            return JSONResponse.make([
                "alerts": alerts.map { (try? JSONSerialization.jsonObject(with: Data($0.jsonLine.utf8))) ?? [:] }
            ])
        }
    }

    /// The detector settings of the configuration with `values` applied, or a 400 naming the bad one.
    static func settings(_ values: [String: Double], store: ServeStore) throws -> DetectorSettings {
        var settings = store.settings.detector
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            if let problem = settings.set(name, to: value) { throw APIError(.badRequest, "settings: \(problem)") }
        }
        do {
            try settings.validate()
        } catch {
            throw APIError(.badRequest, "settings: \(error)")
        }
        return settings
    }

    /// The alerts the settings would have raised since `since`.
    static func replay(_ values: [String: Double], brands: [String], since: Date, store: ServeStore) async throws
        -> [Alert]
    {
        if let unknown = brands.first(where: { !store.settings.brands.isEmpty && !store.settings.brands.contains($0) })
        {
            throw APIError(.badRequest, "brand: no brand named \"\(unknown)\"")
        }
        return try await StoredHistoryReplay.run(
            store.database, settings: settings(values, store: store), timeZones: store.settings.timeZones, since: since,
            brands: brands
        ).alerts
    }

    /// The YAML to paste under `alerts:` for these settings.
    static func yaml(_ values: [String: Double]) -> String {
        guard !values.isEmpty else { return "alerts:\n  detector: {}\n" }
        return "alerts:\n  detector:\n"
            + values.sorted { $0.key < $1.key }.map { "    \($0.key): \(Self.number($0.value))\n" }.joined()
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
