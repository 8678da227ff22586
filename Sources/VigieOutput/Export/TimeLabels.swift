import Foundation
import VigieCore
import VigieStore

/// Time-axis labels for a bucket width, in the chart's zone (English month names, no locale surprises).
struct TimeLabels {
    private let shortFormat: DateFormatter
    private let longFormat: DateFormatter

    init(width: TimelineBucket.Width, timeZone: TimeZone) {
        func formatter(_ pattern: String) -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            return formatter
        }
        switch width {
        case .hour:
            shortFormat = formatter("d MMM HH:mm")
            longFormat = formatter("EEE d MMM yyyy HH:mm")
        case .day:
            shortFormat = formatter("EEE d MMM")
            longFormat = formatter("EEE d MMM yyyy")
        case .week:
            shortFormat = formatter("d MMM yy")
            longFormat = formatter("'week of' EEE d MMM yyyy")
        }
    }

    func short(_ date: Date) -> String { shortFormat.string(from: date) }
    func long(_ date: Date) -> String { longFormat.string(from: date) }

    /// Label every `step`-th bucket so that labels (about 80 px wide) do not overlap.
    static func step(count: Int, slotWidth: Double) -> Int {
        guard count > 0, slotWidth > 0 else { return 1 }
        let raw = Int((90 / slotWidth).rounded(.up))
        for nice in [1, 2, 3, 4, 6, 7, 12, 14, 24, 28, 48, 56, 168] where nice >= raw { return nice }
        return raw
    }
}
