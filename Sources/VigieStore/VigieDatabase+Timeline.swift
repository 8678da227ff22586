import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The width of the `mention_slot` table's slots, in seconds (see the
    /// `v2-mention-slots` migration): every time zone's hours start on a quarter hour.
    static let slotSeconds: Int64 = 900

    /// Mentions per brand and per bucket (hour, day or week of `timeZone`), by
    /// brand then time; buckets with no mention are left out. The filter's
    /// `limit` is ignored.
    ///
    /// Counts come from `mention_slot`, the per-quarter-hour totals the store
    /// keeps as it writes mentions: a year of a busy brand is 35,040 rows per
    /// language however many mentions it holds. Only what those totals cannot answer
    /// is counted from the mentions themselves: a quarter hour cut by `since`
    /// or `until`, and filters by source or label. The slots are then folded
    /// into local buckets with `Calendar`, so days follow daylight-saving changes.
    public func timeline(
        _ filter: MentionFilter, bucket: TimelineBucket.Width, timeZone: TimeZone = .gmt
    ) throws -> [TimelineBucket] {
        var buckets = BucketCalendar(width: bucket, timeZone: timeZone)
        return try read("computing a timeline") { db in
            let names = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM brand").map {
                    ($0[0] as Int64, $0[1] as String)
                })
            var result: [TimelineBucket] = []
            var current: (brandID: Int64, interval: DateInterval, totals: SlotTotals)?
            func flush() {
                guard let (brandID, interval, totals) = current else { return }
                result.append(
                    TimelineBucket(
                        brand: names[brandID] ?? "", start: interval.start, total: totals.mentions,
                        negative: totals.negative, neutral: totals.mentions - totals.negative - totals.positive,
                        positive: totals.positive,
                        meanScore: totals.mentions > 0 ? Double(totals.scoreNanos) / 1e9 / Double(totals.mentions) : 0))
                current = nil
            }
            try Self.forEachSlot(db, filter) { slot in
                let start = Date(timeIntervalSince1970: TimeInterval(slot.slot * Self.slotSeconds))
                if let open = current, open.brandID == slot.brandID, open.interval.start <= start,
                    start < open.interval.end
                {
                    current!.totals.add(slot)
                } else {
                    flush()
                    current = (slot.brandID, buckets.interval(containing: start), slot)
                }
            }
            flush()
            return result.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
        }
    }

    /// Calls `body` with the filter's mentions summed per brand and quarter hour, by brand then slot,
    /// reading the stored slots through a cursor (a year of ten brands is 350,000 of them).
    private static func forEachSlot(
        _ db: Database, _ filter: MentionFilter, _ body: (SlotTotals) throws -> Void
    ) throws {
        // The slots know neither sources, labels, texts nor read state.
        guard filter.source == nil, filter.label == nil, filter.text?.isEmpty ?? true, !filter.unreadOnly else {
            return try countedSlotTotals(db, filter).forEach(body)
        }
        guard let range = try slotRange(db, filter) else { return try countedSlotTotals(db, filter).forEach(body) }
        let cut = range.cut.sorted { ($0.brandID, $0.slot) < ($1.brandID, $1.slot) }
        let (first, end) = (range.first, range.end)

        var conditions = [MentionFilter.brandCondition(try filter.brandIDs(db), column: "brand_id")]
        var arguments = StatementArgumentsBuilder()
        if let first {
            conditions.append("slot >= ?")
            arguments.append(first)
        }
        if let end {
            conditions.append("slot < ?")
            arguments.append(end)
        }
        if let language = filter.language {
            conditions.append("language = ?")
            arguments.append(language.rawValue)
        }
        let stored = try Row.fetchCursor(
            db,
            sql: """
                SELECT brand_id, slot, sum(mentions), sum(negative), sum(positive), sum(score_nanos)
                FROM mention_slot WHERE \(conditions.joined(separator: " AND "))
                GROUP BY brand_id, slot ORDER BY brand_id, slot
                """,
            arguments: arguments.arguments)
        // Both in (brand, slot) order, and never the same slot: merged as they come.
        var nextCut = cut.startIndex
        while let row = try stored.next() {
            let slot = SlotTotals(row: row)
            while nextCut < cut.endIndex, (cut[nextCut].brandID, cut[nextCut].slot) < (slot.brandID, slot.slot) {
                try body(cut[nextCut])
                nextCut += 1
            }
            try body(slot)
        }
        try cut[nextCut...].forEach(body)
    }

    /// The whole quarter hours `[first, end)` a filter's time range covers (`nil`: unbounded on that side)
    /// and the totals of the quarter hours it cuts, counted from the mentions; `nil` when the range is
    /// within one quarter hour (count it all from the mentions).
    private static func slotRange(_ db: Database, _ filter: MentionFilter) throws -> (
        first: Int64?, end: Int64?, cut: [SlotTotals]
    )? {
        let low = filter.since.map { Epoch.seconds($0) }
        let high = filter.until.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        // The whole slots in [low, high): from `first` (included) to `end` (excluded).
        let first = low.map { -(-$0).floorDivided(by: slotSeconds) }
        let end = high.map { $0.floorDivided(by: slotSeconds) }
        if let first, let end, first >= end { return nil }

        // The quarter hours cut by `since` or `until`, counted from the mentions (a few rows).
        var cut: [SlotTotals] = []
        if let low, let first, first * slotSeconds != low {
            var head = filter
            head.until = Epoch.date(first * slotSeconds)
            cut += try countedSlotTotals(db, head)
        }
        if let high, let end, end * slotSeconds != high {
            var tail = filter
            tail.since = Epoch.date(end * slotSeconds)
            cut += try countedSlotTotals(db, tail)
        }
        return (first, end, cut)
    }

    /// How many mentions pass `filter`, from the quarter-hour totals when the filter is one they can
    /// answer (brands, time, language), else `nil`: a listing's total over millions of mentions without
    /// reading them.
    static func slotCount(_ db: Database, _ filter: MentionFilter) throws -> Int? {
        guard filter.source == nil, filter.label == nil, filter.text?.isEmpty ?? true, !filter.unreadOnly,
            filter.ids.isEmpty
        else { return nil }
        // The slots keep the quarter hours of purged mentions (timelines keep the whole history); a listing
        // has only the mentions still stored.
        var filter = filter
        if let purged = try Int64.fetchOne(db, sql: "SELECT purged_before FROM retention WHERE id = 1") {
            filter.since = max(filter.since ?? Epoch.date(purged), Epoch.date(purged))
        }
        guard let range = try slotRange(db, filter) else { return nil }
        var conditions = [MentionFilter.brandCondition(try filter.brandIDs(db), column: "brand_id")]
        var arguments = StatementArgumentsBuilder()
        if let first = range.first {
            conditions.append("slot >= ?")
            arguments.append(first)
        }
        if let end = range.end {
            conditions.append("slot < ?")
            arguments.append(end)
        }
        if let language = filter.language {
            conditions.append("language = ?")
            arguments.append(language.rawValue)
        }
        let whole =
            try Int.fetchOne(
                db,
                sql:
                    "SELECT coalesce(sum(mentions), 0) FROM mention_slot WHERE \(conditions.joined(separator: " AND "))",
                arguments: arguments.arguments) ?? 0
        return whole + range.cut.reduce(0) { $0 + $1.mentions }
    }

    /// The filter's mentions summed per brand and quarter hour, counted from the mentions.
    private static func countedSlotTotals(_ db: Database, _ filter: MentionFilter) throws -> [SlotTotals] {
        let (condition, arguments) = try filter.whereClause(db, listingEveryBrand: true)
        // The same slot and score arithmetic as the `mention_slot` triggers.
        let width = Self.slotSeconds
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.brand_id, (m.time - ((m.time % \(width)) + \(width)) % \(width)) / \(width), count(*),
                       sum(m.label = 'negative'), sum(m.label = 'positive'), sum(CAST(round(m.score * 1e9) AS INTEGER))
                FROM mention m \(condition) GROUP BY 1, 2 ORDER BY 1, 2
                """,
            arguments: arguments)
        var totals: [SlotTotals] = []
        while let row = try rows.next() { totals.append(SlotTotals(row: row)) }
        return totals
    }
}

/// One brand's mentions in one quarter hour (or, summed, in one bucket).
private struct SlotTotals {
    var brandID: Int64
    var slot: Int64
    var mentions: Int
    var negative: Int
    var positive: Int
    var scoreNanos: Int64

    init(row: Row) {
        brandID = row[0]
        slot = row[1]
        mentions = row[2]
        negative = row[3]
        positive = row[4]
        scoreNanos = row[5]
    }

    mutating func add(_ other: SlotTotals) {
        mentions += other.mentions
        negative += other.negative
        positive += other.positive
        scoreNanos += other.scoreNanos
    }
}
