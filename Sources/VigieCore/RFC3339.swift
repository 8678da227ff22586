import Foundation

/// RFC 3339 timestamps read and written by hand, the one implementation every stage and command
/// uses: a backtest reads millions of them, and neither `DateFormatter` nor `ISO8601DateFormatter`
/// is fast enough for that.
public enum RFC3339 {
    /// Reads `2024-05-01T08:00:00Z`, `2024-05-01 08:00:00.250+02:00` and the like.
    ///
    /// The separator may be `T`, `t` or a space; the offset `Z`, `z` or `±HH:MM`; fractions of a second are
    /// accepted and dropped (rounded towards the past).
    /// - Returns: seconds since 1970-01-01T00:00:00Z, or nil when the text is not such a timestamp.
    public static func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Reads a timestamp from raw UTF-8 bytes; see ``parse(_:)-(String)``.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        guard count >= 20 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let b = bytes[i] &- 48
            return b < 10 ? Int(b) : nil
        }
        @inline(__always) func number(_ i: Int, _ width: Int) -> Int? {
            var value = 0
            for j in i..<(i + width) {
                guard let d = digit(j) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
            let day = number(8, 2), bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
            let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58,
            let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second <= 60
        else { return nil }
        var i = 19
        if bytes[i] == 46 {  // '.'
            i += 1
            let digits = i
            while i < count, digit(i) != nil { i += 1 }
            guard i > digits else { return nil }
        }
        guard i < count else { return nil }
        var offset = 0
        switch bytes[i] {
        case 90, 122:  // Z z
            i += 1
        case 43, 45:  // + -
            guard i + 6 == count, let oh = number(i + 1, 2), bytes[i + 3] == 58, let om = number(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 60 + om) * 60 * (bytes[i] == 45 ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == count else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59) - offset)
    }

    /// Writes `date` as `YYYY-MM-DDTHH:MM:SSZ` (in UTC, fractions of a second dropped towards the past).
    public static func format(_ date: Date) -> String {
        format(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Reads a timestamp as a `Date`; see ``parse(_:)-(String)``.
    public static func date(_ text: String) -> Date? {
        parse(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Writes `seconds` since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        var out = [UInt8]()
        out.reserveCapacity(20)
        append(seconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `date` as `YYYY-MM-DDTHH:MM:SSZ` to UTF-8 bytes, without making a `String`:
    /// `vigie parse` writes two per entry.
    public static func append(_ date: Date, to out: inout [UInt8]) {
        append(Int64(date.timeIntervalSince1970.rounded(.down)), to: &out)
    }

    /// Appends `seconds` since 1970 as `YYYY-MM-DDTHH:MM:SSZ` to UTF-8 bytes.
    public static func append(_ seconds: Int64, to out: inout [UInt8]) {
        let days = seconds >= 0 || seconds % 86_400 == 0 ? seconds / 86_400 : seconds / 86_400 - 1
        let inDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        @inline(__always) func two(_ value: Int) {
            out.append(UInt8(48 + value / 10))
            out.append(UInt8(48 + value % 10))
        }
        if (0..<10_000).contains(year) {
            two(year / 100)
            two(year % 100)
        } else {
            out += Array("\(year)".utf8)
        }
        out.append(45)
        two(month)
        out.append(45)
        two(day)
        out.append(84)
        two(inDay / 3600)
        out.append(58)
        two(inDay / 60 % 60)
        out.append(58)
        two(inDay % 60)
        out.append(90)
    }

    static func daysIn(month: Int, year: Int) -> Int { CivilDate.daysIn(month: month, year: year) }

    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        CivilDate.date(fromDays: Int(days))
    }
}
