import Foundation
import Testing
import VigieCore
import VigieOutput
import VigieStore
import VigieTestSupport

/// The export timeline: buckets aligned in a time zone across daylight-saving
/// changes, empty buckets filled in, alerts per bucket, totals as stored.
@Suite struct ExportTimelineTests {
    typealias Story = ExportFixtures.Story

    /// Days across each clock change of 2026 in Paris and New York, with their lengths in hours.
    @Test(arguments: [
        ("Europe/Paris", "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00", [24, 23, 24]),
        ("Europe/Paris", "2026-10-24T00:00:00+02:00", "2026-10-27T00:00:00+01:00", [24, 25, 24]),
        ("America/New_York", "2026-03-07T00:00:00-05:00", "2026-03-10T00:00:00-04:00", [24, 23, 24]),
        ("America/New_York", "2026-10-31T00:00:00-04:00", "2026-11-03T00:00:00-05:00", [24, 25, 24]),
    ])
    func daysFollowClockChanges(zone: String, from: String, until: String, hours: [Int]) throws {
        let timeZone = ExportFixtures.zone(zone)
        let (starts, end) = try TimelineReport.bucketStarts(
            from: ExportFixtures.date(from), until: ExportFixtures.date(until), width: .day, timeZone: timeZone)
        let bounds = starts + [end]
        let lengths = zip(bounds, bounds.dropFirst()).map { Int($1.timeIntervalSince($0) / 3600) }
        #expect(lengths == hours)
        var stamp = ExportTimestamp(timeZone: timeZone)
        // Every bucket starts at local midnight.
        #expect(starts.allSatisfy { stamp.string($0).contains("T00:00:00") })
    }

    @Test func hoursOfTheFallBackNightAreAllThere() throws {
        let paris = ExportFixtures.zone("Europe/Paris")
        let (starts, _) = try TimelineReport.bucketStarts(
            from: ExportFixtures.date("2026-10-25T00:00:00+02:00"),
            until: ExportFixtures.date("2026-10-25T04:00:00+01:00"), width: .hour, timeZone: paris)
        var stamp = ExportTimestamp(timeZone: paris)
        #expect(
            starts.map { stamp.string($0) } == [
                "2026-10-25T00:00:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
                "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00",
            ])
    }

    @Test func weeksStartOnLocalMonday() throws {
        let newYork = ExportFixtures.zone("America/New_York")
        let (starts, _) = try TimelineReport.bucketStarts(
            from: ExportFixtures.date("2026-03-04T12:00:00-05:00"),
            until: ExportFixtures.date("2026-03-17T00:00:00-04:00"), width: .week, timeZone: newYork)
        var stamp = ExportTimestamp(timeZone: newYork)
        #expect(
            starts.map { stamp.string($0) } == [
                "2026-03-02T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "2026-03-16T00:00:00-04:00",
            ])
    }

    /// A mention at 00:30 in Paris on the day after the spring change counts for
    /// that Paris day, and for the day before in UTC.
    @Test(arguments: [
        ("Europe/Paris", ["2026-03-29T00:00:00+01:00": 1, "2026-03-30T00:00:00+02:00": 2]),
        ("UTC", ["2026-03-29T00:00:00+00:00": 3]),
        ("America/New_York", ["2026-03-28T00:00:00-04:00": 1, "2026-03-29T00:00:00-04:00": 2]),
    ])
    func mentionsFallInTheirLocalDay(zone: String, expected: [String: Int]) async throws {
        let database = try ExportFixtures.database([
            Story(brand: "Cerise", time: ExportFixtures.date("2026-03-29T03:30:00Z"), label: .negative, score: -0.5),
            Story(brand: "Cerise", time: ExportFixtures.date("2026-03-29T22:30:00Z"), label: .positive, score: 0.5),
            Story(brand: "Cerise", time: ExportFixtures.date("2026-03-29T23:59:59Z"), label: .neutral, score: 0),
        ])
        let report = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Cerise"], width: .day,
            timeZone: ExportFixtures.zone(zone))
        var stamp = ExportTimestamp(timeZone: report.timeZone)
        let counted = Dictionary(uniqueKeysWithValues: report.rows.map { (stamp.string($0.start), $0.mentions) })
        #expect(counted == expected)
    }

    @Test func emptyBucketsArePresentWithZeros() async throws {
        let database = try ExportFixtures.database([
            Story(
                brand: "Cerise", time: ExportFixtures.date("2026-05-04T10:00:00+02:00"), label: .negative, score: -0.8),
            Story(
                brand: "Cerise", time: ExportFixtures.date("2026-05-04T11:00:00+02:00"), label: .positive, score: 0.4),
            Story(brand: "Cerise", time: ExportFixtures.date("2026-05-07T09:00:00+02:00"), label: .neutral, score: 0.1),
            Story(
                brand: "Nordane", time: ExportFixtures.date("2026-05-05T09:00:00+02:00"), label: .negative, score: -0.3),
        ])
        let report = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Nordane", "Cerise", "Skylark"], width: .day,
            timeZone: ExportFixtures.zone("Europe/Paris"))
        #expect(report.bucketStarts.count == 4)
        #expect(
            report.rows.map(\.brand) == Array(repeating: "Nordane", count: 4) + Array(repeating: "Cerise", count: 4)
                + Array(repeating: "Skylark", count: 4))
        #expect(report.rows(of: "Cerise").map(\.mentions) == [2, 0, 0, 1])
        #expect(report.rows(of: "Nordane").map(\.mentions) == [0, 1, 0, 0])
        #expect(report.rows(of: "Skylark").allSatisfy { $0.mentions == 0 && $0.meanScore == nil })
        let first = try #require(report.rows(of: "Cerise").first)
        #expect(first.negative == 1 && first.positive == 1 && first.neutral == 0)
        #expect(abs((first.meanScore ?? 9) - (-0.2)) < 1e-9)
        #expect(first.negativeShare == 0.5)

        var csv: [UInt8] = []
        TimelineCSV().write(report) { csv += $0 }
        let records = try CSVOracle.records(String(decoding: csv, as: UTF8.self))
        #expect(records.first == TimelineCSV.header)
        #expect(records.count == 1 + 12)
        #expect(records[1] == ["2026-05-04T00:00:00+02:00", "Nordane", "0", "0", "0", "0", "", "", ""])
        #expect(records[5] == ["2026-05-04T00:00:00+02:00", "Cerise", "2", "1", "0", "1", "-0.2000", "0.5000", ""])
    }

    @Test func alertColumnHoldsTheHighestSeverityOfTheBucket() async throws {
        let day = ExportFixtures.date("2026-06-10T08:00:00+02:00")
        let database = try ExportFixtures.database([
            Story(brand: "Cerise", time: day, label: .negative, score: -0.7),
            Story(brand: "Cerise", time: day.addingTimeInterval(3 * 86_400), label: .negative, score: -0.7),
            Story(brand: "Nordane", time: day, label: .neutral, score: 0),
        ])
        try database.insertAlert(
            ExportFixtures.alert("Cerise", .warning, at: ExportFixtures.date("2026-06-10T08:00:00Z")), sinks: [])
        try database.insertAlert(
            ExportFixtures.alert("Cerise", .critical, at: ExportFixtures.date("2026-06-10T15:00:00Z")), sinks: [])
        try database.insertAlert(
            ExportFixtures.alert("Cerise", .warning, at: ExportFixtures.date("2026-06-12T21:00:00Z")), sinks: [])
        let report = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Cerise", "Nordane"], width: .day,
            timeZone: ExportFixtures.zone("Europe/Paris"))
        // 21:00Z on the 12th is 23:00 in Paris: still the 12th.
        #expect(report.rows(of: "Cerise").map(\.alert) == [.critical, nil, .warning, nil])
        #expect(report.rows(of: "Nordane").allSatisfy { $0.alert == nil })
        // In Tokyo, 15:00Z on the 10th is midnight on the 11th, and 21:00Z on the 12th is the 13th.
        let tokyo = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Cerise"], width: .day,
            timeZone: ExportFixtures.zone("Asia/Tokyo"))
        #expect(tokyo.rows.map(\.alert) == [.warning, .critical, nil, .warning])
    }

    @Test func totalsEqualTheStoredCounts() async throws {
        var stories: [Story] = []
        let start = ExportFixtures.date("2026-02-01T00:00:00Z")
        for index in 0..<300 {
            let label: Sentiment.Label = index % 5 == 0 ? .negative : index % 3 == 0 ? .positive : .neutral
            stories.append(
                Story(
                    brand: index % 4 == 0 ? "Nordane" : "Cerise",
                    time: start.addingTimeInterval(Double(index * 7919 % 2_000_000)),
                    label: label, score: label == .negative ? -0.5 : label == .positive ? 0.5 : 0))
        }
        let database = try ExportFixtures.database(stories)
        for width in TimelineBucket.Width.allCases {
            let report = try await TimelineReport.load(
                from: database, filter: MentionFilter(), brands: ["Cerise", "Nordane"], width: width,
                timeZone: ExportFixtures.zone("America/New_York"))
            for count in try database.mentionCounts() {
                let rows = report.rows(of: count.brand)
                #expect(rows.reduce(0) { $0 + $1.mentions } == count.total)
                #expect(rows.reduce(0) { $0 + $1.negative } == count.negative)
                #expect(rows.reduce(0) { $0 + $1.positive } == count.positive)
                #expect(rows.allSatisfy { $0.mentions == $0.negative + $0.neutral + $0.positive })
            }
            // Buckets are contiguous.
            #expect(zip(report.rows, report.rows.dropFirst()).allSatisfy { $0.brand != $1.brand || $0.end == $1.start })
        }
    }

    @Test func sinceAndUntilBoundThePeriod() async throws {
        let database = try ExportFixtures.database([
            Story(brand: "Cerise", time: ExportFixtures.date("2026-07-01T12:00:00Z"), label: .neutral, score: 0),
            Story(brand: "Cerise", time: ExportFixtures.date("2026-07-09T12:00:00Z"), label: .neutral, score: 0),
        ])
        let filter = MentionFilter(
            since: ExportFixtures.date("2026-07-03T00:00:00Z"), until: ExportFixtures.date("2026-07-10T00:00:00Z"))
        let report = try await TimelineReport.load(
            from: database, filter: filter, brands: ["Cerise"], width: .day, timeZone: .gmt)
        #expect(report.bucketStarts.count == 7)
        #expect(report.rows.map(\.mentions) == [0, 0, 0, 0, 0, 0, 1])
        #expect(throws: ExportError.self) {
            try TimelineReport.bucketStarts(
                from: ExportFixtures.date("1900-01-01T00:00:00Z"), until: ExportFixtures.date("2100-01-01T00:00:00Z"),
                width: .hour, timeZone: .gmt)
        }
    }
}
