import Foundation
import VigieCore
import VigieStore

/// A sentiment timeline ready to export or draw: one row per brand and bucket
/// over the whole period, empty buckets included, with the alerts of each bucket.
///
/// ```swift
/// let report = try await TimelineReport.load(
///     from: database, filter: MentionFilter(since: weekAgo), brands: ["Cerise"],
///     width: .day, timeZone: TimeZone(identifier: "Europe/Paris")!)
/// for row in report.rows { … }   // by brand (in the order given), then time
/// ```
public struct TimelineReport: Sendable, Hashable {
    /// The brands, in the order the rows follow.
    public var brands: [String]
    /// The bucket width.
    public var width: TimelineBucket.Width
    /// The zone buckets are aligned in.
    public var timeZone: TimeZone
    /// The bucket starts, oldest first (the same for every brand).
    public var bucketStarts: [Date]
    /// The end of the last bucket.
    public var end: Date
    /// Rows by brand (in ``brands`` order), then by bucket start.
    public var rows: [TimelineRow]

    /// A report from its parts (``load(from:filter:brands:width:timeZone:now:)`` builds it from a store).
    /// `rows` must hold `brands.count × bucketStarts.count` rows, by brand then time.
    public init(
        brands: [String], width: TimelineBucket.Width, timeZone: TimeZone, bucketStarts: [Date], end: Date,
        rows: [TimelineRow]
    ) {
        self.brands = brands
        self.width = width
        self.timeZone = timeZone
        self.bucketStarts = bucketStarts
        self.end = end
        self.rows = rows
    }

    /// The most buckets a report may hold per brand (an hourly timeline of 100 years is a mistake).
    public static let maximumBuckets = 200_000

    /// The starts of the buckets that overlap `[from, until)`, and the end of the last one (the store's
    /// ``BucketCalendar``).
    ///
    /// - Throws: ``ExportError`` when there would be more than ``maximumBuckets``.
    public static func bucketStarts(
        from: Date, until: Date, width: TimelineBucket.Width, timeZone: TimeZone
    ) throws -> (starts: [Date], end: Date) {
        guard
            let laid = BucketCalendar(width: width, timeZone: timeZone).starts(
                from: from, until: until, maximum: maximumBuckets)
        else {
            throw ExportError(
                operation: "laying out the timeline", subject: "\(width.rawValue)ly buckets",
                reason: "more than \(maximumBuckets) buckets; narrow --since/--until or use a wider --bucket")
        }
        return laid
    }

    /// Reads the timeline of `brands` under `filter` (its brands are replaced by
    /// `brands`; its `limit` is ignored) from either store and fills it out.
    ///
    /// The period runs from `filter.since` (else the first mention) to
    /// `filter.until` (else `now` when `since` is given, else the last mention).
    public static func load(
        from store: any ReadStore, filter: MentionFilter, brands: [String], width: TimelineBucket.Width,
        timeZone: TimeZone, now: Date = Date()
    ) async throws -> TimelineReport {
        var filter = filter
        filter.brands = brands
        filter.limit = nil
        let range = filter.since == nil ? try await store.mentionTimeRange(filter) : nil
        let (starts, end) = try period(filter, range: range, width: width, timeZone: timeZone, now: now)
        let buckets = starts.isEmpty ? [] : try await store.timeline(filter, bucket: width, timeZone: timeZone)
        let alerts = starts.isEmpty ? [] : try await store.alerts(brands: brands, since: starts.first, until: end)
        return assemble(
            brands: brands, width: width, timeZone: timeZone, starts: starts, end: end, buckets: buckets,
            alerts: alerts)
    }

    /// The buckets of a report's period: from `filter.since` (else the first mention of `range`) to
    /// `filter.until` (else `now` when `since` is given, else the last mention).
    private static func period(
        _ filter: MentionFilter, range: ClosedRange<Date>?, width: TimelineBucket.Width, timeZone: TimeZone,
        now: Date
    ) throws -> (starts: [Date], end: Date) {
        let lower: Date
        let upper: Date
        if let since = filter.since {
            lower = since
            upper = filter.until ?? now
        } else if let range {
            lower = range.lowerBound
            upper = filter.until ?? range.upperBound.addingTimeInterval(1)
        } else {
            lower = filter.until ?? now
            upper = lower
        }
        return try bucketStarts(from: lower, until: upper, width: width, timeZone: timeZone)
    }

    /// Lays `buckets` (as the store computes them, empty ones left out) and
    /// `alerts` over every bucket of `starts`: what ``load(from:filter:brands:width:timeZone:now:)``
    /// does after reading, for callers with their own data.
    public static func assemble(
        brands: [String], width: TimelineBucket.Width, timeZone: TimeZone, starts: [Date], end: Date,
        buckets: [TimelineBucket], alerts: [StoredAlert]
    ) -> TimelineReport {
        var calendar = BucketCalendar(width: width, timeZone: timeZone)
        func key(_ brand: String, _ date: Date) -> String {
            "\(brand)\u{1F}\(Int64(date.timeIntervalSince1970.rounded(.down)))"
        }
        var counted: [String: TimelineBucket] = [:]
        for bucket in buckets { counted[key(bucket.brand, bucket.start)] = bucket }
        var raised: [String: AlertSeverity] = [:]
        for alert in alerts {
            let alertKey = key(alert.brand, calendar.interval(containing: alert.bucketStart).start)
            raised[alertKey] = max(raised[alertKey] ?? alert.severity, alert.severity)
        }
        var rows: [TimelineRow] = []
        rows.reserveCapacity(brands.count * starts.count)
        for brand in brands {
            for (index, start) in starts.enumerated() {
                let rowKey = key(brand, start)
                var row = TimelineRow(
                    brand: brand, start: start, end: index + 1 < starts.count ? starts[index + 1] : end,
                    alert: raised[rowKey])
                if let bucket = counted[rowKey], bucket.total > 0 {
                    row.mentions = bucket.total
                    row.positive = bucket.positive
                    row.neutral = bucket.neutral
                    row.negative = bucket.negative
                    row.meanScore = bucket.meanScore
                }
                rows.append(row)
            }
        }
        return TimelineReport(
            brands: brands, width: width, timeZone: timeZone, bucketStarts: starts, end: end, rows: rows)
    }

    /// The rows of one brand, oldest first.
    public func rows(of brand: String) -> ArraySlice<TimelineRow> {
        guard let index = brands.firstIndex(of: brand) else { return [] }
        let count = bucketStarts.count
        return rows[(index * count)..<((index + 1) * count)]
    }
}
