import Foundation
import Testing
import VigieTestSupport

/// `vigie sources import` applies the redirect rule of issue 11 to imported
/// feeds: a feed list from elsewhere may not point Vigie inward.
@Suite struct SourcesImportGuardTests {
    private final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-import-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
    }

    private static let opml = """
        <opml version="2.0"><body>
        <outline xmlUrl="http://169.254.169.254/latest/meta-data/"/>
        <outline xmlUrl="http://10.0.0.1/rss"/>
        <outline xmlUrl="http://[::1]/feed"/>
        <outline xmlUrl="http://0.0.0.0/feed"/>
        <outline xmlUrl="https://news.example/rss"/>
        </body></opml>
        """

    @Test func feedsOnInwardAddressesAreRefused() throws {
        let scratch = try Scratch()
        try scratch.write("vigie.yaml", "brands: [Acme]\nsources: []\n")
        try scratch.write("feeds.opml", Self.opml)
        let result = try VigieBinary.run(
            ["sources", "import", "feeds.opml", "--dry-run"], currentDirectory: scratch.url)
        #expect(result.status == 0)
        let hint = "set fetch: allow_private_redirects: true to import it"
        #expect(
            result.lines == [
                "would add  https://news.example/rss",
                "refused  http://169.254.169.254/latest/meta-data/  (its host is a link-local address; \(hint), line 2 of feeds.opml)",
                "refused  http://10.0.0.1/rss  (its host is a private-network address; \(hint), line 3 of feeds.opml)",
                "refused  http://[::1]/feed  (its host is a loopback address; \(hint), line 4 of feeds.opml)",
                "refused  http://0.0.0.0/feed  (its host is an unspecified address; \(hint), line 5 of feeds.opml)",
                "vigie.yaml: would add 1 source, 0 already there, 4 refused",
            ], "\(result.lines)")
    }

    @Test func theyAreImportedWhenTheConfigurationAllowsIt() throws {
        let scratch = try Scratch()
        try scratch.write("vigie.yaml", "brands: [Acme]\nfetch:\n  allow_private_redirects: true\nsources: []\n")
        try scratch.write("feeds.opml", Self.opml)
        let result = try VigieBinary.run(
            ["sources", "import", "feeds.opml", "--dry-run"], currentDirectory: scratch.url)
        #expect(result.status == 0)
        #expect(result.lines.last == "vigie.yaml: would add 5 sources, 0 already there, 0 refused", "\(result.lines)")
    }
}
