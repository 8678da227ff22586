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
        guard let date = TimeBoundText.date(text, now: now) else { return nil }
        self.date = date
    }

    static var defaultValueDescription: String { "24h" }
}
