import Foundation
import VigieCore

/// The crisis detector for one brand: fed its buckets in time order, it says when a negative wave starts,
/// grows and ends.
///
/// The decision at each bucket asks two questions of several windows ending there (by default the last
/// 1, 2, 4, 8, 16 and 24 buckets):
/// - **share**: are there more negatives among the window's mentions than the brand's usual negative share
///   allows? The usual share comes from the brand's recent history outside incidents, and its uncertainty
///   is kept (a beta-binomial tail probability), so a quiet brand needs stronger evidence. Counting
///   negatives *among the mentions* makes the test blind to volume: a launch or a positive viral post raises
///   negative counts but not the share, and does not fire.
/// - **volume**: are the negatives also well above what is normal for this brand at this hour and weekday
///   (``SeasonalVolume`` times the usual share), with a minimum count? A single angry mention at night, or
///   a share that rises only because positive sources went quiet, does not fire.
///
/// One crisis raises one `negative_spike`, an `escalation` if it grows to `critical`, and a `resolved`
/// notice after a few quiet buckets; a new wave within the cooldown reopens the same incident. Buckets of
/// an incident are kept out of the baselines, so a crisis does not become the new normal (unless it lasts
/// longer than ``DetectorSettings/maximumIncidentBuckets``).
///
/// The detector never reads a clock: a bucket's alerts are raised at the bucket's end, and ``peek(_:now:)``
/// takes the time from its caller. Its state is a value, rebuilt by replaying the brand's history, so the
/// live watcher and `vigie backtest` run the same code and reach the same decisions.
public struct BrandDetector: Sendable {
    /// The brand watched.
    public let brand: String
    /// The settings in force.
    public let settings: DetectorSettings

    private enum Phase: Sendable {
        case idle
        case active(Incident)
        /// After a resolution; `absorbing` when the incident was closed by its maximum length, so that its
        /// level is learnt as the new normal.
        case cooldown(Incident, until: Int64, absorbing: Bool)
    }

    private struct Incident: Sendable {
        var start: Int64
        var severity: Alert.Severity
        var quietRun = 0
        /// Whether its `resolved` notice went out (a reopened incident is not resolved twice).
        var announcedResolved = false
    }

    private var volume: SeasonalVolume
    private var days: LocalDays
    private let historySize: Int
    private let longestWindow: Int
    private let windows: [Int]
    private var historyMentions: [Int32]
    private var historyNegatives: [Int32]
    /// Expected mentions from the seasonal profile, or -1 for missing data, or -2 while the slot is unknown.
    private var historyExpected: [Double]
    private var historyInShare: [Bool]
    private var recentEvidence: [[AlertMention]]
    /// Mentions and negatives of the share history (surge buckets are left out of it).
    private var shareMentions = 0.0
    private var shareNegatives = 0.0
    /// How many buckets the share history holds.
    private var shareBuckets = 0
    private var cumulative = CumulativeTest()
    private var firstIndex: Int64?
    private var nextIndex: Int64?
    private var bucketsSeen = 0
    private var phase = Phase.idle
    /// Windows never reach before this bucket: the one after the last resolution.
    private var windowFloor = Int64.min

    /// Creates a detector with no history.
    /// - Precondition: `settings.validate()` does not throw.
    public init(brand: String, settings: DetectorSettings = DetectorSettings()) {
        precondition((try? settings.validate()) != nil, "invalid detector settings")
        self.brand = brand
        self.settings = settings
        volume = SeasonalVolume(
            bucketSeconds: settings.bucketSeconds, dayWeight: settings.profileDayWeight,
            weekWeight: settings.profileWeekWeight)
        days = LocalDays(timeZone: settings.timeZone, bucketSeconds: settings.bucketSeconds)
        historySize = settings.shareHistoryBuckets
        windows = settings.windows.sorted()
        longestWindow = windows.last!
        historyMentions = Array(repeating: 0, count: historySize)
        historyNegatives = Array(repeating: 0, count: historySize)
        historyExpected = Array(repeating: -2, count: historySize)
        historyInShare = Array(repeating: false, count: historySize)
        recentEvidence = Array(repeating: [], count: longestWindow)
    }

    /// Whether the brand's history is long enough for the statistical tests (``DetectorSettings/warmupBuckets``
    /// and ``DetectorSettings/warmupMinimumMentions``); until then only the cold-start rule applies.
    public var isWarm: Bool {
        bucketsSeen >= settings.warmupBuckets && shareMentions >= Double(settings.warmupMinimumMentions)
    }

    /// In words: whether the detector is warm, and which rule applies meanwhile (for the watcher's log).
    public var readiness: String {
        if isWarm {
            let share = (shareNegatives / max(shareMentions, 1) * 100).rounded()
            return "warm (\(bucketsSeen) buckets of history, usual negative share \(Int(share)) %)"
        }
        let rule =
            settings.coldStartNegatives > 0
            ? "only a burst of \(settings.coldStartNegatives) negative mentions or more within two buckets, "
                + "\(Int((settings.coldStartShare * 100).rounded())) % of the mentions or more, raises an alert"
            : "no alert can be raised"
        return
            "warming up (\(bucketsSeen) of \(settings.warmupBuckets) buckets, \(Int(shareMentions)) of "
            + "\(settings.warmupMinimumMentions) mentions); meanwhile \(rule)"
    }

    /// Whether an incident is open (raised and not yet resolved).
    public var hasOpenIncident: Bool {
        if case .active = phase { return true }
        return false
    }

    /// Start of the next bucket the detector expects, once it has seen one.
    public var nextBucketStart: Int64? { nextIndex.map { $0 * settings.bucketSeconds } }

    /// Closes one bucket and returns the alerts it raises (at the bucket's end).
    ///
    /// Buckets must come in time order; a skipped bucket is taken as one with no mentions.
    /// - Precondition: `bucket.start` is aligned on the bucket length and not before ``nextBucketStart``.
    public mutating func close(_ bucket: Bucket) -> [Alert] {
        let index = alignedIndex(bucket.start)
        var alerts: [Alert] = []
        if let next = nextIndex {
            precondition(index >= next, "buckets must be closed in time order")
            var empty = next
            while empty < index {
                alerts += process(index: empty, mentions: 0, negatives: 0, evidence: [])
                empty += 1
            }
        } else {
            firstIndex = index
        }
        alerts += process(
            index: index, mentions: bucket.mentions, negatives: bucket.negatives, evidence: bucket.mostNegative)
        return alerts
    }

    /// Evaluates the bucket still in progress, for an early decision when the evidence is already
    /// overwhelming (``DetectorSettings/earlyFalseAlarmProbability``).
    ///
    /// The partial bucket is judged against the part of its seasonal volume that the time elapsed allows
    /// (`now` minus its start), with the stricter probabilities and the same minimum counts and share
    /// confirmation as at a bucket's close. Nothing is learnt from it. When it raises an alert (at `now`),
    /// the incident is open and closing the bucket later raises nothing more for it but an escalation.
    /// - Parameters:
    ///   - partial: the counts so far of the bucket in progress.
    ///   - now: the current time, in seconds since 1970 UTC, from the caller's clock.
    /// - Returns: the `negative_spike` alert, or nil.
    public mutating func peek(_ partial: Bucket, now: Int64) -> Alert? {
        let index = alignedIndex(partial.start)
        // Nothing of a bucket has been seen before its start: a clock behind the mentions judges nothing.
        // The bucket judged early is the one expected next (any bucket, before the first close).
        guard case .idle = phase, index == nextIndex ?? index, partial.negatives > 0, now > partial.start
        else { return nil }
        let elapsed = min(now - partial.start, settings.bucketSeconds)
        let exposure = Double(elapsed) / Double(settings.bucketSeconds)
        let full = expectedVolume(at: days.position(of: index), mentions: partial.mentions)
        let assessment = assess(
            index: index, mentions: partial.mentions, negatives: partial.negatives,
            expected: full >= 0 ? full * exposure : full,
            evidence: partial.mostNegative, threshold: settings.earlyFalseAlarmProbability, exposure: exposure)
        guard let best = assessment.best, assessment.firing else { return nil }
        let raisedAt = now
        phase = .active(Incident(start: index, severity: assessment.severity))
        recentEvidence[Int(index.floorModulo(Int64(longestWindow)))] = partial.mostNegative
        return makeAlert(
            .negativeSpike, severity: assessment.severity, index: index, raisedAt: raisedAt,
            incident: index, test: best)
    }

    // MARK: - One bucket

    private func alignedIndex(_ start: Int64) -> Int64 {
        precondition(start.floorModulo(settings.bucketSeconds) == 0, "bucket start not aligned on the bucket length")
        return start.floorDivided(by: settings.bucketSeconds)
    }

    private func expectedVolume(at position: LocalPosition, mentions: Int) -> Double {
        guard volume.isKnown(position) else { return -2 }
        let mu = volume.expected(position)
        return mentions == 0 && mu >= settings.missingDataExpectedMentions ? -1 : mu
    }

    private mutating func process(index: Int64, mentions: Int, negatives: Int, evidence: [AlertMention]) -> [Alert] {
        let slot = Int(index.floorModulo(Int64(historySize)))
        if historyInShare[slot] {
            shareMentions -= Double(historyMentions[slot])
            shareNegatives -= Double(historyNegatives[slot])
            historyInShare[slot] = false
            shareBuckets -= 1
        }
        let position = days.position(of: index)
        let expected = expectedVolume(at: position, mentions: mentions)
        let missing = expected == -1
        recentEvidence[Int(index.floorModulo(Int64(longestWindow)))] = evidence
        let assessment = assess(
            index: index, mentions: mentions, negatives: negatives, expected: expected,
            evidence: evidence, threshold: settings.falseAlarmProbability)
        historyMentions[slot] = Int32(clamping: mentions)
        historyNegatives[slot] = Int32(clamping: negatives)
        historyExpected[slot] = expected
        nextIndex = index + 1
        bucketsSeen += 1

        let raisedAt = (index + 1) * settings.bucketSeconds
        var alerts: [Alert] = []
        var absorb = false
        if case .cooldown(_, let until, _) = phase, index > until { phase = .idle }
        switch phase {
        case .idle:
            if assessment.firing, let best = assessment.best {
                phase = .active(Incident(start: index, severity: assessment.severity))
                alerts.append(
                    makeAlert(
                        .negativeSpike, severity: assessment.severity, index: index,
                        raisedAt: raisedAt, incident: index, test: best))
            }
        case .active(var incident):
            if assessment.firing, let best = assessment.best, assessment.severity > incident.severity {
                incident.severity = assessment.severity
                alerts.append(
                    makeAlert(
                        .escalation, severity: incident.severity, index: index,
                        raisedAt: raisedAt, incident: incident.start, test: best))
            }
            incident.quietRun = assessment.quiet ? incident.quietRun + 1 : 0
            let tooLong = index - incident.start + 1 >= Int64(settings.maximumIncidentBuckets)
            if incident.quietRun >= settings.resolveAfterQuietBuckets || tooLong {
                if !incident.announcedResolved {
                    alerts.append(
                        makeAlert(
                            .resolved, severity: incident.severity, index: index, raisedAt: raisedAt,
                            incident: incident.start, test: assessment.current))
                    incident.announcedResolved = true
                }
                if tooLong { rebaseShare(from: incident.start, before: index) }
                phase = .cooldown(incident, until: index + Int64(settings.cooldownBuckets), absorbing: tooLong)
                windowFloor = index + 1
            } else {
                phase = .active(incident)
            }
        case .cooldown(var incident, let until, let absorbing):
            absorb = absorbing
            if assessment.firing, !absorbing {
                // A new wave so soon is the same incident coming back: reopen it without a new alert.
                if let best = assessment.best, assessment.severity > incident.severity {
                    incident.severity = assessment.severity
                    alerts.append(
                        makeAlert(
                            .escalation, severity: incident.severity, index: index,
                            raisedAt: raisedAt, incident: incident.start, test: best))
                }
                incident.quietRun = 0
                phase = .active(incident)
            } else {
                phase = .cooldown(incident, until: until, absorbing: absorbing)
            }
        }

        // The cumulative test goes on while nothing is open; an incident, its cooldown or missing data
        // start it over.
        if case .idle = phase, !missing, let updated = assessment.cumulative {
            cumulative = updated
        } else {
            cumulative.reset(from: index + 1)
        }

        var learn = !missing && (absorb || !assessment.firing)
        if case .active = phase { learn = false }
        if learn {
            // A surge (a launch, a viral post) is not the brand's usual tone: its share stays out of the share
            // history (forty hours of a positive viral post would otherwise pull the usual share down for a
            // week, and the ordinary hours after it would look angry). Its volume is learnt, capped at
            // `surgeCap` times the expected volume, so that a lasting step in volume becomes the new normal.
            let surge = isSurge(mentions: mentions, expected: expected)
            let learnt = surge ? Int((settings.surgeCap * max(expected, 1)).rounded()) : mentions
            if !surge {
                historyInShare[slot] = true
                shareBuckets += 1
                shareMentions += Double(mentions)
                shareNegatives += Double(negatives)
            }
            volume.learn(position, mentions: learnt)
        }
        return alerts
    }

    /// Whether a bucket's volume is a surge: more than ``DetectorSettings/surgeCap`` times its expected
    /// volume (a launch, a viral post, a crisis at its height), whose tone is not the brand's usual one.
    private func isSurge(mentions: Int, expected: Double) -> Bool {
        expected > 0 && Double(mentions) > settings.surgeCap * max(expected, 1)
    }

    /// Makes the incident's buckets the whole share history: a change of tone that lasted
    /// ``DetectorSettings/maximumIncidentBuckets`` is the new normal, and the old share must not keep
    /// raising alerts about it. Its surges stay out, as they do from every share history: a crisis still
    /// at several times the brand's volume when it is closed is not the tone the brand will return to.
    private mutating func rebaseShare(from start: Int64, before end: Int64) {
        shareMentions = 0
        shareNegatives = 0
        shareBuckets = 0
        for slot in historyInShare.indices { historyInShare[slot] = false }
        var index = max(start, end - Int64(historySize) + 1)
        while index < end {
            let slot = Int(index.floorModulo(Int64(historySize)))
            if historyExpected[slot] != -1,
                !isSurge(mentions: Int(historyMentions[slot]), expected: historyExpected[slot])
            {
                historyInShare[slot] = true
                shareBuckets += 1
                shareMentions += Double(historyMentions[slot])
                shareNegatives += Double(historyNegatives[slot])
            }
            index += 1
        }
    }

    // MARK: - Tests on the windows

    /// The outcome of one window's test.
    private struct WindowTest {
        var buckets: Int
        var mentions: Int
        var negatives: Int
        var seasonalNegatives: Double
        var usualShare: Double
        var probability: Double
        var bucketMentions: Int
        var bucketNegatives: Int
        var bucketBaseline: Double
        var test = AlertEvidence.Test.share
    }

    private struct Assessment {
        var firing = false
        var quiet = true
        var severity = Alert.Severity.warning
        /// The most significant firing window.
        var best: WindowTest?
        /// The deciding bucket alone, for `resolved` notices.
        var current: WindowTest
        /// The cumulative test with this bucket added (nil before the warm-up).
        var cumulative: CumulativeTest?
    }

    private func assess(
        index: Int64, mentions: Int, negatives: Int, expected: Double, evidence: [AlertMention], threshold: Double,
        exposure: Double = 1
    ) -> Assessment {
        let share = (shareNegatives + 0.5) / (shareMentions + 1)
        let weight = min(shareMentions, settings.shareHistoryMaximumWeight) + 1
        let alpha = share * weight
        let beta = (1 - share) * weight
        let currentBaseline = (expected >= 0 ? expected : Double(mentions)) * share
        func bucketTest(_ window: Int, _ n: Int, _ k: Int, _ seasonal: Double, _ p: Double) -> WindowTest {
            WindowTest(
                buckets: window, mentions: n, negatives: k, seasonalNegatives: seasonal, usualShare: share,
                probability: p, bucketMentions: mentions, bucketNegatives: negatives, bucketBaseline: currentBaseline)
        }
        var result = Assessment(current: bucketTest(1, mentions, negatives, currentBaseline, 1))
        let warmedUp = bucketsSeen >= settings.warmupBuckets && shareMentions >= Double(settings.warmupMinimumMentions)
        if warmedUp && expected != -1 {
            // Negatives per other mention, with one negative more than seen (a brand with few is not certain).
            let ratio = (shareNegatives + 1) / max(shareMentions - shareNegatives, 1)
            result.cumulative = cumulative.adding(
                index: index, negatives: negatives, others: mentions - negatives, ratio: ratio,
                ratioNegatives: shareNegatives,
                hourly: max(shareNegatives / Double(max(shareBuckets, 1)), 0.01),
                seasonal: expected >= 0 ? expected * share : nil,
                seasonalOthers: expected >= 0 ? expected * (1 - share) : nil,
                volumeShape: settings.volumeShape(buckets: 1), exposure: exposure)
        }
        // A decision needs new negative evidence: a window does not fire on an empty bucket.
        guard negatives > 0 else { return result }
        let first = firstIndex ?? index
        guard warmedUp else {
            // The cold-start rule: an absolute count and share over this bucket and the one before.
            var n = mentions
            var k = negatives
            if index - 1 >= max(first, windowFloor) {
                let slot = Int((index - 1).floorModulo(Int64(historySize)))
                n += Int(historyMentions[slot])
                k += Int(historyNegatives[slot])
            }
            if settings.coldStartNegatives > 0, k >= settings.coldStartNegatives,
                Double(k) >= settings.coldStartShare * Double(n)
            {
                result.firing = true
                result.quiet = false
                result.best = bucketTest(index - 1 >= max(first, windowFloor) ? 2 : 1, n, k, 0, 0)
                result.best!.test = .coldStart
            }
            return result
        }
        if settings.cumulativeThreshold > 0, let run = result.cumulative?.strongest,
            // A run is evidence gathered over hours: past its first two buckets (a sudden wave), it needs the
            // negatives a window needs besides those of its busiest bucket, so that a quiet brand's few angry
            // mentions at night, added to a normal day's, are not a crisis: one burst is the windows' to judge.
            // Its excess needs the windows' minimum too.
            run.score >= settings.cumulativeThreshold,
            run.negatives - (index - run.start < 2 ? 0 : run.largest) >= settings.minimumNegatives,
            Double(run.negatives) - max(run.expected, run.seasonal) >= settings.minimumExcessNegatives,
            Double(run.negatives) >= settings.minimumBaselineRatio * run.seasonal
        {
            result.firing = true
            result.best = bucketTest(
                Int(index - run.start) + 1, mentions, run.negatives, run.seasonal, Foundation.exp(-run.score))
            result.best!.test = .cumulative
        }
        let countTestReady = shareMentions >= Double(settings.countTestMinimumMentions)
        let floor = max(first, windowFloor)
        var lastLength = 0
        for window in windows {
            let start = max(index - Int64(window) + 1, floor)
            let length = Int(index - start) + 1
            if length <= lastLength { continue }
            lastLength = length
            var n = mentions
            var k = negatives
            var seasonalVolume = expected >= 0 ? expected : (expected == -2 ? Double(mentions) : 0)
            var seasonalKnown = expected != -2
            var back = index - 1
            while back >= start {
                let slot = Int(back.floorModulo(Int64(historySize)))
                n += Int(historyMentions[slot])
                k += Int(historyNegatives[slot])
                let e = historyExpected[slot]
                seasonalVolume += e >= 0 ? e : (e == -2 ? Double(historyMentions[slot]) : 0)
                if e == -2 { seasonalKnown = false }
                back -= 1
            }
            guard k > 0 else { continue }
            let law = BetaBinomial(trials: n, alpha: alpha, beta: beta)
            let mean = law.mean
            let z = (Double(k) - mean) / max(law.variance.squareRoot(), 1e-9)
            let seasonal = seasonalVolume * share
            // Enough negatives, and enough beyond both baselines (the window's volume at the usual share, and
            // what is normal at these hours), that a few angry mentions on a quiet brand cannot fire.
            let countsEnough =
                k >= settings.minimumNegatives && Double(k) - max(mean, seasonal) >= settings.minimumExcessNegatives
                && Double(k) >= settings.minimumBaselineRatio * seasonal
            // Only tails that could matter are summed: z under 2 is above a 2 % chance anyway.
            guard z >= 2 else { continue }
            let p = law.upperTail(atLeast: k)
            if length <= settings.resolveAfterQuietBuckets || length == 1, k >= settings.minimumNegatives,
                p <= settings.quietProbability
            {
                result.quiet = false
            }
            // The count test: negatives against those normal at these hours (only once the profile is known).
            var countProbability = 1.0
            if seasonalKnown && countTestReady && p <= settings.confirmingProbability {
                countProbability = NegativeBinomial(
                    mean: max(seasonal, 0.01), size: settings.volumeShape(buckets: length)
                )
                .upperTail(atLeast: k)
            }
            // Early (partial-bucket) decisions scale the count threshold down with the share threshold.
            let countThreshold = settings.countFalseAlarmProbability * threshold / settings.falseAlarmProbability
            let significant =
                p <= threshold || (p <= settings.confirmingProbability && countProbability <= countThreshold)
            guard countsEnough, significant else { continue }
            result.firing = true
            var test = bucketTest(length, n, k, seasonal, min(p, countProbability))
            test.test = p <= threshold ? .share : .count
            if Double(k) >= settings.criticalBaselineRatio * seasonal
                && Double(k) - seasonal >= settings.criticalMinimumExcess
            {
                result.severity = .critical
            }
            if result.best == nil || test.probability < result.best!.probability { result.best = test }
        }
        return result
    }

    private func makeAlert(
        _ kind: Alert.Kind, severity: Alert.Severity, index: Int64, raisedAt: Int64, incident: Int64, test: WindowTest
    ) -> Alert {
        var quoted: [AlertMention] = []
        if settings.evidenceMentions > 0 {
            for back in 0..<min(test.buckets, longestWindow) {
                quoted += recentEvidence[Int((index - Int64(back)).floorModulo(Int64(longestWindow)))]
            }
            quoted.sort { $0.score < $1.score }
            quoted = Array(quoted.prefix(settings.evidenceMentions))
        }
        let evidence = AlertEvidence(
            mentions: test.bucketMentions, negatives: test.bucketNegatives, baseline: test.bucketBaseline,
            negativeShare: test.bucketMentions > 0 ? Double(test.bucketNegatives) / Double(test.bucketMentions) : 0,
            usualNegativeShare: test.usualShare, windowBuckets: test.buckets, windowMentions: test.mentions,
            windowNegatives: test.negatives, windowBaseline: test.seasonalNegatives, probability: test.probability,
            test: test.test, windowStart: (index - Int64(test.buckets) + 1) * settings.bucketSeconds)
        return Alert(
            brand: brand, kind: kind, severity: severity, bucketStart: index * settings.bucketSeconds,
            raisedAt: raisedAt, incidentStart: incident * settings.bucketSeconds, evidence: evidence,
            mostNegative: quoted)
    }
}
