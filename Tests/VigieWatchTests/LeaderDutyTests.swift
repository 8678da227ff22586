import Foundation
import Logging
import Testing
import VigieCore
import VigieDetect
import VigieMatch
import VigieOutput
import VigieScore
import VigieStore
import VigieTestSupport
import VigieWatch

/// The detector's role among several workers (`vigie watch --once` on PostgreSQL): only the worker that takes
/// the leader lease judges, it raises over the stored history what one SQLite watcher raises, and a later leader
/// (a higher term) replays it without storing or queueing anything twice.
@Suite(.dedicatedThread) struct LeaderDutyTests {
    static func duty(_ store: any AlertStore, holder: String, collected: DetectionStageTests.Collected) throws
        -> LeaderDuty
    {
        let settings = Pipeline.Settings(
            watch: WatchSettings(
                sources: [], matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]),
                scorer: try SentimentScorer(lexicons: LexiconLocator.locate())),
            webhooks: [
                WebhookTarget(
                    name: "hook", url: URL(string: "http://127.0.0.1:9/hook")!, secret: nil, timeout: .milliseconds(200)
                )
            ])
        return LeaderDuty(
            store: store, settings: settings, holder: holder, logger: TestStore.logger,
            clock: { DetectionStageTests.now }, onAlert: { collected.add($0) })
    }

    @Test(arguments: TestStore.available)
    func onlyTheLeaderRaisesAndALaterLeaderRaisesNothingTwice(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let first = try await place.open()
            let second = try await place.open()
            try await first.syncSources(
                [SourceDefinition(url: DetectionStageTests.source, name: "News", kind: "rss")],
                now: DetectionStageTests.start)
            _ = try await first.record(
                FetchRecord(
                    sourceURL: DetectionStageTests.source, fetchedAt: DetectionStageTests.now,
                    outcome: .fetched(status: 200), nextPollAt: DetectionStageTests.now + 900,
                    entries: DetectionStageTests.history(days: 8, from: DetectionStageTests.start)
                        + DetectionStageTests.wave()),
                fencedBy: nil)

            // Another worker holds the role: this one judges nothing.
            let other = try #require(
                try await second.acquireLeadership(
                    role: LeaderDuty.role, holder: "other", duration: .seconds(300), now: DetectionStageTests.now))
            let follower = DetectionStageTests.Collected()
            #expect(try await Self.duty(first, holder: "w1", collected: follower).runOnce() == false)
            #expect(follower.all.isEmpty)
            #expect(try await first.alerts(brand: nil, since: nil, limit: nil).isEmpty)

            // Once it is free, the worker that takes it raises the wave, stores it and queues its delivery.
            try await second.releaseLeadership(other)
            let leader = DetectionStageTests.Collected()
            #expect(try await Self.duty(first, holder: "w1", collected: leader).runOnce())
            #expect(leader.all.map(\.kind).contains(.negativeSpike))
            let alerts = try await first.alerts(brand: nil, since: nil, limit: nil)
            #expect(alerts.map(\.key).sorted() == leader.all.map(\.key).sorted())
            let deliveries = try await first.deliveries(alertIDs: alerts.compactMap(\.id)).values.flatMap { $0 }
            #expect(deliveries.count == alerts.count && deliveries.allSatisfy { $0.sink == "hook" })

            // The next leader replays the same history: nothing new is stored or queued.
            let next = DetectionStageTests.Collected()
            #expect(try await Self.duty(second, holder: "w2", collected: next).runOnce())
            #expect(next.all.isEmpty)
            #expect(try await second.alerts(brand: nil, since: nil, limit: nil).count == alerts.count)
        }
    }
}
