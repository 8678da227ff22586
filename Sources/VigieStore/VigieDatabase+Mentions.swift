import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    private static let mentionSelect = """
        SELECT m.id, m.entry_id, m.time, e.first_seen_at, b.name, s.url, s.name, e.title, e.link, m.language,
               m.score, m.label, m.positive, m.negative, m.neutral, m.matched_terms, m.top_terms, e.text
        FROM mention m
        JOIN brand b ON b.id = m.brand_id
        JOIN entry e ON e.id = m.entry_id
        JOIN source s ON s.id = e.source_id
        """

    /// The mentions that pass `filter`, newest first (ties by newest id).
    ///
    /// For large results use ``forEachMention(_:_:)``, which does not hold them all in memory.
    public func mentions(_ filter: MentionFilter) throws -> [MentionRow] {
        let (condition, arguments) = filter.whereClause()
        var sql = "\(Self.mentionSelect) \(condition) ORDER BY m.time DESC, m.id DESC"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        return try read("listing mentions") { db in
            var rows: [MentionRow] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments.arguments)
            while let row = try cursor.next() { rows.append(Self.mentionRow(row)) }
            return rows
        }
    }

    /// Calls `body` with each mention that passes `filter`, oldest first (ties
    /// by id), reading through a cursor: memory stays constant whatever the
    /// number of mentions, so exports of millions of rows are fine.
    ///
    /// The rows come from one consistent snapshot; writes made meanwhile by the
    /// watcher are not seen (and are not blocked, for a file database). An error
    /// thrown by `body` stops the iteration and is rethrown as it is.
    public func forEachMention(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) throws {
        let (condition, arguments) = filter.whereClause()
        var sql = "\(Self.mentionSelect) \(condition) ORDER BY m.time, m.id"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        var bodyError: (any Error)?
        try read("streaming mentions") { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments.arguments)
            while let row = try cursor.next() {
                do {
                    try body(Self.mentionRow(row))
                } catch {
                    bodyError = error
                    return
                }
            }
        }
        if let bodyError { throw bodyError }
    }

    /// How many mentions each brand has under `filter` (its `limit` is ignored), by brand name.
    public func mentionCounts(_ filter: MentionFilter = MentionFilter()) throws -> [MentionCount] {
        let (condition, arguments) = filter.whereClause()
        let sql = """
            SELECT b.name, count(*), sum(m.label = 'negative'), sum(m.label = 'neutral'), sum(m.label = 'positive')
            FROM mention m JOIN brand b ON b.id = m.brand_id \(condition)
            GROUP BY m.brand_id ORDER BY b.name
            """
        return try read("counting mentions") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments.arguments).map { row in
                MentionCount(brand: row[0], total: row[1], negative: row[2], neutral: row[3], positive: row[4])
            }
        }
    }

    /// Mentions per brand and per bucket (hour, day or week of `timeZone`), by
    /// brand then time; buckets with no mention are left out. The filter's
    /// `limit` is ignored.
    ///
    /// SQLite aggregates into quarter-hour UTC slots (every time zone's hours
    /// start on one) through the `(brand, time)` index, then the slots are folded
    /// into local buckets, so days follow daylight-saving changes.
    public func timeline(
        _ filter: MentionFilter, bucket: TimelineBucket.Width, timeZone: TimeZone = .gmt
    ) throws -> [TimelineBucket] {
        let (condition, arguments) = filter.whereClause()
        let slot = 900
        let sql = """
            SELECT m.brand_id, (m.time - (((m.time % \(slot)) + \(slot)) % \(slot))) / \(slot) AS slot, count(*),
                   sum(m.label = 'negative'), sum(m.label = 'neutral'), sum(m.label = 'positive'), sum(m.score)
            FROM mention m \(condition)
            GROUP BY m.brand_id, slot
            """
        struct Key: Hashable {
            var brand: Int64
            var start: Date
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        let component: Calendar.Component
        switch bucket {
        case .hour: component = .hour
        case .day: component = .day
        case .week: component = .weekOfYear
        }
        return try read("computing a timeline") { db in
            let names = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM brand").map { ($0[0] as Int64, $0[1] as String) })
            var starts: [Int64: Date] = [:]
            var buckets: [Key: TimelineBucket] = [:]
            var sums: [Key: Double] = [:]
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments.arguments)
            while let row = try cursor.next() {
                let brandID: Int64 = row[0]
                let slotIndex: Int64 = row[1]
                let start: Date
                if let cached = starts[slotIndex] {
                    start = cached
                } else {
                    let slotStart = Date(timeIntervalSince1970: TimeInterval(slotIndex * Int64(slot)))
                    start = calendar.dateInterval(of: component, for: slotStart)?.start ?? slotStart
                    starts[slotIndex] = start
                }
                let key = Key(brand: brandID, start: start)
                var value = buckets[key] ?? TimelineBucket(
                    brand: names[brandID] ?? "", start: start, total: 0, negative: 0, neutral: 0, positive: 0, meanScore: 0)
                value.total += row[2] as Int
                value.negative += row[3] as Int
                value.neutral += row[4] as Int
                value.positive += row[5] as Int
                buckets[key] = value
                sums[key, default: 0] += row[6] as Double
            }
            return buckets.map { key, value in
                var value = value
                value.meanScore = value.total > 0 ? (sums[key] ?? 0) / Double(value.total) : 0
                return value
            }.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
        }
    }

    private static func mentionRow(_ row: Row) -> MentionRow {
        MentionRow(
            id: row[0],
            entryID: row[1],
            time: Epoch.date(row[2] as Int64),
            firstSeenAt: Epoch.date(row[3] as Int64),
            brand: row[4],
            sourceURL: row[5],
            sourceName: row[6],
            title: row[7],
            link: row[8],
            language: Language(rawValue: row[9] as String) ?? .english,
            score: row[10],
            label: Sentiment.Label(rawValue: row[11] as String) ?? .neutral,
            positive: row[12],
            negative: row[13],
            neutral: row[14],
            matchedTerms: TermList.decode(row[15]),
            topTerms: TermList.decode(row[16]),
            text: row[17]
        )
    }
}
