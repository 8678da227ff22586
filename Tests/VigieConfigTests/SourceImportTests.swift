import Foundation
import Testing
import VigieConfig
import VigieCore

@Suite struct SourceImportTests {
    private let feeds = [
        OPMLFeed(
            url: "https://a.example/rss", title: "A \"quoted\": title", site: "https://a.example/", folder: "News"),
        OPMLFeed(url: "https://b.example/feed"),
    ]

    /// The configuration read back, for checking that the result is a valid file.
    private func sources(of yaml: String) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory
        let configuration = try Configuration(yaml: yaml, baseDirectory: folder)
        return configuration.sources.map(\.url.absoluteString)
    }

    @Test func appendsToABlockListKeepingCommentsAndWhatFollows() throws {
        let yaml = """
            # My config
            brands: [Acme]   # the only one
            sources:
              # local first
              - url: https://old.example/rss
                interval: 1h

              - https://other.example/rss
            # alerts come next
            alerts:
              sinks: []
            """
        let plan = try SourceImport(feeds: feeds, into: yaml, file: "vigie.yaml")
        #expect(plan.added.count == 2)
        #expect(
            try sources(of: plan.text) == [
                "https://old.example/rss", "https://other.example/rss", "https://a.example/rss",
                "https://b.example/feed",
            ])
        #expect(plan.text.hasPrefix("# My config\nbrands: [Acme]   # the only one\nsources:\n  # local first\n"))
        #expect(plan.text.contains("  - https://other.example/rss\n  - url: \"https://a.example/rss\"\n"))
        #expect(
            plan.text.contains(
                "    name: \"A \\\"quoted\\\": title\"\n    site: \"https://a.example/\"\n    folder: \"News\"\n"))
        #expect(plan.text.hasSuffix("# alerts come next\nalerts:\n  sinks: []\n"))
        let reread = try Configuration(yaml: plan.text, baseDirectory: FileManager.default.temporaryDirectory)
        #expect(reread.sources[2].name == "A \"quoted\": title")
        #expect(reread.sources[2].folder == "News")
    }

    @Test func sequenceAtTheKeysIndentation() throws {
        let yaml = "brands: [Acme]\nsources:\n- https://old.example/rss\nalerts: {}\n"
        let plan = try SourceImport(feeds: feeds, into: yaml, file: "vigie.yaml")
        #expect(try sources(of: plan.text).count == 3)
        #expect(plan.text.hasSuffix("alerts: {}\n"))
    }

    @Test func keepsWindowsLineEnds() throws {
        let yaml = "brands: [Acme]\r\nsources:\r\n  - https://old.example/rss\r\nalerts: {}\r\n"
        let plan = try SourceImport(feeds: feeds, into: yaml, file: "vigie.yaml")
        #expect(try sources(of: plan.text).count == 3)
        #expect(!plan.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(plan.text.hasSuffix("alerts: {}\r\n"))
    }

    @Test func skipsURLsAlreadyThereOrRepeated() throws {
        let yaml = "brands: [Acme]\nsources:\n  - url: HTTPS://A.example/rss/\n"
        let plan = try SourceImport(feeds: feeds + [feeds[1]], into: yaml, file: "vigie.yaml")
        #expect(plan.added.map(\.url) == ["https://b.example/feed"])
        #expect(plan.duplicates.map(\.url) == ["https://a.example/rss", "https://b.example/feed"])
    }

    @Test func refusesNonHTTPFeeds() throws {
        let plan = try SourceImport(
            feeds: [OPMLFeed(url: "feed://x.example/rss"), OPMLFeed(url: "javascript:alert(1)")], into: "",
            file: "v.yaml")
        #expect(plan.added.isEmpty)
        #expect(plan.refused.count == 2)
        #expect(plan.text == "")
    }

    @Test(arguments: [
        ("brands: [Acme]\n", "brands: [Acme]\n\nsources:\n"),
        ("brands: [Acme]\nsources:\n", "brands: [Acme]\nsources:\n"),
        ("brands: [Acme]\nsources: []\n", "brands: [Acme]\nsources:\n"),
        (
            "brands: [Acme]\nsources: [https://old.example/rss]\n",
            "brands: [Acme]\nsources:\n  - \"https://old.example/rss\"\n"
        ),
        ("", "sources:\n"),
    ])
    func createsOrOpensTheList(yaml: String, prefix: String) throws {
        let plan = try SourceImport(feeds: feeds, into: yaml, file: "vigie.yaml")
        #expect(plan.text.hasPrefix(prefix))
        #expect(try sources(of: plan.text).suffix(2) == ["https://a.example/rss", "https://b.example/feed"])
    }

    @Test func brokenFilesAreLeftAlone() {
        #expect(throws: ConfigurationError.self) {
            try SourceImport(feeds: feeds, into: "brands: [Acme\n", file: "vigie.yaml")
        }
        #expect(throws: ConfigurationError.self) {
            try SourceImport(feeds: feeds, into: "sources: https://x.example/\n", file: "vigie.yaml")
        }
        #expect(throws: ConfigurationError.self) {
            try SourceImport(feeds: feeds, into: "sources: [\n  https://x.example/\n]\n", file: "vigie.yaml")
        }
    }
}
