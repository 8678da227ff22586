import Foundation
import VigieCore

/// Reads a point in time the way `--since`/`--until` and the `vigie serve` query strings take it: a
/// duration back from now (`24h`, `7d`, `2w`, `90m`, `1h30m`) or an RFC 3339 time (a bare date is its UTC
/// midnight).
public enum TimeBoundText {
    /// The forms accepted, in words, for error messages.
    public static let forms = "a duration back from now such as 24h, 7d, 2w or 90m, or an RFC 3339 time"

    /// The time `text` names relative to `now`, or `nil` when it is none of the accepted forms.
    public static func date(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("d"), let days = Double(trimmed.dropLast()), days >= 0, days.isFinite {
            return now.addingTimeInterval(-days * 86_400)
        } else if trimmed.hasSuffix("w"), let weeks = Double(trimmed.dropLast()), weeks >= 0, weeks.isFinite {
            return now.addingTimeInterval(-weeks * 7 * 86_400)
        } else if let duration = DurationText.parse(trimmed) {
            let (seconds, _) = duration.components
            return now.addingTimeInterval(-Double(seconds))
        } else if let absolute = RFC3339.date(trimmed) ?? RFC3339.date(trimmed + "T00:00:00Z") {
            return absolute
        }
        return nil
    }
}
