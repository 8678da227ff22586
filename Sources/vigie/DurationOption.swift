import ArgumentParser
import Foundation
import VigieConfig
import VigieCore

/// A time window given on the command line: `24h`, `7d`, `90m`, or an RFC 3339 date.
struct TimeBound: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        self.init(argument, now: Date())
    }

    init?(_ text: String, now: Date) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("d"), let days = Double(trimmed.dropLast()), days >= 0 {
            date = now.addingTimeInterval(-days * 86_400)
        } else if trimmed.hasSuffix("w"), let weeks = Double(trimmed.dropLast()), weeks >= 0 {
            date = now.addingTimeInterval(-weeks * 7 * 86_400)
        } else if let duration = DurationText.parse(trimmed) {
            let (seconds, _) = duration.components
            date = now.addingTimeInterval(-Double(seconds))
        } else if let absolute = RFC3339.date(trimmed) ?? RFC3339.date(trimmed + "T00:00:00Z") {
            date = absolute
        } else {
            return nil
        }
    }

    static var defaultValueDescription: String { "24h" }
}
