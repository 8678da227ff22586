import Foundation
import Testing
import VigieCore

/// The one bucket calendar of the store and the exports: local days that follow daylight saving, weeks
/// from Monday.
@Suite struct BucketCalendarTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!

    static func date(_ text: String) -> Date { Date(timeIntervalSince1970: TimeInterval(RFC3339.parse(text)!)) }

    @Test func theDayOfTheSpringChangeInParisHasTwentyThreeHours() {
        var calendar = BucketCalendar(width: .day, timeZone: Self.paris)
        let day = calendar.interval(containing: Self.date("2026-03-29T12:00:00Z"))
        #expect(day.start == Self.date("2026-03-28T23:00:00Z"))
        #expect(day.duration == 23 * 3_600)
    }

    @Test func weeksStartOnMondayAtLocalMidnight() {
        var calendar = BucketCalendar(width: .week, timeZone: Self.paris)
        // Sunday 2026-11-22, evening in Paris.
        let week = calendar.interval(containing: Self.date("2026-11-22T20:00:00Z"))
        #expect(week.start == Self.date("2026-11-15T23:00:00Z"))
        #expect(week.end == Self.date("2026-11-22T23:00:00Z"))
    }

    @Test func startsCoverThePeriodAndStopAtTheMaximum() throws {
        let calendar = BucketCalendar(width: .hour, timeZone: .gmt)
        let laid = try #require(
            calendar.starts(
                from: Self.date("2026-01-01T10:30:00Z"), until: Self.date("2026-01-01T13:00:00Z"), maximum: 10))
        #expect(laid.starts == ["10", "11", "12"].map { Self.date("2026-01-01T\($0):00:00Z") })
        #expect(laid.end == Self.date("2026-01-01T13:00:00Z"))
        #expect(
            calendar.starts(
                from: Self.date("2026-01-01T00:00:00Z"), until: Self.date("2026-01-02T00:00:00Z"), maximum: 5) == nil)
        #expect(
            calendar.starts(
                from: Self.date("2026-01-02T00:00:00Z"), until: Self.date("2026-01-01T00:00:00Z"), maximum: 5)?.starts
                == [])
    }

    @Test func theAutumnChangeGivesTwoBucketsForTheRepeatedHour() throws {
        let calendar = BucketCalendar(width: .hour, timeZone: Self.paris)
        let laid = try #require(
            calendar.starts(
                from: Self.date("2026-10-24T23:00:00Z"), until: Self.date("2026-10-25T02:00:00Z"), maximum: 10))
        // 01:00, 02:00 (summer time), 02:00 (winter time): three hours, each its own bucket.
        #expect(laid.starts.count == 3)
    }
}
