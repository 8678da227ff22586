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
                _ = try await store.database.pendingDeliveryCounts()
                return Self.text("ok\n")
            } catch {
                return Self.text("the store does not answer: \(error)\n", status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            Self.text(try await Self.exposition(store), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    /// The metrics, in Prometheus' text format, through a registry made for this scrape (the values are
    /// the store's, whoever wrote them).
    static func exposition(_ store: ServeStore) async throws -> String {
        let registry = PrometheusCollectorRegistry()
        let database = store.database
        for count in try await database.recordedMentionCounts() {
            for (label, value) in [
                ("negative", count.negative), ("neutral", count.neutral), ("positive", count.positive),
            ] {
                registry.makeCounter(
                    descriptor: Self.descriptor(
                        "vigie_mentions_total",
                        "Mentions stored since the database was made, purged ones included, by brand and label "
                            + "(a manual label counts as set)."), labels: [("brand", count.brand), ("label", label)]
                ).increment(by: Int64(value))
            }
        }
        for count in try await database.alertCounts() {
            registry.makeCounter(
                descriptor: Self.descriptor("vigie_alerts_total", "Alerts raised, by brand and severity."),
                labels: [("brand", count.brand), ("severity", count.severity.rawValue)]
            ).increment(by: Int64(count.count))
        }
        let fetches = try await database.fetchCounts()
        for outcome in ["fetched", "not_modified", "failed"] {
            registry.makeCounter(
                descriptor: Self.descriptor(
                    "vigie_fetches_total", "Source fetches recorded, by outcome (fetched, not_modified, failed)."),
                labels: [("outcome", outcome)]
            ).increment(by: Int64(fetches[outcome] ?? 0))
        }
        for source in try await database.sources() where !source.retired {
            registry.makeGauge(
                descriptor: Self.descriptor(
                    "vigie_source_consecutive_failures", "Failed fetches in a row, per source still configured."),
                labels: [("source", source.url)]
            ).set(Int64(source.consecutiveFailures))
        }
        for (sink, pending) in try await database.pendingDeliveryCounts().sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(
                descriptor: Self.descriptor(
                    "vigie_outbox_pending", "Alert deliveries waiting in the outbox, per sink."),
                labels: [("sink", sink)]
            ).set(Int64(pending))
        }
        registry.makeGauge(
            descriptor: Self.descriptor("vigie_build_info", "The running Vigie's version."),
            labels: [("version", store.settings.version)]
        ).set(Int64(1))
        return registry.emitToString()
    }

    /// A metric's name and help, as swift-prometheus wants them: the last word of the name is its unit.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        let unit = name.lastIndex(of: "_")!
        return MetricNameDescriptor(
            metricName: String(name[..<unit]), unitName: String(name[name.index(after: unit)...]), helpText: help)
    }

    static func text(
        _ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
