extension Duration {
    /// The duration for a person, in at most two adjacent units: "45 s",
    /// "2 min", "1 h 30 min", "1 day", "3 days 4 h", "292471208677 years"
    /// (a year is 365 days). Fractions of a second are dropped; negative
    /// durations read as "0 s".
    public var words: String {
        let units: [(size: Int64, one: String, many: String)] = [
            (365 * 86_400, "year", "years"), (86_400, "day", "days"), (3_600, "h", "h"), (60, "min", "min"),
            (1, "s", "s"),
        ]
        let total = max(components.seconds, 0)
        guard let first = units.firstIndex(where: { total >= $0.size }) else { return "0 s" }
        func part(_ count: Int64, _ unit: (size: Int64, one: String, many: String)) -> String {
            "\(count) \(count == 1 ? unit.one : unit.many)"
        }
        var text = part(total / units[first].size, units[first])
        if first + 1 < units.count {
            let next = units[first + 1]
            let rest = total % units[first].size / next.size
            if rest > 0 { text += " " + part(rest, next) }
        }
        return text
    }
}
