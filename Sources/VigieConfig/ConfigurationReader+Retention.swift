import VigieCore
import Yams

extension ConfigurationReader {
    /// The shortest retention: the crisis detector rebuilds its baselines from the last 35 days of mentions
    /// when the watcher starts.
    static let minimumRetention = Duration.seconds(35 * 86_400)

    /// Reads `retention:` (`400d`, `90d`, or `forever`), reporting a problem with its line.
    mutating func readRetention(_ node: Node?) -> Duration? {
        guard let node, node.null == nil else { return nil }
        guard let text = node.scalar?.string else {
            problem(node, "retention", "expected a duration such as 90d or 400d, or forever")
            return nil
        }
        if text.trimmedOfWhitespace == "forever" { return nil }
        guard let duration = DurationText.parse(text) else {
            problem(node, "retention", "bad duration \"\(text)\": write one such as 90d or 400d, or forever")
            return nil
        }
        guard duration >= Self.minimumRetention else {
            problem(
                node, "retention",
                "\(text) is too short: keep at least 35d (the crisis detector rebuilds its baselines from the "
                    + "last 35 days of mentions when the watcher starts)")
            return nil
        }
        return duration
    }
}
