import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The width of the `mention_slot` table's slots, in seconds (see the
    /// `v2-mention-slots` migration): every time zone's hours start on a quarter hour.
    static let slotSeconds = SlotTotals.seconds

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
        let buckets = BucketCalendar(width: bucket, timeZone: timeZone)
        return try read("computing a timeline") { db in
            let names = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM brand").map {
                    ($0[0] as Int64, $0[1] as String)
                })
            if bucket != .hour, let result = try Self.summedTimeline(db, filter, buckets, names: names) {
                return result
            }
            let brandIDs = try filter.brandIDs(db)
            var sql = SQLText(.sqlite)
            let (query, cut) = SlotTotals.timelineQuery(filter, brandIDs: brandIDs, into: &sql)
            var fold = TimelineFold(buckets, names: names, cut: try cut.flatMap { try Self.countedSlotTotals(db, $0) })
            // The stored slots through a cursor: a year of ten brands is 350,000 of them.
            let rows = try Row.fetchCursor(db, sql: query, arguments: sql.arguments)
            while let row = try rows.next() { fold.add(SlotTotals(row: row)) }
            return fold.finish()
        }
    }

    /// How many mentions pass `filter`, from the day and quarter-hour totals when the filter is one they
    /// can answer (brands, time, language), else `nil`: a listing's total over millions of mentions without
    /// reading them.
    static func slotCount(_ db: Database, _ filter: MentionFilter) throws -> Int? {
        guard filter.answeredBySlots, filter.ids.isEmpty else { return nil }
        // The slots keep the quarter hours of purged mentions (timelines keep the whole history); a listing
        // has only the mentions still stored.
        var filter = filter
        if let purged = try Int64.fetchOne(db, sql: "SELECT purged_before FROM retention WHERE id = 1") {
            filter.since = max(filter.since ?? Epoch.date(purged), Epoch.date(purged))
        }
        let brandIDs = try filter.brandIDs(db)
        guard let span = try daySpan(db, brandIDs, filter) else { return 0 }
        guard span.low < span.high else { return 0 }
        let totals = try RunningTotals(db, filter, brandIDs: brandIDs, at: [span.low, span.high])
        return brandIDs.reduce(0) { $0 + totals.between(brand: $1, from: 0, to: 1).mentions }
    }

    /// A day or week timeline from the running totals at its buckets' bounds (``RunningTotals``):
    /// a few rows per bucket whatever the number of mentions; `nil` for a filter they cannot answer.
    /// Only the buckets that overlap a day with mentions are laid out, so that a stray date decades
    /// away does not make the years between it and the others a list of empty buckets.
    private static func summedTimeline(
        _ db: Database, _ filter: MentionFilter, _ calendar: BucketCalendar, names: [Int64: String]
    ) throws -> [TimelineBucket]? {
        guard filter.answeredBySlots, filter.ids.isEmpty else { return nil }
        let brandIDs = try filter.brandIDs(db)
        guard let span = try daySpan(db, brandIDs, filter), span.low < span.high else { return [] }
        let daySeconds = slotSeconds * RunningTotals.slotsPerDay
        let days = try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT day FROM mention_day
                WHERE \(MentionFilter.brandCondition(brandIDs, column: "brand_id")) AND day >= ? AND day <= ?
                ORDER BY day
                """,
            arguments: [span.low.floorDivided(by: daySeconds), (span.high - 1).floorDivided(by: daySeconds)])
        // The buckets that overlap those days (two at most per day), cut to the span.
        var calendar = calendar
        var buckets: [(start: Date, low: Int64, high: Int64)] = []
        for day in days {
            for second in [max(span.low, day * daySeconds), min(span.high, (day + 1) * daySeconds) - 1] {
                let interval = calendar.interval(containing: Epoch.date(second))
                guard buckets.last?.start != interval.start else { continue }
                buckets.append(
                    (
                        interval.start, max(span.low, Epoch.seconds(interval.start)),
                        min(span.high, Epoch.seconds(interval.end))
                    ))
            }
        }
        let bounds = Array(Set(buckets.flatMap { [$0.low, $0.high] })).sorted()
        let index = Dictionary(uniqueKeysWithValues: bounds.enumerated().map { ($1, $0) })
        let totals = try RunningTotals(db, filter, brandIDs: brandIDs, at: bounds)
        var result: [TimelineBucket] = []
        for brandID in brandIDs {
            for bucket in buckets {
                let tally = totals.between(brand: brandID, from: index[bucket.low]!, to: index[bucket.high]!)
                guard tally.mentions > 0 else { continue }
                result.append(TimelineBucket(brand: names[brandID] ?? "", start: bucket.start, tally: tally))
            }
        }
        return result.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
    }

    /// The seconds `[low, high)` a filter covers, narrowed to the days its brands have totals for (so
    /// that an unbounded filter has bounds); `nil` when they have none.
    private static func daySpan(_ db: Database, _ brandIDs: [Int64], _ filter: MentionFilter) throws -> (
        low: Int64, high: Int64
    )? {
        // Per brand: a min or max with one `brand_id =` is one seek at an end of the primary key.
        let ends = try db.cachedStatement(
            sql:
                "SELECT (SELECT min(day) FROM mention_day WHERE brand_id = ?1), (SELECT max(day) FROM mention_day WHERE brand_id = ?1)"
        )
        var first: Int64?
        var last: Int64?
        for brandID in brandIDs {
            guard let row = try Row.fetchOne(ends, arguments: [brandID]), let low = row[0] as Int64?,
                let high = row[1] as Int64?
            else { continue }
            first = min(first ?? low, low)
            last = max(last ?? high, high)
        }
        guard let first, let last else { return nil }
        let daySeconds = slotSeconds * RunningTotals.slotsPerDay
        var low = first * daySeconds
        var high = (last + 1) * daySeconds
        if let since = filter.since { low = max(low, Epoch.seconds(since)) }
        if let until = filter.until { high = min(high, Int64(until.timeIntervalSince1970.rounded(.up))) }
        return (low, high)
    }

    /// The filter's mentions summed per brand and quarter hour, counted from the mentions.
    fileprivate static func countedSlotTotals(_ db: Database, _ filter: MentionFilter) throws -> [SlotTotals] {
        var sql = SQLText(.sqlite)
        let query = SlotTotals.countedQuery(filter, brandIDs: try filter.brandIDs(db), into: &sql)
        let rows = try Row.fetchCursor(db, sql: query, arguments: sql.arguments)
        var totals: [SlotTotals] = []
        while let row = try rows.next() { totals.append(SlotTotals(row: row)) }
        return totals
    }
}

extension Tally {
    /// The sums of a row's columns `from`, `from + 1`, … (mentions, negative, positive, score_nanos).
    init(row: Row, from column: Int) {
        self.init(
            mentions: row[column], negative: row[column + 1], positive: row[column + 2], scoreNanos: row[column + 3])
    }
}

extension SlotTotals {
    /// A row of ``storedQuery(_:brandIDs:first:end:into:)`` or ``countedQuery(_:brandIDs:into:)``.
    init(row: Row) {
        self.init(brandID: row[0], slot: row[1], tally: Tally(row: row, from: 2))
    }
}

/// Each brand's mentions before each of a list of instants, counted from the first instant's UTC day:
/// the totals between two instants are the difference. Read from the day totals (`mention_day`), the
/// quarter hours between an instant and the nearer end of its day (`mention_slot`: at most 48 of them;
/// past noon, the day's total minus the quarter hours after it) and, for an instant inside a quarter hour,
/// the mentions before it in that quarter hour. A year's daily timeline of one brand reads 365 day rows
/// and a few slots around each day's bound (none in UTC), instead of 35,040 slots.
struct RunningTotals {
    static let slotsPerDay: Int64 = 96
    /// `before[brand][i]`: the brand's mentions from the first bound's day up to `bounds[i]`.
    private var before: [Int64: [Tally]] = [:]

    /// The running totals at `bounds` (ascending seconds) of the filter's mentions (by its language; its
    /// time range and limit are ignored) of `brandIDs`.
    init(_ db: Database, _ filter: MentionFilter, brandIDs: [Int64], at bounds: [Int64]) throws {
        guard !bounds.isEmpty, !brandIDs.isEmpty else { return }
        let width = VigieDatabase.slotSeconds
        let perDay = Self.slotsPerDay
        var common = [MentionFilter.brandCondition(brandIDs, column: "brand_id")]
        var languageArgument: [any DatabaseValueConvertible] = []
        if let language = filter.language {
            common.append("language = ?")
            languageArgument.append(language.rawValue)
        }
        let condition = common.joined(separator: " AND ")

        let daySums = try db.cachedStatement(
            sql: """
                SELECT brand_id, sum(mentions), sum(negative), sum(positive), sum(score_nanos)
                FROM mention_day WHERE \(condition) AND day >= ? AND day < ? GROUP BY brand_id
                """)
        let slotSums = try db.cachedStatement(
            sql: """
                SELECT brand_id, sum(mentions), sum(negative), sum(positive), sum(score_nanos)
                FROM mention_slot WHERE \(condition) AND slot >= ? AND slot < ? GROUP BY brand_id
                """)
        /// Per brand, the rows `[from, to)` of a table (days or slots), summed by SQLite.
        func sums(_ statement: Statement, _ from: Int64, _ to: Int64) throws -> [Int64: Tally] {
            var sums: [Int64: Tally] = [:]
            guard from < to else { return sums }
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(languageArgument + [from, to]))
            while let row = try rows.next() { sums[row[0]] = Tally(row: row, from: 1) }
            return sums
        }
        func add(_ sums: [Int64: Tally], to running: inout [Int64: Tally]) {
            for (brand, tally) in sums { running[brand, default: Tally()] = running[brand, default: Tally()] + tally }
        }

        // Walking the bounds: the whole days since the previous bound's day, then what lies between the
        // bound's day start and the bound (the day's total minus what follows, past noon), then the
        // mentions before the bound inside its quarter hour.
        var running: [Int64: Tally] = [:]
        var previousDay: Int64?
        var totals: [[Int64: Tally]] = []
        for bound in bounds {
            let slot = bound.floorDivided(by: width)
            let day = slot.floorDivided(by: perDay)
            if let previousDay { add(try sums(daySums, previousDay, day), to: &running) }
            previousDay = day
            var total = running
            let offset = slot - day * perDay
            if offset > perDay / 2 {
                add(try sums(daySums, day, day + 1), to: &total)
                add(try sums(slotSums, slot, (day + 1) * perDay).mapValues { Tally() - $0 }, to: &total)
            } else {
                add(try sums(slotSums, day * perDay, slot), to: &total)
            }
            if bound != slot * width {
                var head = filter
                head.since = Epoch.date(slot * width)
                head.until = Epoch.date(bound)
                head.limit = nil
                head.offset = nil
                for counted in try VigieDatabase.countedSlotTotals(db, head) {
                    total[counted.brandID, default: Tally()] = total[counted.brandID, default: Tally()] + counted.tally
                }
            }
            totals.append(total)
        }
        for brandID in brandIDs {
            before[brandID] = totals.map { $0[brandID] ?? Tally() }
        }
    }

    /// The brand's mentions between the bounds at `from` and `to`.
    func between(brand: Int64, from: Int, to: Int) -> Tally {
        guard let totals = before[brand] else { return Tally() }
        return totals[to] - totals[from]
    }
}
