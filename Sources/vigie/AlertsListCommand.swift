import ArgumentParser
import Foundation
import Logging
import VigieConfig
import VigieCore
import VigieDetect
import VigieIngest
import VigieStore

/// `vigie alerts list`: stored alerts with their delivery status.
struct AlertsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the stored alerts, newest first, with their deliveries.",
        discussion: """
            Reads the database of the configuration, SQLite or PostgreSQL (alerts are raised by \
            `vigie watch`; on PostgreSQL, by the worker that holds the detector lease).

            Examples:
              vigie alerts --since 7d
              vigie alerts --brand Acme --format jsonl | jq .deliveries

            In jsonl, each line is the alert as `vigie backtest` writes it, with a `deliveries` \
            list added: sink, status (pending, delivered, failed), attempts, last_error, \
            delivered_at, idempotency_key.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, jsonl }

    @OptionGroup var config: ConfigOptions

    @Option(help: "Only this brand.")
    var brand: String?

    @Option(help: "Only alerts about buckets since then: 24h, 7d, 90m, or an RFC 3339 time (default: 7d).")
    var since: TimeBound?

    @Option(help: "table (for reading) or jsonl (for tools).")
    var format: Format = .table

    func run() async throws {
        let configuration = try config.load()
        let since = (since ?? TimeBound("7d", now: Date())!).date
        let (alerts, byAlert) = try await WatchRuntime.withReadStore(configuration, command: "alerts list") { store in
            try await Self.read(store, brand: brand, since: since)
        }
        let output = StandardOutput()
        switch format {
        case .table:
            var table = TextTable([
                "bucket (UTC)", "brand", "kind", "severity", "negative", "mentions", "baseline", "delivery",
            ])
            for alert in alerts {
                let deliveries = (alert.id.flatMap { byAlert[$0] } ?? []).sorted { $0.sink < $1.sink }
                let status =
                    deliveries.isEmpty
                    ? "-"
                    : deliveries.map { delivery in
                        var text = "\(delivery.sink): \(delivery.status.rawValue)"
                        if delivery.status != .delivered, delivery.attempts > 0 {
                            text += " after \(delivery.attempts) attempt\(delivery.attempts == 1 ? "" : "s")"
                            if let error = delivery.lastError { text += " (\(error))" }
                        }
                        return text
                    }.joined(separator: "; ")
                table.add([
                    RFC3339.format(alert.bucketStart), alert.brand, alert.kind.rawValue, alert.severity.rawValue,
                    String(alert.negativeCount), String(alert.count), String(format: "%.1f", alert.baseline), status,
                ])
            }
            output.write(alerts.isEmpty ? "no alerts\n" : table.rendered + "\n")
        case .jsonl:
            for alert in alerts {
                let deliveries = (alert.id.flatMap { byAlert[$0] } ?? []).sorted { $0.sink < $1.sink }
                output.write(Self.jsonLine(alert, deliveries: deliveries) + "\n")
            }
        }
        try output.finish("alerts")
    }

    /// The alerts of `brand` (every brand when `nil`) since `since`, and their deliveries by alert id.
    private static func read(_ store: any AlertStore, brand: String?, since: Date) async throws -> (
        [StoredAlert], [Int64: [Delivery]]
    ) {
        let alerts = try await store.alerts(brand: brand, since: since, limit: nil)
        return (alerts, try await store.deliveries(alertIDs: alerts.compactMap(\.id)))
    }

    /// The stored explanation with `deliveries` appended.
    static func jsonLine(_ alert: StoredAlert, deliveries: [Delivery]) -> String {
        var base = alert.explanation.trimmingCharacters(in: .whitespacesAndNewlines)
        if !base.hasPrefix("{") || !base.hasSuffix("}") { base = "{}" }
        base.removeLast()
        var list: [String] = []
        for delivery in deliveries {
            var line = JSONLine()
            line.field("sink", delivery.sink)
            line.field("status", delivery.status.rawValue)
            line.field("attempts", delivery.attempts)
            line.field("last_error", delivery.lastError)
            line.field("delivered_at", delivery.deliveredAt.map(RFC3339.format))
            line.field("idempotency_key", delivery.idempotencyKey)
            list.append(String(decoding: line.finish(newline: false), as: UTF8.self))
        }
        return base + (base.count > 1 ? "," : "") + "\"deliveries\":[" + list.joined(separator: ",") + "]}"
    }
}
