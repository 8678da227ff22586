import Foundation
import PostgresNIO
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// The operations of `AlertStore` on both stores (issue 16): what several leaders or senders do at once stays
/// right (an alert stored once with one set of deliveries, a delivery claimed by one sender, a stale attempt's
/// outcome refused), the leader lease counts its terms and fences the old leader out, and the detector is handed
/// every mention once, in the order transactions ended rather than the order ids were taken.
@Suite(.dedicatedThread) struct AlertStoreConformanceTests {
    static let source = "https://a.example/feed"

    static func alert(bucket: Date = Fixtures.t0, brand: String = "Orange") -> StoredAlert {
        StoredAlert(
            brand: brand, kind: .negativeSpike, severity: .warning, bucketStart: bucket, bucketSeconds: 3_600,
            raisedAt: bucket + 3_700, count: 40, negativeCount: 31, baseline: 4.5, share: 0.775,
            explanation: #"{"terms":["panne"]}"#)
    }

    /// The alerts a timeline, an export or a chart marks: by brand, bucket start in `[since, until)`, oldest first.
    @Test(arguments: TestStore.available)
    func theAlertsATimelineMarksAreReadByBrandAndBucket(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            let reads = try #require(store as? any ReadStore)
            for (hour, brand) in [(0, "Orange"), (1, "Free"), (2, "Orange"), (3, "Orange")] {
                _ = try await store.insertAlert(
                    Self.alert(bucket: Fixtures.t0 + Double(hour) * 3_600, brand: brand), sinks: [], fencedBy: nil)
            }
            func hours(_ brands: [String], _ since: Date?, _ until: Date?) async throws -> [String] {
                try await reads.alerts(brands: brands, since: since, until: until).map {
                    "\($0.brand)@\(Int($0.bucketStart.timeIntervalSince(Fixtures.t0)) / 3_600)"
                }
            }
            #expect(try await hours([], nil, nil) == ["Orange@0", "Free@1", "Orange@2", "Orange@3"])
            #expect(try await hours(["Orange"], Fixtures.t0 + 1, nil) == ["Orange@2", "Orange@3"])
            // The end is exclusive, and a fractional end counts the second it falls in.
            #expect(try await hours(["Orange", "Free"], nil, Fixtures.t0 + 7_200) == ["Orange@0", "Free@1"])
            #expect(try await hours(["Free"], nil, Fixtures.t0 + 3_599.5) == [])
            #expect(try await hours(["Orange"], nil, Fixtures.t0 + 7_199.5) == ["Orange@0"])
            #expect(try await hours(["Free"], nil, Fixtures.t0 + 3_600.2) == ["Free@1"])
        }
    }

    @Test(arguments: TestStore.available)
    func anAlertRaisedByTwoLeadersAtOnceIsStoredOnceWithOneSetOfDeliveries(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let first = try await place.open()
            let second = try await place.open()
            for round in 0..<4 {
                let alert = Self.alert(bucket: Fixtures.t0 + Double(round) * 3_600)
                async let a = first.insertAlert(alert, sinks: ["ops", "slack"], fencedBy: nil)
                async let b = second.insertAlert(alert, sinks: ["ops", "slack"], fencedBy: nil)
                let ids = try await [a, b]
                #expect(ids.compactMap { $0 }.count == 1, "round \(round): \(ids)")
            }
            let alerts = try await first.alerts(brand: "Orange", since: nil, limit: nil)
            #expect(alerts.map(\.bucketStart) == (0..<4).reversed().map { Fixtures.t0 + Double($0) * 3_600 })
            #expect(alerts[0].explanation == #"{"terms":["panne"]}"# && alerts[0].share == 0.775)
            let deliveries = try await second.deliveries(alertIDs: alerts.compactMap(\.id))
            #expect(deliveries.count == 4 && deliveries.values.allSatisfy { $0.map(\.sink) == ["ops", "slack"] })
            #expect(Set(deliveries.values.flatMap { $0.map(\.idempotencyKey) }).count == 8)
            #expect(try await first.alerts(brand: nil, since: Fixtures.t0 + 3_601, limit: 1).count == 1)
            #expect(try await first.alerts(brand: "Free", since: nil, limit: nil).isEmpty)
        }
    }

    @Test(arguments: TestStore.available)
    func deliveriesClaimedByTwoSendersAtOnceGoToOne(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let first = try await place.open()
            let second = try await place.open()
            for hour in 0..<6 {
                _ = try await first.insertAlert(
                    Self.alert(bucket: Fixtures.t0 + Double(hour) * 3_600), sinks: ["ops", "slack"], fencedBy: nil)
            }
            let now = Fixtures.t0 + 30 * 3_600
            let retryAt = [now + 30, now + 60]
            async let a = first.claimDueDeliveries(now: now, retryAt: retryAt, limit: 7)
            async let b = second.claimDueDeliveries(now: now, retryAt: retryAt, limit: 7)
            let (one, two) = try await (a, b)
            let ids = (one + two).map(\.delivery.id)
            #expect(ids.count == 12 && Set(ids).count == 12, "\(one.count) + \(two.count)")
            #expect((one + two).allSatisfy { $0.number == 1 && $0.retryAt == now + 30 && $0.delivery.attempts == 0 })
            // Counted in the claim: none is due again before its retry, and the outbox shows the attempt.
            #expect(try await first.claimDueDeliveries(now: now + 29, retryAt: retryAt, limit: 20).isEmpty)
            let alerts = try await first.alerts(brand: nil, since: nil, limit: nil)
            let listed = try await first.deliveries(alertIDs: alerts.compactMap(\.id)).values.flatMap { $0 }
            #expect(listed.count == 12 && listed.allSatisfy { $0.attempts == 1 && $0.status == .pending })
        }
    }

    @Test(arguments: TestStore.available)
    func aStaleAttemptsOutcomeIsRefused(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            let id = try #require(try await store.insertAlert(Self.alert(), sinks: ["ops"], fencedBy: nil))
            let now = Fixtures.t0 + 3_700
            let first = try #require(
                try await store.claimDueDeliveries(now: now, retryAt: [now + 30, now + 60], limit: 10).first)
            // The first sender stalls past the retry; a second attempt is claimed.
            let second = try #require(
                try await store.claimDueDeliveries(now: now + 30, retryAt: [now + 60, now + 90], limit: 10).first)
            #expect(second.delivery.id == first.delivery.id && second.number == 2 && second.retryAt == now + 90)
            #expect(try await store.settle(first, as: .delivered, at: now + 31) == false)
            #expect(try await store.deliveries(alertIDs: [id])[id]?.first?.status == .pending)
            #expect(try await store.settle(second, as: .retry(error: "HTTP 503"), at: now + 32))
            let retried = try #require(try await store.deliveries(alertIDs: [id])[id]?.first)
            #expect(retried.attempts == 2 && retried.lastError == "HTTP 503" && retried.nextAttemptAt == now + 90)
            // An abandoned attempt is taken back: the count and dates as they were, due again at once.
            let third = try #require(
                try await store.claimDueDeliveries(now: now + 90, retryAt: [now + 200], limit: 10).first)
            #expect(try await store.settle(third, as: .abandoned, at: now + 91))
            let back = try #require(try await store.deliveries(alertIDs: [id])[id]?.first)
            #expect(back.attempts == 2 && back.nextAttemptAt == now + 90 && back.lastError == "HTTP 503")
            let fourth = try #require(
                try await store.claimDueDeliveries(now: now + 90, retryAt: [now + 200], limit: 10).first)
            #expect(try await store.settle(fourth, as: .failed(error: "gone"), at: now + 92))
            #expect(try await store.settle(fourth, as: .delivered, at: now + 93) == false)
            let failed = try #require(try await store.deliveries(alertIDs: [id])[id]?.first)
            #expect(failed.status == .failed && failed.attempts == 3 && failed.lastError == "gone")
        }
    }

    @Test(arguments: TestStore.available)
    func theLeaderLeaseCountsTermsAndFencesTheOldLeaderOut(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let first = try await place.open()
            let second = try await place.open()
            let t0 = Fixtures.t0
            let held = try #require(
                try await first.acquireLeadership(role: "detector", holder: "w1", duration: .seconds(300), now: t0))
            // While it holds, nobody else takes it, not even its holder (who renews instead).
            #expect(
                try await second.acquireLeadership(role: "detector", holder: "w2", duration: .seconds(300), now: t0)
                    == nil)
            #expect(
                try await first.acquireLeadership(role: "detector", holder: "w1", duration: .seconds(300), now: t0)
                    == nil)
            // Another role is another lease.
            #expect(
                try await second.acquireLeadership(role: "other", holder: "w2", duration: .seconds(300), now: t0) != nil
            )
            #expect(try await first.renewLeadership(held, duration: .seconds(600), now: t0)?.term == held.term)
            #expect(try await first.insertAlert(Self.alert(), sinks: ["ops"], fencedBy: held) != nil)

            // Expired (renewed to nothing: a worker stopped past its lease), it is taken over with the next term.
            let stalled = try #require(try await first.renewLeadership(held, duration: .zero, now: t0))
            let taken = try #require(
                try await second.acquireLeadership(role: "detector", holder: "w2", duration: .seconds(300), now: t0))
            #expect(taken.term == held.term + 1 && taken.holder == "w2")
            // The old leader's fenced write is refused, its renewal too; the new leader's goes in.
            let next = Self.alert(bucket: t0 + 3_600)
            do {
                _ = try await first.insertAlert(next, sinks: ["ops"], fencedBy: stalled)
                Issue.record("an alert fenced by a lost leader lease was written")
            } catch let error as StoreError {
                #expect(error.code == .leaseLost && error.reason.contains("term \(held.term)"), "\(error)")
            }
            #expect(try await first.renewLeadership(stalled, duration: .seconds(300), now: t0) == nil)
            #expect(try await first.alerts(brand: nil, since: nil, limit: nil).count == 1)
            #expect(try await second.insertAlert(next, sinks: ["ops"], fencedBy: taken) != nil)
            // Released, it is free at once, with the next term.
            try await second.releaseLeadership(taken)
            let third = try await first.acquireLeadership(
                role: "detector", holder: "w1", duration: .seconds(300), now: t0)
            #expect(third?.term == taken.term + 1)
        }
    }

    @Test(arguments: TestStore.available)
    func theDetectorIsHandedEachCommittedMentionOnce(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            try await store.syncSources([SourceDefinition(url: Self.source, name: "A", kind: "rss")], now: Fixtures.t0)
            let published = Fixtures.t0 - 600
            _ = try await store.record(
                Fixtures.fetch(Self.source, Fixtures.stories(5, prefix: "one", start: published)), fencedBy: nil)
            let (all, start) = try await store.mentionsForDetector(after: nil, since: nil)
            #expect(all.count == 5)
            // The catch-up's lookback: only mentions at or after `since`.
            let recent = try await store.mentionsForDetector(after: nil, since: published + 120).rows
            #expect(recent.map(\.id) == all.filter { $0.time >= published + 120 }.map(\.id) && recent.count == 3)

            let later = Fixtures.t0 + 900
            let second = try await store.record(
                Fixtures.fetch(Self.source, at: later, Fixtures.stories(4, prefix: "two", start: later)), fencedBy: nil)
            let (new, next) = try await store.mentionsForDetector(after: start, since: nil)
            #expect(new.map(\.id) == second.mentionIDs && new.allSatisfy { $0.firstSeenAt == later })
            #expect(try await store.mentionsForDetector(after: next, since: nil).rows.isEmpty)
        }
    }

    /// On PostgreSQL, a mention whose transaction took its id first but committed last is still handed over
    /// (by id it would be skipped: the detector had read a higher id meanwhile).
    @Test(.enabled(if: TestStore.postgresURL != nil, TestStore.postgresSkipped))
    func aMentionCommittedLateByAnEarlierTransactionIsStillHandedOver() async throws {
        try await StorePlace.with(.postgres) { place in
            let store = try await place.open()
            try await store.syncSources([SourceDefinition(url: Self.source, name: "A", kind: "rss")], now: Fixtures.t0)
            _ = try await store.record(Fixtures.fetch(Self.source, Fixtures.stories(3, prefix: "one")), fencedBy: nil)
            let start = try await store.mentionsForDetector(after: nil, since: nil).watermark

            let (inserted, insertedWriter) = AsyncStream<Int64>.makeStream()
            let (commit, committer) = AsyncStream<Void>.makeStream()
            // Another connection writes a mention and holds its transaction open.
            let held = Task {
                try await place.inTransaction { connection in
                    let brand = try await connection.query(
                        "INSERT INTO brand (name) VALUES ('Late') RETURNING id", logger: TestStore.logger
                    ).collect()[0].decode(Int64.self)
                    let id = try await connection.query(
                        """
                        INSERT INTO mention (entry_id, brand_id, time, language, score, label, positive, negative,
                        neutral, matched_terms, top_terms)
                        SELECT min(id), \(brand), 1767225600, 'fr', -0.6, 'negative', 0.1, 0.7, 0.2, '', '' FROM entry
                        RETURNING id
                        """, logger: TestStore.logger
                    ).collect()[0].decode(Int64.self)
                    insertedWriter.yield(id)
                    for await _ in commit { break }
                    return id
                }
            }
            var ids = inserted.makeAsyncIterator()
            let late = try #require(await ids.next())
            // Meanwhile a fetch with higher ids commits, and the detector reads.
            let later = Fixtures.t0 + 900
            let second = try await store.record(
                Fixtures.fetch(Self.source, at: later, Fixtures.stories(2, prefix: "two", start: later)), fencedBy: nil)
            #expect(second.mentionIDs.allSatisfy { $0 > late })
            let (before, middle) = try await store.mentionsForDetector(after: start, since: nil)
            #expect(!before.map(\.id).contains(late))
            committer.yield()
            #expect(try await held.value == late)
            let after = try await store.mentionsForDetector(after: middle, since: nil).rows
            let handed = (before + after).map(\.id)
            #expect(
                handed.sorted() == (second.mentionIDs + [late]).sorted(), "\(before.map(\.id)) then \(after.map(\.id))")
        }
    }
}
