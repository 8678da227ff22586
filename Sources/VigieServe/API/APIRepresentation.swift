import Foundation
import VigieCore
import VigieStore

/// The JSON shapes of INTERFACE.md ("vigie serve"): M (a mention), A (an alert), a source, a bucket.
enum APIRepresentation {
    /// A time as the API writes it: RFC 3339 in UTC, or `null`.
    static func time(_ date: Date?) -> Any {
        date.map { RFC3339.format($0) } ?? NSNull()
    }

    /// M: one mention.
    static func mention(_ row: MentionRow) -> [String: Any] {
        [
            "id": row.id,
            "time": RFC3339.format(row.time),
            "brand": row.brand,
            "label": row.label.rawValue,
            "label_source": row.isRelabelled ? "manual" : "scorer",
            "scorer_label": (row.scorerLabel ?? row.label).rawValue,
            "score": row.score,
            "title": row.title ?? NSNull(),
            "link": row.link ?? NSNull(),
            "source": row.sourceURL,
            "language": row.language.rawValue,
            "terms": row.topTerms,
            "read": row.read,
            "carriers": row.carriers,
        ]
    }

    /// A: one alert with its deliveries.
    static func alert(_ alert: StoredAlert, deliveries: [Delivery]) -> [String: Any] {
        [
            "id": alert.id ?? 0,
            "brand": alert.brand,
            "kind": alert.kind.rawValue,
            "severity": alert.severity.rawValue,
            "bucket_start": RFC3339.format(alert.bucketStart),
            "raised_at": RFC3339.format(alert.raisedAt),
            "negative": alert.negativeCount,
            "baseline": alert.baseline,
            "mentions": alert.count,
            "negative_share": alert.share,
            "deliveries": deliveries.map { delivery in
                [
                    "sink": delivery.sink,
                    "status": delivery.status.rawValue,
                    "attempts": delivery.attempts,
                    "last_error": delivery.lastError ?? NSNull(),
                ] as [String: Any]
            },
        ]
    }

    /// One source's health: `ok`, `failing`, `never_fetched` or `retired`.
    static func source(_ state: SourceState) -> [String: Any] {
        let failing = state.consecutiveFailures > 0
        let status =
            state.retired ? "retired" : state.lastFetchAt == nil ? "never_fetched" : failing ? "failing" : "ok"
        return [
            "url": state.url,
            "name": state.name,
            "status": status,
            "last_fetch": time(state.lastFetchAt),
            "next_poll": time(state.nextPollAt),
            "failing_since": failing ? time(state.failingSince ?? state.lastSuccessAt ?? state.addedAt) : NSNull(),
            "entries": state.entriesCount,
            "mentions": state.mentionsCount,
            "last_error": state.lastError ?? NSNull(),
            "consecutive_failures": state.consecutiveFailures,
        ]
    }
}
