import Foundation

/// Reads a `Retry-After` header: delay-seconds or an HTTP date.
///
/// Any value a server sends is read without overflow: a delay too large for a
/// 64-bit number of seconds reads as `Int64.max` seconds (about 292 billion
/// years), a date in the past as no wait at all, and anything else (a negative
/// number, a fraction, words) as unreadable. The fetcher caps what it applies
/// at ``FetchPolicy/maximumRetryAfter``.
enum RetryAfter {
    /// The delay the header asks for, from `now`, in whole seconds; `nil` when unreadable.
    static func seconds(in value: String, now: Date) -> Int64? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            var seconds: Int64 = 0
            for digit in trimmed.utf8 {
                let (shifted, overflowA) = seconds.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
                if overflowA || overflowB { return .max }
                seconds = sum
            }
            return seconds
        }
        guard let date = httpDate(trimmed) else { return nil }
        return wholeSeconds(date.timeIntervalSince(now))
    }

    /// The delay the header asks for, as a `Duration`; `nil` when unreadable.
    static func parse(_ value: String, now: Date) -> Duration? {
        seconds(in: value, now: now).map { .seconds($0) }
    }

    /// A time interval rounded up to whole seconds, clamped to `0...Int64.max`.
    static func wholeSeconds(_ interval: TimeInterval) -> Int64? {
        guard !interval.isNaN else { return nil }
        if interval <= 0 { return 0 }
        // Int64.max is not representable as a Double: 2^63 is the first value that is too large.
        if interval >= 9_223_372_036_854_775_808.0 { return .max }
        return Int64(interval.rounded(.up))
    }

    /// The three date formats of RFC 9110 (IMF-fixdate, RFC 850, asctime).
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
