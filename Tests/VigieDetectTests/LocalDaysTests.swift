import Foundation
import Testing
import VigieCore

@testable import VigieDetect

/// The detector's days and weeks follow the configured time zone (`alerts: timezone:`).
@Suite struct LocalDaysTests {
    static func index(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970) / 3_600
    }

    @Test func parisSkipsAnHourInMarchAndRepeatsOneInOctober() {
        var paris = LocalDays(timeZone: TimeZone(identifier: "Europe/Paris")!, bucketSeconds: 3_600)
        // 2026-03-29: clocks go from 02:00 to 03:00 local (01:00 UTC).
        let spring = (0..<5).map { paris.position(of: Self.index("2026-03-28T22:00:00Z") + Int64($0)) }
        #expect(spring.map(\.slot) == [23, 0, 1, 3, 4])
        #expect(spring.map(\.weekday) == [5, 6, 6, 6, 6])  // Saturday, then Sunday from local midnight
        // 2026-10-25: clocks go from 03:00 back to 02:00 local (01:00 UTC).
        let autumn = (0..<4).map { paris.position(of: Self.index("2026-10-24T23:00:00Z") + Int64($0)) }
        #expect(autumn.map(\.slot) == [1, 2, 2, 3])
        #expect(Set(autumn.map(\.day)).count == 1)
    }

    @Test func utcIsTheBucketIndexDividedIntoDays() {
        var utc = LocalDays(timeZone: .gmt, bucketSeconds: 3_600)
        for index in [Int64(-30), 0, 23, 24, 493_100, 493_123] {
            let position = utc.position(of: index)
            #expect(position.day == index.floorDivided(by: 24))
            #expect(position.slot == Int(index.floorModulo(24)))
        }
        #expect(utc.position(of: 0).weekday == 3)  // 1970-01-01 was a Thursday
    }

    /// A New York brand: 20 mentions an hour on local weekdays, 4 at weekends, for six weeks. A Friday
    /// evening in New York is Saturday in UTC: judged with UTC days it would look like a weekend hour.
    @Test(arguments: [("America/New_York", true), ("UTC", false)])
    func aFridayEveningInNewYorkIsExpectedAtWeekdayVolume(zone: String, local: Bool) {
        let newYork = TimeZone(identifier: "America/New_York")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        var days = LocalDays(timeZone: TimeZone(identifier: zone)!, bucketSeconds: 3_600)
        var volume = SeasonalVolume(bucketSeconds: 3_600, dayWeight: 0.1, weekWeight: 0.3)
        let start = Self.index("2024-03-04T05:00:00Z")  // Monday 2024-03-04, 00:00 in New York
        for index in start..<(start + 6 * 7 * 24) {
            let weekday = calendar.component(.weekday, from: Date(timeIntervalSince1970: TimeInterval(index * 3_600)))
            let weekend = weekday == 1 || weekday == 7
            volume.learn(days.position(of: index), mentions: weekend ? 4 : 20)
        }
        // Friday 2024-04-12, 21:00 in New York (EDT) = Saturday 01:00 UTC.
        let expected = volume.expected(days.position(of: Self.index("2024-04-13T01:00:00Z")))
        if local {
            #expect(abs(expected - 20) < 2, "expected \(expected)")
        } else {
            #expect(expected < 14, "expected \(expected)")
        }
    }
}
