import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The mentions selected by `inner` (a query over `mention m`, sorted and
    /// limited there so that SQLite sorts narrow rows), joined to what a row shows.
    static func mentionSelect(_ inner: String, order: String) -> String {
        "SELECT \(MentionRow.selection) FROM (\(inner)) m \(MentionRow.joins) ORDER BY \(order)"
    }

    private static func limitClause(_ limit: Int?, offset: Int? = nil) -> String {
        guard let limit else { return "" }
        return " LIMIT \(max(0, limit))" + (offset.map { " OFFSET \(max(0, $0))" } ?? "")
    }

    /// The mentions that pass `filter`, newest first (ties by newest id).
    ///
    /// For large results use ``forEachMention(_:_:)``, which does not hold them all in memory.
    public func mentions(_ filter: MentionFilter) throws -> [MentionRow] {
        try read("listing mentions") { db in
            let (condition, arguments) = try filter.whereClause(db)
            let order = "m.time DESC, m.id DESC"
            let sql = Self.mentionSelect(
                "SELECT * FROM mention m \(condition) ORDER BY \(order)\(Self.limitClause(filter.limit, offset: filter.offset))",
                order: order)
            return try MentionRow.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Calls `body` with each mention that passes `filter`, oldest first (ties
    /// by id; in the order they were stored with ``MentionFilter/inStoredOrder``), reading through a cursor: memory stays constant whatever the
    /// number of mentions, so exports of millions of rows are fine.
    ///
    /// The rows come from one consistent snapshot; writes made meanwhile by the
    /// watcher are not seen (and are not blocked, for a file database). An error
    /// thrown by `body` stops the iteration and is rethrown as it is.
    ///
    /// `body` runs inside the read: it must not call this database (GRDB
    /// connections are not reentrant); collect what it needs first.
    public func forEachMention(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) throws {
        try streamMentions("streaming mentions", filter, indexedBy: nil, body)
    }

    /// The one cursor over mentions in time order: `filter`'s mentions, oldest first (ties by id),
    /// read through the index named, if any; an error thrown by `body` stops it and is rethrown as it is.
    func streamMentions(
        _ operation: String, _ filter: MentionFilter, indexedBy index: String?, _ body: (MentionRow) throws -> Void
    ) throws {
        var bodyError: (any Error)?
        try read(operation) { db in
            let (condition, arguments) = try filter.whereClause(db)
            let order = filter.inStoredOrder ? "m.id" : "m.time, m.id"
            let hint = index.map { " INDEXED BY \($0)" } ?? ""
            let sql = Self.mentionSelect(
                "SELECT * FROM mention m\(hint) \(condition) ORDER BY \(order)\(Self.limitClause(filter.limit))",
                order: order)
            let cursor = try MentionRow.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                do {
                    try body(row)
                } catch {
                    bodyError = error
                    return
                }
            }
        }
        if let bodyError { throw bodyError }
    }

    /// How many mentions each brand has had since the database was made, by label, purged ones included
    /// (retention keeps their day totals): counters that never go down but for relabelling, read from the
    /// day totals (`mention_day`) rather than counted, so that a scrape of millions of mentions stays cheap.
    public func recordedMentionCounts() throws -> [MentionCount] {
        try read("counting recorded mentions") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT b.name, sum(d.mentions), sum(d.negative), sum(d.positive)
                    FROM brand b JOIN mention_day d ON d.brand_id = b.id
                    GROUP BY b.id ORDER BY b.name
                    """
            ).map { row in
                let (total, negative, positive): (Int, Int, Int) = (row[1], row[2], row[3])
                return MentionCount(
                    brand: row[0], total: total, negative: negative, neutral: total - negative - positive,
                    positive: positive)
            }
        }
    }

    /// How many mentions each brand has under `filter` (its `limit` is ignored), by brand name.
    public func mentionCounts(_ filter: MentionFilter = MentionFilter()) throws -> [MentionCount] {
        try read("counting mentions") { db in
            let (condition, arguments) = try filter.whereClause(db, listingEveryBrand: true)
            let sql = """
                SELECT b.name, count(*), sum(m.label = 'negative'), sum(m.label = 'neutral'), sum(m.label = 'positive')
                FROM mention m JOIN brand b ON b.id = m.brand_id \(condition)
                GROUP BY m.brand_id ORDER BY b.name
                """
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                MentionCount(brand: row[0], total: row[1], negative: row[2], neutral: row[3], positive: row[4])
            }
        }
    }
}
