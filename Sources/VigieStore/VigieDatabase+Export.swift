import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The first and last mention times under `filter` (its `limit` is ignored),
    /// or `nil` when no mention passes it: where an export's timeline starts and
    /// ends when the caller gives no bounds. After a retention purge, the quarter hours kept before its
    /// horizon count too (to the second they start and, at most, the one before the horizon), so that
    /// a timeline with no bounds still starts with the purged history.
    public func mentionTimeRange(_ filter: MentionFilter) throws -> ClosedRange<Date>? {
        try read("finding the time range of mentions") { db in
            // One brand at a time: with `brand_id = ?`, SQLite reads a minimum or a maximum at one end of
            // the `(brand_id, time)` index; with `brand_id IN (…)` it would scan every brand's mentions.
            var everyBrand = filter
            everyBrand.brands = []
            let (condition, arguments) = try everyBrand.whereClause(db)
            let others = condition.isEmpty ? "" : " AND " + condition.dropFirst("WHERE ".count)
            var range: ClosedRange<Int64>?
            func include(_ first: Int64, _ last: Int64) {
                range = min(first, range?.lowerBound ?? first)...max(last, range?.upperBound ?? last)
            }
            let purged = try Self.purgedSlots(db, filter)
            for id in try filter.brandIDs(db) {
                let restriction = "FROM mention m WHERE m.brand_id = \(id)\(others)"
                if let first = try Int64.fetchOne(db, sql: "SELECT min(m.time) \(restriction)", arguments: arguments),
                    let last = try Int64.fetchOne(db, sql: "SELECT max(m.time) \(restriction)", arguments: arguments)
                {
                    include(first, last)
                }
                if let purged, let slots = try purged(id) { include(slots.lowerBound, slots.upperBound) }
            }
            return range.map { Epoch.date($0.lowerBound)...Epoch.date($0.upperBound) }
        }
    }

    /// When retention purged mentions and `filter` is one the quarter-hour totals answer (no source, label
    /// or ids): a function giving a brand's first and last second among the totals kept before the horizon,
    /// within the filter's language and bounds. `nil` otherwise.
    private static func purgedSlots(_ db: Database, _ filter: MentionFilter) throws -> (
        (Int64) throws -> ClosedRange<Int64>?
    )? {
        guard filter.source == nil, filter.label == nil, filter.ids.isEmpty,
            let horizon = try Int64.fetchOne(db, sql: "SELECT purged_before FROM retention WHERE id = 1")
        else { return nil }
        var conditions = ["slot * \(slotSeconds) < ?"]
        var arguments = StatementArgumentsBuilder()
        arguments.append(horizon)
        if let since = filter.since {
            conditions.append("slot * \(slotSeconds) + \(slotSeconds) > ?")
            arguments.append(Epoch.seconds(since))
        }
        if let until = filter.until {
            conditions.append("slot * \(slotSeconds) < ?")
            arguments.append(Int64(until.timeIntervalSince1970.rounded(.up)))
        }
        if let language = filter.language {
            conditions.append("language = ?")
            arguments.append(language.rawValue)
        }
        let sql =
            "SELECT min(slot), max(slot) FROM mention_slot WHERE brand_id = ? AND "
            + conditions.joined(separator: " AND ")
        return { id in
            var withBrand = StatementArgumentsBuilder()
            withBrand.append(id)
            guard let row = try Row.fetchOne(db, sql: sql, arguments: withBrand.arguments + arguments.arguments),
                let first = row[0] as Int64?, let last = row[1] as Int64?
            else { return nil }
            return (first * slotSeconds)...min(last * slotSeconds + slotSeconds - 1, horizon - 1)
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
            try StoredAlert.fetchAll(db, sql: sql, arguments: arguments.arguments)
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
        try streamMentions(
            "exporting mentions", filter, indexedBy: filter.brands.count == 1 ? nil : "mention_time", body)
    }
}
