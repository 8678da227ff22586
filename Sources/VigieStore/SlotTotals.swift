import Foundation
import VigieCore

/// Mentions, negative and positive ones, and their summed score in billionths: what the totals tables
/// hold per row, and what a bucket adds up.
struct Tally: Sendable {
    var mentions = 0
    var negative = 0
    var positive = 0
    var scoreNanos: Int64 = 0

    init() {}

    init(mentions: Int, negative: Int, positive: Int, scoreNanos: Int64) {
        self.mentions = mentions
        self.negative = negative
        self.positive = positive
        self.scoreNanos = scoreNanos
    }

    static func + (left: Tally, right: Tally) -> Tally {
        var sum = left
        sum.mentions += right.mentions
        sum.negative += right.negative
        sum.positive += right.positive
        sum.scoreNanos += right.scoreNanos
        return sum
    }

    static func - (left: Tally, right: Tally) -> Tally {
        var difference = left
        difference.mentions -= right.mentions
        difference.negative -= right.negative
        difference.positive -= right.positive
        difference.scoreNanos -= right.scoreNanos
        return difference
    }
}

/// One brand's mentions in one quarter hour (a `mention_slot` row, its languages summed).
struct SlotTotals: Sendable {
    var brandID: Int64
    var slot: Int64
    var tally: Tally
}

extension SlotTotals {
    /// The width of a quarter-hour slot, in seconds: every time zone's hours start on a quarter hour, so any
    /// hour, day or week of any zone is a run of whole slots.
    static let seconds: Int64 = 900

    /// The whole quarter hours `[first, end)` that `filter`'s time range covers (`nil`: unbounded on that
    /// side), and the filters of the parts of quarter hours it cuts (before `first`, from `end`), to count
    /// from the mentions; `nil` when the range lies within one quarter hour (count it all from the mentions).
    static func span(_ filter: MentionFilter) -> (
        first: Int64?, end: Int64?, head: MentionFilter?, tail: MentionFilter?
    )? {
        let low = filter.since.map { Epoch.seconds($0) }
        let high = filter.until.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let first = low.map { -(-$0).floorDivided(by: seconds) }
        let end = high.map { $0.floorDivided(by: seconds) }
        if let first, let end, first >= end { return nil }
        var head: MentionFilter?
        var tail: MentionFilter?
        if let low, let first, first * seconds != low {
            head = filter
            head?.until = Epoch.date(first * seconds)
        }
        if let high, let end, end * seconds != high {
            tail = filter
            tail?.since = Epoch.date(end * seconds)
        }
        return (first, end, head, tail)
    }

    /// How a timeline reads `filter`'s quarter hours: the query of the stored totals of its whole quarter
    /// hours, and the filters of the parts of quarter hours it cuts (to count with ``countedQuery(_:brandIDs:into:)``
    /// and give ``TimelineFold`` as `cut`); or, when the stored totals cannot answer it (source, label, text,
    /// read state) or it lies within one quarter hour, the query counting every quarter hour from the mentions.
    static func timelineQuery(_ filter: MentionFilter, brandIDs: [Int64], into sql: inout SQLText) -> (
        slots: String, cut: [MentionFilter]
    ) {
        guard filter.answeredBySlots, let span = span(filter) else {
            return (countedQuery(filter, brandIDs: brandIDs, into: &sql), [])
        }
        return (
            storedQuery(filter, brandIDs: brandIDs, first: span.first, end: span.end, into: &sql),
            [span.head, span.tail].compactMap { $0 }
        )
    }

    /// The query of `filter`'s mentions summed per brand and quarter hour, by brand then slot (columns
    /// brand, slot, mentions, negative, positive, score in billionths): the arithmetic of the stored totals,
    /// counted from the mentions, in either dialect.
    static func countedQuery(_ filter: MentionFilter, brandIDs: [Int64], into sql: inout SQLText) -> String {
        let condition = filter.whereClause(brandIDs: brandIDs, into: &sql)
        let width = seconds
        return """
            SELECT m.brand_id, (m.time - ((m.time % \(width)) + \(width)) % \(width)) / \(width), count(*),
                   CAST(sum(CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(CASE WHEN m.label = 'positive' THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(\(sql.nanos("m.score"))) AS BIGINT)
            FROM mention m \(condition) GROUP BY 1, 2 ORDER BY 1, 2
            """
    }

    /// The query of the stored quarter-hour totals of `brandIDs` in `[first, end)` (either bound may be
    /// `nil`), in `filter`'s language, summed over languages, by brand then slot (the columns of
    /// ``countedQuery(_:brandIDs:into:)``).
    static func storedQuery(
        _ filter: MentionFilter, brandIDs: [Int64], first: Int64?, end: Int64?, into sql: inout SQLText
    ) -> String {
        var conditions = [MentionFilter.brandCondition(brandIDs, column: "brand_id")]
        if let first { conditions.append("slot >= \(sql.bind(first))") }
        if let end { conditions.append("slot < \(sql.bind(end))") }
        if let language = filter.language { conditions.append("language = \(sql.bind(language.rawValue))") }
        return """
            SELECT brand_id, slot, CAST(sum(mentions) AS BIGINT), CAST(sum(negative) AS BIGINT),
                   CAST(sum(positive) AS BIGINT), CAST(sum(score_nanos) AS BIGINT)
            FROM mention_slot WHERE \(conditions.joined(separator: " AND "))
            GROUP BY brand_id, slot ORDER BY brand_id, slot
            """
    }
}

/// Folds quarter-hour totals into the buckets of a calendar: the hour timelines of SQLite and every
/// timeline of PostgreSQL, by one piece of arithmetic.
///
/// Feed it the stored slots in (brand, slot) order with ``add(_:)``; the slots counted from the mentions
/// for the quarter hours a range cuts (given to `init`, any order) are merged in where they belong.
struct TimelineFold {
    private var calendar: BucketCalendar
    private let names: [Int64: String]
    private let cut: [SlotTotals]
    private var nextCut = 0
    private var current: (brandID: Int64, interval: DateInterval, tally: Tally)?
    private var buckets: [TimelineBucket] = []

    /// A fold into `calendar`'s buckets, brand ids named by `names`, with the totals of the cut quarter
    /// hours (never a slot that ``add(_:)`` is given too).
    init(_ calendar: BucketCalendar, names: [Int64: String], cut: [SlotTotals] = []) {
        self.calendar = calendar
        self.names = names
        self.cut = cut.sorted { ($0.brandID, $0.slot) < ($1.brandID, $1.slot) }
    }

    /// Adds the next quarter hour, in (brand, slot) order.
    mutating func add(_ slot: SlotTotals) {
        while nextCut < cut.endIndex, (cut[nextCut].brandID, cut[nextCut].slot) < (slot.brandID, slot.slot) {
            fold(cut[nextCut])
            nextCut += 1
        }
        fold(slot)
    }

    /// The buckets, by brand name then time; buckets with no mention are left out.
    mutating func finish() -> [TimelineBucket] {
        for slot in cut[nextCut...] { fold(slot) }
        nextCut = cut.endIndex
        flush()
        return buckets.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
    }

    private mutating func fold(_ slot: SlotTotals) {
        let start = Date(timeIntervalSince1970: TimeInterval(slot.slot * SlotTotals.seconds))
        if let open = current, open.brandID == slot.brandID, open.interval.start <= start, start < open.interval.end {
            current!.tally = open.tally + slot.tally
        } else {
            flush()
            current = (slot.brandID, calendar.interval(containing: start), slot.tally)
        }
    }

    private mutating func flush() {
        guard let (brandID, interval, tally) = current else { return }
        buckets.append(TimelineBucket(brand: names[brandID] ?? "", start: interval.start, tally: tally))
        current = nil
    }
}

extension TimelineBucket {
    /// A brand's bucket holding `tally` (its mean score 0 when it holds no mention).
    init(brand: String, start: Date, tally: Tally) {
        self.init(
            brand: brand, start: start, total: tally.mentions, negative: tally.negative,
            neutral: tally.mentions - tally.negative - tally.positive, positive: tally.positive,
            meanScore: tally.mentions > 0 ? Double(tally.scoreNanos) / 1e9 / Double(tally.mentions) : 0)
    }
}
