import Foundation
import PostgresNIO
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// The operations of `WatchStore` on both stores (issue 16): what one store does with a sequence of fetches,
/// the other does too, and what several workers do together on PostgreSQL stays right (one story stored once,
/// a lost lease writes nothing, migrations applied once). PostgreSQL runs when `VIGIE_TEST_POSTGRES_URL` is
/// set (see ``TestStore``); the last test says how when it is not.
@Suite(.dedicatedThread) struct WatchStoreConformanceTests {
    static let sources = [
        SourceDefinition(url: "https://a.example/feed", name: "A", kind: "rss"),
        SourceDefinition(url: "https://b.example/feed", name: "B", kind: "rss"),
        SourceDefinition(url: "https://c.example/news", name: "C", kind: "rss"),
    ]

    /// A mention as the suite compares them: what is stored, not the ids it got.
    struct Stored: Hashable, Comparable, CustomStringConvertible {
        var story: String
        var brand: String
        var label: String
        var carriers: Int
        var source: String
        static func < (a: Self, b: Self) -> Bool { (a.story, a.brand) < (b.story, b.brand) }
        var description: String { "\(story)|\(brand)|\(label)|\(carriers)|\(source)" }
    }

    /// A summary without its mention ids (which differ between stores).
    struct Counts: Hashable {
        var new, withinSource, acrossSources, empty, expired, mentions: Int
        init(_ summary: FetchSummary) {
            new = summary.newEntries
            withinSource = summary.duplicatesWithinSource
            acrossSources = summary.duplicatesAcrossSources
            empty = summary.emptyEntries
            expired = summary.expiredEntries
            mentions = summary.mentionsStored
        }
    }

    static func scored(_ entry: FeedEntry, _ mentions: [BrandMention]) -> ScoredEntry {
        ScoredEntry(entry: entry, mentions: mentions)
    }

    /// Fetches that take every rule of "the same entry": new stories, a replay, the same link with tracking
    /// parameters, the same text under other links, rewritten wire copies, two items of one feed sharing
    /// its home page, an empty entry, several brands in one entry, a failure and a 304.
    static var fetches: [FetchRecord] {
        let t0 = Fixtures.t0
        let wire = WireStories.frenchCopies
        let outage = "Panne géante chez Orange : des millions d'abonnés privés de réseau mobile toute la matinée."
        let a1: [ScoredEntry] = [
            scored(
                Fixtures.entry(
                    id: "a-1", link: "https://news.example/orange-panne", title: "Panne", text: outage,
                    published: t0), [Fixtures.mention("Orange", .negative), Fixtures.mention("Free", .neutral)]),
            scored(
                Fixtures.entry(
                    id: "a-2", link: "https://a.example/", title: "Tarifs",
                    text: "Orange baisse ses tarifs fibre pour les nouveaux clients dès lundi prochain.",
                    published: t0.addingTimeInterval(60)), [Fixtures.mention("Orange", .positive)]),
            scored(
                Fixtures.entry(
                    id: "a-3", link: "https://a.example/", title: "Boutiques",
                    text: "Free ouvre douze boutiques en Bretagne et recrute des conseillers.",
                    published: t0.addingTimeInterval(120)), [Fixtures.mention("Free", .positive)]),
            scored(Fixtures.entry(text: "  "), [Fixtures.mention("Orange", .neutral)]),
            scored(
                Fixtures.entry(
                    id: "wire-a", link: "https://a.example/wire", text: wire[0],
                    published: t0.addingTimeInterval(180)), [Fixtures.mention("Orange", .negative)]),
        ]
        let b1: [ScoredEntry] = [
            // The same story by its link, with tracking parameters.
            scored(
                Fixtures.entry(
                    id: "b-9", link: "https://www.news.example/orange-panne?utm_source=rss", text: outage,
                    published: t0), [Fixtures.mention("Orange", .negative), Fixtures.mention("Free", .neutral)]),
            // The same text under another link.
            scored(
                Fixtures.entry(
                    id: "b-2", link: "https://b.example/tarifs-orange", title: "Tarifs",
                    text: "Orange baisse ses tarifs fibre pour les nouveaux clients dès lundi prochain.",
                    published: t0.addingTimeInterval(60)), [Fixtures.mention("Orange", .positive)]),
            // A rewritten copy of the wire story.
            scored(
                Fixtures.entry(
                    id: "wire-b", link: "https://b.example/wire", text: wire[3],
                    published: t0.addingTimeInterval(240)), [Fixtures.mention("Orange", .negative)]),
            scored(
                Fixtures.entry(
                    id: "b-4", link: "https://b.example/bouygues",
                    text: "Bouygues Telecom annonce un nouveau forfait 5G sans engagement.",
                    published: t0.addingTimeInterval(300)), [Fixtures.mention("Bouygues", .neutral)]),
        ]
        let c1 = [
            scored(
                Fixtures.entry(
                    link: "https://c.example/plainte", title: "Plainte",
                    text: "Encore une coupure Orange ce soir, trois heures sans internet, service client injoignable.",
                    published: t0.addingTimeInterval(400)), [Fixtures.mention("Orange", .negative)])
        ]
        var fetches = [
            Fixtures.fetch("https://a.example/feed", at: t0.addingTimeInterval(600), a1),
            Fixtures.fetch("https://b.example/feed", at: t0.addingTimeInterval(700), b1),
            Fixtures.fetch("https://c.example/news", at: t0.addingTimeInterval(800), c1),
            // A replay (a restart fetched the same document again): nothing new.
            Fixtures.fetch("https://a.example/feed", at: t0.addingTimeInterval(1500), a1),
            Fixtures.fetch("https://b.example/feed", at: t0.addingTimeInterval(1600), outcome: .notModified),
            Fixtures.fetch(
                "https://c.example/news", at: t0.addingTimeInterval(1700),
                outcome: .failed(status: 503, error: "HTTP 503")),
        ]
        fetches[5].consecutiveFailures = 1
        return fetches
    }

    /// What a store holds after `fetches`: every mention of every summary, and the counts by brand.
    static func run(_ fetches: [FetchRecord], on store: any WatchStore) async throws
        -> (counts: [Counts], stored: [Stored], byBrand: [MentionCount])
    {
        try await store.syncSources(sources, now: Fixtures.t0)
        var counts: [Counts] = []
        var ids: [Int64] = []
        for fetch in fetches {
            let summary = try await store.record(fetch, fencedBy: nil)
            counts.append(Counts(summary))
            ids += summary.mentionIDs
        }
        let stored = try await store.mentions(ids: ids).map {
            Stored(
                story: $0.link ?? $0.title ?? "", brand: $0.brand, label: $0.label.rawValue, carriers: $0.carriers,
                source: $0.sourceURL)
        }
        return (counts, stored.sorted(), try await store.mentionCounts())
    }

    @Test(arguments: TestStore.available)
    func theSameFetchesStoreTheSameStories(kind: TestStore) async throws {
        let reference = try await Self.run(Self.fetches, on: try VigieDatabase.inMemory())
        // What the rules give, written out: 6 stories (the outage, tariffs, Free's shops beside them on the home
        // page, the wire story, Bouygues, the complaint), the outage with two brands, 7 mentions.
        #expect(
            reference.counts.map(\.new) == [4, 1, 1, 0, 0, 0]
                && reference.counts.map(\.acrossSources) == [0, 3, 0, 0, 0, 0],
            "\(reference.counts)")
        #expect(reference.counts[0].empty == 1 && reference.counts[3].withinSource == 4)
        #expect(reference.stored.count == 7, "\(reference.stored)")
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            let observed = try await Self.run(Self.fetches, on: store)
            #expect(observed.counts == reference.counts)
            #expect(observed.stored == reference.stored)
            #expect(observed.byBrand == reference.byBrand)
            let sources = try await store.sources()
            #expect(sources.map(\.entriesCount) == [4, 4, 1], "\(sources)")
            #expect(sources.map(\.lastStatus) == [200, 304, 503])
            #expect(sources[2].lastError == "HTTP 503" && sources[2].consecutiveFailures == 1)
            let unseen = try await store.unseenEntries(
                Self.fetches[0].entries.map(\.entry) + [Fixtures.entry(id: "a-new", text: "Nouvelle histoire Orange.")],
                sourceURL: "https://a.example/feed")
            #expect(unseen == [5])
        }
    }

    @Test(arguments: TestStore.available)
    func twoRecordersOfOneStoryStoreItOnce(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let first = try await place.open()
            let second = try await place.open()
            try await first.syncSources(Self.sources, now: Fixtures.t0)
            // Each round, two sources carry the same 24 stories, in opposite orders, recorded at once by two
            // workers (two connections on PostgreSQL).
            for round in 0..<4 {
                let stories = Fixtures.stories(24, prefix: "round\(round)")
                async let a = first.record(
                    Fixtures.fetch(
                        "https://a.example/feed", at: Fixtures.t0.addingTimeInterval(Double(round) * 900), stories),
                    fencedBy: nil)
                async let b = second.record(
                    Fixtures.fetch(
                        "https://b.example/feed", at: Fixtures.t0.addingTimeInterval(Double(round) * 900),
                        Array(stories.reversed())),
                    fencedBy: nil)
                let (summaryA, summaryB) = try await (a, b)
                #expect(summaryA.newEntries + summaryB.newEntries == 24, "round \(round): \(summaryA), \(summaryB)")
                #expect(summaryA.duplicatesAcrossSources + summaryB.duplicatesAcrossSources == 24)
                let rows = try await first.mentions(ids: summaryA.mentionIDs + summaryB.mentionIDs)
                #expect(rows.count == 24 && rows.allSatisfy { $0.carriers == 2 })
            }
            let counts = try await second.mentionCounts()
            #expect(counts.map(\.total) == [96], "\(counts)")
        }
    }

    @Test(arguments: TestStore.available)
    func aLeaseFencedAfterExpiryRefusesTheWrite(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let late = try await place.open()
            let other = try await place.open()
            try await late.syncSources(Self.sources, now: Fixtures.t0)
            let t0 = Fixtures.t0
            let expired = try await late.leaseHosts(holder: "late", duration: .zero, limit: 10, now: t0)
            #expect(expired.map(\.host) == ["a.example", "b.example", "c.example"])
            let fetch = Fixtures.fetch("https://a.example/feed", at: t0, Fixtures.stories(3))

            // Expired and not taken over: still refused.
            await #expect(throws: StoreError.self) { try await late.record(fetch, fencedBy: expired[0]) }
            // Taken over by another worker, whose lease holds: the late worker's write is refused, the other's is not.
            let taken = try await other.leaseHosts(holder: "other", duration: .seconds(300), limit: 1, now: t0)
            #expect(taken.map(\.host) == ["a.example"] && taken[0].token != expired[0].token)
            do {
                _ = try await late.record(fetch, fencedBy: expired[0])
                Issue.record("a write under a lost lease went through")
            } catch let error as StoreError {
                #expect(error.code == .leaseLost && error.reason.contains("a.example"), "\(error)")
            }
            #expect(try await late.source(url: "https://a.example/feed")?.lastFetchAt == nil)
            #expect(try await late.mentionCounts().isEmpty)
            // A lease only fences its own host's sources.
            await #expect(throws: StoreError.self) {
                try await other.record(Fixtures.fetch("https://b.example/feed", at: t0), fencedBy: taken[0])
            }
            // While it holds, nobody else gets the host; its holder's write goes in.
            #expect(
                try await late.leaseHosts(holder: "late", duration: .seconds(300), limit: 1, now: t0).map(\.host) == [
                    "b.example"
                ])
            let summary = try await other.record(fetch, fencedBy: taken[0])
            #expect(summary.newEntries == 3)
            #expect(try await other.dueSources(of: taken[0], now: t0).isEmpty)
            try await other.releaseLease(taken[0])
        }
    }

    @Test(arguments: TestStore.available)
    func aLeaseIsRenewedWhileItHoldsOnly(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            try await store.syncSources(Self.sources, now: Fixtures.t0)
            let t0 = Fixtures.t0
            let leases = try await store.leaseHosts(holder: "w", duration: .seconds(60), limit: 2, now: t0)
            let held = try #require(leases.first)
            let renewed = try #require(
                try await store.renewLease(held, duration: .seconds(600), now: t0.addingTimeInterval(30)))
            #expect(renewed.token == held.token && renewed.expires > held.expires)
            // The renewed lease still fences its host's writes in.
            let summary = try await store.record(
                Fixtures.fetch(
                    held.host == "a.example" ? "https://a.example/feed" : "https://b.example/feed",
                    at: t0.addingTimeInterval(30), Fixtures.stories(2)),
                fencedBy: renewed)
            #expect(summary.newEntries == 2)
            // An expired lease is not renewed: it may belong to another worker already.
            let expired = try #require(
                try await store.leaseHosts(holder: "w", duration: .zero, limit: 1, now: t0).first)
            #expect(try await store.renewLease(expired, duration: .seconds(600), now: t0) == nil)
        }
    }

    @Test(arguments: TestStore.available)
    func fourConcurrentMigrationsApplyEachOnce(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store = try await place.open(migrated: false)
                        let names = try await store.migrate()
                        try await store.checkSchema()
                        return names
                    }
                }
                var all: [String] = []
                for try await names in group { all += names }
                return all
            }
            let names = try kind.migrationNames
            #expect(applied.sorted() == names.sorted(), "\(applied)")
            if kind == .postgres {
                let rows = try await place.execute("SELECT count(*) FROM {schema}.vigie_migration")
                #expect(try rows.first?.decode(Int.self) == names.count)
            }
        }
    }

    /// `vigie watch` on PostgreSQL refuses a schema other than its own, and says what to run.
    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func aSchemaOtherThanOursIsRefused() async throws {
        try await StorePlace.with(.postgres) { place in
            let store = try await place.open(migrated: false)
            do {
                try await store.checkSchema()
                Issue.record("an empty database passed the schema check")
            } catch let error as StoreError {
                #expect(error.code == .olderSchema && error.reason.contains("vigie migrate"), "\(error)")
            }
            #expect(try await store.migrate() == PostgresStore.migrationNames)
            try await place.execute("DELETE FROM {schema}.vigie_migration WHERE version = 2")
            await #expect(throws: StoreError.self) { try await store.checkSchema() }
            try await place.execute(
                "INSERT INTO {schema}.vigie_migration (version, name) VALUES (2, 'x'), (99, '0099-future')")
            do {
                try await store.checkSchema()
                Issue.record("a newer schema passed the schema check")
            } catch let error as StoreError {
                #expect(error.code == .newerSchema && error.reason.contains("upgrade Vigie"), "\(error)")
            }
            await #expect(throws: StoreError.self) { try await store.migrate() }
        }
    }
}
