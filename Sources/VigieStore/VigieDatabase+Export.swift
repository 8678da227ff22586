import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The first and last mention times under `filter` (its `limit` is ignored),
    /// or `nil` when no mention passes it: where an export's timeline starts and
    /// ends when the caller gives no bounds.
    public func mentionTimeRange(_ filter: MentionFilter) throws -> ClosedRange<Date>? {
        try read("finding the time range of mentions") { db in
            // One brand at a time: with `brand_id = ?`, SQLite reads a minimum or a maximum at one end of
            // the `(brand_id, time)` index; with `brand_id IN (…)` it would scan every brand's mentions.
            var everyBrand = filter
            everyBrand.brands = []
            let (condition, arguments) = try everyBrand.whereClause(db)
            let others = condition.isEmpty ? "" : " AND " + condition.dropFirst("WHERE ".count)
            var range: ClosedRange<Int64>?
            for id in try filter.brandIDs(db) {
                let restriction = "FROM mention m WHERE m.brand_id = \(id)\(others)"
                guard
                    let first = try Int64.fetchOne(db, sql: "SELECT min(m.time) \(restriction)", arguments: arguments),
                    let last = try Int64.fetchOne(db, sql: "SELECT max(m.time) \(restriction)", arguments: arguments)
                else { continue }
                range = min(first, range?.lowerBound ?? first)...max(last, range?.upperBound ?? last)
            }
            return range.map { Epoch.date($0.lowerBound)...Epoch.date($0.upperBound) }
        }
    }

    /// The alerts of `brands` (every brand when empty) whose bucket starts in
    /// `[since, until)` (either bound may be `nil`), oldest bucket first (ties by id):
    /// what an export marks on its timeline.
    public func alerts(brands: [String], since: Date?, until: Date?) throws -> [StoredAlert] {
        var conditions: [String] = []
        var arguments = StatementArgumentsBuilder()
        if !brands.isEmpty {
            conditions.append("brand IN (\(brands.map { _ in "?" }.joined(separator: ",")))")
            for brand in brands { arguments.append(brand) }
        }
        if let since {
            conditions.append("bucket_start >= ?")
            arguments.append(Epoch.seconds(since))
        }
        if let until {
            conditions.append("bucket_start < ?")
            arguments.append(Int64(until.timeIntervalSince1970.rounded(.up)))
        }
        var sql = "SELECT * FROM alert"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY bucket_start, id"
        return try read("listing alerts for an export") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments.arguments).map(Self.exportedAlert)
        }
    }

    /// Calls `body` with each mention that passes `filter`, oldest first (ties by
    /// id), like ``forEachMention(_:_:)`` but planned for exports of several brands:
    /// it walks the `(time)` index in order instead of collecting each brand's
    /// mentions and sorting them all (SQLite's plan for `brand_id IN (…)`), so the
    /// first row comes at once and nothing is sorted, whatever the size.
    /// With one brand it walks that brand's `(brand_id, time)` index.
    ///
    /// `body` runs inside the read: it must not call this database.
    public func forEachMentionInTimeOrder(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) throws {
        var bodyError: (any Error)?
        try read("exporting mentions") { db in
            let (condition, arguments) = try filter.whereClause(db)
            let index = filter.brands.count == 1 ? "" : " INDEXED BY mention_time"
            let limit = filter.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let sql = """
                SELECT m.id, m.entry_id, m.time, e.first_seen_at, b.name, s.url, s.name, e.title, e.link, m.language,
                       m.score, m.label, m.positive, m.negative, m.neutral, m.matched_terms, m.top_terms, e.text
                FROM (SELECT * FROM mention m\(index) \(condition) ORDER BY m.time, m.id\(limit)) m
                JOIN brand b ON b.id = m.brand_id
                JOIN entry e ON e.id = m.entry_id
                JOIN source s ON s.id = e.source_id
                ORDER BY m.time, m.id
                """
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                do {
                    try body(Self.exportedMention(row))
                } catch {
                    bodyError = error
                    return
                }
            }
        }
        if let bodyError { throw bodyError }
    }

    private static func exportedMention(_ row: Row) -> MentionRow {
        MentionRow(
            id: row[0], entryID: row[1], time: Epoch.date(row[2] as Int64), firstSeenAt: Epoch.date(row[3] as Int64),
            brand: row[4], sourceURL: row[5], sourceName: row[6], title: row[7], link: row[8],
            language: Language(rawValue: row[9] as String) ?? .english, score: row[10],
            label: Sentiment.Label(rawValue: row[11] as String) ?? .neutral, positive: row[12], negative: row[13],
            neutral: row[14], matchedTerms: TermList.decode(row[15]), topTerms: TermList.decode(row[16]),
            text: row[17])
    }

    private static func exportedAlert(_ row: Row) -> StoredAlert {
        StoredAlert(
            id: row["id"], brand: row["brand"], kind: row["kind"], severity: row["severity"],
            bucketStart: Epoch.date(row["bucket_start"] as Int64), bucketSeconds: row["bucket_seconds"],
            raisedAt: Epoch.date(row["raised_at"] as Int64), count: row["count"],
            negativeCount: row["negative_count"], baseline: row["baseline"], share: row["share"],
            explanation: row["explanation"])
    }
}
