import Foundation
import Testing
import VigieCore
import VigieDetect
import VigieTestSupport

@Suite struct BacktestTests {
    private func spikes(_ alerts: [Alert]) -> [Alert] { alerts.filter { $0.kind == .negativeSpike } }

    /// The history's mentions as a backtest reads them: each bucket's mentions spread evenly over its hour,
    /// its negatives among them every few mentions, then the `extra` mentions (time, score) of the test.
    private func history(
        of buckets: [Bucket], extra: [(time: Int64, score: Double)] = [], shuffled: Bool = false
    ) -> MentionHistory {
        var rows: [(time: Int64, score: Double)] = []
        for bucket in buckets where bucket.mentions > 0 {
            let step = 3600 / Int64(bucket.mentions)
            let every = bucket.negatives > 0 ? max(bucket.mentions / bucket.negatives, 1) : Int.max
            var negatives = 0
            for i in 0..<bucket.mentions {
                let due = i % every == 0 || bucket.mentions - i <= bucket.negatives - negatives
                let negative = negatives < bucket.negatives && due
                if negative { negatives += 1 }
                rows.append((bucket.start + Int64(i) * step, negative ? -0.6 : 0.3))
            }
        }
        rows += extra
        if shuffled {
            var rng = SeededRandom(seed: 42)
            rows.shuffle(using: &rng)
        } else {
            rows.sort { $0.time < $1.time }
        }
        var history = MentionHistory()
        for row in rows { history.add(brand: "acme", time: row.time, score: row.score) }
        return history
    }

    @Test func anOverwhelmingWaveIsRaisedInItsFirstHourAtTheTippingMention() throws {
        let base = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20, seed: 3)
        let onset = SyntheticHistory.origin + Int64(19 * 24 + 14) * 3600
        // From 14:00, a very negative mention every 20 seconds.
        let wave = (0..<180).map { (time: onset + 20 * Int64($0) + 5, score: -0.8) }
        let alerts = Backtest().run(history(of: base.buckets(), extra: wave))
        let spike = try #require(spikes(alerts).first)
        #expect(spikes(alerts).count == 1)
        #expect(spike.bucketStart == onset)
        #expect(spike.raisedAt > spike.bucketStart)
        #expect(spike.raisedAt < onset + 3600)
        // Raised at one of the wave's mentions, not at a round time.
        #expect(wave.contains { $0.time == spike.raisedAt })
        #expect(spike.evidence.probability <= DetectorSettings().earlyFalseAlarmProbability)
        // The mention just before it was not yet overwhelming: replayed up to it, nothing is raised.
        let before = wave.filter { $0.time < spike.raisedAt }
        let cut = Backtest().run(history(of: Array(base.buckets()), extra: before))
        #expect(spikes(cut).allSatisfy { $0.raisedAt >= onset + 3600 })
    }

    @Test func aWatcherLookingAtEveryNegativeMentionRaisesTheBacktestsAlerts() throws {
        var base = SyntheticHistory(meanPerHour: 15, negativeShare: 0.1, days: 20, seed: 6)
        base.wave(at: 19 * 24 + 8, hours: 2, negativesPerHour: 120)
        let history = history(of: base.buckets())
        let expected = Backtest().run(history)
        let timeline = try #require(history.timelines.first)
        var live = IncrementalDetector(brand: "acme")
        var alerts: [Alert] = []
        for (time, negative) in zip(timeline.times, timeline.negativeFlags) {
            alerts += live.record(at: time, negative: negative)
            if negative { alerts += live.advance(to: time) }
        }
        alerts += live.advance(to: try #require(live.openBucket).start + 3600)
        let spike = try #require(expected.first { $0.kind == .negativeSpike })
        #expect(spike.raisedAt < spike.bucketStart + 3600)
        #expect(alerts == expected)
    }

    @Test func aModerateWaveWaitsForTheEndOfItsBucket() {
        // Evidence that needs the whole hour is raised at the bucket's end, exactly as closing buckets does.
        var base = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 25, seed: 5)
        base.wave(at: 21 * 24 + 10, hours: 5, negativesPerHour: 6)
        let buckets = base.buckets()
        // The window tests alone: the cumulative test would raise it inside the bucket (see the next test).
        let settings = DetectorSettings(cumulativeThreshold: 0)
        var detector = BrandDetector(brand: "acme", settings: settings)
        let byBucket = buckets.flatMap { detector.close($0) }
        let replayed = Backtest(settings: settings).run(history(of: buckets))
        #expect(spikes(byBucket).count == 1)
        #expect(replayed == byBucket)
        #expect(spikes(replayed).allSatisfy { $0.raisedAt == $0.bucketStart + 3600 })
    }

    @Test func theCumulativeTestRaisesAModerateWaveInsideItsBucketAtAnArrival() throws {
        // The same wave: its evidence adds up over the hours, and crosses the threshold at a mention.
        var base = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 25, seed: 5)
        base.wave(at: 21 * 24 + 10, hours: 5, negativesPerHour: 6)
        let buckets = base.buckets()
        let onset = SyntheticHistory.origin + Int64(21 * 24 + 10) * 3600
        let windowsOnly = try #require(
            spikes(Backtest(settings: DetectorSettings(cumulativeThreshold: 0)).run(history(of: buckets))).first)
        let spike = try #require(spikes(Backtest().run(history(of: buckets))).first)
        #expect(spike.bucketStart >= onset)
        #expect(spike.raisedAt < spike.bucketStart + 3600)
        #expect(spike.raisedAt <= windowsOnly.raisedAt)
        #expect(spike.evidence.test == .cumulative)
        #expect(spike.evidence.windowStart >= onset - 3 * 3600)
        #expect(spike.evidence.windowStart == spike.bucketStart - Int64(spike.evidence.windowBuckets - 1) * 3600)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aQuietBrandsNightBurstOfThreeAngryMentionsNeverRaises(seed: UInt64) {
        // 0.3 mentions an hour; on four nights, three very negative mentions within a minute at 03:00.
        let base = SyntheticHistory(meanPerHour: 0.3, negativeShare: 0.12, days: 40, seed: seed)
        var burst: [(time: Int64, score: Double)] = []
        for day in [12, 18, 25, 33] {
            let night = SyntheticHistory.origin + Int64(day * 24 + 3) * 3600 + 600
            burst += [(night, -0.9), (night + 20, -0.85), (night + 45, -0.95)]
        }
        #expect(spikes(Backtest().run(history(of: base.buckets(), extra: burst))).isEmpty)
    }

    @Test func quietHoursBeforeAWaveDoNotDelayTheEarlyDecision() throws {
        // A brand with empty hours every night: the wave's bucket follows hours with no mention at all.
        let base = SyntheticHistory(meanPerHour: 2, negativeShare: 0.1, days: 20, seed: 8)
        var buckets = base.buckets()
        let onsetHour = 19 * 24 + 6
        for h in (onsetHour - 4)..<onsetHour { buckets[h] = Bucket(start: buckets[h].start, mentions: 0, negatives: 0) }
        let onset = SyntheticHistory.origin + Int64(onsetHour) * 3600
        let wave = (0..<120).map { (time: onset + 30 * Int64($0) + 1, score: -0.7) }
        let spike = try #require(spikes(Backtest().run(history(of: buckets, extra: wave))).first)
        #expect(spike.bucketStart == onset)
        #expect(spike.raisedAt < onset + 3600)
    }

    @Test func rowsInAnyOrderGiveTheSameAlerts() {
        let base = SyntheticHistory(meanPerHour: 10, negativeShare: 0.1, days: 20, seed: 2)
        let onset = SyntheticHistory.origin + Int64(18 * 24 + 9) * 3600
        let wave = (0..<90).map { (time: onset + 40 * Int64($0), score: -0.7) }
        let sorted = Backtest().run(history(of: base.buckets(), extra: wave))
        #expect(!spikes(sorted).isEmpty)
        #expect(Backtest().run(history(of: base.buckets(), extra: wave, shuffled: true)) == sorted)
    }
    /// A New York brand (20 mentions an hour on its weekdays, 4 at weekends) hit by a wave on a Friday at
    /// 21:00 local, Saturday 01:00 UTC: the brand's own time zone makes its baseline a weekday one.
    @Test func aBrandsTimeZoneSetsTheDaysItsBaselineFollows() throws {
        var calendar = Calendar(identifier: .gregorian)
        let newYork = TimeZone(identifier: "America/New_York")!
        calendar.timeZone = newYork
        let start: Int64 = 1_709_528_400  // Monday 2024-03-04, 00:00 in New York
        let onset: Int64 = 1_712_365_200  // Friday 2024-04-05, 21:00 in New York (Saturday 01:00 UTC)
        var buckets: [Bucket] = []
        var hour = start
        while hour < onset + 6 * 3600 {
            let weekday = calendar.component(.weekday, from: Date(timeIntervalSince1970: TimeInterval(hour)))
            let mentions = weekday == 1 || weekday == 7 ? 4 : 20
            buckets.append(Bucket(start: hour, mentions: mentions, negatives: mentions / 10))
            hour += 3600
        }
        let wave = (0..<40).map { (time: onset + 60 * Int64($0) + 30, score: -0.8) }
        let history = history(of: buckets, extra: wave)
        func waveAlert(_ backtest: Backtest) throws -> Alert {
            try #require(spikes(backtest.run(history)).first { $0.bucketStart == onset })
        }
        // Decided when the hour closes (no early alert), so that the evidence holds the whole hour's baseline.
        let atClose = DetectorSettings(earlyFalseAlarmProbability: 1e-300, cumulativeThreshold: 0)
        let local = try waveAlert(Backtest(settings: atClose, timeZones: ["acme": newYork]))
        let utc = try waveAlert(Backtest(settings: atClose))
        var everyBrandSettings = atClose
        everyBrandSettings.timeZone = newYork
        let everyBrand = try waveAlert(Backtest(settings: everyBrandSettings))
        #expect(local.raisedAt == onset + 3600)
        // About 20 mentions at the usual share (9 %) expected with the brand's days; far fewer with UTC days,
        // where this hour is a Saturday.
        #expect(local.evidence.baseline > 1.3)
        #expect(local.evidence.baseline > 1.5 * utc.evidence.baseline)
        #expect(everyBrand.evidence.baseline == local.evidence.baseline)
    }
}
