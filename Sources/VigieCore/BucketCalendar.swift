import Foundation

/// The width of a timeline bucket, in the time zone the timeline is laid out in.
public enum BucketWidth: String, Sendable, Hashable, CaseIterable {
    case hour, day, week
}

/// The one calendar timelines are bucketed by, shared by the store (which sums mentions into buckets)
/// and the exports (which lay out every bucket of a period, empty ones included): Gregorian, in a time
/// zone, weeks starting on Monday, days that follow daylight-saving changes (23 or 25 hours).
///
/// ```swift
/// var calendar = BucketCalendar(width: .day, timeZone: TimeZone(identifier: "Europe/Paris")!)
/// calendar.interval(containing: date)          // that local day
/// calendar.starts(from: since, until: until)   // every local day of the period
/// ```
public struct BucketCalendar: Sendable {
    /// The bucket width.
    public let width: BucketWidth
    /// The zone buckets are aligned in.
    public var timeZone: TimeZone { calendar.timeZone }
    private let calendar: Calendar
    private let component: Calendar.Component
    /// Buckets already computed, by the second asked for (the store asks for each quarter hour).
    private var known: [Int64: DateInterval] = [:]

    /// The buckets of `width` in `timeZone`.
    public init(width: BucketWidth, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        self.calendar = calendar
        self.width = width
        switch width {
        case .hour: component = .hour
        case .day: component = .day
        case .week: component = .weekOfYear
        }
    }

    /// The bucket `date` falls in.
    public mutating func interval(containing date: Date) -> DateInterval {
        let key = Int64(date.timeIntervalSince1970.rounded(.down))
        if let interval = known[key] { return interval }
        let interval = calendar.dateInterval(of: component, for: date) ?? DateInterval(start: date, duration: 3_600)
        known[key] = interval
        return interval
    }

    /// The starts of the buckets that overlap `[from, until)`, oldest first, and the end of the last one;
    /// `nil` when there would be more than `maximum`.
    public func starts(from: Date, until: Date, maximum: Int) -> (starts: [Date], end: Date)? {
        var starts: [Date] = []
        guard from < until, var interval = calendar.dateInterval(of: component, for: from) else { return ([], from) }
        var end = interval.end
        while interval.start < until {
            starts.append(interval.start)
            end = interval.end
            guard starts.count <= maximum else { return nil }
            guard let next = calendar.dateInterval(of: component, for: interval.end), next.start > interval.start
            else { break }
            interval = next
        }
        return (starts, end)
    }
}
