import Foundation

/// Writes instants as ISO 8601 local times with their UTC offset
/// (`2026-03-29T03:00:00+02:00`) in one time zone, fast enough for millions of rows.
///
/// The zone's offset is looked up once per quarter hour of UTC time (every
/// zone's offset changes on one) and remembered for the next row, which in an
/// export sorted by time is nearly always in the same quarter hour.
public struct ExportTimestamp: Sendable {
    /// The zone the times are written in.
    public let timeZone: TimeZone
    private var cachedSlot: Int64 = .min
    private var cachedOffset: Int64 = 0

    /// A formatter for `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// `date` (truncated to the second) as `YYYY-MM-DDThh:mm:ss±hh:mm`.
    public mutating func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `date` as `YYYY-MM-DDThh:mm:ss±hh:mm` to `bytes`.
    public mutating func append(_ date: Date, to bytes: inout [UInt8]) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let slot = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        if slot != cachedSlot {
            cachedSlot = slot
            cachedOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(slot * 900))))
        }
        let local = seconds + cachedOffset
        var days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: cachedOffset < 0 ? "-" : "+"))
        let offset = abs(cachedOffset)
        digits(offset / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(offset / 60 % 60, 2)
    }
}
