import Testing
import VigieCore
import VigieDetect

@Suite struct BrandDetectorTests {
    private func spikes(_ alerts: [Alert]) -> [Alert] { alerts.filter { $0.kind == .negativeSpike } }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func normalSeasonalActivityRaisesNothing(seed: UInt64) {
        // Strong daily rhythm and weekend dip, 40 days: the baselines follow them.
        let history = SyntheticHistory(meanPerHour: 30, negativeShare: 0.12, days: 40, seed: seed)
        #expect(history.alerts().isEmpty)
    }

    @Test func aWaveRaisesOneAlertAtTheEndOfTheDecidingBucket() throws {
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 30)
        let onset = 20 * 24 + 14
        history.wave(at: onset, hours: 6, negativesPerHour: 30)
        let alerts = history.alerts()
        let spike = try #require(spikes(alerts).first)
        #expect(spikes(alerts).count == 1)
        #expect(spike.raisedAt == spike.bucketStart + 3600)
        #expect(SyntheticHistory.hour(of: spike) >= onset)
        #expect(SyntheticHistory.hour(of: spike) <= onset + 1)
        #expect(spike.evidence.windowNegatives > Int(spike.evidence.windowBaseline) * 2)
        #expect(spike.evidence.usualNegativeShare > 0.05 && spike.evidence.usualNegativeShare < 0.2)
        #expect(spike.evidence.probability < 1e-5)
    }

    @Test func aSlowSubtlePlateauIsCaughtByTheLongerWindows() throws {
        // +2.5 negatives an hour on a brand with ~1 negative an hour: invisible in one hour, not in twelve.
        var history = SyntheticHistory(meanPerHour: 10, negativeShare: 0.1, days: 30)
        let onset = 18 * 24 + 9
        history.wave(at: onset, hours: 14, negativesPerHour: 2.5)
        let spike = try #require(spikes(history.alerts()).first)
        #expect(SyntheticHistory.hour(of: spike) >= onset)
        #expect(SyntheticHistory.hour(of: spike) < onset + 14)
        #expect(spike.evidence.windowBuckets > 1)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aQuietBrandsFewAngryMentionsAtNightAreNotACrisis(seed: UInt64) {
        // 0.3 mentions an hour; on three nights, three very negative mentions at 03:00.
        let history = SyntheticHistory(meanPerHour: 0.3, negativeShare: 0.12, days: 40, seed: seed)
        var detector = BrandDetector(brand: "acme")
        var alerts: [Alert] = []
        for (hour, var bucket) in history.buckets().enumerated() {
            if [15, 22, 31].contains(hour / 24) && hour % 24 == 3 {
                bucket.mentions += 3
                bucket.negatives += 3
            }
            alerts += detector.close(bucket)
        }
        #expect(spikes(alerts).isEmpty)
    }

    @Test func aSteadyRiseIsRaisedOnceItsNegativesSufficeBesidesItsBusiestHour() throws {
        // Two mentions an hour, one negative every eight hours; then two negatives more every hour. The windows
        // are held back (a false-alarm probability no window reaches) so that the cumulative test decides. Its
        // log-likelihood ratio passes the threshold in the wave's fourth hour, with seven negatives outside
        // its busiest hour: enough, where a run used to need ten negatives.
        let settings = DetectorSettings(
            falseAlarmProbability: 1e-30, confirmingProbability: 1e-30, countFalseAlarmProbability: 1e-30,
            earlyFalseAlarmProbability: 1e-30)
        var detector = BrandDetector(brand: "acme", settings: settings)
        let onset = 20 * 24 + 10
        var alerts: [(hour: Int, alert: Alert)] = []
        for hour in 0..<(onset + 12) {
            let wave = hour >= onset
            let bucket = Bucket(
                start: SyntheticHistory.origin + Int64(hour) * 3600, mentions: wave ? 4 : 2,
                negatives: wave ? 2 : (hour % 8 == 0 ? 1 : 0))
            alerts += detector.close(bucket).map { (hour, $0) }
        }
        let spike = try #require(alerts.first { $0.alert.kind == .negativeSpike })
        #expect(spike.hour == onset + 3)
        #expect(spike.alert.evidence.test == .cumulative)
        // The run began with the wave: its eight negatives, fewer than twice the minimum.
        #expect(spike.alert.evidence.windowStart == SyntheticHistory.origin + Int64(onset) * 3600)
        #expect(spike.alert.evidence.windowNegatives == 8)
        #expect(spike.alert.evidence.windowNegatives < 2 * settings.minimumNegatives)
    }

    @Test(arguments: [(burst: 3, minimumExcess: 4.0, raises: false), (3, 0, true), (8, 4, true)])
    func theExcessOverBaselineKeepsAFewAngryMentionsOut(burst: Int, minimumExcess: Double, raises: Bool) {
        // A brand with two mentions an hour, few of them negative; at 03:00 on day 20, a burst of very negative mentions. The
        // absolute minimum is lowered to one, so only the excess rule stands between three mentions and an
        // alert: without it (0) they would fire.
        let history = SyntheticHistory(meanPerHour: 2, negativeShare: 0.04, days: 24, seed: 4)
        let settings = DetectorSettings(minimumNegatives: 1, minimumExcessNegatives: minimumExcess)
        var detector = BrandDetector(brand: "acme", settings: settings)
        var alerts: [Alert] = []
        for (hour, var bucket) in history.buckets().enumerated() {
            if hour == 20 * 24 + 3 {
                bucket.mentions += burst
                bucket.negatives += burst
            }
            alerts += detector.close(bucket)
        }
        #expect(!spikes(alerts).isEmpty == raises)
    }

    @Test(arguments: [0.12, 0.06])
    func aVolumeSurgeWhoseShareDoesNotRiseIsNotACrisis(surgeShare: Double) {
        // A launch: ten times the volume for 12 hours, negatives rising with it but not their share.
        var history = SyntheticHistory(meanPerHour: 10, negativeShare: 0.12, days: 30)
        for h in (20 * 24 + 8)..<(20 * 24 + 20) { history.extra[h] = (90 * surgeShare, 90 * (1 - surgeShare)) }
        let buckets = history.buckets()
        let surge = buckets[(20 * 24 + 8)..<(20 * 24 + 20)].map(\.negatives).reduce(0, +)
        let dayBefore = buckets[(19 * 24 + 8)..<(19 * 24 + 20)].map(\.negatives).reduce(0, +)
        #expect(surge > 3 * dayBefore)
        #expect(spikes(history.alerts()).isEmpty)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theOrdinaryDaysAfterAPositiveViralPostAreNotACrisis(seed: UInt64) {
        // A brand whose usual tone is a fifth negative goes viral for forty hours: thirty times its volume,
        // almost all of it friendly. The days after, at the usual share, must not look angry next to a
        // usual share that the viral hours pulled down.
        var history = SyntheticHistory(meanPerHour: 40, negativeShare: 0.2, days: 32, seed: seed)
        let onset = 20 * 24 + 12
        for h in onset..<(onset + 40) { history.extra[h] = (1_200 * 0.04, 1_200 * 0.96) }
        let buckets = history.buckets()
        let viral = buckets[onset..<(onset + 40)]
        let viralShare = Double(viral.map(\.negatives).reduce(0, +)) / Double(viral.map(\.mentions).reduce(0, +))
        #expect(viralShare < 0.1)
        #expect(spikes(history.alerts()).isEmpty)
    }

    @Test func oneCrisisWithTwoBumpsRaisesOneAlert() {
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 30)
        history.wave(at: 20 * 24 + 10, hours: 3, negativesPerHour: 25)
        history.wave(at: 20 * 24 + 22, hours: 3, negativesPerHour: 25)
        #expect(spikes(history.alerts()).count == 1)
    }

    @Test func aGrowingCrisisEscalatesOnceThenResolves() throws {
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 30)
        let onset = 20 * 24 + 9
        history.wave(at: onset, hours: 3, negativesPerHour: 6)
        history.wave(at: onset + 3, hours: 4, negativesPerHour: 80)
        let alerts = history.alerts()
        let spike = try #require(alerts.first)
        #expect(spike.kind == .negativeSpike)
        #expect(spike.severity == .warning)
        let escalations = alerts.filter { $0.kind == .escalation }
        #expect(escalations.count == 1)
        #expect(escalations.first?.severity == .critical)
        #expect(escalations.first?.incidentStart == spike.bucketStart)
        let resolved = alerts.filter { $0.kind == .resolved }
        #expect(resolved.count == 1)
        #expect(resolved.first?.incidentStart == spike.bucketStart)
        #expect((resolved.first?.bucketStart ?? 0) > spike.bucketStart + 7 * 3600)
        #expect(Set(alerts.map(\.key)).count == alerts.count)
    }

    @Test func nothingIsRaisedDuringTheWarmUp() {
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 30)
        history.wave(at: 3 * 24 + 12, hours: 5, negativesPerHour: 40)
        #expect(spikes(history.alerts()).isEmpty)
        // The same wave after the warm-up is raised.
        var later = history
        later.extra = [:]
        later.wave(at: 12 * 24 + 12, hours: 5, negativesPerHour: 40)
        #expect(spikes(later.alerts()).count == 1)
    }

    @Test func aFeedOutageAndALevelShiftAreNotCrises() {
        var history = SyntheticHistory(meanPerHour: 25, negativeShare: 0.1, days: 40)
        history.missing = Set((15 * 24 + 6)..<(17 * 24 + 18))
        history.step = (hour: 25 * 24, factor: 1.6)
        #expect(spikes(history.alerts()).isEmpty)
    }

    @Test func aCrisisRightAfterAnOutageIsStillCaught() {
        var history = SyntheticHistory(meanPerHour: 25, negativeShare: 0.1, days: 30)
        history.missing = Set((15 * 24)..<(16 * 24))
        history.wave(at: 16 * 24 + 10, hours: 4, negativesPerHour: 30)
        #expect(spikes(history.alerts()).count == 1)
    }

    @Test func emptyBucketsMayBeSkippedByTheCaller() {
        // Closing only the non-empty buckets gives the same alerts as closing every one.
        var history = SyntheticHistory(meanPerHour: 2, negativeShare: 0.1, days: 30)
        history.wave(at: 22 * 24 + 12, hours: 6, negativesPerHour: 6)
        var dense = BrandDetector(brand: "acme")
        var sparse = BrandDetector(brand: "acme")
        let buckets = history.buckets()
        let a = buckets.flatMap { dense.close($0) }
        let b = buckets.filter { $0.mentions > 0 }.flatMap { sparse.close($0) }
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func replayingTheSameHistoryGivesTheSameAlerts() {
        var history = SyntheticHistory(meanPerHour: 15, negativeShare: 0.1, days: 30, seed: 9)
        history.wave(at: 21 * 24, hours: 5, negativesPerHour: 20)
        #expect(history.alerts() == history.alerts())
        #expect(!history.alerts().isEmpty)
    }

    @Test func anOverwhelmingBucketRaisesEarlyAndOnlyOnce() throws {
        let history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20)
        var detector = BrandDetector(brand: "acme")
        for bucket in history.buckets() { #expect(detector.close(bucket).isEmpty) }
        let start = try #require(detector.nextBucketStart)
        // Ten minutes in: already 60 negatives out of 70 mentions.
        let now = start + 600
        let raisedEarly = detector.peek(Bucket(start: start, mentions: 70, negatives: 60), now: now)
        let early = try #require(raisedEarly)
        #expect(early.kind == .negativeSpike)
        #expect(early.raisedAt == now)
        #expect(early.bucketStart == start)
        #expect(detector.hasOpenIncident)
        let atClose = detector.close(Bucket(start: start, mentions: 200, negatives: 170))
        #expect(atClose.filter { $0.kind == .negativeSpike }.isEmpty)
    }

    @Test func aPartialBucketThatIsMerelyHighWaitsForTheClose() {
        // At 14:00, when some 30 mentions an hour are normal: 8 negatives out of 20 in the first half hour.
        let history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 21)
        var detector = BrandDetector(brand: "acme")
        for bucket in history.buckets().prefix(20 * 24 + 14) { _ = detector.close(bucket) }
        let start = detector.nextBucketStart!
        #expect(detector.peek(Bucket(start: start, mentions: 20, negatives: 8), now: start + 1800) == nil)
        #expect(!detector.hasOpenIncident)
    }

    @Test func anEarlyAlertQuotesTheBucketInProgressAndNeedsTimeToHavePassed() throws {
        let history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20)
        var detector = BrandDetector(brand: "acme")
        for bucket in history.buckets() { _ = detector.close(bucket) }
        let start = try #require(detector.nextBucketStart)
        let quotes = (0..<5).map { i in
            AlertMention(
                text: "outage \(i)", source: "forum", link: "https://forum.example/\(i)", score: -0.9 + Double(i) / 100,
                terms: ["panne"], publishedAt: start + Int64(i))
        }
        let partial = Bucket(start: start, mentions: 70, negatives: 60, mostNegative: quotes)
        // A clock behind the bucket has seen none of it.
        #expect(detector.peek(partial, now: start) == nil)
        #expect(detector.peek(partial, now: start - 60) == nil)
        let raised = detector.peek(partial, now: start + 300)
        let early = try #require(raised)
        #expect(early.raisedAt == start + 300)
        #expect(early.mostNegative.map(\.text) == quotes.map(\.text))
    }

    @Test func theMostNegativeMentionsOfTheWindowAreQuoted() throws {
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.1, days: 20)
        history.wave(at: 19 * 24 + 10, hours: 3, negativesPerHour: 40)
        var detector = BrandDetector(brand: "acme")
        var raised: [Alert] = []
        for var bucket in history.buckets() {
            bucket.mostNegative = (0..<3).map { i in
                AlertMention(
                    text: "mention \(i) at \(bucket.start)", source: "feed", link: nil, score: -0.5 - Double(i) / 10,
                    terms: ["scandal"], publishedAt: bucket.start + Int64(i))
            }
            raised += detector.close(bucket)
        }
        let spike = try #require(raised.first { $0.kind == .negativeSpike })
        #expect(spike.mostNegative.count == min(5, 3 * spike.evidence.windowBuckets))
        #expect(spike.mostNegative.first?.score == -0.7)
        #expect(spike.mostNegative.allSatisfy { $0.publishedAt <= spike.bucketStart + 3600 })
    }

    @Test func aLastingChangeOfToneBecomesTheNewNormal() throws {
        // From day 20 on, the brand's negative share triples for good: one incident, resolved by its
        // maximum length, then silence.
        var history = SyntheticHistory(meanPerHour: 20, negativeShare: 0.08, days: 45)
        for h in (20 * 24)..<(45 * 24) { history.extra[h] = (0.3 * history.expected(hour: h), 0) }
        let alerts = history.alerts()
        let spikes = spikes(alerts)
        #expect(spikes.count == 1)
        let resolved = try #require(alerts.first { $0.kind == .resolved })
        #expect(resolved.bucketStart - spikes[0].bucketStart <= 72 * 3600)
        #expect(alerts.last?.kind == .resolved)
    }
}
