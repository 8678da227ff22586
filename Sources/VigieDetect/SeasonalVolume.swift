import VigieCore

/// What volume is normal for a brand at a given bucket: a time-of-day profile times a day-of-week factor,
/// both learnt with exponential forgetting so slow trends and level shifts are followed within days.
///
/// Days and weeks are those of ``DetectorSettings/timeZone`` (UTC by default), as ``LocalDays`` places
/// each bucket: a brand's weekend starts at its own midnight.
struct SeasonalVolume: Sendable {
    private let slotsPerDay: Int
    private let dayWeight: Double
    private let weekWeight: Double
    /// Mean mentions per slot of the day.
    private var slotMean: [Double]
    private var slotSamples: [Int]
    /// Ratio of a weekday's volume to what the time-of-day profile predicts.
    private var dayFactor: [Double]
    private var daySamples: [Int]
    /// The day being accumulated: its index, what was seen and what the profile expected (present slots only).
    private var currentDay: Int64 = .min
    private var currentObserved = 0.0
    private var currentExpected = 0.0

    init(bucketSeconds: Int64, dayWeight: Double, weekWeight: Double) {
        slotsPerDay = Int(86_400 / bucketSeconds)
        self.dayWeight = dayWeight
        self.weekWeight = weekWeight
        slotMean = Array(repeating: 0, count: slotsPerDay)
        slotSamples = Array(repeating: 0, count: slotsPerDay)
        dayFactor = Array(repeating: 1, count: 7)
        daySamples = Array(repeating: 0, count: 7)
    }

    /// Whether this slot of the day has been seen often enough to be trusted.
    func isKnown(_ position: LocalPosition) -> Bool { slotSamples[position.slot] >= 3 }

    /// The expected number of mentions in the bucket at `position` (0 while its slot is unknown).
    func expected(_ position: LocalPosition) -> Double {
        slotMean[position.slot] * dayFactor[position.weekday]
    }

    /// Learns from one bucket of normal activity.
    mutating func learn(_ position: LocalPosition, mentions: Int) {
        if position.day != currentDay { closeDay(next: position.day) }
        let s = position.slot
        let factor = dayFactor[position.weekday]
        if slotSamples[s] > 0 {
            currentObserved += Double(mentions)
            currentExpected += slotMean[s] * factor
        }
        // The profile learns the volume with the weekday effect taken out.
        let value = Double(mentions) / factor
        slotSamples[s] += 1
        let weight = max(dayWeight, 1 / Double(slotSamples[s]))
        slotMean[s] += weight * (value - slotMean[s])
    }

    private mutating func closeDay(next: Int64) {
        if currentDay != .min && currentExpected > 0 {
            let w = LocalPosition(day: currentDay, slot: 0).weekday
            let ratio = min(max(currentObserved / currentExpected, 0.2), 5) * dayFactor[w]
            daySamples[w] += 1
            let weight = max(weekWeight, 1 / Double(daySamples[w] + 1))
            dayFactor[w] += weight * (ratio - dayFactor[w])
        }
        currentDay = next
        currentObserved = 0
        currentExpected = 0
    }
}
