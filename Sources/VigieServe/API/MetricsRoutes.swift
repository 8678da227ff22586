import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigieCore
import VigieStore

/// `/metrics` (Prometheus text format 0.0.4, read from the store at each scrape, so that a `vigie serve
/// --no-watch` beside `vigie watch` reports the watcher's work), `/healthz` and `/readyz`.
struct MetricsRoutes {
    let store: ServeStore

    func register(on router: Router<ServeContext>) {
        router.get("healthz") { _, _ in Self.text("ok\n") }
        router.get("readyz") { _, _ in
            do {
                _ = try store.database.pendingDeliveryCounts()
                return Self.text("ok\n")
            } catch {
                return Self.text("the store does not answer: \(error)\n", status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            Self.text(try Self.exposition(store), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    /// The metrics, in Prometheus' text format.
    static func exposition(_ store: ServeStore) throws -> String {
        var text = ""
        func family(
            _ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Int)]
        ) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
                text += "\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(sample.value)\n"
            }
        }
        let database = store.database
        family(
            "vigie_mentions_total", "counter", "Mentions stored, by brand and label (a manual label counts as set).",
            try database.mentionCounts().flatMap { count in
                [("negative", count.negative), ("neutral", count.neutral), ("positive", count.positive)].map {
                    ([("brand", count.brand), ("label", $0.0)], $0.1)
                }
            })
        family(
            "vigie_alerts_total", "counter", "Alerts raised, by brand and severity.",
            try database.alertCounts().map { ([("brand", $0.brand), ("severity", $0.severity.rawValue)], $0.count) })
        let fetches = try database.fetchCounts()
        family(
            "vigie_fetches_total", "counter", "Source fetches recorded, by outcome (fetched, not_modified, failed).",
            ["fetched", "not_modified", "failed"].map { ([("outcome", $0)], fetches[$0] ?? 0) })
        family(
            "vigie_source_consecutive_failures", "gauge", "Failed fetches in a row, per source still configured.",
            try database.sources().filter { !$0.retired }.map { ([("source", $0.url)], $0.consecutiveFailures) })
        family(
            "vigie_outbox_pending", "gauge", "Alert deliveries waiting in the outbox, per sink.",
            try database.pendingDeliveryCounts().sorted { $0.key < $1.key }.map { ([("sink", $0.key)], $0.value) })
        family(
            "vigie_build_info", "gauge", "The running Vigie's version.", [([("version", store.settings.version)], 1)])
        return text
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func text(
        _ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
