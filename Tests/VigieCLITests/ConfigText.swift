/// The `vigie.yaml` the CLI tests write: the database `vigie.db` beside it, each brand found by its
/// name, and feed files of the test's folder as sources.
enum ConfigText {
    /// - Parameters:
    ///   - feeds: each source's file (relative to the configuration) and name, in order.
    ///   - moreSources: source entries appended as they are (YAML list items under `sources:`).
    static func yaml(brands: [String], feeds: [(file: String, name: String)], moreSources: String = "") -> String {
        var yaml = "storage:\n  path: vigie.db\nbrands:\n"
        for brand in brands { yaml += "  - name: \(brand)\n    terms: [\(brand)]\n" }
        yaml += "sources:\n"
        for feed in feeds { yaml += "  - url: file://\(feed.file)\n    name: \(feed.name)\n" }
        return yaml + moreSources
    }
}
