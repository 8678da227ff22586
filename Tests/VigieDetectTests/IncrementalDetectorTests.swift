import Testing
import VigieCore
import VigieDetect

@Suite struct IncrementalDetectorTests {
    /// Spreads each bucket's mentions evenly over its hour, negatives first.
    private func mentions(of buckets: [Bucket]) -> [(time: Int64, score: Double)] {
        buckets.flatMap { bucket in
            (0..<bucket.mentions).map { i in
                (bucket.start + Int64(i * 3600 / max(bucket.mentions, 1)), i < bucket.negatives ? -0.6 : 0.2)
            }
        }
    }

    @Test func mentionByMentionGivesTheSameAlertsAsBucketByBucket() {
        var history = SyntheticHistory(meanPerHour: 12, negativeShare: 0.1, days: 25, seed: 5)
        history.wave(at: 20 * 24 + 9, hours: 6, negativesPerHour: 12)
        let buckets = history.buckets()
        var reference = BrandDetector(brand: "acme")
        let expected = buckets.flatMap { reference.close($0) }

        var live = IncrementalDetector(brand: "acme")
        var alerts: [Alert] = []
        var nextTick = SyntheticHistory.origin + 3600
        for mention in mentions(of: buckets) {
            while mention.time >= nextTick {
                alerts += live.advance(to: nextTick)
                nextTick += 3600
            }
            alerts += live.record(at: mention.time, score: mention.score)
        }
        alerts += live.advance(to: nextTick)
        #expect(!expected.isEmpty)
        #expect(alerts == expected)
    }

    @Test func anOverwhelmingWaveIsRaisedBeforeTheTopOfTheHour() throws {
        let history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20)
        var live = IncrementalDetector(brand: "acme")
        for bucket in history.buckets() { #expect(live.detector.close(bucket).isEmpty) }
        let start = try #require(live.detector.nextBucketStart)
        var alerts: [Alert] = []
        // 90 negative mentions in the first half hour, the watcher looking every five minutes.
        for minute in stride(from: 0, to: 60, by: 5) {
            if minute < 30 {
                for i in 0..<15 { alerts += live.record(at: start + Int64(minute * 60 + i), score: -0.8) }
            }
            alerts += live.advance(to: start + Int64((minute + 5) * 60))
        }
        let spikes = alerts.filter { $0.kind == .negativeSpike }
        #expect(spikes.count == 1)
        let spike = try #require(spikes.first)
        #expect(spike.raisedAt > start)
        #expect(spike.raisedAt < start + 3600)
        #expect(spike.bucketStart == start)
    }

    @Test func keepsTheMostNegativeQuotesOfTheBucket() throws {
        let history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20)
        var live = IncrementalDetector(brand: "acme")
        for bucket in history.buckets() { _ = live.detector.close(bucket) }
        let start = try #require(live.detector.nextBucketStart)
        for i in 0..<40 {
            let score = -0.3 - Double(i % 10) / 20
            let quote = AlertMention(
                text: "complaint \(i)", source: "forum", link: "https://forum.example/\(i)", score: score,
                terms: ["panne"], publishedAt: start + Int64(i))
            live.record(at: start + Int64(i * 60), score: score, quote: quote)
        }
        let open = try #require(live.openBucket)
        #expect(open.negatives == 40)
        #expect(open.mostNegative.count == 5)
        #expect(open.mostNegative.allSatisfy { $0.score <= -0.7 })
        let alerts = live.advance(to: start + 3600)
        let spike = try #require(alerts.first { $0.kind == .negativeSpike })
        #expect(spike.mostNegative.first?.score == -0.75)
    }

    @Test func aLateMentionCountsInTheBucketInProgress() throws {
        var live = IncrementalDetector(brand: "acme")
        live.record(at: 7200 + 10, score: 0.1)
        _ = live.advance(to: 3 * 3600 + 1)
        live.record(at: 7200 + 20, score: -0.5)  // its hour has been judged already
        let open = try #require(live.openBucket)
        #expect(open.start == 3 * 3600)
        #expect(open.negatives == 1)
    }
}
