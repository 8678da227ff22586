import Foundation
import Testing
import VigieTestSupport

/// A wire story rewritten by twenty sites, as a user sees it: `vigie watch --once` over twenty feeds, then
/// `vigie mentions`.
@Suite struct SyndicationCommandTests {
    /// A folder with one feed per text (each feed carries one entry: its first line as the title, the rest as
    /// the description) and a configuration watching them for the brand Ardoise.
    private static func watch(_ texts: [String], in folder: URL) throws -> String {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        for (index, text) in texts.enumerated() {
            let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
            let minute = String(format: "%02d", index * 2)
            let xml = """
                <rss version="2.0"><channel><title>Site \(index)</title><link>https://site\(index).example/</link>
                <item><guid>https://site\(index).example/panne</guid><link>https://site\(index).example/panne</link>
                <title>\(escaped(lines[0]))</title><description>\(escaped(lines.count > 1 ? lines[1] : ""))</description>
                <pubDate>Tue, 07 May 2024 08:\(minute):00 GMT</pubDate></item></channel></rss>
                """
            try Data(xml.utf8).write(to: folder.appendingPathComponent("feeds/site\(index).xml"))
        }
        let config = folder.appendingPathComponent("vigie.yaml").path
        // The customers write "Ardoise", "d'Ardoise" or "@ArdoiseTelecom": the brand's terms say so.
        var yaml = "storage:\n  path: vigie.db\nbrands:\n  - name: Ardoise\n    terms: [Ardoise, \"@ArdoiseTelecom\"]\n"
        yaml +=
            "sources:\n" + texts.indices.map { "  - url: file://feeds/site\($0).xml\n    name: Site \($0)\n" }.joined()
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        let run = try VigieBinary.run(["watch", "--config", config, "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        return config
    }

    /// Every stored mention, as `vigie mentions --format jsonl` prints them.
    private static func mentions(_ config: String) throws -> [[String: Any]] {
        try VigieBinary.run(["mentions", "--config", config, "--since", "36500d", "--format", "jsonl"]).jsonLines()
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    @Test func twentyRewritesOfOneWireStoryAreOneLineCarriedByTwenty() throws {
        let folder = try TemporaryFolder()
        let config = try Self.watch(WireStories.frenchCopies, in: folder.url)
        let lines = try Self.mentions(config)
        #expect(lines.count == 1)
        #expect(lines.first?["carriers"] as? Int == 20)
        let table = try VigieBinary.run(["mentions", "--config", config, "--since", "36500d"])
        #expect(table.status == 0)
        #expect(table.stdout.components(separatedBy: "(+19)").count == 2)
    }

    @Test func twentyComplaintsAboutTheSameOutageAreTwentyLines() throws {
        let folder = try TemporaryFolder()
        let config = try Self.watch(WireStories.frenchComplaints, in: folder.url)
        let lines = try Self.mentions(config)
        #expect(lines.count == 20)
        #expect(lines.allSatisfy { $0["carriers"] as? Int == 1 })
    }
}
