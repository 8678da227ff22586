import Foundation
import PostgresNIO
import VigieCore

/// `vigie serve`'s triage, alert page, summaries and metrics on PostgreSQL (``TriageStore``).
extension PostgresStore: TriageStore {
    /// Sets the label in one transaction with the counts of the mention's quarter hour (PostgreSQL keeps
    /// `mention_slot` in the record path, not by trigger), so that timelines and totals follow at once.
    public func relabel(mentionID: Int64, to label: Sentiment.Label?) async throws -> MentionRow {
        let operation = "relabelling a mention"
        let logger = self.logger
        try await transaction(operation, subject: "mention \(mentionID)") { connection in
            guard
                let (brandID, time, language, stored, scorer) = try await connection.query(
                    """
                    SELECT brand_id, time, language, label, scorer_label FROM mention WHERE id = \(mentionID)
                    FOR UPDATE
                    """, logger: logger
                ).collect().first?.decode((Int64, Int64, String, String, String?).self)
            else { throw Self.noSuchMention(mentionID, operation) }
            // As on SQLite: a manual label keeps the scorer's beside it; `nil` gives the scorer's back.
            let newLabel = label?.rawValue ?? scorer ?? stored
            let newScorer = label == nil ? nil : scorer ?? stored
            try await connection.query(
                "UPDATE mention SET label = \(newLabel), scorer_label = \(newScorer) WHERE id = \(mentionID)",
                logger: logger)
            guard newLabel != stored else { return }
            func delta(_ name: String) -> Int64 { (newLabel == name ? 1 : 0) - (stored == name ? 1 : 0) }
            try await connection.query(
                """
                UPDATE mention_slot SET negative = negative + \(delta("negative")),
                    positive = positive + \(delta("positive"))
                WHERE brand_id = \(brandID) AND slot = \(time.floorDivided(by: 900)) AND language = \(language)
                """, logger: logger)
        }
        return try await existingMention(mentionID, operation)
    }

    public func setRead(mentionID: Int64, _ read: Bool) async throws -> MentionRow {
        let operation = "marking a mention \(read ? "read" : "unread")"
        let logger = self.logger
        try await transaction(operation, subject: "mention \(mentionID)") { connection in
            let updated = try await connection.query(
                "UPDATE mention SET read = \(read) WHERE id = \(mentionID) RETURNING id", logger: logger
            ).collect()
            if updated.isEmpty { throw Self.noSuchMention(mentionID, operation) }
        }
        return try await existingMention(mentionID, operation)
    }

    public func markRead(brands: [String], until: Date) async throws -> Int {
        let logger = self.logger
        let until = Int64(until.timeIntervalSince1970.rounded(.down))
        return try await transaction("marking mentions read") { connection in
            let ids =
                try await Self.brandIDs(
                    MentionFilter(brands: brands), connection, logger: logger, listingEveryBrand: true)
                ?? []
            return try await connection.query(
                """
                WITH marked AS (
                    UPDATE mention SET read = true
                    WHERE NOT read AND brand_id = ANY(\(ids)::bigint[]) AND time <= \(until) RETURNING 1
                ) SELECT count(*) FROM marked
                """, logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        }
    }

    public func alert(id: Int64) async throws -> StoredAlert? {
        let logger = self.logger
        return try await reading("reading an alert", subject: "alert \(id)") { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.alertColumns("a")) FROM alert a WHERE a.id = \(id)", logger: logger
            ).collect().first.map { try StoredAlert(postgres: $0.makeRandomAccess(), from: 0) }
        }
    }

    public func retryDeliveries(alertID: Int64, at date: Date) async throws -> Int {
        let operation = "retrying an alert's deliveries"
        let logger = self.logger
        let due = Epoch.seconds(date)
        return try await transaction(operation, subject: "alert \(alertID)") { connection in
            guard
                try await connection.query(
                    "SELECT id FROM alert WHERE id = \(alertID) FOR SHARE", logger: logger
                ).collect().first != nil
            else {
                throw StoreError(.notFound, operation: operation, subject: "alert \(alertID)", reason: "no such alert")
            }
            return try await connection.query(
                """
                WITH requeued AS (
                    UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(due), delivered_at = NULL
                    WHERE alert_id = \(alertID) RETURNING 1
                ) SELECT count(*) FROM requeued
                """, logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        }
    }

    public func sampleSummary(_ filter: MentionFilter, sample: Int, terms: Int, sources: Int) async throws -> (
        terms: [(term: String, count: Int)], sources: [(url: String, name: String, count: Int)]
    ) {
        let logger = self.logger
        let tally = try await reading("summarising mentions") { connection in
            let (condition, sql) = try await Self.whereClause(filter, connection, logger: logger)
            var tally = SampleTally()
            for try await (topTerms, url, name) in try await connection.query(
                sql.query(SampleTally.query(condition: condition, sample: sample)), logger: logger
            ).decode((String, String, String).self) {
                tally.add(topTerms: topTerms, url: url, name: name)
            }
            return tally
        }
        return tally.summary(terms: terms, sources: sources)
    }

    /// Summed from the quarter hours (PostgreSQL purges no mention yet, so they count every mention stored).
    public func recordedMentionCounts() async throws -> [MentionCount] {
        let logger = self.logger
        return try await reading("counting recorded mentions") { connection in
            var counts: [MentionCount] = []
            for try await (brand, total, negative, positive) in try await connection.query(
                """
                SELECT b.name, sum(s.mentions)::bigint, sum(s.negative)::bigint, sum(s.positive)::bigint
                FROM brand b JOIN mention_slot s ON s.brand_id = b.id GROUP BY b.name ORDER BY b.name
                """, logger: logger
            ).decode((String, Int, Int, Int).self) {
                counts.append(
                    MentionCount(
                        brand: brand, total: total, negative: negative, neutral: total - negative - positive,
                        positive: positive))
            }
            return counts
        }
    }

    public func alertCounts() async throws -> [(brand: String, severity: AlertSeverity, count: Int)] {
        let logger = self.logger
        let rows = try await reading("counting alerts") { connection in
            try await connection.query(
                "SELECT brand, severity, count(*) FROM alert GROUP BY 1, 2 ORDER BY 1, 2", logger: logger
            ).collect().map { try $0.decode((String, String, Int).self) }
        }
        return rows.compactMap { brand, severity, count in AlertSeverity(rawValue: severity).map { (brand, $0, count) }
        }
    }

    public func fetchCounts() async throws -> [String: Int] {
        let logger = self.logger
        return try await reading("counting fetches") { connection in
            guard
                let (fetched, notModified, failed) = try await connection.query(
                    """
                    SELECT sum(fetched_count)::bigint, sum(not_modified_count)::bigint, sum(failed_count)::bigint
                    FROM source
                    """, logger: logger
                ).collect().first?.decode((Int?, Int?, Int?).self)
            else { return [:] }
            // As SQLite's `fetch_count`: an outcome appears once a fetch had it.
            return [("fetched", fetched), ("not_modified", notModified), ("failed", failed)].reduce(into: [:]) {
                if let count = $1.1, count > 0 { $0[$1.0] = count }
            }
        }
    }

    public func pendingDeliveryCounts() async throws -> [String: Int] {
        let logger = self.logger
        let rows = try await reading("counting pending deliveries") { connection in
            try await connection.query(
                "SELECT sink, count(*) FILTER (WHERE status = 'pending') FROM outbox GROUP BY sink", logger: logger
            ).collect().map { try $0.decode((String, Int).self) }
        }
        return Dictionary(uniqueKeysWithValues: rows)
    }

    private func existingMention(_ id: Int64, _ operation: String) async throws -> MentionRow {
        guard let row = try await mentions(ids: [id]).first else { throw Self.noSuchMention(id, operation) }
        return row
    }

    private static func noSuchMention(_ id: Int64, _ operation: String) -> StoreError {
        StoreError(.notFound, operation: operation, subject: "mention \(id)", reason: "no such mention")
    }
}
