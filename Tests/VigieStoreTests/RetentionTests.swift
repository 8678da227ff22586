import Foundation
import GRDB
import Testing
import VigieCore

@testable import VigieStore

/// Retention deletes old entries, mentions and delivered outbox rows in batches, keeps alerts and the
/// quarter-hour totals timelines read, refuses to store purged stories again and gives the space back.
@Suite struct RetentionTests {
    static let feed = "https://a.example/feed"
    static let day: TimeInterval = 86_400

    /// A file store with `old` stories 100 days before `t0 + 100 d` and `recent` ones in the last day.
    func store(old: Int, recent: Int, in folder: URL) throws -> VigieDatabase {
        let database = try VigieDatabase(path: folder.appendingPathComponent("vigie.db").path)
        try database.syncSources([SourceDefinition(url: Self.feed, name: "A", kind: "rss")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(Self.feed, Fixtures.stories(old, prefix: "old")))
        let now = Fixtures.t0 + 100 * Self.day
        try database.record(
            Fixtures.fetch(Self.feed, at: now, Fixtures.stories(recent, prefix: "new", start: now - Self.day)))
        return database
    }

    func alert(at bucket: Date) -> StoredAlert {
        StoredAlert(
            brand: "Orange", kind: .negativeSpike, severity: .warning, bucketStart: bucket, bucketSeconds: 3_600,
            raisedAt: bucket + 3_700, count: 40, negativeCount: 31, baseline: 4.5, share: 0.775, explanation: "{}")
    }

    @Test func aPurgeDeletesOnlyWhatIsOlderAndKeepsTheTimelineAndTheAlerts() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(old: 7, recent: 3, in: folder)
        let alertID = try #require(try database.insertAlert(alert(at: Fixtures.t0), sinks: ["ops", "chat"]))
        let deliveries = try database.deliveries()
        try database.markDelivered(id: deliveries[0].id, at: Fixtures.t0 + 4_000)
        try database.markFailed(id: deliveries[1].id, error: "refused")
        let before = try database.timeline(MentionFilter(), bucket: .day)
        #expect(before.reduce(0) { $0 + $1.total } == 10)

        let cutoff = Fixtures.t0 + 50 * Self.day
        var steps: [VigieDatabase.PurgeStep] = []
        repeat {
            steps.append(try database.purgeStep(before: cutoff, limit: 3))
        } while !steps.last!.isEmpty
        #expect(steps.map(\.entries) == [3, 3, 1, 0])
        #expect(steps.map(\.mentions).reduce(0, +) == 7)
        #expect(steps.map(\.deliveries).reduce(0, +) == 1)

        #expect(try database.mentions(MentionFilter()).count == 3)
        // A listing's total counts the mentions still stored, though the day and slot totals keep the rest.
        #expect(try database.mentionTotal(MentionFilter()) == 3)
        #expect(try database.mentionTotal(MentionFilter(until: cutoff + 100 * Self.day)) == 3)
        #expect(try database.mentions(MentionFilter()).allSatisfy { $0.time >= cutoff })
        #expect(try database.timeline(MentionFilter(), bucket: .day) == before)
        #expect(try database.alerts().map(\.id) == [alertID])
        #expect(try database.deliveries().map(\.status) == [.failed])
        #expect(try database.retentionHorizon() == cutoff)
        // An export with no bounds still starts with the purged history, and ends with the last mention.
        let range = try #require(try database.mentionTimeRange(MentionFilter()))
        #expect(range.lowerBound == Fixtures.t0)
        #expect(range.upperBound == Fixtures.t0 + 100 * Self.day - Self.day + 120)
        #expect(try database.mentionTimeRange(MentionFilter(label: .negative))?.lowerBound ?? cutoff >= cutoff)
        let carriers = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_source") }
        #expect(carriers == 3)
    }

    @Test func aPurgedStoryListedAgainIsNotStoredTwice() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(old: 4, recent: 1, in: folder)
        while try !database.purgeStep(before: Fixtures.t0 + 50 * Self.day, limit: 100).isEmpty {}
        let timeline = try database.timeline(MentionFilter(), bucket: .hour)

        let again = try database.record(
            Fixtures.fetch(Self.feed, at: Fixtures.t0 + 101 * Self.day, Fixtures.stories(4, prefix: "old")))
        #expect(again.expiredEntries == 4)
        #expect(again.newEntries == 0)
        #expect(try database.timeline(MentionFilter(), bucket: .hour) == timeline)

        // A story newer than the horizon is stored as usual, even if older than the last purge's run.
        let fresh = try database.record(
            Fixtures.fetch(
                Self.feed, at: Fixtures.t0 + 101 * Self.day,
                Fixtures.stories(1, prefix: "late", start: Fixtures.t0 + 60 * Self.day)))
        #expect(fresh.newEntries == 1)
    }

    @Test func aNewFileGivesItsFreedPagesBackAndShrinks() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(old: 3_000, recent: 10, in: folder)
        let path = folder.appendingPathComponent("vigie.db").path
        #expect(try database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") } == 2)
        try database.checkpoint()
        let sizeBefore = try Self.size(path)

        while try !database.purgeStep(before: Fixtures.t0 + 50 * Self.day, limit: 500).isEmpty {}
        var reclaimed = 0
        var pages = 0
        repeat {
            pages = try database.reclaimFreePages(limit: 64)
            reclaimed += pages
        } while pages > 0
        try database.checkpoint()
        #expect(reclaimed > 0)
        #expect(try database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") } == 0)
        #expect(try Self.size(path) < sizeBefore / 2)
        #expect(try database.mentions(MentionFilter()).count == 10)
        let check = try database.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
    }

    @Test func aStoreWithoutIncrementalVacuumReusesItsPagesAndReclaimsNothing() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.db").path
        // A file created before Vigie asked for incremental vacuum.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA auto_vacuum = NONE; CREATE TABLE early (x)")
        }
        let database = try VigieDatabase(path: path)
        try database.syncSources([SourceDefinition(url: Self.feed, name: "A", kind: "rss")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(Self.feed, Fixtures.stories(200)))
        while try !database.purgeStep(before: Fixtures.t0 + Self.day, limit: 50).isEmpty {}
        #expect(try database.mentions(MentionFilter()).isEmpty)
        #expect(try database.reclaimFreePages(limit: 1_000) == 0)
    }

    static func size(_ path: String) throws -> Int64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).int64Value
    }
}
