import VigieCore

/// Reads and writes durations the way people write them in `vigie.yaml`:
/// `30s`, `15m`, `1h`, `1h30m`, `2d`.
public enum DurationText {
    /// Reads a duration made of whole numbers with units `s`, `m`, `h`, `d`,
    /// largest first (`1h30m`, not `30m1h`). Returns `nil` for anything else,
    /// a bare number included (the unit is never guessed).
    public static func parse(_ text: String) -> Duration? {
        let units: [(Character, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var seconds: Int64 = 0
        var number: Int64?
        var lastUnitIndex = -1
        for character in text.trimmedOfWhitespace {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2, sum < 1_000_000_000 else { return nil }
                number = sum
            } else if let unitIndex = units.firstIndex(where: { $0.0 == character }) {
                guard let value = number, unitIndex > lastUnitIndex else { return nil }
                seconds += value * units[unitIndex].1
                lastUnitIndex = unitIndex
                number = nil
            } else {
                return nil
            }
        }
        guard number == nil, lastUnitIndex >= 0 else { return nil }
        return .seconds(seconds)
    }

    /// Writes a duration back in the shortest form: `1h30m`, `45s`, `0s`.
    public static func format(_ duration: Duration) -> String {
        var remaining = duration.components.seconds
        guard remaining > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where remaining >= size {
            text += "\(remaining / size)\(unit)"
            remaining %= size
        }
        return text
    }
}

extension String {
    /// The lines of the text, split on `\n` scalars (a `\r\n` pair is one
    /// `Character`, so splitting on characters would miss Windows line ends),
    /// without their `\r`.
    func lines() -> [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = String.UnicodeScalarView(line)
            if line.last == "\r" { line.removeLast() }
            return String(line)
        }
    }
}
