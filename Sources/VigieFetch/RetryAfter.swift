import Foundation

/// Reads a `Retry-After` header: delay-seconds or an HTTP date.
enum RetryAfter {
    /// The delay the header asks for, from `now`; `nil` when unreadable.
    static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up))))
            }
        }
        return nil
    }
}
