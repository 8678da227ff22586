import Foundation
import VigieCore

/// Where a bucket falls in its brand's local days: the day (counted from 1970-01-01, local) and the slot of
/// that day (`0..<86_400 / bucketSeconds`). With UTC, a bucket's index divided by the slots of a day.
struct LocalPosition: Sendable, Hashable {
    var day: Int64
    var slot: Int

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    var weekday: Int { Int((day.floorModulo(7) + 3) % 7) }
}

/// Turns bucket indexes into positions in the local days of a time zone, daylight-saving changes
/// included (a local day of 23 or 25 hours skips or repeats a slot). The UTC offset is looked up once
/// per stretch between two transitions, so this costs an addition per bucket.
struct LocalDays: Sendable {
    let timeZone: TimeZone
    private let bucketSeconds: Int64
    /// The offset in force over `validFrom..<validUntil` (seconds since 1970 UTC).
    private var offset: Int64 = 0
    private var validFrom: Int64 = .max
    private var validUntil: Int64 = .min

    init(timeZone: TimeZone, bucketSeconds: Int64) {
        self.timeZone = timeZone
        self.bucketSeconds = bucketSeconds
    }

    mutating func position(of index: Int64) -> LocalPosition {
        let time = index * bucketSeconds
        if time < validFrom || time >= validUntil { lookUp(time) }
        let local = time + offset
        return LocalPosition(day: local.floorDivided(by: 86_400), slot: Int(local.floorModulo(86_400) / bucketSeconds))
    }

    private mutating func lookUp(_ time: Int64) {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        offset = Int64(timeZone.secondsFromGMT(for: date))
        validFrom = time
        validUntil =
            timeZone.nextDaylightSavingTimeTransition(after: date).map { Int64($0.timeIntervalSince1970) } ?? .max
    }
}
