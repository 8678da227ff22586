import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// The operations of `TriageStore` (what `vigie serve` writes and counts) on both stores: the fetches of
/// ``ReadStoreConformanceTests`` recorded into a SQLite reference and into the store under test, the same triage
/// applied to both, and every read compared with the reference and with what is counted here from the listings.
/// PostgreSQL runs when `VIGIE_TEST_POSTGRES_URL` is set (see ``TestStore``).
@Suite(.dedicatedThread) struct TriageStoreConformanceTests {
    /// The store under test and the SQLite reference, both holding ``ReadStoreConformanceTests/fetches``.
    static func withStores(
        _ kind: TestStore, _ body: (any TriageStore, VigieDatabase) async throws -> Void
    ) async throws {
        let reference = try VigieDatabase.inMemory()
        try await ReadStoreConformanceTests.record(into: reference)
        try await StorePlace.with(kind) { place in
            let store = try #require(try await place.open() as? any TriageStore)
            try await ReadStoreConformanceTests.record(into: store)
            try await body(store, reference)
        }
    }

    /// Every timeline of `store` (each width, two zones) equals the one counted here from its listing and the
    /// reference's.
    static func expectTimelinesFollow(
        _ store: any TriageStore, _ reference: VigieDatabase, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var rows: [MentionRow] = []
        try await store.forEachMention(MentionFilter()) { rows.append($0) }
        for width in TimelineBucket.Width.allCases {
            for zone in [TimeZone.gmt, TimeZone(identifier: "Asia/Kolkata")!] {
                let timeline = try await store.timeline(MentionFilter(), bucket: width, timeZone: zone)
                #expect(
                    timeline == ReadStoreConformanceTests.counted(rows, width: width, zone: zone),
                    "\(width) in \(zone.identifier)", sourceLocation: sourceLocation)
                #expect(
                    timeline == (try reference.timeline(MentionFilter(), bucket: width, timeZone: zone)),
                    "\(width) in \(zone.identifier)", sourceLocation: sourceLocation)
            }
        }
        let counted = try await store.mentionCounts()
        #expect(try await store.recordedMentionCounts() == counted, sourceLocation: sourceLocation)
        #expect(counted == (try reference.recordedMentionCounts()), sourceLocation: sourceLocation)
    }

    @Test(arguments: TestStore.available)
    func aRelabelMovesTheMentionToItsNewLabelInTimelinesAndTotals(kind: TestStore) async throws {
        try await Self.withStores(kind) { store, reference in
            let orange = MentionFilter(brands: ["Orange"])
            let rows = try await store.mentions(orange)
            let index = try #require(rows.firstIndex { $0.label == .neutral })
            let (id, referenceID) = (rows[index].id, try reference.mentions(orange)[index].id)
            let negative = MentionFilter(label: .negative)
            let negatives = try await store.mentionTotal(negative, cap: nil)

            let relabelled = try await store.relabel(mentionID: id, to: .negative)
            #expect(relabelled.label == .negative && relabelled.scorerLabel == .neutral && relabelled.isRelabelled)
            _ = try reference.relabel(mentionID: referenceID, to: .negative)
            #expect(try await store.mentionTotal(negative, cap: nil) == negatives + 1)
            #expect(try await store.mentions(negative).contains { $0.id == id })
            try await Self.expectTimelinesFollow(store, reference)

            // A second manual label keeps the scorer's, not the first manual one.
            #expect(try await store.relabel(mentionID: id, to: .positive).scorerLabel == .neutral)
            _ = try reference.relabel(mentionID: referenceID, to: .positive)
            try await Self.expectTimelinesFollow(store, reference)

            // Back to the scorer's: the counts are those of the start.
            let back = try await store.relabel(mentionID: id, to: nil)
            #expect(back.label == .neutral && back.scorerLabel == nil && !back.isRelabelled)
            _ = try reference.relabel(mentionID: referenceID, to: nil)
            #expect(try await store.mentionTotal(negative, cap: nil) == negatives)
            try await Self.expectTimelinesFollow(store, reference)

            let missing = await #expect(throws: StoreError.self) {
                _ = try await store.relabel(mentionID: 999_999, to: .negative)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: TestStore.available)
    func readMarksAndUnreadTotals(kind: TestStore) async throws {
        try await Self.withStores(kind) { store, reference in
            func unread(_ brands: [String]) -> MentionFilter {
                var filter = MentionFilter(brands: brands)
                filter.unreadOnly = true
                return filter
            }
            let orange = try await store.mentions(MentionFilter(brands: ["Orange"]))
            let everyone = try await store.mentionTotal(MentionFilter(), cap: nil)
            #expect(try await store.mentionTotal(unread(["Orange"]), cap: nil) == orange.count)
            #expect(try await store.mentionTotal(unread([]), cap: nil) == everyone)

            // "Mark all read up to here" at the 11th newest: it and every older one, the newer ones left.
            let until = orange[10].time
            let older = orange.filter { $0.time <= until }.count
            #expect(older >= 11 && older < orange.count)
            #expect(try await store.markRead(brands: ["Orange"], until: until) == older)
            #expect(try reference.markRead(brands: ["Orange"], until: until) == older)
            #expect(try await store.markRead(brands: ["Orange"], until: until) == 0)
            #expect(try await store.markRead(brands: ["Nobody"], until: until.addingTimeInterval(86_400 * 30)) == 0)
            #expect(try await store.mentionTotal(unread(["Orange"]), cap: nil) == orange.count - older)
            #expect(try await store.mentionTotal(unread([]), cap: nil) == everyone - older)
            #expect(try await store.mentionTotal(unread(["Orange"]), cap: 3) == 3)

            // One at a time, both ways.
            #expect(try await store.setRead(mentionID: orange[0].id, true).read)
            #expect(try await store.mentionTotal(unread(["Orange"]), cap: nil) == orange.count - older - 1)
            #expect(try await store.setRead(mentionID: orange[20].id, false).read == false)
            #expect(try await store.mentionTotal(unread(["Orange"]), cap: nil) == orange.count - older)
            _ = try reference.setRead(mentionID: try reference.mentions(MentionFilter(brands: ["Orange"]))[0].id, true)
            _ = try reference.setRead(
                mentionID: try reference.mentions(MentionFilter(brands: ["Orange"]))[20].id, false)
            for filter in [unread(["Orange"]), unread([]), unread(["Free", "Bouygues"])] {
                #expect(
                    try await store.mentions(filter).map(ReadStoreConformanceTests.comparable)
                        == (try reference.mentions(filter)).map(ReadStoreConformanceTests.comparable))
                #expect(try await store.mentionTotal(filter, cap: nil) == (try reference.mentionTotal(filter)))
            }
            let missing = await #expect(throws: StoreError.self) {
                _ = try await store.setRead(mentionID: 999_999, true)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: TestStore.available)
    func anAlertByIdAndAnOperatorsRetryOfItsDeliveries(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try #require(try await place.open() as? any TriageStore)
            let id = try #require(
                try await store.insertAlert(AlertStoreConformanceTests.alert(), sinks: ["ops", "slack"], fencedBy: nil))
            var critical = AlertStoreConformanceTests.alert(bucket: Fixtures.t0 + 3_600, brand: "Free")
            critical.severity = .critical
            let other = try #require(try await store.insertAlert(critical, sinks: ["ops"], fencedBy: nil))
            #expect(
                try await store.alert(id: id) == (try await store.alerts(brand: "Orange", since: nil, limit: nil)).first
            )
            #expect(try await store.alert(id: other)?.severity == .critical)
            #expect(try await store.alert(id: 999_999) == nil)
            #expect(try await store.pendingDeliveryCounts() == ["ops": 2, "slack": 1])

            // ops delivered, slack failed for good; the other alert's delivery stays pending.
            let now = Fixtures.t0 + 3 * 3_600
            for attempt in try await store.claimDueDeliveries(now: now, retryAt: [now + 60], limit: 10)
            where attempt.delivery.alert.id == id {
                let outcome: DeliveryOutcome = attempt.delivery.sink == "ops" ? .delivered : .failed(error: "HTTP 410")
                #expect(try await store.settle(attempt, as: outcome, at: now + 1))
            }
            #expect(try await store.pendingDeliveryCounts() == ["ops": 1, "slack": 0])

            #expect(try await store.retryDeliveries(alertID: id, at: now + 500) == 2)
            let requeued = try #require(try await store.deliveries(alertIDs: [id])[id])
            #expect(requeued.map(\.sink) == ["ops", "slack"])
            #expect(
                requeued.allSatisfy {
                    $0.status == .pending && $0.attempts == 0 && $0.nextAttemptAt == now + 500 && $0.deliveredAt == nil
                })
            #expect(try await store.pendingDeliveryCounts() == ["ops": 2, "slack": 1])
            // Due at the retry's time, not before.
            #expect(
                try await store.claimDueDeliveries(now: now + 499, retryAt: [now + 900], limit: 10)
                    .allSatisfy { $0.delivery.alert.id != id })
            #expect(try await store.claimDueDeliveries(now: now + 500, retryAt: [now + 900], limit: 10).count == 2)

            let missing = await #expect(throws: StoreError.self) {
                _ = try await store.retryDeliveries(alertID: 999_999, at: now)
            }
            #expect(missing?.code == .notFound)
            let counts = try await store.alertCounts().map { "\($0.brand) \($0.severity.rawValue) \($0.count)" }
            #expect(counts == ["Free critical 1", "Orange warning 1"])
        }
    }

    /// 40 stories of Orange over two sources whose terms weigh unevenly ("panne" most, "tarif" and "retard" tied).
    static var termFetches: [FetchRecord] {
        let terms = [["panne", "retard"], ["panne"], ["tarif"], ["panne", "tarif", "panne"], ["réseau", "retard"]]
        var bySource: [[ScoredEntry]] = [[], []]
        for index in 0..<40 {
            let time = Fixtures.t0.addingTimeInterval(TimeInterval(index * 977))
            let mention = BrandMention(
                brand: "Orange", matchedTerms: ["orange"], sentiment: Fixtures.sentiment(.negative),
                topTerms: terms[index % terms.count])
            let entry = Fixtures.entry(
                id: "t-\(index)", link: "https://news.example/t/\(index)", title: "Orange \(index)",
                text: "Orange, histoire \(index).", published: time)
            bySource[index % 3 == 0 ? 1 : 0].append(ScoredEntry(entry: entry, mentions: [mention]))
        }
        return [
            Fixtures.fetch(ReadStoreConformanceTests.sources[0].url, at: Fixtures.t0 + 50_000, bySource[0]),
            Fixtures.fetch(ReadStoreConformanceTests.sources[1].url, at: Fixtures.t0 + 50_060, bySource[1]),
        ]
    }

    @Test(arguments: TestStore.available)
    func theTermsAndSourcesOfTheNewestMentions(kind: TestStore) async throws {
        let reference = try VigieDatabase.inMemory()
        try reference.syncSources(ReadStoreConformanceTests.sources, now: Fixtures.t0)
        for fetch in Self.termFetches { _ = try reference.record(fetch) }
        try await StorePlace.with(kind) { place in
            let store = try #require(try await place.open() as? any TriageStore)
            try await store.syncSources(ReadStoreConformanceTests.sources, now: Fixtures.t0)
            for fetch in Self.termFetches { _ = try await store.record(fetch, fencedBy: nil) }
            for (filter, sample) in [
                (MentionFilter(), 2_000), (MentionFilter(brands: ["Orange"]), 7),
                (MentionFilter(source: ReadStoreConformanceTests.sources[1].url), 9),
                (MentionFilter(brands: ["Free"]), 100),
            ] {
                let summary = try await store.sampleSummary(filter, sample: sample, terms: 3, sources: 5)
                let terms = summary.terms.map { "\($0.term)=\($0.count)" }
                let sources = summary.sources.map { "\($0.url) \($0.name)=\($0.count)" }
                let expected = try reference.sampleSummary(filter, sample: sample, terms: 3, sources: 5)
                #expect(terms == expected.terms.map { "\($0.term)=\($0.count)" }, "\(filter)")
                #expect(sources == expected.sources.map { "\($0.url) \($0.name)=\($0.count)" }, "\(filter)")

                // Counted here from the newest `sample` mentions: each term once per mention, most first, ties
                // by name.
                var limited = filter
                limited.limit = sample
                let rows = try await store.mentions(limited)
                var counts: [String: Int] = [:]
                for row in rows { for term in Set(row.topTerms) { counts[term, default: 0] += 1 } }
                let oracle = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map {
                    "\($0.key)=\($0.value)"
                }
                #expect(terms == oracle, "\(filter)")
                #expect(summary.sources.reduce(0) { $0 + $1.count } == rows.count, "\(filter)")
            }
            let whole = try await store.sampleSummary(MentionFilter(), sample: 2_000, terms: 10, sources: 10)
            #expect(whole.terms.map(\.term) == ["panne", "retard", "tarif", "réseau"])
            #expect(whole.terms.map(\.count) == [24, 16, 16, 8])
            #expect(whole.sources.map(\.count) == [26, 14])
        }
    }

    @Test(arguments: TestStore.available)
    func theMetricsCounts(kind: TestStore) async throws {
        try await Self.withStores(kind) { store, reference in
            let url = ReadStoreConformanceTests.sources[0].url
            for fetch in [
                Fixtures.fetch(url, at: Fixtures.t0 + 950_000, outcome: .notModified),
                Fixtures.fetch(url, at: Fixtures.t0 + 951_000, outcome: .failed(status: 503, error: "HTTP 503")),
                Fixtures.fetch(url, at: Fixtures.t0 + 952_000, outcome: .failed(status: nil, error: "timed out")),
            ] {
                _ = try await store.record(fetch, fencedBy: nil)
                _ = try reference.record(fetch)
            }
            // The three fetches of the fixture, then these.
            #expect(try await store.fetchCounts() == ["fetched": 3, "not_modified": 1, "failed": 2])
            #expect(try await store.fetchCounts() == (try reference.fetchCounts()))
            try await Self.expectTimelinesFollow(store, reference)
            #expect(try await store.recordedMentionCounts().reduce(0) { $0 + $1.total } == 103)
            #expect(try await store.alertCounts().isEmpty)
            #expect(try await store.pendingDeliveryCounts().isEmpty)
        }
    }
}
