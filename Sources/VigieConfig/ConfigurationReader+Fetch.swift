import Yams

extension ConfigurationReader {
    private static let fetchKeys = ["allow_private_redirects"]

    /// Reads `fetch:`, reporting every problem with its path and line.
    mutating func readFetch(_ node: Node?) -> FetchSettings {
        var settings = FetchSettings()
        guard let node, node.null == nil else { return settings }
        let keys = mapping(node, "fetch", allowed: Self.fetchKeys)
        if let entry = keys["allow_private_redirects"] {
            if let value = entry.node.bool {
                settings.allowPrivateRedirects = value
            } else {
                problem(entry.node, "fetch.allow_private_redirects", "expected true or false")
            }
        }
        return settings
    }
}
