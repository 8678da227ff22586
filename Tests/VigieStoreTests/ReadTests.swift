import Foundation
import Testing
import VigieCore
import VigieStore

@Suite struct ReadTests {
    let a = "https://a.example/feed"
    let b = "https://b.example/feed"

    /// Orange: 6 stories one minute apart from `a` (every third negative);
    /// Free: 3 English stories from `b`, positive.
    func populated() throws -> VigieDatabase {
        let database = try Fixtures.database()
        try database.record(
            Fixtures.fetch(a, at: Fixtures.t0 + 3_600, Fixtures.stories(6, brand: "Orange", prefix: "o")))
        let free = (0..<3).map { index in
            ScoredEntry(
                entry: Fixtures.entry(
                    id: "f\(index)", link: "https://b.example/\(index)",
                    text: "Free is great, story \(index) of the week", published: Fixtures.t0 + Double(index * 600)),
                mentions: [Fixtures.mention("Free", .positive, language: .english)])
        }
        try database.record(Fixtures.fetch(b, at: Fixtures.t0 + 3_600, free))
        return database
    }

    @Test func listingsAreNewestFirstAndFiltered() throws {
        let database = try populated()
        let all = try database.mentions(MentionFilter())
        #expect(all.count == 9)
        #expect(all.map(\.time) == all.map(\.time).sorted(by: >))

        #expect(try database.mentions(MentionFilter(brands: ["Orange"])).count == 6)
        #expect(try database.mentions(MentionFilter(brands: ["Orange", "Free"])).count == 9)
        #expect(try database.mentions(MentionFilter(brands: ["Nobody"])).isEmpty)
        #expect(try database.mentions(MentionFilter(label: .negative)).count == 2)
        #expect(try database.mentions(MentionFilter(source: b)).map(\.brand) == ["Free", "Free", "Free"])
        #expect(try database.mentions(MentionFilter(language: .english)).count == 3)
        #expect(try database.mentions(MentionFilter(limit: 4)).map(\.id) == Array(all.prefix(4)).map(\.id))

        let window = try database.mentions(MentionFilter(since: Fixtures.t0 + 60, until: Fixtures.t0 + 600))
        #expect(window.map(\.time) == [300, 240, 180, 120, 60].map { Fixtures.t0 + $0 })
    }

    @Test func streamingReadsEveryRowOnceInTimeOrder() throws {
        let database = try populated()
        var seen: [MentionRow] = []
        try database.forEachMention(MentionFilter()) { seen.append($0) }
        #expect(seen.count == 9)
        #expect(Set(seen.map(\.id)).count == 9)
        #expect(seen.map(\.time) == seen.map(\.time).sorted())
        #expect(Set(seen.map(\.id)) == Set(try database.mentions(MentionFilter()).map(\.id)))

        var orange = 0
        try database.forEachMention(MentionFilter(brands: ["Orange"], label: .negative)) { row in
            #expect(row.brand == "Orange" && row.label == .negative)
            orange += 1
        }
        #expect(orange == 2)
    }

    @Test func anErrorThrownWhileStreamingStopsAndIsRethrown() throws {
        struct Stop: Error {}
        let database = try populated()
        var calls = 0
        #expect(throws: Stop.self) {
            try database.forEachMention(MentionFilter()) { _ in
                calls += 1
                if calls == 3 { throw Stop() }
            }
        }
        #expect(calls == 3)
    }

    @Test func countsPerBrandAndLabel() throws {
        let database = try populated()
        #expect(
            try database.mentionCounts() == [
                MentionCount(brand: "Free", total: 3, negative: 0, neutral: 0, positive: 3),
                MentionCount(brand: "Orange", total: 6, negative: 2, neutral: 4, positive: 0),
            ])
        // Orange at +240 and +300 s; Free at +600 and +1200 s.
        #expect(try database.mentionCounts(MentionFilter(since: Fixtures.t0 + 200)).map(\.total) == [2, 2])
    }

    @Test func hourlyTimelineInUTC() throws {
        let database = try Fixtures.database()
        // 3 mentions in hour 0 (one negative), 2 in hour 2.
        let times: [TimeInterval] = [0, 1_200, 3_500, 7_300, 10_000]
        let entries = times.enumerated().map { index, offset in
            ScoredEntry(
                entry: Fixtures.entry(
                    id: "\(index)", text: "Orange histoire \(index) de la journée", published: Fixtures.t0 + offset),
                mentions: [Fixtures.mention("Orange", index == 1 ? .negative : .neutral)])
        }
        try database.record(Fixtures.fetch(a, at: Fixtures.t0 + 20_000, entries))
        let timeline = try database.timeline(MentionFilter(), bucket: .hour, timeZone: TimeZone(identifier: "UTC")!)
        #expect(timeline.map(\.start) == [Fixtures.t0, Fixtures.t0 + 7_200])
        #expect(timeline.map(\.total) == [3, 2])
        #expect(timeline.map(\.negative) == [1, 0])
        #expect(abs(timeline[0].meanScore - (-0.2)) < 1e-9)
    }

    @Test func dailyTimelineFollowsTheLocalDayAcrossDaylightSaving() throws {
        let database = try Fixtures.database()
        let paris = TimeZone(identifier: "Europe/Paris")!
        // 2026-03-29: Paris moves from UTC+1 to UTC+2 at 01:00 UTC.
        let formatter = ISO8601DateFormatter()
        let instants = [
            "2026-03-28T22:30:00Z", "2026-03-29T21:59:00Z", "2026-03-29T22:00:00Z", "2026-03-28T22:59:00Z",
            "2026-03-28T23:00:00Z",
        ]
        .map { formatter.date(from: $0)! }
        let entries = instants.enumerated().map { index, date in
            ScoredEntry(
                entry: Fixtures.entry(id: "\(index)", text: "Orange histoire \(index) du printemps", published: date),
                mentions: [Fixtures.mention("Orange")])
        }
        try database.record(Fixtures.fetch(a, at: formatter.date(from: "2026-04-01T00:00:00Z")!, entries))
        let days = try database.timeline(MentionFilter(brands: ["Orange"]), bucket: .day, timeZone: paris)
        // 22:30Z and 22:59Z on the 28th are 23:30 and 23:59 in Paris (the 28th);
        // 23:00Z on the 28th is midnight of the 29th; 21:59Z on the 29th is 23:59 (UTC+2); 22:00Z is the 30th.
        #expect(
            days.map { formatter.string(from: $0.start) } == [
                "2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z",
            ])
        #expect(days.map(\.total) == [2, 2, 1])
    }

    @Test func weeklyTimelineStartsOnMonday() throws {
        let database = try populated()
        let weeks = try database.timeline(MentionFilter(), bucket: .week, timeZone: TimeZone(identifier: "UTC")!)
        // 2026-01-01 is a Thursday: its week starts on Monday 2025-12-29.
        #expect(weeks.map(\.start) == [Fixtures.t0 - 3 * 86_400, Fixtures.t0 - 3 * 86_400])
        #expect(weeks.map(\.brand) == ["Free", "Orange"])
        #expect(weeks.map(\.total) == [3, 6])
    }
}
