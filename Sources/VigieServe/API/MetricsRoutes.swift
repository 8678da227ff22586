import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
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

    /// The metrics, in Prometheus' text format, through a registry made for this scrape (the values are
    /// the store's, whoever wrote them).
    static func exposition(_ store: ServeStore) throws -> String {
        let registry = PrometheusCollectorRegistry()
        let database = store.database
        for count in try database.recordedMentionCounts() {
            for (label, value) in [
                ("negative", count.negative), ("neutral", count.neutral), ("positive", count.positive),
            ] {
                registry.makeCounter(
                    name: "vigie_mentions_total", labels: [("brand", count.brand), ("label", label)],
                    help: "Mentions stored since the database was made, purged ones included, by brand and label "
                        + "(a manual label counts as set)."
                ).increment(by: Int64(value))
            }
        }
        for count in try database.alertCounts() {
            registry.makeCounter(
                name: "vigie_alerts_total", labels: [("brand", count.brand), ("severity", count.severity.rawValue)],
                help: "Alerts raised, by brand and severity."
            ).increment(by: Int64(count.count))
        }
        let fetches = try database.fetchCounts()
        for outcome in ["fetched", "not_modified", "failed"] {
            registry.makeCounter(
                name: "vigie_fetches_total", labels: [("outcome", outcome)],
                help: "Source fetches recorded, by outcome (fetched, not_modified, failed)."
            ).increment(by: Int64(fetches[outcome] ?? 0))
        }
        for source in try database.sources() where !source.retired {
            registry.makeGauge(
                name: "vigie_source_consecutive_failures", labels: [("source", source.url)],
                help: "Failed fetches in a row, per source still configured."
            ).set(Int64(source.consecutiveFailures))
        }
        for (sink, pending) in try database.pendingDeliveryCounts().sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(
                name: "vigie_outbox_pending", labels: [("sink", sink)],
                help: "Alert deliveries waiting in the outbox, per sink."
            ).set(Int64(pending))
        }
        registry.makeGauge(
            name: "vigie_build_info", labels: [("version", store.settings.version)],
            help: "The running Vigie's version."
        ).set(Int64(1))
        return registry.emitToString()
    }

    static func text(
        _ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
