import Foundation

/// Writes instants as ISO 8601 local times with their UTC offset
/// (`2026-03-29T03:00:00+02:00`), or as the local date-time and offset a spreadsheet
/// reads (`2026-03-29 03:00:00`, `UTC+02:00`), in one time zone, fast enough for millions of rows.
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
        let offset = appendLocal(date, separator: UInt8(ascii: "T"), to: &bytes)
        Self.appendOffset(offset, to: &bytes)
    }

    /// The zone's offset from UTC at `date`, in seconds, and `date` as seconds since 1970-01-01 00:00 on
    /// the zone's wall clock (what a spreadsheet's date serial counts).
    public mutating func local(_ date: Date) -> (seconds: Int64, offset: Int64) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let slot = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        if slot != cachedSlot {
            cachedSlot = slot
            cachedOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(slot * 900))))
        }
        return (seconds + cachedOffset, cachedOffset)
    }

    /// Appends `date` as the local `YYYY-MM-DD`, `separator`, `hh:mm:ss` to `bytes` and returns the zone's
    /// offset then, in seconds.
    @discardableResult
    public mutating func appendLocal(_ date: Date, separator: UInt8, to bytes: inout [UInt8]) -> Int64 {
        let (local, offset) = local(date)
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
        Self.digits(year, 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.digits(month, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.digits(day, 2, to: &bytes)
        bytes.append(separator)
        Self.digits(secondOfDay / 3600, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.digits(secondOfDay / 60 % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.digits(secondOfDay % 60, 2, to: &bytes)
        return offset
    }

    /// Appends an offset of `seconds` from UTC as `±hh:mm`.
    public static func appendOffset(_ seconds: Int64, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: seconds < 0 ? "-" : "+"))
        let offset = abs(seconds)
        digits(offset / 3600, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(offset / 60 % 60, 2, to: &bytes)
    }

    /// Appends the offset of `seconds` from UTC as `UTC±hh:mm`: text in every spreadsheet (a cell
    /// starting with `+` or `-` would be a number or, in Excel, a formula).
    public static func appendOffsetLabel(_ seconds: Int64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "UTC".utf8)
        appendOffset(seconds, to: &bytes)
    }

    /// The offset of `seconds` from UTC as `UTC±hh:mm` (see ``appendOffsetLabel(_:to:)``).
    public static func offsetLabel(_ seconds: Int64) -> String {
        var bytes: [UInt8] = []
        appendOffsetLabel(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func digits(_ value: Int64, _ count: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
