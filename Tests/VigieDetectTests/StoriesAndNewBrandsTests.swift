import Foundation
import Testing
import VigieCore
import VigieDetect

/// One story is one voice, and every brand is heard: quiet brands, and brands with no history at all.
@Suite struct StoriesAndNewBrandsTests {
    private func spikes(_ alerts: [Alert]) -> [Alert] { alerts.filter { $0.kind == .negativeSpike } }

    /// A CSV the way `vigie backtest` reads it: each bucket's mentions spread over its hour, plus `extra`
    /// rows (time, score, story).
    private func csv(of buckets: [Bucket], extra: [(time: Int64, score: Double, story: String)] = []) -> String {
        var rows: [(time: Int64, score: Double, story: String)] = []
        for bucket in buckets where bucket.mentions > 0 {
            let step = 3600 / Int64(bucket.mentions)
            for i in 0..<bucket.mentions {
                // Negatives spread evenly over the hour.
                let negative = i * bucket.negatives / bucket.mentions != (i + 1) * bucket.negatives / bucket.mentions
                rows.append((bucket.start + Int64(i) * step, negative ? -0.6 : 0.3, ""))
            }
        }
        rows += extra
        rows.sort { $0.time < $1.time }
        return "time,brand,score,story\n"
            + rows.map { "\(RFC3339.format($0.time)),acme,\($0.score),\($0.story)" }.joined(separator: "\n")
    }

    private func backtest(_ text: String) throws -> [Alert] {
        let bytes = Array(text.utf8)
        let history = try bytes.withUnsafeBytes { try MentionCSVReader().read(bytes: $0, name: "test.csv") }
        return Backtest().run(history)
    }

    /// Twenty negatives within the hour starting at `onset`, every 90 s, each its own story or all one.
    private func burst(at onset: Int64, count: Int = 20, story: (Int) -> String) -> [(
        time: Int64, score: Double, story: String
    )] {
        (0..<count).map { (onset + 90 * Int64($0) + 5, -0.8, story($0)) }
    }

    @Test func aOneStoryBurstRaisesNothingWhileTwentyDistinctComplaintsDo() throws {
        // Ten mentions an hour, two of them negative.
        let base = SyntheticHistory(meanPerHour: 10, negativeShare: 0.2, days: 21, seed: 4).buckets()
        let onset = SyntheticHistory.origin + Int64(20 * 24 + 10) * 3600
        let syndicated = try backtest(csv(of: base, extra: burst(at: onset) { _ in "wire-outage" }))
        #expect(spikes(syndicated).filter { $0.bucketStart >= onset - 3600 }.isEmpty)
        let distinct = try backtest(csv(of: base, extra: burst(at: onset) { "complaint-\($0)" }))
        let spike = try #require(spikes(distinct).first { $0.bucketStart >= onset - 3600 })
        #expect(spike.raisedAt < onset + 3600)
    }

    @Test func copiesOfAStoryCountOnceAtTheirEarliestTime() throws {
        let text = """
            time,brand,score,story
            2024-05-01T10:30:00Z,acme,-0.7,s1
            2024-05-01T09:10:00Z,acme,-0.7,s1
            2024-05-01T10:40:00Z,acme,0.2,
            2024-05-01T10:50:00Z,acme,0.2,s2
            2024-05-01T10:55:00Z,acme,0.2,s2
            """
        let history = try Array(text.utf8).withUnsafeBytes { try MentionCSVReader().read(bytes: $0, name: "t.csv") }
        let timeline = try #require(history.timelines.first)
        #expect(history.timelines.count == 1)
        #expect(timeline.times.count == 3)
        #expect(timeline.mentions == [1, 2])
        #expect(timeline.negatives == [1, 0])
    }

    @Test func aQuietBrandHearsTwentyNegativesWithinTheHour() throws {
        // About six mentions a day.
        let base = SyntheticHistory(meanPerHour: 0.25, negativeShare: 0.2, days: 30, seed: 9).buckets()
        let onset = SyntheticHistory.origin + Int64(29 * 24 + 14) * 3600
        #expect(try spikes(backtest(csv(of: base))).isEmpty)
        let alerts = try backtest(csv(of: base, extra: burst(at: onset) { "c\($0)" }))
        let spike = try #require(spikes(alerts).first)
        #expect(spike.raisedAt >= onset)
        #expect(spike.raisedAt < onset + 3600)
    }

    @Test func aBrandWithNoHistoryHearsFortyNegativesWithinFiveMinutes() throws {
        let onset: Int64 = 1_714_557_600  // 2024-05-01T10:00:00Z
        let wave = (0..<40).map { (time: onset + 4 * Int64($0) + 1, score: -0.8, story: "") }
        let spike = try #require(spikes(backtest(csv(of: [], extra: wave))).first)
        #expect(spike.raisedAt <= onset + 300)
        #expect(spike.evidence.windowNegatives >= DetectorSettings().coldStartNegatives)
        #expect(spike.evidence.test == .coldStart)
        #expect(spike.evidence.windowStart == onset)
        #expect(spike.jsonLine.contains(#""test":"cold_start","since":"2024-05-01T10:00:00Z""#))
    }

    @Test(arguments: [(perHour: 15.0, share: 0.25, seed: UInt64(1)), (60, 0.3, 2), (3, 0.4, 3), (0.5, 0.5, 4)])
    func anOrdinaryFirstWeekOfANewBrandRaisesNothing(perHour: Double, share: Double, seed: UInt64) throws {
        let week = SyntheticHistory(meanPerHour: perHour, negativeShare: share, days: 7, seed: seed).buckets()
        #expect(try spikes(backtest(csv(of: week))).isEmpty)
    }

    @Test func aNewBrandsDetectorSaysItIsWarmingUpAndWhichRuleApplies() {
        var detector = BrandDetector(brand: "acme")
        #expect(!detector.isWarm)
        #expect(detector.readiness.contains("warming up"))
        #expect(detector.readiness.contains("\(DetectorSettings().coldStartNegatives) negative"))
        for bucket in SyntheticHistory(meanPerHour: 10, negativeShare: 0.1, days: 8).buckets() {
            _ = detector.close(bucket)
        }
        #expect(detector.isWarm)
        #expect(detector.readiness.hasPrefix("warm ("))
    }
}
