import Foundation
import GRDB
import Testing
import VigieCore

@testable import VigieStore

/// The store answers timelines from `mention_slot`, per-quarter-hour totals kept
/// by triggers. These tests check those answers against a timeline counted here,
/// mention by mention, with `Calendar`: for cuts in the middle of a quarter hour,
/// half-hour and quarter-hour time zones, times before 1970, deletions, updates,
/// and a store written before the slots existed.
@Suite struct TimelineSlotTests {
    static let brands = ["Cerise", "Nordane", "Skylark"]
    static let base: Int64 = 1_774_000_000  // 2026-03-20, a week before Paris and after New York change clocks

    /// `count` mentions spread over 12 days (and a few before 1970), inserted straight into the schema.
    static func insertMentions(_ db: Database, count: Int, firstEntry: Int = 1) throws {
        for source in 1...2 {
            try db.execute(
                sql: "INSERT OR IGNORE INTO source (id, url, name, added_at) VALUES (?, ?, ?, 0)",
                arguments: [source, "https://\(source).example", "S\(source)"])
        }
        for (index, brand) in brands.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO brand (id, name) VALUES (?, ?)", arguments: [index + 1, brand])
        }
        for index in 0..<count {
            let entry = firstEntry + index
            // Arithmetic spreading rather than randomness: any second, any brand, any label.
            let time = index % 97 == 0 ? -Int64(index * 611 + 1) : base + Int64((index * 7_919 * 13) % (12 * 86_400))
            let label = ["negative", "neutral", "positive", "neutral", "negative"][index % 5]
            let score = Double((index * 37) % 200 - 100) / 100
            try db.execute(
                sql: "INSERT INTO entry (id, source_id, text, first_seen_at, time) VALUES (?, ?, 'x', ?, ?)",
                arguments: [entry, 1 + entry % 2, time, time])
            try db.execute(
                sql: "INSERT INTO entry_source (source_id, item_key, entry_id, first_seen_at) VALUES (?, ?, ?, 0)",
                arguments: [1 + entry % 2, "g:\(entry)", entry])
            try db.execute(
                sql: """
                    INSERT INTO mention (entry_id, brand_id, time, language, score, label, positive, negative, neutral,
                                         matched_terms, top_terms)
                    VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, '[]', '[]')
                    """,
                arguments: [entry, 1 + (index * 5) % brands.count, time, index % 3 == 0 ? "en" : "fr", score, label])
        }
    }

    /// The timeline counted mention by mention: the oracle.
    static func expected(
        _ db: Database, _ filter: MentionFilter, width: TimelineBucket.Width, timeZone: TimeZone
    ) throws -> [TimelineBucket] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        let component: Calendar.Component = width == .hour ? .hour : width == .day ? .day : .weekOfYear
        var buckets: [String: TimelineBucket] = [:]
        var sums: [String: Double] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT b.name, m.time, m.label, m.score, m.language, s.url
                FROM mention m JOIN brand b ON b.id = m.brand_id
                JOIN entry_source es ON es.entry_id = m.entry_id JOIN source s ON s.id = es.source_id
                """)
        for row in rows {
            let brand: String = row[0]
            let time: Int64 = row[1]
            let label: String = row[2]
            let rowLanguage: String = row[4]
            if !filter.brands.isEmpty && !filter.brands.contains(brand) { continue }
            if let since = filter.since, time < Int64(since.timeIntervalSince1970.rounded(.down)) { continue }
            if let until = filter.until, time >= Int64(until.timeIntervalSince1970.rounded(.up)) { continue }
            if let language = filter.language, language.rawValue != rowLanguage { continue }
            if let source = filter.source, source != row[5] as String { continue }
            let start = calendar.dateInterval(of: component, for: Date(timeIntervalSince1970: TimeInterval(time)))!
                .start
            let key = "\(brand)|\(start.timeIntervalSince1970)"
            var bucket =
                buckets[key]
                ?? TimelineBucket(
                    brand: brand, start: start, total: 0, negative: 0, neutral: 0, positive: 0, meanScore: 0)
            bucket.total += 1
            switch label {
            case "negative": bucket.negative += 1
            case "positive": bucket.positive += 1
            default: bucket.neutral += 1
            }
            buckets[key] = bucket
            sums[key, default: 0] += row[3] as Double
        }
        return buckets.map { key, bucket in
            var bucket = bucket
            bucket.meanScore = sums[key]! / Double(bucket.total)
            return bucket
        }.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
    }

    static func expectSame(_ actual: [TimelineBucket], _ expected: [TimelineBucket], _ comment: Comment) {
        #expect(actual.count == expected.count, comment)
        for (got, want) in zip(actual, expected) {
            #expect(
                got.brand == want.brand && got.start == want.start && got.total == want.total
                    && got.negative == want.negative && got.neutral == want.neutral && got.positive == want.positive,
                "\(comment): \(got) instead of \(want)")
            #expect(abs(got.meanScore - want.meanScore) < 1e-6, comment)
        }
    }

    /// Filters cutting quarter hours, hours and days in the middle, and filters the slots cannot answer.
    static let filters: [MentionFilter] = [
        MentionFilter(),
        MentionFilter(brands: ["Nordane"]),
        MentionFilter(since: Date(timeIntervalSince1970: TimeInterval(base + 86_400 + 437))),
        MentionFilter(until: Date(timeIntervalSince1970: TimeInterval(base + 5 * 86_400) + 0.25)),
        MentionFilter(
            brands: ["Cerise", "Skylark"], since: Date(timeIntervalSince1970: TimeInterval(base + 3_333)),
            until: Date(timeIntervalSince1970: TimeInterval(base + 9 * 86_400 + 1_801)), language: .english),
        // Both cuts inside one quarter hour.
        MentionFilter(
            since: Date(timeIntervalSince1970: TimeInterval(base + 86_400 * 2 + 60)),
            until: Date(timeIntervalSince1970: TimeInterval(base + 86_400 * 2 + 840))),
        MentionFilter(source: "https://2.example"),
    ]

    static let zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"]

    /// `mention_day` holds `mention_slot` summed per UTC day, row for row, and no empty day.
    static func expectDaysSumTheSlots(_ database: VigieDatabase, _ context: String) throws {
        let (days, summed) = try database.writer.read { db in
            let columns = "brand_id, day, language, mentions, negative, positive, score_nanos"
            let days = try Row.fetchAll(db, sql: "SELECT \(columns) FROM mention_day ORDER BY 1, 2, 3")
            let summed = try Row.fetchAll(
                db,
                sql: """
                    SELECT brand_id, (slot - ((slot % 96) + 96) % 96) / 96 AS day, language,
                           sum(mentions) AS mentions, sum(negative) AS negative, sum(positive) AS positive,
                           sum(score_nanos) AS score_nanos
                    FROM mention_slot GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """)
            return (days, summed)
        }
        #expect(!days.isEmpty, "\(context)")
        #expect(days == summed, "\(context): the day totals drifted from the slots")
    }

    static func expectAgreement(_ database: VigieDatabase, _ context: String) throws {
        try expectDaysSumTheSlots(database, context)
        for zoneName in zones {
            let zone = TimeZone(identifier: zoneName)!
            for width in TimelineBucket.Width.allCases {
                for (index, filter) in filters.enumerated() {
                    let actual = try database.timeline(filter, bucket: width, timeZone: zone)
                    let expected = try database.writer.read { db in
                        try Self.expected(db, filter, width: width, timeZone: zone)
                    }
                    if index == 0 { #expect(expected.count > 10) }
                    expectSame(actual, expected, "\(context), \(zoneName), \(width), filter \(index)")
                }
            }
        }
    }

    @Test func slotsAgreeWithTheMentionsWhateverTheCutAndTheTimeZone() throws {
        let database = try VigieDatabase.inMemory()
        try database.writer.write { db in try Self.insertMentions(db, count: 3_000) }
        try Self.expectAgreement(database, "inserted")
    }

    @Test func deletionsAndUpdatesKeepTheSlotsRight() throws {
        let database = try VigieDatabase.inMemory()
        try database.writer.write { db in
            try Self.insertMentions(db, count: 2_000)
            // Entries deleted take their mentions with them (ON DELETE CASCADE fires the triggers).
            try db.execute(sql: "DELETE FROM entry WHERE id % 7 = 0")
            try db.execute(sql: "UPDATE mention SET label = 'negative', score = -0.9 WHERE id % 11 = 0")
            try db.execute(sql: "UPDATE mention SET time = time + 3600, language = 'en' WHERE id % 13 = 0")
        }
        try Self.expectAgreement(database, "after deletions and updates")
        let emptySlots = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM mention_slot WHERE mentions <= 0")
        }
        #expect(emptySlots == 0)
    }

    @Test func aStoreWrittenBeforeTheSlotsGetsThemWhenOpened() throws {
        let queue = try DatabaseQueue(configuration: VigieDatabase.configuration(.full))
        try VigieDatabase.migrator.migrate(queue, upTo: "v1-alerts-outbox")
        try queue.write { db in try Self.insertMentions(db, count: 1_500) }
        let database = try VigieDatabase(writer: queue)
        #expect(try database.appliedMigrations().contains("v2-mention-slots"))
        try Self.expectAgreement(database, "migrated")
        // And the triggers keep them from then on.
        try database.writer.write { db in try Self.insertMentions(db, count: 500, firstEntry: 10_000) }
        try Self.expectAgreement(database, "migrated, then written")
    }

    @Test func theTimeRangeIsTheFirstAndLastMentionUnderTheFilter() throws {
        let database = try VigieDatabase.inMemory()
        try database.writer.write { db in try Self.insertMentions(db, count: 1_000) }
        for filter in Self.filters + [MentionFilter(brands: ["Nobody"])] {
            let range = try database.mentionTimeRange(filter)
            let times = try database.writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT m.time, b.name, m.language, s.url FROM mention m JOIN brand b ON b.id = m.brand_id
                        JOIN entry_source es ON es.entry_id = m.entry_id JOIN source s ON s.id = es.source_id
                        """
                ).filter { row in
                    let time: Int64 = row[0]
                    return (filter.brands.isEmpty || filter.brands.contains(row[1] as String))
                        && (filter.since.map { time >= Int64($0.timeIntervalSince1970.rounded(.down)) } ?? true)
                        && (filter.until.map { time < Int64($0.timeIntervalSince1970.rounded(.up)) } ?? true)
                        && (filter.language.map { $0.rawValue == row[2] as String } ?? true)
                        && (filter.source.map { $0 == row[3] as String } ?? true)
                }.map { $0[0] as Int64 }
            }
            let expected = times.min().map { first in
                Date(
                    timeIntervalSince1970: TimeInterval(first))...Date(
                        timeIntervalSince1970: TimeInterval(times.max()!))
            }
            #expect(range == expected, "\(filter)")
        }
    }
}
