import Foundation

/// How the crisis detector decides. Every setting trades sensitivity against false alarms or delay;
/// `docs/DETECTION.md` says what each one trades. The defaults are the ones `vigie backtest` uses.
public struct DetectorSettings: Sendable, Hashable, Codable {
    /// Length of a bucket in seconds (default one hour). Must divide a day.
    public var bucketSeconds: Int64
    /// A mention is negative when its compound score is at or under this value.
    public var negativeThreshold: Double
    /// The windows tested at each bucket, in buckets, each ending with the bucket just closed. Short windows
    /// catch sudden waves early; long ones catch slow ramps and subtle plateaus.
    public var windows: [Int]
    /// Chance, under normal conditions, that one window test fires at one bucket. The false-alarm budget.
    public var falseAlarmProbability: Double
    /// A window whose share test alone is not enough still fires when its share test is under this chance
    /// and its count test (negatives against the seasonal baseline) under ``falseAlarmProbability``: at night
    /// the count is the stronger evidence, and the share test still keeps volume surges out.
    public var confirmingProbability: Double
    /// Chance, under normal conditions, that one window's count test fires at one bucket. The count test
    /// only decides together with a share test under ``confirmingProbability``, so it can afford a looser
    /// threshold than ``falseAlarmProbability``.
    public var countFalseAlarmProbability: Double
    /// The count test is used only for a brand with at least this many mentions in its share history: the
    /// hourly baseline of a very quiet brand, learnt from a few mentions, is too uncertain to call five
    /// negative mentions a crisis (such a brand relies on the share test alone).
    public var countTestMinimumMentions: Int
    /// Squared coefficient of variation of one bucket's volume around the profile (hour-to-hour noise).
    public var hourlyVolumeDispersion: Double
    /// Squared coefficient of variation shared by a whole day (day-to-day noise, profile error).
    public var dailyVolumeDispersion: Double
    /// Stricter chance used for an early decision inside a bucket that has not closed yet (in place of
    /// ``falseAlarmProbability``; the count test's threshold is scaled down by the same factor). A watcher
    /// judges the bucket in progress at every negative mention, many looks an hour, so the early test must
    /// be far stricter than the one at the bucket's close for the looks not to add false alarms.
    public var earlyFalseAlarmProbability: Double
    /// Threshold of the cumulative test, on the log-likelihood ratio that the brand's negatives have been
    /// running above their usual rate since the test last started over (a CUSUM per size of excess: one,
    /// two, … 128 times the brand's usual negatives an hour). Each hour adds the evidence of its
    /// negatives against those expected from its own volume and the usual share, so a slow rise accumulates
    /// evidence hour by hour instead of waiting for one window to stand out. Lower: earlier alerts on slow
    /// ramps, more false alarms. `0` turns the test off.
    public var cumulativeThreshold: Double
    /// Until a brand's detector is warm (``warmupBuckets`` and ``warmupMinimumMentions``), the cold-start
    /// rule alone can raise an alert: at least this many negative mentions in the bucket in progress and the
    /// one before, making at least ``coldStartShare`` of their mentions. No ordinary hour of a brand reaches
    /// it; a brand just added, or one too quiet ever to warm up, is still heard when a wave comes. `0` turns
    /// the rule off.
    public var coldStartNegatives: Int
    /// The share of negatives the cold-start rule needs (see ``coldStartNegatives``).
    public var coldStartShare: Double
    /// A window needs at least this many negative mentions to raise an alert.
    public var minimumNegatives: Int
    /// A window needs at least this many negatives above its baseline: above what the usual share predicts
    /// from the window's mentions, and above what is normal at these hours. The default, 4, is one more than
    /// the few (up to three) angry mentions a quiet brand gets now and then: such a burst alone never fires.
    public var minimumExcessNegatives: Double
    /// A window's negatives must be at least this multiple of the seasonal baseline, so a rising share
    /// caused by falling volume (positive sources going quiet) is not a crisis.
    public var minimumBaselineRatio: Double
    /// How many past buckets the usual negative share is taken from (incident buckets left out).
    public var shareHistoryBuckets: Int
    /// Cap on the weight of the share history, in mentions: it keeps a very busy brand's share estimate from
    /// looking more certain than a slowly drifting share allows.
    public var shareHistoryMaximumWeight: Double
    /// Buckets of history needed before any alert (the warm-up).
    public var warmupBuckets: Int
    /// Mentions needed in the share history before any alert.
    public var warmupMinimumMentions: Int
    /// The time zone whose days and weeks the volume profile follows (the brand's market): the hour-of-day
    /// slots and the weekday factors start at its local midnight, daylight-saving changes included. With
    /// UTC (the default), a New York brand's Saturday would start at 19:00 or 20:00 on Friday.
    public var timeZone: TimeZone
    /// Weight of each new day in the time-of-day volume profile (exponential forgetting).
    public var profileDayWeight: Double
    /// Weight of each new week in the day-of-week volume factors.
    public var profileWeekWeight: Double
    /// An empty bucket where at least this many mentions were expected is treated as missing data
    /// (a feed outage), not as silence.
    public var missingDataExpectedMentions: Double
    /// A bucket with more than this multiple of its expected volume is a surge: it is learnt as if it had
    /// that many mentions, so a launch or a viral post does not drag the usual share and volume with it.
    public var surgeCap: Double
    /// A test whose chance is above this counts as quiet, for resolution.
    public var quietProbability: Double
    /// Consecutive quiet buckets that resolve an incident.
    public var resolveAfterQuietBuckets: Int
    /// Buckets after a resolution during which a new wave reopens the same incident instead of raising a
    /// new alert.
    public var cooldownBuckets: Int
    /// An incident still open after this many buckets is resolved and its level becomes the new normal.
    public var maximumIncidentBuckets: Int
    /// `critical` when a window's negatives reach this multiple of the seasonal baseline …
    public var criticalBaselineRatio: Double
    /// … and exceed it by at least this many mentions.
    public var criticalMinimumExcess: Double
    /// How many of the most negative mentions an alert quotes.
    public var evidenceMentions: Int

    /// The shape of the gamma law of a window's volume around its profile: ``hourlyVolumeDispersion`` averaged
    /// over the window's `buckets`, plus ``dailyVolumeDispersion`` (the larger, the steadier the volume).
    func volumeShape(buckets: Int) -> Double {
        1 / (hourlyVolumeDispersion / Double(buckets) + dailyVolumeDispersion)
    }

    /// The default settings (hourly buckets).
    public init(
        bucketSeconds: Int64 = 3600,
        negativeThreshold: Double = -0.05,
        windows: [Int] = [1, 2, 4, 8, 16, 24],
        falseAlarmProbability: Double = 1e-5,
        confirmingProbability: Double = 3e-3,
        countFalseAlarmProbability: Double = 1e-4,
        countTestMinimumMentions: Int = 100,
        hourlyVolumeDispersion: Double = 0.1,
        dailyVolumeDispersion: Double = 0.05,
        earlyFalseAlarmProbability: Double = 3e-7,
        cumulativeThreshold: Double = 10,
        coldStartNegatives: Int = 20,
        coldStartShare: Double = 0.6,
        minimumNegatives: Int = 5,
        minimumExcessNegatives: Double = 4,
        minimumBaselineRatio: Double = 1.5,
        shareHistoryBuckets: Int = 168,
        shareHistoryMaximumWeight: Double = 1000,
        warmupBuckets: Int = 168,
        warmupMinimumMentions: Int = 50,
        timeZone: TimeZone = .gmt,
        profileDayWeight: Double = 0.1,
        profileWeekWeight: Double = 0.3,
        missingDataExpectedMentions: Double = 5,
        surgeCap: Double = 2,
        quietProbability: Double = 0.01,
        resolveAfterQuietBuckets: Int = 3,
        cooldownBuckets: Int = 24,
        maximumIncidentBuckets: Int = 72,
        criticalBaselineRatio: Double = 5,
        criticalMinimumExcess: Double = 20,
        evidenceMentions: Int = 5
    ) {
        self.bucketSeconds = bucketSeconds
        self.negativeThreshold = negativeThreshold
        self.windows = windows
        self.falseAlarmProbability = falseAlarmProbability
        self.confirmingProbability = confirmingProbability
        self.countFalseAlarmProbability = countFalseAlarmProbability
        self.countTestMinimumMentions = countTestMinimumMentions
        self.hourlyVolumeDispersion = hourlyVolumeDispersion
        self.dailyVolumeDispersion = dailyVolumeDispersion
        self.earlyFalseAlarmProbability = earlyFalseAlarmProbability
        self.cumulativeThreshold = cumulativeThreshold
        self.coldStartNegatives = coldStartNegatives
        self.coldStartShare = coldStartShare
        self.minimumNegatives = minimumNegatives
        self.minimumExcessNegatives = minimumExcessNegatives
        self.minimumBaselineRatio = minimumBaselineRatio
        self.shareHistoryBuckets = shareHistoryBuckets
        self.shareHistoryMaximumWeight = shareHistoryMaximumWeight
        self.warmupBuckets = warmupBuckets
        self.warmupMinimumMentions = warmupMinimumMentions
        self.timeZone = timeZone
        self.profileDayWeight = profileDayWeight
        self.profileWeekWeight = profileWeekWeight
        self.missingDataExpectedMentions = missingDataExpectedMentions
        self.surgeCap = surgeCap
        self.quietProbability = quietProbability
        self.resolveAfterQuietBuckets = resolveAfterQuietBuckets
        self.cooldownBuckets = cooldownBuckets
        self.maximumIncidentBuckets = maximumIncidentBuckets
        self.criticalBaselineRatio = criticalBaselineRatio
        self.criticalMinimumExcess = criticalMinimumExcess
        self.evidenceMentions = evidenceMentions
    }

    /// These settings with `brand`'s own time zone, when `timeZones` has one (a brand's `timezone:`).
    public func forBrand(_ brand: String, timeZones: [String: TimeZone]) -> DetectorSettings {
        guard let zone = timeZones[brand] else { return self }
        var settings = self
        settings.timeZone = zone
        return settings
    }

    /// Checks that the settings can work together.
    /// - Throws: ``DetectError`` with code `invalidSettings`, naming the setting.
    public func validate() throws {
        func fail(_ message: String) throws -> Never { throw DetectError(.invalidSettings, message) }
        if bucketSeconds <= 0 || 86_400 % bucketSeconds != 0 {
            try fail("bucketSeconds must divide a day (86400 s), got \(bucketSeconds)")
        }
        if windows.isEmpty || windows.contains(where: { $0 < 1 }) {
            try fail("windows must list at least one window of 1 bucket or more")
        }
        if windows.max()! > shareHistoryBuckets {
            try fail(
                "the longest window (\(windows.max()!)) cannot exceed shareHistoryBuckets (\(shareHistoryBuckets))")
        }
        for (name, p) in [
            ("falseAlarmProbability", falseAlarmProbability),
            ("earlyFalseAlarmProbability", earlyFalseAlarmProbability),
            ("quietProbability", quietProbability), ("confirmingProbability", confirmingProbability),
            ("countFalseAlarmProbability", countFalseAlarmProbability),
        ] where !(p > 0 && p < 1) {
            try fail("\(name) must be strictly between 0 and 1, got \(p)")
        }
        for (name, w) in [("profileDayWeight", profileDayWeight), ("profileWeekWeight", profileWeekWeight)]
        where !(w > 0 && w <= 1) {
            try fail("\(name) must be in (0, 1], got \(w)")
        }
        if negativeThreshold < -1 || negativeThreshold > 1 {
            try fail("negativeThreshold must be in [-1, 1], got \(negativeThreshold)")
        }
        if !(hourlyVolumeDispersion > 0) || !(dailyVolumeDispersion >= 0) {
            try fail("hourlyVolumeDispersion must be positive and dailyVolumeDispersion not negative")
        }
        if surgeCap < 1 { try fail("surgeCap must be at least 1, got \(surgeCap)") }
        if shareHistoryMaximumWeight < 1 { try fail("shareHistoryMaximumWeight must be at least 1") }
        if resolveAfterQuietBuckets < 1 { try fail("resolveAfterQuietBuckets must be at least 1") }
        if maximumIncidentBuckets < 1 { try fail("maximumIncidentBuckets must be at least 1") }
        if minimumNegatives < 1 { try fail("minimumNegatives must be at least 1") }
        if warmupBuckets < 0 || cooldownBuckets < 0 || evidenceMentions < 0 {
            try fail("warmupBuckets, cooldownBuckets and evidenceMentions cannot be negative")
        }
    }
}
