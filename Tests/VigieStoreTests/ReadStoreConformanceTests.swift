import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// The reads of `ReadStore` on both stores (issue 16): the same fetches recorded into a SQLite store and into
/// the store under test give the same listings, totals, exports, timelines and time ranges, and each timeline
/// is the one counted here mention by mention. PostgreSQL runs when `VIGIE_TEST_POSTGRES_URL` is set (see
/// ``TestStore``; `WatchStoreConformanceTests` says how when it is not).
@Suite(.dedicatedThread) struct ReadStoreConformanceTests {
    static let sources = ["https://a.example/feed", "https://b.example/feed", "https://c.example/news"].map {
        SourceDefinition(url: $0, name: URL(string: $0)!.host!, kind: "rss")
    }
    static let brands = ["Orange", "Free", "Bouygues"]

    /// 90 stories over ten days at irregular seconds (several in one quarter hour, some at a quarter hour's
    /// very start), three brands, both languages, every label, scores that are not round; source a carries
    /// the even ones, b the odd ones, and c copies of every fifth (a second carrier); every seventh names two
    /// brands; some say "panne".
    static var fetches: [FetchRecord] {
        var bySource: [String: [ScoredEntry]] = [:]
        for index in 0..<90 {
            let time = Fixtures.t0.addingTimeInterval(TimeInterval(index * 9_613 % 864_000 + (index % 4 == 0 ? 0 : 47)))
            let language: Language = index % 4 == 1 ? .english : .french
            let labels: [Sentiment.Label] = [.negative, .neutral, .positive, .negative, .neutral]
            var mentions: [BrandMention] = []
            for (offset, brand) in ([brands[index % 3]] + (index % 7 == 0 ? [brands[(index + 1) % 3]] : []))
                .enumerated()
            {
                let label = labels[(index + offset) % 5]
                let score = Double((index * 37 + offset * 11) % 200 - 100) / 101
                mentions.append(
                    BrandMention(
                        brand: brand, matchedTerms: [brand.lowercased()],
                        sentiment: Sentiment(
                            language: language, score: score, label: label, positive: 0.2, negative: 0.3,
                            neutral: 0.5), topTerms: label == .negative ? ["panne"] : []))
            }
            let entry = Fixtures.entry(
                id: "story-\(index)", link: "https://news.example/\(index)", title: "Histoire \(index)",
                text: (index % 6 == 0 ? "Panne " : "Annonce ")
                    + "numéro \(index) : \(mentions.map(\.brand).joined(separator: " et ")) cette semaine.",
                published: time)
            bySource[sources[index % 2].url, default: []].append(ScoredEntry(entry: entry, mentions: mentions))
            if index % 5 == 0 {
                let copy = Fixtures.entry(id: "copy-\(index)", link: entry.link, text: entry.text, published: time)
                bySource[sources[2].url, default: []].append(ScoredEntry(entry: copy, mentions: mentions))
            }
        }
        return sources.enumerated().map { position, source in
            Fixtures.fetch(
                source.url, at: Fixtures.t0.addingTimeInterval(900_000 + Double(position) * 60),
                bySource[source.url] ?? [])
        }
    }

    /// The filters every read is tried with: none, each kind of condition alone, and ranges that cut quarter
    /// hours, with and without mentions in the parts cut.
    static var filters: [MentionFilter] {
        let t0 = Fixtures.t0
        var filters = [
            MentionFilter(),
            MentionFilter(brands: ["Orange"]),
            MentionFilter(brands: ["Free", "Bouygues"], label: .negative),
            MentionFilter(label: .positive),
            MentionFilter(since: t0.addingTimeInterval(7 * 900 + 123), until: t0.addingTimeInterval(5 * 86_400 + 451)),
            MentionFilter(brands: ["Orange"], since: t0.addingTimeInterval(3 * 86_400)),
            // Cutting the quarter hours of story 1 (60 s after `since`) and story 50 (103 s before `until`).
            MentionFilter(since: t0.addingTimeInterval(9_600), until: t0.addingTimeInterval(480_800)),
            MentionFilter(until: t0.addingTimeInterval(86_400 + 900)),
            MentionFilter(source: "https://c.example/news"),
            MentionFilter(language: .english),
            MentionFilter(brands: ["Nobody"]),
            MentionFilter(
                since: t0.addingTimeInterval(2 * 86_400 + 100), until: t0.addingTimeInterval(2 * 86_400 + 400)),
        ]
        var text = MentionFilter()
        text.text = "PANNE"
        filters.append(text)
        var page = MentionFilter(brands: ["Orange", "Free"])
        page.limit = 7
        page.offset = 5
        filters.append(page)
        return filters
    }

    static let zones = ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Paris"].map { TimeZone(identifier: $0)! }

    /// A mention as both stores must give it: everything but the ids the store chose.
    static func comparable(_ row: MentionRow) -> MentionRow {
        var row = row
        row.id = 0
        row.entryID = 0
        return row
    }

    /// A timeline counted here, mention by mention, from a listing: what every store's timeline must be.
    static func counted(_ rows: [MentionRow], width: TimelineBucket.Width, zone: TimeZone) -> [TimelineBucket] {
        var calendar = BucketCalendar(width: width, timeZone: zone)
        var sums: [String: (start: Date, brand: String, total: Int, negative: Int, positive: Int, nanos: Int64)] = [:]
        for row in rows {
            let start = calendar.interval(containing: row.time).start
            let key = "\(row.brand)|\(start.timeIntervalSince1970)"
            var sum = sums[key] ?? (start, row.brand, 0, 0, 0, 0)
            sum.total += 1
            sum.negative += row.label == .negative ? 1 : 0
            sum.positive += row.label == .positive ? 1 : 0
            sum.nanos += Int64((row.score * 1e9).rounded())
            sums[key] = sum
        }
        return sums.values.map {
            TimelineBucket(
                brand: $0.brand, start: $0.start, total: $0.total, negative: $0.negative,
                neutral: $0.total - $0.negative - $0.positive, positive: $0.positive,
                meanScore: Double($0.nanos) / 1e9 / Double($0.total))
        }.sorted { ($0.brand, $0.start) < ($1.brand, $1.start) }
    }

    static func record(into store: any WatchStore) async throws {
        try await store.syncSources(sources, now: Fixtures.t0)
        for fetch in fetches { _ = try await store.record(fetch, fencedBy: nil) }
    }

    static func allMentions(_ store: any ReadStore, _ filter: MentionFilter, inTimeOrder: Bool = false) async throws
        -> [MentionRow]
    {
        var rows: [MentionRow] = []
        if inTimeOrder {
            try await store.forEachMentionInTimeOrder(filter) { rows.append($0) }
        } else {
            try await store.forEachMention(filter) { rows.append($0) }
        }
        return rows
    }

    @Test(arguments: TestStore.available)
    func theSameMentionsReadTheSame(kind: TestStore) async throws {
        let reference = try VigieDatabase.inMemory()
        try await Self.record(into: reference)
        // What the fixture holds, written out: 90 stories, 13 with two brands, 18 carried by c too.
        #expect(try reference.mentionTotal(MentionFilter()) == 103)
        #expect(try reference.mentionTotal(MentionFilter(source: "https://c.example/news")) == 21)
        try await StorePlace.with(kind) { place in
            let store = try #require(try await place.open() as? any ReadStore)
            try await Self.record(into: store)
            for filter in Self.filters {
                let listed = try await store.mentions(filter)
                #expect(
                    listed.map(Self.comparable) == (try reference.mentions(filter)).map(Self.comparable),
                    "listing \(filter)")
                let total = try await store.mentionTotal(filter, cap: nil)
                #expect(total == (try reference.mentionTotal(filter)), "total \(filter)")
                #expect(try await store.mentionTotal(filter, cap: 4) == min(4, total), "capped total \(filter)")

                var whole = filter
                whole.limit = nil
                whole.offset = nil
                let inTime = try await Self.allMentions(store, whole)
                #expect(inTime.count == total && inTime.map(\.time) == inTime.map(\.time).sorted(), "\(filter)")
                var expected: [MentionRow] = []
                try reference.forEachMention(whole) { expected.append($0) }
                #expect(inTime.map(Self.comparable) == expected.map(Self.comparable), "export \(filter)")
                #expect(
                    try await Self.allMentions(store, whole, inTimeOrder: true).map(Self.comparable)
                        == inTime.map(Self.comparable))
                whole.inStoredOrder = true
                #expect(
                    Set(try await Self.allMentions(store, whole).map(Self.comparable))
                        == Set(inTime.map(Self.comparable)))

                let range = try await store.mentionTimeRange(filter)
                #expect(range == (try reference.mentionTimeRange(filter)), "range \(filter)")
                let ends = inTime.first.map { [$0.time, inTime[inTime.count - 1].time] }
                #expect(range.map { [$0.lowerBound, $0.upperBound] } == ends, "range \(filter)")

                for width in TimelineBucket.Width.allCases {
                    for zone in Self.zones {
                        let timeline = try await store.timeline(whole, bucket: width, timeZone: zone)
                        let oracle = Self.counted(inTime, width: width, zone: zone)
                        #expect(timeline == oracle, "\(width) in \(zone.identifier), \(filter)")
                        #expect(
                            timeline == (try reference.timeline(whole, bucket: width, timeZone: zone)),
                            "\(width) in \(zone.identifier), \(filter)")
                    }
                }
            }
            let sources = try await store.sources()
            #expect(sources.map(\.entriesCount) == [45, 45, 18] && sources.map(\.mentionsCount) == [52, 51, 21])
            #expect(
                sources
                    == (try reference.sources()).map { state in
                        var state = state
                        state.nextPollAt = sources.first { $0.url == state.url }?.nextPollAt
                        return state
                    })
        }
    }
}
